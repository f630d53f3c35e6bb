#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Instruction count of one PV path, on satori or on Xen 4.17.

Boots the benchmark kernel (guests/build/bench/pv-paths.elf) like
run-pv-paths.py does, stopped, with QEMU's gdb stub; gdb runs to the
guest instruction that starts the path (for instance the SYSCALL of
hypercall_syscall), lets it pass a few times (warm-up), then single-steps
until the guest reaches the instruction after it, and prints how many
instructions ran in the hypervisor and in the guest, and the hypervisor's
expensive-under-TCG ones (mode switches, calls and returns, stac/clac,
sti/cli, string instructions). Complements the timing: a TCG cycle count
says how long, this says what ran.

    bench/count-path.py --hv satori|xen syscall|page|int3|pf
    bench/count-path.py --hv satori|xen [--functions] \
        mmu-update|update-va|pin|unpin|pin-unpin

The MMU paths run guests/build/bench/mmu-paths.elf (run-mmu-paths.py's
machine): one mmu_update call of one PTE, one update_va_mapping with
UVMF_INVLPG|UVMF_LOCAL, MMUEXT_PIN_L4_TABLE, MMUEXT_UNPIN_TABLE, or both.
--functions adds satori's per-function tally (symbols from the image's
-syms file), the profile behind an instruction count.
"""

import argparse
import bisect
import importlib
import os
import re
import socket
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "runner"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import machine  # noqa: E402

GUESTS = {"pv": os.path.join(ROOT, "guests", "build", "bench", "pv-paths.elf"),
          "mmu": os.path.join(ROOT, "guests", "build", "bench",
                              "mmu-paths.elf")}


def disassemble(guest, func):
    """[(address, text)] of @func in the benchmark kernel @guest."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", guest],
                         check=True, capture_output=True, text=True).stdout
    body = out.split(f"<{func}>:\n", 1)[1].split("\n\n", 1)[0]
    insns = []
    for line in body.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(.*)", line)
        if m:
            insns.append((int(m.group(1), 16), m.group(2).strip()))
    return insns


def bounds(guest, func, pattern, last=None):
    """The first instruction of @func matching @pattern, and the one after
    it (or after the first match of @last that follows: a path of several
    calls, such as pin then unpin)."""
    insns = disassemble(guest, func)
    for i, (addr, text) in enumerate(insns):
        if not re.search(pattern, text):
            continue
        if last is None:
            return addr, insns[i + 1][0]
        for j in range(i, len(insns)):
            if re.search(last, insns[j][1]):
                return addr, insns[j + 1][0]
    raise SystemExit(f"no {pattern!r} (to {last!r}) in {func}")


# path -> (kernel, function, instruction that starts it[, last one])
PATHS = {"syscall": ("pv", "hypercall_syscall", r"^syscall"),
         "page": ("pv", "hypercall_page_call", r"^call\s+\*"),
         "int3": ("pv", "op_int3", r"^int3"),
         "pf": ("pv", "op_page_fault", r"^mov\s+\(%"),
         "mmu-update": ("mmu", "op_mmu_update", r"^call\s.*<hc_mmu_update>"),
         "update-va": ("mmu", "op_update_va_mapping",
                       r"^call\s.*<hc_update_va_mapping>"),
         "pin": ("mmu", "op_pin_unpin", r"^call\s.*<mmu_pin>"),
         "unpin": ("mmu", "op_pin_unpin", r"^call\s.*<mmu_unpin>"),
         "pin-unpin": ("mmu", "op_pin_unpin", r"^call\s.*<mmu_pin>",
                       r"^call\s.*<mmu_unpin>")}

# Instructions worth counting separately in the hypervisor.
CLASSES = [("mode switch", r"^(sysret|iret|swapgs|syscall)"),
           ("call/ret", r"^(call|ret)"),
           ("indirect jmp", r"^jmp\s+\*"),
           ("stac/clac", r"^(stac|clac)"),
           ("sti/cli/pushf/popf", r"^(sti|cli|pushf|popf)"),
           ("rep string", r"^rep"),
           ("msr/cr/fence", r"^(rdmsr|wrmsr|mov\s+%cr|mov\s+\S+,%cr|"
            r"lfence|mfence|verw)")]

