#!/usr/bin/python3
"""The series in a second language, gettext's way: one source, a translation per cell.

The English notebooks in notebooks/ are the source: their code cells are the program, their
markdown cells the English text. A translation lives in a PO file per notebook and language,
i18n/LANG/NN-name.po, one entry per markdown cell:

    #. NN-name.ipynb, markdown cell 3 of 18
    msgctxt "NN-name/CELL-ID"          the cell, by its nbformat id
    msgid "..."                        the English text it was translated from
    msgstr "..."                       the translation

The edition in that language, notebooks/LANG/NN-name.ipynb, is built from the two: the
source notebook with each markdown cell's text replaced by its msgstr (a cell without a
current translation, missing, stale or fuzzy, stays in English until it has one). The code cells are
copied, never translated, so both editions run the same program and print the same numbers.
Because each entry keeps the English it was translated from, a translation is *stale* when
the English cell has changed since: `update` then marks the entry fuzzy and keeps the old
English beside the new (``#| msgid``) so that the translator sees what changed, and `check`
names every cell that is missing, empty, fuzzy or stale.

    python3 environment/i18n.py update [--lang zh]   write/refresh the PO files from the source
    python3 environment/i18n.py check  [--lang zh]   list untranslated or stale cells; exit 1 if any
    python3 environment/i18n.py build  [--lang zh]   write notebooks/LANG/ from source + PO files

PO files open in any gettext tool (Poedit, Emacs po-mode, `msgfmt --check`); polib reads and
writes them here. Run with Debian's python3 (python3-polib, nbformat).
"""
import argparse
import copy
import sys
from pathlib import Path

import nbformat
import polib

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
I18N = ROOT / "i18n"
LANGUAGES = {"zh": "zh-Hans"}   # edition folder -> BCP 47 tag (pages' lang attribute)


