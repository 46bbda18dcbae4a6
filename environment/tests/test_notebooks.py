"""Every notebook of the series, executed from scratch in a fresh Java kernel, in order: the
English edition, then the Chinese edition (notebooks/zh/).

A notebook passes when every cell runs without error and, if it is meant to show plots,
it produced image/png outputs. Its exercises run twice in the same kernel: as shipped (each
check must say "not yet solved" with a hint, no stack trace), then, appended after the
notebook's last cell, each solution from solutions/ followed by its check again (each must say
"solved"); the appended cells are dropped before the notebook is saved. The time each took is printed. The executed notebooks and
their HTML pages are written to build/ as the run command writes them, so the tests that
follow (the site) check what was just run.

Each Chinese notebook then runs once as a student opens it, from notebooks/zh/ (its exercises
as shipped, unsolved: the English run already proved the solutions), into build/notebooks/zh/.
Its code cells are the English ones (test_i18n.py), so they must print the same: each code
cell's text output is compared with the English edition's run of the same notebook in this
session (or, when that did not run, the committed English outputs), up to what differs between
any two runs (timings, the load, the copy's commit, object identities, whether a model was
loaded or trained) and the notebook's folder (../ from notebooks/, ../../ from notebooks/zh/)."""
import math
import re
import sys
from pathlib import Path

import nbformat
import pytest

# nbrun.py lives one folder up. (No conftest.py here: the kernel tests have one, and two
# modules named conftest on one pytest run shadow each other.)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import exercises  # noqa: E402
import nbrun  # noqa: E402

PATHS = nbrun.notebook_paths()
ZH_PATHS = nbrun.notebook_paths("zh")
ENGLISH_RUNS = {}  # notebook name -> the English edition as executed by this session


def test_series_is_present():
    assert PATHS, f"no notebooks found in {nbrun.NOTEBOOKS}"
    assert PATHS[0].name.startswith("00-"), f"the series starts with 00-setup-check, found {PATHS[0].name}"
    assert [p.name for p in ZH_PATHS] == [p.name for p in PATHS], \
        "notebooks/zh/ must hold the Chinese edition of every notebook, under the same names (./lecture i18n build)"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs(path, record_property):
    try:
        solutions = exercises.solution_cells(path)
        nb, seconds = nbrun.execute(path, append=solutions)
    except (nbrun.NotebookFailure, exercises.ExerciseError) as failure:
        pytest.fail(str(failure), pytrace=False)
    solved = nb.cells[len(nb.cells) - len(solutions):]
    del nb.cells[len(nb.cells) - len(solutions):]
    problems = exercises.verify_unsolved(nb, path.name) + exercises.verify_solved(solved, path.name)
    assert not problems, "\n".join(problems)
    record_property("seconds", round(seconds, 1))
    nbrun.save(nb, path.stem, nbrun.ROOT / "build")
    ENGLISH_RUNS[path.name] = nb
    spent = exercises.seconds(exercises.own_cells(nb) + solved)
    print(f"\n{path.name}: {seconds:.1f} s, of which the exercises, unsolved and solved, {spent:.1f} s")


# What differs between two runs of the same code, so is not compared: a line giving a time
# ("17.0 s", "3 ms", "12 seconds") or the load average; the copy's commit, uncommitted
# changes and folder name (00's copy table and line); the model store's line saying whether a model was loaded
# or trained and saved (the English run before saved what the Chinese one loads; a reloaded
# model is the same bit for bit); a table column of times ("seconds", "training s"). Object
# identities (BufferedImage@3dcbc9f4) are blanked.
IGNORED_LINE = re.compile(r"\d\s?(?:s|ms|µs|sec|seconds?|min)\b|load average|\b[0-9a-f]{40}\b|uncommitted changes|^copy's folder name\b"
                          r"|^(?:loaded|saved) \S+\.vae$|^no saved model at \S+\.vae: training one$", re.I)
