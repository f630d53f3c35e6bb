/* SPDX-License-Identifier: MIT */
/*
 * The guest's clock: vcpu_time_info in each vCPU's vcpu_info (pv-abi 2.x,
 * Xen's update_vcpu_system_time). The record comes from
 * time_pvclock_record() (arch/x86/time.c), which makes the guest's
 * formula reproduce now_ns() exactly from any record; so it is written
 * whenever convenient (each time the vCPU is switched in, and when its
 * vcpu_info moves) and guest time is the same on every pCPU and never
 * steps back. The version is odd while the record changes; x86 keeps
 * stores in order, so compiler barriers suffice between the writes.
 */
#include <satori/domain.h>
#include <satori/sched.h>

#include <asm/time.h>

#include <public/xen.h>

#include "pvclock.h"

void pv_update_vcpu_time(struct vcpu *v)
{
	volatile struct vcpu_time_info *t;
	uint64_t stamp, sys;
	uint32_t mul, version;
	int8_t shift;

	if (!v->vcpu_info || is_idle_vcpu(v))
		return;
	t = &v->vcpu_info->time;
	time_pvclock_record(&stamp, &sys, &mul, &shift);
	version = t->version;
	t->version = (version + 1) | 1;
	barrier();
	t->tsc_timestamp = stamp;
	t->system_time = sys;
	t->tsc_to_system_mul = mul;
	t->tsc_shift = shift;
	t->flags = tsc_invariant ? XEN_PVCLOCK_TSC_STABLE_BIT : 0;
	barrier();
	t->version = (version + 2) & ~1u;
}
