/* SPDX-License-Identifier: MIT */
/*
 * memory_op, the x86 subops (Xen's arch_memory_op and subarch_memory_op):
 * the domain's pseudo-physical memory map, the host's E820 for dom0, and
 * where the read-only M2P is and which frames back it. Each copies its
 * argument struct in first (-EFAULT), then applies Xen's checks.
 */
#include <satori/boot-info.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/memory-op.h>
#include <satori/mm.h>

#include <asm/layout.h>
#include <asm/m2p.h>
#include <asm/mm.h>

#include <public/memory.h>
#include <public/xen.h>

_Static_assert(RO_M2P_START == MACH2PHYS_VIRT_START &&
		       RO_M2P_END == MACH2PHYS_VIRT_END,
	       "the M2P is where the ABI says");

unsigned long arch_domain_max_gpfn(const struct domain *d)
{
	/* The guest writes max_pfn (a pfn count) into shared_info. */
	unsigned long nr = __atomic_load_n(&d->shared_info->arch.max_pfn,
					   __ATOMIC_RELAXED);

	return (nr ? nr : 1) - 1;
}

/*
 * No domain has a pseudo-physical map set (XENMEM_set_memory_map, a
 * toolstack call, does not exist here), and Xen then answers -ENOSYS:
 * Linux assumes one RAM range of nr_pages frames. This is Xen's answer,
 * not a missing feature, so it is not logged.
 */
static long memory_map(uint64_t arg)
{
	struct xen_memory_map map;

	if (copy_from_guest_raw(&map, arg, sizeof(map)))
		return -EFAULT;
	return -ENOSYS;
}

static unsigned int host_e820_count(void)
{
	unsigned int n = 0;

	while (host_e820_range(n))
		n++;
	return n;
}

/*
 * The host E820, for a privileged domain. Xen wants room for one entry
 * more than the map has, and with a NULL buffer reports the count only.
 * Xen also lists MMIO holes the domain may not access as reserved; no
 * domain has I/O memory access here, so the map is the host's as is.
 */
static long machine_memory_map(uint64_t arg)
{
	unsigned int nr = host_e820_count();
	struct xen_memory_map map;
	struct xen_e820_entry ent;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest_raw(&map, arg, sizeof(map)))
		return -EFAULT;
	if (map.buffer.p) {
		if (map.nr_entries < nr + 1)
			return -EINVAL;
		if (!guest_range_ok(map.buffer.p,
				    (uint64_t)map.nr_entries * sizeof(ent)))
			return -EFAULT;
		for (unsigned int i = 0; i < nr; i++) {
			const struct boot_mem_range *r = host_e820_range(i);

			ent = (struct xen_e820_entry){ r->start, r->len,
						       r->type };
			if (copy_to_guest_raw(map.buffer.p + i * sizeof(ent),
					      &ent, sizeof(ent)))
				return -EFAULT;
		}
	}
	map.nr_entries = nr;
	return copy_to_guest_raw(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

/* Where the read-only M2P is. The initial domain is told the highest MFN
 * this machine has; others the largest the area could hold (Xen). */
static long machphys_mapping(uint64_t arg)
{
	struct xen_machphys_mapping m = {
		.v_start = MACH2PHYS_VIRT_START,
		.v_end = MACH2PHYS_VIRT_END,
		.max_mfn = MACH2PHYS_NR_ENTRIES - 1,
	};

	if (current->domain->is_initdomain)
		m.max_mfn = max_page - 1;
	return copy_to_guest_raw(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/* The first MFN of each 2 MiB block of the M2P, up to max_extents. */
static long machphys_mfn_list(uint64_t arg)
{
	struct xen_machphys_mfn_list l;
	unsigned long n = m2p_nr_chunks(), i;

	if (copy_from_guest_raw(&l, arg, sizeof(l)))
		return -EFAULT;
	for (i = 0; i != l.max_extents && i < n; i++) {
		uint64_t mfn = mfn_x(m2p_chunk_mfn(i));

		if (copy_to_guest_raw(l.extent_start.p + i * sizeof(mfn), &mfn,
				      sizeof(mfn)))
			return -EFAULT;
	}
	l.nr_extents = (unsigned int)i;
	return copy_to_guest_raw(arg, &l, sizeof(l)) ? -EFAULT : 0;
}

long arch_memory_op(uint64_t cmd, uint64_t arg)
{
	switch (cmd) {
	case XENMEM_memory_map:
		return memory_map(arg);
	case XENMEM_machine_memory_map:
		return machine_memory_map(arg);
	case XENMEM_machphys_mapping:
		return machphys_mapping(arg);
	case XENMEM_machphys_mfn_list:
		return machphys_mfn_list(arg);
	case XENMEM_machphys_compat_mfn_list:
		/* Xen's answer when 32-bit PV guests are disabled. */
		return -EOPNOTSUPP;
	default:
		/* Continuation bits on a subop that has none: Xen's switch
		 * matches nothing. */
		if (cmd > MEMOP_CMD_MASK)
			return -ENOSYS;
		return hypercall_enosys(__HYPERVISOR_memory_op,
					(unsigned int)cmd);
	}
}
