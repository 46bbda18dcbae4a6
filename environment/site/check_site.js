#!/usr/bin/env node
// Loads pages of the lecture's site in Debian's Chromium (through playwright-core) and
// reports, per page, what a reader would notice: images that did not load, formulas left
// as raw TeX, console errors, failed or off-site requests, interactive figures that do not
// move (figures.js). Saves a screenshot of each.
//
//   node check_site.js PLAN.json     (prints a JSON report on stdout)
//
// PLAN: {"base": "http://127.0.0.1:PORT/", "screenshots": "/abs/dir",
//        "pages": [{"path": "index.html", "kind": "index"|"page"|"slides",
//                   "slides": N (kind slides: how many slides to expect)}]}
// Every request outside `base` (but data: URLs) is reported, and fails (no host name
// resolves in the browser, see chromium.js): the site must work offline. Exit status 0 when the report was written (the caller judges it).
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { launchOptions } = require('./chromium');
const { exerciseFigures } = require('./figures');
const { cjkFonts } = require('./fonts');

const PAGE_TIMEOUT_MS = 60000;
const TABS = Number(process.env.VAE_BROWSER_TABS || 3);

// Runs in the page: the rendered text that should hold no TeX source any more.
function inspectPage(kind) {
  const roots = kind === 'index'
    ? [document.body]
    : Array.from(document.querySelectorAll('.jp-RenderedMarkdown, .jp-MarkdownOutput'));
  const skip = new Set(['SCRIPT', 'STYLE', 'CODE', 'PRE', 'TEXTAREA']);
  const raw = [];
  const patterns = [/\$\$/, /\\begin\{/, /\\end\{/, /\$[^$\n]+\$/, /\\[A-Za-z]{2,}/];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        for (let el = node.parentElement; el && el !== root.parentElement; el = el.parentElement) {
          if (skip.has(el.tagName)) return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    // Join adjacent text so that a formula split across nodes is still seen whole.
    let text = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) text += n.nodeValue + '\u0000';
    for (const re of patterns) {
      const m = text.replace(/\u0000/g, '').match(re);
      if (m) {
        const at = text.replace(/\u0000/g, '').indexOf(m[0]);
        raw.push(text.replace(/\u0000/g, '').slice(Math.max(0, at - 40), at + 60));
      }
    }
  }
  const images = Array.from(document.images).map((img) => ({
    src: img.currentSrc.startsWith('data:') ? img.currentSrc.slice(0, 30) + '...' : img.currentSrc,
    ok: img.complete && img.naturalWidth > 0,
    width: img.naturalWidth,
  }));
  return {
    title: document.title,
    images,
    rawTex: raw,
    mathRendered: document.querySelectorAll('.MathJax_CHTML, .mjx-chtml').length,
    mathErrors: document.querySelectorAll('.mjx-merror, .MathJax_Error, .noError').length,
    markdownCells: roots.length,
    slides: document.querySelectorAll('.reveal .slides > section').length,
    revealReady: !!document.querySelector('.reveal.ready'),
    htmlLang: document.documentElement.getAttribute('lang'),
    // the language switch: where it leads and whether it is seen (inside the window)
    switch: (() => {
      const a = document.getElementById('vae-lang-switch');
      if (!a) return null;
      const r = a.getBoundingClientRect();
      return { href: a.href, text: a.textContent.trim(), lang: a.getAttribute('lang'), hreflang: a.getAttribute('hreflang'),
        visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.right <= window.innerWidth && getComputedStyle(a).visibility === 'visible' };
    })(),
    // cells still in English in a translated page
    englishCells: document.querySelectorAll('[lang="en"][class*="celltag_vae-cell-"]').length,
  };
}

// The fonts Chromium really drew an element's text with (the index's Chinese title: a CJK
// font must be among them, or the reader sees empty boxes).
async function fontsUsedFor(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.map((f) => ({ family: f.familyName, glyphs: f.glyphCount }));
}

// Clicks the language switch and reports where the reader lands: the address, the language
// of the page there and, on a deck, the slide shown and whether it shows the cell the slide
// left showed (the cells carry their notebook id as class "celltag_vae-cell-ID").
async function followSwitch(page, kind) {
  const cellsOn = () => {
    const slide = Reveal.getCurrentSlide();
    const ids = [];
    for (const el of slide.querySelectorAll('[class*="celltag_vae-cell-"]')) {
      if (el.closest('aside.notes')) continue;
      const m = el.className.match(/celltag_vae-cell-(\S+)/);
      if (m && !ids.includes(m[1])) ids.push(m[1]);
    }
    const at = Reveal.getIndices();
    return { h: at.h, v: at.v || 0, cells: ids };
  };
  let from = null;
  if (kind === 'slides') {
    await page.evaluate(() => {
      const all = Reveal.getSlides();
      const at = Reveal.getIndices(all[Math.floor(all.length / 2)]);
      Reveal.slide(at.h, at.v || 0);
      return true;
    });
    await page.waitForFunction(() => {
      const a = document.getElementById('vae-lang-switch');
      const at = Reveal.getIndices();
      return a.getAttribute('href').includes('#/') || (at.h === 0 && !at.v);
    }, null, { timeout: 10000 }).catch(() => {});
    from = await page.evaluate(cellsOn);
  }
  const href = await page.evaluate(() => document.getElementById('vae-lang-switch').getAttribute('href'));
  const before = page.url();
  // A page: landed once the other page's <html> element (its lang) is read, the rest of it is
  // not waited for (it is checked on its own); a deck: once reveal.js has shown its slide.
  await Promise.all([page.waitForURL((u) => u.href !== before, { waitUntil: 'commit', timeout: PAGE_TIMEOUT_MS }),
    page.click('#vae-lang-switch')]);
  await page.waitForFunction(() => document.documentElement && document.documentElement.hasAttribute('lang')
    && document.body !== null, null, { timeout: PAGE_TIMEOUT_MS });
  const landed = { href, url: page.url(), from };
  landed.lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  if (kind === 'slides') {
    await page.waitForSelector('.reveal.ready', { timeout: PAGE_TIMEOUT_MS });
    Object.assign(landed, { to: await page.evaluate(cellsOn) });
  }
  return landed;
}

async function checkPage(context, plan, spec) {
  const page = await context.newPage();
  const problems = { consoleErrors: [], pageErrors: [], failedRequests: [], badResponses: [] };
  page.on('console', (msg) => { if (msg.type() === 'error') problems.consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('requestfailed', (req) => problems.failedRequests.push(`${req.url()} ${req.failure() ? req.failure().errorText : ''}`));
  page.on('response', (res) => { if (res.status() >= 400) problems.badResponses.push(`${res.status()} ${res.url()}`); });
  const started = Date.now();
  const url = new URL(spec.path, plan.base).href;
  let result;
  const phases = {};
  const mark = (name) => { phases[name] = Date.now() - started; };
  try {
    await page.goto(url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    mark('loaded');
    const hasMathJax = await page.evaluate(() => !!(window.MathJax && window.MathJax.Hub));
    if (hasMathJax) {
      // MathJax is ready once its start-up (config, first typeset) is over; anything the
      // page queued meanwhile (another typeset) runs before our callback.
      await page.waitForFunction(() => MathJax.isReady === true, null, { timeout: PAGE_TIMEOUT_MS });
      await page.evaluate(() => new Promise((resolve) => { MathJax.Hub.Queue(() => { resolve(true); }); }));
      mark('typeset');
    }
    if (spec.kind === 'slides') {
      await page.waitForSelector('.reveal.ready', { timeout: PAGE_TIMEOUT_MS });
    }
    await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete), null,
      { timeout: PAGE_TIMEOUT_MS });
    mark('images');
    result = await page.evaluate(inspectPage, spec.kind);
    if (spec.kind === 'index') result.headingFonts = await fontsUsedFor(page, 'h1');
    mark('inspected');
    if (spec.cjk) {
      result.cjk = await cjkFonts(page);
      mark('fonts');
    }
    // A page's interactive figures, moved as a reader would (a deck's: check_slides.js, slide by slide).
    if (spec.kind === 'page') {
      result.figures = await exerciseFigures(page, (figure) => figure.scrollIntoViewIfNeeded());
      mark('figures');
    }
    result.mathJax = hasMathJax;
    const shot = path.join(plan.screenshots, spec.path.replace(/\.html$/, '.png'));
    // The index whole; a page or a deck as a reader first sees it (a long page in full
    // would cost seconds each).
    await page.screenshot({ path: shot, fullPage: spec.kind === 'index' });
    result.screenshot = shot;
    mark('screenshot');
    if (spec.follow && result.switch) {
      // A reader's click on the language switch (a deck: on its middle slide). What the page
      // at the other end loads is checked when that page is checked on its own: from here on
      // its errors and requests are not this page's.
      for (const name of ['console', 'pageerror', 'requestfailed', 'response']) page.removeAllListeners(name);
      result.followed = await followSwitch(page, spec.kind);
      mark('followed');
    }
    result.phases = phases;
  } catch (err) {
    result = { error: String(err).split('\n')[0] };
  }
  await page.close();
  return Object.assign({ path: spec.path, kind: spec.kind, url, ms: Date.now() - started }, result, problems);
}

async function main() {
  const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  fs.mkdirSync(plan.screenshots, { recursive: true });
  const started = Date.now();
  const browser = await chromium.launch(launchOptions());
  const launchedMs = Date.now() - started;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const offsite = [];
  context.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(plan.base) && !/^(data|about|blob):/.test(u)) offsite.push(u);
  });
  // A few tabs at a time: most of a page's time is spent waiting on scripts and fonts.
  const pages = new Array(plan.pages.length);
  let next = 0;
  const worker = async () => {
    while (next < plan.pages.length) {
      const i = next++;
      pages[i] = await checkPage(context, plan, plan.pages[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(TABS, plan.pages.length) }, worker));
  const checkedMs = Date.now() - started;
  await browser.close();
  const report = { browser: browser.version(), tabs: TABS, launchMs: launchedMs, checkedMs,
    totalMs: Date.now() - started, offsite, pages };
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
}

main().catch((err) => { console.error(err); process.exit(1); });
