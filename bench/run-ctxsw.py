#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Pipe ping-pong (bench/linux/ctxsw.c) in Linux dom0 on satori and Xen 4.17.

Boots Debian's Linux 6.1 (linux.mk's kernel and initramfs) as dom0 with 2
vCPUs on each hypervisor, in the same QEMU (TCG, -smp 2, 1 GiB) as
bench/run-linux-lmbench.py, and at the shell runs `ctxsw <mode> <trips>`
for each mode: both processes on vCPU 0 (same), on vCPUs 0 and 1
(cross), or unpinned (free); ring2/ring8 (lmb's unpinned pipe ring) and
open (lmb's open+close) also print the guest kernel's counters per hop
or per operation (scheduler, interrupts, /proc/stat, /proc/vmstat), as do
mmap, fault and fork (lmb's mmap 64 MiB, page fault and fork+exit; time
and counters per iteration, per fault, per fork). Prints microseconds per hop. With a satori
built with `make PERFC=y` (--satori build/perfc/satori) it also zeroes
the counters before each mode (debug key 'P', reached with Ctrl-A three
times) and prints them per hop after it ('p'): hypercalls by number,
CR3 loads, context switches, IPIs, halts. A benchmark, not a test.

    bench/run-ctxsw.py [--systems satori,xen,satori:lazy_idle=1]
                       [--satori IMAGE]
                       [--modes same,cross,free] [--trips N] [--rounds N]
"""

import argparse
import os
import re
import subprocess
import sys
import time

import linuxboot

ROOT = linuxboot.ROOT
OUT = os.path.join(ROOT, "build", "bench", "ctxsw")
HV_ARGS = "dom0_mem=512M dom0_max_vcpus=2"
CTRL_A3 = "\x01\x01\x01"
TIMEOUT = 1500


class Console:
    """QEMU's serial console: a child process, read with a deadline."""

    def __init__(self, cmd, log):
        self.log = open(log, "w", buffering=1)
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.buf = ""

    def expect(self, pattern, timeout):
        rx = re.compile(pattern)
        deadline = time.time() + timeout
        while True:
            m = rx.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            left = deadline - time.time()
            if left <= 0 or self.p.poll() is not None:
                raise TimeoutError(f"no {pattern!r}")
            data = linuxboot.read_chunk(self.p.stdout, min(left, 1))
            if data is not None:
                text = data.decode("utf-8", "replace")
                self.log.write(text)
                self.buf += text.replace("\r", "")

    def send(self, text):
        self.p.stdin.write(text.encode())
        self.p.stdin.flush()

    def key(self, k):
        """A debug key: switch input to the hypervisor and back."""
        self.send(CTRL_A3)
        time.sleep(0.5)
        self.send(k)
        time.sleep(0.5)
        self.send(CTRL_A3)
        time.sleep(0.5)

    def close(self):
        self.p.kill()
        self.p.wait()
        self.log.close()


def command(system, image, extra=""):
    modules = f"{linuxboot.vmlinuz()} console=hvc0 quiet,{linuxboot.INITRD}"
    base = linuxboot.QEMU_BASE
    if system == "xen":
        return base + ["-kernel", os.path.join(ROOT, "cache", "xen", "xen"),
                       "-append", "console=com1 com1=115200,8n1 bootscrub=0 "
                       f"noreboot {HV_ARGS}", "-initrd", modules]
    return base + ["-kernel", image,
                   "-append", f"console=com1 {HV_ARGS} {extra}".strip(),
                   "-initrd", modules]


PERFC_LINE = re.compile(r"perfc:\s+(?:hcall\s+(\d+)|(\w+))\s+(\d+)")


def run_system(system, image, modes, trips, round_no, perfc):
    """@system: xen, satori, or satori:<extra hypervisor options>."""
    os.makedirs(OUT, exist_ok=True)
    name, _, extra = system.partition(":")
    log = os.path.join(OUT, f"{name}{extra.replace('=', '')}-{round_no}.log")
    con = Console(command(name, image, extra), log)
    results = {}
    try:
        con.expect(r"init: shell on the console", TIMEOUT)
        time.sleep(2)
        # For the log: how Linux sees the vCPUs' topology and sched domains.
        # Short lines: a long one can lose characters on a busy console.
        try:
            for cmd in ("cd /sys/devices/system/cpu", "grep . cpu*/topology/*_list",
                        "grep . cpu*/cache/index*/shared_cpu_list",
                        "grep domain /proc/schedstat; cd /; echo info-done"):
                con.send(cmd + "\n")
                time.sleep(1)
            con.expect(r"\ninfo-done", 60)
        except TimeoutError:
            print("  (no topology info: console busy)", flush=True)
        for mode in modes:
            if perfc:
                con.key("P")
            t0 = time.time()
            con.send(f"ctxsw {mode} {trips}\n")
            m = con.expect(rf"ctxsw: {mode} ([0-9.]+)\n", TIMEOUT)
            host_s = time.time() - t0
            results[mode] = {"us": float(m.group(1)), "host_s": host_s}
            m = con.expect(r"(?s)(.*?)ctxsw: done", 120)
            results[mode]["stats"] = re.findall(r"ctxsw: stat ([^\n]*)",
                                                m.group(1))
            if perfc:
                con.key("p")
                time.sleep(2)
                m = con.expect(r"(?s)perfc: events.*perfc: hypercalls by "
                               r"number[^\n]*\n(?:[^\n]*perfc:   hcall"
                               r"[^\n]*\n)*", 60)
                results[mode]["perfc"] = m.group(0)
        con.send("poweroff -f\n")
        time.sleep(2)
    finally:
        con.close()
    return results, log


def parse_events(log_text):
    """{name: count} from the last 'p' dump in @log_text."""
    out = {}
    for m in PERFC_LINE.finditer(log_text):
        name = f"hcall {m.group(1)}" if m.group(1) else m.group(2)
        out[name] = int(m.group(3))
    return out


def hops_per_trip(mode):
    """Hops (or operations) per round trip of @mode."""
    if mode.startswith("ring"):
        return int(mode[4:])
    if mode == "fault":
        return 256
    return 1 if mode in ("open", "mmap", "fork") else 2


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--systems", default="satori,xen")
    ap.add_argument("--satori", default=os.path.join(ROOT, "build",
                                                     "bench-release",
                                                     "satori"))
    ap.add_argument("--modes", default="same,cross,free")
    ap.add_argument("--trips", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--perfc", action="store_true",
                    help="the satori image has PERFC=y: dump counters")
    args = ap.parse_args()
    modes = args.modes.split(",")
    table = {}
    for r in range(1, args.rounds + 1):
        for system in args.systems.split(","):
            perfc = args.perfc and system.startswith("satori")
            res, log = run_system(system, args.satori, modes, args.trips,
                                  r, perfc)
            for mode, val in res.items():
                table.setdefault((system, mode), []).append(val["us"])
                print(f"{system:6} round {r} {mode:5} {val['us']:9.3f} us/hop"
                      f" (host: {val['host_s']:.2f} s for the run)",
                      flush=True)
                for line in val.get("stats", []):
                    print(f"    {line}")
                if "perfc" in val:
                    hops = hops_per_trip(mode) * args.trips
                    for name, n in sorted(parse_events(val["perfc"]).items()):
                        print(f"    {name:26} {n:8} {n / hops:7.2f}/hop")
            print(f"  log: {log}", flush=True)
    print("\nmedians (us per hop):")
    for (system, mode), vals in sorted(table.items()):
        vals = sorted(vals)
        print(f"  {system:6} {mode:5} {vals[len(vals) // 2]:9.3f}  {vals}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
