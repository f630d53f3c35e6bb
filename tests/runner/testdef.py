# SPDX-License-Identifier: MIT
"""Boot-test definitions: one small `key: value` file per test.

A definition says how to boot satori (QEMU machine, command line, modules,
-kernel or GRUB ISO) and how to judge the run (expected lines in order,
forbidden lines, exit status, when to stop). The format is described in
tests/README.md; this module parses and validates it, nothing else.
"""

import codecs
import datetime
import os
import re
from dataclasses import dataclass, field

DEFAULT_FORBID = r"FATAL|BUG|PANIC|Assertion"

# Keys that may be repeated; every other key may appear once.
LIST_KEYS = ("expect", "forbid", "module", "send", "ratio", "value",
             "clock", "quiet")
SCALAR_KEYS = ("description", "boot", "machine", "cpu", "memory", "smp",
               "cmdline", "exit", "stop_at", "stop_grace", "send_delay", "timeout",
               "default_forbid", "qemu_args", "pending", "rtc", "qemu_exit",
               "quiet_from", "quiet_until")


class DefinitionError(Exception):
    """A test definition that cannot be run as written."""


@dataclass
class Module:
    path: str        # Relative to the repository root.
    args: str = ""   # The module's command line after its name.

    @property
    def name(self):
        return os.path.basename(self.path)


@dataclass
class Send:
    after: re.Pattern  # Type the keys once a line matches this...
    keys: bytes        # ...these bytes, escapes (\r, \x01) decoded.


@dataclass
class Ratio:
    """A measured ratio: the first number each regex captures, a / b."""
    a: re.Pattern
    b: re.Pattern
    low: float
    high: float
    text: str


@dataclass
class Value:
    """A measured number: the first one the regex captures, in a range."""
    rx: re.Pattern
    low: float
    high: float
    text: str


@dataclass
class Clock:
    """A guest's Unix time (the regex's group) against the emulated RTC.

    Expected: the RTC's start (`rtc:`, else the host's time when QEMU
    started) plus the seconds since QEMU started when the line arrived.
    """
    rx: re.Pattern
    within: float
    text: str


@dataclass
class TestDef:
    name: str
    description: str = ""
    boot: str = "kernel"          # "kernel" (multiboot1) or "iso" (GRUB)
    machine: str = "q35"
    cpu: str = "max"
    memory: str = "512M"
    smp: int = 2
    cmdline: str = "console=com1 loglvl=all debugexit=0xf4"
    modules: list = field(default_factory=list)
    expect: list = field(default_factory=list)
    forbid: list = field(default_factory=list)
    default_forbid: bool = True
    send: list = field(default_factory=list)
    ratio: list = field(default_factory=list)
    value: list = field(default_factory=list)
    clock: list = field(default_factory=list)
    rtc: str = ""                 # QEMU -rtc base=<this> (UTC, ISO 8601)
    qemu_exit: int = None         # QEMU's own status (ACPI poweroff: 0)
    # Between a line matching quiet_from and the next matching quiet_until
    # no line may match a `quiet` regex (hypervisor messages in a stress).
    quiet: list = field(default_factory=list)
    quiet_from: re.Pattern = None
    quiet_until: re.Pattern = None
    send_delay: float = 0.2       # seconds between trigger and typing
    exit: int = None              # satori's machine_halt() status
    stop_at: re.Pattern = None
    stop_grace: float = 1.0       # seconds to wait for an own exit
    timeout: float = 30.0
    qemu_args: str = ""
    pending: str = ""             # why it cannot pass yet: reported skipped

    def expected_exit(self):
        """satori status QEMU must exit with, or None if not judged.

        Without `exit:` a test that never stops by itself must end with
        status 0; a test with `stop_at:` and no `exit:` is not judged on
        its exit status at all.
        """
        if self.exit is not None:
            return self.exit
        return None if self.stop_at or self.qemu_exit is not None else 0


def _regex(value, where):
    try:
        return re.compile(value)
    except re.error as e:
        raise DefinitionError(f"{where}: bad regex {value!r}: {e}")


def _bool(value, where):
    v = value.lower()
    if v in ("yes", "on", "true", "1"):
        return True
    if v in ("no", "off", "false", "0"):
        return False
    raise DefinitionError(f"{where}: not a boolean: {value!r}")


def _number(conv, value, where):
    try:
        return conv(value, 0) if conv is int else conv(value)
    except ValueError:
        raise DefinitionError(f"{where}: not a number: {value!r}")


def _module(value, where):
    path, _, args = value.partition(" ")
    if "," in value:
        # QEMU's -initrd separates modules with commas.
        raise DefinitionError(f"{where}: commas are not allowed in modules")
    return Module(path=path, args=args.strip())


