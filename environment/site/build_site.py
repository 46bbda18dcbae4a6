#!/usr/bin/python3
"""Builds the lecture's static site from the executed notebooks.

Reads build/notebooks/NN-*.ipynb (written by ``./lecture run`` or by the notebook tests)
and writes build/site/:

  index.html               the series in order: title, one line on what each notebook
                           shows, a thumbnail of its key plot, links to page and slides
  NN-name.html             each executed notebook, plots inline, formulas by MathJax
  NN-name.slides.html      the same notebook as reveal.js slides (rules below), notes
                           for the speaker view (press S)
  thumbs/NN-name.png       the key plot of each notebook
  css/                     the style sheets all pages share (JupyterLab's), once
  static/                  MathJax (Debian's libjs-mathjax), require.js, jQuery (Debian)
                           and reveal.js (npm, environment/site/node_modules): every
                           script a page loads comes from the site itself, so the site
                           works offline, from file:// or from any web server.

What the index shows, per notebook:
  - title: the notebook's first markdown heading;
  - one line: notebook metadata "vae": {"summary": "..."} if present, else the first
    paragraph of markdown text;
  - thumbnail: the image/png output of the cell marked "vae": {"key_plot": true} in its
    cell metadata, else the notebook's last image/png output.

Slides: see "-- slides" below for the rules that cut a notebook into slides, speaker
notes and what is left off; they work on a copy while exporting, never on the notebooks.

Run with Debian's python3 (it sees Debian's nbconvert):
  /usr/bin/python3 environment/site/build_site.py [--notebooks DIR] [--out DIR]
"""
import argparse
import base64
import copy
import functools
import hashlib
import html
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NODE_MODULES = HERE / "node_modules"
MATHJAX_SRC = Path("/usr/share/javascript/mathjax")
REQUIRE_SRC = Path("/usr/share/javascript/requirejs/require.min.js")
JQUERY_SRC = Path("/usr/share/javascript/jquery/jquery.min.js")
# What a page needs of MathJax for the TeX-AMS_CHTML-full config (about 3.5 MB of 54).
MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js",
                 "config/local", "extensions", "jax/input/TeX", "jax/element",
                 "jax/output/CommonHTML", "fonts/HTML-CSS/TeX/woff", "localization"]
MATHJAX_QUERY = "?config=TeX-AMS_CHTML-full,Safe"
REVEAL_PARTS = ["dist", "plugin/notes", "package.json"]
HEADING = re.compile(r"^\s*(#{1,6})\s+(.+?)\s*#*\s*$")


class SiteError(Exception):
    """The site cannot be built; the message says what to do."""


# -- reading a notebook -----------------------------------------------------------------

