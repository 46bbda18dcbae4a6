"""The Chinese edition (notebooks/zh/) is what environment/i18n.py builds from the English
source and the PO files in i18n/zh/, runs the same program, and a changed English cell is
caught; the notebooks themselves run in test_notebooks.py.

The last test here, that every markdown cell has a current translation, fails until the
translators are done: its message lists each missing, stale or fuzzy cell."""
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import polib
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # i18n.py and nbrun.py, one folder up
import i18n  # noqa: E402
import nbrun  # noqa: E402

LANG = "zh"
SOURCES = i18n.source_notebooks()
PYTHON = "/usr/bin/python3"  # Debian's python3: polib and nbformat


def cells(nb):
    return [(c.cell_type, c.id, c.source) for c in nb.cells]


def test_there_is_a_po_file_and_a_chinese_notebook_for_every_source_notebook():
    assert SOURCES, "no source notebooks"
    missing = [f"i18n/{LANG}/{p.stem}.po" for p in SOURCES if not i18n.po_path(p, LANG).exists()]
    missing += [f"notebooks/{LANG}/{p.name}" for p in SOURCES if not i18n.edition_path(p, LANG).exists()]
    strays = sorted({p.name for p in nbrun.notebook_paths(LANG)} - {p.name for p in SOURCES})
    assert not missing and not strays, (f"missing: {missing}; notebooks/{LANG}/ notebooks without a source: {strays} "
                                        f"(./lecture i18n update, then ./lecture i18n build)")


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_the_committed_chinese_notebook_is_what_the_build_makes(source):
    built = i18n.build_edition(source, LANG)
    committed = nbformat.read(i18n.edition_path(source, LANG), as_version=4)
    want, have = cells(built), cells(committed)
    differing = [f"cell {i} (id {w[1]}, {w[0]})" for i, (w, h) in enumerate(zip(want, have)) if w != h]
    assert len(want) == len(have) and not differing, (
        f"notebooks/{LANG}/{source.name} is not what the English source and i18n/{LANG}/{source.stem}.po make "
        f"({len(have)} cells, the build makes {len(want)}; differing: {differing[:10]}): run ./lecture i18n build "
        f"(or ./lecture run --save-outputs) and commit notebooks/{LANG}/")
    assert committed.metadata.get("vae", {}).get("edition") == built.metadata["vae"]["edition"], \
        f"notebooks/{LANG}/{source.name}: its edition metadata (language, untranslated cells) is stale: ./lecture i18n build"


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_every_code_cell_of_the_chinese_notebook_is_the_english_one(source):
    english = nbformat.read(source, as_version=4)
    chinese = nbformat.read(i18n.edition_path(source, LANG), as_version=4)
    assert [(c.cell_type, c.id) for c in chinese.cells] == [(c.cell_type, c.id) for c in english.cells], \
        f"notebooks/{LANG}/{source.name}: its cells are not the English notebook's, in the same order"
    differing = [f"cell {i} (id {e.id})" for i, (e, z) in enumerate(zip(english.cells, chinese.cells))
                 if e.cell_type == "code" and (e.source != z.source or e.metadata.get("vae") != z.metadata.get("vae"))]
    assert not differing, f"notebooks/{LANG}/{source.name}: code cells differ from the English ones: {differing}"


# The drift test works on a temporary copy of the parts i18n.py reads and writes (the script,
# the source notebooks, the PO files), never on the real tree.

def temporary_copy(tmp_path):
    copy = tmp_path / "copy"
    (copy / "environment").mkdir(parents=True)
    shutil.copy2(Path(i18n.__file__), copy / "environment" / "i18n.py")
    shutil.copytree(i18n.NOTEBOOKS, copy / "notebooks", ignore=shutil.ignore_patterns(LANG, ".ipynb_checkpoints"))
    shutil.copytree(i18n.I18N / LANG, copy / "i18n" / LANG)
    return copy


def run_i18n(copy, command):
    return subprocess.run([PYTHON, str(copy / "environment" / "i18n.py"), command, "--lang", LANG],
                          capture_output=True, text=True, timeout=120)


def translate_everything(copy):
    """Stands in for the translators, in the copy only: every entry gets a (pretend) translation."""
    for path in sorted((copy / "i18n" / LANG).glob("*.po")):
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            entry.msgstr = "【译】" + entry.msgid
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = None
        po.save(str(path))


def test_the_po_files_are_in_step_with_the_english_notebooks(tmp_path):
    copy = temporary_copy(tmp_path)
    before = {p.name: p.read_bytes() for p in (copy / "i18n" / LANG).glob("*.po")}
    done = run_i18n(copy, "update")
    assert done.returncode == 0, done.stderr
    after = {p.name: p.read_bytes() for p in (copy / "i18n" / LANG).glob("*.po")}
    changed = sorted(name for name in after if before.get(name) != after[name])
    assert not changed, (f"i18n.py update would rewrite {changed}: the English markdown changed since the PO files were "
                         f"last updated (./lecture i18n update, commit i18n/{LANG}/): {done.stdout}")


