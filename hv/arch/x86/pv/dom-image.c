/* SPDX-License-Identifier: MIT */
/*
 * ELF64 program headers and Xen ELF notes, read defensively: the image
 * comes from a boot module nobody checked. Segments are placed by p_paddr
 * (the per-CPU segment of Linux has p_vaddr 0); a note's string value may
 * lack its NUL, so values are copied bounded by descsz.
 */
#include <satori/errno.h>
#include <satori/string.h>

#include "dom-image.h"

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define PT_LOAD 1
#define PT_NOTE 4
#define EM_X86_64 62
#define ET_EXEC 2
#define PF_RWX 7

/* Xen note types (public/elfnote.h). */
enum {
	XEN_ELFNOTE_ENTRY = 1,
	XEN_ELFNOTE_HYPERCALL_PAGE = 2,
	XEN_ELFNOTE_VIRT_BASE = 3,
	XEN_ELFNOTE_PADDR_OFFSET = 4,
	XEN_ELFNOTE_XEN_VERSION = 5,
	XEN_ELFNOTE_GUEST_OS = 6,
	XEN_ELFNOTE_LOADER = 8,
	XEN_ELFNOTE_FEATURES = 10,
	XEN_ELFNOTE_MOD_START_PFN = 16,
};

static uint64_t rd(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* [off, off+len) lies inside the image. */
static bool in_image(const struct pv_image *img, uint64_t off, uint64_t len)
{
	return off <= img->size && len <= img->size - off;
}

static void copy_str(char *dst, size_t dstsz, const uint8_t *src, size_t n)
{
	size_t len = strnlen((const char *)src, n);

	if (len >= dstsz)
		len = dstsz - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static void note_value(struct pv_image *img, uint32_t type, const uint8_t *d,
		       uint32_t dsz)
{
	uint64_t num = (dsz == 4 || dsz == 8) ? rd(d, dsz) : 0;

	switch (type) {
	case XEN_ELFNOTE_ENTRY:
		img->entry = num;
		img->entry_set = true;
		break;
	case XEN_ELFNOTE_HYPERCALL_PAGE:
		img->hypercall_page = num;
		img->hypercall_page_set = true;
		break;
	case XEN_ELFNOTE_VIRT_BASE:
		img->virt_base = num;
		break;
	case XEN_ELFNOTE_PADDR_OFFSET:
		img->paddr_offset = num;
		break;
	case XEN_ELFNOTE_XEN_VERSION:
		copy_str(img->xen_version, sizeof(img->xen_version), d, dsz);
		break;
	case XEN_ELFNOTE_GUEST_OS:
		copy_str(img->guest_os, sizeof(img->guest_os), d, dsz);
		break;
	case XEN_ELFNOTE_LOADER:
		copy_str(img->loader, sizeof(img->loader), d, dsz);
		break;
	case XEN_ELFNOTE_FEATURES:
		copy_str(img->features, sizeof(img->features), d, dsz);
		break;
	case XEN_ELFNOTE_MOD_START_PFN:
		img->mod_start_pfn = num != 0;
		break;
	default:
		break;
	}
}

/* Walk one PT_NOTE segment; @return the number of Xen notes seen. */
static unsigned int parse_notes(struct pv_image *img, uint64_t off,
				uint64_t len)
{
	unsigned int seen = 0;
	uint64_t end = off + len;

	while (end - off >= 12) {
		const uint8_t *n = img->data + off;
		uint32_t namesz = (uint32_t)rd(n, 4),
			 descsz = (uint32_t)rd(n + 4, 4);
		uint64_t nlen = ((uint64_t)namesz + 3) & ~3ULL;
		uint64_t dlen = ((uint64_t)descsz + 3) & ~3ULL;

		if (nlen + dlen > end - off - 12)
			break;
		if (namesz == 4 && !memcmp(n + 12, "Xen", 4)) {
			note_value(img, (uint32_t)rd(n + 8, 4), n + 12 + nlen,
				   descsz);
			seen++;
		}
		off += 12 + nlen + dlen;
	}
	return seen;
}

static int parse_ehdr(struct pv_image *img, const char **why)
{
	const uint8_t *e = img->data;

	if (img->size < EHDR_SIZE || memcmp(e, "\177ELF", 4)) {
		*why = "not an ELF image (bzImage/XZ needs the loader branch)";
		return -ENOEXEC;
	}
	if (e[4] != 2 || e[5] != 1 || rd(e + 18, 2) != EM_X86_64) {
		*why = "not a little-endian ELF64 x86-64 image";
		return -ENOEXEC;
	}
	if (rd(e + 16, 2) != ET_EXEC || rd(e + 54, 2) != PHDR_SIZE) {
		*why = "not an executable with 56-byte program headers";
		return -ENOEXEC;
	}
	if (!in_image(img, rd(e + 32, 8), rd(e + 56, 2) * PHDR_SIZE)) {
		*why = "program headers outside the file";
		return -ENOEXEC;
	}
	img->e_entry = rd(e + 24, 8);
	return 0;
}

static int add_load(struct pv_image *img, const uint8_t *ph, const char **why)
{
	struct pv_image_seg s = {
		.offset = rd(ph + 8, 8),
		.paddr = rd(ph + 24, 8),
		.filesz = rd(ph + 32, 8),
		.memsz = rd(ph + 40, 8),
	};

	if (!in_image(img, s.offset, s.filesz) || s.filesz > s.memsz) {
		*why = "segment data outside the file";
		return -ENOEXEC;
	}
	if (s.memsz > (1ULL << 32) || s.paddr > (1ULL << 52)) {
		*why = "segment size or address absurd";
		return -ENOEXEC;
	}
	if (img->nr_segs == PV_IMAGE_MAX_SEGS) {
		*why = "too many loadable segments";
		return -ENOEXEC;
	}
	if (!img->nr_segs || s.paddr < img->pstart)
		img->pstart = s.paddr;
	if (!img->nr_segs || s.paddr + s.memsz > img->pend)
		img->pend = s.paddr + s.memsz;
	img->segs[img->nr_segs++] = s;
	return 0;
}

static int parse_phdrs(struct pv_image *img, unsigned int *notes,
		       const char **why)
{
	uint64_t phoff = rd(img->data + 32, 8);
	unsigned int phnum = (unsigned int)rd(img->data + 56, 2);

	for (unsigned int i = 0; i < phnum; i++) {
		const uint8_t *ph = img->data + phoff + i * PHDR_SIZE;
		uint32_t type = (uint32_t)rd(ph, 4);
		int rc;

		if (type == PT_NOTE &&
		    in_image(img, rd(ph + 8, 8), rd(ph + 32, 8)))
			*notes +=
				parse_notes(img, rd(ph + 8, 8), rd(ph + 32, 8));
		if (type != PT_LOAD || !(rd(ph + 4, 4) & PF_RWX))
			continue;
		rc = add_load(img, ph, why);
		if (rc)
			return rc;
	}
	if (!img->nr_segs) {
		*why = "no loadable segment";
		return -ENOEXEC;
	}
	return 0;
}

/* A '!'-marked (required) feature we do not provide? */
static const char *lacking_required_feature(const char *f)
{
	static const char *const lacking[] = {
		"supervisor_mode_kernel",
		"auto_translated_physmap",
		"hvm_callback_vector",
		"hvm_safe_pvclock",
		"hvm_pirqs",
		"dom0",
	};

	while (*f) {
		const char *end = strchr(f, '|');
		size_t len = end ? (size_t)(end - f) : strlen(f);

		for (unsigned int i = 0; *f == '!' && i < 6; i++)
			if (len - 1 == strlen(lacking[i]) &&
			    !strncmp(f + 1, lacking[i], len - 1))
				return lacking[i];
		f += len + (end ? 1 : 0);
	}
	return NULL;
}

static int check_notes(struct pv_image *img, unsigned int notes,
		       const char **why)
{
	if (!notes) {
		*why = "no Xen ELF notes (legacy __xen_guest is not supported)";
		return -ENOEXEC;
	}
	if (strncmp(img->xen_version, "xen-3.0", 7)) {
		*why = "XEN_VERSION note is not xen-3.0";
		return -ENOEXEC;
	}
	img->is_linux = !strcmp(img->guest_os, "linux");
	if (!img->is_linux && strcmp(img->loader, "generic")) {
		*why = "neither GUEST_OS=linux nor LOADER=generic";
		return -ENOEXEC;
	}
	if (lacking_required_feature(img->features)) {
		*why = "requires a feature satori lacks";
		return -ENOEXEC;
	}
	return 0;
}

/* [lo, hi) stays clear of the non-canonical hole and of the hypervisor's
 * slots 256-271 (0x0000800000000000 up to 0xffff880000000000). */
static bool outside_hv_range(uint64_t lo, uint64_t hi)
{
	return hi <= 0x0000800000000000ULL || lo >= 0xffff880000000000ULL;
}

static int check_addresses(struct pv_image *img, const char **why)
{
	uint64_t off = img->virt_base - img->paddr_offset;

	img->virt_kstart = img->pstart + off;
	img->virt_kend = img->pend + off;
	img->virt_entry = img->entry_set ? img->entry : img->e_entry;
	if (img->virt_kend < img->virt_kstart || img->virt_kend > -4096ULL ||
	    !outside_hv_range(img->virt_kstart, img->virt_kend)) {
		*why = "image overlaps the hypervisor range or is non-canonical";
		return -EINVAL;
	}
	if (img->virt_base > img->virt_kstart ||
	    img->virt_entry < img->virt_kstart ||
	    img->virt_entry > img->virt_kend) {
		*why = "entry or VIRT_BASE outside the image";
		return -EINVAL;
	}
	if (img->hypercall_page_set &&
	    (img->hypercall_page < img->virt_kstart ||
	     img->hypercall_page >= img->virt_kend ||
	     (img->hypercall_page & 4095))) {
		*why = "HYPERCALL_PAGE outside the image";
		return -EINVAL;
	}
	return 0;
}

int pv_image_parse(struct pv_image *img, const void *data, size_t size,
		   const char **why)
{
	unsigned int notes = 0;
	int rc;

	memset(img, 0, sizeof(*img));
	img->data = data;
	img->size = size;
	rc = parse_ehdr(img, why);
	if (!rc)
		rc = parse_phdrs(img, &notes, why);
	if (!rc)
		rc = check_notes(img, notes, why);
	if (!rc)
		rc = check_addresses(img, why);
	return rc;
}
