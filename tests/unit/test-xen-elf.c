/* unit-sources: hv/common/loader/elf.c hv/common/loader/elf-notes.c hv/common/loader/elf-guest-info.c hv/common/loader/xen-elf.c */
/* SPDX-License-Identifier: MIT */
/*
 * The PV kernel image parser on synthetic ELF64 images built here: a
 * Linux-like image with notes, an XTF-like one without VIRT_BASE/ENTRY,
 * a Mini-OS-like one with the legacy __xen_guest string, the SHT_NOTE
 * fallback, the segment copy walk, and hostile variants (truncations,
 * out-of-bounds tables and notes, overlaps, overflows, bad features,
 * random corruption) that must fail cleanly with the expected errno.
 */
#include <satori/elf.h>
#include <satori/errno.h>
#include <satori/xen-elf.h>

#include <stdlib.h>
#include <unistd.h>

#include "check.h"

#define IMG_MAX 0x3000
#define NOTES_OFF 0x400
#define SEG0_OFF 0x1000
#define SEG1_OFF 0x1100
#define VBASE 0xffffffff80000000ULL
#define PBASE 0x1000000ULL

struct img {
	uint8_t b[IMG_MAX];
	size_t len;
	size_t notes_len;
};

static void put_ehdr(struct img *m, const struct elf64_ehdr *eh)
{
	memcpy(m->b, eh, sizeof(*eh));
}

static struct elf64_ehdr get_ehdr(const struct img *m)
{
	struct elf64_ehdr eh;

	memcpy(&eh, m->b, sizeof(eh));
	return eh;
}

static struct elf64_phdr get_phdr(const struct img *m, unsigned int i)
{
	struct elf64_phdr ph;

	memcpy(&ph, m->b + 64 + i * sizeof(ph), sizeof(ph));
	return ph;
}

static void put_phdr(struct img *m, unsigned int i, const struct elf64_phdr *ph)
{
	memcpy(m->b + 64 + i * sizeof(*ph), ph, sizeof(*ph));
}

/* Append a note at the notes area; the descriptor is padded to 4. */
static void add_note(struct img *m, const char *name, uint32_t type,
		     const void *desc, uint32_t descsz)
{
	struct elf64_nhdr nh = { (uint32_t)strlen(name) + 1, descsz, type };
	uint8_t *p = m->b + NOTES_OFF + m->notes_len;
	size_t name_len = (nh.n_namesz + 3) & ~3u;

	memcpy(p, &nh, sizeof(nh));
	memcpy(p + sizeof(nh), name, nh.n_namesz);
	memcpy(p + sizeof(nh) + name_len, desc, descsz);
	m->notes_len += sizeof(nh) + name_len + ((descsz + 3) & ~3u);
}

static void note_u64(struct img *m, uint32_t type, uint64_t v)
{
	add_note(m, "Xen", type, &v, 8);
}

static void note_str(struct img *m, uint32_t type, const char *s)
{
	add_note(m, "Xen", type, s, (uint32_t)strlen(s) + 1);
}

/* Update the PT_NOTE header (index 2) after adding notes. */
static void seal_notes(struct img *m)
{
	struct elf64_phdr ph = get_phdr(m, 2);

	ph.p_filesz = m->notes_len;
	put_phdr(m, 2, &ph);
}

