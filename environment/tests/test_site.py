"""The lecture as people see it: the static site built from the executed notebooks, served
over HTTP on loopback and checked in Debian's Chromium (Playwright, environment/site).

Built from the executed notebooks in build/notebooks (./lecture run, or test_notebooks.py
earlier in the same test run, writes them); when there are none, from the committed notebooks,
which carry the outputs of the last run, so that this file passes on its own too. The
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
  - the runs page (runs.html, both languages; its own tests: test_runs_table.py) is linked
    from both indexes and checked in the browser like an index, each of its plots loading;
  - in the browser, for the index, every page and every slide deck: every image loads, no
    formula is left as raw TeX ($$, \\begin{align*}, ...), MathJax reports no error, no
    console error, no failed request, and nothing is requested from outside the site.
The Chinese edition (build/notebooks/zh, else derived here from the executed English
notebooks and i18n/zh/*.po by environment/i18n.py's own build_edition) is built beside it in
build/site/zh/ and checked the same way, and besides:
  - every page's <html lang> ("en", "zh-Hans"), the cells of a Chinese page still in
    English marked lang="en", an index per language (titles from each edition's notebooks,
    the Chinese summaries from i18n/zh/site.po or else the English marked lang="en"), the
    bilingual glossary linked from both;
  - the language switch on every page and deck is seen, and a click on it lands on the
    same notebook in the other language (a deck: on the slide showing the same cell; every
    slide's switch checked against the other deck's slides), and covers no slide's text;
  - every page's and deck's CJK text is drawn by a font that has its characters and that
    the page's style names (Chromium's own answer, checked against fontconfig's character
    sets): no missing-glyph boxes, no unnamed fallback font; a page with boxes, one naming
    only a Latin font and a browser without CJK fonts show that the check fails.
"""
import base64
import functools
import html
import json
import os
import re
import shutil
import subprocess
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
sys.path.insert(0, str(ROOT / "environment"))
import i18n  # noqa: E402

BUILD = Path(os.environ.get("VAE_BUILD_DIR", ROOT / "build"))  # another folder: for trying the tests
# nbconvert 6.5 calls a deprecated nbformat API on every export; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:.*relax_add_props:DeprecationWarning")

RUN = BUILD / "notebooks"


@functools.lru_cache(maxsize=None)   # decided once, when the site's fixtures first need it (after test_notebooks.py)
def executed_folder():
    """build/notebooks when a run has filled it, else notebooks/ (the committed outputs of the last run)."""
    if any(RUN.glob("[0-9][0-9]-*.ipynb")):
        return RUN
    print(f"\nsite: no executed notebooks in {RUN}: building from the committed notebooks in {ROOT / 'notebooks'}")
    return ROOT / "notebooks"

SITE = BUILD / "site"
SHOTS = BUILD / "screenshots" / "site"
HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def executed_notebooks():
    folder = executed_folder()
    paths = sorted(folder.glob("[0-9][0-9]-*.ipynb"))
    if not paths:
        pytest.fail(f"no notebooks in {folder}", pytrace=False)
    return {p.stem: nbformat.read(p, as_version=4) for p in paths}


ZH = "zh"


def translated_notebooks(lang=ZH):
    """The executed edition in `lang`: build/notebooks/LANG as ./lecture run writes it; when it
    is not there (the notebook tests ran the English series only), derived here from the
    executed English notebooks by i18n.py's build_edition (markdown from the PO files, code
    and outputs unchanged, which is what running the edition gives)."""
    executed = executed_folder()
    folder = executed / lang
    if any(folder.glob("[0-9][0-9]-*.ipynb")):
        return folder, False
    derived = BUILD / "site-test-notebooks" / lang
    if derived.exists():
        shutil.rmtree(derived)
    derived.mkdir(parents=True)
    for path in sorted(executed.glob("[0-9][0-9]-*.ipynb")):
        nbformat.write(i18n.build_edition(path, lang), derived / path.name)
    return derived, True


@pytest.fixture(scope="module")
def editions():
    executed_notebooks()
    folder, derived = translated_notebooks()
    if derived:
        print(f"\nsite: no executed {ZH} notebooks in {executed_folder() / ZH}: derived from the English ones into {folder}")
    try:
        built = build_site.build_editions(executed_folder(), SITE, log=lambda *_: None, translations={ZH: folder})
    except build_site.SiteError as e:
        pytest.fail(str(e), pytrace=False)
    assert [ed.lang for ed in built] == ["en", ZH], "the Chinese edition was not built"
    return built


