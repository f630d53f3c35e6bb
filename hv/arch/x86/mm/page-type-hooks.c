/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's side of the frame-type core's hooks: frames are read
 * through the direct map (inline, asm/page-type.h), the hypervisor L4
 * slots come from the idle L4, and the TLB-flush clock is
 * asm/tlb-clock.h (flush only CPUs that have not flushed since the
 * frame's last type-dependent mapping went). A
 * freed frame leaves its owner's page list here. No I/O or
 * cache-attribute privilege exists yet, so those are refused; descriptor
 * pages get Xen's descriptor check.
 */
#include <asm/page-type.h>

#include <satori/boot-info.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/hypercall.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/smp.h>

#include <asm/acpi.h>
#include <asm/cpufeature.h>
#include <asm/guest-msix.h>
#include <asm/iomem-deny.h>
#include <asm/layout.h>
#include <asm/m2p.h>
#include <asm/mm.h>
#include <asm/pv-desc.h>
#include <asm/tlb-clock.h>

_Static_assert(PT_HV_FIRST_L4_SLOT == HV_FIRST_L4_SLOT &&
		       PT_HV_LAST_L4_SLOT == HV_LAST_L4_SLOT,
	       "hypervisor L4 slots");

/* The heap is made of whole pages of E820 RAM only
 * (memmap_build_free_list), so the core's shortcut for heap frames
 * (pt_is_io_frame) agrees with this walk, which answers the rest. */
bool pt_hook_is_io_frame(mfn_t mfn)
{
	if (!mfn_valid(mfn))
		return true;
	/* Wholly RAM is not I/O (0x9f000 is only partly RAM). */
	return !host_e820_page_is_ram((paddr_t)mfn_x(mfn) << PAGE_SHIFT);
}

/* The offset bits of a physical address within its page. */
#define PAGE_OFFSET_MASK ((paddr_t)(1u << PAGE_SHIFT) - 1)

static bool is_hpet_frame(mfn_t mfn)
{
	paddr_t pa = (paddr_t)mfn_x(mfn) << PAGE_SHIFT;

	return acpi_hpet_address &&
	       pa == (acpi_hpet_address & ~PAGE_OFFSET_MASK);
}

unsigned int iomem_hv_ranges(struct pfn_range *out)
{
	unsigned int n = 0;

	if (acpi_lapic_address)
		out[n++] =
			(struct pfn_range){ acpi_lapic_address >> PAGE_SHIFT,
					    acpi_lapic_address >> PAGE_SHIFT };
	for (unsigned int i = 0; i < acpi_nr_ioapics; i++)
		out[n++] = (struct pfn_range){
			acpi_ioapics[i].address >> PAGE_SHIFT,
			acpi_ioapics[i].address >> PAGE_SHIFT
		};
	out[n++] =
		(struct pfn_range){ MSI_WINDOW_FIRST_PFN, MSI_WINDOW_LAST_PFN };
	return pfn_ranges_normalise(out, n);
}

bool iomem_hv_frame(uint64_t pfn)
{
	struct pfn_range r[IOMEM_HV_RANGES_MAX];
	unsigned int n = iomem_hv_ranges(r);

	for (unsigned int i = 0; i < n; i++)
		if (pfn >= r[i].first && pfn <= r[i].last)
			return true;
	return false;
}

uint64_t iomem_pfn_limit(void)
{
	unsigned int bits = boot_cpu_features.phys_addr_bits;

	return 1ULL << ((bits ? bits : 36) - PAGE_SHIFT);
}

/* The frames of the devices the hypervisor drives itself (the local
 * APIC, the IO-APICs) and the MSI window: Xen denies dom0 these too. */
static bool is_hv_device_frame(mfn_t mfn)
{
	return iomem_hv_frame(mfn_x(mfn));
}

/*
 * The control domain (dom0) may map any other I/O frame, as under Xen,
 * whose dom0 iomem capabilities cover the non-RAM the hypervisor does not
 * use: dom0 drives the hardware (Linux maps the BIOS ROM for DMI and ACPI
 * during setup_arch). No other domain has iomem permissions yet.
 */
bool pt_hook_iomem_allowed(const struct domain *d, mfn_t mfn)
{
	return d && d->is_privileged && !is_hv_device_frame(mfn);
}

/* The HPET, which the hypervisor's clock uses, is read-only to dom0, as
 * in Xen (Linux's ACPI AML reads it while evaluating the HPET's _STA);
 * so are the MSI-X tables and PBAs of devices with mapped entries (Xen's
 * mmio_ro_ranges), whose messages the hypervisor owns. */
bool pt_hook_iomem_read_only(mfn_t mfn)
{
	return is_hpet_frame(mfn) || guest_msix_ro_frame(mfn_x(mfn));
}

/* Cache attributes (PWT, PCD, PAT) in L1 entries: for the control domain,
 * which maps device memory and firmware tables uncached (Linux dom0's
 * ioremap of the ACPI tables). Xen allows them to every PV guest. */
bool pt_hook_cache_attrs_allowed(const struct domain *d)
{
	return d && d->is_privileged;
}

/* Called only from hypercalls (the preemptible operations). */
bool pt_hook_preempt_check(void)
{
	return hypercall_preempt_check();
}

void pt_hook_type_released(struct page_info *pg)
{
	tlb_clock_stamp(pg);
}

void pt_hook_type_change_flush(struct page_info *pg)
{
	tlb_clock_flush_for(pg);
}

void pt_hook_fill_hv_l4_slots(pte_t *l4, mfn_t mfn)
{
	(void)mfn;
	for (unsigned int i = HV_FIRST_L4_SLOT; i <= HV_LAST_L4_SLOT; i++)
		l4[i] = idle_pg_table[i];
}

int pt_hook_check_desc_page(mfn_t mfn)
{
	/* Fixes DPLs up in place, as Xen does (asm/pv-desc.h). */
	return pv_check_desc_table(page_to_virt(mfn_to_page(mfn)));
}

void pt_hook_free_page(struct page_info *pg)
{
	if (pg->count_info & PGC_xen_heap) {
		/* A hypervisor page shared with its domain (shared_info): it
		 * goes back to the domain code, which frees it. */
		return;
	}
	/* A domain's frame also leaves its owner's list and tot_pages. */
	if (pg->owner) {
		domain_free_page(pg);
		return;
	}
	/* An orphan (its domain is gone): a foreign table held the last
	 * reference, and a CPU may still cache that mapping. */
	tlb_clock_stamp(pg);
	tlb_clock_flush_for(pg);
	m2p_set(page_to_mfn(pg), INVALID_M2P_ENTRY);
	/* free_domheap_pages() takes frames still marked allocated; here the
	 * allocation's own reference (the last one) has already gone. */
	pg->count_info |= PGC_allocated;
	free_domheap_pages(pg, 0);
}
