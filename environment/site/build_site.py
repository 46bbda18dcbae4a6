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
  glossary.html            the bilingual glossary (i18n/zh/glossary.md), linked from both indexes
  runs.html                the recorded runs side by side, and a plot of each metric against the
                           swept parameter of each sweep (see "-- the runs page" below), linked
                           from both indexes; runs/ holds its plots and runs.json
  zh/                      the Chinese edition, when build/notebooks/zh/ holds it (written by
                           environment/i18n.py, executed like the English): index.html,
                           NN-name.html, NN-name.slides.html, runs.html under the same names, sharing
                           static/, css/ and (where the plot is the same) thumbs/

Both languages: every page and deck has a language switch (top right) to the same notebook
in the other language (a deck: to the slide showing the same cell); <html lang> is "en" or
"zh-Hans", and in a Chinese page the cells still in English (untranslated markdown, code and
its output) are marked lang="en". Every style names a CJK font (Noto Sans CJK SC, Debian's
fonts-noto-cjk) after the Latin ones. The Chinese index's one-line summaries come from
i18n/zh/site.po (see "-- languages" below).

What the index shows, per notebook:
  - title: the notebook's first markdown heading (in the Chinese index: the Chinese notebook's);
  - one line: notebook metadata "vae": {"summary": "..."} if present, else the first
    paragraph of markdown text;
  - thumbnail: the image/png output of the cell marked "vae": {"key_plot": true} in its
    cell metadata, else the notebook's last image/png output.

Slides: see "-- slides" below for the rules that cut a notebook into slides, speaker
notes and what is left off; they work on a copy while exporting, never on the notebooks.

Run with Debian's python3 (it sees Debian's nbconvert):
  /usr/bin/python3 environment/site/build_site.py [--notebooks DIR] [--out DIR]
