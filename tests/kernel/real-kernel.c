/* SPDX-License-Identifier: MIT */
/*
 * The loader on a real Debian kernel: bzImage header, XZ payload
 * decompressed by satori's decoder and compared byte for byte with the
 * host xz tool's output, then the ELF notes of the result checked against
 * docs/pv-abi.md section 1.2 (exact values for 6.1.0-56, invariants for
 * other builds). Prints the decompression speed.
 * Usage: real-kernel <vmlinuz> <reference vmlinux from xz -d>
 */
#include <satori/bzimage.h>
#include <satori/errno.h>
#include <satori/xen-elf.h>
#include <satori/xz.h>

#include <stdlib.h>
#include <time.h>

#include "../unit/check.h"

static struct xz_work work;

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	p = malloc((size_t)n ? (size_t)n : 1);
	*len = fread(p, 1, (size_t)n, f);
	fclose(f);
	return p;
}

/* The machine may be shared: CPU time measures the decoder itself. */
static double seconds(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* docs/pv-abi.md 1.1 and 1.2 for linux-image-6.1.0-56-amd64. */
static void check_debian_56(const struct xen_elf_info *i)
{
	CHECK_EQ(i->virt_entry, 0xffffffff830791c0ULL);
	CHECK_EQ(i->pstart, 0x1000000);
	CHECK_EQ(i->pend, 0x4a00000);
	CHECK_EQ(i->nr_segments, 4);
	CHECK_EQ(i->seg[2].paddr, 0x3044000);
	CHECK_EQ(i->seg[2].memsz, 0x35000);
	CHECK_EQ(i->virt_kend, 0xffffffff84a00000ULL);
}

static void check_notes(const struct xen_elf_info *i, bool exact)
{
	CHECK_EQ(i->source, XEN_ELF_NOTES_PHDR);
	CHECK_EQ(i->virt_base, 0xffffffff80000000ULL);
	CHECK_EQ(i->paddr_offset, 0);
	CHECK_EQ(i->virt_kstart, 0xffffffff81000000ULL);
	CHECK_EQ(i->e_entry, 0x1000000);
	CHECK_EQ(i->virt_hypercall, XEN_ELF_UNSET);
	CHECK_EQ(i->p2m_base, 0x8000000000ULL);
	CHECK(i->unmapped_initrd);
	CHECK(i->suspend_cancel);
	CHECK(!i->bsd_symtab);
	CHECK_EQ(i->f_required, 1u << XEN_ELF_FEAT_WRITABLE_PAGE_TABLES);
	CHECK_EQ(i->f_supported, 0x8801u | 1u << 0 | 1u << 4);
	CHECK_STR_EQ(i->guest_os, "linux");
	CHECK_STR_EQ(i->guest_version, "2.6");
	CHECK_STR_EQ(i->xen_version, "xen-3.0");
	CHECK_STR_EQ(i->loader, "generic");
	CHECK_STR_EQ(i->pae_mode, "yes");
	if (exact)
		check_debian_56(i);
	printf("ELF: entry %#llx, image %#llx-%#llx, %u segments\n",
	       (unsigned long long)i->virt_entry,
	       (unsigned long long)i->virt_kstart,
	       (unsigned long long)i->virt_kend, i->nr_segments);
}

int main(int argc, char **argv)
{
	struct bzimage_info bi;
	struct xen_elf_info info;
	size_t len, ref_len, out_len;
	uint8_t *img, *ref, *out;
	const char *why = NULL;
	double t, cpu;
	int rc;

	if (argc != 3)
		return 2;
	img = read_all(argv[1], &len);
	ref = read_all(argv[2], &ref_len);
	CHECK_EQ(bzimage_parse(img, len, &bi), 0);
	CHECK_EQ(bi.format, BZIMAGE_XZ);
	CHECK(bi.version >= 0x208);
	CHECK_EQ(bi.image_size, ref_len);
	printf("bzImage: protocol %#x, %u setup sectors, XZ payload %zu "
	       "bytes -> %zu\n",
	       bi.version, bi.setup_sects, bi.payload_len, bi.image_size);
	out = malloc(bi.image_size);
	memset(out, 0, bi.image_size); /* fault the pages in beforehand */
	t = seconds(CLOCK_MONOTONIC);
	cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
	rc = bzimage_decompress(&bi, out, bi.image_size, &out_len, &work, &why);
	cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
	t = seconds(CLOCK_MONOTONIC) - t;
	if (rc)
		fprintf(stderr, "decompress: %d %s\n", rc, why);
	CHECK_EQ(rc, 0);
	CHECK_EQ(out_len, ref_len);
	CHECK(out_len == ref_len && memcmp(out, ref, ref_len) == 0);
	printf("XZ: %zu bytes in %.3f s CPU (%.3f s wall): %.1f MB/s of "
	       "output per CPU second\n",
	       out_len, cpu, t, (double)out_len / cpu / 1e6);
	rc = xen_elf_parse(out, out_len, &info);
	if (rc)
		fprintf(stderr, "xen_elf_parse: %d %s\n", rc, info.error);
	CHECK_EQ(rc, 0);
	if (!rc)
		check_notes(&info, strstr(argv[1], "6.1.0-56-amd64") != NULL);
	/* Too small an output buffer is refused before decoding. */
	CHECK_EQ(bzimage_decompress(&bi, out, bi.image_size - 1, &out_len,
				    &work, &why),
		 -E2BIG);
	free(img), free(ref), free(out);
	return check_summary("real-kernel");
}
