"""The live notebook server, as a student uses it: ``./lecture run --serve`` starts Jupyter
Notebook; a notebook is opened in Chromium, its cells run through the page (Cell > Run All)
on the Java kernel, and a plot appears in the page. Then the server is stopped, and
nothing it started may be left running.

The notebook is a copy of notebooks/00-setup-check.ipynb with its outputs cleared, in a
temporary folder (the repository's notebooks are not written); a second test opens a signed
(trusted) copy of notebook 04 with its outputs and moves its interactive figures, before and
after Run All; VAE_DATA_DIR points the
library at data/mnist. The server listens on a free loopback port with a random token.
The screenshot and the browser's report go to build/screenshots/live/.
"""
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_SRC = ROOT / "environment" / "site"
sys.path.insert(0, str(SITE_SRC))
import browser_run  # noqa: E402

NOTEBOOK = ROOT / "notebooks" / "00-setup-check.ipynb"
FIGURES_NOTEBOOK = ROOT / "notebooks" / "04-elbo-decomposition.ipynb"  # two figures, one with a play button
SHOTS = Path(os.environ.get("VAE_BUILD_DIR", ROOT / "build")) / "screenshots" / "live"
SERVER_START_S = 120
RUN_ALL_S = 300


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_in_use(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def command_of(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:160]
    except OSError:
        return "?"


def wait_for_server(url, proc, log):
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the notebook server exited ({proc.returncode}):\n{log.read_text()[-3000:]}",
                        pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the notebook server did not answer in {SERVER_START_S} s:\n{log.read_text()[-3000:]}",
                pytrace=False)


def serve_and_check(tmp_path, nb, name, *mode):
    """Starts ./lecture run --serve on a folder holding nb (as NAME), opens it in Chromium
    (check_live.js, with MODE), stops the server; returns what was seen, and what was left."""
    try:
        browser_run.node()
    except browser_run.BrowserSetupError as e:
        pytest.fail(str(e), pytrace=False)
    work = tmp_path / "notebooks"
    work.mkdir()
    nbformat.write(nb, work / name)
    if "figures" in mode:
        # trusted, as the setup trusts the series: Jupyter then runs the saved outputs' scripts
        subprocess.run([sys.executable, "-m", "nbformat.sign", str(work / name)], check=True,
                       stdout=subprocess.DEVNULL)

    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ,
               VAE_DATA_DIR=str(ROOT / "data" / "mnist"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),  # connection files stay in tmp
               VAE_SETUP_DONE="1")  # the server is under test here, not the setup
    log = tmp_path / "server.log"
    cmd = [str(ROOT / "lecture"), "run", "--serve", f"--notebook-dir={work}", "--no-browser",
           "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
           f"--NotebookApp.token={token}", "--NotebookApp.password="]
    started = time.monotonic()
    with open(log, "w") as out:
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    seen = {}  # every process the server started (the kernel among them): pid -> command
    started_at = {}  # pid -> start time, to tell a process from a later one with its pid

    meter = browser_run.CpuMeter()  # CPU used by the server, its kernel, node and Chromium

    def note_children():
        below = browser_run.descendants(server.pid)
        meter.sample([server.pid] + below)
        for pid in below:
            # The latest command, not the first: a child caught between fork and exec still
            # shows its parent's command line (the kernel looked like jupyter-notebook once).
            command = command_of(pid)
            if command.strip() and command != "?":
                seen[pid] = command
            else:
                seen.setdefault(pid, command)
            started_at.setdefault(pid, browser_run.started_at(pid))

    report = {}
    try:
        wait_for_server(f"http://127.0.0.1:{port}/api/status?token={token}", server, log)
        ready_s = time.monotonic() - started
        SHOTS.mkdir(parents=True, exist_ok=True)
        code, stdout, stderr, browser_left = browser_run.run(
            "check_live.js", f"http://127.0.0.1:{port}/notebooks/{name}?token={token}",
            SHOTS / (Path(name).stem + ".png"), RUN_ALL_S, *mode, timeout=RUN_ALL_S + 120,
            while_running=note_children, meter=meter)  # the kernel, while it runs
        assert code == 0, f"the browser check did not run:\n{stderr[-3000:]}"
        assert not browser_left, f"the browser left processes running: {browser_left}"
        report = json.loads(stdout)
        (SHOTS / (Path(name).stem + ".json")).write_text(json.dumps(report, indent=1))
        note_children()
    finally:
        # Stop as Ctrl-C would: the server shuts its kernels down, then exits.
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        stopped_s = time.monotonic() - started
        left = [pid for pid in sorted(seen)
                if started_at[pid] is not None and browser_run.started_at(pid) == started_at[pid]]
        if server.poll() is None:
            left.insert(0, server.pid)
        port_busy = port_in_use(port)
        left_cmds = [f"{pid}: {command_of(pid)}" for pid in left]
        for pid in left:  # clean up before failing: only what this test started
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    log_text = log.read_text()
    assert "error" not in report, f"in the browser: {report.get('error')}\nserver log:\n{log_text[-3000:]}"
    assert report["kernel"] == "java-vae", f"the notebook ran on {report['kernel']}, not the Java kernel"
    assert not report["errorOutputs"], "cells failed in the page:\n" + "\n".join(report["errorOutputs"])
    assert all(isinstance(n, int) for n in report["executed"]), \
        f"not every code cell ran: prompts {report['executed']}"
    assert report["images"] and all(i["ok"] for i in report["images"]), \
        f"no plot appeared in the page: {report['images']}"
    assert not report["offsite"], f"the page requested from outside the server: {report['offsite']}"
    assert any("vae-kernel.jar" in cmd for cmd in seen.values()), \
        f"the Java kernel was not seen running under the server: {list(seen.values())}"
    assert not left_cmds, "still running after the server stopped:\n" + "\n".join(left_cmds)
    assert not port_busy, f"port {port} still in use after the server stopped"
    return report, dict(ready_s=ready_s, stopped_s=stopped_s, children=len(seen), cpu_s=meter.seconds)


