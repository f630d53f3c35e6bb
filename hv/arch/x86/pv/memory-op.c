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
#include <satori/machine-map.h>
#include <satori/mm.h>
#include <satori/spinlock.h>

#include <asm/iomem-deny.h>
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

/* Entries the machine map can have: the host's (BOOT_MAX_MEM_RANGES at
 * most), and one per denied range in front of each and after the last. */
#define MACHINE_MAP_MAX (2 * BOOT_MAX_MEM_RANGES + IOMEM_HV_RANGES_MAX + 1)

/* Too large for the stack; machine_map_lock guards both. */
static struct boot_mem_range machine_map[MACHINE_MAP_MAX];
static struct boot_mem_range machine_map_host[BOOT_MAX_MEM_RANGES];
static DEFINE_SPINLOCK(machine_map_lock);

/* Build the control domain's machine map into machine_map[]; the host
 * range count to *@nr_host. */
static unsigned int machine_map_fill(unsigned int *nr_host_out)
{
	struct pfn_range denied[IOMEM_HV_RANGES_MAX];
	const struct boot_mem_range *r;
	unsigned int nr_host = 0, nr_denied = iomem_hv_ranges(denied);

	while (nr_host < BOOT_MAX_MEM_RANGES && (r = host_e820_range(nr_host)))
		machine_map_host[nr_host++] = *r;
	*nr_host_out = nr_host;
	return machine_map_build(machine_map_host, nr_host, denied, nr_denied,
				 iomem_pfn_limit(), machine_map,
				 MACHINE_MAP_MAX);
}

static int machine_map_copy_out(uint64_t buf, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		struct xen_e820_entry ent = { machine_map[i].start,
					      machine_map[i].len,
					      machine_map[i].type };

		if (copy_to_guest_raw(buf + i * sizeof(ent), &ent, sizeof(ent)))
			return -EFAULT;
	}
	return 0;
}

/* Xen's checks of a buffer, in Xen's order: room for the host's entries
 * and one more, then a buffer in guest space, then room for the whole
 * map and one more (Xen finds that out while writing). */
static long machine_map_check(const struct xen_memory_map *map,
			      unsigned int nr_host, unsigned int nr)
{
	if (map->nr_entries < nr_host + 1)
		return -EINVAL;
	if (!guest_range_ok(map->buffer.p,
			    (uint64_t)map->nr_entries *
				    sizeof(struct xen_e820_entry)))
		return -EFAULT;
	return map->nr_entries < nr + 1 ? -EINVAL : 0;
}

/*
 * The host E820 for a privileged domain, with the I/O frames it may not
 * map listed as reserved where they fall into holes (satori/machine-map.h).
 * With a NULL buffer only the count is reported.
 */
static long machine_memory_map(uint64_t arg)
{
	struct xen_memory_map map;
	unsigned int nr, nr_host;
	long rc = 0;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest_raw(&map, arg, sizeof(map)))
		return -EFAULT;
	spin_lock(&machine_map_lock);
	nr = machine_map_fill(&nr_host);
	if (map.buffer.p)
		rc = machine_map_check(&map, nr_host, nr);
	if (!rc && map.buffer.p)
		rc = machine_map_copy_out(map.buffer.p, nr);
	spin_unlock(&machine_map_lock);
	if (rc)
		return rc;
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
