"""Every notebook of the series, executed from scratch in a fresh Java kernel, in order.

A notebook passes when every cell runs without error and, if it is meant to show plots,
it produced image/png outputs. Its exercises run twice in the same kernel: as shipped (each
check must say "not yet solved" with a hint, no stack trace), then, appended after the
notebook's last cell, each solution from solutions/ followed by its check again (each must say
"solved"); the appended cells are dropped before the notebook is saved. The time each took is printed. The executed notebooks and
their HTML pages are written to build/ as the run command writes them, so the tests that
follow (the site) check what was just run."""
import sys
from pathlib import Path

import pytest

# nbrun.py lives one folder up. (No conftest.py here: the kernel tests have one, and two
# modules named conftest on one pytest run shadow each other.)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import exercises  # noqa: E402
import nbrun  # noqa: E402

PATHS = nbrun.notebook_paths()


def test_series_is_present():
    assert PATHS, f"no notebooks found in {nbrun.NOTEBOOKS}"
    assert PATHS[0].name.startswith("00-"), f"the series starts with 00-setup-check, found {PATHS[0].name}"


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
    spent = exercises.seconds(exercises.own_cells(nb) + solved)
    print(f"\n{path.name}: {seconds:.1f} s, of which the exercises, unsolved and solved, {spent:.1f} s")
