#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Scheduler benchmark: vCPU context-switch cost, on satori (and Xen).

Boots guests/build/bench/sched-yield.elf (SCHEDOP_yield in a loop, TSC
timed) under TCG, -smp 2, for each satori policy (credit, bvt, rr):

  alone  one domain pinned to pCPU 0: a yield is the hypercall plus a
         schedule() that keeps the caller;
  pair   two domains pinned to pCPU 0: every yield switches to the other
         domain and back, a round trip of two vCPU context switches.

switch = (pair - alone) / 2 estimates one context switch. On Xen 4.17
only `alone` can be measured (dom0 by itself: a second domain needs a
toolstack), so the Xen row is the yield path without a switch. Medians
over --rounds boots. A benchmark, not a test; numbers move with the
load on the host (TCG cycles are host TSC cycles).

    bench/run-sched.py [--rounds N] [--no-xen]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "runner"))

import guestdef  # noqa: E402
import machine  # noqa: E402
import testdef  # noqa: E402
from judge import verdict  # noqa: E402

GUEST = "guests/build/bench/sched-yield.elf"
OUT = os.path.join(ROOT, "build", "bench")
RESULT = re.compile(r"bench: sched-yield (\d+) cycles per yield")
POLICIES = ("credit", "bvt", "rr")


def satori_def(policy, pair):
    doms = "bootdom=name:y1,mem:16M,kernel:1,cpus:0"
    mods = f"module: {GUEST} yields=2000\n"
    if pair:
        doms += " bootdom=name:y2,mem:16M,kernel:2,cpus:0"
        mods += f"module: {GUEST} yields=2000\n"
    text = (f"smp: 2\ncmdline: console=com1 loglvl=all guest_loglvl=all "
            f"debugexit=0xf4 dom0=none sched={policy} {doms}\n{mods}"
            "expect: bench: done\nexit: 0\ntimeout: 240\n")
    return testdef.parse(text, f"sched-{policy}-{'pair' if pair else 'alone'}")


def xen_def():
    text = (f"guest: {GUEST}\nsmp: 2\nstop_at: bench: done$\n"
            "stop_grace: 0.2\ntimeout: 240\nexpect: bench: done$\n")
    return guestdef.to_testdef(guestdef.parse(text, "sched-yield"), "xen")


def run(test, kernel, tag):
    """One boot; the median cycles per yield of each domain (a list)."""
    workdir = os.path.join(OUT, "work", tag)
    machine.stage_modules(test, ROOT, workdir)
    cmd = machine.qemu_command(test, kernel, None, "tcg")
    log_path = os.path.join(OUT, f"{tag}.log")
    with open(log_path, "w", encoding="utf-8") as log:
        r = machine.Run(test, cmd, workdir, log)
        end = r.execute(test.timeout)
        reasons = verdict(test, r.watcher, end)
    if reasons:
        raise SystemExit(f"{tag} failed: {'; '.join(reasons)}; log: "
                         f"{os.path.relpath(log_path, ROOT)}")
    with open(log_path, encoding="utf-8") as log:
        return [int(m.group(1)) for m in map(RESULT.search, log) if m]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-xen", action="store_true")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    subprocess.run(["make", "-j2", "hv", "guests"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    satori = os.path.join(ROOT, "build", "satori")
    print("| hypervisor, policy | alone (cycles/yield) | pair (cycles/yield) "
          "| one switch (est.) |")
    print("|---|---|---|---|")
    for policy in POLICIES:
        alone, pair = [], []
        for i in range(args.rounds):
            alone += run(satori_def(policy, False), satori,
                         f"sched-{policy}-alone-{i}")
            pair += run(satori_def(policy, True), satori,
                        f"sched-{policy}-pair-{i}")
        a, p = statistics.median(alone), statistics.median(pair)
        print(f"| satori {policy} | {a:.0f} | {p:.0f} | {(p - a) / 2:.0f} |")
    if not args.no_xen:
        subprocess.run([os.path.join(ROOT, "scripts", "get-xen.sh")],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        xen = os.path.join(ROOT, "cache", "xen", "xen")
        alone = []
        for i in range(args.rounds):
            alone += run(xen_def(), xen, f"sched-xen-alone-{i}")
        print(f"| Xen 4.17 (dom0, default credit2) | "
              f"{statistics.median(alone):.0f} | n/a | n/a |")


if __name__ == "__main__":
    main()