def source_notebooks():
    """The English source notebooks, in series order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def po_path(notebook, lang):
    return I18N / lang / (notebook.stem + ".po")


def edition_path(notebook, lang):
    return NOTEBOOKS / lang / notebook.name


def context(notebook, cell):
    return f"{notebook.stem}/{cell.id}"


def markdown_cells(nb):
    return [c for c in nb.cells if c.cell_type == "markdown"]


def read_po(path):
    return polib.pofile(str(path), wrapwidth=0) if path.exists() else None


def current_entries(path):
    """msgctxt -> entry of the PO file at path (obsolete entries left out); {} when there is none."""
    po = read_po(path)
    return {e.msgctxt: e for e in po if not e.obsolete} if po else {}


def follow(entry, english):
    """Points a translated entry at the English it now stands for. When that English changed, the
    translation is marked fuzzy, keeping (``#| msgid``) the English it was made from."""
    if entry.msgid == english:
        return
    if entry.msgstr and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
        entry.previous_msgid = entry.msgid
    entry.msgid = english


def state(entry, english):
    """Why an entry is not a current translation of `english` (a line's start), or None when it is."""
    if entry is None or not entry.msgstr.strip():
        return "missing"
    if entry.msgid != english:
        return "stale (the English changed since it was translated)"
    if "fuzzy" in entry.flags:
        return "fuzzy (marked for review)"
    return None


def update(lang):
    """Brings each PO file in line with its source notebook, keeping every translation."""
    for notebook in source_notebooks():
        nb = nbformat.read(notebook, as_version=4)
        path = po_path(notebook, lang)
        old = read_po(path)
        old_by_context = {e.msgctxt: e for e in old} if old else {}
        po = polib.POFile(wrapwidth=0)
        po.metadata = old.metadata if old else {
            "Project-Id-Version": "vae-lecture",
            "Language": lang,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
        cells = markdown_cells(nb)
        for number, cell in enumerate(cells, start=1):
            ctx = context(notebook, cell)
            entry = old_by_context.get(ctx)
            if entry is None:
                entry = polib.POEntry(msgctxt=ctx, msgid=cell.source)
            else:
                follow(entry, cell.source)
            entry.comment = f"{notebook.name}, markdown cell {number} of {len(cells)}"
            po.append(entry)
        gone = set(old_by_context) - {context(notebook, c) for c in cells}
        for ctx in sorted(gone):   # a deleted cell's translation is kept, obsolete, for reuse
            entry = old_by_context[ctx]
            if entry.msgstr:
                entry.obsolete = True
                po.append(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = str(po)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            _write_atomically(path, text)
            print(f"i18n: wrote {path.relative_to(ROOT)}")
    update_site(lang)


def site_summaries():
    """(context, English summary) of each source notebook's one line on the site's index (metadata vae.summary)."""
    out = []
    for notebook in source_notebooks():
        summary = nbformat.read(notebook, as_version=4).metadata.get("vae", {}).get("summary")
        if summary:
            out.append((f"{notebook.stem}/summary", summary))
    return out


def update_site(lang):
    """Brings i18n/LANG/site.po (the index's summaries) in line with the notebooks' vae.summary, as update does for cells."""
    path = I18N / lang / "site.po"
    po = read_po(path)
    if po is None:
        return
    by_context = {e.msgctxt: e for e in po if not e.obsolete}
    before = str(po)
    for ctx, summary in site_summaries():
        entry = by_context.get(ctx)
        if entry is None:
            po.append(polib.POEntry(msgctxt=ctx, msgid=summary, comment=f"{ctx.split('/')[0]}.ipynb, metadata vae.summary"))
        else:
            follow(entry, summary)
    if str(po) != before:
        _write_atomically(path, str(po))
        print(f"i18n: wrote {path.relative_to(ROOT)}")


def problems(lang):
    """Every markdown cell of the source without a current translation, as readable lines."""
    found = []
    for notebook in source_notebooks():
        nb = nbformat.read(notebook, as_version=4)
        entries = current_entries(po_path(notebook, lang))
        for number, cell in enumerate(markdown_cells(nb), start=1):
            why = state(entries.get(context(notebook, cell)), cell.source)
            if why:
                first_line = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else ""
                found.append(f"{why}: {notebook.name} markdown cell {number} (id {cell.id}, \"{first_line}\")")
    site_entries = current_entries(I18N / lang / "site.po")
    for ctx, summary in site_summaries():
        why = state(site_entries.get(ctx), summary)
        if why:
            found.append(f"{why}: i18n/{lang}/site.po, the index's summary of {ctx.split('/')[0]}")
    return found


def build_edition(notebook, lang):
    """The notebook in `lang`: the source with every markdown cell translated; code untouched."""
    nb = nbformat.read(notebook, as_version=4)
    entries = current_entries(po_path(notebook, lang))
    edition = copy.deepcopy(nb)
    untranslated = []
    for cell in edition.cells:
        if cell.cell_type != "markdown":
            continue
        entry = entries.get(context(notebook, cell))
        # As msgfmt does, a fuzzy entry (the English changed since; not yet reviewed) is not used.
        if state(entry, cell.source) is None:
            cell.source = entry.msgstr
        else:
            untranslated.append(cell.id)
    vae = edition.metadata.setdefault("vae", {})
    vae["edition"] = {"language": LANGUAGES[lang], "source": f"../{notebook.name}",
                      "untranslated_cells": untranslated}
    return edition


def build(lang):
    for notebook in source_notebooks():
        edition = build_edition(notebook, lang)
        path = edition_path(notebook, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, nbformat.writes(edition) + "\n")
        missing = edition.metadata["vae"]["edition"]["untranslated_cells"]
        note = f" ({len(missing)} cells still in English)" if missing else ""
        print(f"i18n: wrote {path.relative_to(ROOT)}{note}")


def _write_atomically(path, text):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["update", "check", "build"])
    parser.add_argument("--lang", default="zh", choices=sorted(LANGUAGES))
    args = parser.parse_args(argv)
    if args.command == "update":
        update(args.lang)
    elif args.command == "build":
        build(args.lang)
    else:
        found = problems(args.lang)
        for line in found:
            print(line)
        if found:
            print(f"i18n: {len(found)} markdown cells lack a current {args.lang} translation "
                  f"(python3 environment/i18n.py update, then translate them in i18n/{args.lang}/)")
            return 1
        print(f"i18n: every markdown cell has a current {args.lang} translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
