#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Timer lateness benchmark: satori against Xen 4.17 in the same QEMU.

Boots guests/build/bench/timer-lateness.elf as dom0, alternately on satori
and on Xen 4.17 (cache/xen/xen), with identical QEMU options (TCG,
-smp 1), several rounds each. The kernel sets 400 set_timer_op deadlines
100 us to 1 ms ahead, blocks until each and measures the wake against the
deadline with the pvclock; it prints p50/p90/p99/max lateness in ns. The
table gives the median over the rounds per hypervisor and the ratio
satori/Xen (lower is better), then every round and the QEMU command lines.
A benchmark, not a test: it is not part of `make test`.

    bench/run-timer-lateness.py [--rounds N] [--no-build] [--debug]
"""

import argparse
import os
import re
import statistics
import sys

import benchlib
from benchlib import ROOT

GUEST = "guests/build/bench/timer-lateness.elf"
OUT = os.path.join(ROOT, "build", "bench")
RESULT = re.compile(r"bench: (timer-\S+) (\d+) (ns|wakes)")

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


def run_once(hv, kernel, round_no):
    """One boot; returns ({stat: value}, printable command line)."""
    return benchlib.boot(MANIFEST, "timer-lateness", hv, kernel,
                         os.path.join(OUT, "work-timer", hv),
                         os.path.join(OUT, f"timer-{hv}-{round_no}.log"),
                         RESULT, f"{hv} round {round_no}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--debug", action="store_true",
                    help="measure the DEBUG=y build/satori")
    args = ap.parse_args()
    if not args.no_build:
        benchlib.build(args.debug)
    os.makedirs(OUT, exist_ok=True)
    runs = {"satori": [], "xen": []}
    commands = {}
    for n in range(1, args.rounds + 1):
        for hv in ("satori", "xen"):
            res, commands[hv] = run_once(hv, benchlib.default_kernel(hv, args.debug),
                                        n)
            print(f"round {n} {hv}: " +
                  ", ".join(f"{k} {v}" for k, v in res.items()), flush=True)
            runs[hv].append(res)
    names = [k for k in runs["satori"][0]
             if all(k in r for rs in runs.values() for r in rs)]
    print(f"\n{'stat':<22} {'satori':>10} {'xen':>10} {'ratio':>6}")
    for name in names:
        s = statistics.median(r[name] for r in runs["satori"])
        x = statistics.median(r[name] for r in runs["xen"])
        ratio = f"{s / x:.2f}" if x else "-"
        print(f"{name:<22} {s:>10.0f} {x:>10.0f} {ratio:>6}")
    print(f"\nlateness in ns (early-wakes: count), median of {args.rounds} "
          "rounds; ratio = satori / xen, lower is better")
    print("\nper round:")
    for hv in ("satori", "xen"):
        for name in names:
            vals = " ".join(f"{r[name]:>9}" for r in runs[hv])
            print(f"{hv:<7} {name:<22} {vals}")
    print("\nQEMU command lines:")
    for hv, shown in commands.items():
        print(f"  {hv}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