def _markdown_lines(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            yield cell, cell.source.splitlines()


def title_of(nb, fallback):
    """The text of the notebook's first markdown heading."""
    for _, lines in _markdown_lines(nb):
        for line in lines:
            m = HEADING.match(line)
            if m:
                return m.group(2)
    return fallback


def summary_of(nb):
    """metadata "vae": {"summary"} if present, else the first paragraph of markdown text."""
    summary = nb.metadata.get("vae", {}).get("summary")
    if summary:
        return summary.strip()
    for cell, _ in _markdown_lines(nb):
        for para in re.split(r"\n\s*\n", cell.source):
            para = para.strip()
            if para and not HEADING.match(para.splitlines()[0]) and not para.startswith(("$$", "\\begin", "```", "<", "|", ">")):
                text = " ".join(line.strip() for line in para.splitlines())
                # a paragraph that leads into a formula ends in ',' or ':' on its own
                return re.sub(r"\s*[,:;]$", " …", text)
    return ""


def _pngs(nb):
    """(cell, base64 png) for every image/png output, in order."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                png = data["image/png"]
                yield cell, png if isinstance(png, str) else "".join(png)


def key_plot_of(nb):
    """The key plot as PNG bytes (the cell marked key_plot, else the last png), or None."""
    pngs = list(_pngs(nb))
    for cell, png in pngs:
        if cell.metadata.get("vae", {}).get("key_plot"):
            return base64.b64decode(png)
    return base64.b64decode(pngs[-1][1]) if pngs else None


# -- slides -----------------------------------------------------------------------------
#
# A deck a teacher can present, computed from the notebook so that cells added later get
# sensible slides without any metadata. The rules, in order (the first that applies):
#   1. a cell with nbconvert's own slideshow.slide_type (slide, subslide, fragment, skip,
#      notes, -) keeps it, whole;
#   2. markdown is cut into blocks at blank lines (a $$ formula, a table or a code fence
#      stays whole); a '#'/'##' heading starts a slide, a deeper heading a sub-slide; a
#      block starting "**Check.**" goes to the speaker notes, as does the text of a cell
#      that only introduces a code cell kept off the slides (skipped with it if that cell
#      prints nothing, as "Imports.");
#   3. a code cell's source is left off the slides (tag "slides-code" keeps it); what it
#      printed (the numbers to quote) goes to the speaker notes; its figures, tables and
#      interactive figures stay on the slides; a code cell with nothing to show is skipped;
#   4. blocks fill a slide down to CONTENT_HEIGHT by an estimate of their height (text by
#      characters per line, formulas by rows, pictures by their size, at most
#      FIGURE_MAX_HEIGHT tall); the block that does not fit starts a sub-slide below.
# The browser test (check_site.js) measures every slide of every deck at 1280 x 720.

SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720
CONTENT_HEIGHT = 600        # px of a slide the estimate may fill (the rest: margins, slack)
FIGURE_MAX_HEIGHT = 520     # px: a picture on a slide is scaled down to at most this ...
FIGURE_ENLARGE = 1.5        # ... or up, by at most this factor (figures large)
TEXT_WIDTH = 1180           # px of a line of slide text
TEXT_PX = 24                # the slides' text size (nbconvert's default, 20 px, is small in a lecture room)
CHARS_PER_LINE = 84         # characters of TEXT_PX text in TEXT_WIDTH (measured: about 88)
LINE_HEIGHT = 39            # px per line of text (line-height 1.6) ...
BLOCK_GAP = 22              # ... and between two blocks
SHOW_CODE_TAG = "slides-code"
FENCE = re.compile(r"^\s*(```|~~~)")
CHECK = re.compile(r"^\s*\*\*Check[.:]?\*\*")
DISPLAY_HTML = ("text/html", "image/png", "image/jpeg", "image/svg+xml")


def _md_blocks(source):
    """Markdown cut at blank lines; a formula ($$ or \\begin..\\end), a fence or a table stays
    whole, and a heading is a block of its own."""
    blocks, cur, in_math, in_fence = [], [], False, False

    def flush():
        if cur:
            blocks.append("\n".join(cur))
            cur.clear()
    for line in source.splitlines():
        s = line.strip()
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            if s.count("$$") % 2:
                in_math = not in_math
            elif s.startswith("\\begin{") and "\\end{" not in s:
                in_math = True
            elif s.startswith("\\end{"):
                in_math = False
        if not in_math and not in_fence and HEADING.match(line):
            flush()
            blocks.append(line)
            continue
        if not s and not in_math and not in_fence:
            flush()
        else:
            cur.append(line)
    flush()
    return blocks


def _heading_level(block):
    m = HEADING.match(block) if "\n" not in block.strip() else None
    return len(m.group(1)) if m else 0


def _text_height(text, chars_per_line=CHARS_PER_LINE):
    lines = 0
    for line in text.splitlines() or [""]:
        # a formula takes about 60 % of its source's width; markup takes none
        shown = re.sub(r"\$([^$]+)\$", lambda m: "x" * int(0.6 * len(m.group(1))), line)
        shown = re.sub(r"[*_`]|\]\([^)]*\)|\[", "", shown)
        lines += max(1, -(-len(shown) // chars_per_line))
    return lines


def _block_height(block):
    """Estimated px of one markdown block on a slide."""
    level = _heading_level(block)
    if level:
        return {1: 100, 2: 80, 3: 60}.get(level, 50) + _text_height(HEADING.match(block).group(2), 40) * 0
    s = block.strip()
    if s.startswith("$$") or s.startswith("\\begin"):
        rows = 1 + s.count("\\\\")
        tall = len(re.findall(r"\\(frac|sum|int|prod|underbrace|overbrace|xrightarrow|big|Big)", s))
        return rows * 46 + min(tall, rows + 1) * 16 + 2 * BLOCK_GAP
    if s.startswith("|"):
        rows = sum(1 for line in s.splitlines() if not re.match(r"^\s*\|[\s:|-]+\|\s*$", line))
        return rows * 42 + BLOCK_GAP
    if FENCE.match(s):
        return (len(s.splitlines()) - 2) * 28 + BLOCK_GAP
    # prose or a list: wrapped lines; a formula inline may make a line taller
    joined = re.sub(r"\n(?!\s*([-*+]|\d+\.)\s)", " ", s)
    height = _text_height(joined) * LINE_HEIGHT + BLOCK_GAP
    return height + 6 * len(re.findall(r"\\(frac|sum|tfrac|int)", s))


def _png_size(b64):
    head = base64.b64decode(b64[:64])
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _figure_scale(width, height, most=1.0):
    return min(most, (TEXT_WIDTH - 40) / width, FIGURE_MAX_HEIGHT / height)


def _figure_height(width, height, most=1.0):
    return height * _figure_scale(width, height, most) + 24


def _output_height(out):
    """Estimated px of one displayed output (a picture, an interactive figure, a table)."""
    data = out.get("data", {})
    html_out = data.get("text/html")
    html_out = "".join(html_out) if isinstance(html_out, list) else html_out
    if html_out and "vae-interactive" in html_out:
        size = _interactive_frame_size(html_out)
        rows = html_out.split('class="vae-numbers"', 1)[-1].count("<tr>")
        picture = size[1] * _interactive_scale(*size) if size else FIGURE_MAX_HEIGHT
        return INTERACTIVE_CONTROLS + max(picture, rows * 44)   # title, sliders, picture or the table beside it
    if html_out:
        return html_out.count("<tr") * 38 + 60
    size = _picture_size(out)
    if size:
        return _figure_height(*size, most=FIGURE_ENLARGE)
    return FIGURE_MAX_HEIGHT if "image/jpeg" in data else 0


def _picture_size(out):
    png = out.get("data", {}).get("image/png")
    if not png or "text/html" in out.get("data", {}):
        return None
    return _png_size(png if isinstance(png, str) else "".join(png))


def _for_slides(out):
    """A picture scaled to fill the slide (up to FIGURE_ENLARGE times, FIGURE_MAX_HEIGHT tall);
    a table's long numbers cut to 6 significant digits (a slide is no place for 18);
    interactive figures unchanged."""
    size = _picture_size(out)
    if size:  # a picture drawn larger, as far as the slide allows (as HTML: the width is ours to set)
        png = out["data"]["image/png"]
        png = png if isinstance(png, str) else "".join(png)
        width = int(size[0] * _figure_scale(*size, most=FIGURE_ENLARGE))
        out = copy.deepcopy(out)
        out["data"] = {"text/html": f'<img class="vae-slide-figure" alt="figure" style="width: {width}px; height: auto;" '
                                    f'src="data:image/png;base64,{png}">',
                       "text/plain": out["data"].get("text/plain", "")}
        return out
    html_out = out.get("data", {}).get("text/html")
    html_out = "".join(html_out) if isinstance(html_out, list) else html_out
    if html_out and "vae-interactive" in html_out:
        size = _interactive_frame_size(html_out)
        if not size:
            return out
        width = int(size[0] * _interactive_scale(*size))
        out = copy.deepcopy(out)
        out["data"]["text/html"] = html_out.replace('class="vae-frame" alt=', f'class="vae-frame" width="{width}" alt=', 1) \
            .replace('style="max-width: 100%; height: auto;"', f'style="width: {width}px; max-width: 100%; height: auto;"', 1)
        return out
    if not html_out or "<table" not in html_out:
        return out
    out = copy.deepcopy(out)
    out["data"]["text/html"] = re.sub(r"(?<=>)\s*(-?\d+\.\d{6,}(?:[eE][-+]?\d+)?)\s*(?=<)",
                                      lambda m: f"{float(m.group(1)):.6g}", html_out)
    return out


INTERACTIVE_CONTROLS = 106   # px: an interactive figure's title and sliders
INTERACTIVE_TABLE = 400      # px: the numbers beside its picture


def _interactive_frame_size(html_out):
    m = re.search(r'class="vae-frame"[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]{64})', html_out)
    return _png_size(m.group(1)) if m else None


def _interactive_scale(width, height):
    """An interactive figure's picture, as large as the slide allows beside its numbers."""
    return min(FIGURE_ENLARGE, (TEXT_WIDTH - INTERACTIVE_TABLE) / width,
               (FIGURE_MAX_HEIGHT + 40 - INTERACTIVE_CONTROLS) / height)


def _shown(out):
    return out.get("output_type") in ("display_data", "execute_result") and \
        any(k in out.get("data", {}) for k in DISPLAY_HTML)


def deck_of(nb):
    """A copy of nb cut and marked for the slides (see the rules above); the notebook itself
    is not changed."""
    nb = copy.deepcopy(nb)
    cells, used = [], [None]   # used[0]: estimated px filled on the current (sub)slide

    def add(cell, slide_type, height=0):
        cell.metadata["slideshow"] = {"slide_type": slide_type}
        if slide_type in ("slide", "subslide"):
            used[0] = height
        elif slide_type in ("-", "fragment"):
            used[0] = (used[0] or 0) + height
        cells.append(cell)

    def flow(cell, height):
        """On the current slide if it fits, else at the top of a new sub-slide."""
        add(cell, "subslide" if used[0] is not None and used[0] > 0 and used[0] + height > CONTENT_HEIGHT else "-", height)

    def piece(cell, k, **changes):
        c = copy.deepcopy(cell)
        c.update(changes)
        if k:
            c["id"] = f"{cell.get('id', 'cell')}-{k}"[:64]
        return c

    def hidden(i):
        """Whether cell i is a code cell kept off the slides (nothing to show)."""
        if i >= len(nb.cells) or nb.cells[i].cell_type != "code":
            return False
        c = nb.cells[i]
        return SHOW_CODE_TAG not in c.metadata.get("tags", []) and not any(_shown(o) for o in c.get("outputs", []))

    def prints(i):
        return any(not _shown(o) and o.get("output_type") != "error" for o in nb.cells[i].get("outputs", []))

    for i, cell in enumerate(nb.cells):
        explicit = cell.metadata.get("slideshow", {}).get("slide_type")
        if explicit:
            height = sum(map(_block_height, _md_blocks(cell.source))) if cell.cell_type == "markdown" else \
                sum(_output_height(o) for o in cell.get("outputs", []))
            add(cell, explicit, height)
            continue
        if cell.cell_type == "markdown":
            blocks = _md_blocks(cell.source)
            intro_only = len(blocks) == 1 and not _heading_level(blocks[0]) and hidden(i + 1)
            for k, block in enumerate(blocks):
                c = piece(cell, k, source=block)
                level = _heading_level(block)
                if intro_only and not prints(i + 1):
                    add(c, "skip")    # it introduces code that is skipped: nothing to say either
                elif intro_only or CHECK.match(block):
                    add(c, "notes")
                elif level and level <= 2:
                    add(c, "slide", _block_height(block))
                elif level:
                    add(c, "subslide", _block_height(block))
                else:
                    flow(c, _block_height(block))
            continue
        if cell.cell_type != "code":
            add(cell, "skip")
            continue
        show_code = SHOW_CODE_TAG in cell.metadata.get("tags", [])
        outputs = cell.get("outputs", [])
        shown = [o for o in outputs if _shown(o)]
        said = [o for o in outputs if not _shown(o) and o.get("output_type") != "error"]
        if show_code:
            c = piece(cell, 0, outputs=[])
            flow(c, len(cell.source.splitlines()) * 28 + 30)
        for k, out in enumerate(shown):   # each figure or table a block of its own
            c = piece(cell, f"out{k}", outputs=[_for_slides(out)])
            c["transient"] = {"remove_source": True}
            flow(c, _output_height(out))
        if said:
            c = piece(cell, 1, outputs=said)
            c["transient"] = {"remove_source": True}
            add(c, "notes")
        if not (show_code or shown or said):
            add(cell, "skip")
    nb.cells = cells
    return nb


# -- static files -----------------------------------------------------------------------

def _copy(src, dst):
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def copy_static(out):
    """Copies MathJax, require.js, jQuery and reveal.js into out/static (once per version)."""
    static = out / "static"
    if not (MATHJAX_SRC / "MathJax.js").exists():
        raise SiteError(f"MathJax not found in {MATHJAX_SRC}: run ./lecture setup (Debian's libjs-mathjax)")
    for src in (REQUIRE_SRC, JQUERY_SRC):
        if not src.exists():
            raise SiteError(f"{src} not found: run ./lecture setup (Debian's libjs-requirejs, libjs-jquery)")
    reveal = NODE_MODULES / "reveal.js"
    if not (reveal / "dist" / "reveal.js").exists():
        raise SiteError(f"reveal.js not found in {reveal}: run ./lecture setup (npm ci in environment/site)")
    stamp = static / "versions.json"
    versions = {"mathjax": (MATHJAX_SRC / "MathJax.js").stat().st_mtime,
                "reveal.js": json.loads((reveal / "package.json").read_text())["version"],
                "parts": MATHJAX_PARTS + REVEAL_PARTS}
    if stamp.exists() and json.loads(stamp.read_text()) == versions:
        return
    if static.exists():
        shutil.rmtree(static)
    for part in MATHJAX_PARTS:
        _copy(MATHJAX_SRC / part, static / "mathjax" / part)
    _copy(REQUIRE_SRC, static / "require.min.js")
    _copy(JQUERY_SRC, static / "jquery.min.js")
    for part in REVEAL_PARTS:
        _copy(reveal / part, static / "reveal.js" / part)
    stamp.write_text(json.dumps(versions))


# -- pages ------------------------------------------------------------------------------

SITE_CSS = """
<link rel="icon" href="data:,">
<style type="text/css">
nav.vae-nav { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; font-size: 14px;
  padding: 8px 16px; border-bottom: 1px solid #ddd; background: #fafafa; }
nav.vae-nav a { margin-right: 1.2em; }
</style>
"""


def _exporter_urls(prefix=""):
    return dict(mathjax_url=f"{prefix}static/mathjax/MathJax.js{MATHJAX_QUERY}",
                require_js_url=f"{prefix}static/require.min.js",
                jquery_url=f"{prefix}static/jquery.min.js")


def _nav(entries, i):
    e = entries[i]
    links = ['<a href="index.html">&#8962; 目录 Contents</a>']
    if i > 0:
        links.append(f'<a href="{entries[i-1]["page"]}" rel="prev">&larr; {html.escape(entries[i-1]["stem"])}</a>')
    if i + 1 < len(entries):
        links.append(f'<a href="{entries[i+1]["page"]}" rel="next">{html.escape(entries[i+1]["stem"])} &rarr;</a>')
    links.append(f'<a href="{e["slides"]}">幻灯片 Slides</a>')
    return f'<nav class="vae-nav">{"".join(links)}</nav>'


def _link_notebooks(page, entries, suffix):
    """Links between notebooks (href="02-jensen.ipynb#...") lead to their pages on the site."""
    stems = {e["stem"] for e in entries}

    def repl(m):
        stem = m.group(2)
        return f'{m.group(1)}{stem}{suffix}{m.group(3)}' if stem in stems else m.group(0)
    return re.sub(r'(href=["\'](?:\./)?)(\d\d-[^"\'#/]+)\.ipynb([#"\'])', repl, page)


def _shared_css(page, out):
    """Moves the large style sheets every page carries (JupyterLab's, about 550 kB) into
    css/ files shared by all pages: each page gets smaller and a browser parses them once."""
    def repl(m):
        css = m.group(1)
        if len(css) < 2000:
            return m.group(0)
        name = f"css/{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        target = out / name
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            target.write_text(css, encoding="utf-8")
        return f'<link rel="stylesheet" type="text/css" href="{name}">'
    return re.sub(r'<style type="text/css">(.*?)</style>', repl, page, flags=re.S)


def _lang_zh(page):
    return re.sub(r"<html(\s|>)", r'<html lang="zh-Hans"\1', page, count=1)


@functools.lru_cache(maxsize=None)
def _exporter(kind):
    """One exporter of each kind for the whole site (loading templates takes a while)."""
    from nbconvert import HTMLExporter, SlidesExporter
    if kind == "page":
        return HTMLExporter(template_name="lab", **_exporter_urls())
    # No scrolling inside a slide: a slide that does not fit is a fault (the browser test finds it).
    return SlidesExporter(reveal_url_prefix="static/reveal.js", reveal_scroll=False, reveal_theme="white",
                          reveal_number="c/t", exclude_input_prompt=True, exclude_output_prompt=True,
                          **_exporter_urls())


def render_page(nb, entries, i):
    body, _ = _exporter("page").from_notebook_node(nb, resources={"metadata": {"name": entries[i]["title_text"]}})
    body = body.replace("</head>", SITE_CSS + "</head>", 1)
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + _nav(entries, i), body, count=1)
    return _lang_zh(_link_notebooks(body, entries, ".html"))


