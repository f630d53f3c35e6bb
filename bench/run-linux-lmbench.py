#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The Xen paper's OS microbenchmarks: native Linux, Xen 4.17 dom0, satori dom0.

Boots Debian's stock Linux 6.1 with the same initramfs (linux.mk:
busybox, the Xen modules and /bin/lmb from bench/linux/lmb.c) three ways
with identical QEMU options (TCG, -smp 2, 1 GiB): natively, as dom0 of
Xen 4.17 (`bootscrub=0`) and as dom0 of satori, alternating the three in
each round. Each boot runs /bin/lmb (`satori.run=/bin/lmb`) and powers
off. Prints per test the median over the rounds for each system and the
ratios satori/native and satori/Xen, then every round's numbers.
cpu_loop_kcyc (TSC cycles per thousand iterations of a pure CPU loop)
is the fastest of many short stretches, which does not move with the
host's load; bench/run-cpu-loop.py measures that row alone, also in
host CPU time. cpu_tick_kcyc adds to it the loop's share of time lost to
the guest's periodic tick (found in one long run of short chunks) and is
the honest CPU-loop row; cpu_small_kcyc adds all interruptions but host
preemption, cpu_long_kcyc is the fastest 100 ms stretch.
A benchmark, not a test: it is not part of `make test`.

    bench/run-linux-lmbench.py [--rounds N] [--systems native,xen,satori]
                               [--png docs/lmbench.png] [--no-build]
                               [--only pipe|proc] [--max-other PCT]
                               [--summarize results.json]
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

import linuxboot

ROOT = linuxboot.ROOT
OUT = os.path.join(ROOT, "build", "bench", "lmbench")
RESULT = re.compile(r"lmb: (\w+) ([0-9.]+)")
DONE = "lmb: done"
DOM0_MEM = "512M"
HV_ARGS = f"dom0_mem={DOM0_MEM} dom0_max_vcpus=2"
GUEST_ARGS = "satori.run=/bin/lmb quiet"
# Seconds per boot. A satori or Xen boot under TCG takes 5-10 minutes on
# an idle host (the bzImage decompression alone is 10-30 s); a shared,
# loaded host stretches that several times: --timeout.
TIMEOUT = 1800


