/* SPDX-License-Identifier: MIT */
/*
 * Consistency check of a built domain: walks vCPU 0's L4 and the frame
 * table and compares what the tables say with what the frames record.
 * Every mapped frame must be the domain's with a valid M2P entry; a
 * page-table frame must be typed with its level, validated, and mapped
 * only read-only; each frame's general and type counts must equal the
 * references the tables hold (plus pin and CR3 for the L4); the
 * hypervisor slots must be the idle L4's.
 */
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/page-list.h>
#include <satori/xmalloc.h>

#include <asm/layout.h>
#include <asm/m2p.h>
#include <asm/mm.h>
#include <asm/pv-build.h>

#define CHECK_REPORT_MAX 8

struct pv_check {
	struct domain *d;
	unsigned int problems;
	unsigned long mappings;
	uint32_t *maps, *rw_maps, *parent_refs; /* Indexed by pfn. */
};

static void problem(struct pv_check *c, const char *what, unsigned long mfn,
		    uint64_t val)
{
	if (c->problems++ < CHECK_REPORT_MAX)
		log_err("domcheck: d%u: mfn %#lx: %s (%#lx)\n", c->d->domain_id,
			mfn, what, (unsigned long)val);
}

/* The pfn of a frame @d owns, or ~0 (reported). */
static unsigned long owned_pfn(struct pv_check *c, unsigned long mfn)
{
	unsigned long pfn;

	if (!mfn_valid(_mfn(mfn)) || mfn_to_page(_mfn(mfn))->owner != c->d) {
		problem(c, "mapped frame not owned by the domain", mfn, 0);
		return ~0UL;
	}
	pfn = m2p_get(_mfn(mfn));
	if (pfn >= c->d->tot_pages) {
		problem(c, "M2P entry out of range", mfn, pfn);
		return ~0UL;
	}
	return pfn;
}

static void check_table_type(struct pv_check *c, unsigned long mfn,
			     uint64_t type)
{
	uint64_t t = mfn_to_page(_mfn(mfn))->u.type_info;

	if ((t & PGT_type_mask) != type || !(t & PGT_validated))
		problem(c, "page table not typed and validated", mfn, t);
}

/* In the bootstrap region, VA and pfn correspond 1:1 (pv-abi 1.5). */
static void check_region_pfn(struct pv_check *c, uint64_t va, unsigned long mfn,
			     unsigned long pfn)
{
	const struct arch_domain *a = &c->d->arch;

	if (va >= a->boot_v_start && va < a->boot_v_end &&
	    pfn != (va - a->boot_v_start) >> PAGE_SHIFT)
		problem(c, "M2P entry disagrees with the region mapping", mfn,
			pfn);
}

static void check_l1(struct pv_check *c, const pte_t *l1, uint64_t va)
{
	for (unsigned int i = 0; i < L1_PAGETABLE_ENTRIES; i++) {
		unsigned long mfn = pte_addr(l1[i]) >> PAGE_SHIFT, pfn;
		uint64_t type;

		if (!pte_present(l1[i]))
			continue;
		c->mappings++;
		if (!(l1[i] & _PAGE_USER))
			problem(c, "L1 entry without US", mfn, l1[i]);
		pfn = owned_pfn(c, mfn);
		if (pfn == ~0UL)
			continue;
		check_region_pfn(c, va + ((uint64_t)i << L1_PAGETABLE_SHIFT),
				 mfn, pfn);
		c->maps[pfn]++;
		type = mfn_to_page(_mfn(mfn))->u.type_info & PGT_type_mask;
		if (l1[i] & _PAGE_RW) {
			c->rw_maps[pfn]++;
			if (type != PGT_writable_page)
				problem(c,
					"writable mapping of a non-writable frame",
					mfn, type);
		}
	}
}

/* The VA entry @i of a level-@level table under @va maps (sign-extended). */
static uint64_t entry_va(uint64_t va, unsigned int level, unsigned int i)
{
	va |= (uint64_t)i << (L1_PAGETABLE_SHIFT + 9 * (level - 1));
	return (va & (1ULL << 47)) ? va | 0xffff000000000000ULL : va;
}

