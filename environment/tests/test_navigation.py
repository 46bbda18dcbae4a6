"""Every notebook after 00 ends with one navigation cell linking its neighbours in the series,
so that a reader who finishes one (exercises included) lands on the next, and a notebook added,
split or renamed cannot leave a link to a file that is not there. The same holds in the Chinese
edition (notebooks/zh/, same file names): its links, translated with the cell, stay within it."""
import re
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import nbrun  # noqa: E402

SERIES = nbrun.notebook_paths()
EDITIONS = {edition: nbrun.notebook_paths(edition) for edition in nbrun.EDITIONS}
CASES = [(edition, index) for edition, series in EDITIONS.items() for index in range(1, len(series))]
LINK = re.compile(r"\]\((\d\d-[^)]+\.ipynb)\)")


@pytest.mark.parametrize("edition,index", CASES,
                         ids=[("" if e == nbrun.SOURCE else e + "-") + EDITIONS[e][i].stem for e, i in CASES])
def test_the_last_cell_links_the_previous_and_the_next_notebook(edition, index):
    series = EDITIONS[edition]
    path = series[index]
    name = path.relative_to(nbrun.NOTEBOOKS)
    nb = nbformat.read(path, as_version=4)
    last = nb.cells[-1]
    assert last.metadata.get("vae", {}).get("navigation"), f"{name}: the last cell is not the navigation cell"
    targets = LINK.findall(last.source)
    expected_next = series[index + 1].name if index + 1 < len(series) else series[0].name
    assert targets == [series[index - 1].name, expected_next], f"{name}: links {targets}"
    others = [i for i, c in enumerate(nb.cells[:-1]) if c.metadata.get("vae", {}).get("navigation")]
    assert not others, f"{name}: a second navigation cell at {others}"
