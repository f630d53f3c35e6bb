#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot Linux dom0 on Xen 4.17 and on satori, capture dmesg, compare.

The same kernel and initramfs as `make run` (build/linux/, from `make
linux-tests`) boot in QEMU under each hypervisor with the same dom0_mem
and vCPUs; at the shell prompt the script types `dmesg -r` (raw: each line
keeps its <level>) between markers and powers off. Lines are normalised
(timestamps, hex numbers, addresses, sizes) and compared as multisets, so
order does not matter. The report lists:

  - kernel lines at error or warning level (<0>..<4>) or with an error
    word that appear on satori but not on Xen,
  - every other line present on only one of the two that mentions Xen or
    something a hypervisor provides (events, grants, IRQs, ACPI, memory
    map, time, CPUs),
  - satori's own log lines after its boot (what dom0 asked that satori
    refused), next to Xen's "(XEN)" lines from the same period.

    scripts/linux-dmesg-diff.py [--out DIR] [--reuse]

Writes DIR/satori.log, DIR/xen.log (consoles), DIR/satori.dmesg,
DIR/xen.dmesg and DIR/report.md (default DIR: build/linux/dmesg). With
--reuse the consoles already in DIR are compared again without booting.
The documented results are in docs/linux-dom0.md.
"""

import argparse
import collections
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "runner"))

import machine  # noqa: E402
import testdef  # noqa: E402

HV_ARGS = "dom0_mem=512M dom0_max_vcpus=2"
CMDLINES = {
    "satori": f"console=com1 loglvl=all guest_loglvl=all {HV_ARGS}",
    "xen": "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all "
           f"bootscrub=0 noreboot {HV_ARGS}",
}
KERNELS = {"satori": os.path.join(ROOT, "build", "satori"),
           "xen": os.path.join(ROOT, "cache", "xen", "xen")}

DEFINITION = """
memory: 1G
smp: 2
cmdline: {cmdline}
module: build/linux/vmlinuz console=hvc0 earlyprintk=xen
module: build/linux/initrd.cpio.gz
timeout: 600
default_forbid: no
send: ^/ # $ => echo DMESG-BEGIN; dmesg -r; echo DMESG-END\\r
send: ^/ # $ => poweroff -f\\r
expect: ^DMESG-END
stop_at: shut down: poweroff|Entering ACPI S5|reboot: Power down
stop_grace: 15
"""

RAW = re.compile(r"^<(\d+)>\[\s*[0-9.]+\] ?(.*)$")
# A line at error/warning level, or one that says something failed.
TROUBLE_WORDS = re.compile(
    r"(?i)\b(error|fail(ed|ure)?|warn(ing)?|unable|cannot|can't|not "
    r"(registered|supported|found|available)|invalid|refused|bug|"
    r"timeout|disabl(ed|ing)|broken|-\d{1,3}\b)")
HV_WORDS = re.compile(
    r"(?i)(xen|hypervisor|dom0|evtchn|event.channel|grant|gnttab|balloon|"
    r"pirq|gsi|\birq|ioapic|apic|acpi|e820|memory|ram\b|p2m|swiotlb|"
    r"clocksource|tsc|time|rtc|cpu|smp|mce|mtrr|pat\b|pci|hpet|"
    r"microcode|spectre|mitigation|platform|pvclock|console|hvc)")
# Lines whose numbers matter (dom0's memory map, CPU and time rates):
# compared as they are.
EXACT = re.compile(r"^(Xen: \[mem|Memory:|Released |Remapped |"
                   r"Set \d+ page|tsc: Detected|smpboot: Allowing|"
                   r"setup_percpu: NR_CPUS|On node 0, zone)")
HV_LINE = {"satori": re.compile(r"^\[\s*[0-9.]+\] c\d+ (.*)$"),
           "xen": re.compile(r"^\(XEN\) (.*)$")}


def normalise(text):
    """One line without what legitimately differs between two boots."""
    if EXACT.match(text):
        # The TSC rate to the MHz: a calibration error shows, noise not.
        return re.sub(r"(tsc: Detected \d+)\.\d+", r"\1", text)
    t = re.sub(r"0x[0-9a-fA-F]+", "0x#", text)
    t = re.sub(r"\b[0-9a-fA-F]{6,}\b", "#", t)
    t = re.sub(r"\b\d+(\.\d+)?\s*(K|M|G|Ki|Mi|Gi|KB|MB|kB|MiB|GiB)?B?\b",
               "#", t)
    t = re.sub(r"(#[-:/ ]*)+#", "#", t)
    return t.strip()


def boot(hv, out):
    """Boot @hv with the session; return the console lines."""
    text = DEFINITION.format(cmdline=CMDLINES[hv])
    test = testdef.parse(text, f"dmesg-{hv}")
    workdir = os.path.join(out, "work-" + hv)
    machine.stage_modules(test, ROOT, workdir)
    cmd = machine.qemu_command(test, KERNELS[hv], None, machine.pick_accel())
    log_path = os.path.join(out, hv + ".log")
    with open(log_path, "w", encoding="utf-8") as log:
        log.write(f"# {machine.printable_command(cmd, workdir)}\n")
        run = machine.Run(test, cmd, workdir, log)
        end = run.execute(test.timeout)
        log.write(f"# ended: {end.how}\n")
    return read_lines(log_path)


def read_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [l.rstrip("\n") for l in f]


def dmesg_of(lines):
    """(level, text) of every raw dmesg line between the markers."""
    out, inside = [], False
    for line in lines:
        if line.startswith("DMESG-BEGIN"):
            inside, out = True, []
        elif line.startswith("DMESG-END"):
            break
        elif inside:
            m = RAW.match(line)
            if m:
                out.append((int(m.group(1)) & 7, m.group(2)))
    return out


def hv_lines_after_boot(lines, hv):
    """The hypervisor's own lines from dom0's start until the dmesg."""
    out, started = [], False
    for line in lines:
        if line.startswith("DMESG-BEGIN"):
            break
        m = HV_LINE[hv].match(line)
        if not m:
            continue
        if hv == "satori" and "Boot complete" in m.group(1):
            started = True
        elif hv == "xen" and "Serial input to DOM0" in m.group(1):
            started = True
        elif started and not m.group(1).startswith("***"):
            out.append(m.group(1))
    return out


def only_in(a, b):
    """Lines of @a whose normalised form occurs more often than in @b."""
    count_b = collections.Counter(normalise(t) for _, t in b)
    out = []
    for level, text in a:
        key = normalise(text)
        if count_b[key] > 0:
            count_b[key] -= 1
        else:
            out.append((level, text))
    return out


def trouble(level, text):
    return level <= 4 or bool(TROUBLE_WORDS.search(text))


def table(rows):
    if not rows:
        return ["(none)", ""]
    out = ["| lvl | line |", "|---|---|"]
    for level, text in rows:
        out.append(f"| {level} | `{text.replace('|', '/')}` |")
    return out + [""]


def report(sat, xen, sat_hv, xen_hv):
    only_sat, only_xen = only_in(sat, xen), only_in(xen, sat)
    rows = ["# dmesg of Linux dom0: satori against Xen 4.17", "",
            f"{len(sat)} lines on satori, {len(xen)} on Xen; "
            f"{len(only_sat)} only on satori, {len(only_xen)} only on Xen "
            "(after normalising numbers and addresses, except in lines of the "
            "memory map, CPU count and TSC rate).", "",
            "## Errors and warnings on satori, not on Xen", ""]
    rows += table([r for r in only_sat if trouble(*r)])
    rows += ["## Other hypervisor-related lines only on satori", ""]
    rows += table([r for r in only_sat if not trouble(*r) and
                   HV_WORDS.search(r[1])])
    rows += ["## Hypervisor-related lines only on Xen", ""]
    rows += table([r for r in only_xen if HV_WORDS.search(r[1])])
    rows += ["## Other lines only on one side", ""]
    rows += table([(l, "satori: " + t) for l, t in only_sat if not
                   trouble(l, t) and not HV_WORDS.search(t)] +
                  [(l, "xen: " + t) for l, t in only_xen if not
                   HV_WORDS.search(t)])
    rows += ["## satori's log while dom0 booted", ""]
    rows += [f"    {l}" for l in sat_hv] or ["(none)"]
    rows += ["", "## Xen's log while dom0 booted", ""]
    rows += [f"    {l}" for l in xen_hv] or ["(none)"]
    return "\n".join(rows) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "linux",
                                                  "dmesg"))
    ap.add_argument("--reuse", action="store_true",
                    help="compare the consoles already in --out")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    hvs = ("satori", "xen")
    if args.reuse:
        logs = {hv: read_lines(os.path.join(args.out, hv + ".log"))
                for hv in hvs}
    else:
        with ThreadPoolExecutor(max_workers=2) as pool:
            logs = dict(zip(hvs, pool.map(lambda h: boot(h, args.out),
                                          hvs)))
    dm = {hv: dmesg_of(logs[hv]) for hv in hvs}
    for hv in hvs:
        if not dm[hv]:
            sys.exit(f"linux-dmesg-diff: no dmesg in {hv}'s console "
                     f"({os.path.join(args.out, hv + '.log')})")
        with open(os.path.join(args.out, hv + ".dmesg"), "w") as f:
            f.writelines(f"<{l}> {t}\n" for l, t in dm[hv])
    text = report(dm["satori"], dm["xen"],
                  hv_lines_after_boot(logs["satori"], "satori"),
                  hv_lines_after_boot(logs["xen"], "xen"))
    path = os.path.join(args.out, "report.md")
    with open(path, "w") as f:
        f.write(text)
    print(text)
    print(f"linux-dmesg-diff: {os.path.relpath(path, ROOT)}")


if __name__ == "__main__":
    main()
