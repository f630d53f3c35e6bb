/* SPDX-License-Identifier: MIT */
/*
 * Guest LDTs (MMUEXT_SET_LDT), as Xen maps them: lazily. The vCPU records
 * the guest's linear base and entry count; LDTR points at pages 16-31 of
 * the CPU's descriptor window (pv/gdt.c), which start unmapped. The
 * CPU's first access to an LDT page faults there; the fault handler finds
 * the guest's frame through the vCPU's kernel page tables and takes a
 * general and a descriptor-page type reference on it (checking every
 * descriptor, and keeping the frame from being mapped writable), records
 * it in the vCPU's shadow (arch.ldt_shadow) and maps it. Context switches
 * copy the next vCPU's shadow into the window.
 *
 * The shadow goes (pv_ldt_destroy) when the LDT changes or the vCPU is
 * destroyed; a CPU whose window still maps the pages has its entries
 * cleared and its TLB flushed before the references go. As in Xen 4.17,
 * which removed CONFIG_PV_LDT_PAGING, the guest unmapping or remapping an
 * LDT page changes nothing: the frame stays a descriptor page, mapped
 * here, until the LDT is replaced (so it cannot be mapped writable).
 *
 * Locks: pt_lock (the type core) before the vCPU's ldt_lock (its shadow
 * and the windows that show it). A fault the hypervisor takes with
 * interrupts off (loading selectors in the context switch, IRET) cannot
 * wait for pt_lock, whose holder may wait for this CPU to answer a flush
 * IPI: it only tries for a while, and it refuses a frame whose type
 * change would need another CPU's TLB flushed (rare: every CR3 write
 * flushes). Either way the access then fails as if the page could not be
 * mapped (the null selector and the failsafe callback, as for any
 * selector that does not load), where Xen, whose type changes need no
 * lock, would map it.
 */
#include <satori/bug.h>
#include <satori/domain.h>
#include <satori/guest-access.h>
#include <satori/sched.h>
#include <satori/smp.h>

#include <asm/cpu-ops.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/layout.h>
#include <asm/page-type.h>
#include <asm/pv-desc.h>
#include <asm/pv-mm.h>
#include <asm/tlb-clock.h>

#include "mmu.h"
#include "pv.h"

#define X86_EXC_GP 13
#define PFEC_USER (1u << 2)
#define PFEC_RSVD (1u << 3)
/* Selector error code bit: the index is in the LDT. */
#define SEL_EC_TI (1u << 2)
/* System descriptor type of an LDT, and the present bit. */
#define DESC_TYPE_LDT 2ULL
#define DESC_P (1ULL << 47)
/* How often a fault with interrupts off tries for pt_lock. */
#define PT_TRYLOCK_SPINS (1u << 16)

/* Whose shadow each CPU's window maps (NULL: nobody's), and the entry
 * count LDTR was last loaded with (0: the null LDT). */
static struct vcpu *window_owner[NR_CPUS];
static unsigned int ldtr_ents[NR_CPUS];

static vaddr_t ldt_va(unsigned int cpu)
{
	return pv_desc_window_va(cpu) + PV_LDT_WINDOW_FIRST_PAGE * PAGE_SIZE;
}

static pte_t *ldt_l1e(unsigned int cpu)
{
	return pv_desc_window_l1e(cpu) + PV_LDT_WINDOW_FIRST_PAGE;
}

static pte_t shadow_pte(uint64_t mfn)
{
	pte_t e = (mfn << PAGE_SHIFT) | PAGE_HV_RW;

	if (!mfn)
		return 0;
	return cpu_has_nx ? e : e & ~_PAGE_NX;
}