# Long display formulas break at the slide's edge instead of running past it.
SLIDES_MATHJAX = """<script type="text/x-mathjax-config">
MathJax.Hub.Config({CommonHTML: {linebreaks: {automatic: true}}, "HTML-CSS": {linebreaks: {automatic: true}},
                   messageStyle: "none"});
</script>
"""
SLIDES_CSS = f"""<link rel="icon" href="data:,">
<style type="text/css">
:root {{ --jp-content-font-size1: {TEXT_PX}px; --jp-ui-font-size1: {TEXT_PX - 2}px; }}
.reveal h1, .reveal h2, .reveal h3 {{ text-transform: none; }}
.reveal h1 {{ font-size: 44px; }} .reveal h2 {{ font-size: 36px; }} .reveal h3 {{ font-size: 28px; }}
.reveal .jp-OutputArea-output img {{ max-height: {FIGURE_MAX_HEIGHT}px; max-width: 100%; height: auto; }}
.reveal .vae-interactive .vae-controls {{ font-size: 18px; margin: 4px 0 8px; }}
.reveal .vae-interactive table.vae-numbers {{ font-size: 17px; }}
.reveal .jp-Cell {{ padding: 0; }}
.reveal .jp-RenderedHTMLCommon table {{ font-size: 17px; }}
.reveal .jp-RenderedHTMLCommon td, .reveal .jp-RenderedHTMLCommon th {{ padding: 3px 8px; }}
</style>
"""
# The deck's geometry: a 16:9 slide the size of the screen the test uses (reveal.js scales it to any other).
REVEAL_SIZE = f"width: {SLIDE_WIDTH}, height: {SLIDE_HEIGHT}, margin: 0.02,"


