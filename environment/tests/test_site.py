"""The lecture as people see it: the static site built from the executed notebooks, served
over HTTP on loopback and checked in Debian's Chromium (Playwright, environment/site).

Runs after test_notebooks.py, which writes the executed notebooks to build/notebooks; the
site goes to build/site and the screenshots to build/screenshots/site (with report.json).
Checked:
  - the index lists every notebook in order, with its title (first markdown heading), its
    one line (metadata vae.summary, else the first paragraph) and a thumbnail that is its
    key plot (the cell marked vae.key_plot, else the last png);
  - no page loads anything from outside the site (scripts, styles, fonts, images), and
    every link within the site leads to a file of the site (links between notebooks
    lead to their pages);
  - slides begin at each '#'/'##' heading; every slide of every deck fits a 1280 x 720
    screen and shows no raw TeX (check_slides.js; a deliberately overlong slide shows
    that the check fails);
  - every interactive figure moves, in its page and on its slide: a slider or the play
    button changes the picture and the numbers beside it;
  - in the browser, for the index, every page and every slide deck: every image loads, no
    formula is left as raw TeX ($$, \\begin{align*}, ...), MathJax reports no error, no
    console error, no failed request, and nothing is requested from outside the site; the
    index's Chinese title is drawn with a CJK font (asked of Chromium itself).
"""
import base64
import functools
import html
import json
import os
import re
import shutil
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_SRC = ROOT / "environment" / "site"
sys.path.insert(0, str(SITE_SRC))
import browser_run  # noqa: E402
import build_site  # noqa: E402

BUILD = Path(os.environ.get("VAE_BUILD_DIR", ROOT / "build"))  # another folder: for trying the tests
# nbconvert 6.5 calls a deprecated nbformat API on every export; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:.*relax_add_props:DeprecationWarning")

EXECUTED = BUILD / "notebooks"
SITE = BUILD / "site"
SHOTS = BUILD / "screenshots" / "site"
HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def executed_notebooks():
    paths = sorted(EXECUTED.glob("[0-9][0-9]-*.ipynb"))
    if not paths:
        pytest.fail(f"no executed notebooks in {EXECUTED}: run the notebooks first "
                    "(./lecture run, or test_notebooks.py earlier in the same test run)",
                    pytrace=False)
    return {p.stem: nbformat.read(p, as_version=4) for p in paths}


@pytest.fixture(scope="module")
def site():
    notebooks = executed_notebooks()
    try:
        entries = build_site.build(EXECUTED, SITE, log=lambda *_: None)
    except build_site.SiteError as e:
        pytest.fail(str(e), pytrace=False)
    return notebooks, entries


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def http_site(site):
    """The site served on a free loopback port; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _md_text(nb):
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _pngs(nb):
    return [(c, o["data"]["image/png"]) for c in nb.cells for o in c.get("outputs", [])
            if "image/png" in o.get("data", {})]


def interactive_figures(nb):
    """How many interactive figures (vae.plot.InteractiveFigure's HTML) the notebook shows."""
    return sum(1 for c in nb.cells for o in c.get("outputs", [])
               if "vae-interactive" in "".join(o.get("data", {}).get("text/html", "")))


def expected_slides(nb):
    """Slides (left to right) the deck should have: one per '#'/'##' heading line of the
    markdown (outside code fences), or per cell marked slideshow "slide", plus one for
    anything before the first of them."""
    starts = []
    for i, c in enumerate(nb.cells):
        explicit = c.metadata.get("slideshow", {}).get("slide_type")
        if explicit:
            starts += [i] if explicit == "slide" else []
        elif c.cell_type == "markdown":
            fenced = re.sub(r"```.*?```", "", c.source, flags=re.S)
            starts += [i] * len(re.findall(r"^\s*#{1,2}\s", fenced, flags=re.M))
    return len(starts) + (0 if starts and starts[0] == 0 else 1)


def test_index_lists_the_series_in_order(site):
    notebooks, entries = site
    page = (SITE / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<li id="([^"]+)">', page)
    assert ids == list(notebooks), f"index lists {ids}, the executed series is {list(notebooks)}"
    for e in entries:
        nb = notebooks[e["stem"]]
        first_heading = HEADING.search(_md_text(nb))
        assert first_heading, f"{e['stem']}: no markdown heading to take a title from"
        assert e["title_text"] == re.sub(r"[*_`]", "", first_heading.group(1)), e["stem"]
        summary = nb.metadata.get("vae", {}).get("summary")
        if summary:
            assert e["summary"] == summary.strip(), e["stem"]
        else:
            assert e["summary"], f"{e['stem']}: no vae.summary in metadata and no paragraph to take one from"
            assert e["summary"].split()[0] in _md_text(nb), e["stem"]
        item = page.split(f'<li id="{e["stem"]}">', 1)[1].split("</li>", 1)[0]
        assert f'href="{e["page"]}"' in item and f'href="{e["slides"]}"' in item
        pngs = _pngs(nb)
        if not pngs:
            assert e["thumb"] is None and "no plot" in item, e["stem"]
            continue
        marked = [png for cell, png in pngs if cell.metadata.get("vae", {}).get("key_plot")]
        key = (marked or [pngs[-1][1]])[0]
        key = key if isinstance(key, str) else "".join(key)
        assert f'src="{e["thumb"]}"' in item, f"{e['stem']}: thumbnail missing from the index"
        assert (SITE / e["thumb"]).read_bytes() == base64.b64decode(key), \
            f"{e['stem']}: the thumbnail is not the notebook's key plot"


