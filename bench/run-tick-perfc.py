#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""satori's hypervisor work per guest tick of a busy vCPU (issue 6).

Boots Linux dom0 on a `make PERFC=y` satori (bench-linux's machine) to
its shell and counts two windows: dom0 idle (sleep 10) and a 10 s busy
loop pinned to vCPU 0. Each window zeroes the counters (debug key P),
runs, dumps them (key p) and reads /proc/uptime and the timer VIRQs of
/proc/interrupts around it; printed are the counts per second of guest
time in both windows and, for the busy one, per timer VIRQ: timer
interrupts, timer callbacks and reprogrammings, VIRQ_TIMER sends, event
upcalls, hypercalls by number. The key presses take a few seconds of
idle time in each window (more under --icount, whose clock jumps ahead
while all vCPUs idle): the idle window's rates say how much that adds.
--icount 0 runs QEMU with an instruction clock (as bench/run-cpu-loop.py
--icount), so that the host's load does not change what falls into a
window.

    bench/run-tick-perfc.py --satori build/perfc/satori [--icount 0]
"""

import argparse
import importlib.util
import os
import re
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    "ctxsw", os.path.join(HERE, "run-ctxsw.py"))
CTX = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(CTX)

LOOP = "taskset 1 timeout 10 sh -c 'while :; do :; done'"
VIRQS = re.compile(r"\d+:\s+(\d+)\s+(\d+)\s+xen-percpu\s+-virq\s+timer\d")


def snapshot(con, tag):
    """(guest uptime in s, timer VIRQs of both vCPUs so far)."""
    con.send(f"cat /proc/uptime; grep timer /proc/interrupts; echo {tag}\n")
    m = con.expect(rf"(?s)(.*)\n{tag}", 120)
    up = float(re.search(r"(\d+\.\d+) \d+\.\d+", m.group(1)).group(1))
    return up, sum(int(a) + int(b) for a, b in VIRQS.findall(m.group(1)))


def window(con, name, between):
    """Counters, guest seconds and timer VIRQs of one window."""
    u0, v0 = snapshot(con, f"{name}A")
    con.key("P")
    con.send(between + f"; echo {name}END\n")
    con.expect(rf"\n{name}END", 600)
    con.key("p")
    dump = con.expect(r"(?s)perfc: events.*perfc: hypercalls by "
                      r"number[^\n]*\n(?:[^\n]*perfc:   hcall"
                      r"[^\n]*\n)*", 120).group(0)
    u1, v1 = snapshot(con, f"{name}B")
    return CTX.parse_events(dump), u1 - u0, v1 - v0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--satori", required=True, help="a PERFC=y image")
    ap.add_argument("--icount", type=int, metavar="SHIFT")
    ap.add_argument("--log", default=os.path.join(CTX.OUT, "tick-perfc.log"))
    args = ap.parse_args()
    os.makedirs(os.path.dirname(args.log), exist_ok=True)
    cmd = CTX.command("satori", args.satori)
    if args.icount is not None:
        cmd[cmd.index("-cpu") + 1] = "max,-x2apic"
        cmd += ["-icount", f"shift={args.icount},sleep=off"]
    con = CTX.Console(cmd, args.log)
    try:
        con.expect(r"init: shell on the console", CTX.TIMEOUT)
        time.sleep(2)
        idle = window(con, "IDLE", "sleep 10")
        busy = window(con, "BUSY", LOOP)
        con.send("poweroff -f\n")
        time.sleep(2)
    finally:
        con.close()
    (ci, si, vi), (cb, sb, vb) = idle, busy
    print(f"idle window {si:.1f} s, {vi} timer VIRQs; busy window "
          f"{sb:.1f} s, {vb} timer VIRQs (both vCPUs)")
    print(f"{'counter':<26}{'idle/s':>9}{'busy/s':>9}{'per VIRQ':>9}")
    for name in sorted(set(ci) | set(cb)):
        print(f"{name:<26}{ci.get(name, 0) / si:9.1f}"
              f"{cb.get(name, 0) / sb:9.1f}"
              f"{cb.get(name, 0) / max(vb, 1):9.2f}")


if __name__ == "__main__":
    main()
