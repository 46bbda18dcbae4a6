"""Runs one of the browser scripts (check_site.js, check_live.js) for the tests, and makes
sure it leaves nothing behind: node runs in a session of its own, and every process still
in that session when it is done (a Chromium that outlived it) is named and stopped."""
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


class BrowserSetupError(Exception):
    """node or playwright-core is missing; the message says what to run."""


def node():
    found = shutil.which("node")
    if not found:
        raise BrowserSetupError("node is not on PATH: run ./lecture setup")
    if not (HERE / "node_modules" / "playwright-core").exists():
        raise BrowserSetupError("playwright-core is missing: run ./lecture setup (npm ci in environment/site)")
    return found


def session_members(sid):
    """Pids of live processes in session sid (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields: state ppid pgrp session ...
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def run(script, *args, timeout=600, while_running=None):
    """Runs node SCRIPT ARGS; returns (returncode, stdout, stderr, leftovers).

    leftovers: processes of the run still alive after node ended (they are killed).
    while_running: called about twice a second while node runs.
    """
    proc = subprocess.Popen([node(), str(HERE / script), *map(str, args)], cwd=HERE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                stdout, stderr = proc.communicate(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline:
                    os.killpg(proc.pid, signal.SIGKILL)
                    stdout, stderr = proc.communicate()
                    stderr += f"\n(stopped after {timeout} s)"
                    break
                if while_running:
                    while_running()
    finally:
        time.sleep(0.2)
        leftovers = [pid for pid in session_members(proc.pid)]
        if leftovers:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    return proc.returncode, stdout, stderr, leftovers