def _send(value, where):
    pattern, sep, keys = value.partition(" => ")
    if not sep or not keys:
        raise DefinitionError(f"{where}: expected 'regex => keys'")
    raw = codecs.decode(keys, "unicode_escape").encode("latin-1")
    return Send(after=_regex(pattern, where), keys=raw)


def _ratio(value, where):
    """`<regex a> / <regex b> in <low>..<high>`, one group per regex."""
    pair, sep, bounds = value.rpartition(" in ")
    a, sep2, b = pair.partition(" / ")
    low, sep3, high = bounds.partition("..")
    if not (sep and sep2 and sep3):
        raise DefinitionError(
            f"{where}: expected '<regex> / <regex> in <low>..<high>'")
    ra, rb = _regex(a.strip(), where), _regex(b.strip(), where)
    if ra.groups != 1 or rb.groups != 1:
        raise DefinitionError(f"{where}: each ratio regex needs one group")
    return Ratio(a=ra, b=rb, low=_number(float, low, where),
                 high=_number(float, high, where), text=value)


def _bounds(text, where):
    low, sep, high = text.partition("..")
    if not sep:
        raise DefinitionError(f"{where}: expected <low>..<high>")
    return _number(float, low, where), _number(float, high, where)


def _one_group(value, where):
    rx = _regex(value.strip(), where)
    if rx.groups != 1:
        raise DefinitionError(f"{where}: the regex needs exactly one group")
    return rx


def _value(value, where):
    """`<regex> in <low>..<high>`."""
    pattern, sep, bounds = value.rpartition(" in ")
    if not sep:
        raise DefinitionError(f"{where}: expected '<regex> in <low>..<high>'")
    low, high = _bounds(bounds, where)
    return Value(rx=_one_group(pattern, where), low=low, high=high,
                 text=value)


def _clock(value, where):
    """`<regex> within <seconds>`."""
    pattern, sep, secs = value.rpartition(" within ")
    if not sep:
        raise DefinitionError(f"{where}: expected '<regex> within <seconds>'")
    return Clock(rx=_one_group(pattern, where),
                 within=_number(float, secs, where), text=value)


def _rtc(value, where):
    try:
        datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise DefinitionError(f"{where}: rtc must be YYYY-MM-DDTHH:MM:SS")
    return value


def rtc_epoch(rtc):
    """The Unix time of an `rtc:` value (UTC)."""
    d = datetime.datetime.strptime(rtc, "%Y-%m-%dT%H:%M:%S")
    return d.replace(tzinfo=datetime.timezone.utc).timestamp()


def _set(t, key, value, where):
    if key == "expect":
        t.expect.append(_regex(value, where))
    elif key == "forbid":
        t.forbid.append(_regex(value, where))
    elif key == "module":
        t.modules.append(_module(value, where))
    elif key == "send":
        t.send.append(_send(value, where))
    elif key == "ratio":
        t.ratio.append(_ratio(value, where))
    elif key == "value":
        t.value.append(_value(value, where))
    elif key == "clock":
        t.clock.append(_clock(value, where))
    elif key == "quiet":
        t.quiet.append(_regex(value, where))
    elif key in ("quiet_from", "quiet_until"):
        setattr(t, key, _regex(value, where))
    elif key == "rtc":
        t.rtc = _rtc(value, where)
    elif key == "boot":
        if value not in ("kernel", "iso"):
            raise DefinitionError(f"{where}: boot must be kernel or iso")
        t.boot = value
    elif key in ("smp", "exit", "qemu_exit"):
        setattr(t, key, _number(int, value, where))
    elif key in ("timeout", "stop_grace", "send_delay"):
        setattr(t, key, _number(float, value, where))
    elif key == "stop_at":
        t.stop_at = _regex(value, where)
    elif key == "default_forbid":
        t.default_forbid = _bool(value, where)
    else:
        setattr(t, key, value)


def parse(text, name, origin="<string>"):
    """Parse the text of one definition; raise DefinitionError."""
    t = TestDef(name=name)
    seen = set()
    for n, line in enumerate(text.splitlines(), 1):
        where = f"{origin}:{n}"
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or key not in LIST_KEYS + SCALAR_KEYS:
            raise DefinitionError(f"{where}: unknown key {key!r}")
        if key in SCALAR_KEYS and key in seen:
            raise DefinitionError(f"{where}: {key} given twice")
        seen.add(key)
        _set(t, key, value, where)
    if t.quiet and not (t.quiet_from and t.quiet_until):
        raise DefinitionError(f"{origin}: quiet needs quiet_from and "
                              "quiet_until")
    if t.exit is not None and t.qemu_exit is not None:
        raise DefinitionError(f"{origin}: exit and qemu_exit exclude each "
                              "other")
    return t


def load(path):
    """Load tests/boot/<name>.test; the test's name is the file's stem."""
    name = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as f:
        return parse(f.read(), name, path)
