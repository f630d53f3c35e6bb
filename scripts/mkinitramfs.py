#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build the dom0 initramfs for `make run` and the Linux boot test.

A gzip'd newc cpio with busybox-static (one binary and a link per applet),
the Xen modules of the same Debian kernel package (dependencies first, read
from each module's .modinfo), and an /init that mounts the usual file
systems, loads the modules, mounts xenfs on /proc/xen and starts a shell on
the console. Only Python's standard library: the machine needs no cpio.

usage: mkinitramfs.py <unpacked package tree> <output.cpio.gz> [FILE:PATH...]

Each FILE:PATH adds a host file at PATH (mode 0755), e.g. the benchmark
program bench/linux/lmb.c builds. With `satori.run=<program>` on the
kernel command line, /init runs that program after the modules are loaded
and powers the machine off (the benchmark runner uses it); without it,
/init starts the shell.
"""
import gzip
import os
import struct
import subprocess
import sys

MODULES = ["xen-privcmd", "xen-evtchn", "xen-gntdev", "xen-gntalloc",
           "xenfs", "xen-blkback", "xen-netback",
           # An MSI-capable driver for QEMU q35's SATA controller (00:1f.2):
           # dom0 gets its interrupt as an MSI pirq (docs/linux-dom0.md).
           "ahci",
           # An MSI-X driver for q35's own NIC, an e1000e at 00:02.0:
           # dom0 maps three MSI-X entries (docs/linux-dom0.md).
           "e1000e"]

INIT = r"""#!/bin/sh
# dom0's init (scripts/mkinitramfs.py): file systems, the Xen modules,
# xenfs, then a shell on the console.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /tmp && mount -t devpts devpts /dev/pts
if [ "$(cat /sys/hypervisor/type 2>/dev/null)" = xen ]; then
	for m in $(cat /etc/modules-order); do
		insmod /lib/modules/$m.ko || echo "init: insmod $m failed"
	done
	mount -t xenfs xenfs /proc/xen || echo "init: mounting xenfs failed"
else
	echo "init: not on Xen: Xen modules not loaded"
fi
echo "init: $(uname -sr) up, $(grep -c ^processor /proc/cpuinfo) CPUs, hypervisor $(cat /sys/hypervisor/type 2>/dev/null)"
run=$(sed -n 's/.*satori\.run=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$run" ]; then
	echo "init: running $run"
	"$run"
	echo "init: $run exited with status $?"
	poweroff -f
fi
echo "init: shell on the console (poweroff -f ends the machine)"
exec setsid cttyhack /bin/sh
"""


def modinfo_depends(path):
    """The depends= list of a kernel module's .modinfo ELF section."""
    with open(path, "rb") as f:
        data = f.read()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)

    def section(i):
        base = shoff + i * shentsize
        name, = struct.unpack_from("<I", data, base)
        off, size = struct.unpack_from("<QQ", data, base + 0x18)
        return name, off, size

    _, stroff, _ = section(shstrndx)
    for i in range(shnum):
        name, off, size = section(i)
        end = data.index(b"\0", stroff + name)
        if data[stroff + name:end] == b".modinfo":
            for field in data[off:off + size].split(b"\0"):
                if field.startswith(b"depends="):
                    deps = field[len(b"depends="):].decode()
                    return [d for d in deps.split(",") if d]
    return []


def find_modules(root):
    found = {}
    for dirpath, _, files in os.walk(os.path.join(root, "lib", "modules")):
        for name in files:
            if name.endswith(".ko"):
                found[name[:-3].replace("_", "-")] = os.path.join(dirpath, name)
    return found


def module_order(root):
    """MODULES and what they need, each after its dependencies."""
    found = find_modules(root)
    order = []

    def visit(name, chain):
        key = name.replace("_", "-")
        if key in order:
            return
        if key in chain or key not in found:
            sys.exit(f"mkinitramfs: module {name}: "
                     f"{'dependency loop' if key in chain else 'not found'}")
        for dep in modinfo_depends(found[key]):
            visit(dep, chain + [key])
        order.append(key)

    for m in MODULES:
        visit(m, [])
    return order, found


class Cpio:
    """A newc archive writer."""

    def __init__(self):
        self.out = bytearray()
        self.ino = 1

    def _entry(self, name, mode, data=b""):
        name_b = name.encode() + b"\0"
        hdr = "070701" + "".join(f"{v:08x}" for v in (
            self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0,
            len(name_b), 0))
        self.ino += 1
        self.out += hdr.encode() + name_b
        self.out += b"\0" * (-len(self.out) % 4)
        self.out += data
        self.out += b"\0" * (-len(self.out) % 4)

    def dir(self, name):
        self._entry(name, 0o040755)

    def file(self, name, data, mode=0o644):
        self._entry(name, 0o100000 | mode, data)

    def symlink(self, name, target):
        self._entry(name, 0o120777, target.encode())

    def finish(self):
        self._entry("TRAILER!!!", 0)
        return bytes(self.out)


def busybox_applets(busybox):
    out = subprocess.run([busybox, "--list-full"], check=True,
                         capture_output=True, text=True).stdout
    return [a for a in out.split() if a]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    root, output = sys.argv[1], sys.argv[2]
    extra = [a.split(":", 1) for a in sys.argv[3:]]
    busybox = os.path.join(root, "bin", "busybox")
    order, found = module_order(root)

    cpio = Cpio()
    for d in ("bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "proc",
              "sys", "dev", "tmp", "root", "lib", "lib/modules"):
        cpio.dir(d)
    with open(busybox, "rb") as f:
        cpio.file("bin/busybox", f.read(), 0o755)
    for applet in busybox_applets(busybox):
        if applet != "bin/busybox":
            depth = applet.count("/")
            cpio.symlink(applet, "../" * depth + "bin/busybox")
    for m in order:
        with open(found[m], "rb") as f:
            cpio.file(f"lib/modules/{m}.ko", f.read())
    for src, dst in extra:
        with open(src, "rb") as f:
            cpio.file(dst.lstrip("/"), f.read(), 0o755)
    cpio.file("etc/modules-order", ("\n".join(order) + "\n").encode())
    cpio.file("init", INIT.encode(), 0o755)
    tmp = output + ".tmp"
    with gzip.open(tmp, "wb", compresslevel=6) as f:
        f.write(cpio.finish())
    os.replace(tmp, output)
    print(f"mkinitramfs: {output}: busybox, modules {' '.join(order)}")


if __name__ == "__main__":
    main()
