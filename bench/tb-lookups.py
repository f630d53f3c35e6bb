#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""TCG translated-block lookups of one PV path, and jump-cache collisions.

Boots the benchmark kernel with profile=<path> (the path in a loop) on
satori or Xen, turns QEMU's `-d exec` log on for a moment through the
monitor once the loop runs, and prints the blocks QEMU had to look up per
pass (every block entered through an indirect branch, a return, a
cross-page jump or an exit to QEMU's main loop; chained direct jumps are
not logged) with the symbol of each, and the pairs among them that share
a slot of QEMU's per-vCPU jump cache (accel/tcg/tb-hash.h: 4096 slots,
slot = f(pc), a direct-mapped table). Two hot blocks in one slot evict
each other on every pass, and each lookup then takes QEMU's slow path
(the global hash table): about +20 % on the null hypercall. See
docs/performance.md, "TCG's jump cache".

    bench/tb-lookups.py [--hv satori|xen] [--kernel IMAGE] [--map MAP] PATH

PATH is one of the pv-paths kernel's profile= paths (int3, pf, page,
syscall, mc32) or, with --guest mmu, one of the mmu-paths kernel's rows
(mmu-update, uvm, pin).
"""

import argparse
import bisect
import collections
import importlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "runner"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import machine  # noqa: E402

PATHS = {"pv": ("int3", "pf", "page", "syscall", "mc32"),
         "mmu": ("mmu-update", "uvm", "pin")}
GUESTS = {"pv": "guests/build/bench/pv-paths.elf",
          "mmu": "guests/build/bench/mmu-paths.elf"}
TRACE = re.compile(r"\[[0-9a-f]+/([0-9a-f]+)/([0-9a-f]+)/")


def jump_cache_slot(pc):
    """QEMU's tb_jmp_cache_hash_func() for 4 KiB pages, 12-bit cache."""
    tmp = pc ^ (pc >> 6)
    return ((tmp >> 6) & 0xfc0) | (tmp & 0x3f)


def load_symbols(path):
    """Sorted [(address, name)] of the text symbols in an `nm -n` map."""
    syms = []
    if path and os.path.isfile(path):
        for line in open(path):
            f = line.split()
            if len(f) == 3 and f[1] in "tTwW":
                syms.append((int(f[0], 16), f[2]))
    return sorted(syms)


def symbolise(syms, pc):
    if pc < 0xffff800000000000:
        return "guest"
    i = bisect.bisect_right([s[0] for s in syms], pc) - 1
    return f"{syms[i][1]}+{pc - syms[i][0]:#x}" if i >= 0 else "?"


def monitor(sock_path, command):
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(sock_path)
        s.sendall(command.encode() + b"\n")
        time.sleep(0.05)


def trace(hv, kernel, guest, path, workdir):
    """The `-d exec` lines logged for 0.2 s while profile=@path runs."""
    runner = importlib.import_module("run-pv-paths")
    runner.MANIFEST = runner.MANIFEST.replace(runner.GUEST, GUESTS[guest])
    test = runner.testdef_for(hv)
    for m in test.modules:
        m.args = (m.args + " " if m.args else "") + f"profile={path}"
    machine.stage_modules(test, ROOT, workdir)
    tmp = tempfile.mkdtemp(prefix="tb-lookups-")
    sock, log, serial = (os.path.join(tmp, n)
                         for n in ("mon.sock", "exec.log", "serial"))
    cmd = machine.qemu_command(test, kernel, None, "tcg")
    cmd[cmd.index("-serial") + 1] = "file:" + serial
    cmd[cmd.index("-monitor") + 1] = f"unix:{sock},server,nowait"
    qemu = subprocess.Popen(cmd + ["-D", log], cwd=workdir,
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if os.path.exists(serial) and \
                    "bench: profiling" in open(serial, errors="replace").read():
                break
            time.sleep(0.1)
        else:
            raise SystemExit("the profile loop did not start")
        time.sleep(0.3)
        monitor(sock, "log exec")
        time.sleep(0.2)
        monitor(sock, "log none")
    finally:
        qemu.kill()
        qemu.wait()
    return open(log, errors="replace").read().splitlines()


def one_pass(seq):
    """The loop's lookups: the commonest run between two lookups of the
    commonest block (a timer interrupt makes a rarer, longer run)."""
    anchor = collections.Counter(seq).most_common(1)[0][0]
    at = [i for i, e in enumerate(seq) if e == anchor]
    runs = collections.Counter(tuple(seq[a:b]) for a, b in zip(at, at[1:]))
    return list(runs.most_common(1)[0][0])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hv", choices=("satori", "xen"), default="satori")
    ap.add_argument("--kernel", help="the hypervisor image")
    ap.add_argument("--map", help="nm -n symbol map (satori: next to it)")
    ap.add_argument("--guest", choices=sorted(GUESTS), default="pv",
                    help="the benchmark kernel: pv-paths or mmu-paths")
    ap.add_argument("path")
    args = ap.parse_args()
    if args.path not in PATHS[args.guest]:
        ap.error(f"path must be one of {', '.join(PATHS[args.guest])}")

    runner = importlib.import_module("run-pv-paths")
    kernel = os.path.abspath(args.kernel) if args.kernel else \
        runner.default_kernel(args.hv, debug=False)
    mapfile = args.map or os.path.join(os.path.dirname(kernel), "satori.map")
    syms = load_symbols(mapfile)
    workdir = os.path.join(ROOT, "build", "bench", "work",
                           f"tb-{args.guest}-{args.hv}")
    seq = [(int(m.group(1), 16), m.group(2))
           for m in map(TRACE.search, trace(args.hv, kernel, args.guest,
                                             args.path, workdir)) if m]
    if not seq:
        raise SystemExit("no translated blocks logged")
    period = one_pass(seq)
    print(f"{args.hv} {args.path}: {len(period)} lookups per pass")
    for pc, flags in period:
        print(f"  {pc:016x} {flags} slot {jump_cache_slot(pc):03x} "
              f"{symbolise(syms, pc)}")
    slots = collections.defaultdict(set)
    for pc, _ in period:
        slots[jump_cache_slot(pc)].add(pc)
    clashes = {s: pcs for s, pcs in slots.items() if len(pcs) > 1}
    for s, pcs in sorted(clashes.items()):
        print(f"  COLLISION slot {s:03x}: " +
              ", ".join(f"{pc:x} {symbolise(syms, pc)}" for pc in sorted(pcs)))
    print(f"collisions: {len(clashes)}")


if __name__ == "__main__":
    main()