static void check_level(struct pv_check *c, const pte_t *t, unsigned int level,
			uint64_t va)
{
	static const uint64_t types[] = { 0, PGT_l1_page_table,
					  PGT_l2_page_table,
					  PGT_l3_page_table };

	for (unsigned int i = 0; i < L1_PAGETABLE_ENTRIES; i++) {
		unsigned long mfn = pte_addr(t[i]) >> PAGE_SHIFT, pfn;

		if (!pte_present(t[i]) ||
		    (level == 4 && i >= HV_FIRST_L4_SLOT &&
		     i <= HV_LAST_L4_SLOT))
			continue;
		if ((t[i] & (_PAGE_USER | _PAGE_PSE)) != _PAGE_USER)
			problem(c, "upper entry without US or with PSE", mfn,
				t[i]);
		pfn = owned_pfn(c, mfn);
		if (pfn == ~0UL)
			continue;
		c->parent_refs[pfn]++;
		check_table_type(c, mfn, types[level - 1]);
		if (level == 2)
			check_l1(c, phys_to_virt(mfn_to_maddr(_mfn(mfn))),
				 entry_va(va, level, i));
		else
			check_level(c, phys_to_virt(mfn_to_maddr(_mfn(mfn))),
				    level - 1, entry_va(va, level, i));
	}
}

/* Counts each frame should hold, from what the walk found. */
static void check_counts(struct pv_check *c, unsigned long l4_mfn)
{
	struct page_info *pg;

	for (pg = page_list_first(&c->d->page_list); pg;
	     pg = page_list_next(pg)) {
		unsigned long mfn = mfn_x(page_to_mfn(pg));
		unsigned long pfn = owned_pfn(c, mfn);
		uint64_t type = pg->u.type_info & PGT_type_mask;
		uint64_t want_gen, want_type;

		if (pfn == ~0UL)
			continue;
		want_gen = 1 + c->maps[pfn] + c->parent_refs[pfn];
		want_type = type == PGT_writable_page ? c->rw_maps[pfn]
						      : c->parent_refs[pfn];
		if (mfn == l4_mfn) {
			want_gen += 2; /* pin + CR3 */
			want_type = 2;
		}
		if ((pg->count_info & PGC_count_mask) != want_gen)
			problem(c, "general count", mfn, pg->count_info);
		if ((pg->u.type_info & PGT_count_mask) != want_type)
			problem(c, "type count", mfn, pg->u.type_info);
	}
}

static void check_l4(struct pv_check *c, unsigned long l4_mfn)
{
	const pte_t *l4 = phys_to_virt(mfn_to_maddr(_mfn(l4_mfn)));
	uint64_t t = mfn_to_page(_mfn(l4_mfn))->u.type_info;

	if (owned_pfn(c, l4_mfn) == ~0UL)
		return;
	if ((t & (PGT_type_mask | PGT_validated | PGT_pinned)) !=
	    (PGT_l4_page_table | PGT_validated | PGT_pinned))
		problem(c, "L4 not typed, validated and pinned", l4_mfn, t);
	for (unsigned int i = HV_FIRST_L4_SLOT; i <= HV_LAST_L4_SLOT; i++)
		if (l4[i] != idle_pg_table[i])
			problem(c, "hypervisor L4 slot differs from idle", i,
				l4[i]);
	check_level(c, l4, 4, 0);
	check_counts(c, l4_mfn);
}

unsigned int pv_check_domain(struct domain *d)
{
	struct pv_check c = { .d = d };
	unsigned long n = d->tot_pages;

	c.maps = xzalloc_array(uint32_t, n);
	c.rw_maps = xzalloc_array(uint32_t, n);
	c.parent_refs = xzalloc_array(uint32_t, n);
	if (!c.maps || !c.rw_maps || !c.parent_refs)
		log_err("domcheck: d%u: no memory to check\n", d->domain_id);
	else if (!d->vcpus[0] || !d->vcpus[0]->arch.guest_table)
		problem(&c, "vCPU 0 has no page table", 0, 0);
	else
		check_l4(&c, d->vcpus[0]->arch.guest_table);
	xfree(c.maps);
	xfree(c.rw_maps);
	xfree(c.parent_refs);
	printk("domcheck: d%u: %lu frames, %lu mappings, %u problems\n",
	       d->domain_id, n, c.mappings, c.problems);
	return c.problems;
}