/* Headers and segments only: three program headers, no sections. */
static void image_skeleton(struct img *m, uint64_t paddr, uint64_t entry)
{
	struct elf64_ehdr eh = {
		.e_ident = { 0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB,
			     EV_CURRENT },
		.e_type = ET_EXEC,
		.e_machine = EM_X86_64,
		.e_version = EV_CURRENT,
		.e_entry = entry,
		.e_phoff = 64,
		.e_ehsize = 64,
		.e_phentsize = sizeof(struct elf64_phdr),
		.e_phnum = 3,
	};
	struct elf64_phdr text = { PT_LOAD, PF_R | PF_X, SEG0_OFF, 0,
				   paddr,   0x100,	 0x2000,   0x1000 };
	struct elf64_phdr data = {
		PT_LOAD,	PF_R | PF_W, SEG1_OFF, 0,
		paddr + 0x2000, 0x80,	     0x1000,   0x1000
	};
	struct elf64_phdr note = { PT_NOTE, PF_R, NOTES_OFF, 0, 0, 0, 0, 4 };
	unsigned int i;

	memset(m, 0, sizeof(*m));
	put_ehdr(m, &eh);
	put_phdr(m, 0, &text);
	put_phdr(m, 1, &data);
	put_phdr(m, 2, &note);
	for (i = 0; i < 0x180; i++)
		m->b[SEG0_OFF + i] = (uint8_t)(i * 7 + 1);
	m->len = 0x1200;
}

/* A non-Xen note first: it must be skipped. */
static void linux_notes(struct img *m)
{
	static const char features[] = "!writable_page_tables|"
				       "pae_pgdir_above_4gb";
	uint32_t sup = 0x8801;
	uint8_t build_id[20] = { 1, 2, 3 };

	add_note(m, "GNU", 3, build_id, sizeof(build_id));
	note_str(m, 6, "linux");
	note_str(m, 7, "2.6");
	note_str(m, 5, "xen-3.0");
	note_u64(m, 3, VBASE);
	note_u64(m, 1, VBASE + PBASE + 0x40);
	note_u64(m, 2, VBASE + PBASE + 0x1000);
	/* FEATURES without its NUL: 41 bytes, padding supplies a zero. */
	add_note(m, "Xen", 10, features, sizeof(features) - 1);
	note_str(m, 9, "yes");
	note_str(m, 8, "generic");
	note_u64(m, 4, 0);
	add_note(m, "Xen", 17, &sup, 4);
	note_u64(m, 14, 1);
	note_u64(m, 15, 0x8000000000ULL);
	note_u64(m, 16, 1);
	note_u64(m, 18, PBASE + 0x850);
	seal_notes(m);
}

static void linux_image(struct img *m)
{
	image_skeleton(m, PBASE, PBASE);
	linux_notes(m);
}

static int parse(const struct img *m, struct xen_elf_info *info)
{
	int rc = xen_elf_parse(m->b, m->len, info);

	if (rc) {
		CHECK(info->error != NULL);
		if (getenv("VERBOSE"))
			fprintf(stderr, "parse: %d %s\n", rc, info->error);
	} else
		CHECK(info->error == NULL);
	return rc;
}

static void test_linux_like(void)
{
	struct img m;
	struct xen_elf_info info;

	linux_image(&m);
	CHECK_EQ(parse(&m, &info), 0);
	CHECK_EQ(info.source, XEN_ELF_NOTES_PHDR);
	CHECK_EQ(info.nr_segments, 2);
	CHECK_EQ(info.pstart, PBASE);
	CHECK_EQ(info.pend, PBASE + 0x3000);
	CHECK_EQ(info.virt_base, VBASE);
	CHECK_EQ(info.paddr_offset, 0);
	CHECK_EQ(info.virt_offset, VBASE);
	CHECK_EQ(info.virt_kstart, VBASE + PBASE);
	CHECK_EQ(info.virt_kend, VBASE + PBASE + 0x3000);
	CHECK_EQ(info.virt_entry, VBASE + PBASE + 0x40);
	CHECK_EQ(info.e_entry, PBASE);
	CHECK_EQ(info.virt_hypercall, VBASE + PBASE + 0x1000);
	CHECK_EQ(info.p2m_base, 0x8000000000ULL);
	CHECK(info.unmapped_initrd);
	CHECK(info.suspend_cancel);
	CHECK(!info.bsd_symtab);
	CHECK_EQ(info.f_required, 1u << 0);
	CHECK_EQ(info.f_supported, 0x8801u | 1u << 0 | 1u << 4);
	CHECK_STR_EQ(info.guest_os, "linux");
	CHECK_STR_EQ(info.guest_version, "2.6");
	CHECK_STR_EQ(info.xen_version, "xen-3.0");
	CHECK_STR_EQ(info.loader, "generic");
	CHECK_STR_EQ(info.pae_mode, "yes");
	CHECK_EQ(info.seg[1].paddr, PBASE + 0x2000);
	CHECK_EQ(info.seg[1].offset, SEG1_OFF);
	CHECK_EQ(info.seg[1].filesz, 0x80);
	CHECK_EQ(info.seg[1].memsz, 0x1000);
}

