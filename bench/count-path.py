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
"""

import argparse
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

GUEST = os.path.join(ROOT, "guests", "build", "bench", "pv-paths.elf")


def disassemble(func):
    """[(address, text)] of @func in the benchmark kernel."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", GUEST],
                         check=True, capture_output=True, text=True).stdout
    body = out.split(f"<{func}>:\n", 1)[1].split("\n\n", 1)[0]
    insns = []
    for line in body.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(.*)", line)
        if m:
            insns.append((int(m.group(1), 16), m.group(2).strip()))
    return insns


def bounds(func, pattern):
    """The first instruction of @func matching @pattern and the next one."""
    insns = disassemble(func)
    for i, (addr, text) in enumerate(insns):
        if re.search(pattern, text):
            return addr, insns[i + 1][0]
    raise SystemExit(f"no {pattern!r} in {func}")


# path -> (function, instruction that starts it)
PATHS = {"syscall": ("hypercall_syscall", r"^syscall"),
         "page": ("hypercall_page_call", r"^call\s+\*"),
         "int3": ("op_int3", r"^int3"),
         "pf": ("op_page_fault", r"^mov\s+\(%")}

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
import gdb, re
gdb.execute("set pagination off")
gdb.execute("target remote :%(port)d")
gdb.execute("break *%(start)d")
for _ in range(%(skip)d):
    gdb.execute("continue", to_string=True)
gdb.execute("delete")
hv = guest = 0
while True:
    pc = int(gdb.parse_and_eval("$pc")) & 0xffffffffffffffff
    if pc == %(stop)d and hv:
        break
    text = gdb.execute("x/i $pc", to_string=True)
    insn = re.sub(r"^.*?:\s*", "", text.strip().splitlines()[-1])
    if pc >= 0xffff800000000000:
        hv += 1
        print("HV " + insn)
    else:
        guest += 1
    gdb.execute("stepi", to_string=True)
    if hv + guest > 20000:
        break
print("COUNT hv=%%d guest=%%d" %% (hv, guest))
gdb.execute("kill")
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hv", choices=("satori", "xen"), required=True)
    ap.add_argument("--skip", type=int, default=50,
                    help="passes to let run before counting")
    ap.add_argument("--kernel", help="the hypervisor image")
    ap.add_argument("--list", action="store_true",
                    help="print every hypervisor instruction")
    ap.add_argument("path", choices=sorted(PATHS))
    args = ap.parse_args()

    runner = importlib.import_module("run-pv-paths")
    test = runner.testdef_for(args.hv)
    kernel = os.path.abspath(args.kernel) if args.kernel else \
        runner.default_kernel(args.hv, debug=False)
    start, stop = bounds(*PATHS[args.path])
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
                                  "stop": stop, "skip": args.skip})
            f.flush()
            out = subprocess.run(["gdb", "-nx", "-batch", "-x", f.name],
                                 capture_output=True, text=True,
                                 timeout=600).stdout
    finally:
        qemu.kill()
        qemu.wait()
    report(out, args)


def report(out, args):
    insns = [l[3:] for l in out.splitlines() if l.startswith("HV ")]
    count = [l for l in out.splitlines() if l.startswith("COUNT ")]
    if not count:
        raise SystemExit("gdb did not finish:\n" + out[-2000:])
    if args.list:
        print("\n".join(insns))
    print(f"{args.hv} {args.path}: {count[0][6:]}")
    for name, pattern in CLASSES:
        n = sum(1 for i in insns if re.search(pattern, i))
        print(f"  {name:<20} {n}")


if __name__ == "__main__":
    main()
