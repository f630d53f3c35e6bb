#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the test levels of `make test` in order and sums their counts.

Each level is a command that prints `N passed, N failed` (optionally after
"<level>: ") as its closing
line. Its output is passed through; its last such line is taken as its
count. A level that fails without a count (a build error, say) counts as
one failure, and so does a level whose exit status contradicts its count.
The last line is the total, `N passed, N failed`; the exit status is 1 if
anything failed.

    tests/runner/levels.py 'unit=make unit' 'boot=make boot-tests'
"""

import re
import subprocess
import sys

COUNT = re.compile(
    r"^(?:[\w-]+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$")


def run_level(label, command):
    proc = subprocess.Popen(command, shell=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            errors="replace")
    count = None
    for line in proc.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        m = COUNT.match(line)
        if m:
            count = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    status = proc.wait()
    if count is None:
        print(f"{label}: exit status {status} and no count line: "
              "counted as 1 failure")
        return 0, 1, 0
    passed, failed, skipped = count
    if status != 0 and failed == 0:
        print(f"{label}: exit status {status} despite 0 failures: "
              "counted as 1 failure")
        failed = 1
    return passed, failed, skipped


def main(levels):
    totals = []
    for spec in levels:
        label, _, command = spec.partition("=")
        print(f"==> {label}: {command}", flush=True)
        totals.append((label, *run_level(label, command)))
    summary = ", ".join(f"{l} {p}/{p + f}" + (f" ({s} skipped)" if s else "")
                        for l, p, f, s in totals)
    print(f"levels (passed/run): {summary}")
    passed = sum(t[1] for t in totals)
    failed = sum(t[2] for t in totals)
    skipped = sum(t[3] for t in totals)
    print(f"{passed} passed, {failed} failed"
          + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
