#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Instructions per trapped `in $0x42,%al` of a PIT calibration loop.

Linux's quick_pit_calibrate (arch/x86/kernel/tsc.c) polls PIT channel 2
with two `in $0x42,%al` per step and needs each poll to be cheap; the
guest test dom0/pit replays the same loop. This boots either one as dom0
of satori or of Xen 4.17 under TCG with QEMU's gdb stub, stops at the
first `in` of the polling loop (Linux's pit_expect_msb inlined into
quick_pit_calibrate, found by its instruction pattern in the decompressed
vmlinux; the test kernel's expect_msb), single-steps one poll (two
trapped `in`) and prints the instructions run in the hypervisor
(addresses in the hypervisor's L4 slots 256-271) and in the guest per
trapped inb, the hypervisor's expensive-under-TCG instructions and, for
satori, a tally per function. Deterministic: no timing involved.

A gdb stop lasts longer than one 256-tick PIT step, so the loop is left
(and in Linux the calibration ends) right after the first counted poll:
keep --skip 0 and --polls 1 unless the guest loops for ever.

    bench/count-pit-inb.py --hv satori|xen [--functions] linux|pit

linux needs build/linux/initrd.cpio.gz (make linux-dom0) and the
decompressed kernel build/tests/kernel/vmlinux.ref (make kernel-test; or
--vmlinux).
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

HV_LO, HV_HI = 0xffff800000000000, 0xffff880000000000
PIT_ELF = os.path.join(ROOT, "guests", "build", "tests", "dom0", "pit.elf")


def linux_image():
    stamp = os.path.join(ROOT, "build", "linux", "root")
    root = open(stamp).read().strip()
    boot = os.path.join(root, "boot")
    return os.path.join(boot, sorted(f for f in os.listdir(boot)
                                     if f.startswith("vmlinuz-"))[0])


def disassemble(image):
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", image],
                         check=True, capture_output=True,
                         text=True).stdout.splitlines()
    pat = re.compile(r"\s*([0-9a-f]+):\s+(.*)")
    return [(int(m.group(1), 16), m.group(2).strip())
            for m in map(pat.match, out) if m]


def polls_in(insns):
    """The addresses of every `in $0x42,%al; in $0x42,%al; cmp` (one poll:
    two trapped inb, the second compared with the expected high byte)."""
    found = []
    for i in range(len(insns) - 2):
        a, b, c = (t for _, t in insns[i:i + 3])
        if (re.match(r"in\s+\$0x42,%al", a) and
                re.match(r"in\s+\$0x42,%al", b) and re.match(r"cmp\s", c)):
            found.append(insns[i][0])
    return found


def polls_in_linux(vmlinux):
    """Linux's: the pit_verify_msb calls inlined into quick_pit_calibrate
    (found as the function that also writes 0xb0 to port 0x43)."""
    insns = disassemble(vmlinux)
    for i, (addr, text) in enumerate(insns):
        if re.match(r"out\s+%al,\$0x43", text) and \
                "$0xffffffb0" in insns[i - 1][1]:
            found = polls_in(insns[i:i + 200])
            if found:
                return found
    raise SystemExit("no quick_pit_calibrate in " + vmlinux)


def polls_in_pit():
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", PIT_ELF],
                         check=True, capture_output=True, text=True).stdout
    body = out.split("<expect_msb>:\n", 1)[1].split("\n\n", 1)[0]
    pat = re.compile(r"\s*([0-9a-f]+):\s+(.*)")
    insns = [(int(m.group(1), 16), m.group(2).strip())
             for m in map(pat.match, body.splitlines()) if m]
    return [a for a, t in insns if re.match(r"in\s+\$0x42,%al", t)][:1]


def qemu_command(hv, target, port, kernel):
    mem, dom0_args = ("1G", "dom0_mem=512M dom0_max_vcpus=2") \
        if target == "linux" else ("512M", "dom0_mem=64M")
    cmd = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg",
           "-cpu", "max", "-m", mem, "-smp", "2", "-display", "none",
           "-serial", "null", "-monitor", "none", "-no-reboot",
           "-gdb", f"tcp:127.0.0.1:{port}", "-S"]
    if hv == "xen":
        append = ("console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"
                  " bootscrub=0 noreboot " + dom0_args)
    else:
        append = "console=com1 loglvl=all guest_loglvl=all " + dom0_args
    if target == "linux":
        initrd = (f"{linux_image()} console=hvc0 earlyprintk=xen,"
                  f"{os.path.join(ROOT, 'build', 'linux', 'initrd.cpio.gz')}")
    else:
        initrd = PIT_ELF
    return cmd + ["-kernel", kernel, "-append", append, "-initrd", initrd]