def build(no_build):
    if not no_build:
        subprocess.run(["make", "-j2", "hv", "DEBUG=n",
                        "BUILD=build/bench-release"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["make", "linux-dom0"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([os.path.join(ROOT, "scripts", "get-xen.sh")],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return linuxboot.vmlinuz()


def command(system, vmlinuz, satori_args=""):
    initrd = linuxboot.INITRD
    base = linuxboot.QEMU_BASE
    modules = f"{vmlinuz} console=hvc0 {GUEST_ARGS},{initrd}"
    if system == "native":
        # no_timer_check: on a loaded host TCG delivers the PIT's first
        # ticks too late for Linux's IO-APIC timer check, which then
        # panics ("IO-APIC + timer doesn't work!"); the dom0 boots have
        # no such check.
        return base + ["-kernel", vmlinuz, "-initrd", initrd, "-append",
                       f"console=ttyS0 no_timer_check {GUEST_ARGS}"]
    if system == "xen":
        return base + ["-kernel", os.path.join(ROOT, "cache", "xen", "xen"),
                       "-append", "console=com1 com1=115200,8n1 bootscrub=0 "
                       f"noreboot {HV_ARGS}", "-initrd", modules]
    return base + ["-kernel", os.path.join(ROOT, "build", "bench-release",
                                           "satori"),
                   "-append", f"console=com1 {HV_ARGS} {satori_args}".strip(),
                   "-initrd", modules]


def host_busy_s():
    """Seconds of CPU time the whole host has spent busy (/proc/stat)."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq: time stolen by the host's
    # own hypervisor (steal) is no process's here.
    busy = sum(fields[:7]) - fields[3] - fields[4]
    return busy / os.sysconf("SC_CLK_TCK")


def proc_cpu_s(pid):
    """Seconds of CPU time process @pid has used (utime + stime)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class HostShare:
    """How much of the host's CPUs processes other than the QEMU under
    test used while lmb measured (from "lmb: start" to "lmb: done"), in
    per cent of all host CPUs: the disturbance a shared host adds, which
    the per-round table shows as host_other_pct."""

    def __init__(self):
        self.start = None

    def mark(self, pid):
        now = (time.monotonic(), host_busy_s(), proc_cpu_s(pid))
        if self.start is None:
            self.start = now
            return None
        wall, busy, own = (b - a for a, b in zip(self.start, now))
        return max(0.0, 100 * (busy - own) / (wall * os.cpu_count()))


def run_once(system, vmlinuz, round_no, timeout=TIMEOUT, satori_args=""):
    """One boot; returns {test: microseconds} plus host_other_pct."""
    cmd = command(system, vmlinuz, satori_args)
    log_path = os.path.join(OUT, f"{system}-{round_no}.log")
    results = {}
    share = HostShare()

    def on_line(proc, line):
        m = RESULT.search(line)
        if m:
            results[m.group(1)] = float(m.group(2))
        if "lmb: start" in line or DONE in line:
            other = share.mark(proc.pid)
            if other is not None:
                results["host_other_pct"] = other
        return DONE in line

    # Line-buffered, so that a running boot's log shows how far it got.
    with open(log_path, "w", encoding="utf-8", buffering=1) as log:
        done = linuxboot.stream_boot(cmd, log, timeout, on_line)
    if not done:
        sys.exit(f"{system} round {round_no}: no '{DONE}' within "
                 f"{timeout} s; log: {os.path.relpath(log_path, ROOT)}")
    return results


def ratio(a, b):
    return f"{a / b:.2f}" if b else "-"


def summary(runs, systems, names):
    head = f"{'test (us/op)':<16}" + "".join(f"{s:>12}" for s in systems)
    if "satori" in systems:
        head += "".join(f"{'s/' + s[:3]:>8}" for s in systems
                        if s != "satori")
    lines = [head]
    for name in names:
        med = {s: statistics.median(r[name] for r in runs[s]
                                    if name in r) for s in systems}
        row = f"{name:<16}" + "".join(f"{med[s]:>12.2f}" for s in systems)
        if "satori" in systems:
            row += "".join(f"{ratio(med['satori'], med[s]):>8}"
                           for s in systems if s != "satori")
        lines.append(row)
    return lines


# The CPU-loop rows in TSC cycles per thousand iterations (lmb.c): the
# fastest 1.6 ms stretch, the loop with its periodic (tick) interruptions,
# with all interruptions but host preemption, the fastest 100 ms stretch.
CPU_ROWS = ("cpu_loop_kcyc", "cpu_tick_kcyc", "cpu_small_kcyc",
            "cpu_long_kcyc")


def cpu_summary(runs, systems):
    """The CPU-loop rows against native (medians over the rounds) and the
    share of the loop's run lost to the tick (cpu_tick_pct)."""
    if "native" not in systems:
        return []
    lines = ["\nCPU loop (kcycles per 1000 iterations; x/nat: ratio to "
             "native)"]
    for name in CPU_ROWS + ("cpu_tick_pct",):
        med = {s: statistics.median([r[name] for r in runs[s] if name in r]
                                    or [float("nan")]) for s in systems}
        rel = "".join(f"  {s[:3]}/nat {med[s] / med['native']:.4f}"
                      for s in systems if s != "native")
        if name == "cpu_tick_pct":
            rel = "".join(f"  {s[:3]}-nat {med[s] - med['native']:+.2f}"
                          for s in systems if s != "native")
        lines.append(f"{name:<16}" + "".join(f"{med[s]:>10.2f}"
                                             for s in systems) + rel)
    return lines


def quiet_rounds(systems, runs, max_other):
    """Indices of the rounds whose every boot saw other processes use at
    most @max_other %% of the host (all rounds if @max_other is None)."""
    count = len(runs[systems[0]])
    if max_other is None:
        return list(range(count))
    return [i for i in range(count)
            if all(runs[s][i].get("host_other_pct", 0.0) <= max_other
                   for s in systems)]


def report(systems, runs, max_other):
    """Print the medians (over the quiet rounds), the CPU-loop rows and
    every round; returns the row names and the kept rounds."""
    names = [n for n in runs[systems[0]][0] if n not in ("start", "done")]
    kept = quiet_rounds(systems, runs, max_other)
    if not kept:
        sys.exit(f"no round had every boot at host_other_pct <= "
                 f"{max_other}")
    if max_other is not None:
        left = [i + 1 for i in range(len(runs[systems[0]]))
                if i not in kept]
        print(f"medians over rounds {[i + 1 for i in kept]}; left out "
              f"(another process used more than {max_other} % of the "
              f"host during a boot): {left or 'none'}")
    quiet = {s: [runs[s][i] for i in kept] for s in systems}
    print("\n".join(summary(quiet, systems, names)))
    print("\n".join(cpu_summary(quiet, systems)))
    print("\nrounds:")
    for s in systems:
        for n in names:
            vals = " ".join(f"{r.get(n, float('nan')):>10.2f}"
                            for r in runs[s])
            print(f"{s:<7} {n:<16} {vals}")
    return names, kept


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--systems", default="native,xen,satori")
    ap.add_argument("--png", help="write a bar chart of the ratios here")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--satori-args", default="",
                    help="more hypervisor options for satori's boots, "
                         "e.g. lazy_idle=1 (SATORI_ARGS= in make)")
    ap.add_argument("--only", choices=("pipe", "proc"),
                    help="run only these rows (lmb=pipe: pipe_ctx_2 and "
                         "pipe_ctx_8; lmb=proc: the fork, exec and sh -c rows in "
                         "6 interleaved batches per boot)")
    ap.add_argument("--timeout", type=int, default=TIMEOUT,
                    help="seconds per boot (default %(default)s)")
    ap.add_argument("--max-other", type=float, metavar="PCT",
                    help="leave out of the medians every round in which "
                         "other processes used more than PCT %% of the "
                         "host's CPUs during one of its boots "
                         "(host_other_pct; MAX_OTHER= in make)")
    ap.add_argument("--summarize", metavar="JSON",
                    help="print the tables of an earlier run's "
                         "results.json instead of running")
    args = ap.parse_args()
    if args.summarize:
        with open(args.summarize, encoding="utf-8") as f:
            data = json.load(f)
        report(data["systems"], data["runs"], args.max_other)
        return
    if args.only:
        global GUEST_ARGS
        GUEST_ARGS = f"{GUEST_ARGS} lmb={args.only}"
    systems = args.systems.split(",")
    os.makedirs(OUT, exist_ok=True)
    vmlinuz = build(args.no_build)

    runs = {s: [] for s in systems}
    for r in range(args.rounds):
        for s in systems:
            t0 = time.monotonic()
            runs[s].append(run_once(s, vmlinuz, r, args.timeout,
                                    args.satori_args))
            print(f"round {r + 1}/{args.rounds} {s}: "
                  f"{len(runs[s][-1])} results in "
                  f"{time.monotonic() - t0:.0f} s", flush=True)
    names, kept = report(systems, runs, args.max_other)
    results = os.path.join(OUT, "results.json")
    with open(results, "w", encoding="utf-8") as f:
        json.dump({"systems": systems, "names": names, "runs": runs,
                   "kept": kept}, f)
    print(f"results: {os.path.relpath(results, ROOT)}")
    if args.png:
        # Debian's python3-matplotlib lives with /usr/bin/python3.
        py = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") \
            else sys.executable
        subprocess.run([py, os.path.join(ROOT, "bench", "barplot.py"),
                        results, args.png], check=True)
        print(f"plot: {args.png}")


if __name__ == "__main__":
    main()