(DIR/zh, when it holds notebooks, is the Chinese edition: no option needed.)
"""
import argparse
import base64
import copy
import functools
import hashlib
import html
import json
import math
import re
import shutil
import subprocess
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
CJK_WIDTH = 1.9             # a CJK character is 1 em (24 px) wide, an average Latin one about 13.4 px
# Han, kana, CJK punctuation, full-width forms (the characters a CJK font must draw)
CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u312f\u31c0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                 r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")
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


def _text_width(shown):
    """A line's width in average Latin characters: a CJK character (full width, 1 em) takes
    CJK_WIDTH of them."""
    wide = len(CJK.findall(shown))
    return len(shown) - wide + CJK_WIDTH * wide


def _text_height(text, chars_per_line=CHARS_PER_LINE):
    lines = 0
    for line in text.splitlines() or [""]:
        # a formula takes about 60 % of its source's width; markup takes none
        shown = re.sub(r"\$([^$]+)\$", lambda m: "x" * int(0.6 * len(m.group(1))), line)
        shown = re.sub(r"[*_`]|\]\([^)]*\)|\[", "", shown)
        lines += max(1, math.ceil(_text_width(shown) / chars_per_line))
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
        c.metadata["vae_source_cell"] = cell.get("id")   # which cell of the notebook it shows
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


# -- languages --------------------------------------------------------------------------
#
# The site in each edition of the series: English (the source, build/notebooks/, pages at the
# top of the site) and each translated edition (build/notebooks/LANG/, written by
# environment/i18n.py and executed like the source, pages in build/site/LANG/ under the same
# names). Every page and deck links to the same notebook in the other language (a deck: to the
# slide that shows the same cell). The index's one-line summaries of an edition come from
# i18n/LANG/site.po (msgctxt "NN-name/summary", msgid the English summary it translates): an
# entry that is missing, or whose English has changed since, leaves the English shown (marked
# lang="en"), as the notebooks do with an untranslated cell.

LANGUAGES = {
    "en": {"tag": "en", "folder": "", "name": "English", "contents": "Contents", "slides": "Slides",
           "page": "Page", "glossary": "Glossary · 术语表", "title": "Variational autoencoders, run step by step",
           "lead": "{count} notebooks on a Java kernel, executed and rendered here in order. Every formula is "
                   "computed, checked and plotted.",
           "no_plot": "no plot", "key_plot": "key plot", "untranslated": "",
           "switch_title": "This notebook in English", "index_switch_title": "The series in English",
           "runs": "Runs", "runs_title": "Runs side by side", "runs_switch_title": "The runs in English",
           "runs_lead": "Every recorded run of the series: one row per record (the runs of the copy this site was built "
                        "in, <code>runs/</code>, and the records committed under <code>records/</code>), a column per "
                        "parameter and per metric. The same table in a terminal: <code>./lecture runs</code> (with "
                        "<code>--where</code>, <code>--sort</code>, <code>--columns</code>, <code>--csv</code>).",
           "runs_none": "No runs recorded yet. A run of a notebook records itself; after it, <code>./lecture site</code> "
                        "rebuilds this page:",
           "runs_count": "Runs recorded: {n} ({own} in <code>runs/</code>, {committed} committed in <code>records/</code>).",
           "runs_skipped": "{n} file(s) left out, not records of the schema <code>{schema}</code> (docs/run-record.md):",
           "runs_sweeps": "Sweeps",
           "runs_no_sweep": "No sweep yet: runs of one notebook that differ in exactly one parameter are plotted here, "
                            "each metric against that parameter. A sweep makes such runs:",
           "runs_sweep": "{n} runs that differ only in {parameter}; the other parameters: {fixed}.",
           "runs_plot_alt": "{metric} against {parameter}, {name}",
           "runs_groups": {"run": "run", "parameter": "parameters", "metric": "metrics"},
           "runs_columns": {}},
    "zh": {"tag": "zh-Hans", "folder": "zh", "name": "中文", "contents": "目录", "slides": "幻灯片",
           "page": "页面", "glossary": "术语表 · Glossary", "title": "变分自编码器，一步一步运行",
           "lead": "在 Java 内核上运行的 {count} 个笔记本，按顺序执行并呈现在这里。每个公式都经过计算、检验并画成图。",
           "no_plot": "无图", "key_plot": "关键图", "untranslated": "尚有 {n} 个文字单元未翻译，以英文显示",
           "switch_title": "本笔记本的中文版", "index_switch_title": "本系列的中文版",
           "runs": "运行记录", "runs_title": "运行记录对照", "runs_switch_title": "运行记录的中文版",
           "runs_lead": "本系列每一次有记录的运行：每条记录一行（构建本网站的副本中 <code>runs/</code> 下的运行，以及提交在 "
                        "<code>records/</code> 下的记录），每个参数、每个指标各占一列。在终端里看同一张表："
                        "<code>./lecture runs</code>（可加 <code>--where</code>、<code>--sort</code>、"
                        "<code>--columns</code>、<code>--csv</code>）。",
           "runs_none": "还没有任何运行记录。运行一个笔记本就会留下它的记录；之后 <code>./lecture site</code> 会重新生成本页：",
           "runs_count": "有记录的运行：{n} 次（{own} 次在 <code>runs/</code> 中，{committed} 次提交在 <code>records/</code> 中）。",
           "runs_skipped": "有 {n} 个文件未列入，它们不是符合 <code>{schema}</code> 格式的记录（见 docs/run-record.md）：",
           "runs_sweeps": "参数扫描",
           "runs_no_sweep": "还没有参数扫描：同一笔记本只差一个参数的几次运行，会在这里按每个指标随该参数的变化各画一张图。"
                            "下面的扫描命令会产生这样的运行：",
           "runs_sweep": "{n} 次运行只在 {parameter} 上不同；其余参数：{fixed}。",
           "runs_plot_alt": "{name}：{metric} 随 {parameter} 的变化",
           "runs_groups": {"run": "运行", "parameter": "参数", "metric": "指标"},
           "runs_columns": {"id": "编号", "name": "名称", "preset": "预设", "status": "状态", "wall seconds": "耗时（秒）",
                            "commit": "提交", "dirty": "有未提交的改动", "java": "Java", "vector bits": "向量位宽",
                            "threads": "线程数", "weights": "权重摘要"}},
}
SOURCE_LANGUAGE = "en"
GLOSSARY = ROOT / "i18n" / "zh" / "glossary.md"
# The text fonts: the pages' own (JupyterLab's) for Latin text, then a CJK font named outright
# (Debian's fonts-noto-cjk), so that Chinese is drawn by the font we chose, not by whatever
# the browser falls back to, and never as empty boxes.
CJK_FONT = '"Noto Sans CJK SC"'
TEXT_FONTS = f"system-ui, -apple-system, blinkmacsystemfont, 'Segoe UI', helvetica, arial, {CJK_FONT}, sans-serif"
EMOJI_FONTS = "'Apple Color Emoji', 'Segoe UI Emoji', 'Segoe UI Symbol'"
# Code: JupyterLab's monospace fonts, then the monospaced CJK font of the same family, for a
# Chinese comment in a command shown in the text (the parameters sections of 03 and 06-09).
CODE_FONTS = "menlo, consolas, 'DejaVu Sans Mono', \"Noto Sans Mono CJK SC\", monospace"
# Chinese text breaks between any two characters, but not before a closing mark (line-break:
# strict); a long code name inside it may break rather than run past the edge.
CJK_CSS = """:lang(zh) { line-break: strict; overflow-wrap: break-word; }
:lang(zh) code { overflow-wrap: anywhere; }"""


class Edition:
    """The series in one language: its notebooks, entries and folder of the site."""

    def __init__(self, lang, notebooks_dir, site):
        self.lang, self.ui = lang, LANGUAGES[lang]
        self.tag, self.folder = self.ui["tag"], self.ui["folder"]
        self.site = Path(site)
        self.out = self.site / self.folder if self.folder else self.site
        self.prefix = "../" if self.folder else ""   # from a page of this edition to the site's root
        self.paths = sorted(Path(notebooks_dir).glob("[0-9][0-9]-*.ipynb"))
        self.entries, self.nbs = [], []
        self.other = None    # the edition in the other language, when there is one

    def read(self):
        self.entries, self.nbs = entries_for(self.paths, self.lang)
        return self

    def href_to(self, other, name):
        """A link from a page of this edition to the file `name` of `other`."""
        if self.folder == other.folder:
            return name
        return f"{self.prefix}{other.folder + '/' if other.folder else ''}{name}"

    def counterpart(self, stem):
        """The entry of the same notebook in the other language, or None."""
        if self.other is None:
            return None
        return next((e for e in self.other.entries if e["stem"] == stem), None)


def _is_translation(lang):
    return lang != SOURCE_LANGUAGE


def _untranslated(nb):
    return set(nb.metadata.get("vae", {}).get("edition", {}).get("untranslated_cells", []))


@functools.lru_cache(maxsize=None)
def _site_po(lang):
    """msgctxt -> (msgid, msgstr) of i18n/LANG/site.po (the index's summaries)."""
    path = ROOT / "i18n" / lang / "site.po"
    if not path.exists():
        return {}
    import polib
    return {e.msgctxt: (e.msgid, e.msgstr) for e in polib.pofile(str(path), wrapwidth=0)
            if not e.obsolete and e.msgstr.strip()}


def translated_summary(stem, english, lang):
    """The summary in `lang` if i18n/LANG/site.po translates this very English, else None."""
    msgid, msgstr = _site_po(lang).get(f"{stem}/summary", (None, None))
    return msgstr.strip() if msgid is not None and msgid.strip() == english.strip() else None


def _join_cjk_lines(source):
    """A line break between two CJK characters is no space in Chinese: the lines are joined
    (a browser would show the break as a space). Code fences and headings are left alone."""
    out, fence = [], False
    for line in source.splitlines():
        if FENCE.match(line):
            fence = not fence
        elif (not fence and out and line.strip() and CJK.fullmatch(out[-1][-1:] or " ")
              and CJK.match(line.lstrip()) and not HEADING.match(out[-1]) and not FENCE.match(out[-1])):
            out[-1] += line.lstrip()
            continue
        out.append(line)
    return "\n".join(out)


def for_display(nb, lang):
    """A copy of nb as the site shows it: each cell tagged with its id (a class in the HTML:
    "celltag_vae-cell-ID"; the language switch of a deck and the tests find cells by it); in
    a translation, Chinese lines joined, and the cells still in English (untranslated markdown,
    code and what it printed) tagged to be marked lang="en"."""
    nb = copy.deepcopy(nb)
    english = _untranslated(nb)
    for cell in nb.cells:
        tags = list(cell.metadata.get("tags", []))
        tags.append(f"vae-cell-{cell.get('id', 'none')}")
        if _is_translation(lang):
            if cell.cell_type == "code" or cell.get("id") in english:
                tags.append("vae-lang-en")
            elif cell.cell_type == "markdown":
                cell.source = _join_cjk_lines(cell.source)
        cell.metadata["tags"] = tags
    return nb


def _set_lang(page, tag):
    """The page's language on <html>, and lang="en" on the cells still in English."""
    def html_tag(m):
        attrs = re.sub(r'\s+lang="[^"]*"', "", m.group(1) or "")
        return f'<html lang="{tag}"{attrs}>'
    page = re.sub(r"<html(\s[^>]*)?>", html_tag, page, count=1)
    return re.sub(r'class="([^"]*celltag_vae-lang-en[^"]*)"', r'class="\1" lang="en"', page)


def _switch(ed, stem, kind):
    """The link to the same notebook (kind "page" or "slides"), or the index, in the other language."""
    other = ed.other
    if other is None:
        return ""
    if stem is None:
        href, title = ed.href_to(other, "index.html"), other.ui["index_switch_title"]
    else:
        e = ed.counterpart(stem)
        if e is None:
            return ""
        href, title = ed.href_to(other, e[kind]), other.ui["switch_title"]
    return (f'<a class="vae-lang-switch" id="vae-lang-switch" href="{href}" hreflang="{other.tag}" '
            f'lang="{other.tag}" title="{html.escape(title)}">{html.escape(other.ui["name"])}</a>')


# -- pages ------------------------------------------------------------------------------

SITE_CSS = f"""
<link rel="icon" href="data:,">
<style type="text/css">
:root {{ --jp-content-font-family: {TEXT_FONTS}, {EMOJI_FONTS};
        --jp-ui-font-family: {TEXT_FONTS}, {EMOJI_FONTS}; --jp-code-font-family: {CODE_FONTS}; }}
nav.vae-nav {{ font-family: {TEXT_FONTS}; font-size: 14px;
  padding: 8px 16px; border-bottom: 1px solid #ddd; background: #fafafa; }}
nav.vae-nav a {{ margin-right: 1.2em; }}
nav.vae-nav a.vae-lang-switch {{ float: right; margin-right: 0; font-weight: 600; }}
{CJK_CSS}
</style>
"""


def _exporter_urls(prefix=""):
    return dict(mathjax_url=f"{prefix}static/mathjax/MathJax.js{MATHJAX_QUERY}",
                require_js_url=f"{prefix}static/require.min.js",
                jquery_url=f"{prefix}static/jquery.min.js")


def _nav(ed, i):
    entries, ui = ed.entries, ed.ui
    e = entries[i]
    links = [f'<a href="index.html">&#8962; {ui["contents"]}</a>']
    if i > 0:
        links.append(f'<a href="{entries[i-1]["page"]}" rel="prev">&larr; {html.escape(entries[i-1]["stem"])}</a>')
    if i + 1 < len(entries):
        links.append(f'<a href="{entries[i+1]["page"]}" rel="next">{html.escape(entries[i+1]["stem"])} &rarr;</a>')
    links.append(f'<a href="{e["slides"]}">{ui["slides"]}</a>')
    if GLOSSARY.exists():
        links.append(f'<a href="{ed.prefix}glossary.html">{html.escape(ui["glossary"])}</a>')
    return f'<nav class="vae-nav">{_switch(ed, e["stem"], "page")}{"".join(links)}</nav>'


def _link_notebooks(page, entries, suffix):
    """Links between notebooks (href="02-jensen.ipynb#...") lead to their pages on the site."""
    stems = {e["stem"] for e in entries}

    def repl(m):
        stem = m.group(2)
        return f'{m.group(1)}{stem}{suffix}{m.group(3)}' if stem in stems else m.group(0)
    return re.sub(r'(href=["\'](?:\./)?)(\d\d-[^"\'#/]+)\.ipynb([#"\'])', repl, page)


def _shared_css(page, site, prefix=""):
    """Moves the large style sheets every page carries (JupyterLab's, about 550 kB) into
    css/ files shared by all pages (of both languages): each page gets smaller and a browser
    parses them once."""
    def repl(m):
        css = m.group(1)
        if len(css) < 2000:
            return m.group(0)
        name = f"css/{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        target = site / name
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            target.write_text(css, encoding="utf-8")
        return f'<link rel="stylesheet" type="text/css" href="{prefix}{name}">'
    return re.sub(r'<style type="text/css">(.*?)</style>', repl, page, flags=re.S)


@functools.lru_cache(maxsize=None)
def _exporter(kind, prefix=""):
    """One exporter of each kind per folder of the site (loading templates takes a while)."""
    from nbconvert import HTMLExporter, SlidesExporter
    if kind == "page":
        return HTMLExporter(template_name="lab", **_exporter_urls(prefix))
    # No scrolling inside a slide: a slide that does not fit is a fault (the browser test finds it).
    return SlidesExporter(reveal_url_prefix=f"{prefix}static/reveal.js", reveal_scroll=False, reveal_theme="white",
                          reveal_number="c/t", exclude_input_prompt=True, exclude_output_prompt=True,
                          **_exporter_urls(prefix))


def render_page(nb, ed, i):
    body, _ = _exporter("page", ed.prefix).from_notebook_node(
        for_display(nb, ed.lang), resources={"metadata": {"name": ed.entries[i]["title_text"]}})
    body = body.replace("</head>", SITE_CSS + "</head>", 1)
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + _nav(ed, i), body, count=1)
    return _set_lang(_link_notebooks(body, ed.entries, ".html"), ed.tag)