GDB_SCRIPT = r'''
import collections, gdb
gdb.execute("set pagination off")
gdb.execute("target remote :%(port)d")
gdb.execute("break *%(start)d")
for _ in range(%(skip)d):
    gdb.execute("continue", to_string=True)
gdb.execute("delete")
hv = guest = 0
seen = collections.Counter()
while True:
    pc = int(gdb.parse_and_eval("$pc")) & 0xffffffffffffffff
    if pc == %(stop)d and hv:
        break
    if pc >= 0xffff800000000000:
        hv += 1
        seen[pc] += 1
    else:
        guest += 1
    gdb.execute("stepi", to_string=True)
    if hv + guest > %(limit)d:
        break
# Each distinct instruction once, with how often it ran.
arch = gdb.selected_frame().architecture()
for pc, n in sorted(seen.items()):
    print("HV %%x %%d %%s" %% (pc, n, arch.disassemble(pc)[0]["asm"]))
print("COUNT hv=%%d guest=%%d" %% (hv, guest))
gdb.execute("kill")
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def runner_for(kernel_kind):
    """The benchmark runner module whose machine boots that kernel."""
    if kernel_kind == "mmu":
        return importlib.import_module("run-mmu-paths").pvp
    return importlib.import_module("run-pv-paths")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hv", choices=("satori", "xen"), required=True)
    ap.add_argument("--skip", type=int, default=50,
                    help="passes to let run before counting")
    ap.add_argument("--kernel", help="the hypervisor image")
    ap.add_argument("--limit", type=int, default=400000,
                    help="give up after this many instructions")
    ap.add_argument("--list", action="store_true",
                    help="print every distinct hypervisor instruction "
                    "with how often it ran")
    ap.add_argument("--functions", action="store_true",
                    help="instructions and calls per hypervisor function "
                    "(satori: symbols from <kernel>-syms)")
    ap.add_argument("path", choices=sorted(PATHS))
    args = ap.parse_args()

    kind = PATHS[args.path][0]
    runner = runner_for(kind)
    test = runner.testdef_for(args.hv)
    kernel = os.path.abspath(args.kernel) if args.kernel else \
        runner.default_kernel(args.hv, debug=False)
    start, stop = bounds(GUESTS[kind], *PATHS[args.path][1:])
    port = free_port()
    workdir = os.path.join(ROOT, "build", "bench", "work", "count-" + args.hv)
    machine.stage_modules(test, ROOT, workdir)
    cmd = machine.qemu_command(test, kernel, None, "tcg") + [
        "-gdb", f"tcp:127.0.0.1:{port}", "-S"]
    qemu = subprocess.Popen(cmd, cwd=workdir, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".py") as f:
            f.write(GDB_SCRIPT % {"port": port, "start": start,
                                  "stop": stop, "skip": args.skip,
                                  "limit": args.limit})
            f.flush()
            out = subprocess.run(["gdb", "-nx", "-batch", "-x", f.name],
                                 capture_output=True, text=True,
                                 timeout=3600).stdout
    finally:
        qemu.kill()
        qemu.wait()
    report(out, args, kernel)


def symbols(image):
    """Sorted [(address, name)] of the text symbols of @image."""
    out = subprocess.run(["nm", "-n", image], check=True,
                         capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def per_function(insns, image):
    """[(instructions, calls+returns, name)] by function, dearest first."""
    syms = symbols(image)
    addrs = [a for a, _ in syms]
    tally = {}
    for pc, n, text in insns:
        i = bisect.bisect_right(addrs, pc) - 1
        name = syms[i][1] if i >= 0 else "?"
        t = tally.setdefault(name, [0, 0])
        t[0] += n
        if re.search(r"^(call|ret)", text):
            t[1] += n
    return sorted(((v[0], v[1], k) for k, v in tally.items()),
                  reverse=True)


def report(out, args, kernel):
    insns = []
    for line in out.splitlines():
        if line.startswith("HV "):
            pc, n, text = line[3:].split(" ", 2)
            insns.append((int(pc, 16), int(n), text.strip()))
    count = [l for l in out.splitlines() if l.startswith("COUNT ")]
    if not count:
        raise SystemExit("gdb did not finish:\n" + out[-2000:])
    if args.list:
        for pc, n, text in insns:
            print(f"{pc:x} {n:>6} {text}")
    print(f"{args.hv} {args.path}: {count[0][6:]}")
    for name, pattern in CLASSES:
        n = sum(c for _, c, i in insns if re.search(pattern, i))
        print(f"  {name:<20} {n}")
    syms = kernel + "-syms"
    if args.functions and os.path.exists(syms):
        print("per function (instructions, calls+returns):")
        for n, calls, name in per_function(insns, syms):
            print(f"  {n:>7} {calls:>5}  {name}")


if __name__ == "__main__":
    main()
