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