# Long display formulas break at the slide's edge instead of running past it.
SLIDES_MATHJAX = """<script type="text/x-mathjax-config">
MathJax.Hub.Config({CommonHTML: {linebreaks: {automatic: true}}, "HTML-CSS": {linebreaks: {automatic: true}},
                   messageStyle: "none"});
</script>
"""
# The language switch sits at the screen's top right; each slide keeps that corner free, so
# that it covers no slide text: a slide's first text flows around a float there (inside its
# cell: a figure or table below keeps the full width), a slide that opens on a figure starts
# that much lower.
SWITCH_BOX = (90, 36)   # px of the slide kept free at its top right
SLIDES_CSS = f"""<link rel="icon" href="data:,">
<style type="text/css">
:root {{ --jp-content-font-size1: {TEXT_PX}px; --jp-ui-font-size1: {TEXT_PX - 2}px;
        --jp-content-font-family: {TEXT_FONTS}, {EMOJI_FONTS};
        --jp-ui-font-family: {TEXT_FONTS}, {EMOJI_FONTS}; --jp-code-font-family: {CODE_FONTS}; }}
.reveal pre, .reveal code {{ font-family: {CODE_FONTS}; }}
.reveal, .reveal h1, .reveal h2, .reveal h3, .reveal h4, .reveal h5, .reveal h6 {{
  font-family: "Source Sans Pro", Helvetica, {CJK_FONT}, sans-serif; }}
.reveal h1, .reveal h2, .reveal h3 {{ text-transform: none; }}
.reveal h1 {{ font-size: 44px; }} .reveal h2 {{ font-size: 36px; }} .reveal h3 {{ font-size: 28px; }}
.reveal .jp-OutputArea-output img {{ max-height: {FIGURE_MAX_HEIGHT}px; max-width: 100%; height: auto; }}
.reveal .vae-interactive .vae-controls {{ font-size: 18px; margin: 4px 0 8px; }}
.reveal .vae-interactive table.vae-numbers {{ font-size: 17px; }}
.reveal .jp-Cell {{ padding: 0; }}
.reveal .jp-RenderedHTMLCommon table {{ font-size: 17px; }}
.reveal .jp-RenderedHTMLCommon td, .reveal .jp-RenderedHTMLCommon th {{ padding: 3px 8px; }}
.reveal .slides > section > section > div.jp-MarkdownCell:first-of-type .jp-RenderedMarkdown::before {{
  content: ""; float: right; width: {SWITCH_BOX[0]}px; height: {SWITCH_BOX[1]}px; }}
.reveal .slides > section > section > div.jp-CodeCell:first-of-type {{ margin-top: {SWITCH_BOX[1]}px; }}
a.vae-lang-switch {{ position: fixed; top: 6px; right: 14px; z-index: 40; font: 600 15px/1.3 {TEXT_FONTS};
  color: #1a4f8b; background: rgba(255, 255, 255, 0.9); border: 1px solid #c8d3e0; border-radius: 4px;
  padding: 2px 8px; text-decoration: none; }}
{CJK_CSS}
</style>
"""
# The deck's geometry: a 16:9 slide the size of the screen the test uses (reveal.js scales it to any other).
REVEAL_SIZE = f"width: {SLIDE_WIDTH}, height: {SLIDE_HEIGHT}, margin: 0.02,"
# Keeps the switch's link on the slide of the other deck that shows the same cell.
SWITCH_SCRIPT = """<script>
window.vaeLangSwitch = function (Reveal) {
  var link = document.getElementById('vae-lang-switch');
  if (!link) return;
  var base = link.getAttribute('href').split('#')[0];
  var map = %s;
  var follow = function () {
    var at = Reveal.getIndices(), to = map[at.h + '/' + (at.v || 0)];
    link.setAttribute('href', to ? base + '#/' + to : base);
  };
  Reveal.on('ready', follow);
  Reveal.on('slidechanged', follow);
};
</script>
"""