def test_pages_load_nothing_from_outside_the_site(site):
    notebooks, entries = site
    pages = [SITE / "index.html"] + [SITE / e[k] for e in entries for k in ("page", "slides")]
    outside = []
    for page in pages:
        assert page.exists(), f"{page.name} was not written"
        text = page.read_text(encoding="utf-8")
        for attr, url in re.findall(r'\b(src|href)\s*=\s*["\']([^"\']+)', text):
            if re.match(r"(https?:|file:|//)", url.strip()):
                outside.append(f"{page.name}: {attr}={url}")
        for url in re.findall(r'@import\s+(?:url\()?["\']?((?:https?:)?//[^"\')\s]+)', text):
            outside.append(f"{page.name}: @import {url}")
    assert not outside, "pages load from outside the site:\n" + "\n".join(outside)


def test_links_within_the_site_resolve(site):
    notebooks, entries = site
    pages = [SITE / "index.html"] + [SITE / e[k] for e in entries for k in ("page", "slides")]
    broken = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for url in re.findall(r'\b(?:src|href)\s*=\s*["\']([^"\']+)', text):
            url = html.unescape(url).split("#", 1)[0].split("?", 1)[0]
            if not url or re.match(r"[a-z][a-z0-9+.-]*:", url, re.I):
                continue  # an anchor on the page, a data: URL (outside links: the test above)
            if not (page.parent / url).resolve().is_file():
                broken.append(f"{page.name}: {url}")
    assert not broken, "links to nothing on the site (a link to a notebook should lead to its page):\n" + "\n".join(broken)
    assert (SITE / "static" / "mathjax" / "MathJax.js").exists()
    assert (SITE / "static" / "reveal.js" / "dist" / "reveal.js").exists()


def test_slides_begin_at_each_heading(site):
    notebooks, entries = site
    for e in entries:
        deck = (SITE / e["slides"]).read_text(encoding="utf-8")
        slides_div = deck.split('<div class="slides">', 1)[1]
        # top-level <section> elements of the deck (subslides nest one level deeper)
        depth, top = 0, 0
        for tag in re.findall(r"<(/?)section\b", slides_div):
            if tag == "":
                top += depth == 0
                depth += 1
            else:
                depth -= 1
        assert top == expected_slides(notebooks[e["stem"]]), \
            f"{e['slides']}: {top} slides, expected one per '#'/'##' heading"


