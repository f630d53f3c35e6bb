/* SPDX-License-Identifier: MIT */
/*
 * The PV console page (start_info.console.domU.mfn): two byte rings, input
 * to the guest and output from it, with free-running indices. The console
 * event channel signals index changes in both directions. Layout of Xen
 * 4.17 (3088 bytes used of the page).
 */
#ifndef PUBLIC_IO_CONSOLE_H
#define PUBLIC_IO_CONSOLE_H

#include "../xen-types.h"

#ifndef __ASSEMBLY__

typedef uint32_t XENCONS_RING_IDX;

/* Index into a ring array whose size is a power of two. */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];	/* Written by the backend, read by the guest. */
	char out[2048]; /* Written by the guest, read by the backend. */
	XENCONS_RING_IDX in_cons, in_prod;
	XENCONS_RING_IDX out_cons, out_prod;
};

XEN_ABI_SIZE(struct xencons_interface, 3088);
XEN_ABI_OFFSET(struct xencons_interface, out, 1024);
XEN_ABI_OFFSET(struct xencons_interface, in_cons, 3072);
XEN_ABI_OFFSET(struct xencons_interface, out_prod, 3084);

#endif /* !__ASSEMBLY__ */

#endif