def render_slides(nb, entries, entry):
    body, _ = _exporter("slides").from_notebook_node(deck_of(nb),
                                          resources={"metadata": {"name": entry["title_text"]}})
    if body.count("Reveal.initialize({") != 1:
        raise SiteError("nbconvert's reveal template changed: Reveal.initialize({ not found once, "
                        "cannot set the slide size")
    body = body.replace("Reveal.initialize({", "Reveal.initialize({ " + REVEAL_SIZE, 1)
    # require.js loads reveal.js as a module; the deck's Reveal is made global for the tests (and the console)
    body = body.replace("function(Reveal, RevealNotes){", "function(Reveal, RevealNotes){\n        window.Reveal = Reveal;", 1)
    body = re.sub(r"<head>", lambda m: m.group(0) + "\n" + SLIDES_MATHJAX, body, count=1)
    return _lang_zh(_link_notebooks(body.replace("</head>", SLIDES_CSS + "</head>", 1), entries, ".slides.html"))


def _inline_markdown(text):
    """Markdown (with $math$ kept for MathJax) to HTML without the outer paragraph."""
    from nbconvert.filters import markdown2html
    out = markdown2html(text).strip()
    m = re.fullmatch(r"<p>(.*)</p>", out, flags=re.S)
    return m.group(1) if m else out