/* XTF: no VIRT_BASE, no ENTRY, linked at 1 MiB with VA == PA. */
static void test_xtf_like(void)
{
	struct img m;
	struct xen_elf_info info;

	image_skeleton(&m, 0x100000, 0x100010);
	note_str(&m, 6, "XTF");
	note_str(&m, 8, "generic");
	note_str(&m, 5, "xen-3.0");
	note_u64(&m, 2, 0x101000);
	note_str(&m, 10, "!writable_page_tables");
	seal_notes(&m);
	CHECK_EQ(parse(&m, &info), 0);
	CHECK_EQ(info.virt_base, 0);
	CHECK_EQ(info.virt_offset, 0);
	CHECK_EQ(info.virt_kstart, 0x100000);
	CHECK_EQ(info.virt_kend, 0x103000);
	CHECK_EQ(info.virt_entry, 0x100010);
	CHECK_EQ(info.virt_hypercall, 0x101000);
	CHECK_EQ(info.p2m_base, XEN_ELF_UNSET);
	CHECK(!info.unmapped_initrd);
}

/* Append a section header table: null, .shstrtab, named extra section. */
static void add_sections(struct img *m, const char *name, uint32_t type,
			 const void *data, size_t size)
{
	static const char strtab_fmt[] = "\0.shstrtab\0";
	struct elf64_ehdr eh = get_ehdr(m);
	struct elf64_shdr sh[3];
	size_t strtab_off = 0x1800, data_off = 0x1900, sh_off = 0x1c00;
	size_t name_off = sizeof(strtab_fmt);

	memset(sh, 0, sizeof(sh));
	memcpy(m->b + strtab_off, strtab_fmt, sizeof(strtab_fmt));
	strcpy((char *)m->b + strtab_off + name_off, name);
	memcpy(m->b + data_off, data, size);
	sh[1].sh_name = 1;
	sh[1].sh_type = 3;
	sh[1].sh_offset = strtab_off;
	sh[1].sh_size = name_off + strlen(name) + 1;
	sh[2].sh_name = (uint32_t)name_off;
	sh[2].sh_type = type;
	sh[2].sh_offset = data_off;
	sh[2].sh_size = size;
	memcpy(m->b + sh_off, sh, sizeof(sh));
	eh.e_shoff = sh_off;
	eh.e_shnum = 3;
	eh.e_shentsize = sizeof(struct elf64_shdr);
	eh.e_shstrndx = 1;
	put_ehdr(m, &eh);
	m->len = sh_off + sizeof(sh);
}

/* Mini-OS: linked at VA 0, no notes, the legacy string. */
static void minios_image(struct img *m, const char *guest)
{
	struct elf64_phdr none = { 0 };

	image_skeleton(m, 0, 0);
	put_phdr(m, 2, &none); /* no PT_NOTE */
	add_sections(m, "__xen_guest", 1, guest, strlen(guest) + 1);
}

