/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 and 2 information parsing into struct boot_info.
 *
 * Layouts from the Multiboot Specification 0.6.96 (section 3.3) and the
 * Multiboot2 Specification 2.0 (section 3.6). Only the fields satori uses
 * are read. This runs on the bootstrap page tables, which map the first
 * 4 GiB of physical memory at the direct map, where loaders put their data.
 */
#include <satori/boot-info.h>
#include <satori/string.h>

#include <asm/page.h>

#define MB1_LOADER_MAGIC 0x2badb002
#define MB2_LOADER_MAGIC 0x36d76289

#define MB1_INFO_MEM (1u << 0)
#define MB1_INFO_CMDLINE (1u << 2)
#define MB1_INFO_MODS (1u << 3)
#define MB1_INFO_MMAP (1u << 6)
#define MB1_INFO_LOADER_NAME (1u << 9)

struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} __packed;

struct mb1_module {
	uint32_t mod_start, mod_end, string, reserved;
} __packed;

struct mb1_mmap_entry {
	uint32_t size; /* Of the rest of the entry. */
	uint64_t base, len;
	uint32_t type;
} __packed;

enum mb2_tag_type {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER_NAME = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MMAP = 6,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
};

struct mb2_tag {
	uint32_t type, size;
} __packed;

struct mb2_module {
	struct mb2_tag tag;
	uint32_t mod_start, mod_end;
	char string[];
} __packed;

struct mb2_mmap {
	struct mb2_tag tag;
	uint32_t entry_size, entry_version;
} __packed;

struct mb2_mmap_entry {
	uint64_t base, len;
	uint32_t type, reserved;
} __packed;

struct boot_info boot_info;

static const char *phys_str(uint32_t pa)
{
	return pa ? phys_to_virt(pa) : "";
}

/*
 * Whether the loader puts the image's path in front of our command line.
 * QEMU's -kernel (and GRUB legacy) do; GRUB 2 passes only the arguments,
 * with either protocol, so dropping a first word there would lose an
 * option. Xen makes the same distinction by loader name.
 */
static bool cmdline_has_image_name(void)
{
	return strncmp(boot_info.loader_name, "GRUB 2", 6) != 0;
}

static void set_cmdline(const char *s)
{
	while (*s == ' ')
		s++;
	if (cmdline_has_image_name()) {
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	strlcpy(boot_info.cmdline, s, sizeof(boot_info.cmdline));
}

static void add_mem(uint64_t base, uint64_t len, uint32_t type)
{
	struct boot_mem_range *r;

	if (boot_info.nr_mem_ranges >= BOOT_MAX_MEM_RANGES || !len)
		return;
	r = &boot_info.mem[boot_info.nr_mem_ranges++];
	r->start = base;
	r->len = len;
	r->type = type;
}

static void add_module(paddr_t start, paddr_t end, const char *cmdline)
{
	struct boot_module *m;

	if (boot_info.nr_modules >= BOOT_MAX_MODULES)
		return;
	m = &boot_info.modules[boot_info.nr_modules++];
	m->start = start;
	m->end = end;
	strlcpy(m->cmdline, cmdline, sizeof(m->cmdline));
}

static void parse_mb1(paddr_t pa)
{
	const struct mb1_info *mbi = phys_to_virt(pa);

	boot_info.protocol = "multiboot1";
	boot_info.info_start = pa;
	boot_info.info_end = pa + sizeof(*mbi);
	if (mbi->flags & MB1_INFO_LOADER_NAME)
		strlcpy(boot_info.loader_name, phys_str(mbi->boot_loader_name),
			sizeof(boot_info.loader_name));
	if (mbi->flags & MB1_INFO_CMDLINE)
		set_cmdline(phys_str(mbi->cmdline));
	if (mbi->flags & MB1_INFO_MODS) {
		const struct mb1_module *mod = phys_to_virt(mbi->mods_addr);

		for (uint32_t i = 0; i < mbi->mods_count; i++)
			add_module(mod[i].mod_start, mod[i].mod_end,
				   phys_str(mod[i].string));
	}
	if (mbi->flags & MB1_INFO_MMAP) {
		uint32_t off = 0;

		while (off + sizeof(struct mb1_mmap_entry) <=
		       mbi->mmap_length) {
			const struct mb1_mmap_entry *e =
				phys_to_virt(mbi->mmap_addr + off);

			add_mem(e->base, e->len, e->type);
			off += e->size + sizeof(e->size);
		}
	} else if (mbi->flags & MB1_INFO_MEM) {
		add_mem(0, (uint64_t)mbi->mem_lower << 10, E820_RAM);
		add_mem(MiB(1), (uint64_t)mbi->mem_upper << 10, E820_RAM);
	}
}

static void parse_mb2_mmap(const struct mb2_mmap *mm)
{
	const char *p = (const char *)(mm + 1);
	const char *end = (const char *)mm + mm->tag.size;

	if (mm->entry_size < sizeof(struct mb2_mmap_entry))
		return;
	for (; p + mm->entry_size <= end; p += mm->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;

		add_mem(e->base, e->len, e->type);
	}
}

static void parse_mb2(paddr_t pa)
{
	const uint32_t *hdr = phys_to_virt(pa);
	const char *p = (const char *)(hdr + 2);
	const char *end = (const char *)hdr + hdr[0];

	const char *cmdline = "";

	boot_info.protocol = "multiboot2";
	boot_info.info_start = pa;
	boot_info.info_end = pa + hdr[0];
	while (p + sizeof(struct mb2_tag) <= end) {
		const struct mb2_tag *tag = (const void *)p;
		const struct mb2_module *mod = (const void *)p;

		if (tag->type == MB2_TAG_END || tag->size < sizeof(*tag))
			break;
		switch (tag->type) {
		case MB2_TAG_CMDLINE:
			/* Cooked below, once the loader's name is known. */
			cmdline = (const char *)(tag + 1);
			break;
		case MB2_TAG_LOADER_NAME:
			strlcpy(boot_info.loader_name, (const char *)(tag + 1),
				sizeof(boot_info.loader_name));
			break;
		case MB2_TAG_MODULE:
			add_module(mod->mod_start, mod->mod_end, mod->string);
			break;
		case MB2_TAG_MMAP:
			parse_mb2_mmap((const void *)tag);
			break;
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			/* The tag holds a copy of the RSDP; point at it. */
			if (!boot_info.acpi_rsdp)
				boot_info.acpi_rsdp =
					pa + (paddr_t)(p + sizeof(*tag) -
						       (const char *)hdr);
			break;
		default:
			break;
		}
		p += ALIGN_UP(tag->size, 8);
	}
	set_cmdline(cmdline);
}

bool boot_info_parse(uint32_t magic, paddr_t info)
{
	if (magic == MB1_LOADER_MAGIC)
		parse_mb1(info);
	else if (magic == MB2_LOADER_MAGIC)
		parse_mb2(info);
	else
		return false;
	return true;
}
