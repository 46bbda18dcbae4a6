"""The notebook harness itself: it must catch what it claims to catch."""
import json
import os
import subprocess
import sys

from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # nbrun.py, one folder up
import nbrun  # noqa: E402


def java_notebook(tmp_path, name, *sources, plots=False):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": nbrun.KERNEL_NAME, "display_name": "Java", "language": "java"}
    if plots:
        nb.metadata["vae"] = {"plots": True}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_a_failing_cell_is_caught_with_notebook_cell_and_error(tmp_path):
    path = java_notebook(tmp_path, "broken.ipynb",
                         "int x = 1;",
                         "System.out.println(x);",
                         'throw new IllegalStateException("the check failed");',
                         "int never = 2;")
    with pytest.raises(nbrun.NotebookFailure) as caught:
        nbrun.execute(path)
    message = str(caught.value)
    assert "broken.ipynb" in message
    assert "code cell 3" in message
    assert "the check failed" in message


def test_a_notebook_meant_to_plot_must_produce_png(tmp_path):
    path = java_notebook(tmp_path, "noplot.ipynb", 'System.out.println("no picture here");', plots=True)
    with pytest.raises(nbrun.NotebookFailure, match="no cell produced image/png"):
        nbrun.execute(path)


def test_a_plotting_notebook_passes(tmp_path):
    path = java_notebook(
        tmp_path, "plot.ipynb",
        "var img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);\nimg",
        plots=True)
    nb, seconds = nbrun.execute(path)
    assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.outputs)
    assert seconds > 0


def test_a_kernel_that_never_answers_is_named_with_its_log(tmp_path, monkeypatch):
    # A kernelspec whose "kernel" prints a line and then sleeps without opening any socket.
    spec = tmp_path / "kernels" / "mute-kernel"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c",
                 "import sys, time; print('mute kernel started', file=sys.stderr, flush=True); time.sleep(120)",
                 "{connection_file}"],
        "display_name": "mute", "language": "java"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path) + os.pathsep + os.environ.get("JUPYTER_PATH", ""))
    path = java_notebook(tmp_path, "quiet.ipynb", "1 + 1")
    with pytest.raises(nbrun.NotebookFailure) as caught:
        nbrun.execute(path, kernel_name="mute-kernel", startup_timeout=5)
    message = str(caught.value)
    assert "kernel 'mute-kernel' did not answer" in message
    assert "mute kernel started" in message


def test_run_command_writes_notebook_and_html(tmp_path):
    path = java_notebook(tmp_path, "hello.ipynb", '"hello " + (20 + 22)')
    out = tmp_path / "build"
    done = subprocess.run([sys.executable, nbrun.__file__, str(path), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    html = (out / "html" / "hello.html").read_text()
    assert "hello 42" in html
    assert (out / "notebooks" / "hello.ipynb").exists()


def test_streamed_output_is_merged_as_the_reader_saw_it(tmp_path):
    # A progress bar: many small writes, each redrawing the line with '\r'.
    path = java_notebook(tmp_path, "progress.ipynb",
                         'for (int i = 0; i <= 50; i++) { System.out.print("\\rstep " + i + " of 50"); '
                         'System.out.flush(); Thread.sleep(5); }\nSystem.out.println();')
    nb, _ = nbrun.execute(path)
    streams = [o for o in nb.cells[0].outputs if o.output_type == "stream"]
    assert len(streams) == 1, f"expected one merged stream output, got {[s.text[:80] for s in streams]}"
    # The notebook lies outside the copy, so its first cell also begins with the line that says
    # which copy it runs on (issue 22's notice); the progress bar is the rest, redrawn to its end.
    lines = [line for line in streams[0].text.split("\n")
             if line and not line.startswith("This notebook is outside any copy")]
    assert lines == ["step 50 of 50"], repr(streams[0].text[-200:])
