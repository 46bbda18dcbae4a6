#!/usr/bin/python3
"""Keeps a full-length run (VAE_FULL=1) of the MNIST notebooks as a record the quick run can quote.

    VAE_FULL=1 VAE_CELL_TIMEOUT=7200 /usr/bin/python3 environment/nbrun.py notebooks/06-*.ipynb ... --out DIR
    /usr/bin/python3 environment/record-full-run.py DIR/notebooks/06-*.ipynb ...

writes records/full/NN-name.ipynb for each: the executed notebook with its text outputs only
(figures dropped, so that the record stays small and diffable) and, in metadata.vae.record, when
and where it ran: the date, the copy's commit (and whether its tree had changes), the processor,
the number of processors, the load average while it ran (VAE_RECORD_LOAD, when measured) and the run's wall time (from the cells'
execution timestamps). vae.setup.RecordedRun reads it back in the notebooks.

Each named notebook of that nbrun.py command is also a recorded run (docs/run-record.md): runs/<id>/
holds its executed notebook, its models and record.json (metrics, weights digests, machine). A
recorded run trains every model it uses in its own folder, so 07 and 08 train the models 06 trained
(the same seed gives the same weights) instead of loading them; --no-record runs them as before.
"""
import datetime
import os
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records" / "full"


def _cpu():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def _git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout.strip()


def _seconds(nb):
    times = []
    for cell in nb.cells:
        ex = cell.get("metadata", {}).get("execution", {})
        for key in ("iopub.execute_input", "shell.execute_reply"):
            if key in ex:
                times.append(datetime.datetime.fromisoformat(ex[key].replace("Z", "+00:00")))
    return round((max(times) - min(times)).total_seconds(), 1) if times else None


def record(path, commit):
    nb = nbformat.read(path, as_version=4)
    seconds = _seconds(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        kept = []
        for o in cell.outputs:
            if o.get("output_type") in ("display_data", "execute_result"):
                data = o.get("data", {})
                if any(k.startswith("image/") for k in data) or "text/plain" not in data:
                    continue   # a figure: its text/plain is only the object's name
                o["data"] = {"text/plain": data["text/plain"]}   # a table's text, without its HTML
            kept.append(o)
        cell.outputs = kept
    nb.metadata.setdefault("vae", {})["record"] = {
        "mode": "full",
        "date": datetime.date.today().isoformat(),
        "commit": commit,
        "cpu": _cpu(),
        "processors": str(os.cpu_count()),
        # the load while it ran, when the caller measured it (a shared machine slows a run down)
        "load_average": os.environ.get("VAE_RECORD_LOAD", "not recorded"),
        "seconds": str(seconds),
    }
    RECORDS.mkdir(parents=True, exist_ok=True)
    out = RECORDS / Path(path).name
    tmp = out.with_name(out.name + ".tmp")
    nbformat.write(nb, tmp)
    tmp.replace(out)
    print(f"record: wrote {out.relative_to(ROOT)} ({seconds} s)")


def main(paths):
    if not paths:
        print(__doc__)
        return 2
    commit = os.environ.get("VAE_RECORD_COMMIT") or _git("rev-parse", "--short", "HEAD")
    for p in paths:
        record(p, commit)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
