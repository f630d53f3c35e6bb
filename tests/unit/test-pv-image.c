/* unit-sources: hv/arch/x86/pv/dom-image.c hv/arch/x86/pv/hypercall-page.c */
/* SPDX-License-Identifier: MIT */
/*
 * The PV builder's ELF and Xen-notes reader on images built here: a good
 * one, Linux-style notes (entry, MOD_START_PFN, FEATURES without NUL),
 * and images broken one way each; plus the hypercall page bytes.
 */
#include <string.h>

#include "../../hv/arch/x86/pv/dom-image.h"
#include "../../hv/arch/x86/pv/hypercall-page.h"

#include "check.h"

#define KBASE 0xffffffff80000000ULL

static uint8_t buf[16384];
static size_t len;

static void put(size_t off, uint64_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		buf[off + i] = (uint8_t)(v >> (8 * i));
}

/* Append a Xen note with a raw descriptor at @len. */
static void note(uint32_t type, const void *desc, uint32_t dsz)
{
	put(len, 4, 4);
	put(len + 4, dsz, 4);
	put(len + 8, type, 4);
	memcpy(buf + len + 12, "Xen", 4);
	memcpy(buf + len + 16, desc, dsz);
	len += 16 + ((dsz + 3) & ~3u);
}

static void note_num(uint32_t type, uint64_t v)
{
	note(type, &v, 8);
}

static void note_str(uint32_t type, const char *s)
{
	note(type, s, (uint32_t)strlen(s) + 1);
}

/* ELF header, one LOAD at file 0x1000 (0x1000 bytes, memsz @memsz, paddr
 * @paddr), one NOTE from 0x2000; notes appended by the caller. */
static void elf(uint64_t paddr, uint64_t memsz, uint64_t entry)
{
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "\177ELF", 4);
	buf[4] = 2;
	buf[5] = 1;
	buf[6] = 1;
	put(16, 2, 2);
	put(18, 62, 2);
	put(24, entry, 8);
	put(32, 64, 8);
	put(52, 64, 2);
	put(54, 56, 2);
	put(56, 2, 2);
	put(64, 1, 4);
	put(68, 7, 4);
	put(72, 0x1000, 8);
	put(88, paddr, 8);
	put(96, 0x1000, 8);
	put(104, memsz, 8);
	put(120, 4, 4);
	put(128, 0x2000, 8);
	len = 0x2000;
}

static void finish_notes(void)
{
	put(120 + 32, len - 0x2000, 8);
}

static void good(uint64_t virt_base, const char *os)
{
	elf(0x200000, 0x3000, 0);
	note_str(5, "xen-3.0");
	note_str(6, os);
	note_str(8, "generic");
	note_num(3, virt_base);
	note_num(4, 0);
	note_num(1, virt_base + 0x200010);
	note_num(2, virt_base + 0x201000);
	finish_notes();
}

static int parse(struct pv_image *img, const char **why)
{
	return pv_image_parse(img, buf, len, why);
}

static void test_good(void)
{
	struct pv_image img;
	const char *why = NULL;

	good(KBASE, "satori-test");
	CHECK_EQ(parse(&img, &why), 0);
	CHECK_EQ(img.nr_segs, 1u);
	CHECK_EQ(img.pstart, 0x200000ULL);
	CHECK_EQ(img.pend, 0x203000ULL);
	CHECK_EQ(img.virt_kstart, KBASE + 0x200000);
	CHECK_EQ(img.virt_kend, KBASE + 0x203000);
	CHECK_EQ(img.virt_entry, KBASE + 0x200010);
	CHECK(img.hypercall_page_set);
	CHECK_EQ(img.hypercall_page, KBASE + 0x201000);
	CHECK(!img.is_linux);
	CHECK(!img.mod_start_pfn);
}

/* FEATURES as Linux emits it: no NUL inside descsz; 4-byte MOD_START_PFN. */
static void test_linux_notes(void)
{
	static const char feat[] = "!writable_page_tables|pae_pgdir_above_4gb";
	uint32_t one = 1;
	struct pv_image img;
	const char *why;

	elf(0x1000000, 0x200000, 0x1000000);
	note_str(5, "xen-3.0");
	note_str(6, "linux");
	note_num(3, KBASE);
	note_num(1, KBASE + 0x10001c0);
	note(10, feat, sizeof(feat) - 1);
	note(16, &one, 4);
	finish_notes();
	CHECK_EQ(parse(&img, &why), 0);
	CHECK(img.is_linux);
	CHECK(img.mod_start_pfn);
	CHECK_EQ(strcmp(img.features, feat), 0);
	CHECK_EQ(img.virt_entry, KBASE + 0x10001c0);
	CHECK_EQ(img.virt_kstart, KBASE + 0x1000000);
}

