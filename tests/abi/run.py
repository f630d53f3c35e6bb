#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`make abi`: our public headers against Xen 4.17's (Debian libxen-dev).

Steps, all under build/abi/:
  1. clang's JSON AST of our headers (guest and hypervisor view), of Xen's
     headers and of foreign/x86_64.h; the macro names Xen and we define.
  2. gen-list.py turns them into the shared (type, field) and constant
     list (list.h) and the foreign/x86_64.h list (foreign-list.h); a name
     on one side only is a failure unless ours-only.txt allows it.
  3. dump.c is built and run against Xen's headers, ours (guest view) and
     ours (__SATORI_HV__); every line of Xen's output must appear
     identically in ours, and every hypervisor-view line too.
  4. foreign.c must compile (its _Static_asserts are the checks).
  5. hv-coexist.c must compile with the hypervisor's own flags: the
     public headers next to asm/regs.h, asm/desc.h and satori/domain.h.
  6. ring-trace.c, built with Xen's io/ring.h and with ours, must print
     the same trace: our ring macros behave like Xen's.
  7. asm-include.S must assemble in both views (constants only there).

Prints each failure, then "abi: N passed, N failed"; exit 1 on failure.

    tests/abi/run.py [--hv-cflags "<the hypervisor's CPPFLAGS and CFLAGS>"]
