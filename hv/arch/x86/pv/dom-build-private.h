/* SPDX-License-Identifier: MIT */
/*
 * State shared by the steps of one PV domain build (dom-build.c and the
 * dom-*.c files it calls). Lives only for the duration of the build.
 */
#ifndef PV_DOM_BUILD_PRIVATE_H
#define PV_DOM_BUILD_PRIVATE_H

#include <asm/pv-build.h>

#include <satori/xen-elf.h>

#include "dom-layout.h"

struct pv_build {
	const struct pv_build_args *args;
	struct domain *d;
	const void *image; /* The ELF image (decompressed if need be). */
	size_t image_len;
	struct xen_elf_info elf;
	void *decomp; /* Decompressed bzImage payload (xenheap), or NULL. */
	unsigned int decomp_order;
	struct pv_layout lay;
	uint64_t v_start;
	unsigned long *p2m;    /* pfn -> mfn for pfns [0, nr_pages). */
	unsigned long pt_pfn;  /* First page-table pfn. */
	uint8_t *pt_level;     /* Level (1-4) of each page-table frame. */
	unsigned long pt_used; /* Page-table frames handed out. */
	unsigned long l4_mfn;
};

/* dom-kernel.c: find and parse the ELF image (decompressing a bzImage);
 * close frees the decompression buffer. */
int pv_kernel_open(struct pv_build *b, const char **why);
void pv_kernel_close(struct pv_build *b);

/* dom-mem.c: the domain's frames and byte-wise access to them. */
int pv_alloc_memory(struct pv_build *b);
void *pv_pfn_to_virt(const struct pv_build *b, unsigned long pfn);
/* Copy @len bytes to pseudo-physical byte address @pa (NULL: zero). */
void pv_copy_to_phys(const struct pv_build *b, uint64_t pa, const void *src,
		     uint64_t len);

/* dom-pt.c: the bootstrap page tables and the frame types. */
void pv_build_page_tables(struct pv_build *b);
int pv_set_frame_types(struct pv_build *b);

/* dom-start.c: start_info, hypercall page, the P2M list, vCPU 0. */
void pv_write_p2m(const struct pv_build *b);
void pv_write_start_info(const struct pv_build *b);
void pv_write_hypercall_page(const struct pv_build *b);
void pv_init_vcpu0(const struct pv_build *b);

#endif