@pytest.fixture(scope="module")
def site(editions):
    notebooks = {p.stem: nb for p, nb in zip(editions[0].paths, editions[0].nbs)}
    return notebooks, editions[0].entries


def site_pages(editions):
    """Every HTML file of the site: indexes, pages, decks, the runs pages, the glossary."""
    pages = [SITE / "glossary.html"]
    for ed in editions:
        pages += [ed.out / "index.html", ed.out / build_site.RUNS_PAGE]
        pages += [ed.out / e[k] for e in ed.entries for k in ("page", "slides")]
    return pages


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


CJK = build_site.CJK


def _html_lang(page):
    m = re.search(r"<html\b[^>]*\blang=\"([^\"]+)\"", page)
    return m.group(1) if m else None


def test_each_language_has_its_pages_index_and_lang(editions):
    """English pages lang="en", Chinese lang="zh-Hans" (the cells still in English marked
    lang="en"); an index per language listing its own edition; the glossary from both."""
    en, zh = editions
    problems = []
    for ed in editions:
        index = (ed.out / "index.html").read_text(encoding="utf-8")
        if _html_lang(index) != ed.tag:
            problems.append(f"{ed.lang} index: <html lang={_html_lang(index)!r}>, expected {ed.tag!r}")
        if 'glossary.html"' not in index:
            problems.append(f"{ed.lang} index: no link to the glossary")
        if f'href="{build_site.RUNS_PAGE}"' not in index:
            problems.append(f"{ed.lang} index: no link to the runs page")
        runs = (ed.out / build_site.RUNS_PAGE).read_text(encoding="utf-8")
        if _html_lang(runs) != ed.tag or ed.ui["runs_title"] not in runs:
            problems.append(f"{ed.lang} {build_site.RUNS_PAGE}: <html lang={_html_lang(runs)!r}>, or not titled {ed.ui['runs_title']!r}")
        ids = re.findall(r'<li id="([^"]+)">', index)
        if ids != [p.stem for p in ed.paths]:
            problems.append(f"{ed.lang} index lists {ids}, the edition is {[p.stem for p in ed.paths]}")
        for e, nb in zip(ed.entries, ed.nbs):
            first = HEADING.search(_md_text(nb))
            if not first or e["title_text"] != re.sub(r"[*_`]", "", first.group(1)):
                problems.append(f"{ed.lang} index: {e['stem']}'s title is not its notebook's first heading")
            item = index.split(f'<li id="{e["stem"]}">', 1)[1].split("</li>", 1)[0]
            english = nb.metadata.get("vae", {}).get("summary", "").strip()
            if ed is zh:
                translated = build_site.translated_summary(e["stem"], english, ZH)
                if translated and e["summary"] != translated:
                    problems.append(f"zh index: {e['stem']}: the summary is not site.po's translation")
                if not translated and 'class="summary" lang="en"' not in item:
                    problems.append(f"zh index: {e['stem']}: an English summary not marked lang=\"en\"")
            for kind in ("page", "slides"):
                page = (ed.out / e[kind]).read_text(encoding="utf-8")
                if _html_lang(page) != ed.tag:
                    problems.append(f"{ed.folder or 'en'}/{e[kind]}: <html lang={_html_lang(page)!r}>, expected {ed.tag!r}")
                if ed is zh:
                    for cell_id in nb.metadata["vae"]["edition"]["untranslated_cells"]:
                        if f"celltag_vae-cell-{cell_id}" not in page:
                            continue   # not on the slides (a deck leaves some cells out)
                        if not re.search(rf'celltag_vae-cell-{re.escape(cell_id)}\b[^"]*" lang="en"', page):
                            problems.append(f"zh/{e[kind]}: cell {cell_id} is still English but not marked lang=\"en\"")
                            break
    # the English index says nothing in Chinese but its link to the Chinese edition and the glossary's name
    text = re.sub(r'<a class="vae-lang-switch".*?</a>|<a href="glossary.html">.*?</a>|<[^>]+>', "",
                  (en.out / "index.html").read_text(encoding="utf-8").split("<body>", 1)[1], flags=re.S)
    if CJK.search(text):
        problems.append(f"the English index has Chinese text: ...{text[max(0, CJK.search(text).start() - 40):][:80]}...")
    glossary = (SITE / "glossary.html").read_text(encoding="utf-8")
    rows = [line for line in build_site.GLOSSARY.read_text(encoding="utf-8").splitlines()
            if line.startswith("|") and not re.match(r"^\|[\s:|-]+\|$", line)]
    if glossary.count("<tr") != len(rows):
        problems.append(f"glossary.html: {glossary.count('<tr')} table rows, glossary.md has {len(rows)}")
    if 'lang="zh-Hans"' not in glossary:
        problems.append("glossary.html: no Chinese block marked lang=\"zh-Hans\"")
    assert not problems, "languages of the site:\n" + "\n".join(problems)