def test_live_server_runs_a_notebook_in_the_browser(tmp_path):
    if not NOTEBOOK.exists():
        pytest.fail(f"{NOTEBOOK} not found", pytrace=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    report, t = serve_and_check(tmp_path, nb, NOTEBOOK.name)
    assert report["imagesBefore"] == 0, "the copy should start without outputs"
    ms = report["ms"]
    print(f"\nlive server: up in {t['ready_s']:.1f} s; in Chromium: page {ms['loaded'] / 1000:.1f} s, kernel ready "
          f"{ms['kernelReady'] / 1000:.1f} s, first plot {ms['firstPlot'] / 1000:.1f} s, all "
          f"{report['cells']} cells {ms['allCellsRun'] / 1000:.1f} s ({len(report['images'])} plots); "
          f"stopped with its {t['children']} child process(es) (the Java kernel among them), nothing left, "
          f"after {t['stopped_s']:.1f} s in all, {t['cpu_s']:.0f} CPU s (load average {os.getloadavg()[0]:.1f}); "
          f"{len(report['consoleErrors'])} console errors (reported, not judged)")


def test_live_notebook_figures_move(tmp_path):
    """The interactive figures in the live notebook: notebook 04 with its saved outputs,
    trusted; each figure's sliders and play button change the picture and the numbers, first
    in the saved outputs, then in the outputs of Run All on the Java kernel; no console error
    while they move, no uncaught error in the page at all."""
    if not FIGURES_NOTEBOOK.exists():
        pytest.fail(f"{FIGURES_NOTEBOOK} not found", pytrace=False)
    nb = nbformat.read(FIGURES_NOTEBOOK, as_version=4)
    want = sum(1 for c in nb.cells for o in c.get("outputs", [])
               if "vae-interactive" in "".join(o.get("data", {}).get("text/html", "")))
    assert want > 0, f"{FIGURES_NOTEBOOK.name} shows no interactive figure"
    report, t = serve_and_check(tmp_path, nb, FIGURES_NOTEBOOK.name, "figures")
    assert report["trusted"], "Jupyter did not trust the signed copy: its figures' scripts would not run"
    problems = []
    for when in ("savedFigures", "liveFigures"):
        figures = report[when]
        if len(figures) != want:
            problems.append(f"{when}: {len(figures)} interactive figures in the page, the notebook shows {want}")
        problems += [f"{when}: figure {f['id']}: {m}" for f in figures for m in f["problems"]]
    # Jupyter's own page logs errors while it loads and renders (its widgets extension is not
    # installed, MathJax's fonts): those are not the figures'; whatever is logged while they move is
    problems += [f"console error while moving the figures: {e}" for e in report["figureConsoleErrors"]]
    problems += [f"page error: {e}" for e in report["pageErrors"]]
    ms = report["ms"]
    moves = sum(len(f["moves"]) for f in report["savedFigures"] + report["liveFigures"])
    print(f"\nlive figures: {want} figures of {FIGURES_NOTEBOOK.name}, {moves} moves (sliders, play), saved outputs "
          f"moved by {ms['savedFiguresMoved'] / 1000:.1f} s, Run All done {ms['allCellsRun'] / 1000:.1f} s, live outputs "
          f"moved by {ms['liveFiguresMoved'] / 1000:.1f} s; {t['cpu_s']:.0f} CPU s (load average {os.getloadavg()[0]:.1f})")
    assert not problems, "the interactive figures in the live notebook:\n" + "\n".join(problems)