GDB_SCRIPT = r'''
import collections, gdb
gdb.execute("set pagination off")
gdb.execute("set architecture i386:x86-64")
gdb.execute("target remote :%(port)d")
starts = %(starts)r
for a in starts:
    gdb.execute("break *%%d" %% a)
for _ in range(%(skip)d + 1):
    gdb.execute("continue", to_string=True)
hv = guest = polls = 0
seen = collections.Counter()
while polls < %(polls)d:
    if polls:
        gdb.execute("continue", to_string=True)
    gdb.execute("disable")
    start = int(gdb.parse_and_eval("$pc")) & 0xffffffffffffffff
    # One poll: from its first `in` to the instruction after its second
    # (two instructions of the guest, each trapped and emulated).
    stop = start + %(poll_len)d
    n = 0
    while True:
        pc = int(gdb.parse_and_eval("$pc")) & 0xffffffffffffffff
        if pc == stop:
            break
        if %(lo)d <= pc < %(hi)d:
            hv += 1
            seen[pc] += 1
        else:
            guest += 1
        gdb.execute("stepi", to_string=True)
        n += 1
        if n > %(limit)d:
            raise SystemExit("no end of the poll at %%x" %% stop)
    polls += 1
    gdb.execute("enable")
arch = gdb.selected_frame().architecture()
for pc, n in sorted(seen.items()):
    print("HV %%x %%d %%s" %% (pc, n, arch.disassemble(pc)[0]["asm"]))
print("COUNT polls=%%d hv=%%d guest=%%d" %% (polls, hv, guest))
gdb.execute("kill")
'''

CLASSES = [("mode switch", r"^(sysret|iret|swapgs|syscall)"),
           ("call/ret", r"^(call|ret)"),
           ("stac/clac", r"^(stac|clac)"),
           ("sti/cli/pushf/popf", r"^(sti|cli|pushf|popf)"),
           ("rep string", r"^rep"),
           ("rdtsc/msr/cr/fence", r"^(rdtsc|rdmsr|wrmsr|mov\s+%cr|"
            r"mov\s+\S+,%cr|lfence|mfence|verw|xsetbv|xsave|xrstor)")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hv", choices=("satori", "xen"), required=True)
    ap.add_argument("--kernel", help="the hypervisor image")
    ap.add_argument("--vmlinux", default=os.path.join(
        ROOT, "build", "tests", "kernel", "vmlinux.ref"))
    ap.add_argument("--skip", type=int, default=0,
                    help="loop passes to let run before counting")
    ap.add_argument("--polls", type=int, default=1,
                    help="loop passes (two inb each) to count")
    ap.add_argument("--limit", type=int, default=2000000)
    ap.add_argument("--functions", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("target", choices=("linux", "pit"))
    args = ap.parse_args()

    kernel = args.kernel or (os.path.join(ROOT, "cache", "xen", "xen")
                             if args.hv == "xen" else
                             os.path.join(ROOT, "build", "satori"))
    starts = polls_in_linux(args.vmlinux) if args.target == "linux" \
        else polls_in_pit()
    port = free_port()
    qemu = subprocess.Popen(qemu_command(args.hv, args.target, port, kernel),
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".py") as f:
            f.write(GDB_SCRIPT % {"port": port, "starts": starts,
                                  "poll_len": 4 if args.target == "linux"
                                  else 7,
                                  "skip": args.skip, "polls": args.polls,
                                  "limit": args.limit, "lo": HV_LO,
                                  "hi": HV_HI})
            f.flush()
            out = subprocess.run(["gdb", "-nx", "-batch", "-x", f.name],
                                 capture_output=True, text=True,
                                 timeout=3600).stdout
    finally:
        qemu.kill()
        qemu.wait()
    report(out, args, kernel, starts)


def report(out, args, kernel, starts):
    insns = []
    for line in out.splitlines():
        if line.startswith("HV "):
            pc, n, text = line[3:].split(" ", 2)
            insns.append((int(pc, 16), int(n), text.strip()))
    count = [line for line in out.splitlines() if line.startswith("COUNT ")]
    if not count:
        raise SystemExit("gdb did not finish:\n" + out[-2000:])
    fields = dict(kv.split("=") for kv in count[0].split()[1:])
    polls, hv, guest = (int(fields[k]) for k in ("polls", "hv", "guest"))
    if args.list:
        for pc, n, text in insns:
            print(f"{pc:x} {n:>6} {text}")
    print(f"{args.hv} {args.target} (polls at "
          f"{', '.join(hex(a) for a in starts)}): {polls} polls, "
          f"per trapped inb: hv {hv / (2 * polls):.0f}, "
          f"guest {guest / (2 * polls):.1f} instructions")
    for name, pattern in CLASSES:
        n = sum(c for _, c, i in insns if re.search(pattern, i))
        print(f"  {name:<20} {n / (2 * polls):.1f}")
    syms = kernel + "-syms"
    if args.functions and os.path.exists(syms):
        cb = importlib_count_path()
        print("per function and inb (instructions, calls+returns):")
        for n, calls, name in cb.per_function(insns, syms):
            print(f"  {n / (2 * polls):>9.1f} {calls / (2 * polls):>6.1f}  "
                  f"{name}")


def importlib_count_path():
    import importlib
    return importlib.import_module("count-path")


if __name__ == "__main__":
    main()