def test_a_changed_english_cell_is_caught_and_update_marks_it_fuzzy_keeping_the_old_english(tmp_path):
    copy = temporary_copy(tmp_path)
    translate_everything(copy)
    done = run_i18n(copy, "check")
    assert done.returncode == 0, f"with every cell translated, check should pass:\n{done.stdout}{done.stderr}"

    # The author edits one English markdown cell.
    source = copy / "notebooks" / "02-jensen.ipynb"
    nb = nbformat.read(source, as_version=4)
    cell = [c for c in nb.cells if c.cell_type == "markdown"][2]
    old_english, cell_id = cell.source, cell.id
    cell.source = old_english + "\n\nA sentence the author added."
    nbformat.write(nb, source)

    done = run_i18n(copy, "check")
    assert done.returncode == 1, done.stdout
    assert f"02-jensen.ipynb markdown cell 3 (id {cell_id}" in done.stdout and "stale" in done.stdout, done.stdout
    assert len([line for line in done.stdout.splitlines() if line.startswith("stale")]) == 1, done.stdout

    done = run_i18n(copy, "update")
    assert done.returncode == 0, done.stderr
    po = polib.pofile(str(copy / "i18n" / LANG / "02-jensen.po"), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == f"02-jensen/{cell_id}")
    assert "fuzzy" in entry.flags, entry
    assert entry.msgid == cell.source, "update puts the new English in msgid"
    assert entry.previous_msgid == old_english, "update keeps the English it was translated from (#| msgid)"
    assert entry.msgstr == "【译】" + old_english, "update keeps the translation"
    assert "#| msgid" in (copy / "i18n" / LANG / "02-jensen.po").read_text(encoding="utf-8")
    others = [e.msgctxt for e in po if e.msgctxt != entry.msgctxt and "fuzzy" in e.flags]
    assert others == [], f"only the changed cell is fuzzy, found also {others}"

    done = run_i18n(copy, "check")
    assert done.returncode == 1 and f"fuzzy (marked for review): 02-jensen.ipynb markdown cell 3 (id {cell_id}" in done.stdout, \
        done.stdout

    # Until it is reviewed, the edition shows that cell in the new English, and says so.
    done = run_i18n(copy, "build")
    assert done.returncode == 0, done.stderr
    edition = nbformat.read(copy / "notebooks" / LANG / "02-jensen.ipynb", as_version=4)
    built = next(c for c in edition.cells if c.id == cell_id)
    assert built.source == cell.source
    assert edition.metadata["vae"]["edition"]["untranslated_cells"] == [cell_id]


def test_a_changed_summary_on_the_index_is_caught_in_site_po(tmp_path):
    copy = temporary_copy(tmp_path)
    translate_everything(copy)
    source = copy / "notebooks" / "07-measuring-the-gap.ipynb"
    nb = nbformat.read(source, as_version=4)
    nb.metadata["vae"]["summary"] += " Now with K = 5000."
    nbformat.write(nb, source)
    done = run_i18n(copy, "check")
    assert done.returncode == 1, done.stdout
    assert f"stale (the English changed since it was translated): i18n/{LANG}/site.po, the index's summary of 07-measuring-the-gap" \
        in done.stdout, done.stdout
    done = run_i18n(copy, "update")
    assert done.returncode == 0, done.stderr
    entry = next(e for e in polib.pofile(str(copy / "i18n" / LANG / "site.po"), wrapwidth=0)
                 if e.msgctxt == "07-measuring-the-gap/summary")
    assert "fuzzy" in entry.flags and entry.msgid == nb.metadata["vae"]["summary"], entry


def test_a_missing_translation_is_named(tmp_path):
    copy = temporary_copy(tmp_path)
    translate_everything(copy)
    path = copy / "i18n" / LANG / "05-elbo-terms.po"
    po = polib.pofile(str(path), wrapwidth=0)
    emptied = po[1]
    emptied.msgstr = ""
    po.save(str(path))
    done = run_i18n(copy, "check")
    assert done.returncode == 1, done.stdout
    problems = [line for line in done.stdout.splitlines() if line.startswith(("missing", "stale", "fuzzy"))]
    cell_id = emptied.msgctxt.split("/")[1]
    assert problems == [f"missing: 05-elbo-terms.ipynb markdown cell 2 (id {cell_id}, "
                        f"\"{emptied.msgid.strip().splitlines()[0][:60]}\")"], done.stdout


def test_every_markdown_cell_has_a_current_chinese_translation():
    """Fails while the translation is unfinished: the message lists every cell still to do."""
    found = i18n.problems(LANG)
    if found:
        pytest.fail(f"{len(found)} markdown cells lack a current {LANG} translation (translators: ./lecture i18n update, "
                    f"translate in i18n/{LANG}/*.po, ./lecture i18n check, ./lecture i18n build):\n" + "\n".join(found),
                    pytrace=False)
