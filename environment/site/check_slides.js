#!/usr/bin/env node
// Opens every slide of every reveal.js deck of the lecture's site at 1280 x 720 in Debian's
// Chromium (playwright-core) and reports, per slide, what a class would see wrong:
//   - overflow: the slide's content is taller (or wider) than the slide (reveal.js's
//     configured size, in the slide's own pixels, before reveal.js scales it to the screen);
//   - raw formulas: TeX left as text ($...$, $$, \(..\), \[..\], \begin{...}) outside code;
//   - interactive figures on the slide that do not move (see figures.js).
// Every fragment of a slide is shown before it is measured. Saves a screenshot of each
// slide that has a problem.
//
//   node check_slides.js PLAN.json   (prints a JSON report on stdout)
//
// PLAN: {"base": "http://127.0.0.1:PORT/", "screenshots": "/abs/dir", "decks": ["01-x.slides.html", ...],
//        "figures": true|false (move the interactive figures too),
//        "everySlide": true|false (a screenshot of every slide, not only of those with a problem)}
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { launchOptions } = require('./chromium');
const { exerciseFigures } = require('./figures');

const TIMEOUT_MS = 60000;
const SLACK_PX = 2;  // rounding of layout sizes

// Runs in the page: measures the slide now shown.
function measureSlide() {
  const slide = Reveal.getCurrentSlide();
  const config = Reveal.getConfig();
  const skip = new Set(['SCRIPT', 'STYLE', 'CODE', 'PRE', 'TEXTAREA']);
  let text = '';
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      for (let el = node.parentElement; el && el !== slide.parentElement; el = el.parentElement) {
        if (skip.has(el.tagName) || el.classList.contains('notes')) return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) text += n.nodeValue;
  const raw = [];
  for (const re of [/\$\$/, /\$[^$\n]+\$/, /\\\(/, /\\\)/, /\\\[/, /\\begin\{/, /\\end\{/]) {
    const m = text.match(re);
    if (m) raw.push(text.slice(Math.max(0, m.index - 30), m.index + 50));
  }
  // The content's extent: the slide's own scroll size, and the furthest edge of anything in it
  // (an absolutely placed or transformed child does not count in scrollHeight).
  const scale = Reveal.getScale();
  const top = slide.getBoundingClientRect().top, left = slide.getBoundingClientRect().left;
  let bottom = 0, right = 0;
  for (const el of slide.querySelectorAll('*')) {
    // the speaker notes are not on the slide; MathJax's copy for screen readers is clipped to nothing
    if (el.closest('aside.notes, .MJX_Assistive_MathML')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    bottom = Math.max(bottom, (r.bottom - top) / scale);
    right = Math.max(right, (r.right - left) / scale);
  }
  // The cells on the slide (their notebook ids, "celltag_vae-cell-ID"), the language switch's
  // link, and what of the slide's text, formulas and pictures the switch covers on the screen.
  const cells = [];
  for (const el of slide.querySelectorAll('[class*="celltag_vae-cell-"]')) {
    if (el.closest('aside.notes')) continue;
    const m = el.className.match(/celltag_vae-cell-(\S+)/);
    if (m && !cells.includes(m[1])) cells.push(m[1]);
  }
  const link = document.getElementById('vae-lang-switch');
  const covers = [];
  if (link) {
    const s = link.getBoundingClientRect();
    const hit = (r) => r.width > 0 && r.height > 0 && r.left < s.right && r.right > s.left && r.top < s.bottom && r.bottom > s.top;
    const textWalker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    for (let n = textWalker.nextNode(); n; n = textWalker.nextNode()) {
      if (!n.nodeValue.trim() || n.parentElement.closest('aside.notes, .MJX_Assistive_MathML, script, style')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      if (Array.from(range.getClientRects()).some(hit)) covers.push(n.nodeValue.trim().slice(0, 40));
    }
    for (const el of slide.querySelectorAll('img, svg, canvas, .MathJax_CHTML, .mjx-chtml, input, button')) {
      if (el.closest('aside.notes')) continue;
      if (hit(el.getBoundingClientRect())) covers.push(`<${el.tagName.toLowerCase()}>`);
    }
  }
  const indices = Reveal.getIndices();
  return {
    cells,
    switchHref: link ? link.getAttribute('href') : null,
    switchCovers: covers,
    h: indices.h, v: indices.v,
    slideHeight: config.height, slideWidth: config.width,
    contentHeight: Math.round(Math.max(slide.scrollHeight, bottom)),
    contentWidth: Math.round(Math.max(slide.scrollWidth, right)),
    rawTex: raw,
    heading: (slide.querySelector('h1, h2, h3, h4') || { textContent: '' }).textContent.replace('\u00b6', '').trim().slice(0, 60),
    figures: slide.querySelectorAll('.vae-interactive').length,
    images: Array.from(slide.querySelectorAll('img')).filter((i) => !(i.complete && i.naturalWidth > 0)).length,
    notes: (slide.querySelector('aside.notes') || { textContent: '' }).textContent.trim().length,
  };
}

async function checkDeck(context, plan, deck) {
  const page = await context.newPage();
  const report = { deck, slides: [], consoleErrors: [], pageErrors: [], failedRequests: [] };
  page.on('console', (msg) => { if (msg.type() === 'error') report.consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => report.pageErrors.push(String(err)));
  page.on('requestfailed', (req) => report.failedRequests.push(`${req.url()} ${req.failure() ? req.failure().errorText : ''}`));
  const started = Date.now();
  try {
    await page.goto(new URL(deck, plan.base).href, { waitUntil: 'load', timeout: TIMEOUT_MS });
    await page.waitForSelector('.reveal.ready', { timeout: TIMEOUT_MS });
    await page.waitForFunction(() => window.MathJax && MathJax.isReady === true, null, { timeout: TIMEOUT_MS });
    // Turn transitions off so that a slide is measured where it stands.
    await page.evaluate(() => Reveal.configure({ transition: 'none', backgroundTransition: 'none' }));
    const slides = await page.evaluate(() => Reveal.getSlides().map((s) => Reveal.getIndices(s)));
    for (const { h, v } of slides) {
      await page.evaluate(([hh, vv]) => Reveal.slide(hh, vv, Number.MAX_SAFE_INTEGER), [h, v || 0]);
      // the deck re-renders the slide's formulas when it changes: wait for MathJax's queue
      await page.evaluate(() => new Promise((resolve) => { MathJax.Hub.Queue(() => resolve(true)); }));
      await page.waitForFunction(() => Array.from(Reveal.getCurrentSlide().querySelectorAll('img')).every((i) => i.complete),
        null, { timeout: TIMEOUT_MS });
      const m = await page.evaluate(measureSlide);
      m.overflow = m.contentHeight > m.slideHeight + SLACK_PX;
      m.tooWide = m.contentWidth > m.slideWidth + SLACK_PX;
      if (m.overflow || m.tooWide || m.rawTex.length || m.switchCovers.length || plan.everySlide) {
        m.screenshot = path.join(plan.screenshots, `${deck.replace(/\.html$/, '')}-${h}-${v || 0}.png`);
        await page.screenshot({ path: m.screenshot });
      }
      report.slides.push(m);
    }
    if (plan.figures) {
      report.figures = await exerciseFigures(page, async (figure) => {
        // show the figure's slide first, as the teacher would
        await figure.evaluate((el) => {
          const section = el.closest('section');
          const at = Reveal.getIndices(section);
          Reveal.slide(at.h, at.v || 0, Number.MAX_SAFE_INTEGER);
        });
      });
    }
  } catch (err) {
    report.error = String(err).split('\n')[0];
  }
  report.ms = Date.now() - started;
  await page.close();
  return report;
}

async function main() {
  const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  fs.mkdirSync(plan.screenshots, { recursive: true });
  const started = Date.now();
  const browser = await chromium.launch(launchOptions());
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const offsite = [];
  context.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(plan.base) && !/^(data|about|blob):/.test(u)) offsite.push(u);
  });
  const decks = [];
  for (const deck of plan.decks) decks.push(await checkDeck(context, plan, deck));
  await browser.close();
  process.stdout.write(JSON.stringify({ browser: browser.version(), totalMs: Date.now() - started, offsite, decks }, null, 1) + '\n');
}

main().catch((err) => { console.error(err); process.exit(1); });