def test_site_in_the_browser(site, http_site):
    notebooks, entries = site
    pages = [{"path": "index.html", "kind": "index"}]
    for e in entries:
        pages.append({"path": e["page"], "kind": "page"})
        pages.append({"path": e["slides"], "kind": "slides"})
    if SHOTS.exists():
        shutil.rmtree(SHOTS)
    SHOTS.mkdir(parents=True)
    plan = SHOTS / "plan.json"
    plan.write_text(json.dumps({"base": http_site, "screenshots": str(SHOTS), "pages": pages}))
    started = time.monotonic()
    try:
        meter = browser_run.CpuMeter()
        code, stdout, stderr, leftovers = browser_run.run("check_site.js", plan, meter=meter)
    except browser_run.BrowserSetupError as e:
        pytest.fail(str(e), pytrace=False)
    seconds = time.monotonic() - started
    assert code == 0, f"the browser check did not run:\n{stderr[-3000:]}"
    assert not leftovers, f"the browser left processes running: {leftovers}"
    report = json.loads(stdout)
    (SHOTS / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))

    by_stem = {e["page"]: e["stem"] for e in entries}
    by_stem.update({e["slides"]: e["stem"] for e in entries})
    problems = [f"requested from outside the site: {u}" for u in report["offsite"]]
    for p in report["pages"]:
        name = p["path"]
        if "error" in p:
            problems.append(f"{name}: {p['error']}")
            continue
        problems += [f"{name}: image did not load: {i['src']}" for i in p["images"] if not i["ok"]]
        problems += [f"{name}: raw TeX left unrendered: ...{t}..." for t in p["rawTex"]]
        if p["mathErrors"]:
            problems.append(f"{name}: MathJax shows {p['mathErrors']} formula error(s)")
        problems += [f"{name}: console error: {m}" for m in p["consoleErrors"]]
        problems += [f"{name}: page error: {m}" for m in p["pageErrors"]]
        problems += [f"{name}: request failed: {m}" for m in p["failedRequests"] + p["badResponses"]]
        if not p["mathJax"]:
            problems.append(f"{name}: MathJax did not load")
        if p["kind"] == "index":
            cjk = [f for f in p["headingFonts"] if re.search(r"CJK|Han|WenQuanYi|Fallback|SC\b", f["family"])]
            if not cjk:
                problems.append(f"index: its Chinese title was drawn without a CJK font ({p['headingFonts']}): "
                                "install one (fonts-noto-cjk, ./lecture setup)")
            shown = [i for i in p["images"] if i["ok"]]
            want = sum(1 for e in entries if e["thumb"])
            if len(shown) != want:
                problems.append(f"index: {len(shown)} thumbnails shown, {want} expected")
            continue
        nb = notebooks[by_stem[name]]
        if p["kind"] == "page":
            want = interactive_figures(nb)
            moved = p.get("figures", [])
            if len(moved) != want:
                problems.append(f"{name}: {len(moved)} interactive figures on the page, the notebook shows {want}")
            problems += [f"{name}: figure {f['id']}: {m}" for f in moved for m in f["problems"]]
        pngs = len(_pngs(nb))
        if len(p["images"]) < pngs:
            problems.append(f"{name}: {len(p['images'])} images on the page, the notebook has {pngs} plots")
        if "$" in _md_text(nb) and p["mathRendered"] == 0:
            problems.append(f"{name}: the notebook has formulas but none was rendered")
        if p["kind"] == "slides":
            if not p["revealReady"]:
                problems.append(f"{name}: reveal.js did not start")
            if p["slides"] != expected_slides(nb):
                problems.append(f"{name}: {p['slides']} slides in the browser, expected {expected_slides(nb)}")

    slowest = sorted(report["pages"], key=lambda p: -p["ms"])[:3]
    print(f"\nbrowser check: {len(report['pages'])} pages in {seconds:.1f} s, "
          f"{meter.seconds:.0f} CPU s (node and Chromium; load average {os.getloadavg()[0]:.1f}) "
          f"(Chromium {report['browser']}, start-up {report['launchMs'] / 1000:.1f} s; slowest: "
          + ", ".join(f"{p['path']} {p['ms'] / 1000:.1f} s" for p in slowest)
          + f"); screenshots in {SHOTS}")
    assert not problems, "the site in the browser:\n" + "\n".join(problems)
    for p in report["pages"]:
        assert Path(p["screenshot"]).stat().st_size > 0


