# SPDX-License-Identifier: MIT
"""Running one boot test in QEMU and capturing its serial console.

The console is QEMU's `-serial stdio` on pipes: QEMU writes the guest's
serial output to our pipe and reads typed keys from another. No socket,
so nothing can be lost before a client connects, and QEMU only reads
stdin when the UART can take a byte, so keys may be written at once.
The monitor is disabled (-monitor none) so that no byte is interpreted.

A run that times out on satori first gets its debug keys typed (run
queues, timers, domains, registers: TIMEOUT_KEYS) and TIMEOUT_DUMP_SECS
to print them, so that a rare hang in CI leaves its state in the log.
"""

import codecs
import os
import re
import selectors
import shlex
import signal
import subprocess
import time

from judge import Ending, Watcher, clean_line

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
DEBUG_EXIT = ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
# satori's debug keys for a timed-out run: 'r' run queues, 't' timers,
# 'q' domains and vCPUs, 'd' every CPU's registers and stack (last: it
# needs the other CPUs to answer).
TIMEOUT_KEYS = b"rtqd"
TIMEOUT_DUMP_SECS = 4.0
# Ctrl-A three times moves console input between dom0 and satori; satori
# prints where it went.
CONSOLE_SWITCH = b"\x01\x01\x01"
INPUT_TO = re.compile(r"console: input to (dom0|satori)\b")


def pick_accel():
    """KVM only where the CPU has VT-x/AMD-V; TCG otherwise (ACCEL=...)."""
    if os.environ.get("ACCEL"):
        return os.environ["ACCEL"]
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
    except OSError:
        return "tcg"
    hw = " vmx" in flags or " svm" in flags
    return "kvm" if hw and os.access("/dev/kvm", os.R_OK | os.W_OK) else "tcg"


def stage_modules(test, root, workdir):
    """Link each module into @workdir under its own name.

    QEMU runs in @workdir and gets "-initrd 'name args,...'", so a module's
    command line is '<name> <args>', exactly what the GRUB ISO gives too.
    """
    os.makedirs(workdir, exist_ok=True)
    for m in test.modules:
        src = os.path.join(root, m.path)
        if not os.path.isfile(src):
            raise FileNotFoundError(f"module {m.path} not found")
        dst = os.path.join(workdir, m.name)
        if os.path.lexists(dst):
            os.unlink(dst)
        os.symlink(os.path.abspath(src), dst)


def module_line(m):
    return f"{m.name} {m.args}".strip()


def qemu_command(test, kernel, iso, accel):
    cmd = [QEMU, "-machine", test.machine, "-accel", accel,
           "-cpu", test.cpu, "-m", test.memory, "-smp", str(test.smp),
           "-display", "none", "-serial", "stdio", "-monitor", "none",
           "-no-reboot"] + DEBUG_EXIT
    if test.rtc:
        cmd += ["-rtc", f"base={test.rtc}"]
    if test.boot == "iso":
        cmd += ["-cdrom", iso, "-boot", "d"]
    else:
        cmd += ["-kernel", kernel, "-append", test.cmdline]
        if test.modules:
            cmd += ["-initrd", ",".join(module_line(m) for m in test.modules)]
    return cmd + shlex.split(test.qemu_args)


def printable_command(cmd, workdir):
    return f"(cd {shlex.quote(workdir)} && {shlex.join(cmd)})"


class Run:
    """One QEMU process, fed to a Watcher line by line until it ends."""

    def __init__(self, test, cmd, workdir, log, timeout_keys=None):
        """@timeout_keys: typed when the run times out (then the run gets
        TIMEOUT_DUMP_SECS more to print what they show); None: none."""
        self.test, self.cmd, self.workdir, self.log = test, cmd, workdir, log
        self.timeout_keys = timeout_keys
        self.input_to_dom0 = False  # satori's console input switch
        self.watcher = Watcher(test)
        self.partial = ""
        self.stderr = b""
        self.pending = []  # (monotonic time due, keys) to type
        # A UTF-8 character may be split across two reads.
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def execute(self, timeout):
        try:
            self.proc = subprocess.Popen(
                self.cmd, cwd=self.workdir, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                start_new_session=True)
        except OSError as e:
            return Ending("error", error=f"cannot start QEMU: {e}")
        self.watcher.start = time.time()
        try:
            how = self._pump(time.monotonic() + timeout)
        finally:
            self._kill()
        if self.partial:
            self._line(self.partial)
        if how == "exited":
            return Ending("exited", exit_code=self.proc.returncode)
        return Ending(how)

    def _pump(self, deadline):
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ, "out")
        sel.register(self.proc.stderr, selectors.EVENT_READ, "err")
        end_by, end_how = deadline, "timeout"
        dumping = False  # Timed out; the debug keys' output is read.
        while sel.get_map():
            now = time.monotonic()
            if now >= end_by and end_how == "timeout" and self.timeout_keys:
                self._type_timeout_keys()
                end_by, dumping = now + TIMEOUT_DUMP_SECS, True
                continue
            if now >= end_by:
                return end_how
            self._type_due(now)
            wake = min([end_by] + [due for due, _ in self.pending])
            for key, _ in sel.select(max(0, wake - now)):
                data = os.read(key.fileobj.fileno(), 65536)
                if not data:
                    sel.unregister(key.fileobj)
                elif key.data == "err":
                    self.stderr += data
                else:
                    self._output(data)
            w = self.watcher
            if dumping:
                continue  # Whatever comes now, the run timed out.
            if w.forbidden and end_how != "forbidden":
                # Give a crash dump one second to reach the log.
                end_by, end_how = time.monotonic() + 1.0, "forbidden"
            elif w.stop_seen and end_how == "timeout":
                end_by = min(deadline, time.monotonic() + self.test.stop_grace)
                end_how = "stopped"
        self.proc.wait()
        return "timeout" if dumping else "exited"

    def _output(self, data):
        text = self.partial + self.decoder.decode(data)
        *lines, self.partial = text.split("\n")
        for raw in lines:
            self._line(raw)
        if self.partial:
            self._queue(self.watcher.feed_prompt(clean_line(self.partial)))

    def _line(self, raw):
        line = clean_line(raw)
        self.log.write(line + "\n")
        switched = INPUT_TO.search(line)
        if switched:
            self.input_to_dom0 = switched.group(1) == "dom0"
        self._queue(self.watcher.feed(line, time.time()))

    def _queue(self, keys):
        if keys:
            due = time.monotonic() + self.test.send_delay
            self.pending.append((due, keys))

    def _type_timeout_keys(self):
        """Type the timeout's debug keys at once (to satori, not dom0)."""
        keys = self.timeout_keys
        self.timeout_keys = None
        if self.input_to_dom0:
            keys = CONSOLE_SWITCH + keys
        self.log.write(f"[runner: timed out; typing debug keys {keys!r}]\n")
        self._write_keys(keys)

    def _type_due(self, now):
        while self.pending and self.pending[0][0] <= now:
            keys = self.pending.pop(0)[1]
            self.log.write(f"[runner: typing {keys!r}]\n")
            self._write_keys(keys)

    def _write_keys(self, keys):
        try:
            self.proc.stdin.write(keys)
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass

    def _kill(self):
        if self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 3), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                return
