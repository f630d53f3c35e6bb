/* SPDX-License-Identifier: MIT */
/*
 * The GDT a guest runs with. The hardware GDT must hold the guest's
 * entries (frames it gave with set_gdt, entries 0-7167) followed by the
 * hypervisor's reserved page (entries 7168+), contiguously. Each CPU
 * therefore has a window of virtual pages in the per-domain slot, which
 * every guest L4 shares: pages 0-13 map the running vCPU's GDT frames
 * (hypervisor-only, read-write so the CPU can set accessed bits) or a
 * zeroed page, page 14 maps the CPU's own reserved GDT page. GDTR points
 * at the window from pv_cpu_init() on; the context switch rewrites the
 * 14 guest entries and flushes them with INVLPG (the window is only ever
 * used by its own CPU).
 *
 * The vCPU holds a general and a descriptor-page type reference on each
 * of its GDT frames, so none of them can be mapped writable (or freed)
 * while it may be loaded.
 */
#include <asm/pv-desc.h>

#include <satori/bug.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/mm.h>
#include <satori/string.h>

#include <asm/cpu-ops.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/layout.h>
#include <asm/mm.h>
#include <asm/page-type.h>

#define GDT_GUEST_ENTRY_FLAGS PAGE_HV_RW
#define GDT_ZERO_ENTRY_FLAGS PAGE_HV_RO

/* Each CPU's 14 guest L1 entries of its window. */
static pte_t *window_l1e[NR_CPUS];
static paddr_t zero_frame;

static vaddr_t window_va(unsigned int cpu)
{
	return PV_GDT_WINDOWS_START +
	       (vaddr_t)cpu * PV_GDT_WINDOW_PAGES * PAGE_SIZE;
}

/* The L1 entry that maps @va in the idle tables (which exist). */
static pte_t *idle_l1e(vaddr_t va)
{
	pte_t *t = idle_pg_table;
	static const unsigned int shifts[] = { L4_PAGETABLE_SHIFT,
					       L3_PAGETABLE_SHIFT,
					       L2_PAGETABLE_SHIFT };

	for (unsigned int i = 0; i < ARRAY_SIZE(shifts); i++) {
		pte_t e = t[PT_INDEX(va, shifts[i])];

		BUG_ON(!pte_present(e) || (e & _PAGE_PSE));
		t = phys_to_virt(pte_addr(e));
	}
	return &t[PT_INDEX(va, L1_PAGETABLE_SHIFT)];
}

vaddr_t pv_desc_window_va(unsigned int cpu)
{
	return window_va(cpu);
}

pte_t *pv_desc_window_l1e(unsigned int cpu)
{
	return window_l1e[cpu];
}

void pv_gdt_cpu_init(unsigned int cpu)
{
	vaddr_t va = window_va(cpu);
	paddr_t reserved =
		virt_to_phys((void *)(sgdt_base() + FIRST_RESERVED_GDT_BYTE));

	BUG_ON(cpu >= NR_CPUS);
	if (!zero_frame) {
		void *z = alloc_xenheap_pages_zeroed(0);

		if (!z)
			panic("gdt: no zero page");
		zero_frame = virt_to_phys(z);
	}
	for (unsigned int i = 0; i < PV_GDT_GUEST_FRAMES; i++)
		if (map_pages_to_hv(va + i * PAGE_SIZE, zero_frame, 1,
				    GDT_ZERO_ENTRY_FLAGS | MAP_SMALL_PAGES))
			panic("gdt: cannot map CPU %u's window", cpu);
	if (map_pages_to_hv(va + FIRST_RESERVED_GDT_BYTE, reserved, 1,
			    PAGE_HV_RW | MAP_SMALL_PAGES))
		panic("gdt: cannot map CPU %u's reserved page", cpu);
	window_l1e[cpu] = idle_l1e(va);
	lgdt((const void *)va,
	     (uint16_t)(FIRST_RESERVED_GDT_BYTE + PAGE_SIZE - 1));
}

void pv_gdt_load(const struct vcpu *v)
{
	unsigned int cpu = smp_processor_id();
	pte_t *l1e = window_l1e[cpu];
	unsigned int nr = (v->arch.gdt_ents + 511) / 512;

	for (unsigned int i = 0; i < PV_GDT_GUEST_FRAMES; i++) {
		pte_t e = i < nr ? (v->arch.gdt_frames[i] << PAGE_SHIFT) |
					   GDT_GUEST_ENTRY_FLAGS
				 : zero_frame | GDT_ZERO_ENTRY_FLAGS;

		if (!cpu_has_nx)
			e &= ~_PAGE_NX;
		if (l1e[i] == e)
			continue;
		l1e[i] = e;
		invlpg((const void *)(window_va(cpu) + i * PAGE_SIZE));
	}
}

void pv_gdt_destroy(struct vcpu *v)
{
	unsigned int nr = (v->arch.gdt_ents + 511) / 512;

	for (unsigned int i = 0; i < nr; i++) {
		put_page_and_type(mfn_to_page(_mfn(v->arch.gdt_frames[i])));
		v->arch.gdt_frames[i] = 0;
	}
	v->arch.gdt_ents = 0;
}

int pv_gdt_install(struct vcpu *v, const uint64_t *frames, unsigned int entries)
{
	unsigned int i, nr = (entries + 511) / 512;

	if (entries > PV_GDT_MAX_ENTRIES)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		mfn_t mfn = _mfn(frames[i]);

		if (!mfn_valid(mfn) ||
		    get_page_and_type(mfn_to_page(mfn), v->domain,
				      PGT_seg_desc_page))
			goto fail;
	}
	pv_gdt_destroy(v);
	for (i = 0; i < nr; i++)
		v->arch.gdt_frames[i] = frames[i];
	v->arch.gdt_ents = entries;
	return 0;
fail:
	while (i-- > 0)
		put_page_and_type(mfn_to_page(_mfn(frames[i])));
	return -EINVAL;
}
