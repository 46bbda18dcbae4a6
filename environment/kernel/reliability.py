#!/usr/bin/python3
"""Start the Java kernel many times through jupyter_client and report how reliably it starts.

One start = KernelManager.start_kernel(), then wait for the kernel_info reply (this is
the start-up time), then shut the kernel down. Every 10th start (--eval-every) also runs
one tiny cell and checks its result: a kernel that answers kernel_info but cannot evaluate
is a failure too. (Not every start: the first cell waits for JShell to start, which on a
busy machine costs seconds a start and 300 starts would take an hour.)

    /usr/bin/python3 environment/kernel/reliability.py               # 300 starts
    /usr/bin/python3 environment/kernel/reliability.py --busy        # with the other core spinning
    /usr/bin/python3 environment/kernel/reliability.py --starts 20 --kernel some-other-spec

Run with Debian's python3 (the one that sees Debian's jupyter_client).
"""
import argparse
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time

try:
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import NoSuchKernel
except ImportError:
    sys.exit("jupyter_client not found: run this with /usr/bin/python3 (Debian's python3-jupyter-client)")

READY_TIMEOUT = 30.0  # a start that takes longer than this counts as a failure (a hang)
EXEC_TIMEOUT = 30.0


def spin(parent):
    """Burn one core: stands for a colleague's Maven build. Ends with the parent process."""
    n = 0
    while True:
        n += 1
        if n % 10_000_000 == 0 and os.getppid() != parent:
            return


def run_cell(kc, code, timeout):
    """Execute code; return (status, text of the execute_result or None)."""
    msg_id = kc.execute(code)
    deadline = time.monotonic() + timeout
    result = None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no reply to execute_request within %.0f s" % timeout)
        msg = kc.get_iopub_msg(timeout=remaining)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            result = msg["content"]["data"].get("text/plain")
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
    return reply["content"]["status"], result


def one_start(kernel_name, check_eval, log):
    """Return (ready_seconds, first_cell_seconds); raise on any failure.

    The kernel's own stdout/stderr go to log (shown when a start fails)."""
    km = KernelManager(kernel_name=kernel_name)
    t0 = time.monotonic()
    km.start_kernel(stdout=log, stderr=subprocess.STDOUT)
    kc = km.client()
    try:
        kc.start_channels()
        kc.wait_for_ready(timeout=READY_TIMEOUT)  # raises RuntimeError on timeout or death
        ready = time.monotonic() - t0
        first_cell = None
        if check_eval:
            t1 = time.monotonic()
            status, text = run_cell(kc, "6 * 7", EXEC_TIMEOUT)
            if status != "ok" or text is None or "42" not in text:
                raise RuntimeError("first cell gave status=%s result=%r" % (status, text))
            first_cell = time.monotonic() - t1
        return ready, first_cell
    finally:
        kc.stop_channels()
        # now=True kills without a shutdown_request; a graceful shutdown is covered by the tests.
        km.shutdown_kernel(now=True)


def percentile(sorted_values, p):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def summary(name, values):
    v = sorted(values)
    if not v:
        return "%s: no successful starts" % name
    return "%s: p50 %.2f s  p90 %.2f s  p99 %.2f s  max %.2f s  (min %.2f s)" % (
        name, percentile(v, 50), percentile(v, 90), percentile(v, 99), v[-1], v[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--starts", type=int, default=300, help="number of kernel starts (default 300)")
    ap.add_argument("--busy", action="store_true", help="keep one core busy during the run")
    ap.add_argument("--kernel", default="java-vae", help="kernelspec name (default java-vae)")
    ap.add_argument("--eval-every", type=int, default=10, metavar="N",
                    help="every Nth start also runs a cell and checks its value (default 10, 0: never)")
    args = ap.parse_args()
    # A plain kill (SIGTERM) still runs the finally blocks: the spinner and the kernel end too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    try:
        KernelManager(kernel_name=args.kernel).kernel_spec
    except NoSuchKernel:
        sys.exit("kernelspec %r is not installed: run environment/setup.sh "
                 "(or environment/kernel/install-kernelspec.sh)" % args.kernel)

    spinner = None
    if args.busy:
        spinner = multiprocessing.Process(target=spin, args=(os.getpid(),), daemon=True)
        spinner.start()

    ready_times, cell_times, failures = [], [], []
    t_run = time.monotonic()
    try:
        for i in range(1, args.starts + 1):
            with tempfile.TemporaryFile() as log:
                try:
                    check_eval = args.eval_every > 0 and i % args.eval_every == 0
                    ready, cell = one_start(args.kernel, check_eval, log)
                    ready_times.append(ready)
                    if cell is not None:
                        cell_times.append(cell)
                except Exception as e:  # any failure is counted, reported, and the run goes on
                    failures.append((i, "%s: %s" % (type(e).__name__, e)))
                    log.seek(0)
                    tail = log.read().decode("utf-8", "replace").splitlines()[-20:]
                    print("start %d FAILED: %s\n  kernel output (last lines):\n    %s"
                          % (i, failures[-1][1], "\n    ".join(tail)), flush=True)
            if i % 25 == 0:
                print("... %d starts, %d failures" % (i, len(failures)), flush=True)
    finally:
        if spinner is not None:
            spinner.terminate()
            spinner.join()

    print()
    print("kernel %s, %d starts%s, %.0f s in all" % (
        args.kernel, args.starts, " with one core busy" if args.busy else "", time.monotonic() - t_run))
    print("failures: %d" % len(failures))
    for i, why in failures:
        print("  start %d: %s" % (i, why))
    print(summary("start (to kernel_info reply)", ready_times))
    if cell_times:
        print(summary("first cell (6 * 7, %d starts)" % len(cell_times), cell_times))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
