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
 * result afterwards. A long batch is preempted between entries, and an
 * entry whose own call asks for a continuation gets its new arguments
 * written back; either way the multicall is re-issued for the entries
 * left (Xen's semantics: the list pointer and count advanced).
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/string.h>

#include <public/xen.h>

/* Where the result field lies in an entry. */
#define MC_RESULT_OFFSET 8
#define MC_ENTRY_SIZE sizeof(struct multicall_entry)

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

/* What run_entry() tells the loop. */
enum mc_step {
	MC_NEXT,      /* Entry done: go on with the next. */
	MC_END,	      /* Batch over: return *rc. */
	MC_PREEMPTED, /* Entry asked for a continuation: resume at it. */
};

/* The entry's sub-call was preempted: give the entry the arguments it is
 * to be re-run with (its op and result stay), instead of a result. */
static enum mc_step save_continuation(uint64_t entry_va,
				      struct multicall_entry *e, long *rc)
{
	struct vcpu *v = current;
	unsigned int i;

	v->hcall_cont.pending = false;
	for (i = 0; i < HYPERCALL_MAX_ARGS; i++)
		e->args[i] = v->hcall_cont.args[i];
	if (copy_to_guest_raw(entry_va, e, sizeof(*e))) {
		*rc = -EFAULT;
		return MC_END;
	}
	return MC_PREEMPTED;
}

static enum mc_step run_entry(uint64_t entry_va, long *rc)
{
	struct multicall_entry e;
	uint64_t args[HYPERCALL_MAX_ARGS];
	unsigned int i;
	long result;

	if (copy_from_guest_raw(&e, entry_va, sizeof(e))) {
		*rc = -EFAULT;
		return MC_END;
	}
	for (i = 0; i < HYPERCALL_MAX_ARGS; i++)
		args[i] = e.args[i];
	/* Numbers beyond 32 bits name no hypercall (Xen: -ENOSYS). */
	result = e.op > 0xffffffffULL
			 ? -ENOSYS
			 : hypercall_dispatch((unsigned int)e.op, args);
	if (current->hcall_cont.pending)
		return save_continuation(entry_va, &e, rc);
	poison_entry(entry_va);

	if (copy_to_guest_raw(entry_va + MC_RESULT_OFFSET, &result,
			      sizeof(result))) {
		/* After an iret the write-back is best effort, as in Xen. */
		*rc = e.op == __HYPERVISOR_iret ? result : -EFAULT;
		return MC_END;
	}
	if (e.op == __HYPERVISOR_iret) {
		*rc = result;
		return MC_END;
	}
	return MC_NEXT;
}

/* Re-issue the multicall for the @left entries from @list on. */
static long continue_multicall(uint64_t list, uint32_t left)
{
	const uint64_t args[HYPERCALL_MAX_ARGS] = { list, left };

	return hypercall_create_continuation(__HYPERVISOR_multicall, args);
}

__hot_path long do_multicall(uint64_t call_list, uint64_t nr_calls)
{
	struct vcpu *v = current;
	/* Xen's count is a uint32_t. */
	uint32_t nr = (uint32_t)nr_calls;
	uint32_t i;
	uint64_t entry_va;
	enum mc_step step = MC_NEXT;
	long rc = 0;

	if (v->in_multicall)
		return -EINVAL;
	if (!guest_range_ok(call_list,
			    (size_t)nr * sizeof(struct multicall_entry)))
		return -EFAULT;

	v->in_multicall = true;
	for (i = 0; i < nr; i++) {
		entry_va = call_list + (uint64_t)i * MC_ENTRY_SIZE;
		/* Never before the first entry, so every pass makes progress. */
		if (i && hypercall_preempt_check()) {
			step = MC_PREEMPTED;
			break;
		}
		step = run_entry(entry_va, &rc);
		if (step != MC_NEXT)
			break;
	}
	v->in_multicall = false;
	if (step == MC_PREEMPTED)
		return continue_multicall(entry_va, nr - i);
	return rc;
}