def slide_positions(deck):
    """(source cell id, h, v) of every piece of a deck (deck_of's cells) shown on a slide, in
    order, as nbconvert's reveal template places them: the first shown cell starts slide 0,
    "slide" the next slide, "subslide" the next slide below."""
    positions, h, v = [], None, 0
    for cell in deck.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind in ("notes", "skip"):
            continue
        if h is None:
            h, v = 0, 0
        elif kind == "slide":
            h, v = h + 1, 0
        elif kind == "subslide":
            v += 1
        positions.append((cell.metadata.get("vae_source_cell", cell.get("id")), h, v))
    return positions


def slide_map(mine, theirs):
    """For each slide of one deck ("h/v"), the slide of the other deck showing its first cell
    (the same piece of it where the other language has as many, else its last or first)."""
    where = {}
    for cell, h, v in theirs:
        where.setdefault(cell, []).append(f"{h}/{v}")
    result, seen, count = {}, [], {}
    for cell, h, v in mine:
        k = count.get(cell, 0)
        count[cell] = k + 1
        seen.append(cell)
        key = f"{h}/{v}"
        if key in result:
            continue
        target = None
        for c in reversed(seen):   # the cell, else the nearest earlier cell the other deck shows
            if c in where:
                places = where[c]
                target = places[min(k, len(places) - 1)] if c == cell else places[-1]
                break
        result[key] = target or "0/0"
    return result