TIME_COLUMN = re.compile(r"^(?:seconds?|time|ms|.* s|.*\((?:s|ms|seconds)\))$", re.I)
IDENTITY = re.compile(r"@[0-9a-f]{5,}\b")
# Against the committed English outputs, numbers may differ a little: they may have been run on
# another processor, whose vector width changes the order of float sums (measured: 09's finite
# differences, 0.00782338 committed against 0.00775825 here). Against this session's English run
# (same machine, same code) every number must be printed the same.
COMMITTED_REL_TOL = 0.02


def _lines(text, up):
    """The comparable lines of an output: table fields trimmed (a column's width follows its
    widest value), time columns dropped, the notebook's way up to the copy (`up`) named <copy>."""
    shown, time_fields = [], None
    for line in text.replace("\r", "\n").split("\n"):
        fields = [f.strip() for f in line.split("|")]
        if len(fields) > 1:  # a table's row: a header names the time columns of the rows below it
            if time_fields is None or len(fields) != time_fields[0]:
                found = {i for i, f in enumerate(fields) if TIME_COLUMN.match(f)}
                time_fields = (len(fields), found) if found else None
            if time_fields is not None:
                fields = [f for i, f in enumerate(fields) if i not in time_fields[1]]
        elif not line.strip():
            time_fields = None
        # A path from the notebook's folder: a field that is the way up itself (00's copy table),
        # or a path starting with it ("../data/mnist", "../../data/mnist"); not prose ("i = 0 .. n").
        fields = ["<copy>" if f == up else re.sub(r"(?<![\w./])" + re.escape(up) + "/", "<copy>/", f) for f in fields]
        line = " | ".join(fields).strip()
        if not line or IGNORED_LINE.search(line):
            continue
        line = re.sub(r"^-{3,}$", "---", line)
        shown.append(IDENTITY.sub("@…", line))
    return shown


