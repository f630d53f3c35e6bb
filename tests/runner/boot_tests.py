#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot-test runner: boots satori in QEMU once per tests/boot/*.test.

For each test it prints the exact QEMU command line, writes the console
log to build/tests/logs/<test>.log, and judges the run (judge.py). Tests
run two at a time (the CI machines have two cores). The last line is
`N passed, N failed`; the exit status is 1 if anything failed.

With --hv=satori or --hv=xen it runs the guest tests instead
(tests/guest/*.test, guestdef.py): each test kernel boots as the first
module of satori, or as dom0 of Xen 4.17 (cache/xen/xen, from
scripts/get-xen.sh); logs go to build/tests/logs/guest-<hv>/<test>.log.

    tests/runner/boot_tests.py [-j N] [--hv=satori|xen] [name-or-glob ...]
"""

import argparse
import fnmatch
import glob
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import guestdef
import machine
import testdef
from judge import ratios, verdict

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, "build")
OUT = os.path.join(BUILD, "tests")
print_lock = threading.Lock()


def say(text):
    with print_lock:
        print(text, flush=True)


def timeout_scale():
    # Slow CI machines can stretch every timeout: TIMEOUT_SCALE=2.
    return float(os.environ.get("TIMEOUT_SCALE", "1"))


def build_iso(test, workdir):
    iso = os.path.join(OUT, "iso", test.name + ".iso")
    cmd = [os.path.join(ROOT, "scripts", "mkiso.sh"), "-o", iso,
           "-k", KERNELS["satori"], "-c", test.cmdline]
    for m in test.modules:
        # The name goes first so that GRUB gives '<name> <args>' too.
        cmd += ["-m", f"{os.path.join(workdir, m.name)} "
                f"{machine.module_line(m)}"]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return iso


# The image QEMU's -kernel boots, per hypervisor.
KERNELS = {"satori": os.path.join(BUILD, "satori"),
           "xen": os.path.join(ROOT, "cache", "xen", "xen")}


def run_one(test, accel, hv="satori", group=""):
    """Run one test; return (passed, report lines).

    @group separates the work directories and logs of guest tests
    ("guest-xen") from those of boot tests ("").
    """
    workdir = os.path.join(OUT, "work", group, test.name)
    log_path = os.path.join(OUT, "logs", group, test.name + ".log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    started = time.monotonic()
    try:
        machine.stage_modules(test, ROOT, workdir)
        iso = build_iso(test, workdir) if test.boot == "iso" else None
    except (OSError, subprocess.CalledProcessError) as e:
        detail = getattr(e, "stderr", "") or str(e)
        return False, [f"FAIL {test.name}: setup: {detail.strip()}"]
    cmd = machine.qemu_command(test, KERNELS[hv], iso, accel)
    shown = machine.printable_command(cmd, os.path.relpath(workdir, ROOT))
    with open(log_path, "w", encoding="utf-8") as log:
        log.write(f"# {shown}\n")
        # A timed-out satori run types debug keys first (machine.py).
        keys = machine.TIMEOUT_KEYS if hv == "satori" else None
        run = machine.Run(test, cmd, workdir, log, timeout_keys=keys)
        end = run.execute(test.timeout * timeout_scale())
        reasons = verdict(test, run.watcher, end)
        measured = ", ".join(f"ratio {v:.3f}" for _, v in
                             ratios(test, run.watcher) if v is not None)
        if measured:
            log.write(f"# measured: {measured}\n")
        log.write(f"# ended: {end.how}"
                  f"{'' if end.exit_code is None else ' ' + str(end.exit_code)}"
                  f"\n# verdict: {'; '.join(reasons) or 'pass'}\n")
        if run.stderr:
            log.write("# qemu stderr:\n" + run.stderr.decode(errors="replace"))
    secs = time.monotonic() - started
    report = [f"  $ {shown}"]
    if not reasons:
        extra = f" {measured}" if measured else ""
        return True, [f"PASS {test.name} ({secs:.1f}s){extra}"] + report
    report.insert(0, f"FAIL {test.name} ({secs:.1f}s)")
    report += [f"  - {r}" for r in reasons]
    report += [f"  log: {os.path.relpath(log_path, ROOT)}"]
    report += ["  | " + l for l in tail(log_path, 15)]
    return False, report


def tail(path, n):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [l.rstrip("\n") for l in f.readlines()[-n:]]


def select(paths, patterns):
    if not patterns:
        return paths
    chosen = [p for p in paths if any(
        fnmatch.fnmatch(os.path.splitext(os.path.basename(p))[0], pat)
        for pat in patterns)]
    if not chosen:
        raise SystemExit(f"no boot test matches {' '.join(patterns)}")
    return chosen


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-j", type=int, default=2, help="tests run at once")
    ap.add_argument("--hv", choices=guestdef.HYPERVISORS,
                    help="run the guest tests on this hypervisor")
    ap.add_argument("--dir", help="where the *.test files are")
    ap.add_argument("tests", nargs="*", help="test names or globs")
    args = ap.parse_args()
    kind = "guest" if args.hv else "boot"
    hv = args.hv or "satori"
    group = f"guest-{hv}" if args.hv else ""
    tdir = args.dir or os.path.join(ROOT, "tests", kind)
    patterns = [p for arg in args.tests for p in arg.split(",") if p]
    paths = select(sorted(glob.glob(os.path.join(tdir, "*.test"))),
                   patterns)
    if not os.path.exists(KERNELS[hv]):
        raise SystemExit(f"{os.path.relpath(KERNELS[hv], ROOT)} is missing: "
                         + ("run scripts/get-xen.sh" if hv == "xen"
                            else "run make first"))
    accel = machine.pick_accel()
    say(f"{kind} tests: {len(paths)} test(s), hv={hv}, accel={accel}, "
        f"-j{args.j}")

    def load(path):
        if not args.hv:
            return testdef.load(path)
        return guestdef.to_testdef(guestdef.load(path), hv)

    def pending(path):
        if not args.hv:
            try:
                return testdef.load(path).pending or None
            except testdef.DefinitionError:
                return None
        try:
            return guestdef.pending_reason(guestdef.load(path), hv)
        except testdef.DefinitionError:
            return None

    def job(path):
        reason = pending(path)
        if reason:
            say(f"SKIP {os.path.splitext(os.path.basename(path))[0]}: "
                f"pending on {hv}: {reason}")
            return None
        try:
            test = load(path)
        except testdef.DefinitionError as e:
            ok, report = False, [f"FAIL {os.path.basename(path)}: {e}"]
        else:
            ok, report = run_one(test, accel, hv, group)
        say("\n".join(report))
        return ok

    with ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        results = list(pool.map(job, paths))
    ran = [r for r in results if r is not None]
    passed, skipped = sum(ran), len(results) - len(ran)
    print(f"{passed} passed, {len(ran) - passed} failed, {skipped} skipped")
    return 0 if passed == len(ran) else 1


if __name__ == "__main__":
    sys.exit(main())
