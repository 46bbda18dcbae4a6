"""Every notebook of the series, executed from scratch in a fresh Java kernel, in order.

A notebook passes when every cell runs without error and, if it is meant to show plots,
it produced image/png outputs. The time each took is printed (run pytest with -v -s, or
read the summary line of each test)."""
import pytest

import nbrun

PATHS = nbrun.notebook_paths()


def test_series_is_present():
    assert PATHS, f"no notebooks found in {nbrun.NOTEBOOKS}"
    assert PATHS[0].name.startswith("00-"), f"the series starts with 00-setup-check, found {PATHS[0].name}"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs(path, record_property):
    try:
        nb, seconds = nbrun.execute(path)
    except nbrun.NotebookFailure as failure:
        pytest.fail(str(failure), pytrace=False)
    record_property("seconds", round(seconds, 1))
    print(f"\n{path.name}: {seconds:.1f} s")
