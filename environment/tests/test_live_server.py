"""The live notebook server, as a student uses it: ``./lecture run --serve`` starts Jupyter
Notebook; a notebook is opened in Chromium, its cells run through the page (Cell > Run All)
on the Java kernel, and a plot appears in the page. Then the server is stopped, and
nothing it started may be left running.

The notebook is a copy of notebooks/00-setup-check.ipynb with its outputs cleared, in a
temporary folder (the repository's notebooks are not written); VAE_DATA_DIR points the
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


def test_live_server_runs_a_notebook_in_the_browser(tmp_path):
    if not NOTEBOOK.exists():
        pytest.fail(f"{NOTEBOOK} not found", pytrace=False)
    try:
        browser_run.node()
    except browser_run.BrowserSetupError as e:
        pytest.fail(str(e), pytrace=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    work = tmp_path / "notebooks"
    work.mkdir()
    nbformat.write(nb, work / NOTEBOOK.name)

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
            "check_live.js", f"http://127.0.0.1:{port}/notebooks/{NOTEBOOK.name}?token={token}",
            SHOTS / (NOTEBOOK.stem + ".png"), RUN_ALL_S, timeout=RUN_ALL_S + 120,
            while_running=note_children, meter=meter)  # the kernel, while it runs
        assert code == 0, f"the browser check did not run:\n{stderr[-3000:]}"
        assert not browser_left, f"the browser left processes running: {browser_left}"
        report = json.loads(stdout)
        (SHOTS / "report.json").write_text(json.dumps(report, indent=1))
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
    assert report["imagesBefore"] == 0, "the copy should start without outputs"
    assert report["images"] and all(i["ok"] for i in report["images"]), \
        f"no plot appeared in the page: {report['images']}"
    assert not report["offsite"], f"the page requested from outside the server: {report['offsite']}"
    assert any("vae-kernel.jar" in cmd for cmd in seen.values()), \
        f"the Java kernel was not seen running under the server: {list(seen.values())}"
    assert not left_cmds, "still running after the server stopped:\n" + "\n".join(left_cmds)
    assert not port_busy, f"port {port} still in use after the server stopped"
    ms = report["ms"]
    print(f"\nlive server: up in {ready_s:.1f} s; in Chromium: page {ms['loaded'] / 1000:.1f} s, kernel ready "
          f"{ms['kernelReady'] / 1000:.1f} s, first plot {ms['firstPlot'] / 1000:.1f} s, all "
          f"{report['cells']} cells {ms['allCellsRun'] / 1000:.1f} s ({len(report['images'])} plots); "
          f"stopped with its {len(seen)} child process(es) (the Java kernel among them), nothing left, "
          f"after {stopped_s:.1f} s in all, {meter.seconds:.0f} CPU s (load average {os.getloadavg()[0]:.1f}); "
          f"{len(report['consoleErrors'])} console errors (reported, not judged)")
