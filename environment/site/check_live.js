#!/usr/bin/env node
// Opens a notebook on a running Jupyter Notebook server (classic UI, notebook 6) in
// Debian's Chromium, runs every cell through the page (Cell > Run All), and waits for a
// plot to appear in the page. Prints a JSON report on stdout; saves a screenshot.
//
//   node check_live.js URL SCREENSHOT.png [TIMEOUT_S] [figures]
//
// With "figures", the notebook is opened with its saved outputs (a trusted notebook: their
// scripts run): its interactive figures are moved first as saved, then again once Run All
// has replaced every output with the kernel's (figures.js).
//
// URL: http://127.0.0.1:PORT/notebooks/NAME.ipynb?token=TOKEN. Requests outside the
// server are reported (and fail: no host name resolves in the browser, see chromium.js).
'use strict';
const { chromium } = require('playwright-core');
const { launchOptions } = require('./chromium');
const { exerciseFigures } = require('./figures');

async function main() {
  const [url, screenshot, timeoutArg, mode] = process.argv.slice(2);
  const figures = mode === 'figures';
  const timeout = 1000 * Number(timeoutArg || 240);
  const origin = new URL(url).origin;
  const started = Date.now();
  const times = {};
  const mark = (name) => { times[name] = Date.now() - started; };
  const report = { url: url.replace(/token=[^&]+/, 'token=***'), consoleErrors: [], pageErrors: [], offsite: [] };

  const browser = await chromium.launch(launchOptions());
  mark('launched');
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    context.on('request', (req) => {
      const u = req.url();
      if (!u.startsWith(origin) && !/^(data|about|blob):/.test(u)) report.offsite.push(u);
    });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    page.on('console', (msg) => { if (msg.type() === 'error') report.consoleErrors.push(msg.text()); });
    page.on('pageerror', (err) => report.pageErrors.push(String(err)));

    await page.goto(url, { waitUntil: 'load' });
    mark('loaded');
    // The kernel is started by the page; wait until it is connected and idle.
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected()
      && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null);
    report.kernel = await page.evaluate(() => Jupyter.notebook.kernel.name);
    report.cells = await page.evaluate(() => Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code').length);
    report.imagesBefore = await page.locator('#notebook .output_area img').count();
    report.trusted = await page.evaluate(() => Jupyter.notebook.trusted);
    mark('kernelReady');
    // Console errors logged while the figures are moved are the figures' (Jupyter's own page logs
    // some while it loads and renders: a missing widgets extension, MathJax's fonts; noted apart).
    report.figureConsoleErrors = [];
    const moveFigures = (figure) => figure.scrollIntoViewIfNeeded();
    const moveAll = async () => {
      const before = report.consoleErrors.length;
      const moved = await exerciseFigures(page, moveFigures);
      report.figureConsoleErrors.push(...report.consoleErrors.slice(before));
      return moved;
    };
    if (figures) {
      report.savedFigures = await moveAll();
      mark('savedFiguresMoved');
    }

    // Cell > Run All, as a reader would.
    await page.click('#celllink');
    await page.click('#run_all_cells > a');
    mark('runAllClicked');
    // The first plot, or the first error (then the checks below report it).
    if (figures) {  // the saved outputs are cleared as the cells start: wait for the kernel's own
      await page.waitForFunction(() => Jupyter.notebook.get_cells().some((c) => c.cell_type === 'code' && c.input_prompt_number === '*'));
    }
    await page.waitForSelector('#notebook .output_area img, #notebook .output_error', { state: 'visible' });
    mark('firstPlot');
    // Done when every code cell has run (a number in its prompt) and the kernel is idle;
    // or, if a cell failed (the kernel then drops the cells queued after it), when idle.
    await page.waitForFunction(() => {
      const idle = document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
      const cells = Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code');
      const ran = cells.every((c) => typeof c.input_prompt_number === 'number');
      return idle && (ran || document.querySelector('#notebook .output_error') !== null);
    });
    mark('allCellsRun');
    if (figures) {
      report.liveFigures = await moveAll();
      mark('liveFiguresMoved');
    }
    report.images = await page.evaluate(() => Array.from(document.querySelectorAll('#notebook .output_area img'))
      .map((img) => ({ ok: img.complete && img.naturalWidth > 0, width: img.naturalWidth, height: img.naturalHeight })));
    report.errorOutputs = await page.evaluate(() => Array.from(document.querySelectorAll('#notebook .output_error'))
      .map((e) => e.innerText.slice(0, 500)));
    report.executed = await page.evaluate(() => Jupyter.notebook.get_cells()
      .filter((c) => c.cell_type === 'code').map((c) => c.input_prompt_number));
    const shown = page.locator('#notebook .output_area img, #notebook .output_error');
    if (await shown.count() > 0) await shown.last().scrollIntoViewIfNeeded({ timeout: 10000 });
    await page.screenshot({ path: screenshot });
    report.screenshot = screenshot;
    mark('screenshot');
  } catch (err) {
    report.error = String(err).split('\n')[0];
  } finally {
    await browser.close();
    mark('closed');
  }
  report.ms = times;
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
}

main().catch((err) => { console.error(err); process.exit(1); });