def run_slide_check(base, decks, shots, figures=True):
    """check_slides.js on these decks; returns (report, seconds, CPU seconds)."""
    if shots.exists():
        shutil.rmtree(shots)
    shots.mkdir(parents=True)
    plan = shots / "plan.json"
    plan.write_text(json.dumps({"base": base, "screenshots": str(shots), "decks": decks, "figures": figures}))
    started = time.monotonic()
    meter = browser_run.CpuMeter()
    try:
        code, stdout, stderr, leftovers = browser_run.run("check_slides.js", plan, timeout=1200, meter=meter)
    except browser_run.BrowserSetupError as e:
        pytest.fail(str(e), pytrace=False)
    assert code == 0, f"the slide check did not run:\n{stderr[-3000:]}"
    assert not leftovers, f"the browser left processes running: {leftovers}"
    report = json.loads(stdout)
    (shots / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return report, time.monotonic() - started, meter.seconds


def slide_problems(report):
    """Every fault a class would see, one line each: overflow, raw TeX, errors, dead figures."""
    problems = [f"requested from outside the site: {u}" for u in report["offsite"]]
    for d in report["decks"]:
        deck = d["deck"]
        if "error" in d:
            problems.append(f"{deck}: {d['error']}")
        for m in d["slides"]:
            where = f"{deck} slide {m['h'] + 1}.{m['v'] + 1} ({m['heading'] or 'no heading'})"
            if m["overflow"]:
                problems.append(f"{where}: content {m['contentHeight']} px tall, the slide {m['slideHeight']} px "
                                f"(screenshot {m.get('screenshot')})")
            if m["tooWide"]:
                problems.append(f"{where}: content {m['contentWidth']} px wide, the slide {m['slideWidth']} px "
                                f"(screenshot {m.get('screenshot')})")
            problems += [f"{where}: raw TeX: ...{t}..." for t in m["rawTex"]]
            if m["images"]:
                problems.append(f"{where}: {m['images']} image(s) did not load")
        problems += [f"{deck}: console error: {e}" for e in d["consoleErrors"]]
        problems += [f"{deck}: page error: {e}" for e in d["pageErrors"]]
        problems += [f"{deck}: request failed: {e}" for e in d["failedRequests"]]
        problems += [f"{deck}: figure {f['id']}: {m}" for f in d.get("figures", []) for m in f["problems"]]
    return problems


def test_every_slide_fits_the_screen(site, http_site):
    """Every slide of every deck at 1280 x 720: nothing taller or wider than the slide, no
    raw TeX, no error; every interactive figure on its slide moves."""
    notebooks, entries = site
    report, seconds, cpu = run_slide_check(http_site, [e["slides"] for e in entries], SHOTS.parent / "slides")
    problems = slide_problems(report)
    for d, e in zip(report["decks"], entries):
        want = interactive_figures(notebooks[e["stem"]])
        if len(d.get("figures", [])) != want:
            problems.append(f"{d['deck']}: {len(d.get('figures', []))} interactive figures in the deck, the notebook shows {want}")
        if d["slides"] and not any(m["notes"] for m in d["slides"]):
            problems.append(f"{d['deck']}: no slide has speaker notes")
    count = sum(len(d["slides"]) for d in report["decks"])
    figures = sum(len(d.get("figures", [])) for d in report["decks"])
    print(f"\nslide check: {count} slides in {len(report['decks'])} decks and {figures} interactive figures moved "
          f"in {seconds:.1f} s, {cpu:.0f} CPU s (load average {os.getloadavg()[0]:.1f}); slowest: "
          + ", ".join(f"{d['deck']} {d['ms'] / 1000:.1f} s" for d in sorted(report["decks"], key=lambda d: -d["ms"])[:3]))
    assert not problems, "the slides at 1280 x 720:\n" + "\n".join(problems)


OVERLONG = 40  # paragraphs on the deliberately overlong slide


def test_the_slide_check_fails_on_an_overlong_slide(tmp_path):
    """The check above can fail: a deck with a slide of 40 paragraphs (marked as one slide,
    so that the builder keeps it whole) and a formula MathJax is told to leave alone."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A short slide\n\nIt fits: $a^2 + b^2 = c^2$."),
        nbformat.v4.new_markdown_cell("## Too long\n\n" + "\n\n".join(f"Paragraph {i}." for i in range(OVERLONG)),
                                      metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_markdown_cell('## Raw\n\n<span class="tex2jax_ignore">left as TeX: $x^2$</span>'),
    ]
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, tmp_path / "notebooks" / "99-overlong.ipynb")
    out = tmp_path / "site"
    build_site.build(tmp_path / "notebooks", out, log=lambda *_: None)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        report, _, _ = run_slide_check(f"http://127.0.0.1:{server.server_address[1]}/", ["99-overlong.slides.html"],
                                       tmp_path / "shots", figures=False)
    finally:
        server.shutdown()
        server.server_close()
    problems = slide_problems(report)
    slides = report["decks"][0]["slides"]
    assert [m["heading"] for m in slides] == ["A short slide", "Too long", "Raw"], slides
    assert len(problems) == 2, "expected exactly the overflow and the raw formula:\n" + "\n".join(problems)
    assert "Too long" in problems[0] and "px tall" in problems[0], problems
    assert "Raw" in problems[1] and "raw TeX" in problems[1] and "$x^2$" in problems[1], problems