/* XTF-style: no VIRT_BASE, no ENTRY; linked at 1 MiB with VA == PA. */
static void test_xtf_notes(void)
{
	struct pv_image img;
	const char *why;

	elf(0x100000, 0x3000, 0x100000);
	note_str(5, "xen-3.0");
	note_str(6, "XTF");
	note_str(8, "generic");
	note_num(2, 0x101000);
	finish_notes();
	CHECK_EQ(parse(&img, &why), 0);
	CHECK_EQ(img.virt_base, 0ULL);
	CHECK_EQ(img.virt_kstart, 0x100000ULL);
	CHECK_EQ(img.virt_entry, 0x100000ULL);
	CHECK_EQ(img.hypercall_page, 0x101000ULL);
}

static void expect_refused(int rc, const char *reason)
{
	struct pv_image img;
	const char *why = "";

	CHECK_EQ(parse(&img, &why), rc);
	CHECK_EQ(strcmp(why, reason), 0);
}

static void test_refusals(void)
{
	good(KBASE, "satori-test");
	len = 100;
	expect_refused(-8, "program headers outside the file");
	good(KBASE, "satori-test");
	put(104, 1ULL << 40, 8);
	expect_refused(-8, "segment size or address absurd");
	good(KBASE, "satori-test");
	put(72, 0x3800, 8); /* filesz past the end of the file */
	expect_refused(-8, "segment data outside the file");
	good(0xffff800000000000ULL, "satori-test");
	expect_refused(
		-22, "image overlaps the hypervisor range or is non-canonical");
	good(0x00007fffffff0000ULL, "satori-test");
	expect_refused(
		-22, "image overlaps the hypervisor range or is non-canonical");
	good(KBASE, "other");
	memcpy(buf + 0x2000 + 24 + 16 + 16 + 12, "genericX", 8);
	expect_refused(-8, "neither GUEST_OS=linux nor LOADER=generic");
	elf(0x200000, 0x3000, 0);
	note_str(5, "xen-2.0");
	finish_notes();
	expect_refused(-8, "XEN_VERSION note is not xen-3.0");
	elf(0x200000, 0x3000, 0);
	finish_notes();
	expect_refused(
		-8, "no Xen ELF notes (legacy __xen_guest is not supported)");
	good(KBASE, "satori-test");
	note_str(10, "pae_pgdir_above_4gb|!supervisor_mode_kernel");
	finish_notes();
	expect_refused(-8, "requires a feature satori lacks");
	good(KBASE, "satori-test");
	note_num(1, KBASE + 0x300000); /* ENTRY past the image */
	finish_notes();
	expect_refused(-22, "entry or VIRT_BASE outside the image");
	buf[4] = 1;
	expect_refused(-8, "not a little-endian ELF64 x86-64 image");
}

/* A note whose sizes run past its segment is ignored, never read. */
static void test_note_overrun(void)
{
	struct pv_image img;
	const char *why;

	good(KBASE, "satori-test");
	put(0x2000 + 4, 0xfffffff0u, 4);
	CHECK_EQ(parse(&img, &why), -8);
}

static void test_hypercall_page(void)
{
	static const uint8_t slot1[] = { 0x51, 0x41, 0x53, 0xb8, 1,
					 0,    0,    0,	   0x0f, 0x05,
					 0x41, 0x5b, 0x59, 0xc3 };
	static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23,
					0,    0,    0,	  0x0f, 0x05 };
	static uint8_t page[4096];

	hypercall_page_fill(page);
	CHECK_EQ(memcmp(page + 32, slot1, sizeof(slot1)), 0);
	CHECK_EQ(page[32 + sizeof(slot1)], 0xcc);
	CHECK_EQ(memcmp(page + 23 * 32, iret, sizeof(iret)), 0);
	CHECK_EQ(page[23 * 32 + sizeof(iret)], 0xcc);
	CHECK_EQ(page[127 * 32 + 4], 127);
	CHECK_EQ(page[4095], 0xcc);
}

int main(void)
{
	test_good();
	test_linux_notes();
	test_xtf_notes();
	test_refusals();
	test_note_overrun();
	test_hypercall_page();
	return check_summary("pv-image");
}
