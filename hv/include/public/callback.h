/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_callback_op(cmd, arg): where the hypervisor enters the guest
 * kernel for events, for a failed return to the guest (failsafe), for
 * SYSCALL from guest user space and for NMIs.
 */
#ifndef PUBLIC_CALLBACK_H
#define PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event 0
#define CALLBACKTYPE_failsafe 1
#define CALLBACKTYPE_syscall 2 /* 64-bit SYSCALL from user space. */
#define CALLBACKTYPE_sysenter_deprecated 3
#define CALLBACKTYPE_nmi 4
#define CALLBACKTYPE_sysenter 5
#define CALLBACKTYPE_syscall32 7 /* SYSCALL from 32-bit user space. */

/* Mask events (clear the virtual IF) when entering through this callback. */
#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events (1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register 0
#define CALLBACKOP_unregister 1

#ifndef __ASSEMBLY__

struct callback_register {
	uint16_t type;	/* CALLBACKTYPE_* */
	uint16_t flags; /* CALLBACKF_* */
	xen_callback_t address;
};
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);

/* Only the NMI callback may be unregistered. */
struct callback_unregister {
	uint16_t type;
	uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);

XEN_ABI_SIZE(struct callback_register, 16);
XEN_ABI_OFFSET(struct callback_register, flags, 2);
XEN_ABI_OFFSET(struct callback_register, address, 8);
XEN_ABI_SIZE(struct callback_unregister, 4);

#endif /* !__ASSEMBLY__ */

#endif
