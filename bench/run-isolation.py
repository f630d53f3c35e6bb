#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Scheduler isolation and fairness figures on satori (BVT and credit).

Isolation: boots the boot tests tests/boot/sched-isolation-{bvt-nowarp,
bvt-warp,credit}.test (an I/O-style domain, guests/tests/sched/
io-latency.c, that sleeps on 2 ms one-shot timers next to four CPU hogs
on one pCPU) and prints, in us, per policy, two figures of its wake-ups:
the wait (runnable but not running, the scheduler's share) and the
lateness (timer deadline to running, pvclock; includes the host's delay
of QEMU's timer interrupt): median over --rounds boots of each statistic. Fairness: boots sched-credit-weights.test and
sched-bvt-weights.test (weights 512:256) and prints the CPU-time ratios
the hypervisor logged. satori only (Xen 4.17 has no BVT and no boot-time
domains). A benchmark, not a test: the tail moves with the host's load.

    bench/run-isolation.py [--rounds N]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "runner"))

import machine  # noqa: E402
import testdef  # noqa: E402
from judge import ratios, verdict  # noqa: E402

OUT = os.path.join(ROOT, "build", "bench")
LATENCY = re.compile(r"\(d1\) io-latency: (late|wait) n=\d+ p50 (\d+) us "
                     r"p90 (\d+) us p99 (\d+) us")
ISOLATION = (("bvt, no warp", "sched-isolation-bvt-nowarp"),
             ("bvt, warp 50/2/1 ms", "sched-isolation-bvt-warp"),
             ("credit (BOOST)", "sched-isolation-credit"))
FAIRNESS = (("credit, 1 pCPU", "sched-credit-weights"),
            ("bvt, pinned to pCPU 0 of 2", "sched-bvt-weights"))


def run(name, tag):
    """One boot of tests/boot/<name>.test; (log text, measured ratios)."""
    test = testdef.load(os.path.join(ROOT, "tests", "boot", name + ".test"))
    workdir = os.path.join(OUT, "work", tag)
    machine.stage_modules(test, ROOT, workdir)
    cmd = machine.qemu_command(test, os.path.join(ROOT, "build", "satori"),
                               None, "tcg")
    log_path = os.path.join(OUT, f"{tag}.log")
    with open(log_path, "w", encoding="utf-8") as log:
        r = machine.Run(test, cmd, workdir, log)
        end = r.execute(test.timeout)
        reasons = verdict(test, r.watcher, end)
        measured = [v for _, v in ratios(test, r.watcher)]
    if reasons:
        print(f"  ({tag}: {'; '.join(reasons)}; log: "
              f"{os.path.relpath(log_path, ROOT)})", file=sys.stderr)
    with open(log_path, encoding="utf-8") as log:
        return log.read(), measured


def isolation(rounds):
    print("| policy (I/O domain + 4 hogs, 1 pCPU) | wait p50 | wait p90 "
          "| wait p99 | late p50 | late p90 | late p99 |")
    print("|---|---|---|---|---|---|---|")
    for label, name in ISOLATION:
        stats = {"wait": [], "late": []}
        for i in range(rounds):
            text, _ = run(name, f"{name}-{i}")
            for m in LATENCY.finditer(text):
                stats[m.group(1)].append([int(x) for x in m.groups()[1:]])
        if not stats["wait"] or not stats["late"]:
            print(f"| {label} | no result | | | | | |")
            continue
        cols = [statistics.median(s[k] for s in stats[what])
                for what in ("wait", "late") for k in range(3)]
        print(f"| {label} | " + " | ".join(f"{c:.0f}" for c in cols) + " |")


def fairness(rounds):
    print("\n| policy | weights | CPU-time ratio heavy/light (each round) |")
    print("|---|---|---|")
    for label, name in FAIRNESS:
        got = []
        for i in range(rounds):
            _, measured = run(name, f"{name}-{i}")
            got += [f"{v:.3f}" for v in measured[:1] if v is not None]
        print(f"| {label} | 512:256 | {', '.join(got) or 'no result'} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    subprocess.run(["make", "-j2", "hv", "guests"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    isolation(args.rounds)
    fairness(args.rounds)


if __name__ == "__main__":
    main()