INDEX = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>变分自编码器，一步一步运行 · Variational autoencoders, run step by step</title>
<script type="text/x-mathjax-config">
MathJax.Hub.Config({{tex2jax: {{inlineMath: [['$','$'], ['\\\\(','\\\\)']], processEscapes: true}},
                   CommonHTML: {{linebreaks: {{automatic: true}}}}}});
</script>
<script src="static/mathjax/MathJax.js{mathjax_query}"></script>
<style>
body {{ font-family: "Noto Sans CJK SC", "Noto Sans", "Helvetica Neue", Arial, sans-serif;
       max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
h1 {{ font-weight: 600; margin-bottom: 0.2em; }}
p.lead {{ color: #555; margin-top: 0; }}
ol.series {{ list-style: none; padding: 0; display: grid;
            grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1.2em; }}
ol.series li {{ border: 1px solid #ddd; border-radius: 6px; padding: 0.8em; background: #fff; }}
ol.series img {{ width: 100%; height: 190px; object-fit: contain; background: #f6f6f6;
                border-radius: 4px; }}
.noplot {{ height: 190px; display: flex; align-items: center; justify-content: center;
          background: #f6f6f6; color: #999; border-radius: 4px; }}
.num {{ color: #888; font-size: 0.9em; }}
h2 {{ font-size: 1.15em; margin: 0.5em 0 0.3em; overflow-x: auto; }}
h2 a {{ color: #1a4f8b; text-decoration: none; }}
p.summary {{ margin: 0.3em 0; font-size: 0.95em; line-height: 1.5; display: -webkit-box;
             -webkit-line-clamp: 5; -webkit-box-orient: vertical; overflow: hidden; }}
p.links a {{ margin-right: 1em; font-size: 0.9em; }}
</style>
</head>
<body>
<h1>变分自编码器，一步一步运行</h1>
<p class="lead">Variational autoencoders, run step by step: {count} notebooks on a Java
kernel, executed and rendered here in order. Every formula is computed, checked and plotted.</p>
<ol class="series">
{items}
</ol>
</body>
</html>
"""

ITEM = """<li id="{stem}">
<a href="{page}">{thumb}</a>
{number}<h2><a href="{page}">{title}</a></h2>
<p class="summary">{summary}</p>
<p class="links"><a href="{page}">页面 Page</a><a href="{slides}">幻灯片 Slides</a></p>
</li>"""


def render_index(entries):
    items = []
    for e in entries:
        thumb = (f'<img src="{e["thumb"]}" alt="{html.escape(e["title_text"])}: key plot">'
                 if e["thumb"] else '<div class="noplot">no plot</div>')
        number = ("" if e["title_text"].startswith(e["stem"][:2])  # "00 · Setup check"
                  else f'<div class="num">{html.escape(e["stem"][:2])}</div>\n')
        items.append(ITEM.format(stem=html.escape(e["stem"]), page=e["page"], slides=e["slides"],
                                 thumb=thumb, number=number,
                                 title=e["title_html"], summary=e["summary_html"]))
    return INDEX.format(mathjax_query=MATHJAX_QUERY, count=len(entries), items="\n".join(items))


# -- the site ---------------------------------------------------------------------------

def entries_for(paths):
    """What the index says about each notebook, and the notebooks themselves."""
    entries, nbs = [], []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        stem = path.stem
        title = title_of(nb, stem)
        entries.append({
            "stem": stem,
            "title_text": re.sub(r"[*_`]", "", title),
            "title_html": _inline_markdown(title),
            "summary": summary_of(nb),
            "summary_html": _inline_markdown(summary_of(nb)),
            "page": f"{stem}.html",
            "slides": f"{stem}.slides.html",
            "thumb": None,
            "key_plot": key_plot_of(nb),
        })
        nbs.append(nb)
    return entries, nbs


def build(notebooks_dir, out, slides=True, log=print):
    """Writes the site into out; returns the entries (one per notebook, in order)."""
    notebooks_dir, out = Path(notebooks_dir), Path(out)
    paths = sorted(notebooks_dir.glob("[0-9][0-9]-*.ipynb"))
    if not paths:
        raise SiteError(f"no executed notebooks in {notebooks_dir}: run the notebooks first (./lecture run)")
    out.mkdir(parents=True, exist_ok=True)
    copy_static(out)
    for stale in list(out.glob("*.html")) + list(out.glob("thumbs/*.png")) + list(out.glob("css/*.css")):
        stale.unlink()
    entries, nbs = entries_for(paths)
    (out / "thumbs").mkdir(exist_ok=True)
    for e in entries:
        if e["key_plot"]:
            e["thumb"] = f"thumbs/{e['stem']}.png"
            (out / e["thumb"]).write_bytes(e["key_plot"])
    for i, (e, nb) in enumerate(zip(entries, nbs)):
        (out / e["page"]).write_text(_shared_css(render_page(nb, entries, i), out), encoding="utf-8")
        if slides:
            (out / e["slides"]).write_text(_shared_css(render_slides(nb, entries, e), out), encoding="utf-8")
        log(f"site: {e['page']}" + (f", {e['slides']}" if slides else ""))
    (out / "index.html").write_text(render_index(entries), encoding="utf-8")
    manifest = [{k: e[k] for k in ("stem", "title_text", "summary", "page", "slides", "thumb")}
                for e in entries]
    (out / "site.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return entries


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", default=str(ROOT / "build" / "notebooks"),
                        help="folder of executed notebooks (default: build/notebooks)")
    parser.add_argument("--out", default=str(ROOT / "build" / "site"),
                        help="folder for the site (default: build/site)")
    parser.add_argument("--no-slides", action="store_true", help="skip the reveal.js slides")
    args = parser.parse_args(argv)
    try:
        entries = build(args.notebooks, args.out, slides=not args.no_slides)
    except SiteError as e:
        print(f"site: {e}", file=sys.stderr)
        return 1
    index = Path(args.out).resolve() / "index.html"
    print(f"site: {len(entries)} notebook{'' if len(entries) == 1 else 's'} in {Path(args.out).resolve()}; open {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
