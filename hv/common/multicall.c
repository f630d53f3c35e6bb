/* SPDX-License-Identifier: MIT */
/*
 * multicall: run a guest-supplied list of hypercalls in one trap. Each
 * 64-byte entry (op, result, args[6]) goes through hypercall_dispatch()
 * exactly as if the guest had made the call, and its return value is
 * written back into the entry's result. A failing entry does not stop
 * the batch; only a bad list does (-EFAULT). Semantics are Xen's
 * (common/multicall.c): a multicall inside a multicall gets -EINVAL in
 * its entry, an iret entry ends the batch and its result becomes the
 * multicall's return value. Guests may rely on nothing in an entry but
 * result afterwards.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/multicall.h>
#include <satori/string.h>

#include <public/xen.h>

/* Where the result field lies in an entry. */
#define MC_RESULT_OFFSET 8

/*
 * Debug builds overwrite each processed entry with 0xaa bytes before its
 * result goes back, as Xen's do, so that a guest relying on anything but
 * result after the call is caught in testing rather than on a release.
 */
static void poison_entry(uint64_t entry_va)
{
	struct multicall_entry junk;

	if (!CONFIG_DEBUG)
		return;
	memset(&junk, 0xaa, sizeof(junk));
	(void)copy_to_guest_raw(entry_va, &junk, sizeof(junk));
}

/* One entry: @return 0 to go on, 1 to end the batch with *@rc. */
static int run_entry(uint64_t entry_va, long *rc)
{
	struct multicall_entry e;
	uint64_t args[HYPERCALL_MAX_ARGS];
	unsigned int i;
	long result;

	if (copy_from_guest_raw(&e, entry_va, sizeof(e))) {
		*rc = -EFAULT;
		return 1;
	}
	for (i = 0; i < HYPERCALL_MAX_ARGS; i++)
		args[i] = e.args[i];
	/* Numbers beyond 32 bits name no hypercall (Xen: -ENOSYS). */
	result = e.op > 0xffffffffULL
			 ? -ENOSYS
			 : hypercall_dispatch((unsigned int)e.op, args);
	poison_entry(entry_va);

	if (copy_to_guest_raw(entry_va + MC_RESULT_OFFSET, &result,
			      sizeof(result))) {
		/* After an iret the write-back is best effort, as in Xen. */
		*rc = e.op == __HYPERVISOR_iret ? result : -EFAULT;
		return 1;
	}
	if (e.op == __HYPERVISOR_iret) {
		*rc = result;
		return 1;
	}
	return 0;
}

long do_multicall(uint64_t call_list, uint64_t nr_calls)
{
	struct vcpu *v = current;
	/* Xen's count is a uint32_t. */
	uint32_t nr = (uint32_t)nr_calls;
	uint32_t i;
	long rc = 0;

	if (v->in_multicall)
		return -EINVAL;
	if (nr > MULTICALL_MAX_ENTRIES)
		return -E2BIG;
	if (!guest_range_ok(call_list,
			    (size_t)nr * sizeof(struct multicall_entry)))
		return -EFAULT;

	v->in_multicall = true;
	for (i = 0; i < nr; i++) {
		if (run_entry(call_list +
				      (uint64_t)i *
					      sizeof(struct multicall_entry),
			      &rc))
			break;
	}
	v->in_multicall = false;
	return rc;
}
