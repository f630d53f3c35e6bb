#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of the boot-test runner's own rules (no QEMU needed).

A runner that passes everything would make every boot test worthless, so
its parsing and judging are tested here: definitions, line matching in
order, forbidden lines, keys to type, and the verdict on each way a run
ends. Ends with `N passed, N failed` like every test level.
"""

import io
import sys
import unittest

import guestdef
import machine
import testdef
from judge import Ending, Watcher, clean_line, verdict


def parse(text):
    return testdef.parse(text, "t")


def watch(test, lines):
    w = Watcher(test)
    typed = [w.feed(line) for line in lines]
    return w, [k for k in typed if k]


class Definitions(unittest.TestCase):
    def test_defaults(self):
        t = parse("")
        self.assertEqual((t.boot, t.smp, t.memory, t.timeout),
                         ("kernel", 2, "512M", 30.0))
        self.assertEqual(t.expected_exit(), 0)

    def test_lists_and_modules(self):
        t = parse("module: tests/boot/files/a.txt x=1 y\n"
                  "module: b.bin\nexpect: one\nexpect: two\n")
        self.assertEqual([(m.path, m.name, m.args) for m in t.modules],
                         [("tests/boot/files/a.txt", "a.txt", "x=1 y"),
                          ("b.bin", "b.bin", "")])
        self.assertEqual([p.pattern for p in t.expect], ["one", "two"])

    def test_errors(self):
        for bad in ("colour: red", "smp: 2\nsmp: 4", "module: a x,y",
                    "expect: (", "boot: floppy", "smp: many",
                    "send: no arrow", "default_forbid: maybe"):
            with self.assertRaises(testdef.DefinitionError, msg=bad):
                parse(bad)

    def test_send_escapes(self):
        t = parse(r"send: login: => root\r\x01")
        self.assertEqual(t.send[0].keys, b"root\r\x01")
        self.assertEqual(t.send[0].after.pattern, "login:")

    def test_exit_with_stop_at(self):
        self.assertIsNone(parse("stop_at: done").expected_exit())
        self.assertEqual(parse("stop_at: done\nexit: 3").expected_exit(), 3)


class Ratios(unittest.TestCase):
    T = "ratio: a=([0-9]+) / b=([0-9]+) in 1.9..2.1"

    def test_parse(self):
        r = parse(self.T).ratio[0]
        self.assertEqual((r.low, r.high), (1.9, 2.1))
        for bad in ("ratio: a / b in 1..2", "ratio: a=(1) b=(2) in 1..2",
                    "ratio: a=(1) / b=(2) in 1", "ratio: a=(1) / b=(2)"):
            with self.assertRaises(testdef.DefinitionError):
                parse(bad)

    def test_first_match_counts(self):
        t = parse(self.T)
        ok = Ending(how="exited", exit_code=1)
        w, _ = watch(t, ["a=200 b=100", "a=1 b=100"])
        self.assertEqual(verdict(t, w, ok), [])
        w, _ = watch(t, ["a=300", "b=100"])
        self.assertIn("ratio 3.000 outside", verdict(t, w, ok)[0])
        w, _ = watch(t, ["a=300"])
        self.assertIn("ratio not measured", verdict(t, w, ok)[0])


class Values(unittest.TestCase):
    OK = Ending(how="exited", exit_code=1)

    def test_parse(self):
        v = parse("value: MemTotal: +([0-9]+) kB in 100..200").value[0]
        self.assertEqual((v.low, v.high, v.rx.groups), (100, 200, 1))
        c = parse("clock: now=([0-9]+) within 5").clock[0]
        self.assertEqual(c.within, 5)
        for bad in ("value: x=([0-9]+)", "value: x=[0-9]+ in 1..2",
                    "value: x=(1) in 1", "clock: t=([0-9]+)",
                    "clock: t=[0-9]+ within 3", "rtc: yesterday",
                    "quiet: c[0-9] ", "exit: 0\nqemu_exit: 0"):
            with self.assertRaises(testdef.DefinitionError, msg=bad):
                parse(bad)

    def test_value_first_match_in_range(self):
        t = parse("value: m=([0-9]+) in 10..20")
        self.assertEqual(verdict(t, watch(t, ["m=15", "m=99"])[0],
                                 self.OK), [])
        self.assertIn("value 9 outside",
                      verdict(t, watch(t, ["m=9", "m=15"])[0], self.OK)[0])
        self.assertIn("value not seen",
                      verdict(t, watch(t, ["n=15"])[0], self.OK)[0])

    def test_clock_against_rtc_and_elapsed_time(self):
        # RTC base 2031-03-04T05:06:07 = 1930367167. QEMU starts at host
        # time 1000, its first line comes at 1010 (the RTC started between
        # the two), the clock line at 1050: the RTC reads 1930367207 to
        # 1930367217, and 3 s more either way are allowed.
        t = parse("rtc: 2031-03-04T05:06:07\nclock: t=([0-9]+) within 3")
        for guest, ok in ((1930367204, True), (1930367212, True),
                          (1930367220, True), (1930367203, False),
                          (1930367221, False), (1930367167, False)):
            w = Watcher(t)
            w.start = 1000.0
            w.feed("t=x", 1010.0)
            w.feed(f"t={guest}", 1050.0)
            self.assertEqual(verdict(t, w, self.OK) == [], ok, msg=guest)
        w = Watcher(t)  # A clock line without arrival times is not judged.
        w.feed("t=1930367217")
        self.assertIn("clock not seen", verdict(t, w, self.OK)[0])

    def test_clock_without_rtc_uses_host_time(self):
        t = parse("clock: t=([0-9]+) within 2")
        w = Watcher(t)
        w.start = 5000.0
        w.feed("t=5031", 5030.0)
        self.assertEqual(verdict(t, w, self.OK), [])

    def test_rtc_on_qemu_command_line(self):
        cmd = machine.qemu_command(parse("rtc: 2031-03-04T05:06:07"),
                                   "k", None, "tcg")
        self.assertIn("base=2031-03-04T05:06:07", cmd)

    def test_quiet_window(self):
        t = parse("quiet: ^c[0-9] \nquiet_from: start\nquiet_until: end")
        w, _ = watch(t, ["c0 before", "start", "ok", "c1 inside", "end",
                         "c0 after"])
        self.assertEqual(w.quiet_lines, ["c1 inside"])
        self.assertIn("quiet window", verdict(t, w, self.OK)[0])
        w, _ = watch(t, ["c0 boot", "start", "end", "c0 after"])
        self.assertEqual(verdict(t, w, self.OK), [])

    def test_qemu_exit_is_qemus_own_status(self):
        t = parse("qemu_exit: 0")
        self.assertIsNone(t.expected_exit())
        w, _ = watch(t, ["bye"])
        self.assertEqual(verdict(t, w, Ending("exited", exit_code=0)), [])
        self.assertIn("expected QEMU's own status 0",
                      verdict(t, w, Ending("exited", exit_code=1))[0])
        self.assertIn("timeout",
                      verdict(t, w, Ending("timeout"))[0])
        # Unlike exit:, a stop line does not excuse a QEMU that stays up.
        t = parse("qemu_exit: 0\nstop_at: bye")
        w, _ = watch(t, ["bye"])
        self.assertIn("did not exit by itself",
                      verdict(t, w, Ending("stopped"))[0])
        self.assertEqual(verdict(t, w, Ending("exited", exit_code=0)), [])


class Lines(unittest.TestCase):
    def test_clean_line(self):
        self.assertEqual(clean_line("\x1b[2J\x1b[9;7Hab\x1b[9;8Hc\r"), "abc")

    def test_expect_in_order(self):
        t = parse("expect: A\nexpect: B")
        self.assertEqual(watch(t, ["A", "B"])[0].next_expect, 2)
        self.assertEqual(watch(t, ["B", "A"])[0].next_expect, 1)
        # One line satisfies one expectation, not two.
        self.assertEqual(watch(parse("expect: A\nexpect: A"),
                               ["A"])[0].next_expect, 1)

    def test_default_forbid(self):
        w, _ = watch(parse("expect: x"), ["ok", "PANIC: oops"])
        self.assertEqual(w.forbidden, ["PANIC: oops"])
        w, _ = watch(parse("default_forbid: no"), ["PANIC: oops"])
        self.assertEqual(w.forbidden, [])

    def test_expected_line_exempt_from_default_forbid_only(self):
        w, _ = watch(parse("expect: PANIC: wanted"), ["PANIC: wanted"])
        self.assertEqual((w.forbidden, w.next_expect), ([], 1))
        t = parse("expect: BUG here\nforbid: BUG")
        self.assertEqual(watch(t, ["BUG here"])[0].forbidden, ["BUG here"])

    def test_sends_in_order_once(self):
        t = parse("send: a => 1\nsend: b => 2")
        _, typed = watch(t, ["b", "a", "a", "b", "b"])
        self.assertEqual(typed, [b"1", b"2"])

    def test_prompt_triggers_once(self):
        t = parse("send: grub> => x\nsend: grub> => y")
        w = Watcher(t)
        self.assertEqual(w.feed_prompt("grub>"), b"x")
        self.assertEqual(w.feed_prompt("grub> "), b"")
        self.assertEqual(w.feed("grub> "), b"")
        self.assertEqual(w.feed("grub> "), b"y")

    def test_stop_at(self):
        t = parse("stop_at: Boot complete")
        self.assertFalse(watch(t, ["Booting"])[0].stop_seen)
        self.assertTrue(watch(t, ["c0 Boot complete"])[0].stop_seen)


class Verdicts(unittest.TestCase):
    def judge(self, text, lines, end):
        t = parse(text)
        return verdict(t, watch(t, lines)[0], end)

    def test_exit_status(self):
        out = ["satori"]
        self.assertEqual(self.judge("exit: 0", out, Ending("exited", 1)), [])
        self.assertEqual(self.judge("exit: 2", out, Ending("exited", 5)), [])
        self.assertIn("satori status 3",
                      self.judge("exit: 0", out, Ending("exited", 7))[0])
        # Even: QEMU stopped without isa-debug-exit (a triple fault).
        self.assertIn("not through isa-debug-exit",
                      self.judge("", out, Ending("exited", 0))[0])

    def test_qemu_error_is_not_success(self):
        # QEMU's error status 1 looks like satori's status 0.
        self.assertIn("before any console output",
                      self.judge("exit: 0", [], Ending("exited", 1))[0])

    def test_stop_at_and_exit(self):
        text = "expect: done\nstop_at: done\nexit: 0"
        self.assertEqual(self.judge(text, ["done"], Ending("stopped")), [])
        self.assertEqual(self.judge(text, ["done"], Ending("exited", 1)), [])
        self.assertIn("satori status 1",
                      self.judge(text, ["done"], Ending("exited", 3))[0])
        self.assertEqual(
            self.judge("stop_at: done", ["x"], Ending("exited", 9)), [])

    def test_missing_forbidden_timeout(self):
        self.assertIn("expected line not seen",
                      self.judge("expect: A", ["B"], Ending("exited", 1))[0])
        self.assertEqual(len(self.judge("expect: A", ["B"],
                                        Ending("exited", 1))), 1)
        self.assertIn("forbidden line",
                      self.judge("", ["FATAL"], Ending("forbidden"))[0])
        self.assertIn("timeout", self.judge("", [], Ending("timeout"))[0])
        self.assertEqual(self.judge("", [], Ending("error", error="e")),
                         ["e"])


class GuestManifests(unittest.TestCase):
    GUEST = "guest: guests/build/tests/a/b.elf\n"

    def make(self, text, hv):
        return guestdef.to_testdef(guestdef.parse(self.GUEST + text, "g"), hv)

    def test_defaults_per_hypervisor(self):
        for hv, cmd in (("xen", "dom0_mem="), ("satori", "debugexit=")):
            t = self.make("guest_args: x=1 y", hv)
            self.assertIn(cmd, t.cmdline)
            self.assertEqual([(m.path, m.args) for m in t.modules],
                             [("guests/build/tests/a/b.elf", "x=1 y")])
            # Stops at the verdict (Xen) or at the frame-type checker's
            # line after dom0's shutdown (satori); the exit status is not
            # judged.
            self.assertIsNone(t.expected_exit())
            end = ("satori-test: a/b: SKIP: no" if hv == "xen"
                   else "ptcheck: dom0: 0 problems")
            self.assertTrue(t.stop_at.search(end))

    def test_satori_checks_frame_types(self):
        t = self.make("", "satori")
        self.assertIn("ptcheck=shutdown", t.cmdline)
        w, _ = watch(t, ["satori-test: a/b: SUCCESS",
                         "ptcheck: dom0: 0 problems"])
        self.assertEqual((w.next_expect, w.forbidden), (2, []))
        w, _ = watch(t, ["satori-test: a/b: SUCCESS",
                         "ptcheck: dom0: 3 problems"])
        self.assertEqual((w.next_expect, len(w.forbidden)), (1, 1))
        # A manifest with its own ptcheck= keeps it.
        t = self.make("cmdline_satori: x ptcheck=hypercall", "satori")
        self.assertEqual(t.cmdline, "x ptcheck=hypercall")

    def test_default_expect_is_success(self):
        t = self.make("", "xen")
        self.assertEqual(watch(t, ["satori-test: a/b: SUCCESS"])[0]
                         .next_expect, 1)
        w, _ = watch(t, ["satori-test: a/b: FAILURE: got 1"])
        self.assertEqual((w.next_expect, len(w.forbidden)), (0, 1))
        w, _ = watch(t, ["satori-test: a/b: ERROR: oops"])
        self.assertEqual(len(w.forbidden), 1)

    def test_per_hypervisor_keys(self):
        text = ("expect: common\nexpect_xen: only xen\n"
                "expect_satori: only satori\nstop_at_xen: X\n"
                "send_xen: a => b\ntimeout_satori: 9")
        x, s = self.make(text, "xen"), self.make(text, "satori")
        self.assertEqual([p.pattern for p in x.expect],
                         ["common", "only xen"])
        self.assertEqual([p.pattern for p in s.expect],
                         ["common", "only satori",
                          guestdef.PTCHECK_CLEAN])
        self.assertEqual(x.stop_at.pattern, "X")
        self.assertEqual((len(x.send), len(s.send)), (1, 0))
        self.assertEqual((x.timeout, s.timeout), (60.0, 9.0))

    def test_expected_failure_is_not_forbidden(self):
        t = self.make("expect: satori-test: a/b: FAILURE: wanted", "xen")
        w, _ = watch(t, ["satori-test: a/b: FAILURE: wanted"])
        self.assertEqual((w.forbidden, w.next_expect), ([], 1))

    def test_errors(self):
        for bad in ("", self.GUEST + "colour: red",
                    self.GUEST + "guest_args: a,b",
                    self.GUEST + "stop_at_xen: a\nstop_at_xen: b",
                    self.GUEST + "expect_xen: ("):
            with self.assertRaises(testdef.DefinitionError, msg=bad):
                guestdef.to_testdef(guestdef.parse(bad, "g"), "xen")
        with self.assertRaises(testdef.DefinitionError):
            self.make("", "kvm")


# A stand-in for QEMU: says console input went to dom0, then echoes what
# it reads as "got <bytes>" lines and exits once it has read a 'd'.
FAKE_QEMU = r"""
import os, sys
print("console: input to dom0 (type Ctrl-A three times to switch)",
      flush=True)
