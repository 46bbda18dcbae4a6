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

A notebook named on the command line that has a parameters cell (03, 06-09) is also a recorded run
(environment/runrecord.py, docs/run-record.md): it gets a folder runs/<id>/ with the executed
notebook, its models and record.json. ``-p NAME VALUE`` (several, or a sweep ``-p beta 0.5,1,2``)
and ``--preset full`` run it with other values, into its run folders only (build/ is left alone).
The whole series, run with no notebook named, is never recorded.
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
import runrecord  # environment/runrecord.py, beside this file
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
            startup_timeout=STARTUP_TIMEOUT_S, check_plots=True, append=(), nb=None, env=None):
    """Runs one notebook in a fresh kernel; returns (executed notebook, seconds).

    ``append``: cells run after the notebook's own, in the same kernel (the tests append the
    exercises' solutions); they are left at the end of the returned notebook.
    ``nb``: the notebook to run instead of the file's content (a translated edition built in
    memory); ``path`` still names it and its folder is the kernel's working directory.
    ``env``: the kernel's environment (default: this process's); the kernelspec's launcher passes
    it on to the JVM (a recorded run's VAE_RUN_DIR, JJAVA_JVM_OPTS for extra JVM options).
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
            client.execute(stdout=kernel_log, stderr=kernel_log, **({} if env is None else {"env": env}))
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


def without_injected(nb):
    """A copy of an executed notebook without the cell a recorded run injected (for build/ and
    --save-outputs, which show the notebook as a reader runs it), later execution counts moved back by one."""
    nb = copy.deepcopy(nb)
    for index, cell in enumerate(nb.cells):
        if runrecord.INJECTED_TAG in cell.get("metadata", {}).get("tags", []):
            del nb.cells[index]
            for later in nb.cells[index:]:
                if later.cell_type == "code" and later.get("execution_count"):
                    later.execution_count -= 1
                    for out in later.get("outputs", []):
                        if out.get("execution_count"):
                            out["execution_count"] -= 1
            break
    nb.metadata.pop("papermill", None)
    return nb


def failure_text(nb, failure):
    """The record's "error": the failing cell (its number among code cells and its id) and the error."""
    found = _first_error(nb)
    if found:
        index, out = found
        return (f"cell {_code_cell_number(nb, index)} (id {nb.cells[index].get('id')}): "
                f"{out.get('ename')}: {out.get('evalue')}")
    return str(failure).splitlines()[0]


def recorded(path, nb, edition, params, values, preset, runs, sweep=None, reproduces=None, env=None):
    """Runs one notebook as a recorded run; returns (record, executed notebook or None)."""
    run = runrecord.Run(path, nb, edition, params, values, preset, runs, sweep=sweep, reproduces=reproduces)
    environment = run.environment()
    environment.update(env or {})
    print(f"run: {path.name} as run {run.id} ...", flush=True)
    started = time.monotonic()
    failure = None
    try:
        execute(path, nb=run.nb, env=environment)
    except NotebookFailure as f:
        failure = f
        print(f"run: FAILED {f}", file=sys.stderr)
    record = run.finish(run.nb, time.monotonic() - started, failure, failure_text(run.nb, failure) if failure else None)
    print(f"run: {record['status']} in {record['wallSeconds']} s, {len(record['metrics'])} metrics, "
          f"{len(record['models'])} models: {run.folder / 'record.json'}", flush=True)
    return record, (None if failure else run.nb)