static void test_legacy_guest(void)
{
	static const char good[] =
		"GUEST_OS=Mini-OS,XEN_VER=xen-3.0,VIRT_BASE=0x0,"
		"ELF_PADDR_OFFSET=0x0,HYPERCALL_PAGE=0x2,LOADER=generic,"
		"FEATURES=!writable_page_tables|unknown_optional,BSD_SYMTAB";
	struct img m;
	struct xen_elf_info info;

	minios_image(&m, good);
	CHECK_EQ(parse(&m, &info), 0);
	CHECK_EQ(info.source, XEN_ELF_LEGACY_GUEST);
	CHECK_EQ(info.virt_kstart, 0);
	CHECK_EQ(info.virt_kend, 0x3000);
	CHECK_EQ(info.virt_entry, 0);
	CHECK_EQ(info.virt_hypercall, 0x2000);
	CHECK(info.bsd_symtab);
	CHECK_EQ(info.f_required, 1);
	CHECK_STR_EQ(info.guest_os, "Mini-OS");

	/* Page number relative to VIRT_BASE, in any order. */
	image_skeleton(&m, 0x400000, 0x400000);
	put_phdr(&m, 2, &(struct elf64_phdr){ 0 });
	{
		static const char s[] = "HYPERCALL_PAGE=2,LOADER=generic,"
					"XEN_VER=xen-3.0,VIRT_BASE=0x400000";
		add_sections(&m, "__xen_guest", 1, s, sizeof(s) - 1);
	}
	CHECK_EQ(parse(&m, &info), 0);
	/* ELF_PADDR_OFFSET defaults to VIRT_BASE: VA == PA. */
	CHECK_EQ(info.paddr_offset, 0x400000);
	CHECK_EQ(info.virt_kstart, 0x400000);
	CHECK_EQ(info.virt_hypercall, 0x402000);
	minios_image(&m, "LOADER=generic,XEN_VER=xen-3.0,HYPERCALL_PAGE=3");
	CHECK_EQ(parse(&m, &info), -ERANGE); /* not inside the image */

	minios_image(&m, "LOADER=generic,XEN_VER=xen-3.0,VIRT_BASE=0xzz");
	CHECK_EQ(parse(&m, &info), -EINVAL);
	minios_image(&m, "LOADER=generic,XEN_VER=xen-3.0,"
			 "VIRT_BASE=0x10000000000000000");
	CHECK_EQ(parse(&m, &info), -EINVAL);
	minios_image(&m, "LOADER=generic,XEN_VER=xen-3.0,"
			 "HYPERCALL_PAGE=0xfffffffffffff");
	CHECK_EQ(parse(&m, &info), -ERANGE);
	minios_image(&m, "LOADER=generic,XEN_VER=xen-3.0,"
			 "HYPERCALL_PAGE=0x10000000000000");
	CHECK_EQ(parse(&m, &info), -ERANGE);
	minios_image(&m, "LOADER=generic,XEN_VER=xen-2.0");
	CHECK_EQ(parse(&m, &info), -ENOEXEC);
	minios_image(&m, ",,=,LOADER=generic,,XEN_VER=xen-3.0,=x,");
	CHECK_EQ(parse(&m, &info), 0);
}

/* Notes only in SHT_NOTE sections (no PT_NOTE). */
static void test_section_notes(void)
{
	struct img m, notes;
	struct xen_elf_info info;

	image_skeleton(&notes, PBASE, PBASE);
	linux_notes(&notes);
	image_skeleton(&m, PBASE, PBASE);
	put_phdr(&m, 2,
		 &(struct elf64_phdr){ PT_NOTE, PF_R, 0x300, 0, 0, 0, 0,
				       4 }); /* empty */
	add_sections(&m, ".notes", SHT_NOTE, notes.b + NOTES_OFF,
		     notes.notes_len);
	CHECK_EQ(parse(&m, &info), 0);
	CHECK_EQ(info.source, XEN_ELF_NOTES_SHDR);
	CHECK_EQ(info.virt_entry, VBASE + PBASE + 0x40);

	/* No notes anywhere and no __xen_guest: not a PV kernel. */
	image_skeleton(&m, PBASE, PBASE);
	add_sections(&m, ".other", SHT_NOTE, "", 0);
	CHECK_EQ(parse(&m, &info), -ENOEXEC);
}

struct copy_log {
	unsigned int calls;
	uint8_t dest[0x3000];
};

static int record_copy(void *ctx, uint64_t dest_off, const void *src,
		       uint64_t filesz, uint64_t memsz)
{
	struct copy_log *log = ctx;

	CHECK(dest_off + memsz <= sizeof(log->dest));
	memcpy(log->dest + dest_off, src, filesz);
	memset(log->dest + dest_off + filesz, 0, memsz - filesz);
	log->calls++;
	return 0;
}

