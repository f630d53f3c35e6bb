/* SPDX-License-Identifier: MIT */
/*
 * The parts of HYPERVISOR_vcpu_op (pv/vcpu-op.c) that live in their own
 * files: the initial register state, the registered vcpu_info and the
 * runstate area.
 */
#ifndef PV_VCPU_OP_H
#define PV_VCPU_OP_H

#include <satori/domain.h>

#include <public/xen.h>

/*
 * VCPUOP_initialise for @v (offline, not yet initialised; caller holds
 * v->domain->lock): check @c as Xen's arch_set_info_guest does for a
 * 64-bit PV guest, reference its L4(s), load it. @return 0 or -EINVAL,
 * with @v unchanged on error.
 */
long pv_vcpu_initialise(struct vcpu *v, const struct vcpu_guest_context *c);

/*
 * VCPUOP_register_vcpu_info: move @v's vcpu_info to offset @offset of
 * guest frame @mfn (Xen's checks and errors: -ENXIO, -EINVAL).
 */
long pv_map_vcpu_info(struct vcpu *v, uint64_t mfn, uint32_t offset);

#endif