seen = b""
while b"d" not in seen:
    data = os.read(0, 64)
    if not data:
        break
    seen += data
print("got %r" % seen, flush=True)
"""


class TimeoutDump(unittest.TestCase):
    def run_fake(self, keys):
        log = io.StringIO()
        run = machine.Run(parse("expect: never\ntimeout: 1"),
                          [sys.executable, "-c", FAKE_QEMU], ".", log,
                          timeout_keys=keys)
        return run.execute(0.5), log.getvalue()

    def test_keys_typed_to_satori_and_still_a_timeout(self):
        # Switched back from dom0 first; the fake exiting while the keys'
        # output is read must not turn the timeout into an exit status.
        end, log = self.run_fake(b"rtqd")
        self.assertEqual(end.how, "timeout")
        self.assertIn("got b'\\x01\\x01\\x01rtqd'", log)
        test = parse("expect: never")
        self.assertTrue(verdict(test, Watcher(test), end)[0].startswith(
            "timeout after"))

    def test_no_keys_without_timeout_keys(self):
        end, log = self.run_fake(None)
        self.assertEqual(end.how, "timeout")
        self.assertNotIn("got", log)


def main():
    suite = unittest.defaultTestLoader.loadTestsFromModule(
        sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=1, stream=sys.stdout).run(
        suite)
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