def _named_notebook(text):
    """The notebook a command line names: a path as given, else a name in notebooks/ with or without
    .ipynb ('06-train-vae'); None if there is none."""
    for candidate in (Path(text), NOTEBOOKS / text, NOTEBOOKS / f"{text}.ipynb"):
        if candidate.is_file():
            return candidate.resolve()
    return None


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
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                        help="run the named notebook with this value of a parameter of its parameters cell; "
                             "VALUE a,b,c runs one run per value (several -p: every combination); an array "
                             "is written [1,10,100]")
    parser.add_argument("--preset", choices=runrecord.PRESETS, default=None,
                        help="the experiment's size (the same as -p preset NAME; default quick, or full with VAE_FULL=1)")
    parser.add_argument("--runs", default=str(runrecord.RUNS),
                        help="folder of the run folders (default: runs/ at the copy's top)")
    parser.add_argument("--no-record", action="store_true",
                        help="run named notebooks as the whole series does, without a run folder")
    args = parser.parse_args(argv)
    named = []
    for given_name in args.notebooks:
        path = _named_notebook(given_name)
        if path is None:
            print(f"run: no notebook '{given_name}': expected a notebook file, or a name from the series: "
                  + ", ".join(p.stem for p in notebook_paths()), file=sys.stderr)
            return 2
        named.append(path)
    sources, editions = _which(named, args.edition) if named else (notebook_paths(), list(
        EDITIONS if args.edition in (None, "all") else [args.edition]))
    given = [tuple(p) for p in args.parameter]
    injecting = bool(given) or args.preset is not None
    if injecting:
        problem = ("name the notebook to run with other values: ./lecture run NOTEBOOK -p NAME VALUE" if not named
                   else "-p and --preset take one notebook; run the others in turn" if len(sources) > 1
                   else "--save-outputs keeps the default run's outputs in notebooks/; it does not go with -p or --preset"
                   if args.save_outputs else "-p and --preset record a run: drop --no-record" if args.no_record else None)
        if problem:
            print(f"run: {problem}", file=sys.stderr)
            return 2
    # Every recorded notebook's values are checked before anything runs or is written.
    plans = {}
    if named and not args.no_record:
        for edition in editions:
            for source in sources:
                if edition != SOURCE and source.parent != NOTEBOOKS.resolve():
                    continue
                path, nb = edition_notebook(source, edition)
                try:
                    params, combos, swept = runrecord.plan(path, nb, given, args.preset, path.name)
                except runrecord.ParameterError as e:
                    print(f"run: {e}", file=sys.stderr)
                    print("run: nothing was run or written", file=sys.stderr)
                    return 2
                if params:
                    plans[(edition, source)] = (path, params, combos, swept)
    out = Path(args.out)
    total, count, failed = 0.0, 0, 0
    for edition in editions:
        label = "" if edition == SOURCE else f"[{edition}] "
        for source in sources:
            if edition != SOURCE and source.parent != NOTEBOOKS.resolve():
                continue  # a notebook from outside the series has no translation
            path, nb = edition_notebook(source, edition)
            if edition != SOURCE:
                path.parent.mkdir(parents=True, exist_ok=True)
            if (edition, source) in plans:
                _, params, combos, swept = plans[(edition, source)]
                sweep = None
                if len(combos) > 1:
                    sweep = {"id": runrecord.run_id(runrecord.utc_now(), path.stem, {}) + "-sweep", "names": swept}
                    print(f"run: sweep {sweep['id']}: {len(combos)} runs of {path.name} over {', '.join(swept)}")
                for values in combos:
                    preset = values.get("preset", runrecord.default_preset(params))
                    record, executed = recorded(path, copy.deepcopy(nb), edition, params, values, preset,
                                                args.runs, sweep=sweep)
                    total += record["wallSeconds"]
                    count += 1
                    if record["status"] != "ok":
                        failed += 1
                    elif not injecting:   # the default run: also where the series' run puts it
                        shown = without_injected(executed)
                        save(shown, path.stem, out, edition)
                        if args.save_outputs:
                            nbformat.write(shown, path)
                if failed and not injecting:
                    return 1
                continue
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
    if injecting:
        print(f"run: {count} runs, {failed} failed, in {total:.1f} s; run folders in {args.runs}")
        return 1 if failed else 0
    print(f"run: {count} notebooks ({', '.join(editions)}) in {total:.1f} s")
    print(f"run: executed notebooks in {out / 'notebooks'}"
          + "".join(f", {out / 'notebooks' / e}" for e in editions if e != SOURCE))
    first = out.joinpath("html", *([] if editions[0] == SOURCE else [editions[0]]), f"{sources[0].stem}.html")
    print(f"run: HTML pages in {out / 'html'} (open {first})")
    return 1 if failed else 0


def reproduce(argv=None):
    """./lecture reproduce RUN [-p NAME VALUE ...]: the run again from its record, into a new run
    folder, then what differs. Exit 0 when every model has the same weights digest, 1 when not
    (or the run failed), 2 for a bad command line."""
    parser = argparse.ArgumentParser(prog="./lecture reproduce", description=reproduce.__doc__.split("\n")[0])
    parser.add_argument("run", help="a run's id (a folder of runs/), its folder, or a record file (records/...json)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                        help="run it with this value changed (one value, no sweep)")
    parser.add_argument("--runs", default=str(runrecord.RUNS), help="folder of the run folders (default: runs/)")
    args = parser.parse_args(argv)
    try:
        old = runrecord.read_json(runrecord.find_record(args.run, args.runs))
    except FileNotFoundError as e:
        print(f"reproduce: {e}", file=sys.stderr)
        return 2
    notebook = Path(old.get("notebook") or f"notebooks/{old['name']}.ipynb")
    source = notebook if notebook.is_absolute() else ROOT / notebook
    if not source.is_file():
        print(f"reproduce: the run's notebook {source} is not in this copy", file=sys.stderr)
        return 2
    path, nb = edition_notebook(source, old.get("edition") or SOURCE)
    values = dict(old.get("injected") or {})
    try:
        params = runrecord.declared(nb, path.name)
        for name, text in args.parameter:
            if name not in params:
                raise runrecord.ParameterError(f"{path.name} has no parameter '{name}'; its parameters: "
                                               + "; ".join(p.describe() for p in params.values()))
            if len(runrecord.split_values(text)) > 1:
                raise runrecord.ParameterError(f"reproduce changes one value at a time: -p {name} {text}")
            values[name] = params[name].parse(text)
        for name, value in values.items():   # the record's values must still be this notebook's
            if name not in params:
                raise runrecord.ParameterError(f"the record's parameter '{name}' is no longer in {path.name}")
            params[name].parse(runrecord._show(value))
    except runrecord.ParameterError as e:
        print(f"reproduce: {e}; nothing was run or written", file=sys.stderr)
        return 2
    preset = values.get("preset", old.get("preset") or runrecord.default_preset(params))
    print(f"reproduce: {old['id']} ({old['name']}, preset {preset}"
          + "".join(f", {n}={runrecord._show(v)}" for n, v in values.items() if n != "preset") + ")")
    new, _ = recorded(path, nb, old.get("edition") or SOURCE, params, values, preset, args.runs, reproduces=old["id"])
    lines, same = runrecord.compare(old, new)
    print(f"reproduce: {old['id']} against {new['id']}:")
    for line in lines:
        print("  " + line)
    if new["status"] != "ok":
        print(f"reproduce: the new run failed: {new['error']}")
        return 1
    print("reproduce: same weights digest" + ("" if len(new["models"]) == 1 else " for every model")
          if same else "reproduce: the weights differ")
    return 0 if same else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["reproduce"]:
        sys.exit(reproduce(sys.argv[2:]))
    sys.exit(main())
