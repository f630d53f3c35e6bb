/* SPDX-License-Identifier: MIT */
/*
 * The kernel image a domain is built from: a raw ELF64 module as it is,
 * or a Linux bzImage whose XZ payload is decompressed into a temporary
 * xenheap buffer first (freed once the image is loaded), then parsed by
 * the loader (satori/xen-elf.h).
 */
#include <satori/bzimage.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/xmalloc.h>

#include "dom-build-private.h"

static unsigned int order_for(size_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static int decompress(struct pv_build *b, const struct bzimage_info *bi,
		      const char **why)
{
	struct xz_work *work;
	size_t out_len = 0;
	int rc;

	b->decomp_order = order_for(bi->image_size);
	if (b->decomp_order > MAX_ORDER) {
		*why = "decompressed kernel larger than 1 GiB";
		return -E2BIG;
	}
	work = xmalloc(struct xz_work);
	b->decomp = alloc_xenheap_pages(b->decomp_order);
	if (!work || !b->decomp) {
		xfree(work);
		*why = "no memory to decompress the kernel";
		return -ENOMEM;
	}
	rc = bzimage_decompress(bi, b->decomp, PAGE_SIZE << b->decomp_order,
				&out_len, work, why);
	xfree(work);
	b->image = b->decomp;
	b->image_len = out_len;
	return rc;
}

int pv_kernel_open(struct pv_build *b, const char **why)
{
	const struct pv_build_args *a = b->args;
	struct bzimage_info bi;
	int rc;

	b->image = a->kernel;
	b->image_len = a->kernel_len;
	if (bzimage_is(a->kernel, a->kernel_len)) {
		rc = bzimage_parse(a->kernel, a->kernel_len, &bi);
		if (rc) {
			*why = bi.error;
			return rc;
		}
		printk("%s: bzImage protocol %#x, %zu-byte payload -> %zu bytes\n",
		       a->name, bi.version, bi.payload_len, bi.image_size);
		rc = decompress(b, &bi, why);
		if (rc)
			return rc;
	}
	rc = xen_elf_parse(b->image, b->image_len, &b->elf);
	if (rc)
		*why = b->elf.error;
	return rc;
}

void pv_kernel_close(struct pv_build *b)
{
	free_xenheap_pages(b->decomp, b->decomp_order);
	b->decomp = NULL;
}
