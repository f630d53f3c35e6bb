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
 *
 * A vCPU may also register a secondary copy at a guest virtual address
 * (VCPUOP_register_vcpu_time_memory_area; Linux maps it into its vDSO).
 * It receives the same record with the same version steps right after
 * vcpu_info, through the page tables loaded at the time, as Xen's
 * update_secondary_system_time does. If the first write faults while
 * the vCPU is in guest user mode (a kernel address, not mapped in the
 * user page tables), the copy is rewritten on its next entry to kernel
 * mode, as Xen's pending_system_time is.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/sched.h>

#include <asm/time.h>

#include <public/vcpu.h>
#include <public/xen.h>

#include "pvclock.h"

/* Copy @rec (odd version) to @v's secondary area at @va, version first
 * and last. @return false if nothing could be written. */
static bool time_area_write(uint64_t va, struct vcpu_time_info *rec)
{
	if (copy_to_guest_raw(va, &rec->version, sizeof(rec->version)))
		return false;
	barrier();
	(void)copy_to_guest_raw(va, rec, sizeof(*rec));
	barrier();
	rec->version++;
	(void)copy_to_guest_raw(va, &rec->version, sizeof(rec->version));
	return true;
}

static void time_area_update(struct vcpu *v, struct vcpu_time_info *rec)
{
	uint64_t va = __atomic_load_n(&v->arch.time_area, __ATOMIC_RELAXED);

	v->arch.time_area_pending = false;
	if (va && !time_area_write(va, rec) && !v->arch.kernel_mode)
		v->arch.time_area_pending = true;
}

void pv_update_vcpu_time(struct vcpu *v)
{
	volatile struct vcpu_time_info *t;
	struct vcpu_time_info rec = { 0 };
	uint64_t stamp, sys;
	uint32_t mul;
	int8_t shift;

	if (!v->vcpu_info || is_idle_vcpu(v))
		return;
	t = &v->vcpu_info->time;
	time_pvclock_record(&stamp, &sys, &mul, &shift);
	rec.version = (t->version + 1) | 1;
	rec.tsc_timestamp = stamp;
	rec.system_time = sys;
	rec.tsc_to_system_mul = mul;
	rec.tsc_shift = shift;
	rec.flags = tsc_invariant ? XEN_PVCLOCK_TSC_STABLE_BIT : 0;
	t->version = rec.version;
	barrier();
	t->tsc_timestamp = rec.tsc_timestamp;
	t->system_time = rec.system_time;
	t->tsc_to_system_mul = rec.tsc_to_system_mul;
	t->tsc_shift = rec.tsc_shift;
	t->flags = rec.flags;
	barrier();
	t->version = rec.version + 1;
	time_area_update(v, &rec);
}

long pv_register_time_area(struct vcpu *v, uint64_t arg)
{
	struct domain *d = v->domain;
	uint64_t va;

	if (copy_from_guest_raw(&va, arg, sizeof(va)))
		return -EFAULT;
	if (!guest_range_ok(va, sizeof(struct vcpu_time_info)))
		return -EFAULT;
	spin_lock(&d->lock);
	__atomic_store_n(&v->arch.time_area, va, __ATOMIC_RELAXED);
	/*
	 * Write both records now, as Xen does, unless another CPU may be
	 * rewriting them (@v runs elsewhere): then @v's next switch-in does.
	 * vcpu_up() needs d->lock, so a vCPU that is down stays down here.
	 */
	if (v == current || (!v->is_up && !v->is_running))
		pv_update_vcpu_time(v);
	spin_unlock(&d->lock);
	return 0;
}
