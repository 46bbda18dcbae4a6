"""Runs one of the browser scripts (check_site.js, check_live.js) for the tests, and makes
sure it leaves nothing behind: every process seen below node while it ran (Chromium and
its helpers) must be gone once it is done; any that is not is named and stopped."""
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


def _stat(pid):
    """Fields of /proc/PID/stat after the command name (state is [0], ppid [1]), or None."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def descendants(pid):
    """Pids of every process below pid (from /proc, by parent pid)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(entry.name)
            if fields:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def started_at(pid):
    """When the process started (clock ticks since boot), None if it is gone or a zombie;
    with the pid, it names one process even if the pid is reused later."""
    fields = _stat(pid)
    return int(fields[19]) if fields and fields[0] != "Z" else None


def cpu_seconds(pid):
    """User + system CPU time a process has used so far (0 if it is gone)."""
    fields = _stat(pid)
    if not fields:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds used by a changing set of processes, sampled: a load-independent
    measure of how heavy a browser test is (its wall time depends on the machine's load)."""

    def __init__(self):
        self.used = {}

    def sample(self, pids):
        for pid in pids:
            self.used[pid] = max(self.used.get(pid, 0.0), cpu_seconds(pid))

    @property
    def seconds(self):
        return sum(self.used.values())


def run(script, *args, timeout=600, while_running=None, meter=None):
    """Runs node SCRIPT ARGS; returns (returncode, stdout, stderr, leftovers).

    leftovers: processes of the run still alive after node ended (they are killed).
    while_running: called about twice a second while node runs.
    meter: a CpuMeter that samples node and its browser while they run.
    """
    proc = subprocess.Popen([node(), str(HERE / script), *map(str, args)], cwd=HERE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = {}  # pid -> start time: node's browser and everything below it

    def note():
        below = descendants(proc.pid)
        for pid in below:
            seen.setdefault(pid, started_at(pid))
        if meter:
            meter.sample([proc.pid] + below)

    deadline = time.monotonic() + timeout
    while True:
        try:
            stdout, stderr = proc.communicate(timeout=0.25)
            break
        except subprocess.TimeoutExpired:
            note()
            if while_running:
                while_running()
            if time.monotonic() > deadline:
                proc.kill()
                stdout, stderr = proc.communicate()
                stderr += f"\n(stopped after {timeout} s)"
                break
    time.sleep(0.3)  # a browser closed by node may take a moment to go
    leftovers = [pid for pid, t in seen.items() if t is not None and started_at(pid) == t]
    for pid in leftovers:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return proc.returncode, stdout, stderr, leftovers
