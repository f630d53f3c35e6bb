#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the tiny ELF64 PV images the domain-builder boot tests load.

Each image is one PT_LOAD segment plus a PT_NOTE segment of Xen notes;
the code is a two-byte `jmp .` (nothing runs it until a scheduler exists).
The hostile variants are each broken in exactly one way. Run from the
repository root; the outputs are committed next to this script.
"""
import lzma
import struct
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent


def note(ntype, desc):
    name = b"Xen\0"
    if isinstance(desc, int):
        desc = struct.pack("<Q", desc)
    elif isinstance(desc, str):
        desc = desc.encode() + b"\0"
    pad = (-len(desc)) % 4
    return struct.pack("<III", len(name), len(desc), ntype) + name + desc + b"\0" * pad


def image(virt_base=0xFFFFFFFF80000000, paddr=0x200000, memsz=0x3000,
          guest_os="satori-test", hypercall=True, mod_start_pfn=False,
          entry_off=0, features="!writable_page_tables"):
    kstart = virt_base + paddr
    notes = [note(5, "xen-3.0"), note(6, guest_os), note(8, "generic"),
             note(3, virt_base), note(4, 0), note(1, kstart + entry_off),
             note(10, features)]
    if hypercall:
        notes.append(note(2, kstart + 0x1000))
    if mod_start_pfn:
        notes.append(struct.pack("<III", 4, 4, 16) + b"Xen\0" + struct.pack("<I", 1))
    notes = b"".join(notes)
    code = b"\xeb\xfe" + b"\x90" * (0x1000 - 2)
    phoff, nph = 64, 2
    seg_off = 0x1000
    note_off = seg_off + len(code)
    ehdr = struct.pack("<4sBBBBB7sHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0,
                       b"\0" * 7, 2, 62, 1, kstart + entry_off, phoff, 0, 0,
                       64, 56, nph, 64, 0, 0)
    load = struct.pack("<IIQQQQQQ", 1, 7, seg_off, kstart, paddr, len(code),
                       memsz, 0x1000)
    pnote = struct.pack("<IIQQQQQQ", 4, 4, note_off, 0, 0, len(notes),
                        len(notes), 4)
    data = ehdr + load + pnote
    data += b"\0" * (seg_off - len(data)) + code + notes
    return data


def bzimage(elf, setup_sects=4):
    """A minimal boot-protocol 2.15 bzImage around an XZ-compressed ELF:
    the setup header fields the loader reads, then the payload with its
    4-byte decompressed-size trailer."""
    payload = lzma.compress(elf, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32,
                            filters=[{"id": lzma.FILTER_LZMA2,
                                      "dict_size": 1 << 20}])
    payload += struct.pack("<I", len(elf))
    setup = bytearray((setup_sects + 1) * 512)
    setup[0x1F1] = setup_sects
    setup[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", setup, 0x206, 0x020F)
    struct.pack_into("<II", setup, 0x248, 0, len(payload))
    return bytes(setup) + payload


def main():
    good = image()
    imgs = {
        "pv-good.elf": good,
        "pv-linux.elf": image(paddr=0x1000000, memsz=0x200000,
                              guest_os="linux", hypercall=False,
                              mod_start_pfn=True),
        "pv-truncated.elf": good[:100],
        "pv-huge-seg.elf": image(memsz=0x40000000000),
        "pv-hv-range.elf": image(virt_base=0xFFFF800000000000, paddr=0x200000),
        "pv-linux-low.elf": image(virt_base=0xFFFFFFFF00000000,
                                  guest_os="linux", hypercall=False),
        "pv-too-big.elf": image(memsz=0x4000000),
        "pv-needs-smk.elf": image(features="!supervisor_mode_kernel"),
        # VIRT_BASE off a page boundary (no hypercall page: it must be
        # page-aligned and would be refused first).
        "pv-unaligned-base.elf": image(virt_base=0xFFFFFFFF80000800,
                                       hypercall=False),
        "pv-good.bzimage": bzimage(good),
    }
    for name, data in imgs.items():
        (OUT / name).write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
