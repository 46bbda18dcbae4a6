#!/usr/bin/python3
"""Executes the lecture's notebooks on the real Java kernel, through Jupyter's own client.

Each notebook runs top to bottom in a fresh kernel (nbclient), with notebooks/ as its
working directory. Failures are reported so that they can be acted on:
  - a kernel that does not start or stops answering: the kernel's name and its log;
  - a cell that errors: the notebook, the cell's number and the error;
  - a notebook meant to show plots (metadata "vae": {"plots": true}) without any
    image/png output.

Used by the run command (``./lecture run``: executed notebooks and HTML pages go to
build/) and by the tests (environment/tests/test_notebooks.py).
Run with Debian's python3, which sees Debian's Jupyter packages.
"""
import argparse
import atexit
import copy
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError, CellTimeoutError
from nbconvert.preprocessors.coalescestreams import coalesce_streams

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL_NAME = "java-vae"
CELL_TIMEOUT_S = int(os.environ.get("VAE_CELL_TIMEOUT", "1800"))
STARTUP_TIMEOUT_S = 60


class NotebookFailure(Exception):
    """A notebook did not run cleanly; the message says which, where and why."""


def notebook_paths():
    """The series in order: notebooks/NN-*.ipynb sorted by name."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def _code_cell_number(nb, cell_index):
    """1-based number of a cell among the notebook's code cells (what a reader counts)."""
    return sum(1 for c in nb.cells[: cell_index + 1] if c.cell_type == "code")


def _first_error(nb):
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return index, out
    return None


def execute(path, kernel_name=KERNEL_NAME, cell_timeout=CELL_TIMEOUT_S,
            startup_timeout=STARTUP_TIMEOUT_S, check_plots=True, append=()):
    """Runs one notebook in a fresh kernel; returns (executed notebook, seconds).

    ``append``: cells run after the notebook's own, in the same kernel (the tests append the
    exercises' solutions); they are left at the end of the returned notebook.
    Raises NotebookFailure naming the notebook, and the cell or the kernel at fault.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells.extend(copy.deepcopy(list(append)))
    with tempfile.TemporaryFile("w+") as kernel_log:
        client = NotebookClient(
            nb, kernel_name=kernel_name, timeout=cell_timeout,
            startup_timeout=startup_timeout, allow_errors=False,
            resources={"metadata": {"path": str(path.parent)}})
        started = time.monotonic()
        try:
            # stdout/stderr are handed to the kernel process (Popen), so its log is ours.
            client.execute(stdout=kernel_log, stderr=kernel_log)
        except CellExecutionError as e:
            found = _first_error(nb)
            where = "a cell"
            if found:
                index, out = found
                where = f"code cell {_code_cell_number(nb, index)} (cell index {index})"
            raise NotebookFailure(f"{path.name}: {where} failed:\n{e}") from None
        except CellTimeoutError as e:
            raise NotebookFailure(
                f"{path.name}: a cell ran past the {cell_timeout} s limit "
                f"(VAE_CELL_TIMEOUT): {e}") from None
        except (DeadKernelError, RuntimeError, TimeoutError) as e:
            kernel_log.seek(0)
            log = kernel_log.read()[-4000:] or "(the kernel wrote nothing)"
            raise NotebookFailure(
                f"{path.name}: kernel '{kernel_name}' did not answer "
                f"({type(e).__name__}: {e}).\nKernel log:\n{log}") from None
        finally:
            # nbclient 0.7 registers an exit hook per run that fails once the kernel is
            # already cleaned up (it asserts a kernel manager is left): the kernel was shut
            # down on the way out of execute(), so the hook has nothing to do.
            atexit.unregister(client._cleanup_kernel)
        seconds = time.monotonic() - started
    # The kernel streams output in many small messages (a progress bar redrawn with '\r'
    # is thousands); merge them, keeping what the reader saw last, as a browser save does.
    coalesce_streams(nb, {})
    found = _first_error(nb)  # errors the kernel reported without failing the run
    if found:
        index, out = found
        raise NotebookFailure(
            f"{path.name}: code cell {_code_cell_number(nb, index)} (cell index {index}) "
            f"reported {out.get('ename')}: {out.get('evalue')}")
    if check_plots and nb.metadata.get("vae", {}).get("plots", False):
        pngs = sum(1 for c in nb.cells for o in c.get("outputs", [])
                   if "image/png" in o.get("data", {}))
        if pngs == 0:
            raise NotebookFailure(f"{path.name}: meant to show plots, but no cell produced image/png")
    return nb, seconds


def export_html(nb, target):
    """Writes the executed notebook as a standalone HTML page (plots inline)."""
    from nbconvert import HTMLExporter
    body, _ = HTMLExporter().from_notebook_node(nb)
    Path(target).write_text(body, encoding="utf-8")


def save(nb, name, out):
    """Writes an executed notebook where the run command puts it: out/notebooks/NAME.ipynb
    and its page out/html/NAME.html (the site is built from the former)."""
    out = Path(out)
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    (out / "html").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out / "notebooks" / f"{name}.ipynb")
    export_html(nb, out / "html" / f"{name}.html")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: the whole series)")
    parser.add_argument("--out", default=str(ROOT / "build"),
                        help="folder for executed notebooks (notebooks/) and pages (html/)")
    parser.add_argument("--save-outputs", action="store_true",
                        help="also write the executed notebooks back into notebooks/")
    args = parser.parse_args(argv)
    paths = [Path(p).resolve() for p in args.notebooks] or notebook_paths()
    out = Path(args.out)
    total = 0.0
    for path in paths:
        print(f"run: {path.name} ...", flush=True)
        try:
            nb, seconds = execute(path)
        except NotebookFailure as failure:
            print(f"run: FAILED {failure}", file=sys.stderr)
            return 1
        total += seconds
        save(nb, path.stem, out)
        if args.save_outputs:
            nbformat.write(nb, path)
        print(f"run: {path.name} done in {seconds:.1f} s", flush=True)
    print(f"run: {len(paths)} notebooks in {total:.1f} s")
    print(f"run: executed notebooks in {out / 'notebooks'}")
    print(f"run: HTML pages in {out / 'html'} (open {out / 'html' / paths[0].stem}.html)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