static int refuse_copy(void *ctx, uint64_t dest_off, const void *src,
		       uint64_t filesz, uint64_t memsz)
{
	(void)ctx, (void)dest_off, (void)src, (void)filesz, (void)memsz;
	return -ENOMEM;
}

static void test_load(void)
{
	static struct copy_log log;
	struct img m;
	struct xen_elf_info info;

	linux_image(&m);
	CHECK_EQ(parse(&m, &info), 0);
	memset(log.dest, 0xaa, sizeof(log.dest));
	CHECK_EQ(elf_load(m.b, m.len, &info, record_copy, &log), 0);
	CHECK_EQ(log.calls, 2);
	CHECK(memcmp(log.dest, m.b + SEG0_OFF, 0x100) == 0);
	CHECK_EQ(log.dest[0x100], 0);
	CHECK_EQ(log.dest[0x1fff], 0);
	CHECK(memcmp(log.dest + 0x2000, m.b + SEG1_OFF, 0x80) == 0);
	CHECK_EQ(log.dest[0x2080], 0);
	CHECK_EQ(log.dest[0x2fff], 0);
	CHECK_EQ(elf_load(m.b, m.len, &info, refuse_copy, NULL), -ENOMEM);
	/* A shorter image than the one parsed. */
	CHECK_EQ(elf_load(m.b, SEG1_OFF + 0x7f, &info, record_copy, &log),
		 -EINVAL);
}

/* Build the Linux-like image, let fix() spoil it, expect err. */
static void expect_error(void (*fix)(struct img *), int err, const char *what)
{
	struct img m;
	struct xen_elf_info info;
	int rc;

	linux_image(&m);
	fix(&m);
	rc = parse(&m, &info);
	if (rc != err)
		fprintf(stderr, "case '%s': rc %d (%s)\n", what, rc,
			info.error ? info.error : "no error");
	CHECK_EQ(rc, err);
}

#define EHDR_FIX(name, stmt)                        \
	static void name(struct img *m)             \
	{                                           \
		struct elf64_ehdr eh = get_ehdr(m); \
		stmt;                               \
		put_ehdr(m, &eh);                   \
	}
#define PHDR_FIX(name, i, stmt)                        \
	static void name(struct img *m)                \
	{                                              \
		struct elf64_phdr ph = get_phdr(m, i); \
		stmt;                                  \
		put_phdr(m, i, &ph);                   \
	}

EHDR_FIX(bad_magic, eh.e_ident[1] = 'e')
EHDR_FIX(class32, eh.e_ident[EI_CLASS] = 1)
EHDR_FIX(big_endian, eh.e_ident[EI_DATA] = 2)
EHDR_FIX(not_exec, eh.e_type = 3)
EHDR_FIX(i386, eh.e_machine = 3)
EHDR_FIX(no_phdrs, eh.e_phnum = 0)
EHDR_FIX(many_phdrs, eh.e_phnum = 0xffff)
EHDR_FIX(phoff_past_end, eh.e_phoff = 0x1200)
EHDR_FIX(phoff_huge, eh.e_phoff = ~0ULL - 8)
EHDR_FIX(small_phent, eh.e_phentsize = 32)
EHDR_FIX(shoff_past_end, eh.e_shnum = 2; eh.e_shentsize = 64;
	 eh.e_shoff = 0x11c0)
EHDR_FIX(shnum_reserved, eh.e_shnum = 0xff00; eh.e_shentsize = 64)
PHDR_FIX(seg_past_end, 1, ph.p_offset = 0x11a0)
PHDR_FIX(seg_offset_huge, 1, ph.p_offset = ~0ULL)
PHDR_FIX(seg_filesz_gt_memsz, 1, ph.p_filesz = 0x2000)
PHDR_FIX(seg_wraps, 1, ph.p_paddr = ~0ULL - 0x10)
PHDR_FIX(seg_overlap, 1, ph.p_paddr = PBASE + 0x1000)
PHDR_FIX(seg_huge_span, 1, ph.p_paddr = PBASE + GiB(2))
PHDR_FIX(note_past_end, 2, ph.p_filesz = 0x1000)
PHDR_FIX(no_load, 0, ph.p_type = 6; put_phdr(m, 1, &ph))
PHDR_FIX(empty_load, 0, ph.p_memsz = ph.p_filesz = 0; put_phdr(m, 1, &ph))