def text_outputs(nb, up):
    """{code cell id: comparable lines of its text outputs} (streams, text/plain, errors)."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text.append(out.get("text", ""))
            elif out.get("output_type") == "error":
                text.append(f"{out.get('ename')}: {out.get('evalue')}")
            else:
                text.append(str(out.get("data", {}).get("text/plain", "")))
        found[cell.id] = _lines("\n".join(text), up)
    return found


NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _close(a, b, rel_tol):
    """Two lines equal but for numbers within rel_tol of each other."""
    if rel_tol == 0 or NUMBER.sub("#", a) != NUMBER.sub("#", b):
        return a == b
    return all(math.isclose(float(x), float(y), rel_tol=rel_tol, abs_tol=1e-12)
               for x, y in zip(NUMBER.findall(a), NUMBER.findall(b)))


def differences(english, chinese, name, rel_tol=0.0):
    """The code cells whose text outputs differ between the two editions' runs, each named.
    rel_tol: how far numbers may differ (0: they must be printed the same)."""
    en, zh = text_outputs(english, ".."), text_outputs(chinese, "../..")
    numbers = {c.id: n for n, c in enumerate((c for c in chinese.cells if c.cell_type == "code"), start=1)}
    found = []
    for ident, lines in zh.items():
        if ident not in en:
            found.append(f"zh/{name}: code cell {numbers[ident]} (id {ident}) is not in the English run")
            continue
        if len(lines) != len(en[ident]) or not all(_close(a, b, rel_tol) for a, b in zip(en[ident], lines)):
            first = next((i for i, (a, b) in enumerate(zip(en[ident], lines)) if not _close(a, b, rel_tol)),
                         min(len(lines), len(en[ident])))
            found.append(f"zh/{name}: code cell {numbers[ident]} (id {ident}) printed differently from the English edition, "
                         f"from line {first + 1}:\n  en: {en[ident][first:first + 3]}\n  zh: {lines[first:first + 3]}")
    return found


def test_the_comparison_of_editions_names_a_cell_whose_numbers_differ_and_ignores_what_runs_may_vary():
    def run(*outputs):
        nb = nbformat.v4.new_notebook()
        for ident, text in outputs:
            cell = nbformat.v4.new_code_cell("System.out.println(x);")
            cell.id = ident
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
            nb.cells.append(cell)
        return nb
    english = run(("a", "ELBO -104.25 nats\nepoch 1/2 train 165.56 test 126.23  17.0 s\n"),
                  ("b", "loaded ../build/models/vae-z20.vae\nMNIST files in ../data/mnist\n"),
                  ("c", " K  |  L_K  |  seconds  |\n-----------------\n 1  | -111.676 |  0.4  |\n"),
                  ("d", "BufferedImage@3dcbc9f4: width = 800\n"))
    same = run(("a", "ELBO -104.25 nats\nepoch 1/2 train 165.56 test 126.23  19.3 s\n"),
               ("b", "no saved model at ../../build/models/vae-z20.vae: training one\nsaved ../../build/models/vae-z20.vae\n"
                     "MNIST files in ../../data/mnist\n"),
               ("c", " K  |   L_K    |  seconds  |\n--------------------\n 1  | -111.676 |  12.5  |\n"),
               ("d", "BufferedImage@48479741: width = 800\n"))
    assert differences(english, same, "99-practice.ipynb") == []
    other = run(("a", "ELBO -104.26 nats\n"), ("b", "MNIST files in ../../data/mnist\n"),
                ("c", " K  |  L_K  |  seconds  |\n 1  | -111.677 |  0.4  |\n"), ("d", "BufferedImage@1: width = 801\n"))
    found = differences(english, other, "99-practice.ipynb")
    assert [f.split(" printed")[0] for f in found] == [f"zh/99-practice.ipynb: code cell {n} (id {i})"
                                                        for n, i in ((1, "a"), (3, "c"), (4, "d"))], found
    assert "en: ['ELBO -104.25 nats']" in found[0] and "zh: ['ELBO -104.26 nats']" in found[0], found[0]
    # Prose is not a path: "i = 0 .. n" stays as it is in both; a number within the tolerance passes only with one.
    prose_en, prose_zh = run(("e", "i = 0 .. n - 1, found 0.00782338\n")), run(("e", "i = 0 .. n - 1, found 0.00775825\n"))
    assert len(differences(prose_en, prose_zh, "99-practice.ipynb")) == 1
    assert differences(prose_en, prose_zh, "99-practice.ipynb", rel_tol=COMMITTED_REL_TOL) == []
    assert differences(prose_en, run(("e", "i = 0 <copy> n - 1, found 0.00782338\n")), "99-practice.ipynb", 0.5) != []


@pytest.mark.parametrize("path", ZH_PATHS, ids=["zh-" + p.stem for p in ZH_PATHS])
def test_chinese_notebook_runs_and_prints_what_the_english_one_prints(path, record_property):
    try:
        nb, seconds = nbrun.execute(path)
    except nbrun.NotebookFailure as failure:
        pytest.fail(f"zh/{failure}", pytrace=False)
    problems = exercises.verify_unsolved(nb, "zh/" + path.name)
    assert not problems, "\n".join(problems)
    record_property("seconds", round(seconds, 1))
    nbrun.save(nb, path.stem, nbrun.ROOT / "build", "zh")
    english, rel_tol = ENGLISH_RUNS.get(path.name), 0.0
    against = "the English run of this session"
    if english is None:  # the English notebook did not run in this session (e.g. -k zh-)
        english, against = nbformat.read(nbrun.NOTEBOOKS / path.name, as_version=4), "the committed English outputs"
        rel_tol = COMMITTED_REL_TOL
    found = differences(english, nb, path.name, rel_tol)
    assert not found, f"compared with {against}:\n" + "\n".join(found)
    print(f"\nzh/{path.name}: {seconds:.1f} s; its text outputs equal {against}'s")