def test_chinese_line_breaks_are_joined_where_a_browser_would_show_a_space():
    """A line break between two Chinese characters in the markdown is no space in Chinese; a
    heading, a code fence, a list item and a break beside Latin text are left as written."""
    source = ("## 小结\n讲座引入一个分布\n并把被积函数乘以 $Q/Q$\n然后\n- 列表项\n- 另一项\n"
              "```\n代码\n注释\n```\nJensen 不等式\nELBO 证据下界")
    assert build_site._join_cjk_lines(source) == (
        "## 小结\n讲座引入一个分布并把被积函数乘以 $Q/Q$\n然后\n- 列表项\n- 另一项\n"
        "```\n代码\n注释\n```\nJensen 不等式\nELBO 证据下界")


def test_pages_load_nothing_from_outside_the_site(editions):
    pages = site_pages(editions)
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


def test_links_within_the_site_resolve(editions):
    pages = site_pages(editions)
    broken = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for url in re.findall(r'\b(?:src|href)\s*=\s*["\']([^"\']+)', text):
            url = html.unescape(url).split("#", 1)[0].split("?", 1)[0]
            if not url or re.match(r"[a-z][a-z0-9+.-]*:", url, re.I):
                continue  # an anchor on the page, a data: URL (outside links: the test above)
            if not (page.parent / url).resolve().is_file():
                broken.append(f"{page.relative_to(SITE)}: {url}")
    assert not broken, "links to nothing on the site (a link to a notebook should lead to its page):\n" + "\n".join(broken)
    assert (SITE / "static" / "mathjax" / "MathJax.js").exists()
    assert (SITE / "static" / "reveal.js" / "dist" / "reveal.js").exists()


def test_slides_begin_at_each_heading(editions):
    for ed, e, nb in ((ed, e, nb) for ed in editions for e, nb in zip(ed.entries, ed.nbs)):
        deck = (ed.out / e["slides"]).read_text(encoding="utf-8")
        slides_div = deck.split('<div class="slides">', 1)[1]
        # top-level <section> elements of the deck (subslides nest one level deeper)
        depth, top = 0, 0
        for tag in re.findall(r"<(/?)section\b", slides_div):
            if tag == "":
                top += depth == 0
                depth += 1
            else:
                depth -= 1
        assert top == expected_slides(nb), \
            f"{ed.folder or 'en'}/{e['slides']}: {top} slides, expected one per '#'/'##' heading"


@functools.lru_cache(maxsize=None)
def font_charset(family):
    """The code points a font family has, as fontconfig (which Chromium asks too) lists them:
    sorted (first, last) ranges over all the family's faces."""
    try:
        out = subprocess.run(["fc-list", "-f", "%{charset}\n", f":family={family}"], capture_output=True,
                             text=True, timeout=60).stdout
    except FileNotFoundError:
        pytest.fail("fc-list not found: fontconfig is needed to judge the fonts", pytrace=False)
    ranges = set()
    for token in out.split():
        first, _, last = token.partition("-")
        ranges.add((int(first, 16), int(last or first, 16)))
    return tuple(sorted(ranges))


def _has_glyph(family, char):
    return any(first <= ord(char) <= last for first, last in font_charset(family))


def cjk_font_problems(name, groups):
    """What a reader would see wrong in a page's CJK text, from fonts.js's report: characters
    that no font drawing them has (missing-glyph boxes), and CJK text drawn by a font its
    style does not name (the browser's fallback: another font on another machine, or boxes)."""
    problems = []
    for g in groups:
        used = [f["family"] for f in g["fonts"] if f["glyphs"] > 0]
        named = [f.strip().strip("\"'").lower() for f in g["family"].split(",")]
        where = f"{name}: CJK text in <{g['where']}> (lang {g['lang'] or '-'}, font-family: {g['family']})"
        missing = [c for c in g["chars"] if not any(_has_glyph(f, c) for f in used)]
        if not used:
            problems.append(f"{where}: Chromium drew it with no font")
        elif missing:
            problems.append(f"{where}: {len(missing)} of {len(g['chars'])} characters drawn as missing-glyph boxes "
                            f"({''.join(missing[:10])}...; drawn with {used})")
        unnamed = [f for f in used if f.lower() not in named]
        if unnamed:
            problems.append(f"{where}: drawn with {unnamed}, a fallback the style does not name")
    return problems


