#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The CPU-loop row of bench-linux alone: native, Xen 4.17 and satori.

Boots the same kernel, initramfs and QEMU options as
bench/run-linux-lmbench.py, with `lmb=cpu` on the kernel command line:
/bin/lmb then runs only its CPU loop (100 stretches of a million
iterations), pinned to each vCPU in turn, for --loops rounds. Two
measurements per run:

- host: the host CPU time QEMU's vCPU threads (all threads but the main
  one) spent from lmb's last "cpu_mark" line to its result line (300 ms
  idle, then the loop), less what they spent in the 300 ms idle window
  before (mark to mark), read from /proc/<qemu>/task/*/schedstat. All
  vCPU threads, not only the busiest: a hypervisor may move the loop's
  vCPU between physical CPUs (QEMU threads) meanwhile. It counts
  everything the machine's CPUs did during the loop (the loop, timer
  interrupts, the hypervisor's work, the other CPU's idle wake-ups) and
  nothing of the time the host ran other processes instead, so it
  hardly depends on the host's load; microseconds per million
  iterations. "process": the same with QEMU's main (I/O) thread.
- min / median: lmb's fastest and median stretch in TSC cycles per
  thousand iterations (under TCG the guest's TSC is the host's, on all
  three systems). min does not move with the host's load as long as
  some stretches run unpreempted; median does.
- wall: the whole run by the guest's clock_gettime, microseconds per
  million iterations (moves with the load); intr: the guest's interrupts
  (all vCPUs, /proc/stat) during the run.

    bench/run-cpu-loop.py [--rounds N] [--loops N] [--systems ...]
                          [--no-build]
"""

import argparse
import importlib.util
import os
import re
import statistics
import sys

import linuxboot

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    "lmbench", os.path.join(HERE, "run-linux-lmbench.py"))
LMB = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(LMB)

MARK = re.compile(r"lmb: cpu_mark (\d+)")
RESULT = re.compile(r"lmb: cpu_loop_cpu(\d+) ([0-9.]+) median ([0-9.]+) "
                    r"wall ([0-9.]+) intr ([0-9]+)")
# lmb's loop: CPU_STRETCHES * CPU_STRETCH_ITERS iterations per run.
MILLIONS = 100


def thread_cpu_ns(pid):
    """{tid: nanoseconds on a CPU} for every thread of @pid."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                out[tid] = int(f.read().split()[0])
        except OSError:
            pass
    return out


def cpu_delta(before, after):
    """{tid: nanoseconds} each thread ran from @before to @after."""
    return {t: after[t] - before.get(t, 0) for t in after}


def boot(system, vmlinuz, tag, args):
    """One boot; returns a list of per-run dicts."""
    cmd = LMB.command(system, vmlinuz, args.satori_args)
    log_path = os.path.join(LMB.OUT, f"cpu-{system}-{tag}.log")
    runs, marks = [], []

    def on_line(proc, line):
        nonlocal marks
        if MARK.search(line):
            marks.append(thread_cpu_ns(proc.pid))
        m = RESULT.search(line)
        if m and len(marks) >= 2:
            loop = cpu_delta(marks[-1], thread_cpu_ns(proc.pid))
            idle = cpu_delta(marks[-2], marks[-1])
            main = str(proc.pid)
            runs.append({
                "vcpu": int(m.group(1)),
                "host": (sum(loop.values()) - loop.get(main, 0) -
                         sum(idle.values()) + idle.get(main, 0)) /
                1e3 / MILLIONS,
                "process": (sum(loop.values()) -
                            sum(idle.values())) / 1e3 / MILLIONS,
                "min": float(m.group(2)),
                "median": float(m.group(3)),
                "wall": float(m.group(4)),
                "intr": int(m.group(5)),
            })
            log.write(f"\n# host {runs[-1]}\n")
            marks = []
        return LMB.DONE in line

    with open(log_path, "w", encoding="utf-8", buffering=1) as log:
        done = linuxboot.stream_boot(cmd, log, args.timeout, on_line)
    if not done:
        sys.exit(f"{system} {tag}: no '{LMB.DONE}' within {args.timeout} s;"
                 f" log: {os.path.relpath(log_path, LMB.ROOT)}")
    return runs


KEYS = ("host", "process", "min", "median", "wall", "intr")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3, help="boots per system")
    ap.add_argument("--loops", type=int, default=3,
                    help="runs per vCPU in each boot")
    ap.add_argument("--systems", default="native,xen,satori")
    ap.add_argument("--satori-args", default="")
    ap.add_argument("--timeout", type=int, default=LMB.TIMEOUT)
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    systems = args.systems.split(",")
    os.makedirs(LMB.OUT, exist_ok=True)
    vmlinuz = LMB.build(args.no_build)
    LMB.GUEST_ARGS = f"{LMB.GUEST_ARGS} lmb=cpu lmb_rounds={args.loops}"

    # Per system, per boot: the median over that boot's runs.
    per_boot = {s: [] for s in systems}
    for r in range(args.rounds):
        for s in systems:
            runs = boot(s, vmlinuz, r, args)
            med = {k: statistics.median(x[k] for x in runs) for k in KEYS}
            per_boot[s].append(med)
            print(f"boot {r + 1} {s:<7} " + " ".join(
                f"{k} {med[k]:.1f}" for k in KEYS) + "  host by run: " +
                " ".join(f"{x['host']:.0f}" for x in runs), flush=True)
    print("\nmedians over boots (host, process, wall: us per million "
          "iterations; min, median: TSC cycles per thousand; intr per run)")
    print(f"{'system':<8}" + "".join(f"{k:>10}" for k in KEYS) +
          f"{'host/nat':>10}{'min/nat':>9}{'spread':>8}")
    for s in systems:
        med = {k: statistics.median(b[k] for b in per_boot[s]) for k in KEYS}
        hosts = [b["host"] for b in per_boot[s]]
        rel = ""
        if "native" in per_boot:
            nat = {k: statistics.median(b[k] for b in per_boot["native"])
                   for k in ("host", "min")}
            rel = (f"{med['host'] / nat['host']:10.3f}"
                   f"{med['min'] / nat['min']:9.3f}")
        print(f"{s:<8}" + "".join(f"{med[k]:10.1f}" for k in KEYS) + rel +
              f"{(max(hosts) - min(hosts)) / med['host']:8.3f}")


if __name__ == "__main__":
    main()
