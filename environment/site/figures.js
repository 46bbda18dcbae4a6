// Moves the interactive figures of a page (vae.plot.InteractiveFigure's output) the way a
// reader does, and reports for each whether the picture and the numbers beside it changed.
//   - every slider: focus it and press ArrowRight (ArrowLeft at its right end) on the keyboard;
//   - the play button: click it and wait until the frame has moved on.
// Used by check_site.js (site pages and slide decks) and check_live.js (live notebook).
'use strict';

// What the figure shows now: the picture's source (a digest of it) and the numbers.
function stateOf(figure) {
  return figure.evaluate((root) => {
    const src = root.querySelector('img.vae-frame').src;
    let hash = 0;
    for (let i = 0; i < src.length; i += 7) hash = (hash * 31 + src.charCodeAt(i)) | 0;
    return {
      picture: `${src.length}:${hash}`,
      numbers: Array.from(root.querySelectorAll('table.vae-numbers td')).map((td) => td.textContent).join(' | '),
      frame: root.getAttribute('data-frame'),
      ready: root.getAttribute('data-ready') === 'yes',
    };
  });
}

// `before(figure)` is awaited before each figure is moved (a deck shows the figure's slide).
async function exerciseFigures(page, before) {
  const figures = page.locator('.vae-interactive');
  const count = await figures.count();
  const results = [];
  for (let f = 0; f < count; f++) {
    const figure = figures.nth(f);
    if (before) await before(figure);
    const result = { index: f, id: await figure.getAttribute('id'), moves: [], problems: [] };
    const start = await stateOf(figure);
    result.ready = start.ready;
    if (!start.ready) {
      result.problems.push('its script did not run (no sliders)');
      results.push(result);
      continue;
    }
    const sliders = figure.locator('input.vae-slider');
    const n = await sliders.count();
    if (n === 0) result.problems.push('no slider');
    for (let s = 0; s < n; s++) {
      const slider = sliders.nth(s);
      const was = await stateOf(figure);
      const atEnd = await slider.evaluate((el) => Number(el.value) >= Number(el.max));
      await slider.focus();
      await page.keyboard.press(atEnd ? 'ArrowLeft' : 'ArrowRight');
      const now = await stateOf(figure);
      const move = { control: `slider ${s + 1}`, key: atEnd ? 'ArrowLeft' : 'ArrowRight',
        pictureChanged: now.picture !== was.picture, numbersChanged: now.numbers !== was.numbers,
        visible: await slider.isVisible() };
      result.moves.push(move);
      if (!move.pictureChanged) result.problems.push(`moving slider ${s + 1} did not change the picture`);
      if (!move.numbersChanged) result.problems.push(`moving slider ${s + 1} did not change the numbers`);
    }
    const play = figure.locator('button.vae-play');
    if (await play.count() > 0) {
      const was = await stateOf(figure);
      await play.click();
      let now = was;
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && (now.picture === was.picture || now.numbers === was.numbers)) {
        await page.waitForTimeout(100);
        now = await stateOf(figure);
      }
      const move = { control: 'play', pictureChanged: now.picture !== was.picture,
        numbersChanged: now.numbers !== was.numbers };
      result.moves.push(move);
      await play.click();  // pause again
      if (!move.pictureChanged) result.problems.push('pressing play did not change the picture within 5 s');
      if (!move.numbersChanged) result.problems.push('pressing play did not change the numbers within 5 s');
    }
    results.push(result);
  }
  return results;
}

module.exports = { exerciseFigures, stateOf };
