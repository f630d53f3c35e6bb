#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Event-channel benchmark: satori against Xen 4.17 in the same QEMU.

Two parts, several rounds each, the hypervisors alternating:

- guests/build/bench/evtchn.elf as dom0 (smp 1) on satori and on Xen:
  EVTCHNOP_send to a masked port, send + upcall round trip on a loopback
  interdomain channel and on an IPI channel, unmask + upcall
  (guests/bench/evtchn.c);
- the interdomain round trip between two boot-time domains on one CPU
  (tests/boot/evtchn-pingpong.test): satori only, since Xen needs its
  toolstack to start a second domain.

Prints the medians per hypervisor, the ratio satori/Xen, every round and
the QEMU command lines. Like run-pv-paths.py (whose build and run steps it
reuses) it measures satori's DEBUG=n build unless --debug is given. A
benchmark, not a test: it is not part of `make test`.

    bench/run-evtchn.py [--rounds N] [--no-build] [--debug]
"""

import argparse
import importlib.util
import os
import re
import statistics
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "runner"))

import machine  # noqa: E402
import testdef  # noqa: E402
from judge import verdict  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "run_pv_paths", os.path.join(ROOT, "bench", "run-pv-paths.py"))
pv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pv)
pv.GUEST = "guests/build/bench/evtchn.elf"
pv.MANIFEST = pv.MANIFEST.replace("guests/build/bench/pv-paths.elf", pv.GUEST)
pv.OUT = os.path.join(ROOT, "build", "bench-evtchn")

PINGPONG = os.path.join(ROOT, "tests", "boot", "evtchn-pingpong.test")
RTT = re.compile(r"bench: (evtchn-interdomain-rtt) (\d+) cycles")


def run_pingpong(kernel, round_no):
    """One boot of the two-domain ping-pong on satori: {name: cycles}."""
    test = testdef.load(PINGPONG)
    workdir = os.path.join(pv.OUT, "work", "pingpong")
    machine.stage_modules(test, ROOT, workdir)
    cmd = machine.qemu_command(test, kernel, None, "tcg")
    log_path = os.path.join(pv.OUT, f"pingpong-{round_no}.log")
    with open(log_path, "w", encoding="utf-8") as log:
        log.write("# " + machine.printable_command(
            cmd, os.path.relpath(workdir, ROOT)) + "\n")
        run = machine.Run(test, cmd, workdir, log)
        end = run.execute(test.timeout)
        reasons = verdict(test, run.watcher, end)
    if reasons:
        raise SystemExit(f"ping-pong round {round_no} failed: "
                         f"{'; '.join(reasons)}; log: {log_path}")
    with open(log_path, encoding="utf-8") as log:
        for line in log:
            m = RTT.search(line)
            if m:
                return {m.group(1): int(m.group(2))}
    raise SystemExit(f"ping-pong round {round_no}: no result in {log_path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--debug", action="store_true")
    args = ap.parse_args()
    if not args.no_build:
        pv.build(args.debug)
    kernels = {hv: pv.default_kernel(hv, args.debug)
               for hv in ("satori", "xen")}
    os.makedirs(pv.OUT, exist_ok=True)
    runs = {"satori": [], "xen": []}
    pingpong = []
    commands = {}
    for n in range(1, args.rounds + 1):
        for hv in ("satori", "xen"):
            results, commands[hv] = pv.run_once(hv, kernels[hv], n)
            print(f"round {n} {hv}: " + ", ".join(
                f"{k} {v}" for k, v in results.items()), flush=True)
            runs[hv].append(results)
        pingpong.append(run_pingpong(kernels["satori"], n))
        print(f"round {n} satori: {pingpong[-1]}", flush=True)
    names = [k for k in runs["satori"][0] if all(
        k in r for rs in runs.values() for r in rs)]
    print()
    print("\n".join(pv.table(runs, names)))
    rtt = [r["evtchn-interdomain-rtt"] for r in pingpong]
    print(f"{'evtchn-interdomain-rtt':<24} {statistics.median(rtt):>8.0f} "
          f"{'-':>8} {'-':>6}   {min(rtt):>8} {'-':>8} {'-':>6}"
          "   (satori only: two boot-time domains, one CPU)")
    print(f"\ncycles per op: median and best of {args.rounds} rounds; "
          "ratio = satori / xen")
    print("\nper round:")
    print("\n".join(pv.rounds_detail(runs, names)))
    print("satori  evtchn-interdomain-rtt   " +
          " ".join(f"{v:>6}" for v in rtt))
    print("\nQEMU command lines:")
    for hv, shown in commands.items():
        print(f"  {hv}: {shown}")
    print(f"  ping-pong: see {os.path.relpath(pv.OUT, ROOT)}/pingpong-*.log")
    return 0


if __name__ == "__main__":
    sys.exit(main())
