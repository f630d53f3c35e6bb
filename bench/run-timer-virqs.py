#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Timer VIRQs of Linux dom0, idle and with one vCPU busy (issue 6).

Boots dom0 to its shell (`make run`, or `make run-xen` with --xen), then
reads /proc/uptime, the per-vCPU `timer` lines of /proc/interrupts and
the cpu0/cpu1 lines of /proc/stat around 10 s idle and around a 10 s
busy loop pinned to each vCPU in turn (busybox taskset + timeout). It
prints timer VIRQs per second of guest time and, for the busy vCPU,
timer VIRQs per tick it accounted (user+system, USER_HZ 100, HZ 250):
about 1.0 means one event per tick, more would mean early or duplicate
VIRQ_TIMER events. Characters are typed slowly: Xen's console drops
input that comes too fast.

    bench/run-timer-virqs.py [--xen] [--log FILE]
"""

import argparse
import os
import re
import subprocess
import sys
import time

import linuxboot

ROOT = linuxboot.ROOT
SNAP = ("cat /proc/uptime; grep -i timer /proc/interrupts; "
        "grep '^cpu[01] ' /proc/stat")
LOOP = "timeout 10 sh -c 'while :; do :; done'"
USER_HZ, HZ = 100, 250


class Console:
    def __init__(self, target, log):
        self.p = subprocess.Popen(
            ["timeout", "1200", "make", "-s", target], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)
        self.log = log
        self.buf = ""

    def wait_for(self, text, timeout):
        end = time.time() + timeout
        while time.time() < end:
            data = linuxboot.read_chunk(self.p.stdout, 1)
            if data is None:
                continue
            if not data:
                return False
            chunk = data.decode(errors="replace")
            self.buf += chunk
            self.log.write(chunk)
            self.log.flush()
            if text in self.buf:
                return True
        return False

    def type(self, line):
        for ch in line + "\n":
            self.p.stdin.write(ch.encode())
            self.p.stdin.flush()
            time.sleep(0.05)

    def run(self, cmd, timeout=300):
        """Type @cmd; @return its output up to the end marker."""
        self.buf = ""
        self.type(cmd + "; echo END''MARK")
        if not self.wait_for("\nENDMARK", timeout):
            sys.exit(f"no end marker after: {cmd}")
        return self.buf

    def close(self):
        self.p.kill()


def snapshot(text, tag):
    """(uptime, [timer VIRQs per vCPU], [user+system per vCPU])."""
    lines = [x for x in text.replace("\r", "").split("\n") if x]
    start = lines.index(tag) + 1
    seg = "\n".join(lines[start:start + 6])  # uptime, 3 interrupt and 2 stat lines
    uptime = float(re.search(r"(\d+\.\d+) \d+\.\d+", seg).group(1))
    virqs = [0, 0]
    for a, b, cpu in re.findall(
            r"\d+:\s+(\d+)\s+(\d+)\s+xen-percpu\s+-virq\s+timer(\d)", seg):
        virqs[int(cpu)] = int(a) + int(b)
    busy = [0, 0]
    for cpu, user, nice, system in re.findall(
            r"cpu(\d) (\d+) (\d+) (\d+)", seg)[:2]:
        busy[int(cpu)] = int(user) + int(system)
    return uptime, virqs, busy


def window(con, name, between):
    out = con.run(f"echo {name}0; {SNAP}; {between}; echo {name}1; {SNAP}")
    u0, v0, b0 = snapshot(out, name + "0")
    u1, v1, b1 = snapshot(out, name + "1")
    secs = u1 - u0
    rates = [(v1[c] - v0[c]) / secs for c in (0, 1)]
    line = (f"{name:6} {secs:6.2f} s  timer VIRQs/s cpu0 {rates[0]:6.1f} "
            f"cpu1 {rates[1]:6.1f}")
    for c in (0, 1):
        ticks = (b1[c] - b0[c]) * HZ / USER_HZ
        if name == f"busy{c}" and ticks:
            line += (f"  busy cpu{c}: {v1[c] - v0[c]} VIRQs / {ticks:.0f} "
                     f"ticks = {(v1[c] - v0[c]) / ticks:.3f}")
    print(line, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--xen", action="store_true", help="Xen 4.17")
    ap.add_argument("--log", default="/dev/null", help="console log")
    args = ap.parse_args()
    with open(args.log, "w") as log:
        con = Console("run-xen" if args.xen else "run", log)
        try:
            if not con.wait_for("/ # ", 900):
                sys.exit("no shell prompt")
            time.sleep(5)
            con.run("echo ready")
            window(con, "idle", "sleep 10")
            for cpu in (0, 1):
                window(con, f"busy{cpu}", f"taskset {1 << cpu} {LOOP}")
            con.type("poweroff -f")
            con.wait_for("Power down", 60)
        finally:
            con.close()


if __name__ == "__main__":
    main()
