# SPDX-License-Identifier: MIT
"""Judging a boot test from its console lines and QEMU's exit.

Watcher consumes the serial console one line at a time and tracks what the
runner must react to (the stop line, a forbidden line, keys to type).
verdict() turns the end state into a list of failure reasons; an empty
list is a pass. Both are pure so the rules can be tested without QEMU.
"""

import re
from dataclasses import dataclass, field

from testdef import DEFAULT_FORBID

# SeaBIOS and GRUB draw with terminal escapes; they are not part of lines.
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1bc")


def clean_line(raw):
    """A console line as tests see it: no escapes, no carriage returns."""
    return _ANSI.sub("", raw).replace("\r", "")


@dataclass
class Watcher:
    test: object
    next_expect: int = 0        # Index of the first unmatched expect.
    next_send: int = 0          # Index of the next send to trigger.
    stop_seen: bool = False
    forbidden: list = field(default_factory=list)
    lines: int = 0
    prompt_matched: bool = False  # The unfinished line triggered a send.
    # Per ratio: [a, b], each the first number its regex captured.
    ratio_values: list = field(default_factory=list)

    def feed(self, line):
        """Account for one console line; return the bytes to type now."""
        t = self.test
        self.lines += 1
        if self.next_expect < len(t.expect) and \
                t.expect[self.next_expect].search(line):
            self.next_expect += 1
        if self._forbidden(line):
            self.forbidden.append(line)
        if t.stop_at and t.stop_at.search(line):
            self.stop_seen = True
        self._measure(line)
        if self.prompt_matched:
            # This line's send already fired while it was a prompt.
            self.prompt_matched = False
            return b""
        return self._send_for(line)

    def feed_prompt(self, partial):
        """Check an unfinished line (a prompt waits without a newline)."""
        keys = b"" if self.prompt_matched else self._send_for(partial)
        self.prompt_matched = self.prompt_matched or bool(keys)
        return keys

    def _measure(self, line):
        t = self.test
        while len(self.ratio_values) < len(t.ratio):
            self.ratio_values.append([None, None])
        for r, vals in zip(t.ratio, self.ratio_values):
            for i, rx in enumerate((r.a, r.b)):
                m = vals[i] is None and rx.search(line)
                if m:
                    vals[i] = float(m.group(1))

    def _send_for(self, line):
        t = self.test
        if self.next_send < len(t.send) and \
                t.send[self.next_send].after.search(line):
            self.next_send += 1
            return t.send[self.next_send - 1].keys
        return b""

    def _forbidden(self, line):
        # A line the test asks for (a deliberate PANIC in a hostile test,
        # say) is not held against it by the default forbid list; the
        # test's own forbid: lines always apply.
        t = self.test
        if any(p.search(line) for p in t.forbid):
            return True
        if not t.default_forbid or \
                any(p.search(line) for p in t.expect):
            return False
        return bool(re.search(DEFAULT_FORBID, line))


@dataclass
class Ending:
    """How the QEMU run ended."""
    how: str                    # exited, stopped, forbidden, timeout, error
    exit_code: int = None       # QEMU's status when how == "exited".
    error: str = ""             # Why the run could not be started.


def describe_exit(code):
    if code & 1:
        return f"QEMU status {code} (satori status {code >> 1})"
    return (f"QEMU status {code}: not through isa-debug-exit "
            "(triple fault with -no-reboot, or QEMU error)")


def ratios(test, w):
    """(ratio, measured value or None) for each ratio of the test."""
    out = []
    for i, r in enumerate(test.ratio):
        a, b = w.ratio_values[i] if i < len(w.ratio_values) else (None, None)
        out.append((r, a / b if a is not None and b else None))
    return out


def ratio_failures(test, w):
    reasons = []
    for r, value in ratios(test, w):
        if value is None:
            reasons.append(f"ratio not measured (a regex did not match, "
                           f"or b was 0): {r.text}")
        elif not r.low <= value <= r.high:
            reasons.append(f"ratio {value:.3f} outside {r.low:g}..{r.high:g}"
                           f": {r.text}")
    return reasons


def verdict(test, w, end):
    """Failure reasons for a finished run (empty: passed).

    Exit status and stop_at: whichever comes first decides. If QEMU exits
    by itself, its status is judged (when the test expects one); if the
    runner stops it after the stop_at line (and the grace period), the
    status is not judged. Expected and forbidden lines apply either way.
    """
    if end.how == "error":
        return [end.error]
    reasons = []
    if end.how == "timeout":
        reasons.append(f"timeout after {test.timeout:g}s")
    for line in w.forbidden[:3]:
        reasons.append(f"forbidden line: {line.strip()}")
    if w.next_expect < len(test.expect):
        missing = test.expect[w.next_expect].pattern
        reasons.append(f"expected line not seen (in order): {missing}")
    if end.how == "exited" and w.lines == 0:
        # QEMU's own errors exit with status 1, which is also satori's
        # status 0: without a single console line, do not trust it.
        reasons.append(f"QEMU exited (status {end.exit_code}) before any "
                       "console output; its messages are in the log")
        return reasons
    reasons.extend(ratio_failures(test, w))
    want = test.expected_exit()
    if end.how == "exited" and want is not None and \
            end.exit_code != (want << 1) | 1:
        reasons.append(f"{describe_exit(end.exit_code)}, "
                       f"expected satori status {want}")
    return reasons
