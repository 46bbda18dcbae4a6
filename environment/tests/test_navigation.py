"""Every notebook after 00 ends with one navigation cell linking its neighbours in the series,
so that a reader who finishes one (exercises included) lands on the next, and a notebook added,
split or renamed cannot leave a link to a file that is not there."""
import re
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import nbrun  # noqa: E402

SERIES = nbrun.notebook_paths()
LINK = re.compile(r"\]\((\d\d-[^)]+\.ipynb)\)")


@pytest.mark.parametrize("index", range(1, len(SERIES)), ids=[p.stem for p in SERIES[1:]])
def test_the_last_cell_links_the_previous_and_the_next_notebook(index):
    path = SERIES[index]
    nb = nbformat.read(path, as_version=4)
    last = nb.cells[-1]
    assert last.metadata.get("vae", {}).get("navigation"), f"{path.name}: the last cell is not the navigation cell"
    targets = LINK.findall(last.source)
    expected_next = SERIES[index + 1].name if index + 1 < len(SERIES) else SERIES[0].name
    assert targets == [SERIES[index - 1].name, expected_next], f"{path.name}: links {targets}"
    others = [i for i, c in enumerate(nb.cells[:-1]) if c.metadata.get("vae", {}).get("navigation")]
    assert not others, f"{path.name}: a second navigation cell at {others}"
