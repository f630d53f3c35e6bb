/* SPDX-License-Identifier: MIT */
/*
 * mmuext_op, set_gdt and update_descriptor for tests, and the frame
 * helpers they need without update_va_mapping: spare frames (the last
 * pfns of the domain, which the builder leaves unmapped, so they can take
 * any type) and reading or filling them with MMUEXT_COPY_PAGE through a
 * page of the test's own.
 */
#ifndef GUEST_MMUEXT_H
#define GUEST_MMUEXT_H

#include <guest/abi.h>
#include <stdint.h>

long hc_mmuext_op(const struct mmuext_op *ops, unsigned int count,
		  unsigned int *done, unsigned int foreigndom);
long hc_set_gdt(const unsigned long *frames, unsigned int entries);
long hc_update_descriptor(uint64_t maddr, uint64_t desc);

/* One operation for DOMID_SELF. */
long mmuext1(unsigned int cmd, uint64_t arg1, uint64_t arg2);

/* The MFN of the test kernel's page at @va (VA = pseudo-physical). */
uint64_t virt_to_mfn(const void *va);

/* The MFN of spare frame @n (0-63): pfn nr_pages - 1 - n, unmapped. */
uint64_t spare_mfn(unsigned int n);

/* Copy the 4096 bytes at @src (mapped, ours) into frame @mfn, and back. */
long frame_write(uint64_t mfn, const void *src);
long frame_read(uint64_t mfn, void *dst);

#endif /* GUEST_MMUEXT_H */
