// Which fonts Chromium really draws a page's CJK text with, asked of Chromium itself (the
// DevTools protocol's CSS.getPlatformFontsForNode), so that a test can tell Chinese drawn
// in a CJK font from Chinese drawn as missing-glyph boxes or by an unnamed fallback font.
//
// The page's visible text is grouped by what picks a font: the computed font-family, weight,
// style and language (lang). For each group, a probe element carrying exactly those four and
// holding every distinct CJK character of the group's text is laid out (invisible, out of the
// flow), Chromium is asked which platform fonts drew it, and the probe is removed. Hidden
// text (a deck's other slides, speaker notes) is grouped by its own computed style too.
// Used by check_site.js; the caller judges the fonts (environment/tests/test_site.py asks
// fontconfig which characters each font has).
'use strict';

// Han, kana, CJK punctuation and full-width forms (the same ranges as build_site.py's CJK).
const CJK_SOURCE = '[\\u2e80-\\u2fdf\\u3000-\\u30ff\\u3100-\\u312f\\u31c0-\\u31ff\\u3400-\\u4dbf\\u4e00-\\u9fff'
  + '\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uffef\\u{20000}-\\u{3ffff}]';

// Runs in the page: the groups, each with its probe added to the page.
function addProbes(cjkSource) {
  const cjk = new RegExp(cjkSource, 'gu');
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'TITLE']);
  const groups = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || skip.has(el.tagName) || el.closest('.MJX_Assistive_MathML')) continue;
    const chars = n.nodeValue.match(cjk);
    if (!chars) continue;
    const style = getComputedStyle(el);
    const langEl = el.closest('[lang]');
    const lang = langEl ? langEl.getAttribute('lang') : '';
    const key = [style.fontFamily, style.fontWeight, style.fontStyle, lang].join('|');
    if (!groups.has(key)) {
      groups.set(key, { family: style.fontFamily, weight: style.fontWeight, style: style.fontStyle, lang,
        chars: new Set(), where: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
          ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : '') });
    }
    for (const c of chars) groups.get(key).chars.add(c);
  }
  const out = [];
  let i = 0;
  for (const g of groups.values()) {
    const probe = document.createElement('span');
    probe.setAttribute('data-vae-font-probe', String(i));
    if (g.lang) probe.setAttribute('lang', g.lang);
    probe.style.cssText = 'position: fixed; left: 0; top: 0; opacity: 0; pointer-events: none; '
      + 'white-space: nowrap; font-size: 16px; text-transform: none;';
    probe.style.fontFamily = g.family;
    probe.style.fontWeight = g.weight;
    probe.style.fontStyle = g.style;
    probe.textContent = Array.from(g.chars).join('');
    document.body.appendChild(probe);
    out.push({ width: probe.offsetWidth });   // laid out now
    out.pop();
    out.push({ probe: i, family: g.family, weight: g.weight, style: g.style, lang: g.lang, where: g.where,
      chars: probe.textContent });
    i += 1;
  }
  return out;
}

async function cjkFonts(page) {
  await page.evaluate(() => document.fonts.ready.then(() => true));
  const groups = await page.evaluate(addProbes, CJK_SOURCE);
  if (!groups.length) return [];
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    // A probe is asked again after the next frame (and once more) while Chromium names no font
    // for it: under load, a tab may not have shaped the text yet.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const pending = groups.filter((g) => !(g.fonts && g.fonts.length));
      if (!pending.length) break;
      if (attempt) {
        await page.evaluate(() => new Promise((resolve) => {
          requestAnimationFrame(() => resolve(true));
          setTimeout(() => resolve(true), 250);
        }));
      }
      const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
      for (const g of pending) {
        const { nodeId } = await cdp.send('DOM.querySelector',
          { nodeId: root.nodeId, selector: `[data-vae-font-probe="${g.probe}"]` });
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        g.fonts = fonts.map((f) => ({ family: f.familyName, postScript: f.postScriptName || '', glyphs: f.glyphCount }));
        g.attempts = attempt + 1;
      }
    }
  } finally {
    await cdp.detach();
    await page.evaluate(() => document.querySelectorAll('[data-vae-font-probe]').forEach((p) => p.remove()));
  }
  return groups;
}

module.exports = { cjkFonts, CJK_SOURCE };
