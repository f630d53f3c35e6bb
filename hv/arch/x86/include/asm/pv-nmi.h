/* SPDX-License-Identifier: MIT */
/*
 * Virtual NMIs for PV vCPUs (pv/nmi.c), Xen's model: one pending bit,
 * delivery on the way back to the guest, masked until HYPERVISOR_iret.
 */
#ifndef ASM_PV_NMI_H
#define ASM_PV_NMI_H

#include <satori/types.h>

struct vcpu;

/* Make an NMI pending for @v and kick it (any context but NMI context;
 * nothing if one is pending already). */
void pv_raise_nmi(struct vcpu *v);

/* VCPUOP_send_nmi on @v: @arg must be 0 (else -EINVAL). @return 0. */
long pv_vcpu_send_nmi(struct vcpu *v, uint64_t arg);

/* Exit path of current @v, interrupts off: bounce to the NMI handler
 * unless an NMI is in progress (until the guest's HYPERVISOR_iret). */
void pv_deliver_nmi(struct vcpu *v);

#endif
