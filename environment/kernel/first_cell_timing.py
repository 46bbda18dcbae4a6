#!/usr/bin/python3
"""Where a kernel start's time goes, up to its first cells: wall and CPU, start by start.

Each start: KernelManager.start_kernel(), the kernel_info reply (wait_for_ready), then the
first cell, then (scenario "both") a second one. The first cell is `1+1` (scenario "int"),
or a cell that shows an XChart chart and a Tablesaw table (scenario "chart"). Reported for
each start: wall seconds from start_kernel to each reply, the kernel process's CPU seconds
(user+system, /proc) at each of those moments, and the kernel log's own phase line
("vae-kernel: JShell ready ..."). Several kernels (--start-kernel A --start-kernel B) are
started in turn, A B A B ..., so that a shared machine's load falls on all alike.

    /usr/bin/python3 environment/kernel/first_cell_timing.py --runs 5
    /usr/bin/python3 environment/kernel/first_cell_timing.py --runs 5 \\
        --start-kernel /tmp/old/environment/kernel/start-kernel.sh --start-kernel environment/kernel/start-kernel.sh
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client import KernelManager

CHART_AND_TABLE = (
    'var chart = new org.knowm.xchart.XYChartBuilder().width(200).height(120).build();\n'
    'chart.addSeries("s", new double[]{1, 2, 3}, new double[]{3, 1, 2});\n'
    'display(chart);\n'
    'tech.tablesaw.api.Table.create("t", tech.tablesaw.api.IntColumn.create("epoch", 1, 2, 3))')
CLK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK  # utime, stime
    except OSError:
        return float("nan")


def load():
    return os.getloadavg()[0]


def run_cell(kc, code, timeout=120):
    msg_id = kc.execute(code)
    kinds = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] in ("execute_result", "display_data"):
            kinds.extend(msg["content"]["data"].keys())
        if msg["msg_type"] == "error":
            raise RuntimeError("cell failed: %s" % msg["content"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    if reply["content"]["status"] != "ok":
        raise RuntimeError("cell status %s" % reply["content"]["status"])
    return kinds


def one_start(kernel, scenario):
    """kernel: a start-kernel.sh, optionally followed by '::' and extra JVM options (JJAVA_JVM_OPTS)."""
    start_kernel, _, jvm_opts = kernel.partition("::")
    km = KernelManager(kernel_name="java-vae")
    km.kernel_spec.argv = ["bash", start_kernel, "{connection_file}"]
    if jvm_opts:
        km.kernel_spec.env = dict(km.kernel_spec.env, JJAVA_JVM_OPTS=jvm_opts)
    row = {"kernel": kernel, "scenario": scenario, "load_before": load()}
    with tempfile.TemporaryFile() as log:
        t0 = time.monotonic()
        km.start_kernel(stdout=log, stderr=subprocess.STDOUT, cwd=tempfile.gettempdir())
        pid = km.provisioner.process.pid
        kc = km.client()
        try:
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            row["info_wall"], row["info_cpu"] = time.monotonic() - t0, cpu_seconds(pid)
            if scenario in ("int", "both"):
                assert run_cell(kc, "1+1") == ["text/plain"]
                row["int_wall"], row["int_cpu"] = time.monotonic() - t0, cpu_seconds(pid)
            if scenario in ("chart", "both"):
                kinds = run_cell(kc, CHART_AND_TABLE)
                assert "image/png" in kinds and "text/html" in kinds, kinds
                row["chart_wall"], row["chart_cpu"] = time.monotonic() - t0, cpu_seconds(pid)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    row["load_after"] = load()
    row["log"] = [l for l in text.splitlines() if l.startswith("vae-kernel:")]
    return row


def spread(values):
    v = sorted(x for x in values if x == x)
    if not v:
        return "-"
    return "%.2f [%.2f-%.2f]" % (statistics.median(v), v[0], v[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--start-kernel", action="append",
                    help="start-kernel.sh to run, optionally with '::' and extra JVM options (repeat for several)")
    ap.add_argument("--scenario", action="append", choices=["int", "chart", "both"],
                    help="first cell 1+1 (int), the chart+table cell (chart), or 1+1 then it (both)")
    ap.add_argument("--json", help="append each start's row to this file (JSON lines)")
    args = ap.parse_args()
    kernels = [os.path.abspath(k.partition("::")[0]) + k.partition("::")[1] + k.partition("::")[2]
               for k in args.start_kernel or [os.path.join(os.path.dirname(os.path.abspath(__file__)), "start-kernel.sh")]]
    scenarios = args.scenario or ["both"]
    rows = []
    for i in range(args.runs):
        for scenario in scenarios:
            for k in kernels:
                row = one_start(k, scenario)
                rows.append(row)
                print(json.dumps(row), flush=True)
                if args.json:
                    with open(args.json, "a") as f:
                        f.write(json.dumps(row) + "\n")
    print()
    for k in kernels:
        for scenario in scenarios:
            rs = [r for r in rows if r["kernel"] == k and r["scenario"] == scenario]
            print("%s, first cell %s, %d starts, load %s:" % (k, scenario, len(rs),
                                                             spread([r["load_before"] for r in rs])))
            for key in ("info", "int", "chart"):
                if key + "_wall" in rs[0]:
                    print("  to %-5s reply: wall %s s, kernel CPU %s s" % (
                        key, spread([r[key + "_wall"] for r in rs]), spread([r[key + "_cpu"] for r in rs])))
            phases = {}
            for r in rs:
                for line in r["log"]:
                    for name, wall, cpu in re.findall(r"([a-zA-Z][\w .()\-]*?) (\d+\.\d+)/(\d+\.\d+)", line.split("(", 1)[-1]):
                        phases.setdefault(name.strip(), []).append((float(wall), float(cpu)))
            for name, vals in phases.items():
                print("  phase %-22s wall %s, CPU %s" % (name, spread([w for w, _ in vals]), spread([c for _, c in vals])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
