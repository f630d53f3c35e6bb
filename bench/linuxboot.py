# SPDX-License-Identifier: MIT
"""What the Linux-boot benchmark runners share (run-linux-lmbench.py,
run-cpu-loop.py, run-ctxsw.py, run-timer-virqs.py): the QEMU options and
kernel image of every Linux boot, reading a QEMU child's console output
with a wait limit, and one boot whose console lines are handed to a
callback as they arrive.
"""

import os
import select
import subprocess
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
INITRD = os.path.join(ROOT, "build", "linux", "initrd.cpio.gz")
# The same machine for native, Xen and satori boots: TCG, 2 CPUs, 1 GiB.
QEMU_BASE = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg",
             "-cpu", "max", "-m", "1G", "-smp", "2", "-nographic",
             "-no-reboot", "-monitor", "none"]


def vmlinuz():
    """Path of the kernel image of linux.mk's unpacked kernel package."""
    with open(os.path.join(ROOT, "build", "linux", "root")) as f:
        root = f.read().strip()
    names = [v for v in sorted(os.listdir(os.path.join(root, "boot")))
             if v.startswith("vmlinuz-")]
    return os.path.join(root, "boot", names[0])


def read_chunk(stream, wait):
    """What @stream (a child's stdout pipe) has within @wait seconds:
    None if nothing came, b"" at its end, else up to 64 KiB of bytes."""
    ready, _, _ = select.select([stream], [], [], wait)
    if not ready:
        return None
    return os.read(stream.fileno(), 65536)


def stream_boot(cmd, log, timeout, on_line):
    """Run the QEMU command @cmd (stdout and stderr together, no input),
    writing "# <cmd>" and then its raw output to the open file @log, and
    call @on_line(proc, line) for each complete line (str, without its
    newline) as it arrives. Stops after the chunk in which @on_line first
    returned true (the chunk's later lines are still passed), at the end
    of the output, when QEMU exits, or after @timeout seconds; QEMU is
    killed then. Returns whether @on_line returned true."""
    log.write("# " + " ".join(cmd) + "\n")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    buf = b""
    done = False
    while not done and time.monotonic() < deadline:
        chunk = read_chunk(proc.stdout, 1.0)
        if chunk is None:
            if proc.poll() is not None:
                break
            continue
        if not chunk:
            break
        log.write(chunk.decode("utf-8", "replace"))
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for raw in lines:
            if on_line(proc, raw.decode("utf-8", "replace")):
                done = True
    proc.kill()
    proc.wait()
    return done