def render_slides(deck, ed, i, smap=None):
    entry = ed.entries[i]
    body, _ = _exporter("slides", ed.prefix).from_notebook_node(deck, resources={"metadata": {"name": entry["title_text"]}})
    if body.count("Reveal.initialize({") != 1 or body.count("Reveal.addEventListener('slidechanged', update);") != 1:
        raise SiteError("nbconvert's reveal template changed: Reveal.initialize({ or the slidechanged listener "
                        "not found once, cannot set the slide size")
    body = body.replace("Reveal.initialize({", "Reveal.initialize({ " + REVEAL_SIZE, 1)
    # require.js loads reveal.js as a module; the deck's Reveal is made global for the tests (and the console)
    body = body.replace("function(Reveal, RevealNotes){", "function(Reveal, RevealNotes){\n        window.Reveal = Reveal;", 1)
    body = body.replace("Reveal.addEventListener('slidechanged', update);",
                        "Reveal.addEventListener('slidechanged', update);\n"
                        "        if (window.vaeLangSwitch) window.vaeLangSwitch(Reveal);", 1)
    body = re.sub(r"<head>", lambda m: m.group(0) + "\n" + SLIDES_MATHJAX, body, count=1)
    switch = _switch(ed, entry["stem"], "slides")
    if switch:
        script = SWITCH_SCRIPT % json.dumps(smap or {}, separators=(",", ":"))
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + switch + "\n" + script, body, count=1)
    body = body.replace("</head>", SLIDES_CSS + "</head>", 1)
    return _set_lang(_link_notebooks(body, ed.entries, ".slides.html"), ed.tag)


def _inline_markdown(text):
    """Markdown (with $math$ kept for MathJax) to HTML without the outer paragraph."""
    from nbconvert.filters import markdown2html
    out = markdown2html(text).strip()
    m = re.fullmatch(r"<p>(.*)</p>", out, flags=re.S)
    return m.group(1) if m else out


# The head every page of the site's own (index, glossary) starts with.
PAGE_HEAD = """<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
"""

INDEX = """<!DOCTYPE html>
<html lang="{tag}">
<head>
""" + PAGE_HEAD + """<script type="text/x-mathjax-config">
MathJax.Hub.Config({{tex2jax: {{inlineMath: [['$','$'], ['\\\\(','\\\\)']], processEscapes: true}},
                   CommonHTML: {{linebreaks: {{automatic: true}}}}}});
</script>
<script src="{prefix}static/mathjax/MathJax.js{mathjax_query}"></script>
<style>
body {{ font-family: {fonts};
       max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
nav.vae-top {{ text-align: right; font-size: 0.95em; }}
nav.vae-top a {{ margin-left: 1.2em; }}
a.vae-lang-switch {{ font-weight: 600; }}
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
.untranslated {{ color: #8a6d3b; font-size: 0.85em; margin: 0.2em 0; }}
h2 {{ font-size: 1.15em; margin: 0.5em 0 0.3em; overflow-x: auto; }}
h2 a {{ color: #1a4f8b; text-decoration: none; }}
p.summary {{ margin: 0.3em 0; font-size: 0.95em; line-height: 1.5; display: -webkit-box;
             -webkit-line-clamp: 5; -webkit-box-orient: vertical; overflow: hidden; }}
p.links a {{ margin-right: 1em; font-size: 0.9em; }}
{cjk_css}
</style>
</head>
<body>
<nav class="vae-top">{glossary}{switch}</nav>
<h1>{title}</h1>
<p class="lead">{lead}</p>
<ol class="series">
{items}
</ol>
</body>
</html>
"""

ITEM = """<li id="{stem}">
<a href="{page}">{thumb}</a>
{number}<h2{title_lang}><a href="{page}">{title}</a></h2>
<p class="summary"{summary_lang}>{summary}</p>{untranslated}
<p class="links"><a href="{page}">{page_label}</a><a href="{slides}">{slides_label}</a></p>
</li>"""


def _lang_attr(value):
    return f' lang="{value}"' if value else ""


def render_index(ed):
    ui, items = ed.ui, []
    for e in ed.entries:
        thumb = (f'<img src="{e["thumb"]}" alt="{html.escape(e["title_text"])}: {ui["key_plot"]}">'
                 if e["thumb"] else f'<div class="noplot">{ui["no_plot"]}</div>')
        number = ("" if e["title_text"].startswith(e["stem"][:2])  # "00 · Setup check"
                  else f'<div class="num">{html.escape(e["stem"][:2])}</div>\n')
        untranslated = (f'\n<p class="untranslated">{ui["untranslated"].format(n=e["untranslated"])}</p>'
                        if e["untranslated"] and ui["untranslated"] else "")
        items.append(ITEM.format(stem=html.escape(e["stem"]), page=e["page"], slides=e["slides"],
                                 thumb=thumb, number=number, title=e["title_html"], summary=e["summary_html"],
                                 title_lang=_lang_attr(e["title_lang"]), summary_lang=_lang_attr(e["summary_lang"]),
                                 untranslated=untranslated, page_label=ui["page"], slides_label=ui["slides"]))
    glossary = f'<a href="{ed.prefix}glossary.html">{html.escape(ui["glossary"])}</a>' if GLOSSARY.exists() else ""
    glossary = f'<a href="{RUNS_PAGE}">{html.escape(ui["runs"])}</a>' + glossary
    return INDEX.format(tag=ed.tag, title=ui["title"], lead=ui["lead"].format(count=len(ed.entries)),
                        prefix=ed.prefix, mathjax_query=MATHJAX_QUERY, fonts=TEXT_FONTS, cjk_css=CJK_CSS,
                        glossary=glossary, switch=_switch(ed, None, "index"), items="\n".join(items))


