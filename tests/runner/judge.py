# SPDX-License-Identifier: MIT
"""Judging a boot test from its console lines and QEMU's exit.

Watcher consumes the serial console one line at a time and tracks what the
runner must react to (the stop line, a forbidden line, keys to type).
verdict() turns the end state into a list of failure reasons; an empty
list is a pass. Both are pure so the rules can be tested without QEMU.
"""

import re
from dataclasses import dataclass, field

from testdef import DEFAULT_FORBID, rtc_epoch

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
    # Per value: the first number captured; per clock: (guest, expected).
    values: dict = field(default_factory=dict)
    clocks: dict = field(default_factory=dict)
    start: float = None         # Host Unix time QEMU started (clock:).
    first_line: float = None    # Host Unix time of the first line.
    quiet_open: bool = False    # Inside the quiet_from..quiet_until window.
    quiet_lines: list = field(default_factory=list)

    def feed(self, line, now=None):
        """Account for one console line; return the bytes to type now.

        @now is the host's Unix time the line arrived (for clock:).
        """
        t = self.test
        self.lines += 1
        self._numbers(line, now)
        self._quiet(line)
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

    def _numbers(self, line, now):
        t = self.test
        for i, v in enumerate(t.value):
            m = i not in self.values and v.rx.search(line)
            if m:
                self.values[i] = _float(m.group(1))
        if self.first_line is None:
            self.first_line = now
        for i, c in enumerate(t.clock):
            m = i not in self.clocks and now is not None and \
                self.start is not None and c.rx.search(line)
            if m:
                self.clocks[i] = (_float(m.group(1)),) + \
                    self._rtc_now(now)

    def _rtc_now(self, now):
        """(earliest, latest) RTC time at host time @now.

        QEMU starts the RTC at `rtc:` somewhere between its own start and
        the first console line (loading and firmware take seconds on a
        busy host); without `rtc:` the RTC is the host's clock.
        """
        if not self.test.rtc:
            return now, now
        base = rtc_epoch(self.test.rtc)
        first = self.first_line if self.first_line is not None else now
        return base + (now - first), base + (now - self.start)

    def _quiet(self, line):
        t = self.test
        if not t.quiet:
            return
        if not self.quiet_open:
            self.quiet_open = bool(t.quiet_from.search(line))
            return
        if t.quiet_until.search(line):
            self.quiet_open = False
        elif any(p.search(line) for p in t.quiet):
            self.quiet_lines.append(line)

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


def _float(text):
    try:
        return float(text)
    except ValueError:
        return None


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


def value_failures(test, w):
    reasons = []
    for i, v in enumerate(test.value):
        got = w.values.get(i)
        if got is None:
            reasons.append(f"value not seen (or not a number): {v.text}")
        elif not v.low <= got <= v.high:
            reasons.append(f"value {got:g} outside {v.low:g}..{v.high:g}: "
                           f"{v.text}")
    for i, c in enumerate(test.clock):
        got, low, high = w.clocks.get(i, (None, None, None))
        if got is None:
            reasons.append(f"clock not seen (or not a number): {c.text}")
        elif not low - c.within <= got <= high + c.within:
            off = got - low if got < low else got - high
            reasons.append(f"clock {got:.0f} is {off:+.0f}s off the RTC's "
                           f"{low:.0f}..{high:.0f} (allowed {c.within:g}s): "
                           f"{c.text}")
    for line in w.quiet_lines[:3]:
        reasons.append(f"line in the quiet window: {line.strip()}")
    return reasons


def exit_failures(test, end):
    if test.qemu_exit is not None and end.how == "stopped":
        # qemu_exit is always judged: QEMU must have ended by itself.
        return [f"QEMU did not exit by itself within {test.stop_grace:g}s "
                f"of the stop line (expected QEMU status {test.qemu_exit})"]
    if end.how != "exited":
        return []
    if test.qemu_exit is not None:
        if end.exit_code != test.qemu_exit:
            return [f"QEMU status {end.exit_code}, expected QEMU's own "
                    f"status {test.qemu_exit}"]
        return []
    want = test.expected_exit()
    if want is not None and end.exit_code != (want << 1) | 1:
        return [f"{describe_exit(end.exit_code)}, "
                f"expected satori status {want}"]
    return []


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
    reasons.extend(value_failures(test, w))
    reasons.extend(exit_failures(test, end))
    return reasons