/* Point LDTR at this CPU's window with @ents entries (0: null LDT). */
static void load_ldtr(unsigned int cpu, unsigned int ents)
{
	uint64_t *d =
		(uint64_t *)(pv_desc_window_va(cpu) + FIRST_RESERVED_GDT_BYTE) +
		RESERVED_GDT_INDEX(LDT_SELECTOR);
	uint64_t base = ldt_va(cpu), limit = (uint64_t)ents * 8 - 1;

	if (ldtr_ents[cpu] == ents)
		return;
	ldtr_ents[cpu] = ents;
	if (!ents) {
		lldt(0);
		return;
	}
	d[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
	       (DESC_TYPE_LDT << 40) | DESC_P | (((limit >> 16) & 0xf) << 48) |
	       (((base >> 24) & 0xff) << 56);
	d[1] = base >> 32;
	lldt(LDT_SELECTOR);
}

/* Copy @v's shadow into this CPU's window; @v's ldt_lock held. */
static void fill_window(unsigned int cpu, struct vcpu *v)
{
	pte_t *l1e = ldt_l1e(cpu);
	bool new_owner = window_owner[cpu] != v;

	for (unsigned int i = 0; i < PV_LDT_PAGES; i++) {
		pte_t e = shadow_pte(v->arch.ldt_shadow[i]);

		/* Another owner's pages may linger in this TLB, even where a
		 * remote invalidation already cleared the entry. */
		if (l1e[i] == e && !new_owner)
			continue;
		l1e[i] = e;
		invlpg((const void *)(ldt_va(cpu) + i * PAGE_SIZE));
	}
	__atomic_store_n(&window_owner[cpu], v, __ATOMIC_RELEASE);
}

void pv_ldt_load(struct vcpu *v)
{
	unsigned int cpu = smp_processor_id();
	uint64_t flags;

	if (!v->arch.ldt_ents) {
		load_ldtr(cpu, 0);
		return;
	}
	flags = spin_lock_irqsave(&v->arch.ldt_lock);
	fill_window(cpu, v);
	spin_unlock_irqrestore(&v->arch.ldt_lock, flags);
	load_ldtr(cpu, v->arch.ldt_ents);
}

/* Clear the windows that show @v's shadow; @v's ldt_lock held. The CPUs
 * to flush are added to @mask. */
static void clear_windows(struct vcpu *v, cpumask_t *mask)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct vcpu *want = v;
		pte_t *l1e;

		if (__atomic_load_n(&window_owner[cpu], __ATOMIC_ACQUIRE) != v)
			continue;
		l1e = ldt_l1e(cpu);
		for (unsigned int i = 0; i < PV_LDT_PAGES; i++)
			__atomic_store_n(&l1e[i], 0, __ATOMIC_RELAXED);
		(void)__atomic_compare_exchange_n(&window_owner[cpu], &want,
						  NULL, false, __ATOMIC_ACQ_REL,
						  __ATOMIC_RELAXED);
		cpumask_set(cpu, mask);
	}
}

unsigned int pv_ldt_destroy(struct vcpu *v)
{
	uint64_t frames[PV_LDT_PAGES];
	cpumask_t mask = { { 0 } };
	unsigned int n = 0;
	uint64_t flags;

	if (!__atomic_load_n(&v->arch.ldt_mapcnt, __ATOMIC_RELAXED))
		return 0;
	flags = spin_lock_irqsave(&v->arch.ldt_lock);
	for (unsigned int i = 0; i < PV_LDT_PAGES; i++) {
		if (!v->arch.ldt_shadow[i])
			continue;
		frames[n++] = v->arch.ldt_shadow[i];
		v->arch.ldt_shadow[i] = 0;
	}
	v->arch.ldt_mapcnt = 0;
	clear_windows(v, &mask);
	spin_unlock_irqrestore(&v->arch.ldt_lock, flags);
	/* No CPU may use a frame once it can become writable. */
	if (!cpumask_empty(&mask))
		pv_flush_tlb_mask(&mask, 0, false);
	for (unsigned int i = 0; i < n; i++)
		put_page_and_type(mfn_to_page(_mfn(frames[i])));
	return n;
}

void pv_ldt_set(struct vcpu *v, uint64_t base, unsigned int ents)
{
	uint64_t flags;

	if (v->arch.ldt_base == base && v->arch.ldt_ents == ents)
		return;
	(void)pv_ldt_destroy(v);
	v->arch.ldt_base = base;
	v->arch.ldt_ents = ents;
	flags = local_irq_save();
	pv_ldt_load(v);
	local_irq_restore(flags);
}

/* Whether making @pg a descriptor page would make the type core wait
 * for another CPU's TLB flush, which needs interrupts on. */
static bool type_change_needs_ipi(const struct page_info *pg)
{
	uint64_t t = pg->u.type_info;

	return !(t & PGT_count_mask) &&
	       (t & PGT_type_mask) != PGT_seg_desc_page &&
	       tlb_clock_remote_flush_needed(pg);
}