GLOSSARY_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
""" + PAGE_HEAD + """<script type="text/x-mathjax-config">
MathJax.Hub.Config({{tex2jax: {{inlineMath: [['$','$'], ['\\\\(','\\\\)']], processEscapes: true}}}});
</script>
<script src="static/mathjax/MathJax.js{mathjax_query}"></script>
<style>
body {{ font-family: {fonts}; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.55; }}
nav.vae-top a {{ margin-right: 1.2em; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #ddd; padding: 4px 10px; text-align: left; vertical-align: top; }}
th {{ background: #f6f6f6; }}
tr:nth-child(even) td {{ background: #fbfbfb; }}
a.anchor-link {{ visibility: hidden; margin-left: 0.3em; text-decoration: none; color: #999; }}
h1:hover a.anchor-link, h2:hover a.anchor-link {{ visibility: visible; }}
{cjk_css}
</style>
</head>
<body>
<nav class="vae-top">{links}</nav>
{body}
</body>
</html>
"""


def _mark_chinese(body):
    """lang="zh-Hans" on each paragraph, heading, list item or table cell written mostly in Chinese."""
    def repl(m):
        tag, attrs, inner = m.group(1), m.group(2) or "", m.group(3)
        text = re.sub(r"<[^>]+>|\$[^$]*\$", "", inner)
        cjk, latin = len(CJK.findall(text)), len(re.findall(r"[A-Za-z]", text))
        if "lang=" in attrs or not cjk or 2 * cjk < latin:
            return m.group(0)
        return f'<{tag}{attrs} lang="zh-Hans">{inner}'
    return re.sub(r"<(p|h[1-6]|li|td|th)(\s[^>]*)?>(.*?)(?=</\1>)", repl, body, flags=re.S)


def render_glossary(editions):
    from nbconvert.filters import markdown2html
    source = GLOSSARY.read_text(encoding="utf-8")
    title = next((HEADING.match(line).group(2) for line in source.splitlines() if HEADING.match(line)), "Glossary")
    body = _mark_chinese(markdown2html(source))
    links = "".join(f'<a href="{ed.folder + "/" if ed.folder else ""}index.html" hreflang="{ed.tag}" lang="{ed.tag}">'
                    f'&#8962; {ed.ui["contents"]}</a>' for ed in editions)
    return GLOSSARY_PAGE.format(title=html.escape(re.sub(r"[*_`]", "", title)), mathjax_query=MATHJAX_QUERY,
                                fonts=TEXT_FONTS, cjk_css=CJK_CSS, links=links, body=body)


# -- the runs page ----------------------------------------------------------------------
#
# runs.html (and LANG/runs.html): the recorded runs side by side, as ./lecture runs prints them,
# and for each sweep (runs of one notebook that differ in exactly one parameter) a plot of each
# metric against that parameter. The Java library reads the records, makes the table and draws
# the plots (vae.run.RunsPage, one JVM start for both languages: a plot's words are the data's
# own names, the same in both), into build/site/runs/ (runs.json and the PNGs); this builder
# writes the page in each language around them. The records are those of the copy the site is
# built in (runs/*/record.json, records/**/*.json), or of the folder given as runs_from.

RUNS_PAGE = "runs.html"
RUNS_FOLDER = "runs"          # of the site: runs.json and the plots
CLASSPATH = ROOT / "lib" / "target" / "classpath"


def runs_data(out, runs_from=ROOT):
    """Runs vae.run.RunsPage on the records of the copy `runs_from`: writes out/runs/ (the plots)
    and returns what it found (runs.json: the table's cells, the files left out, the sweeps)."""
    if not (CLASSPATH / "vae-lib.jar").exists():
        raise SiteError(f"the runs page needs the library, {CLASSPATH / 'vae-lib.jar'} is missing: run ./lecture setup")
    folder = Path(out) / RUNS_FOLDER
    cmd = ["java", "-Djava.awt.headless=true", "-XX:TieredStopAtLevel=1", "-cp", f"{CLASSPATH}/*",
           "vae.run.RunsPage", "--copy", str(runs_from), "--out", str(folder)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except FileNotFoundError:
        raise SiteError("the runs page needs Java (java not found): run ./lecture setup") from None
    if done.returncode != 0:
        raise SiteError(f"the runs page: vae.run.RunsPage failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads((folder / "runs.json").read_text(encoding="utf-8"))


RUNS_HTML = """<!DOCTYPE html>
<html lang="{tag}">
<head>
""" + PAGE_HEAD + """<script type="text/x-mathjax-config">
MathJax.Hub.Config({{tex2jax: {{inlineMath: [['$','$'], ['\\\\(','\\\\)']], processEscapes: true}}}});
</script>
<script src="{prefix}static/mathjax/MathJax.js{mathjax_query}"></script>
<style>
body {{ font-family: {fonts}; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }}
nav.vae-top {{ text-align: right; font-size: 0.95em; }}
nav.vae-top a {{ margin-left: 1.2em; }}
a.vae-lang-switch {{ font-weight: 600; }}
h1 {{ font-weight: 600; margin-bottom: 0.2em; }}
p.lead {{ color: #555; margin-top: 0; }}
pre.command {{ background: #f6f6f6; padding: 0.6em 1em; border-radius: 4px; overflow-x: auto; }}
div.runs-table {{ overflow-x: auto; margin: 1em 0; }}
table.runs {{ border-collapse: collapse; font-size: 0.85em; white-space: nowrap; }}
table.runs th, table.runs td {{ border: 1px solid #ddd; padding: 3px 8px; text-align: left; }}
table.runs td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
table.runs th {{ background: #f6f6f6; }}
table.runs th.group {{ text-align: left; color: #555; font-weight: 600; }}
table.runs th.parameter, table.runs th.group-parameter {{ background: #eef4fb; }}
table.runs th.metric, table.runs th.group-metric {{ background: #f3f9ef; }}
table.runs tr.failed td {{ color: #a33; }}
ul.skipped li {{ font-family: monospace; font-size: 0.9em; }}
div.plots {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 1em; }}
div.plots figure {{ margin: 0; }}
div.plots img {{ width: 100%; height: auto; border: 1px solid #eee; }}
figcaption {{ font-size: 0.9em; color: #555; }}
{cjk_css}
</style>
</head>
<body>
<nav class="vae-top"><a href="index.html">&#8962; {contents}</a>{glossary}{switch}</nav>
<h1>{title}</h1>
<p class="lead">{lead}</p>
{body}
</body>
</html>
"""


NUMBER_CELL, FAILED_ROW = ' class="num"', ' class="failed"'


def _runs_table(data, ui):
    """The table of runs as HTML: a row of column groups (the run, its parameters, its metrics), the
    column names (a run's own columns named in the page's language), one row per record."""
    columns, head, groups = data["columns"], [], []
    for c in columns:
        if groups and groups[-1][0] == c["kind"]:
            groups[-1][1] += 1
        else:
            groups.append([c["kind"], 1])
    group_row = "".join(f'<th class="group group-{kind}" colspan="{n}">{html.escape(ui["runs_groups"][kind])}</th>'
                        for kind, n in groups)
    for c in columns:
        label = ui["runs_columns"].get(c["name"], c["name"]) if c["kind"] == "run" else c["name"]
        title = f' title="{html.escape(c["name"])}"' if label != c["name"] else ""
        head.append(f'<th class="{c["kind"]}"{title}>{html.escape(label)}</th>')
    status = next((i for i, c in enumerate(columns) if c["name"] == "status"), None)
    rows = []
    for row in data["rows"]:
        cells = "".join(f'<td{NUMBER_CELL if c["numeric"] else ""}>{html.escape(v)}</td>' for c, v in zip(columns, row))
        failed = status is not None and row[status] == "failed"
        rows.append(f'<tr{FAILED_ROW if failed else ""}>{cells}</tr>')
    return (f'<div class="runs-table"><table class="runs">\n<thead><tr>{group_row}</tr>\n<tr>{"".join(head)}</tr></thead>\n'
            f'<tbody>\n' + "\n".join(rows) + '\n</tbody></table></div>')


def render_runs(ed, data):
    """runs.html of one edition from RunsPage's data (runs_data)."""
    ui, parts = ed.ui, []
    command = f'<pre class="command"><code>{html.escape(data["makeOne"])}\n./lecture site</code></pre>'
    if data["skipped"]:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in data["skipped"])
        parts.append(f'<p>{ui["runs_skipped"].format(n=len(data["skipped"]), schema=html.escape(data["schema"]))}</p>'
                     f'\n<ul class="skipped" lang="en">{items}</ul>')
    if not data["records"]:
        parts.append(f'<p class="none">{ui["runs_none"]}</p>\n{command}')
    else:
        committed = data["records"] - data["ownRuns"]
        parts.append(f'<p>{ui["runs_count"].format(n=data["records"], own=data["ownRuns"], committed=committed)}</p>')
        parts.append(_runs_table(data, ui))
        parts.append(f'<h2>{html.escape(ui["runs_sweeps"])}</h2>')
        if not data["sweeps"]:
            parts.append(f'<p class="none">{ui["runs_no_sweep"]}</p>\n{command}')
    for sweep in data["sweeps"]:
        fixed = ", ".join(f"{k} = {v}" for k, v in sweep["fixed"].items())
        values = ", ".join(sweep["values"])
        parts.append(f'<h3>{html.escape(sweep["name"])}: {html.escape(sweep["parameter"])} = {html.escape(values)}</h3>')
        parts.append(f'<p>{ui["runs_sweep"].format(n=len(sweep["runs"]), parameter=html.escape(sweep["parameter"]), fixed=html.escape(fixed) or "-")}</p>')
        figures = []
        for plot in sweep["plots"]:
            alt = ui["runs_plot_alt"].format(metric=plot["metric"], parameter=sweep["parameter"], name=sweep["name"])
            figures.append(f'<figure><img src="{ed.prefix}{RUNS_FOLDER}/{html.escape(plot["file"])}" alt="{html.escape(alt)}">'
                           f'<figcaption>{html.escape(alt)}</figcaption></figure>')
        parts.append('<div class="plots">\n' + "\n".join(figures) + '\n</div>')
    glossary = f'<a href="{ed.prefix}glossary.html">{html.escape(ui["glossary"])}</a>' if GLOSSARY.exists() else ""
    return RUNS_HTML.format(tag=ed.tag, title=html.escape(ui["runs_title"]), prefix=ed.prefix, mathjax_query=MATHJAX_QUERY,
                            fonts=TEXT_FONTS, cjk_css=CJK_CSS, contents=ui["contents"], glossary=glossary,
                            switch=_switch_page(ed, RUNS_PAGE), lead=ui["runs_lead"], body="\n".join(parts))


def _switch_page(ed, name):
    """The language switch of a page the site has once per language under the same name (runs.html)."""
    other = ed.other
    if other is None:
        return ""
    return (f'<a class="vae-lang-switch" id="vae-lang-switch" href="{ed.href_to(other, name)}" hreflang="{other.tag}" '
            f'lang="{other.tag}" title="{html.escape(other.ui["runs_switch_title"])}">{html.escape(other.ui["name"])}</a>')


def build_runs_pages(editions, out, runs_from=ROOT, log=print):
    """runs.html in every edition (and build/site/runs/); returns RunsPage's data."""
    data = runs_data(out, runs_from)
    for ed in editions:
        (ed.out / RUNS_PAGE).write_text(render_runs(ed, data), encoding="utf-8")
    log(f"site: {RUNS_PAGE}: {data['records']} runs, {len(data['sweeps'])} sweeps, "
        f"{sum(len(s['plots']) for s in data['sweeps'])} plots" + (f", {len(data['skipped'])} files left out" if data["skipped"] else ""))
    for line in data["skipped"]:
        log(f"site: {RUNS_PAGE}: left out {line}")
    return data


# -- the site ---------------------------------------------------------------------------

def _title_cell(nb):
    """(cell, heading text) of the notebook's first markdown heading, or (None, None)."""
    for cell, lines in _markdown_lines(nb):
        for line in lines:
            m = HEADING.match(line)
            if m:
                return cell, m.group(2)
    return None, None


def entries_for(paths, lang=SOURCE_LANGUAGE):
    """What the index says about each notebook, and the notebooks themselves."""
    entries, nbs = [], []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        stem = path.stem
        title = title_of(nb, stem)
        english = _untranslated(nb)
        cell, _ = _title_cell(nb)
        summary, summary_lang = summary_of(nb), None
        if _is_translation(lang):
            translated = translated_summary(stem, summary, lang)
            summary, summary_lang = (translated, None) if translated else (summary, "en")
        entries.append({
            "stem": stem,
            "title_text": re.sub(r"[*_`]", "", title),
            "title_html": _inline_markdown(title),
            "title_lang": "en" if _is_translation(lang) and (cell is None or cell.get("id") in english) else None,
            "summary": summary,
            "summary_html": _inline_markdown(summary),
            "summary_lang": summary_lang,
            "untranslated": len(english),
            "page": f"{stem}.html",
            "slides": f"{stem}.slides.html",
            "thumb": None,
            "key_plot": key_plot_of(nb),
        })
        nbs.append(nb)
    return entries, nbs


def editions_in(notebooks_dir, out, translations=None):
    """The English edition (notebooks_dir) and each translation found in notebooks_dir/LANG
    (translations: {lang: folder} to take a translation's notebooks from elsewhere)."""
    notebooks_dir = Path(notebooks_dir)
    found = [Edition(SOURCE_LANGUAGE, notebooks_dir, out)]
    for lang, ui in LANGUAGES.items():
        folder = Path((translations or {}).get(lang, notebooks_dir / ui["folder"]))
        if _is_translation(lang) and any(folder.glob("[0-9][0-9]-*.ipynb")):
            found.append(Edition(lang, folder, out))
    return found


def build(notebooks_dir, out, slides=True, log=print, runs_from=ROOT):
    """Writes the site into out (English) and out/LANG (each translation found in
    notebooks_dir/LANG); returns the English entries (one per notebook, in order)."""
    return build_editions(notebooks_dir, out, slides=slides, log=log, runs_from=runs_from)[0].entries


def build_editions(notebooks_dir, out, slides=True, log=print, translations=None, runs_from=ROOT):
    """As build(); returns every edition built (the English first). The runs page shows the
    records of the copy `runs_from` (this one by default)."""
    notebooks_dir, out = Path(notebooks_dir), Path(out)
    editions = editions_in(notebooks_dir, out, translations)
    if not editions[0].paths:
        raise SiteError(f"no executed notebooks in {notebooks_dir}: run the notebooks first (./lecture run)")
    out.mkdir(parents=True, exist_ok=True)
    copy_static(out)
    for stale in list(out.glob("*.html")) + list(out.glob("thumbs/*.png")) + list(out.glob("css/*.css")):
        stale.unlink()
    built = {ed.folder for ed in editions}
    for lang, ui in LANGUAGES.items():   # an edition no longer built leaves no pages behind
        if ui["folder"] and ui["folder"] not in built and (out / ui["folder"]).is_dir():
            shutil.rmtree(out / ui["folder"])
    for ed in editions:
        ed.read()
    if len(editions) > 1:   # two languages: each page links to its counterpart
        source = editions[0]
        for ed in editions[1:]:
            ed.other, source.other = source, ed
    english_thumbs = {}
    for ed in editions:
        ed.out.mkdir(parents=True, exist_ok=True)
        for stale in list(ed.out.glob("*.html")) + list(ed.out.glob("thumbs/*.png")):
            stale.unlink()
        for e in ed.entries:
            if not e["key_plot"]:
                continue
            if english_thumbs.get(e["stem"]) == e["key_plot"]:   # the same plot (outputs are the same): shared
                e["thumb"] = f"{ed.prefix}thumbs/{e['stem']}.png"
                continue
            e["thumb"] = f"thumbs/{e['stem']}.png"
            (ed.out / "thumbs").mkdir(exist_ok=True)
            (ed.out / e["thumb"]).write_bytes(e["key_plot"])
            if not ed.folder:
                english_thumbs[e["stem"]] = e["key_plot"]
    decks = {}
    if slides:
        for ed in editions:
            decks[ed.lang] = [deck_of(for_display(nb, ed.lang)) for nb in ed.nbs]
    for ed in editions:
        for i, (e, nb) in enumerate(zip(ed.entries, ed.nbs)):
            (ed.out / e["page"]).write_text(_shared_css(render_page(nb, ed, i), out, ed.prefix), encoding="utf-8")
            if slides:
                smap = None
                other = ed.counterpart(e["stem"])
                if other is not None:
                    j = ed.other.entries.index(other)
                    smap = slide_map(slide_positions(decks[ed.lang][i]), slide_positions(decks[ed.other.lang][j]))
                deck = render_slides(decks[ed.lang][i], ed, i, smap)
                (ed.out / e["slides"]).write_text(_shared_css(deck, out, ed.prefix), encoding="utf-8")
            log(f"site: {ed.folder + '/' if ed.folder else ''}{e['page']}" + (f", {e['slides']}" if slides else ""))
        (ed.out / "index.html").write_text(render_index(ed), encoding="utf-8")
        manifest = [{k: e[k] for k in ("stem", "title_text", "summary", "page", "slides", "thumb")}
                    for e in ed.entries]
        (ed.out / "site.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    if GLOSSARY.exists():
        (out / "glossary.html").write_text(render_glossary(editions), encoding="utf-8")
    build_runs_pages(editions, out, runs_from, log)
    for ed in editions[1:]:
        stale = [e["stem"] for e in ed.entries if e["summary_lang"]]
        if stale:
            log(f"site: {ed.lang}: {len(stale)} summaries shown in English (none in i18n/{ed.lang}/site.po for "
                f"the current English): {', '.join(stale)}")
    return editions


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", default=str(ROOT / "build" / "notebooks"),
                        help="folder of executed notebooks (default: build/notebooks); a translation, "
                             "if any, in its subfolder (zh/)")
    parser.add_argument("--out", default=str(ROOT / "build" / "site"),
                        help="folder for the site (default: build/site); a translation's pages in its subfolder")
    parser.add_argument("--no-slides", action="store_true", help="skip the reveal.js slides")
    args = parser.parse_args(argv)
    try:
        editions = build_editions(args.notebooks, args.out, slides=not args.no_slides)
    except SiteError as e:
        print(f"site: {e}", file=sys.stderr)
        return 1
    for ed in editions:
        index = ed.out.resolve() / "index.html"
        count = len(ed.entries)
        print(f"site: {ed.ui['name']}: {count} notebook{'' if count == 1 else 's'} in {ed.out.resolve()}; open {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