static void many_segments(struct img *m)
{
	struct elf64_ehdr eh = get_ehdr(m);
	unsigned int i;

	for (i = 0; i < 17; i++) {
		struct elf64_phdr ph = {
			PT_LOAD, PF_R,	 SEG0_OFF, 0, PBASE + i * 0x1000,
			0x10,	 0x1000, 0
		};
		put_phdr(m, 3 + i, &ph);
	}
	eh.e_phnum = 20;
	put_ehdr(m, &eh);
	/* Drop the Linux segments so only the 17 small ones load. */
	put_phdr(m, 0, &(struct elf64_phdr){ 0 });
	put_phdr(m, 1, &(struct elf64_phdr){ 0 });
}

/* Rebuild the notes from scratch with one change. */
static void notes_with(struct img *m, uint32_t type, const void *desc,
		       uint32_t descsz)
{
	m->notes_len = 0;
	note_str(m, 8, "generic");
	note_str(m, 5, "xen-3.0");
	note_u64(m, 3, VBASE);
	note_u64(m, 1, VBASE + PBASE);
	if (descsz || desc)
		add_note(m, "Xen", type, desc, descsz);
	seal_notes(m);
}

static void note_descsz_past_end(struct img *m)
{
	struct elf64_nhdr nh;

	/* The GNU note claims more than the segment holds. */
	memcpy(&nh, m->b + NOTES_OFF, sizeof(nh));
	nh.n_descsz = 0xfffffff0;
	memcpy(m->b + NOTES_OFF, &nh, sizeof(nh));
}

static void note_namesz_huge(struct img *m)
{
	struct elf64_nhdr nh;

	memcpy(&nh, m->b + NOTES_OFF, sizeof(nh));
	nh.n_namesz = 0xffffffff;
	memcpy(m->b + NOTES_OFF, &nh, sizeof(nh));
}

static void numeric_size3(struct img *m)
{
	notes_with(m, 1, "\1\2\3", 3);
}

static void smk_required(struct img *m)
{
	notes_with(m, 10, "!supervisor_mode_kernel", 23);
}

static void unknown_required(struct img *m)
{
	notes_with(m, 10, "writable_page_tables|!made_up", 29);
}

static void xen_2(struct img *m)
{
	m->notes_len = 0;
	note_str(m, 6, "linux");
	note_str(m, 5, "xen-2.0");
	seal_notes(m);
}

static void no_loader_no_linux(struct img *m)
{
	m->notes_len = 0;
	note_str(m, 6, "netbsd");
	note_str(m, 5, "xen-3.0");
	seal_notes(m);
}

static void paddr_offset_alone(struct img *m)
{
	m->notes_len = 0;
	note_str(m, 8, "generic");
	note_str(m, 5, "xen-3.0");
	note_u64(m, 4, 0);
	seal_notes(m);
}

static void entry_at_end(struct img *m)
{
	uint64_t v = VBASE + PBASE + 0x3000;

	notes_with(m, 1, &v, 8);
}

static void entry_below(struct img *m)
{
	uint64_t v = VBASE + PBASE - 1;

	notes_with(m, 1, &v, 8);
}

static void virt_base_above(struct img *m)
{
	uint64_t v = VBASE + PBASE + 0x1000;

	notes_with(m, 3, &v, 8);
}

static void hypercall_unaligned(struct img *m)
{
	uint64_t v = VBASE + PBASE + 0x1800;

	notes_with(m, 2, &v, 8);
}

static void hypercall_last_partial(struct img *m)
{
	uint64_t v = VBASE + PBASE + 0x3000;

	notes_with(m, 2, &v, 8);
}

