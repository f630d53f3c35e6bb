/* SPDX-License-Identifier: MIT */
/*
 * The guest clock record and the secondary time area (pv/pvclock.c),
 * and the runstate area (pv/runstate-area.c): what the context switch
 * refreshes.
 */
#ifndef PV_PVCLOCK_H
#define PV_PVCLOCK_H

#include <satori/domain.h>

/* Rewrite @v's vcpu_time_info (if it has a vcpu_info) with the version
 * protocol, then its secondary time area (if registered) with the same
 * record. On @v's CPU while it runs, or while it cannot run; cheap. */
void pv_update_vcpu_time(struct vcpu *v);

/*
 * VCPUOP_register_vcpu_time_memory_area for @v, argument (struct
 * vcpu_register_time_memory_area: one guest VA) at @arg: -EFAULT if
 * unreadable or the 32-byte area is not all guest addresses (Xen's
 * guest_handle_okay); otherwise 0 (VA 0 unregisters). Both records are
 * written at once when @v is the caller or down, else at its next
 * switch-in; a write that faults is ignored, as Xen.
 */
long pv_register_time_area(struct vcpu *v, uint64_t arg);

/*
 * VCPUOP_register_runstate_memory_area for @v, argument at @arg: -EFAULT
 * if unreadable or the address is not a guest address (Xen's
 * guest_handle_okay); otherwise 0, and the area is written at once
 * (errors ignored, as Xen).
 */
long pv_register_runstate_area(struct vcpu *v, uint64_t arg);

/* Write @v's runstate to its registered area through the current page
 * tables (which must be @v's domain's); faults are ignored. */
void pv_runstate_area_update(struct vcpu *v);

#endif