def check_pages(base, pages, shots):
    """check_site.js on these pages; returns (report, seconds, CPU seconds)."""
    if shots.exists():
        shutil.rmtree(shots)
    shots.mkdir(parents=True)
    plan = shots / "plan.json"
    plan.write_text(json.dumps({"base": base, "screenshots": str(shots), "pages": pages}))
    started = time.monotonic()
    try:
        meter = browser_run.CpuMeter()
        code, stdout, stderr, leftovers = browser_run.run("check_site.js", plan, meter=meter)
    except browser_run.BrowserSetupError as e:
        pytest.fail(str(e), pytrace=False)
    assert code == 0, f"the browser check did not run:\n{stderr[-3000:]}"
    assert not leftovers, f"the browser left processes running: {leftovers}"
    report = json.loads(stdout)
    (shots / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return report, time.monotonic() - started, meter.seconds


def runs_page_data():
    """What vae.run.RunsPage found for the site's runs page (build/site/runs/runs.json)."""
    return json.loads((SITE / build_site.RUNS_FOLDER / "runs.json").read_text(encoding="utf-8"))


def _site_path(url, base):
    return url.split("#", 1)[0][len(base):] if url.startswith(base) else url


def test_site_in_the_browser(editions, http_site):
    """Every page of both languages in Chromium: images, formulas, errors, requests (as
    before), the <html lang>, CJK text in a CJK font, and the language switch followed."""
    en = editions[0]
    pages = [{"path": "glossary.html", "kind": "index", "cjk": True}]
    want = {}   # path -> (edition, entry or None, notebook or None, kind)
    for ed in editions:
        pre = f"{ed.folder}/" if ed.folder else ""
        pages.append({"path": pre + "index.html", "kind": "index", "cjk": True, "follow": True})
        want[pre + "index.html"] = (ed, None, None, "index")
        # the runs page: the whole page is looked at for raw TeX, as an index is
        pages.append({"path": pre + build_site.RUNS_PAGE, "kind": "index", "cjk": True, "follow": True})
        want[pre + build_site.RUNS_PAGE] = (ed, None, None, "runs")
        for e, nb in zip(ed.entries, ed.nbs):
            for kind in ("page", "slides"):
                pages.append({"path": pre + e[kind], "kind": kind, "cjk": True, "follow": True})
                want[pre + e[kind]] = (ed, e, nb, kind)
    report, seconds, cpu = check_pages(http_site, pages, SHOTS)

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
        problems += cjk_font_problems(name, p["cjk"])
        if name == "glossary.html":
            if not p["mathRendered"]:
                problems.append("glossary.html: its formulas were not rendered")
            continue
        ed, e, nb, kind = want[name]
        if p["htmlLang"] != ed.tag:
            problems.append(f"{name}: <html lang={p['htmlLang']!r}>, expected {ed.tag!r}")
        # the language switch: seen, and a click lands on the same notebook (or index) in the other language
        other = ed.other
        target = (f"{other.folder}/" if other.folder else "") + (e[kind] if e else build_site.RUNS_PAGE if kind == "runs" else "index.html")
        sw, followed = p["switch"], p.get("followed")
        if not sw or not sw["visible"]:
            problems.append(f"{name}: no language switch in sight ({sw})")
        elif sw["text"] != other.ui["name"] or sw["hreflang"] != other.tag or sw["lang"] != other.tag:
            problems.append(f"{name}: the switch says {sw['text']!r} (hreflang {sw['hreflang']}, lang {sw['lang']}), "
                            f"expected {other.ui['name']!r} ({other.tag})")
        if not followed:
            problems.append(f"{name}: the language switch was not followed")
        else:
            landed = _site_path(followed["url"], http_site)
            if landed != target or followed["lang"] != other.tag:
                problems.append(f"{name}: the switch landed on {landed} (lang {followed['lang']}), expected {target} ({other.tag})")
            if kind == "slides":
                first = followed["from"]["cells"][:1]
                if not first or first[0] not in followed["to"]["cells"]:
                    problems.append(f"{name}: from slide {followed['from']} the switch showed slide {followed['to']} "
                                    f"of {target}, not the slide with the same cell")
        if kind == "runs":
            plots = sum(len(sweep["plots"]) for sweep in runs_page_data()["sweeps"])
            shown = [i for i in p["images"] if i["ok"]]
            if len(shown) != plots or len(p["images"]) != plots:
                problems.append(f"{name}: {len(shown)} of {len(p['images'])} images loaded, {plots} plots made")
            continue
        if kind == "index":
            if ed is en:
                cjk = [f for f in p["headingFonts"] if re.search(r"CJK|Han|WenQuanYi|Fallback|SC\b", f["family"])]
                if cjk:
                    problems.append(f"index: its English title was drawn with a CJK font ({p['headingFonts']})")
            shown = [i for i in p["images"] if i["ok"]]
            want_thumbs = sum(1 for x in ed.entries if x["thumb"])
            if len(shown) != want_thumbs:
                problems.append(f"{name}: {len(shown)} thumbnails shown, {want_thumbs} expected")
            continue
        if kind == "page":
            count = interactive_figures(nb)
            moved = p.get("figures", [])
            if len(moved) != count:
                problems.append(f"{name}: {len(moved)} interactive figures on the page, the notebook shows {count}")
            problems += [f"{name}: figure {f['id']}: {m}" for f in moved for m in f["problems"]]
        pngs = len(_pngs(nb))
        if len(p["images"]) < pngs:
            problems.append(f"{name}: {len(p['images'])} images on the page, the notebook has {pngs} plots")
        if "$" in _md_text(nb) and p["mathRendered"] == 0:
            problems.append(f"{name}: the notebook has formulas but none was rendered")
        if kind == "slides":
            if not p["revealReady"]:
                problems.append(f"{name}: reveal.js did not start")
            if p["slides"] != expected_slides(nb):
                problems.append(f"{name}: {p['slides']} slides in the browser, expected {expected_slides(nb)}")
    if not any(g for p in report["pages"] if p["path"].startswith(f"{ZH}/") for g in p.get("cjk", [])):
        problems.append("no CJK text found on any Chinese page: the font check saw nothing")

    slowest = sorted(report["pages"], key=lambda p: -p["ms"])[:3]
    print(f"\nbrowser check: {len(report['pages'])} pages in {seconds:.1f} s, "
          f"{cpu:.0f} CPU s (node and Chromium; load average {os.getloadavg()[0]:.1f}) "
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
            if m.get("switchCovers"):
                problems.append(f"{where}: the language switch covers {m['switchCovers'][:3]} "
                                f"(screenshot {m.get('screenshot')})")
            if m["images"]:
                problems.append(f"{where}: {m['images']} image(s) did not load")
        problems += [f"{deck}: console error: {e}" for e in d["consoleErrors"]]
        problems += [f"{deck}: page error: {e}" for e in d["pageErrors"]]
        problems += [f"{deck}: request failed: {e}" for e in d["failedRequests"]]
        problems += [f"{deck}: figure {f['id']}: {m}" for f in d.get("figures", []) for m in f["problems"]]
    return problems


def switch_problems(report):
    """On every slide, the language switch leads to the slide of the other deck that shows
    the same cell (the first cell of the slide, when the other deck shows it at all)."""
    slides = {d["deck"]: {(m["h"], m["v"]): m["cells"] for m in d["slides"]} for d in report["decks"]}
    shown = {deck: {c for cells in by.values() for c in cells} for deck, by in slides.items()}
    problems, checked = [], 0
    for d in report["decks"]:
        for m in d["slides"]:
            if not m["cells"]:
                continue
            href = m["switchHref"] or ""
            target = os.path.normpath(os.path.join(os.path.dirname(d["deck"]), href.split("#", 1)[0]))
            where = f"{d['deck']} slide {m['h'] + 1}.{m['v'] + 1}"
            if target not in slides:
                problems.append(f"{where}: the language switch leads to {href!r}, no deck checked")
                continue
            if m["cells"][0] not in shown[target]:
                continue   # the other language shows that cell on no slide (its text went to the notes)
            at = re.fullmatch(r"#/(\d+)/(\d+)", "#" + href.split("#", 1)[1]) if "#" in href else None
            h, v = (int(at.group(1)), int(at.group(2))) if at else (0, 0)
            checked += 1
            if m["cells"][0] not in slides[target].get((h, v), []):
                problems.append(f"{where} (cell {m['cells'][0]}): the language switch leads to {href}, "
                                f"which shows cells {slides[target].get((h, v))}")
    return problems, checked


def test_every_slide_fits_the_screen(editions, http_site):
    """Every slide of every deck, both languages, at 1280 x 720: nothing taller or wider than
    the slide, no raw TeX, no error, the language switch over no text and leading to the same
    cell's slide in the other language; every interactive figure on its slide moves."""
    decks = [(f"{ed.folder}/" if ed.folder else "") + e["slides"] for ed in editions for e in ed.entries]
    nbs = [nb for ed in editions for nb in ed.nbs]
    report, seconds, cpu = run_slide_check(http_site, decks, SHOTS.parent / "slides")
    problems = slide_problems(report)
    for d, nb in zip(report["decks"], nbs):
        want = interactive_figures(nb)
        if len(d.get("figures", [])) != want:
            problems.append(f"{d['deck']}: {len(d.get('figures', []))} interactive figures in the deck, the notebook shows {want}")
        if d["slides"] and not any(m["notes"] for m in d["slides"]):
            problems.append(f"{d['deck']}: no slide has speaker notes")
    wrong, checked = switch_problems(report)
    problems += wrong
    count = sum(len(d["slides"]) for d in report["decks"])
    zh_count = sum(len(d["slides"]) for d in report["decks"] if d["deck"].startswith(f"{ZH}/"))
    figures = sum(len(d.get("figures", [])) for d in report["decks"])
    print(f"\nslide check: {count} slides ({zh_count} of them Chinese) in {len(report['decks'])} decks, "
          f"{checked} language switches followed to the same cell, {figures} interactive figures moved "
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


FONT_PAGE = """<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>{name}</title>
<style>body {{ font-family: {fonts}; }}</style></head>
<body><h1>变分自编码器 {name}</h1><p>{text}</p></body></html>
"""


def _serve(folder):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def test_the_cjk_font_check_fails_on_boxes_and_on_unnamed_fonts(tmp_path, http_site, monkeypatch):
    """The font check above can fail, on what a reader would see:
      - boxes: characters no installed font has (CJK Extension G, U+30000 on), in a page
        that names the CJK font: missing-glyph boxes;
      - unnamed: a page whose style names only a Latin font (no fallback): Chromium's
        fallback draws the Chinese, with a font the page did not choose;
      - no CJK font: the site's own Chinese index in a Chromium whose fontconfig knows only
        DejaVu (a machine without fonts-noto-cjk): boxes.
    A page naming Noto Sans CJK SC passes (the check is not failing everything)."""
    pages = {"good": (build_site.TEXT_FONTS, "每个公式都经过计算、检验并画成图。"),
             "boxes": (build_site.TEXT_FONTS, "每个公式 \U00030000\U00030001\U00030002"),
             "unnamed": ('"DejaVu Sans"', "每个公式都经过计算、检验并画成图。")}
    for name, (fonts, text) in pages.items():
        (tmp_path / f"{name}.html").write_text(FONT_PAGE.format(name=name, fonts=fonts, text=text), encoding="utf-8")
    server, base = _serve(tmp_path)
    try:
        report, _, _ = check_pages(base, [{"path": f"{n}.html", "kind": "page", "cjk": True} for n in pages],
                                   tmp_path / "shots")
    finally:
        server.shutdown()
        server.server_close()
    found = {p["path"]: cjk_font_problems(p["path"], p.get("cjk", [])) for p in report["pages"]}
    assert not found["good.html"], found["good.html"]
    assert any("missing-glyph boxes" in m and "\U00030000" in m for m in found["boxes.html"]), found["boxes.html"]
    assert any("fallback the style does not name" in m and "Noto Sans CJK" in m for m in found["unnamed.html"]), \
        found["unnamed.html"]

    # a browser on a machine without CJK fonts: fontconfig told of DejaVu only
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '<dir>/usr/share/fonts/truetype/dejavu</dir>\n'
                    f'<cachedir>{tmp_path / "fc-cache"}</cachedir>\n</fontconfig>\n')
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    report, _, _ = check_pages(http_site, [{"path": f"{ZH}/index.html", "kind": "page", "cjk": True}],
                               tmp_path / "shots-no-cjk")
    monkeypatch.delenv("FONTCONFIG_FILE")
    [page] = report["pages"]
    assert "error" not in page, page
    found = cjk_font_problems(page["path"], page["cjk"])
    assert any("missing-glyph boxes" in m for m in found), found
    print(f"\nthe font check on a page with boxes: {found_summary(found)}")


def found_summary(found):
    return f"{len(found)} problems, e.g. {found[0][:200]}" if found else "none"
