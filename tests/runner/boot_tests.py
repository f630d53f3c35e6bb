#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot-test runner: boots satori in QEMU once per tests/boot/*.test.

For each test it prints the exact QEMU command line, writes the console
log to build/tests/logs/<test>.log, and judges the run (judge.py). Tests
run two at a time (the CI machines have two cores). The last line is
`N passed, N failed`; the exit status is 1 if anything failed.

    tests/runner/boot_tests.py [-j N] [name-or-glob ...]
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

import machine
import testdef
from judge import verdict

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
           "-k", os.path.join(BUILD, "satori"), "-c", test.cmdline]
    for m in test.modules:
        # The name goes first so that GRUB gives '<name> <args>' too.
        cmd += ["-m", f"{os.path.join(workdir, m.name)} "
                f"{machine.module_line(m)}"]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return iso


def run_one(test, accel):
    """Run one test; return (passed, report lines)."""
    workdir = os.path.join(OUT, "work", test.name)
    log_path = os.path.join(OUT, "logs", test.name + ".log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    started = time.monotonic()
    try:
        machine.stage_modules(test, ROOT, workdir)
        iso = build_iso(test, workdir) if test.boot == "iso" else None
    except (OSError, subprocess.CalledProcessError) as e:
        detail = getattr(e, "stderr", "") or str(e)
        return False, [f"FAIL {test.name}: setup: {detail.strip()}"]
    cmd = machine.qemu_command(test, os.path.join(BUILD, "satori"), iso,
                               accel)
    shown = machine.printable_command(cmd, os.path.relpath(workdir, ROOT))
    with open(log_path, "w", encoding="utf-8") as log:
        log.write(f"# {shown}\n")
        run = machine.Run(test, cmd, workdir, log)
        end = run.execute(test.timeout * timeout_scale())
        reasons = verdict(test, run.watcher, end)
        log.write(f"# ended: {end.how}"
                  f"{'' if end.exit_code is None else ' ' + str(end.exit_code)}"
                  f"\n# verdict: {'; '.join(reasons) or 'pass'}\n")
        if run.stderr:
            log.write("# qemu stderr:\n" + run.stderr.decode(errors="replace"))
    secs = time.monotonic() - started
    report = [f"  $ {shown}"]
    if not reasons:
        return True, [f"PASS {test.name} ({secs:.1f}s)"] + report
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
    ap.add_argument("--dir", default=os.path.join(ROOT, "tests", "boot"))
    ap.add_argument("tests", nargs="*", help="test names or globs")
    args = ap.parse_args()
    patterns = [p for arg in args.tests for p in arg.split(",") if p]
    paths = select(sorted(glob.glob(os.path.join(args.dir, "*.test"))),
                   patterns)
    if not os.path.exists(os.path.join(BUILD, "satori")):
        raise SystemExit("build/satori is missing: run make first")
    accel = machine.pick_accel()
    say(f"boot tests: {len(paths)} test(s), accel={accel}, -j{args.j}")

    def job(path):
        try:
            test = testdef.load(path)
        except testdef.DefinitionError as e:
            ok, report = False, [f"FAIL {os.path.basename(path)}: {e}"]
        else:
            ok, report = run_one(test, accel)
        say("\n".join(report))
        return ok

    with ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        results = list(pool.map(job, paths))
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
