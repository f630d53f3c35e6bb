/* SPDX-License-Identifier: MIT */
/*
 * The minimal ELF64 + Xen-notes reader the PV builder uses until the
 * loader branch's parser is merged: raw ELF64 x86-64 images only (no
 * bzImage/XZ, no legacy __xen_guest section). Pure code over a byte
 * buffer; every read is bounded by the buffer and by each note's size.
 */
#ifndef PV_DOM_IMAGE_H
#define PV_DOM_IMAGE_H

#include <satori/types.h>

#define PV_IMAGE_MAX_SEGS 16
#define PV_IMAGE_STR 64

struct pv_image_seg {
	uint64_t offset, filesz, memsz, paddr;
};

struct pv_image {
	const uint8_t *data;
	size_t size;
	unsigned int nr_segs;
	struct pv_image_seg segs[PV_IMAGE_MAX_SEGS];
	uint64_t pstart, pend; /* Min/max of p_paddr and p_paddr+p_memsz. */
	uint64_t e_entry;
	/* From the Xen notes (pv-abi 1.2); *_set says the note was there. */
	uint64_t entry, virt_base, paddr_offset, hypercall_page;
	bool entry_set, hypercall_page_set, mod_start_pfn;
	char xen_version[PV_IMAGE_STR], guest_os[PV_IMAGE_STR];
	char loader[PV_IMAGE_STR], features[PV_IMAGE_STR * 4];
	/* Derived (pv-abi 1.4). */
	uint64_t virt_kstart, virt_kend, virt_entry;
	bool is_linux;
};

/*
 * Parse @data[0..@size) into @img and check it (pv-abi 1.2, 1.4, and the
 * required-features rule). @return 0, or -ENOEXEC (not an image we can
 * run) / -EINVAL (inconsistent addresses) with *@why set to a short reason.
 */
int pv_image_parse(struct pv_image *img, const void *data, size_t size,
		   const char **why);

#endif