/*
 * Take LDT page @idx of the running vCPU @v: the frame its kernel tables
 * map at that address must be @v's domain's and pass as a descriptor
 * page. pt_lock held; with @irqs_on false, a frame whose type change
 * needs another CPU flushed is refused.
 */
static bool shadow_in(struct vcpu *v, unsigned int idx, bool irqs_on)
{
	uint64_t va = v->arch.ldt_base + (uint64_t)idx * PAGE_SIZE;
	const pte_t *t;
	mfn_t l1, mfn;
	pte_t e;

	if (!guest_range_ok(va, PAGE_SIZE) ||
	    !pv_find_l1(v->arch.guest_table, va, &l1))
		return false;
	t = pt_hook_map(l1);
	e = __atomic_load_n(&t[PT_INDEX(va, L1_PAGETABLE_SHIFT)],
			    __ATOMIC_RELAXED);
	pt_hook_unmap(t);
	mfn = maddr_to_mfn(pte_addr(e));
	if (!pte_present(e) || !mfn_valid(mfn) ||
	    (!irqs_on && type_change_needs_ipi(mfn_to_page(mfn))) ||
	    get_page_and_type(mfn_to_page(mfn), v->domain, PGT_seg_desc_page))
		return false;
	v->arch.ldt_shadow[idx] = mfn_x(mfn);
	v->arch.ldt_mapcnt++;
	return true;
}

static bool lock_pt(struct domain *d, bool irqs_on)
{
	if (irqs_on) {
		local_irq_enable();
		pt_lock(d);
		return true;
	}
	for (unsigned int i = 0; i < PT_TRYLOCK_SPINS; i++) {
		if (spin_trylock(&d->arch.pt_lock))
			return true;
		cpu_relax();
	}
	return false;
}

/* Map the page of byte @off of the running vCPU's LDT into this CPU's
 * window, taking it first if need be. */
static bool map_page(struct vcpu *v, unsigned int off, bool irqs_on)
{
	unsigned int cpu = smp_processor_id(), idx = off >> PAGE_SHIFT;
	struct domain *d = v->domain;
	bool ok;

	if (!lock_pt(d, irqs_on))
		return false;
	spin_lock(&v->arch.ldt_lock);
	ok = v->arch.ldt_shadow[idx] || shadow_in(v, idx, irqs_on);
	if (ok)
		fill_window(cpu, v);
	spin_unlock(&v->arch.ldt_lock);
	pt_unlock(d);
	if (irqs_on)
		local_irq_disable();
	return ok;
}

/* The byte offset of @cr2 in this CPU's LDT window and the LDT of the
 * running vCPU @v; false if @cr2 is outside either. */
static bool ldt_offset(const struct vcpu *v, uint64_t cr2, unsigned int *off)
{
	vaddr_t start = ldt_va(smp_processor_id());

	if (cr2 < start || cr2 >= start + PV_LDT_PAGES * PAGE_SIZE)
		return false;
	*off = (unsigned int)(cr2 - start);
	/* The CPU checks the limit first: anything beyond is not an LDT
	 * access. */
	return !is_idle_vcpu(v) && (*off >> 3) < v->arch.ldt_ents;
}

bool pv_ldt_fault_guest(struct vcpu *v, uint32_t error_code, uint64_t *cr2)
{
	unsigned int off;
	uint64_t va;

	/* Only the CPU's own descriptor loads are supervisor accesses. */
	if ((error_code & (PFEC_USER | PFEC_RSVD)) ||
	    !ldt_offset(v, *cr2, &off))
		return false;
	if (map_page(v, off, true))
		return true;
	va = v->arch.ldt_base + off;
	if (!is_canonical(va)) {
		pv_inject_exception(v, X86_EXC_GP, true,
				    (off & ~3u) | SEL_EC_TI);
		return true;
	}
	/* As Xen: the guest sees the #PF at its own LDT address. */
	*cr2 = va;
	return false;
}

bool pv_ldt_fault_hv(uint64_t cr2, uint32_t error_code, bool irqs_were_on)
{
	struct vcpu *v = current;
	unsigned int off;

	if ((error_code & PFEC_RSVD) || !ldt_offset(v, cr2, &off))
		return false;
	return map_page(v, off, irqs_were_on);
}
