/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_nmi_op(cmd, arg): a PV kernel (dom0) registers where virtual
 * NMIs enter it, and reads why an NMI happened from
 * shared_info.arch.nmi_reason.
 */
#ifndef PUBLIC_NMI_H
#define PUBLIC_NMI_H

#include "xen.h"

/* Bits of arch_shared_info.nmi_reason. */
#define _XEN_NMIREASON_io_error 0
#define XEN_NMIREASON_io_error (1UL << _XEN_NMIREASON_io_error)
#define _XEN_NMIREASON_pci_serr 1
#define XEN_NMIREASON_pci_serr (1UL << _XEN_NMIREASON_pci_serr)
#define _XEN_NMIREASON_unknown 2
#define XEN_NMIREASON_unknown (1UL << _XEN_NMIREASON_unknown)

#define XENNMI_register_callback 0   /* arg: struct xennmi_callback. */
#define XENNMI_unregister_callback 1 /* arg unused. */

#ifndef __ASSEMBLY__

struct xennmi_callback {
	unsigned long handler_address;
	unsigned long pad;
};
typedef struct xennmi_callback xennmi_callback_t;
DEFINE_XEN_GUEST_HANDLE(xennmi_callback_t);

XEN_ABI_SIZE(struct xennmi_callback, 16);

#endif /* !__ASSEMBLY__ */

#endif
