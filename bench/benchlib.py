# SPDX-License-Identifier: MIT
"""What the satori-against-Xen guest benchmarks share (run-pv-paths.py,
run-mmu-paths.py, run-timer-lateness.py): building both sides, the kernel
image per hypervisor, and one boot of a benchmark kernel as dom0 whose
result lines are collected from its log.
"""

import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "runner"))

import guestdef  # noqa: E402
import machine  # noqa: E402
from judge import verdict  # noqa: E402

# Debian's Xen is a release build: satori is measured as one too.
RELEASE_BUILD = "build/bench-release"


def build(debug):
    """The guest kernels, satori (DEBUG=n into RELEASE_BUILD unless
    @debug) and Xen 4.17 (scripts/get-xen.sh)."""
    subprocess.run(["make", "-j2", "guests"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    hv = ["make", "-j2", "hv"]
    if not debug:
        hv += ["DEBUG=n", f"BUILD={RELEASE_BUILD}"]
    subprocess.run(hv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([os.path.join(ROOT, "scripts", "get-xen.sh")], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)


def default_kernel(hv, debug):
    """The image build() made for @hv ("satori" or "xen")."""
    if hv == "xen":
        return os.path.join(ROOT, "cache", "xen", "xen")
    return os.path.join(ROOT, "build" if debug else RELEASE_BUILD, "satori")


def boot(manifest, name, hv, kernel, workdir, log_path, result, what):
    """Boot the guest manifest @manifest (test @name) on @hv from @kernel
    in @workdir, logging to @log_path; a failed run ends the program
    (the message names the run as @what).
    Returns ({group 1: int(group 2)} of the lines matching the regex
    @result, printable QEMU command line)."""
    test = guestdef.to_testdef(guestdef.parse(manifest, name), hv)
    machine.stage_modules(test, ROOT, workdir)
    cmd = machine.qemu_command(test, kernel, None, "tcg")
    shown = machine.printable_command(cmd, os.path.relpath(workdir, ROOT))
    with open(log_path, "w", encoding="utf-8") as log:
        log.write(f"# {shown}\n")
        run = machine.Run(test, cmd, workdir, log)
        end = run.execute(test.timeout)
        reasons = verdict(test, run.watcher, end)
    if reasons:
        raise SystemExit(f"{what} failed: {'; '.join(reasons)}; log: "
                         f"{os.path.relpath(log_path, ROOT)}")
    results = {}
    with open(log_path, encoding="utf-8") as log:
        for line in log:
            m = result.search(line)
            if m:
                results[m.group(1)] = int(m.group(2))
    return results, shown
