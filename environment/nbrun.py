#!/usr/bin/python3
"""Executes the lecture's notebooks on the real Java kernel, through Jupyter's own client.

Each notebook runs top to bottom in a fresh kernel (nbclient), with notebooks/ as its
working directory. Failures are reported so that they can be acted on:
  - a kernel that does not start or stops answering: the kernel's name and its log;
  - a cell that errors: the notebook, the cell's number and the error;
  - a notebook meant to show plots (metadata "vae": {"plots": true}) without any
    image/png output.

Both editions run, one after the other: the English source (notebooks/, executed into
build/notebooks/ and build/html/) and then each translation, e.g. the Chinese edition
(notebooks/zh/, into build/notebooks/zh/ and build/html/zh/). A translated edition is built
afresh from the source and its PO files (environment/i18n.py) right before it runs, so what
runs is never a stale copy; it runs with its own folder, notebooks/zh/, as the working
directory, as a student opening it in Jupyter would. ``--edition en`` (or ``zh``) runs one.

Used by the run command (``./lecture run``: executed notebooks and HTML pages go to
build/) and by the tests (environment/tests/test_notebooks.py).
Run with Debian's python3, which sees Debian's Jupyter packages.
"""
import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import i18n  # environment/i18n.py, beside this file
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError, CellTimeoutError
from nbconvert.preprocessors import coalesce_streams

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL_NAME = "java-vae"
CELL_TIMEOUT_S = int(os.environ.get("VAE_CELL_TIMEOUT", "1800"))
STARTUP_TIMEOUT_S = 60


class NotebookFailure(Exception):
    """A notebook did not run cleanly; the message says which, where and why."""


SOURCE = "en"
EDITIONS = (SOURCE,) + tuple(sorted(i18n.LANGUAGES))  # the English source, then each translation


def edition_folder(edition=SOURCE):
    """Where an edition's notebooks live: notebooks/ for the source, notebooks/LANG/ for a translation."""
    return NOTEBOOKS if edition == SOURCE else NOTEBOOKS / edition


def notebook_paths(edition=SOURCE):
    """The series in order: notebooks/NN-*.ipynb (or notebooks/LANG/NN-*.ipynb) sorted by name."""
    return sorted(edition_folder(edition).glob("[0-9][0-9]-*.ipynb"))


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
            startup_timeout=STARTUP_TIMEOUT_S, check_plots=True, append=(), nb=None):
    """Runs one notebook in a fresh kernel; returns (executed notebook, seconds).

    ``append``: cells run after the notebook's own, in the same kernel (the tests append the
    exercises' solutions); they are left at the end of the returned notebook.
    ``nb``: the notebook to run instead of the file's content (a translated edition built in
    memory); ``path`` still names it and its folder is the kernel's working directory.
    Raises NotebookFailure naming the notebook, and the cell or the kernel at fault.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4) if nb is None else nb
    nb.cells.extend(copy.deepcopy(list(append)))
    with tempfile.TemporaryFile("w+") as kernel_log:
        # The kernel manager is ours, so ending the kernel is ours too (below), not nbclient's.
        km = KernelManager(kernel_name=kernel_name)
        client = NotebookClient(
            nb, km=km, kernel_name=kernel_name, timeout=cell_timeout,
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
            if client.kc is not None:
                client.kc.stop_channels()
            if km.has_kernel:
                km.shutdown_kernel(now=True)
            # When a kernel never answers, nbclient drops its manager (client.km = None) but keeps
            # the exit hook it registered, which would then fail at interpreter exit: given the
            # manager back, the hook finds the kernel already gone and does nothing.
            client.km = km
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


def save(nb, name, out, edition=SOURCE):
    """Writes an executed notebook where the run command puts it: out/notebooks/NAME.ipynb
    and its page out/html/NAME.html (the site is built from the former); a translated
    edition's go to out/notebooks/LANG/ and out/html/LANG/."""
    out = Path(out)
    sub = () if edition == SOURCE else (edition,)
    notebooks, html = out.joinpath("notebooks", *sub), out.joinpath("html", *sub)
    notebooks.mkdir(parents=True, exist_ok=True)
    html.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, notebooks / f"{name}.ipynb")
    export_html(nb, html / f"{name}.html")


