# SPDX-License-Identifier: MIT
"""Guest-test manifests: one test kernel, run on satori or on Xen 4.17.

A manifest (tests/guest/<name>.test, `key: value` like a boot test) names
a test kernel and how its run is judged. The same manifest runs on either
hypervisor: to_testdef() turns it into the boot-test definition for one
of them (which kernel QEMU boots, its command line, the test kernel as
the first module, the lines to expect and where to stop). Keys ending in
_xen or _satori apply on that hypervisor only. The format is described in
tests/README.md.
"""

import os
import re
from dataclasses import dataclass, field

import testdef
from testdef import DefinitionError

HYPERVISORS = ("satori", "xen")

# The guest library's verdict line: "satori-test: <name>: <VERDICT>...".
VERDICT = r"satori-test: [^:]+: (SUCCESS|FAILURE|SKIP|ERROR)"
SUCCESS = r"satori-test: [^:]+: SUCCESS$"
BAD_VERDICT = r"satori-test: [^:]+: (FAILURE|ERROR)"

# satori's ptcheck=shutdown line (hv/arch/x86/pv/ptcheck.c).
PTCHECK_DONE = r"ptcheck: dom0: \d+ problems?$"
PTCHECK_CLEAN = r"ptcheck: dom0: 0 problems$"
PTCHECK_PROBLEMS = r"ptcheck: dom\d+: [1-9]\d* problems?"

# Keys each hypervisor may override with a _xen or _satori suffix.
PER_HV_LISTS = ("expect", "forbid", "send")
PER_HV_SCALARS = ("stop_at", "stop_grace", "timeout", "cmdline", "pending")
LIST_KEYS = tuple(k + s for k in PER_HV_LISTS for s in ("", "_xen",
                                                      "_satori"))
SCALAR_KEYS = ("description", "guest", "guest_args", "memory", "smp", "cpu",
               "default_forbid", "qemu_args", "send_delay") + tuple(
                   k + s for k in PER_HV_SCALARS
                   for s in ("", "_xen", "_satori"))

# What each hypervisor boots with. dom0_mem keeps Xen's dom0 small; Xen
# never stops QEMU, so every guest test ends at a stop_at line.
XEN_CMDLINE = ("console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all "
               "bootscrub=0 dom0_mem=64M noreboot")
SATORI_CMDLINE = "console=com1 loglvl=all debugexit=0xf4"


@dataclass
class GuestDef:
    name: str
    values: dict = field(default_factory=dict)   # scalar key -> text
    lists: dict = field(default_factory=dict)    # list key -> [text]

    def get(self, key, hv, default=None):
        """The _<hv> value of @key if given, else the plain one."""
        return self.values.get(f"{key}_{hv}", self.values.get(key, default))

    def list_for(self, key, hv):
        """Common entries first, then the hypervisor's own."""
        return self.lists.get(key, []) + self.lists.get(f"{key}_{hv}", [])


def parse(text, name, origin="<string>"):
    g = GuestDef(name=name)
    for n, line in enumerate(text.splitlines(), 1):
        where = f"{origin}:{n}"
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or key not in LIST_KEYS + SCALAR_KEYS:
            raise DefinitionError(f"{where}: unknown key {key!r}")
        if key in LIST_KEYS:
            g.lists.setdefault(key, []).append(value)
        elif key in g.values:
            raise DefinitionError(f"{where}: {key} given twice")
        else:
            g.values[key] = value
    if "guest" not in g.values:
        raise DefinitionError(f"{origin}: no guest: line")
    if "," in g.values["guest"] + g.values.get("guest_args", ""):
        raise DefinitionError(f"{origin}: commas are not allowed in "
                              "guest or guest_args")
    return g


def load(path):
    """Load tests/guest/<name>.test; the name is the file's stem."""
    name = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as f:
        return parse(f.read(), name, path)


def pending_reason(g, hv):
    """Why @g cannot pass on @hv yet (a `pending[_hv]:` line), or None.

    A pending test is reported as skipped with its reason, never run and
    never counted as passed; the line is removed when the missing piece
    lands.
    """
    return g.get("pending", hv)


def to_testdef(g, hv):
    """The boot-test definition that runs @g on hypervisor @hv.

    Without any expect line the test must print a SUCCESS verdict; the run
    stops at the first verdict line unless the manifest says otherwise, and
    a FAILURE or ERROR verdict is forbidden unless expected.
    """
    if hv not in HYPERVISORS:
        raise DefinitionError(f"unknown hypervisor {hv!r}")
    base = SATORI_CMDLINE if hv == "satori" else XEN_CMDLINE
    cmdline = g.get('cmdline', hv, base)
    stop_at = g.get('stop_at', hv, VERDICT)
    expects = g.list_for("expect", hv) or [SUCCESS]
    forbids = g.list_for("forbid", hv)
    if hv == "satori":
        # The frame-type checker recounts dom0 when it shuts down and must
        # find nothing: every guest test is also a check of the PV MMU's
        # bookkeeping. A run that stops at its own line keeps that.
        if "ptcheck=" not in cmdline:
            cmdline += " ptcheck=shutdown"
        forbids = forbids + [PTCHECK_PROBLEMS]
        if g.get('stop_at', hv) is None:
            stop_at = PTCHECK_DONE
            expects = expects + [PTCHECK_CLEAN]
    lines = [f"cmdline: {cmdline}",
             f"module: {g.values['guest']} {g.values.get('guest_args', '')}",
             f"stop_at: {stop_at}",
             f"stop_grace: {g.get('stop_grace', hv, '0.5')}",
             f"timeout: {g.get('timeout', hv, '60')}"]
    for key in ("description", "memory", "smp", "cpu", "default_forbid",
                "qemu_args", "send_delay"):
        if key in g.values:
            lines.append(f"{key}: {g.values[key]}")
    lines += [f"expect: {e}" for e in expects]
    lines += [f"forbid: {f}" for f in forbids]
    lines += [f"send: {s}" for s in g.list_for("send", hv)]
    t = testdef.parse("\n".join(lines), g.name)
    if not any(re.search(BAD_VERDICT, e) for e in expects):
        t.forbid.append(re.compile(BAD_VERDICT))
    return t

