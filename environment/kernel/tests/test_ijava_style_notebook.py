"""A notebook written as IJava's and JJava's documentation writes them runs unchanged here.

ijava-style.ipynb names the kernel "java" (IJava's and JJava's kernelspec name); it is run
on java-vae. Its %maven cell fetches commons-csv from Maven Central into ~/.m2 (network).
"""
import base64
import os

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import KERNEL_NAME

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(os.path.join(HERE, "ijava-style.ipynb"), as_version=4)
    NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=300, allow_errors=False,
                   resources={"metadata": {"path": HERE}}).execute()
    return [c for c in nb.cells if c.cell_type == "code"]


def data(cell, output_type):
    return [o["data"] for o in cell.outputs if o["output_type"] == output_type]


def test_maven_library_is_used(executed):
    # 210.5 + 150.25 + 120.125, summed by the notebook from the CSV that commons-csv parsed
    assert data(executed[1], "execute_result")[0]["text/plain"] == str(210.5 + 150.25 + 120.125)


def test_cell_magics_display(executed):
    assert "<b>210.5</b>" in data(executed[2], "display_data")[0]["text/html"]
    assert data(executed[3], "display_data")[0]["text/markdown"] == "Three epochs, **three** rows."


def test_update_display_replaced_the_progress_line(executed):
    # nbclient applies update_display_data to the output it names, as Jupyter does.
    assert [d["text/plain"] for d in data(executed[4], "display_data")] == ["epoch 3 of 3"]


def test_time_shows_the_value_and_the_times(executed):
    assert data(executed[5], "execute_result")[0]["text/plain"] == str(sum(range(1, 1001)))
    assert "wall time" in data(executed[5], "display_data")[0]["text/plain"]


def test_chart_is_a_png_without_image_call(executed):
    png = base64.b64decode(data(executed[6], "execute_result")[0]["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