def edition_notebook(source, edition):
    """(path, notebook) of one notebook of an edition, ready to run: the source as it is, or the
    translation built now from the source and i18n/LANG/NAME.po (the path is where the
    edition's file lives; its folder is the kernel's working directory)."""
    source = Path(source)
    if edition == SOURCE:
        return source, nbformat.read(source, as_version=4)
    return i18n.edition_path(source, edition), i18n.build_edition(source, edition)


def _which(paths, edition):
    """The named notebooks as (source paths, editions to run): a notebook of a translated
    edition names its source; with no --edition, notebooks named only from one edition's
    folder run in that edition, any other choice in every edition (a notebook from outside
    the series only as it is)."""
    sources, seen = [], set()
    for path in paths:
        for lang in EDITIONS[1:]:
            if path.parent == edition_folder(lang).resolve():
                seen.add(lang)
                path = NOTEBOOKS.resolve() / path.name
                break
        else:
            seen.add(SOURCE if path.parent == NOTEBOOKS.resolve() else "elsewhere")
        if path not in sources:  # 06 named from both folders runs once per edition
            sources.append(path)
    if edition is None:
        edition = seen.pop() if len(seen) == 1 and seen <= set(EDITIONS) else "all"
    editions = list(EDITIONS) if edition == "all" else [edition]
    return sources, editions


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: the whole series)")
    parser.add_argument("--out", default=str(ROOT / "build"),
                        help="folder for executed notebooks (notebooks/) and pages (html/)")
    parser.add_argument("--save-outputs", action="store_true",
                        help="also write the executed notebooks back into notebooks/ (and notebooks/LANG/)")
    parser.add_argument("--edition", choices=["all", *EDITIONS], default=None,
                        help="run the English source (en), one translation (" + ", ".join(EDITIONS[1:])
                             + ", built afresh from the source and i18n/LANG/*.po), or all one after the "
                               "other (the default; named notebooks of notebooks/LANG/ alone: that edition)")
    args = parser.parse_args(argv)
    named = [Path(p).resolve() for p in args.notebooks]
    sources, editions = _which(named, args.edition) if named else (notebook_paths(), list(
        EDITIONS if args.edition in (None, "all") else [args.edition]))
    out = Path(args.out)
    total, count = 0.0, 0
    for edition in editions:
        label = "" if edition == SOURCE else f"[{edition}] "
        for source in sources:
            if edition != SOURCE and source.parent != NOTEBOOKS.resolve():
                continue  # a notebook from outside the series has no translation
            path, nb = edition_notebook(source, edition)
            if edition != SOURCE:
                path.parent.mkdir(parents=True, exist_ok=True)
            print(f"run: {label}{path.name} ...", flush=True)
            try:
                nb, seconds = execute(path, nb=nb)
            except NotebookFailure as failure:
                print(f"run: FAILED {label}{failure}", file=sys.stderr)
                return 1
            total += seconds
            count += 1
            save(nb, path.stem, out, edition)
            if args.save_outputs:
                nbformat.write(nb, path)
            print(f"run: {label}{path.name} done in {seconds:.1f} s", flush=True)
    print(f"run: {count} notebooks ({', '.join(editions)}) in {total:.1f} s")
    print(f"run: executed notebooks in {out / 'notebooks'}"
          + "".join(f", {out / 'notebooks' / e}" for e in editions if e != SOURCE))
    first = out.joinpath("html", *([] if editions[0] == SOURCE else [editions[0]]), f"{sources[0].stem}.html")
    print(f"run: HTML pages in {out / 'html'} (open {first})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
