#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""PV path micro-benchmark: satori against Xen 4.17 in the same QEMU.

Boots the benchmark kernel guests/build/bench/pv-paths.elf as dom0,
alternately on satori and on Xen 4.17 (cache/xen/xen, scripts/get-xen.sh),
with identical QEMU options (TCG, -smp 1), several rounds each. Each run
prints `bench: <name> <cycles> cycles ...` lines; the table gives per row
the median over the rounds on each hypervisor and the ratio satori/Xen
(goal: <= 0.8), then every round's numbers and the QEMU command lines.
A benchmark, not a test: it is not part of `make test`.

    bench/run-pv-paths.py [--rounds N] [--no-build] [--debug] [--satori IMAGE]

By default satori is built with DEBUG=n into build/bench-release (Debian's
Xen is a release build); --debug measures the default build/satori.
"""

import argparse
import os
import re
import statistics
import sys

import benchlib
from benchlib import ROOT, build, default_kernel  # noqa: F401 (users)

import guestdef  # noqa: E402 (benchlib sets the path)

GUEST = "guests/build/bench/pv-paths.elf"
OUT = os.path.join(ROOT, "build", "bench")
RESULT = re.compile(r"bench: (\S+) (\d+) cycles")

# The same machine for both: one CPU against noise, TCG always (KVM would
# measure a different thing, and this machine has none).
MANIFEST = f"""
guest: {GUEST}
smp: 1
memory: 512M
cpu: max
stop_at: bench: done$|satori-test: [^:]+: ERROR
stop_grace: 0.2
timeout: 240
expect: bench: done$
"""


def testdef_for(hv):
    """The run on @hv as a boot-test definition (guestdef's command lines)."""
    return guestdef.to_testdef(guestdef.parse(MANIFEST, "pv-paths"), hv)


def run_once(hv, kernel, round_no):
    """One boot; returns ({name: cycles}, printable command line). Reads
    MANIFEST and OUT when called (run-mmu-paths.py sets its own)."""
    return benchlib.boot(MANIFEST, "pv-paths", hv, kernel,
                         os.path.join(OUT, "work", hv),
                         os.path.join(OUT, f"{hv}-{round_no}.log"), RESULT,
                         f"{hv} round {round_no}")


def table(runs, names):
    """Lines of the summary: per hypervisor the median and the best (lowest)
    of the rounds, and the ratios of both. The best is the least disturbed
    by other load on the host; the median is the headline."""
    lines = [f"{'path':<24} {'satori':>8} {'xen':>8} {'ratio':>6}   "
             f"{'best-s':>8} {'best-x':>8} {'ratio':>6}"]
    for name in names:
        s = [r[name] for r in runs["satori"]]
        x = [r[name] for r in runs["xen"]]
        med_s, med_x = statistics.median(s), statistics.median(x)
        lines.append(f"{name:<24} {med_s:>8.0f} {med_x:>8.0f} "
                     f"{ratio(med_s, med_x):>6}   {min(s):>8} {min(x):>8} "
                     f"{ratio(min(s), min(x)):>6}")
    return lines


def ratio(a, b):
    return f"{a / b:.2f}" if b else "-"


def rounds_detail(runs, names):
    lines = []
    for hv in ("satori", "xen"):
        for name in names:
            vals = " ".join(f"{r[name]:>6}" for r in runs[hv])
            lines.append(f"{hv:<7} {name:<24} {vals}")
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3,
                    help="boots per hypervisor (alternating)")
    ap.add_argument("--no-build", action="store_true",
                    help="use the existing builds")
    ap.add_argument("--debug", action="store_true",
                    help="measure the DEBUG=y build/satori")
    ap.add_argument("--satori", metavar="IMAGE",
                    help="measure this satori image instead (implies "
                    "--no-build for satori)")
    args = ap.parse_args()
    if not args.no_build:
        build(args.debug)
    kernels = {hv: default_kernel(hv, args.debug) for hv in ("satori", "xen")}
    if args.satori:
        kernels["satori"] = os.path.abspath(args.satori)
    os.makedirs(OUT, exist_ok=True)
    runs = {"satori": [], "xen": []}
    commands = {}
    for n in range(1, args.rounds + 1):
        for hv in ("satori", "xen"):
            results, commands[hv] = run_once(hv, kernels[hv], n)
            print(f"round {n} {hv}: " + ", ".join(
                f"{k} {v}" for k, v in results.items()), flush=True)
            runs[hv].append(results)
    names = [k for k in runs["satori"][0] if all(
        k in r for rs in runs.values() for r in rs)]
    print()
    print("\n".join(table(runs, names)))
    print(f"\ncycles per op: median and best of {args.rounds} rounds (each "
          "round: the median of 15 batches); ratio = satori / xen, goal "
          "<= 0.8")
    print("\nper round:")
    print("\n".join(rounds_detail(runs, names)))
    print("\nQEMU command lines:")
    for hv, shown in commands.items():
        print(f"  {hv}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
