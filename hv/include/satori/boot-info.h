/* SPDX-License-Identifier: MIT */
/*
 * What the boot loader told us, in one loader-independent form: the
 * hypervisor command line, the physical memory map and the boot modules
 * (module 1: dom0 kernel, module 2: its initrd, further ones for boot-time
 * domains). Strings are copied here so that the loader's memory can be
 * reused. Filled by arch/x86/boot/multiboot.c before anything else runs.
 */
#ifndef SATORI_BOOT_INFO_H
#define SATORI_BOOT_INFO_H

#include <satori/types.h>

#define BOOT_MAX_MEM_RANGES 128
#define BOOT_MAX_MODULES 32
#define BOOT_CMDLINE_MAX 1024
#define BOOT_MODULE_CMDLINE_MAX 512

/* E820 range types (ACPI spec, table "Address Range Types"). */
enum e820_type {
	E820_RAM = 1,
	E820_RESERVED = 2,
	E820_ACPI = 3,
	E820_NVS = 4,
	E820_UNUSABLE = 5,
};

struct boot_mem_range {
	uint64_t start;
	uint64_t len;
	uint32_t type;
};

struct boot_module {
	paddr_t start; /* First byte. */
	paddr_t end;   /* One past the last byte. */
	char cmdline[BOOT_MODULE_CMDLINE_MAX];
};

struct boot_info {
	const char *protocol; /* "multiboot1" or "multiboot2". */
	char loader_name[64];
	char cmdline[BOOT_CMDLINE_MAX]; /* Without the image name. */
	unsigned int nr_mem_ranges;
	struct boot_mem_range mem[BOOT_MAX_MEM_RANGES];
	unsigned int nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
	paddr_t acpi_rsdp;	      /* 0: search the BIOS areas. */
	paddr_t info_start, info_end; /* The loader's structures. */
};

extern struct boot_info boot_info;

/* Parse the loader's structures into boot_info; false if @magic is unknown. */
bool boot_info_parse(uint32_t magic, paddr_t info);

#endif