"""

import argparse
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "build", "abi")
HOSTCC = os.environ.get("HOSTCC", "gcc")
CLANG = os.environ.get("CLANG", "clang")
OURS = ["-I" + os.path.join(ROOT, "hv/include"), "-I" + HERE]
XEN = ["-D__XEN_TOOLS__", "-I" + HERE]
FOREIGN = ["-DXEN_HAVE_PV_UPCALL_MASK=1",
           "-D__XEN_INTERFACE_VERSION__=0x00040e00"]
HOST_WARN = ["-std=gnu11", "-Wall", "-Wextra", "-Werror"]


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def fail(self, what):
        print(f"FAIL {what}")
        self.failed += 1


def run(cmd, out=None):
    """Runs cmd; returns (ok, combined output). stdout to file if out."""
    if out:
        with open(out, "w") as f:
            proc = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE,
                                  text=True)
        return proc.returncode == 0, proc.stderr
    proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    return proc.returncode == 0, proc.stdout


def write(name, text):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def step(tally, what, cmd, out=None):
    ok, log = run(cmd, out)
    if not ok:
        tally.fail(what)
        print(log.rstrip()[-4000:])
    return ok


def gather(tally):
    """Step 1 and 2: the ASTs, the macro lists, the generated lists."""
    ours_tu = write("ours-tu.c", '#include "ours-all.h"\n')
    xen_tu = write("xen-tu.c", "#include <stdint.h>\n#include <stddef.h>\n"
                   '#include "xen-all.h"\n')
    foreign_tu = write("foreign-tu.c", "#include <stdint.h>\n"
                       "#include <xen/foreign/x86_64.h>\n")
    ast = [CLANG, "-std=gnu11", "-fsyntax-only", "-Xclang", "-ast-dump=json"]
    jobs = [
        ("AST of our headers", ast + OURS + [ours_tu], "ours.json"),
        ("AST of our headers (hypervisor view)",
         ast + OURS + ["-D__SATORI_HV__", ours_tu], "ours-hv.json"),
        ("AST of Xen's headers", ast + XEN + [xen_tu], "xen.json"),
        ("AST of foreign/x86_64.h", ast + FOREIGN + [foreign_tu],
         "foreign.json"),
        ("macros of our headers",
         [CLANG, "-std=gnu11", "-dM", "-E"] + OURS + [ours_tu],
         "ours-macros.txt"),
        ("macros of Xen's headers",
         [CLANG, "-std=gnu11", "-dM", "-E"] + XEN + [xen_tu],
         "xen-macros.txt"),
    ]
    for what, cmd, out in jobs:
        if not step(tally, what, cmd, os.path.join(OUT, out)):
            return False
    o = lambda n: os.path.join(OUT, n)
    ok, log = run([sys.executable, os.path.join(HERE, "gen-list.py"),
                   "--ours", o("ours.json"), "--ours-hv", o("ours-hv.json"),
                   "--xen", o("xen.json"), "--xen-macros", o("xen-macros.txt"),
                   "--ours-macros", o("ours-macros.txt"),
                   "--headers", os.path.join(ROOT, "hv/include/public"),
                   "--exclude", os.path.join(HERE, "ours-only.txt"),
                   "--foreign", o("foreign.json"),
                   "--foreign-out", o("foreign-list.h"), "-o", o("list.h")])
    print(log.rstrip())
    for line in log.splitlines():
        if "name errors" not in line:
            tally.fail(f"names: {line.removeprefix('gen-list: ')}")
    if not ok and tally.failed == 0:
        tally.fail("gen-list.py")
    return os.path.exists(o("list.h"))


def build_and_dump(tally, label, flags):
    exe = os.path.join(OUT, f"dump-{label}")
    src = os.path.join(HERE, "dump.c")
    if not step(tally, f"build dump.c ({label})",
                [HOSTCC] + HOST_WARN + ["-I" + OUT] + flags +
                ["-o", exe, src]):
        return None
    ok, text = run([exe])
    if not ok:
        tally.fail(f"run dump-{label}")
        return None
    write(f"{label}.txt", text)
    return text.splitlines()


KEY = re.compile(r"^(\w+ (?:struct |union )?\S+)")


def key_of(line):
    """"size struct x", "field struct x.a.b", "const NAME"."""
    m = KEY.match(line)
    return m.group(1) if m else line


def keyed(lines):
    return {key_of(l): l for l in lines}


def compare(tally, xen, ours, hv):
    """Step 3: every reference line must be matched exactly."""
    mine = keyed(ours)
    for line in xen:
        k = key_of(line)
        if mine.get(k) == line:
            tally.passed += 1
        else:
            tally.fail(f"{k}: Xen '{line}', ours '{mine.get(k, 'missing')}'")
    ref = keyed(xen)
    skipped = 0
    for line in hv:
        if line.startswith("skip "):
            skipped += 1
            continue
        k = key_of(line)
        if ref.get(k) == line:
            tally.passed += 1
        else:
            tally.fail(f"hypervisor view {k}: Xen '{ref.get(k, 'missing')}'"
                       f", ours '{line}'")
    print(f"abi: {len(xen)} Xen lines compared with the guest view, "
          f"{len(hv) - skipped} with the hypervisor view "
          f"({skipped} guest-only fields skipped there)")


def foreign(tally):
    """Step 4: the _Static_asserts against foreign/x86_64.h."""
    exe = os.path.join(OUT, "foreign")
    if not step(tally, "foreign.c: layouts differ from foreign/x86_64.h",
                [HOSTCC] + HOST_WARN + OURS + FOREIGN[1:] + ["-I" + OUT, "-o", exe,
                                              os.path.join(HERE,
                                                           "foreign.c")]):
        return
    ok, text = run([exe])
    m = re.search(r"foreign: (\d+) ", text)
    if not ok or not m:
        tally.fail("run foreign")
        return
    print(text.rstrip())
    tally.passed += int(m.group(1))


def coexist(tally, hv_cflags):
    """Step 5: one hypervisor file with both register frames."""
    if not hv_cflags:
        return
    src = os.path.join(HERE, "hv-coexist.c")
    cmd = ["cc"] + shlex.split(hv_cflags) + ["-c", src, "-o",
                                             os.path.join(OUT, "coexist.o")]
    if step(tally, "hv-coexist.c with the hypervisor's flags", cmd):
        tally.passed += 1


def ring_trace(tally):
    """Step 6: the same ring workout through both ring.h versions."""
    src = os.path.join(HERE, "ring-trace.c")
    traces = []
    for label, flags in (("xen", ["-DRING_XEN", "-D__XEN_TOOLS__"]),
                         ("ours", OURS)):
        exe = os.path.join(OUT, f"ring-trace-{label}")
        if not step(tally, f"build ring-trace.c ({label})",
                    [HOSTCC] + HOST_WARN + flags + ["-o", exe, src]):
            return
        ok, text = run([exe])
        if not ok:
            tally.fail(f"run ring-trace-{label}")
            return
        traces.append(text.splitlines())
    xen, ours = traces
    diff = [i for i, (a, b) in enumerate(zip(xen, ours)) if a != b]
    if diff or len(xen) != len(ours):
        first = diff[0] if diff else min(len(xen), len(ours))
        tally.fail(f"ring trace differs from line {first + 1}: Xen "
                   f"'{xen[first] if first < len(xen) else 'end'}', ours "
                   f"'{ours[first] if first < len(ours) else 'end'}'")
        return
    print(f"abi: ring macros: {len(xen)}-line traces identical")
    tally.passed += 1


def assembly(tally):
    """Step 7: the headers under __ASSEMBLY__."""
    src = os.path.join(HERE, "asm-include.S")
    for label, flags in (("guest", []), ("hypervisor", ["-D__SATORI_HV__"])):
        if step(tally, f"asm-include.S ({label} view)",
                [HOSTCC, "-D__ASSEMBLY__"] + OURS + flags +
                ["-c", src, "-o", os.path.join(OUT, f"asm-{label}.o")]):
            tally.passed += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hv-cflags", default="")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    os.chdir(ROOT)
    tally = Tally()
    if gather(tally):
        xen = build_and_dump(tally, "xen", XEN + ["-DABI_XEN"])
        ours = build_and_dump(tally, "ours", OURS)
        hv = build_and_dump(tally, "ours-hv", OURS + ["-D__SATORI_HV__"])
        if xen is not None and ours is not None and hv is not None:
            compare(tally, xen, ours, hv)
        foreign(tally)
    coexist(tally, args.hv_cflags)
    ring_trace(tally)
    assembly(tally)
    print(f"abi: {tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