static void p2m_inside(struct img *m)
{
	uint64_t v = VBASE + PBASE + 0x2000;

	notes_with(m, 15, &v, 8);
}

static void image_wraps(struct img *m)
{
	uint64_t v = ~0ULL - 0x1000;

	/* VIRT_BASE - PADDR_OFFSET puts the image across 2^64. */
	notes_with(m, 4, &(uint64_t){ VBASE - v + PBASE }, 8);
	(void)v;
}

static void test_hostile_headers(void)
{
	expect_error(bad_magic, -ENOEXEC, "magic");
	expect_error(class32, -ENOEXEC, "class");
	expect_error(big_endian, -ENOEXEC, "endian");
	expect_error(not_exec, -ENOEXEC, "ET_DYN");
	expect_error(i386, -ENOEXEC, "machine");
	expect_error(no_phdrs, -ENOEXEC, "no phdrs");
	expect_error(many_phdrs, -E2BIG, "PN_XNUM");
	expect_error(phoff_past_end, -EINVAL, "phoff");
	expect_error(phoff_huge, -EINVAL, "phoff huge");
	expect_error(small_phent, -EINVAL, "phentsize");
	expect_error(shoff_past_end, -EINVAL, "shoff");
	expect_error(shnum_reserved, -E2BIG, "shnum");
	expect_error(seg_past_end, -EINVAL, "segment end");
	expect_error(seg_offset_huge, -EINVAL, "segment offset");
	expect_error(seg_filesz_gt_memsz, -EINVAL, "filesz");
	expect_error(seg_wraps, -EINVAL, "wrap");
	expect_error(seg_overlap, -EINVAL, "overlap");
	expect_error(seg_huge_span, -E2BIG, "span");
	expect_error(no_load, -ENOEXEC, "no PT_LOAD");
	expect_error(empty_load, -ENOEXEC, "empty PT_LOAD");
	expect_error(many_segments, -E2BIG, "17 segments");
}

static void test_hostile_notes(void)
{
	expect_error(note_past_end, -EINVAL, "PT_NOTE size");
	expect_error(note_descsz_past_end, -EINVAL, "descsz");
	expect_error(note_namesz_huge, -EINVAL, "namesz");
	expect_error(numeric_size3, -EINVAL, "numeric size");
	expect_error(smk_required, -EOPNOTSUPP, "!supervisor_mode_kernel");
	expect_error(unknown_required, -EOPNOTSUPP, "!made_up");
	expect_error(xen_2, -ENOEXEC, "xen-2.0");
	expect_error(no_loader_no_linux, -ENOEXEC, "loader");
	expect_error(paddr_offset_alone, -EINVAL, "PADDR_OFFSET alone");
	expect_error(entry_at_end, -ERANGE, "entry at kend");
	expect_error(entry_below, -ERANGE, "entry below");
	expect_error(virt_base_above, -ERANGE, "virt_base > kstart");
	expect_error(hypercall_unaligned, -ERANGE, "hypercall unaligned");
	expect_error(hypercall_last_partial, -ERANGE, "hypercall at end");
	expect_error(p2m_inside, -ERANGE, "INIT_P2M");
	expect_error(image_wraps, -ERANGE, "wraps");
}

/* Every truncation of a good image fails cleanly or parses the same. */
static void test_truncations(void)
{
	struct img m;
	struct xen_elf_info info;
	size_t full, len;
	unsigned int ok = 0;

	linux_image(&m);
	full = m.len;
	for (len = 0; len <= full; len++) {
		uint8_t *copy = malloc(len ? len : 1);

		memcpy(copy, m.b, len);
		if (xen_elf_parse(copy, len, &info) == 0) {
			ok++;
			CHECK_EQ(info.virt_entry, VBASE + PBASE + 0x40);
		} else {
			CHECK(info.error != NULL);
		}
		free(copy);
	}
	/* Only the image reaching the last segment's file bytes parses. */
	CHECK_EQ(ok, full - (SEG1_OFF + 0x80) + 1);
	CHECK_EQ(xen_elf_parse(NULL, 0, &info), -ENOEXEC);
}

