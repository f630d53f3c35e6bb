#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""PV MMU micro-benchmark: satori against Xen 4.17 in the same QEMU.

Boots guests/build/bench/mmu-paths.elf as dom0, alternately on satori and
on Xen 4.17, with identical QEMU options (TCG, -smp 1, the machine and
the builds of bench/run-pv-paths.py, whose runner this reuses), several
rounds each. Rows: mmu_update of one PTE, update_va_mapping with
UVMF_INVLPG|UVMF_LOCAL, pin+unpin of a 4-level table. The table gives the
median over the rounds of each hypervisor's cycles per operation and the
ratio satori/Xen (goal: <= 0.8). A row satori cannot run yet (the kernel
prints "bench: <row> unavailable (<errno>)") keeps its Xen numbers and
says so. A benchmark, not a test: not part of `make test`.

    bench/run-mmu-paths.py [--rounds N] [--no-build] [--debug] [--satori IMAGE]
"""

import argparse
import importlib.util
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_pv_paths():
    """bench/run-pv-paths.py as a module (its file name has dashes)."""
    spec = importlib.util.spec_from_file_location(
        "run_pv_paths", os.path.join(HERE, "run-pv-paths.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


pvp = load_pv_paths()
pvp.GUEST = "guests/build/bench/mmu-paths.elf"
pvp.MANIFEST = pvp.MANIFEST.replace("guests/build/bench/pv-paths.elf",
                                    pvp.GUEST)
pvp.OUT = os.path.join(pvp.ROOT, "build", "bench", "mmu")
UNAVAILABLE = re.compile(r"bench: (\S+) unavailable \((-?\d+)\)")
ROWS = ("mmu-update-1pte", "update-va-mapping-invlpg", "pin-unpin-l4")


def unavailable_rows(hv, round_no):
    """{row: errno} of the rows the kernel could not run in that round."""
    out = {}
    with open(os.path.join(pvp.OUT, f"{hv}-{round_no}.log"),
              encoding="utf-8") as log:
        for line in log:
            m = UNAVAILABLE.search(line)
            if m:
                out[m.group(1)] = int(m.group(2))
    return out


def cell(values):
    return f"{statistics.median(values):>8.0f}" if values else f"{'-':>8}"


def table(runs, missing):
    lines = [f"{'path':<26} {'satori':>8} {'xen':>8} {'ratio':>6}   "
             f"{'best-s':>8} {'best-x':>8} {'ratio':>6}"]
    for name in ROWS:
        s = [r[name] for r in runs["satori"] if name in r]
        x = [r[name] for r in runs["xen"] if name in r]
        med = ratio_of(s, x, statistics.median)
        best = ratio_of(s, x, min)
        line = (f"{name:<26} {cell(s)} {cell(x)} {med:>6}   "
                f"{min(s) if s else '-':>8} {min(x) if x else '-':>8} "
                f"{best:>6}")
        why = missing["satori"].get(name)
        if not s and why is not None:
            line += f"   (satori: unavailable, {why})"
        lines.append(line)
    return lines


def ratio_of(s, x, pick):
    return pvp.ratio(pick(s), pick(x)) if s and x else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3,
                    help="boots per hypervisor (alternating)")
    ap.add_argument("--no-build", action="store_true",
                    help="use the existing builds")
    ap.add_argument("--debug", action="store_true",
                    help="measure the DEBUG=y build/satori")
    ap.add_argument("--satori", metavar="IMAGE",
                    help="measure this satori image instead")
    args = ap.parse_args()
    if not args.no_build:
        pvp.build(args.debug)
    kernels = {hv: pvp.default_kernel(hv, args.debug)
               for hv in ("satori", "xen")}
    if args.satori:
        kernels["satori"] = os.path.abspath(args.satori)
    os.makedirs(pvp.OUT, exist_ok=True)
    runs = {"satori": [], "xen": []}
    missing = {"satori": {}, "xen": {}}
    commands = {}
    for n in range(1, args.rounds + 1):
        for hv in ("satori", "xen"):
            results, commands[hv] = pvp.run_once(hv, kernels[hv], n)
            missing[hv].update(unavailable_rows(hv, n))
            print(f"round {n} {hv}: " + ", ".join(
                f"{k} {v}" for k, v in results.items()), flush=True)
            runs[hv].append(results)
    print()
    print("\n".join(table(runs, missing)))
    print(f"\ncycles per op: median and best of {args.rounds} rounds (each "
          "round: the median of 15 batches of 1000); ratio = satori / xen, "
          "goal <= 0.8")
    print("\nQEMU command lines:")
    for hv, shown in commands.items():
        print(f"  {hv}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
