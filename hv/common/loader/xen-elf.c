/* SPDX-License-Identifier: MIT */
/*
 * xen_elf_parse(): the order in which the PV kernel image is examined and
 * the rules applied to the result, after Xen's elf_xen_parse() and
 * elf_xen_addr_calc_check(). The guest description is read from PT_NOTE
 * segments, else SHT_NOTE sections, else the __xen_guest section; then the
 * image must claim Xen 3.0 and a loader Xen knows, and its entry point and
 * hypercall page must lie inside the image.
 */
#include <satori/errno.h>
#include <satori/string.h>

#include "private.h"

#define LOADER_PAGE_SIZE 4096u

static int notes_from_phdrs(const struct elf_image *img,
			    struct xen_elf_info *info, unsigned int *nr_xen)
{
	struct elf64_phdr ph;
	unsigned int i;
	int rc;

	for (i = 0; i < img->eh.e_phnum; i++) {
		elf_get_phdr(img, i, &ph);
		if (ph.p_type != PT_NOTE)
			continue;
		if (!loader_range_ok(img->len, ph.p_offset, ph.p_filesz))
			return loader_fail(info, -EINVAL,
					   "PT_NOTE outside the image");
		rc = xen_notes_parse(img->base + ph.p_offset, ph.p_filesz, info,
				     nr_xen);
		if (rc)
			return rc;
	}
	return 0;
}

static int notes_from_shdrs(const struct elf_image *img,
			    struct xen_elf_info *info, unsigned int *nr_xen)
{
	struct elf64_shdr sh;
	unsigned int i;
	int rc;

	for (i = 0; i < img->eh.e_shnum; i++) {
		elf_get_shdr(img, i, &sh);
		if (sh.sh_type != SHT_NOTE)
			continue;
		if (!loader_range_ok(img->len, sh.sh_offset, sh.sh_size))
			return loader_fail(info, -EINVAL,
					   "SHT_NOTE outside the image");
		rc = xen_notes_parse(img->base + sh.sh_offset, sh.sh_size, info,
				     nr_xen);
		if (rc)
			return rc;
	}
	return 0;
}

static int legacy_guest_info(const struct elf_image *img,
			     struct xen_elf_info *info)
{
	struct elf64_shdr sh;
	int idx = elf_find_section(img, "__xen_guest");

	if (idx < 0)
		return loader_fail(info, -ENOEXEC,
				   "not a Xen PV kernel: no Xen notes and "
				   "no __xen_guest section");
	elf_get_shdr(img, (unsigned int)idx, &sh);
	if (!loader_range_ok(img->len, sh.sh_offset, sh.sh_size))
		return loader_fail(info, -EINVAL,
				   "__xen_guest outside the image");
	info->source = XEN_ELF_LEGACY_GUEST;
	return xen_guest_info_parse((const char *)img->base + sh.sh_offset,
				    sh.sh_size, info);
}

static int find_description(const struct elf_image *img,
			    struct xen_elf_info *info)
{
	unsigned int nr_xen = 0;
	int rc;

	info->source = XEN_ELF_NOTES_PHDR;
	rc = notes_from_phdrs(img, info, &nr_xen);
	if (rc || nr_xen)
		return rc;
	info->source = XEN_ELF_NOTES_SHDR;
	rc = notes_from_shdrs(img, info, &nr_xen);
	if (rc || nr_xen)
		return rc;
	return legacy_guest_info(img, info);
}

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int check_description(struct xen_elf_info *info)
{
	if (!has_prefix(info->loader, "generic") &&
	    !has_prefix(info->guest_os, "linux"))
		return loader_fail(info, -ENOEXEC,
				   "neither LOADER=generic nor GUEST_OS=linux");
	if (!has_prefix(info->xen_version, "xen-3.0"))
		return loader_fail(info, -ENOEXEC,
				   "XEN_VERSION is not xen-3.0");
	return 0;
}

static int check_hypercall_page(const struct xen_elf_info *info)
{
	uint64_t hc = info->virt_hypercall;

	if (hc == XEN_ELF_UNSET)
		return 0;
	if (!IS_ALIGNED(hc, LOADER_PAGE_SIZE) || hc < info->virt_kstart ||
	    hc > info->virt_kend || info->virt_kend - hc < LOADER_PAGE_SIZE)
		return -ERANGE;
	return 0;
}

static int addr_calc_check(const struct elf_image *img,
			   struct xen_elf_info *info)
{
	if (info->paddr_offset != XEN_ELF_UNSET &&
	    info->virt_base == XEN_ELF_UNSET)
		return loader_fail(info, -EINVAL,
				   "PADDR_OFFSET given without VIRT_BASE");
	if (info->virt_base == XEN_ELF_UNSET)
		info->virt_base = 0;
	if (info->paddr_offset == XEN_ELF_UNSET)
		info->paddr_offset = info->source == XEN_ELF_LEGACY_GUEST
					     ? info->virt_base
					     : 0;
	info->virt_offset = info->virt_base - info->paddr_offset;
	info->virt_kstart = info->pstart + info->virt_offset;
	info->virt_kend = info->pend + info->virt_offset;
	info->e_entry = img->eh.e_entry;
	if (info->virt_entry == XEN_ELF_UNSET)
		info->virt_entry = info->e_entry;
	if (info->virt_kend < info->virt_kstart)
		return loader_fail(info, -ERANGE, "image wraps around");
	if (info->virt_base > info->virt_kstart)
		return loader_fail(info, -ERANGE,
				   "image starts below VIRT_BASE");
	if (info->virt_entry < info->virt_kstart ||
	    info->virt_entry >= info->virt_kend)
		return loader_fail(info, -ERANGE, "entry outside the image");
	if (check_hypercall_page(info))
		return loader_fail(info, -ERANGE,
				   "hypercall page not a page of the image");
	if (info->p2m_base != XEN_ELF_UNSET &&
	    info->p2m_base >= info->virt_kstart &&
	    info->p2m_base < info->virt_kend)
		return loader_fail(info, -ERANGE, "INIT_P2M inside the image");
	return 0;
}

int xen_elf_parse(const void *image, size_t len, struct xen_elf_info *info)
{
	struct elf_image img;
	int rc;

	memset(info, 0, sizeof(*info));
	info->virt_base = XEN_ELF_UNSET;
	info->paddr_offset = XEN_ELF_UNSET;
	info->virt_entry = XEN_ELF_UNSET;
	info->virt_hypercall = XEN_ELF_UNSET;
	info->p2m_base = XEN_ELF_UNSET;
	rc = elf_image_init(&img, image, len, info);
	if (!rc)
		rc = elf_collect_segments(&img, info);
	if (!rc)
		rc = find_description(&img, info);
	if (!rc)
		rc = check_description(info);
	if (!rc)
		rc = addr_calc_check(&img, info);
	if (!rc)
		info->error = NULL;
	return rc;
}
