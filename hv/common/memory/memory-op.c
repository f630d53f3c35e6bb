/* SPDX-License-Identifier: MIT */
/*
 * memory_op (hypercall 12), the generic subops: argument decoding, the
 * domain a request names and whether the caller may touch it, and the
 * continuation of long reservation requests (the next extent travels in
 * cmd's upper bits, as in Xen). The reservation subops report errors as
 * Xen does: by returning how many extents were done, never -errno.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/memory-op.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/param.h>

#include <public/memory.h>
#include <public/xen.h>

#include "memory-private.h"

/* memop_log: after each reservation or exchange call, log what it did to
 * the domain's tot_pages and to the heap's free frames (boot tests check
 * that the two move together). */
static bool opt_memop_log;
boolean_param("memop_log", opt_memop_log);

static const char *const memop_names[] = {
	[XENMEM_increase_reservation] = "increase_reservation",
	[XENMEM_decrease_reservation] = "decrease_reservation",
	[XENMEM_populate_physmap] = "populate_physmap",
	[XENMEM_exchange] = "exchange",
};

void memop_account_start(struct memop_account *acc, const struct domain *d,
			 long first)
{
	acc->first = first;
	acc->tot = __atomic_load_n(&d->tot_pages, __ATOMIC_RELAXED);
	acc->free = mm_free_pages();
}

void memop_account_log(const struct memop_account *acc, const struct domain *d,
		       unsigned int op, long done, long nr)
{
	unsigned long tot = __atomic_load_n(&d->tot_pages, __ATOMIC_RELAXED);

	if (!opt_memop_log)
		return;
	printk("memop: d%u %s: extents %ld..%ld of %ld: tot_pages %+ld (%lu), free frames %+ld\n",
	       d->domain_id, memop_names[op], acc->first, done, nr,
	       (long)(tot - acc->tot), tot,
	       (long)(mm_free_pages() - acc->free));
}

/* Xen's NUMA limits: node numbers the public flags may carry, and how
 * many nodes exist (satori has one node; Xen's MAX_NUMNODES is 64). */
#define MEMOP_NUMA_NO_NODE 0xffu
#define MEMOP_MAX_NUMNODES 64u

bool memop_may_target(const struct domain *d)
{
	const struct domain *self = current->domain;

	return d == self || self->is_privileged;
}

unsigned int memop_address_bits(uint32_t flags)
{
	unsigned int bits = XENMEMF_get_address_bits(flags);
	unsigned int host_bits = PAGE_SHIFT;

	while (host_bits < 64 && (1UL << (host_bits - PAGE_SHIFT)) < max_page)
		host_bits++;
	return bits < host_bits ? bits : 0;
}

int memop_decode_mem_flags(uint32_t flags, struct memop_args *a)
{
	unsigned int node = XENMEMF_get_node(flags);

	a->address_bits = memop_address_bits(flags);
	if (a->address_bits && a->address_bits <= PAGE_SHIFT)
		return -EINVAL;
	/* A virtual node needs a vNUMA layout, which no domain has: the
	 * request is then ignored, as in Xen. */
	if ((flags & XENMEMF_vnode) || node == MEMOP_NUMA_NO_NODE)
		return 0;
	if (current->domain->is_privileged)
		return node < MEMOP_MAX_NUMNODES ? 0 : -EINVAL;
	return (flags & XENMEMF_exact_node_request) ? -EINVAL : 0;
}

static void run_reservation(unsigned int op, struct memop_args *a)
{
	switch (op) {
	case XENMEM_increase_reservation:
		memop_increase_reservation(a);
		break;
	case XENMEM_decrease_reservation:
		memop_decrease_reservation(a);
		break;
	default:
		memop_populate_physmap(a);
		break;
	}
}

/* increase_reservation, decrease_reservation, populate_physmap: every
 * refusal returns the extents done so far (@start on entry). */
static long reservation_op(unsigned int op, uint64_t start, uint64_t arg)
{
	struct xen_memory_reservation r;
	struct memop_args a = { 0 };
	struct memop_account acc;
	uint64_t args[HYPERCALL_MAX_ARGS] = { 0 };

	if (copy_from_guest_raw(&r, arg, sizeof(r)))
		return (long)start;
	/* Too many extents to encode a continuation, or nothing left. */
	if (r.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) ||
	    start >= r.nr_extents)
		return (long)start;
	a.d = get_domain_by_any_id(r.domid);
	if (!a.d)
		return (long)start;
	if (memop_decode_mem_flags(r.mem_flags, &a) || !memop_may_target(a.d)) {
		put_domain(a.d);
		return (long)start;
	}
	a.extent_list = r.extent_start.p;
	a.nr_extents = (unsigned int)r.nr_extents;
	a.extent_order = r.extent_order;
	a.populate_on_demand = op == XENMEM_populate_physmap &&
			       (r.mem_flags & XENMEMF_populate_on_demand);
	a.nr_done = (unsigned int)start;
	memop_account_start(&acc, a.d, a.nr_done);
	run_reservation(op, &a);
	memop_account_log(&acc, a.d, op, a.nr_done, a.nr_extents);
	put_domain(a.d);
	if (!a.preempted)
		return a.nr_done;
	args[0] = op | ((uint64_t)a.nr_done << MEMOP_EXTENT_SHIFT);
	args[1] = arg;
	return hypercall_create_continuation(__HYPERVISOR_memory_op, args);
}

/* current_reservation, maximum_reservation, maximum_gpfn of a domain. */
static long domain_stat(unsigned int op, uint64_t arg)
{
	struct xen_memory_domain md;
	struct domain *d;
	long rc;

	if (copy_from_guest_raw(&md, arg, sizeof(md)))
		return -EFAULT;
	d = get_domain_by_any_id(md.domid);
	if (!d)
		return -ESRCH;
	if (!memop_may_target(d))
		rc = -EPERM;
	else if (op == XENMEM_current_reservation)
		rc = (long)__atomic_load_n(&d->tot_pages, __ATOMIC_RELAXED);
	else if (op == XENMEM_maximum_reservation)
		rc = (long)d->max_pages;
	else
		rc = (long)arch_domain_max_gpfn(d);
	put_domain(d);
	return rc;
}

long do_memory_op(uint64_t cmd, uint64_t arg)
{
	unsigned int op = cmd & MEMOP_CMD_MASK;
	uint64_t start = cmd >> MEMOP_EXTENT_SHIFT;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return reservation_op(op, start, arg);
	case XENMEM_exchange:
		return start ? -EINVAL : memory_exchange(arg);
	case XENMEM_maximum_ram_page:
		return start ? -EINVAL : (long)max_page;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		return start ? -EINVAL : domain_stat(op, arg);
	default:
		return arch_memory_op(cmd, arg);
	}
}