/* Random byte corruption: no crash, no out-of-bounds read (ASan). */
static void test_random_corruption(void)
{
	struct img m, good;
	struct xen_elf_info info;
	unsigned int i, j, ok = 0;

	srand(1234);
	linux_image(&good);
	for (i = 0; i < 20000; i++) {
		uint8_t *exact;

		m = good;
		for (j = 0; j < 1 + (unsigned int)rand() % 4; j++)
			m.b[(size_t)rand() % 0x500] = (uint8_t)rand();
		exact = malloc(m.len);
		memcpy(exact, m.b, m.len);
		if (xen_elf_parse(exact, m.len, &info) == 0) {
			ok++;
			CHECK(info.virt_entry >= info.virt_kstart &&
			      info.virt_entry < info.virt_kend);
		} else {
			CHECK(info.error != NULL);
		}
		free(exact);
	}
	CHECK(ok > 0);
}

/* Link tests/unit/files/pv-tiny.S with the host toolchain; NULL if not. */
static uint8_t *toolchain_image(const char *defs, const char *ldopts,
				size_t *len)
{
	char cmd[512];
	FILE *f;
	uint8_t *p;
	long n;

	snprintf(cmd, sizeof(cmd),
		 "cc %s -c tests/unit/files/pv-tiny.S -o /tmp/pv-tiny-%d.o && "
		 "ld -T tests/unit/files/pv-tiny.lds %s -z noexecstack "
		 "--no-warn-rwx-segments --build-id=none /tmp/pv-tiny-%d.o "
		 "-o /tmp/pv-tiny-%d.elf",
		 defs, getpid(), ldopts, getpid(), getpid());
	if (system(cmd) != 0)
		return NULL;
	snprintf(cmd, sizeof(cmd), "/tmp/pv-tiny-%d.elf", getpid());
	f = fopen(cmd, "rb");
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n);
	*len = fread(p, 1, (size_t)n, f);
	fclose(f);
	remove(cmd);
	snprintf(cmd, sizeof(cmd), "/tmp/pv-tiny-%d.o", getpid());
	remove(cmd);
	return p;
}

/* Images made by as and ld, not by this file's own builder. */
static void test_toolchain_images(void)
{
	struct xen_elf_info info;
	size_t len;
	uint8_t *p = toolchain_image("", "", &len);

	CHECK(p != NULL);
	if (p) {
		CHECK_EQ(xen_elf_parse(p, len, &info), 0);
		CHECK_EQ(info.source, XEN_ELF_NOTES_PHDR);
		CHECK_EQ(info.virt_base, VBASE);
		CHECK_EQ(info.pstart, 0x100000);
		CHECK_EQ(info.pend, 0x103000 + 8 + 8192);
		CHECK_EQ(info.virt_kstart, VBASE + 0x100000);
		CHECK_EQ(info.virt_entry, VBASE + 0x100000);
		CHECK_EQ(info.virt_hypercall, VBASE + 0x101000);
		CHECK_EQ(info.f_required, 1);
		free(p);
	}
	p = toolchain_image("-DLEGACY", "--defsym BASE=0", &len);
	CHECK(p != NULL);
	if (p) {
		CHECK_EQ(xen_elf_parse(p, len, &info), 0);
		CHECK_EQ(info.source, XEN_ELF_LEGACY_GUEST);
		CHECK_EQ(info.virt_kstart, 0x100000);
		CHECK_EQ(info.virt_entry, 0x100000);
		CHECK_EQ(info.virt_hypercall, 0x101000);
		free(p);
	}
}

int main(void)
{
	test_linux_like();
	test_xtf_like();
	test_legacy_guest();
	test_section_notes();
	test_load();
	test_hostile_headers();
	test_hostile_notes();
	test_truncations();
	test_random_corruption();
	test_toolchain_images();
	return check_summary("test-xen-elf");
}
