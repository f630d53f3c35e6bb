/* unit-sources: hv/arch/x86/mm/page-type.c hv/arch/x86/mm/page-type-mod.c hv/arch/x86/mm/page-type-check.c hv/arch/x86/mm/page-type-walk.c hv/arch/x86/mm/page-type-linear.c */
/* SPDX-License-Identifier: MIT */
/*
 * The frame-type and reference-count core over host memory: general and
 * type references, validation and devalidation of four-level hierarchies,
 * pinning, entry updates, and every refusal (writable mappings of tables,
 * other owners' frames, non-RAM, bad flags, type mismatches, overflows,
 * cycles). After each case the consistency checker must find nothing.
 */
#define NR_FRAMES 64
#define OUTSIDE_RAM 5000 /* An MFN beyond max_page. */
#define IN_HOLE 600	 /* Below max_page, in an unbacked chunk. */
#define HV_MARK 0x5a5a000ULL

#include "page-type-fixture.h"

static int16_t linear_counts[NR_FRAMES];

/* Make [@first, @end) I/O frames: not the heap's, so neither allocated
 * nor referenced (the core does not ask the hook about heap frames). */
static void set_io_frames(unsigned long first, unsigned long end)
{
	io_frame_first = first;
	io_frame_end = end;
	for (unsigned long m = first; m < end; m++)
		pg(m)->count_info = 0;
}

static bool is_test_io_frame(unsigned long m)
{
	return m >= io_frame_first && m < io_frame_end;
}

#define P _PAGE_PRESENT
#define RW _PAGE_RW
#define PRW (_PAGE_PRESENT | _PAGE_RW)

static uint64_t ttype(unsigned long mfn)
{
	return pg(mfn)->u.type_info & PGT_type_mask;
}

static bool validated(unsigned long mfn)
{
	return pg(mfn)->u.type_info & PGT_validated;
}

/* Every frame: allocated to A (B for the top quarter), zeroed, untyped. */
static void reset(void)
{
	ptf_reset_frames(48);
	memset(linear_counts, 0, sizeof(linear_counts));
	pt_linear_count = linear_counts;
	pt_linear_count_frames = NR_FRAMES;
	pt_linear_pt_enabled = true;
}

/* The baseline: every frame holds only its allocation reference. */
static bool at_baseline(void)
{
	for (unsigned long m = 0; m < NR_FRAMES; m++)
		if (gen(m) != !is_test_io_frame(m) || tcount(m) != 0)
			return false;
	return true;
}

/* L4 10 -> L3 11 -> L2 12 -> L1 13 -> 20 (RW), 21 (RO); the L1 also maps
 * the L4 read-only, as Linux maps its tables. */
static void build_hierarchy(void)
{
	tab(10)[0] = pte(11, PRW);
	tab(11)[0] = pte(12, PRW);
	tab(12)[0] = pte(13, PRW);
	tab(13)[0] = pte(20, PRW);
	tab(13)[1] = pte(21, P);
	tab(13)[2] = pte(10, P);
}

static void test_general_refs(void)
{
	reset();
	CHECK(get_page(pg(5), DOM_A));
	CHECK_EQ(gen(5), 2);
	CHECK(!get_page(pg(5), DOM_B));
	CHECK(!get_page(pg(5), NULL));
	CHECK_EQ(gen(5), 2);
	put_page(pg(5));
	CHECK_EQ(gen(5), 1);

	/* Not allocated (free or the hypervisor's): nobody's. */
	pg(6)->count_info = 0;
	pg(6)->owner = NULL;
	CHECK(!get_page(pg(6), DOM_A));
	pg(6)->count_info = PGC_allocated | 1;
	pg(6)->owner = DOM_A;

	/* Overflow: the last count value is never reached. */
	pg(7)->count_info = PGC_allocated | PGC_count_mask;
	CHECK(!get_page(pg(7), DOM_A));
	CHECK_EQ(gen(7), PGC_count_mask);
	pg(7)->count_info = PGC_allocated | (PGC_count_mask - 1);
	CHECK(get_page(pg(7), DOM_A));
	CHECK(!get_page(pg(7), DOM_A));
	CHECK_EQ(gen(7), PGC_count_mask);
	pg(7)->count_info = PGC_allocated | 1;

	/* The last reference frees the frame. */
	put_page(pg(8));
	CHECK_EQ(frees, 1);
	CHECK_EQ(gen(8), 0);
	pg(8)->count_info = PGC_allocated | 1;
	pg(8)->owner = DOM_A;
	CHECK_EQ(check_all(), 0);
}

static void test_type_refs(void)
{
	reset();
	/* none -> writable: a type change, so a flush. */
	CHECK_EQ(get_page_type(pg(5), PGT_writable_page), 0);
	CHECK_EQ(flushes, 1);
	CHECK_EQ(ttype(5), PGT_writable_page);
	CHECK(validated(5));
	CHECK_EQ(get_page_type(pg(5), PGT_writable_page), 0);
	CHECK_EQ(flushes, 1);
	CHECK_EQ(tcount(5), 2);
	/* In use as writable: no other type. */
	CHECK_EQ(get_page_type(pg(5), PGT_l1_page_table), -EINVAL);
	CHECK_EQ(get_page_type(pg(5), PGT_seg_desc_page), -EINVAL);
	CHECK_EQ(get_page_type(pg(5), PGT_none), -EINVAL);
	put_page_type(pg(5));
	put_page_type(pg(5));
	CHECK_EQ(tcount(5), 0);
	CHECK_EQ(releases, 1);
	/* Count 0: the type may change; an empty L1 validates. */
	CHECK_EQ(get_page_type(pg(5), PGT_l1_page_table), 0);
	CHECK_EQ(flushes, 2);
	CHECK(validated(5));
	CHECK_EQ(get_page_type(pg(5), PGT_writable_page), -EINVAL);
	put_page_type(pg(5));
	CHECK(!validated(5));
	CHECK_EQ(ttype(5), PGT_l1_page_table);
	/* Same type again: no flush, but validated afresh. */
	CHECK_EQ(get_page_type(pg(5), PGT_l1_page_table), 0);
	CHECK_EQ(flushes, 2);
	CHECK(validated(5));
	put_page_type(pg(5));

	/* Type count overflow. */
	CHECK_EQ(get_page_type(pg(6), PGT_writable_page), 0);
	pg(6)->u.type_info |= PGT_count_mask;
	CHECK_EQ(get_page_type(pg(6), PGT_writable_page), -EINVAL);
	pg(6)->u.type_info = PGT_writable_page | PGT_validated | 1;
	put_page_type(pg(6));

	/* get_page_and_type: no general reference, no type reference. */
	CHECK_EQ(get_page_and_type(pg(50), DOM_A, PGT_writable_page), -EINVAL);
	CHECK_EQ(tcount(50), 0);
	/* A failing type reference gives the general one back. */
	CHECK_EQ(get_page_type(pg(7), PGT_l2_page_table), 0);
	CHECK_EQ(get_page_and_type(pg(7), DOM_A, PGT_writable_page), -EINVAL);
	CHECK_EQ(gen(7), 1);
	put_page_type(pg(7));
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);
}

static void test_desc_pages(void)
{
	reset();
	desc_rc = -EINVAL;
	CHECK_EQ(get_page_and_type(pg(5), DOM_A, PGT_seg_desc_page), -EINVAL);
	CHECK_EQ(tcount(5), 0);
	CHECK_EQ(gen(5), 1);
	CHECK(!validated(5));
	desc_rc = 0;
	CHECK_EQ(get_page_and_type(pg(5), DOM_A, PGT_seg_desc_page), 0);
	CHECK(validated(5));
	/* A descriptor page is never mapped writable. */
	tab(13)[0] = pte(5, PRW);
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), -EBUSY);
	tab(13)[0] = pte(5, P);
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), 0);
	CHECK_EQ(check_all(), 2); /* The GDT reference is not a table's: */
	cr3_refs[5] = 1;	  /* the caller declares it. */
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(13), DOM_A), 0);
	put_page_and_type(pg(5));
	cr3_refs[5] = 0;
	CHECK(!validated(5));
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);
}

static void test_hierarchy(void)
{
	reset();
	build_hierarchy();
	tab(10)[260] = pte(33, PRW); /* Guest junk in a hypervisor slot. */
	CHECK_EQ(pin_table(pg(10), 4, DOM_A), 0);
	CHECK_EQ(hv_fills, 1);
	CHECK_EQ(tab(10)[260], HV_MARK | PRW);
	CHECK_EQ(gen(33), 1); /* The junk took nothing. */
	CHECK_EQ(pg(10)->u.type_info,
		 PGT_l4_page_table | PGT_validated | PGT_pinned | 1);
	CHECK_EQ(gen(10), 3); /* allocation, pin, the L1's RO mapping */
	for (unsigned long m = 11; m <= 13; m++) {
		CHECK_EQ(gen(m), 2);
		CHECK_EQ(tcount(m), 1);
		CHECK(validated(m));
	}
	CHECK_EQ(ttype(11), PGT_l3_page_table);
	CHECK_EQ(ttype(12), PGT_l2_page_table);
	CHECK_EQ(ttype(13), PGT_l1_page_table);
	CHECK_EQ(gen(20), 2);
	CHECK_EQ(ttype(20), PGT_writable_page);
	CHECK_EQ(tcount(20), 1);
	CHECK_EQ(gen(21), 2);
	CHECK_EQ(tcount(21), 0);
	CHECK_EQ(check_all(), 0);

	/* A CR3 reference (the caller's) keeps it all alive after unpin. */
	CHECK_EQ(get_page_and_type(pg(10), DOM_A, PGT_l4_page_table), 0);
	cr3_refs[10] = 1;
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
	CHECK(validated(10));
	CHECK_EQ(tcount(20), 1);
	CHECK_EQ(check_all(), 0);

	/* The last reference devalidates everything at once, so the tables
	 * can be mapped writable right away (Linux's check_pt_base). */
	put_page_and_type(pg(10));
	cr3_refs[10] = 0;
	CHECK(at_baseline());
	for (unsigned long m = 10; m <= 13; m++)
		CHECK(!validated(m));
	CHECK_EQ(get_page_type(pg(11), PGT_writable_page), 0);
	put_page_type(pg(11));
	CHECK_EQ(check_all(), 0);
}

static void test_pin_errors(void)
{
	reset();
	build_hierarchy();
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), 0);
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), -EINVAL); /* twice */
	CHECK_EQ(gen(13), 2);
	CHECK_EQ(tcount(13), 1);
	CHECK_EQ(pin_table(pg(13), 2, DOM_A), -EINVAL); /* other type */
	CHECK_EQ(pin_table(pg(13), 0, DOM_A), -EINVAL);
	CHECK_EQ(pin_table(pg(13), 5, DOM_A), -EINVAL);
	CHECK_EQ(pin_table(pg(50), 1, DOM_A), -EINVAL); /* B's frame */
	CHECK_EQ(unpin_table(pg(13), DOM_B), -EINVAL);
	CHECK_EQ(check_all(), 0);

	/* Unpinning a table still used: it stays validated for its user. */
	CHECK_EQ(pin_table(pg(10), 4, DOM_A), 0);
	CHECK_EQ(tcount(13), 2);
	CHECK_EQ(unpin_table(pg(13), DOM_A), 0);
	CHECK_EQ(unpin_table(pg(13), DOM_A), -EINVAL); /* twice */
	CHECK(validated(13));
	CHECK_EQ(tcount(13), 1);
	CHECK_EQ(tcount(20), 1);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
	CHECK(!validated(13));
	CHECK_EQ(unpin_table(pg(10), DOM_A), -EINVAL);
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);
}

/* Pin @mfn at @level expecting @rc; on failure nothing may be left. */
static void pin_fails(unsigned long mfn, unsigned int level, int rc)
{
	CHECK_EQ(pin_table(pg(mfn), level, DOM_A), rc);
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);
}

static void test_refused_targets(void)
{
	/* A table mapped writable through another level of itself. */
	reset();
	build_hierarchy();
	tab(13)[5] = pte(12, PRW);
	pin_fails(10, 4, -EBUSY);
	tab(13)[5] = pte(10, PRW); /* the L4 itself, writable */
	pin_fails(10, 4, -EBUSY);

	/* Another domain's frame: -EBUSY from an L1, -EINVAL above. */
	reset();
	tab(13)[3] = pte(50, P);
	pin_fails(13, 1, -EBUSY);
	tab(12)[3] = pte(50, PRW);
	pin_fails(12, 2, -EINVAL);

	/* A frame outside RAM: -EPERM unless the domain has the I/O range;
	 * then it takes no reference. Never as a table. */
	reset();
	tab(13)[3] = pte(OUTSIDE_RAM, PRW);
	pin_fails(13, 1, -EPERM);
	iomem_ok = true;
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), 0);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(13), DOM_A), 0);
	tab(12)[3] = pte(OUTSIDE_RAM, PRW);
	pin_fails(12, 2, -EINVAL);
	/* A hole in the frame table is not RAM either. */
	iomem_ok = false;
	tab(13)[3] = pte(IN_HOLE, P);
	pin_fails(13, 1, -EPERM);
	tab(12)[3] = pte(IN_HOLE, P);
	pin_fails(12, 2, -EINVAL);

	/* A free frame (no owner). */
	reset();
	pg(30)->count_info = PGC_free;
	pg(30)->owner = NULL;
	tab(13)[0] = pte(30, P);
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), -EBUSY);
	CHECK_EQ(gen(13), 1);
	CHECK_EQ(check_all(), 0);
}

static void test_flags(void)
{
	static const struct {
		unsigned int level;
		pte_t flags;
		int rc;
	} cases[] = {
		{ 2, _PAGE_PSE, -EINVAL },     { 3, _PAGE_PSE, -EINVAL },
		{ 4, _PAGE_PSE, -EINVAL },     { 2, _PAGE_GLOBAL, -EINVAL },
		{ 1, _PAGE_GLOBAL, 0 },	       { 1, _PAGE_PCD, -EINVAL },
		{ 1, _PAGE_PWT, -EINVAL },     { 1, _PAGE_PSE, -EINVAL },
		{ 2, _PAGE_PCD, -EINVAL },     { 1, 1ULL << 62, -EINVAL },
		{ 2, 1ULL << 62, 0 },	       { 1, 1ULL << 52, 0 },
		{ 1, _PAGE_NX | (7 << 9), 0 }, { 3, _PAGE_USER | _PAGE_NX, 0 },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned int lv = cases[i].level;
		unsigned long t = 14 - lv; /* L1 13, L2 12, L3 11, L4 10 */

		reset();
		tab(t)[7] = pte(lv == 1 ? 20 : t + 1, P | cases[i].flags);
		CHECK_EQ(pin_table(pg(t), lv, DOM_A), cases[i].rc);
		if (!cases[i].rc) {
			CHECK_EQ(check_all(), 0);
			CHECK_EQ(unpin_table(pg(t), DOM_A), 0);
		}
		CHECK(at_baseline());
		CHECK_EQ(check_all(), 0);
	}
	/* Cache attributes with the privilege. */
	reset();
	cache_ok = true;
	tab(13)[0] = pte(20, PRW | _PAGE_PCD | _PAGE_PWT);
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), 0);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(13), DOM_A), 0);
	CHECK(at_baseline());
}

static void test_linear_and_loops(void)
{
	/* An L4 may map itself read-only (no reference), not writable. */
	reset();
	tab(10)[5] = pte(10, P);
	CHECK_EQ(pin_table(pg(10), 4, DOM_A), 0);
	CHECK_EQ(gen(10), 2);
	CHECK_EQ(tcount(10), 1);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
	CHECK(at_baseline());
	tab(10)[5] = pte(10, PRW);
	pin_fails(10, 4, -EINVAL);

	/* Another validated L4 at the same level, writable: refused. */
	reset();
	CHECK_EQ(pin_table(pg(15), 4, DOM_A), 0);
	tab(10)[5] = pte(15, PRW);
	CHECK_EQ(pin_table(pg(10), 4, DOM_A), -EINVAL);
	CHECK_EQ(gen(10), 1);
	CHECK_EQ(gen(15), 2);
	CHECK_EQ(linear_count_of(_mfn(10)), 0);
	CHECK_EQ(linear_count_of(_mfn(15)), 0);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(15), DOM_A), 0);

	/* Two L2s pointing at each other: the second must become an L1,
	 * which maps the first read-only; it cannot then be an L2 too. */
	reset();
	tab(12)[0] = pte(14, P);
	tab(14)[0] = pte(12, P);
	CHECK_EQ(pin_table(pg(12), 2, DOM_A), 0);
	CHECK_EQ(ttype(14), PGT_l1_page_table);
	CHECK_EQ(gen(12), 3);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(pin_table(pg(14), 2, DOM_A), -EINVAL);
	CHECK_EQ(unpin_table(pg(12), DOM_A), 0);
	CHECK(at_baseline());
	/* The same cycle with the back edge writable fails and unwinds. */
	tab(14)[0] = pte(12, PRW);
	pin_fails(12, 2, -EBUSY);

	/* A level cycle L4 -> L3 -> L4 frame: the L4 cannot be an L2. */
	reset();
	tab(10)[0] = pte(11, P);
	tab(11)[0] = pte(10, P);
	pin_fails(10, 4, -EINVAL);
	/* An L3 pointing back at its own frame as its L2: the self map at
	 * L3 is read-only linear and takes nothing. */
	tab(11)[0] = pte(11, P);
	CHECK_EQ(pin_table(pg(11), 3, DOM_A), 0);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(11), DOM_A), 0);
	CHECK(at_baseline());
}

/* lc(m): the linear count of frame m. */
static int lc(unsigned long mfn)
{
	return linear_count_of(_mfn(mfn));
}

/* A read-only entry to another validated table of its level (Xen's
 * pv-linear-pt=1): a general and a type reference, one linear count
 * each side; dropped when the entry or its table goes. */
static void test_linear_allowed(void)
{
	reset();
	tab(15)[0] = pte(11, PRW); /* L4 15 -> L3 11 */
	CHECK_EQ(pin_table(pg(15), 4, DOM_A), 0);
	tab(10)[5] = pte(15, P);
	CHECK_EQ(pin_table(pg(10), 4, DOM_A), 0);
	CHECK_EQ(gen(15), 3);
	CHECK_EQ(tcount(15), 2);
	CHECK_EQ(lc(10), 1);
	CHECK_EQ(lc(15), -1);
	CHECK_EQ(check_all(), 0);
	/* The checker notices a linear count its entries do not explain. */
	linear_counts[10] = 2;
	CHECK_EQ(check_all(), 1);
	linear_counts[10] = 1;
	linear_counts[20] = -1; /* not a table */
	CHECK_EQ(check_all(), 1);
	linear_counts[20] = 0;
	/* The linear entry cannot be made writable; flag-only changes are
	 * fine. */
	CHECK_EQ(mod_l4_entry(pg(10), 5, pte(15, PRW), false, DOM_A), -EINVAL);
	CHECK_EQ(mod_l4_entry(pg(10), 5, pte(15, P | _PAGE_ACCESSED), false,
			      DOM_A),
		 0);
	CHECK_EQ(tcount(15), 2);
	/* Removing the entry drops everything it took. */
	CHECK_EQ(mod_l4_entry(pg(10), 5, 0, false, DOM_A), 0);
	CHECK_EQ(gen(15), 2);
	CHECK_EQ(tcount(15), 1);
	CHECK_EQ(lc(10), 0);
	CHECK_EQ(lc(15), 0);
	CHECK_EQ(check_all(), 0);
	/* Added by an update; the target outlives its pin through it, and
	 * goes (devalidating its L3) with the entry. */
	CHECK_EQ(mod_l4_entry(pg(10), 5, pte(15, P), false, DOM_A), 0);
	CHECK_EQ(unpin_table(pg(15), DOM_A), 0);
	CHECK(validated(15));
	CHECK_EQ(tcount(15), 1);
	CHECK_EQ(tcount(11), 1);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(mod_l4_entry(pg(10), 5, 0, false, DOM_A), 0);
	CHECK(!validated(15));
	CHECK_EQ(tcount(11), 0);
	CHECK_EQ(lc(15), 0);
	CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);

	/* At L2 and L3 too; devalidating the holder drops the link. */
	reset();
	CHECK_EQ(pin_table(pg(12), 2, DOM_A), 0);
	CHECK_EQ(pin_table(pg(11), 3, DOM_A), 0);
	tab(14)[3] = pte(12, P);
	CHECK_EQ(pin_table(pg(14), 2, DOM_A), 0);
	tab(16)[4] = pte(11, P);
	CHECK_EQ(pin_table(pg(16), 3, DOM_A), 0);
	CHECK_EQ(lc(12), -1);
	CHECK_EQ(lc(14), 1);
	CHECK_EQ(lc(11), -1);
	CHECK_EQ(lc(16), 1);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(14), DOM_A), 0);
	CHECK_EQ(unpin_table(pg(16), DOM_A), 0);
	CHECK_EQ(lc(12), 0);
	CHECK_EQ(lc(11), 0);
	CHECK_EQ(tcount(12), 1);
	CHECK_EQ(unpin_table(pg(12), DOM_A), 0);
	CHECK_EQ(unpin_table(pg(11), DOM_A), 0);
	CHECK(at_baseline());
}

/* What a linear entry may not map: a table not (yet) validated at its
 * level, another owner's, or with pv-linear-pt=0 anything, even itself. */
static void test_linear_refused_targets(void)
{
	reset();
	/* A writable frame (not a table) and another domain's L4. */
	CHECK_EQ(get_page_and_type(pg(15), DOM_A, PGT_writable_page), 0);
	CHECK_EQ(pin_table(pg(50), 4, DOM_B), 0);
	CHECK_EQ(pin_table(pg(10), 4, DOM_A), 0);
	CHECK_EQ(mod_l4_entry(pg(10), 5, pte(15, P), false, DOM_A), -EINVAL);
	CHECK_EQ(mod_l4_entry(pg(10), 5, pte(50, P), false, DOM_A), -EINVAL);
	CHECK_EQ(lc(10), 0);
	CHECK_EQ(lc(15), 0);
	CHECK_EQ(gen(15), 2);
	CHECK_EQ(gen(50), 2);
	put_page_and_type(pg(15));
	CHECK_EQ(unpin_table(pg(50), DOM_B), 0);
	/* Option off: the same-level entry and the self map are refused. */
	CHECK_EQ(pin_table(pg(15), 4, DOM_A), 0);
	pt_linear_pt_enabled = false;
	CHECK_EQ(mod_l4_entry(pg(10), 5, pte(15, P), false, DOM_A), -EINVAL);
	CHECK_EQ(mod_l4_entry(pg(10), 6, pte(10, P), false, DOM_A), -EINVAL);
	pt_linear_pt_enabled = true;
	CHECK_EQ(mod_l4_entry(pg(10), 6, pte(10, P), false, DOM_A), 0);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(15), DOM_A), 0);
	CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
	CHECK(at_baseline());
}

/* XSA-240: a table with linear entries cannot be a linear target, nor a
 * target hold linear entries, so chains are one link and loops cannot
 * form; several tables may map the same target. */
static void test_linear_chains_and_loops(void)
{
	reset();
	CHECK_EQ(pin_table(pg(16), 4, DOM_A), 0);
	tab(15)[0] = pte(16, P);
	CHECK_EQ(pin_table(pg(15), 4, DOM_A), 0); /* 15 -> 16 */
	tab(10)[5] = pte(15, P);		  /* 10 -> 15 -> 16: chain */
	CHECK_EQ(pin_table(pg(10), 4, DOM_A), -EINVAL);
	CHECK_EQ(gen(10), 1);
	CHECK_EQ(tcount(15), 1);
	CHECK_EQ(lc(15), 1);
	CHECK_EQ(lc(16), -1);
	tab(10)[5] = pte(16, P); /* 10 -> 16 as well: fine */
	CHECK_EQ(pin_table(pg(10), 4, DOM_A), 0);
	CHECK_EQ(lc(16), -2);
	CHECK_EQ(tcount(16), 3);
	/* 16 -> 10 would close a loop; 16 -> 17 would make a chain. */
	CHECK_EQ(pin_table(pg(17), 4, DOM_A), 0);
	CHECK_EQ(mod_l4_entry(pg(16), 1, pte(10, P), false, DOM_A), -EINVAL);
	CHECK_EQ(mod_l4_entry(pg(16), 1, pte(17, P), false, DOM_A), -EINVAL);
	/* A target may still map itself (takes nothing). */
	CHECK_EQ(mod_l4_entry(pg(16), 1, pte(16, P), false, DOM_A), 0);
	CHECK_EQ(lc(16), -2);
	/* Two tables mapping each other: the second link is refused. */
	CHECK_EQ(mod_l4_entry(pg(17), 2, pte(15, P), false, DOM_A), -EINVAL);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
	CHECK_EQ(unpin_table(pg(15), DOM_A), 0);
	CHECK_EQ(unpin_table(pg(16), DOM_A), 0);
	CHECK_EQ(unpin_table(pg(17), DOM_A), 0);
	CHECK(at_baseline());
	for (unsigned long m = 0; m < NR_FRAMES; m++)
		CHECK_EQ(lc(m), 0);

	/* A loop in the tables' own contents cannot validate either: 10
	 * maps 15 and 15 maps 10, neither validated yet; 15 would have to
	 * be validated first, and it needs 10. */
	reset();
	tab(10)[5] = pte(15, P);
	tab(15)[5] = pte(10, P);
	pin_fails(10, 4, -EINVAL);
	CHECK(at_baseline());
}

/* Validation stops at the bad slot and drops exactly what it took. */
static void test_unwind(void)
{
	reset();
	for (unsigned int i = 0; i < 40; i++)
		tab(13)[i] = pte(20 + i % 4, i % 2 ? P : PRW);
	tab(13)[40] = pte(50, P); /* B's frame: the failing slot */
	tab(13)[41] = pte(25, PRW);
	pin_fails(13, 1, -EBUSY);

	/* Two levels: the L2's third entry is bad after two good L1s. */
	tab(13)[40] = 0;
	tab(12)[0] = pte(13, P);
	tab(12)[1] = pte(14, P);
	tab(12)[2] = pte(15, P | _PAGE_PSE);
	pin_fails(12, 2, -EINVAL);
	tab(12)[2] = 0;
	CHECK_EQ(pin_table(pg(12), 2, DOM_A), 0);
	CHECK_EQ(tcount(20), 10);
	CHECK_EQ(gen(21), 11);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(12), DOM_A), 0);
	CHECK(at_baseline());
}

/* References overflowing while a table validates. */
static void test_entry_overflow(void)
{
	reset();
	tab(13)[0] = pte(20, P);
	pg(20)->count_info = PGC_allocated | PGC_count_mask;
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), -EBUSY);
	tab(13)[0] = pte(20, PRW);
	pg(20)->count_info = PGC_allocated | 1;
	pg(20)->u.type_info =
		PGT_writable_page | PGT_validated | PGT_count_mask;
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), -EBUSY);
	CHECK_EQ(gen(20), 1);
	pg(20)->u.type_info = 0;
	tab(12)[0] = pte(13, P);
	tab(13)[0] = 0;
	pg(13)->count_info = PGC_allocated | PGC_count_mask;
	CHECK_EQ(pin_table(pg(12), 2, DOM_A), -EINVAL);
	pg(13)->count_info = PGC_allocated | 1;
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);
}

static void test_mod_l1(void)
{
	pte_t *l1 = tab(13);

	reset();
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), 0);
	CHECK_EQ(mod_l1_entry(pg(13), 0, pte(20, P), false, DOM_A), 0);
	CHECK_EQ(gen(20), 2);
	CHECK_EQ(tcount(20), 0);
	/* RO -> RW takes the writable type. */
	CHECK_EQ(mod_l1_entry(pg(13), 0, pte(20, PRW), false, DOM_A), 0);
	CHECK_EQ(gen(20), 2);
	CHECK_EQ(tcount(20), 1);
	CHECK_EQ(check_all(), 0);
	/* Only harmless flags change: no reference moves. */
	CHECK_EQ(mod_l1_entry(pg(13), 0,
			      pte(20, PRW | _PAGE_ACCESSED | _PAGE_NX), false,
			      DOM_A),
		 0);
	CHECK_EQ(gen(20), 2);
	CHECK_EQ(tcount(20), 1);
	/* PRESERVE_AD keeps A and D of the stored entry. */
	l1[0] |= _PAGE_DIRTY;
	CHECK_EQ(mod_l1_entry(pg(13), 0, pte(20, PRW), true, DOM_A), 0);
	CHECK_EQ(l1[0], pte(20, PRW | _PAGE_ACCESSED | _PAGE_DIRTY));
	CHECK_EQ(mod_l1_entry(pg(13), 0, pte(20, PRW), false, DOM_A), 0);
	CHECK_EQ(l1[0], pte(20, PRW));
	/* Refusals leave the entry and the counts alone. */
	CHECK_EQ(mod_l1_entry(pg(13), 0, pte(13, PRW), false, DOM_A), -EBUSY);
	CHECK_EQ(mod_l1_entry(pg(13), 0, pte(50, P), false, DOM_A), -EBUSY);
	CHECK_EQ(mod_l1_entry(pg(13), 0, pte(OUTSIDE_RAM, P), false, DOM_A),
		 -EPERM);
	CHECK_EQ(mod_l1_entry(pg(13), 0, pte(21, P | _PAGE_PCD), false, DOM_A),
		 -EINVAL);
	CHECK_EQ(mod_l1_entry(pg(13), 512, pte(21, P), false, DOM_A), -EINVAL);
	CHECK_EQ(mod_l1_entry(pg(13), 0, pte(21, P), false, DOM_B), -EINVAL);
	CHECK_EQ(mod_l1_entry(pg(12), 0, pte(21, P), false, DOM_A), -EINVAL);
	CHECK_EQ(mod_l2_entry(pg(13), 0, pte(14, P), false, DOM_A), -EINVAL);
	CHECK_EQ(l1[0], pte(20, PRW));
	CHECK_EQ(tcount(20), 1);
	/* The table itself, read-only: fine (Linux maps its tables so). */
	CHECK_EQ(mod_l1_entry(pg(13), 1, pte(13, P), false, DOM_A), 0);
	CHECK_EQ(gen(13), 3);
	/* Another frame: the old one's references go. */
	CHECK_EQ(mod_l1_entry(pg(13), 0, pte(21, PRW), false, DOM_A), 0);
	CHECK_EQ(gen(20), 1);
	CHECK_EQ(tcount(20), 0);
	CHECK_EQ(tcount(21), 1);
	CHECK_EQ(check_all(), 0);
	/* Not present: drops everything; may hold any value. */
	CHECK_EQ(mod_l1_entry(pg(13), 0, 0xfffffffffffffffeULL, false, DOM_A),
		 0);
	CHECK_EQ(tcount(21), 0);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(13), DOM_A), 0);
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);
}

static void test_mod_upper(void)
{
	reset();
	build_hierarchy();
	CHECK_EQ(pin_table(pg(10), 4, DOM_A), 0);
	/* Hypervisor slots are not the guest's. */
	CHECK_EQ(mod_l4_entry(pg(10), PT_HV_FIRST_L4_SLOT, 0, false, DOM_A),
		 -EINVAL);
	CHECK_EQ(mod_l4_entry(pg(10), PT_HV_LAST_L4_SLOT, pte(16, P), false,
			      DOM_A),
		 -EINVAL);
	CHECK_EQ(mod_l4_entry(pg(10), PT_HV_LAST_L4_SLOT + 1, pte(16, P), false,
			      DOM_A),
		 0);
	CHECK_EQ(ttype(16), PGT_l3_page_table);
	/* L2 entry replaced by another L1: the old L1 devalidates. */
	CHECK_EQ(mod_l2_entry(pg(12), 0, pte(17, P), false, DOM_A), 0);
	CHECK(!validated(13));
	CHECK_EQ(tcount(20), 0);
	CHECK(validated(17));
	/* Bad flags, wrong types, a writable self map. */
	CHECK_EQ(mod_l2_entry(pg(12), 1, pte(18, P | _PAGE_PSE), false, DOM_A),
		 -EINVAL);
	CHECK_EQ(mod_l3_entry(pg(11), 1, pte(17, P), false, DOM_A), -EINVAL);
	CHECK_EQ(mod_l3_entry(pg(11), 1, pte(11, PRW), false, DOM_A), -EINVAL);
	CHECK_EQ(mod_l3_entry(pg(11), 1, pte(11, P), false, DOM_A), 0);
	CHECK_EQ(mod_l4_entry(pg(10), 1, pte(50, P), false, DOM_A), -EINVAL);
	CHECK_EQ(mod_l4_entry(pg(10), 1, pte(OUTSIDE_RAM, P), false, DOM_A),
		 -EINVAL);
	/* A now-writable page cannot become a table while mapped so. */
	CHECK_EQ(get_page_and_type(pg(19), DOM_A, PGT_writable_page), 0);
	CHECK_EQ(mod_l3_entry(pg(11), 2, pte(19, P), false, DOM_A), -EINVAL);
	put_page_and_type(pg(19));
	CHECK_EQ(mod_l3_entry(pg(11), 2, pte(19, P), false, DOM_A), 0);
	/* PRESERVE_AD at L4, fast path (only A changes). */
	CHECK_EQ(mod_l4_entry(pg(10), 0, pte(11, PRW | _PAGE_ACCESSED), true,
			      DOM_A),
		 0);
	CHECK_EQ(tcount(11), 1);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);
}

/* The checker notices what it is for. */
static void test_checker(void)
{
	reset();
	build_hierarchy();
	CHECK_EQ(pin_table(pg(10), 4, DOM_A), 0);
	CHECK_EQ(check_all(), 0);
	pg(20)->count_info++;
	CHECK_EQ(check_all(), 1);
	pg(20)->count_info--;
	pg(20)->u.type_info = PGT_l1_page_table | PGT_validated | 1;
	CHECK(check_all() >= 1);
	pg(20)->u.type_info = PGT_writable_page | PGT_validated | 1;
	tab(13)[9] = pte(22, PRW); /* written behind the core's back */
	CHECK_EQ(check_all(), 3);  /* count, type count, type */
	tab(13)[9] = pte(22, P | _PAGE_PSE);
	CHECK_EQ(check_all(), 1);
	tab(13)[9] = 0;
	pg(13)->u.type_info |= PGT_pinned;
	CHECK(check_all() >= 1);
	pg(13)->u.type_info &= ~PGT_pinned;
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
	CHECK(at_baseline());
}

/* ---- Pinning in steps ---- */

/* Pin @mfn as level @level preemptibly, as mmuext_op does for a
 * domain's own tables, the hook stopping it @yields times; returns the
 * final result and counts the -ERESTARTs in *restarts. A failure's
 * unwinding left to the vCPU is finished as the next call would. */
static int pin_in_steps(unsigned long mfn, unsigned int level,
			unsigned int yields, unsigned int *restarts)
{
	struct pt_resume r = { 0 };
	uint64_t type = (uint64_t)level << PGT_type_shift;
	int rc;

	if (level < 1 || level > 4)
		return -EINVAL;
	yields_left = yields;
	*restarts = 0;
	do {
		r.budget = PT_WORK_BUDGET;
		rc = get_page_and_type_preemptible(pg(mfn), DOM_A, type, &r);
		*restarts += rc == -ERESTART;
	} while (rc == -ERESTART);
	while (pt_put_old_table(&r) == -ERESTART)
		;
	yields_left = 0;
	if (!rc && (pg(mfn)->u.type_info & PGT_pinned)) {
		put_page_and_type(pg(mfn));
		return -EINVAL;
	}
	if (!rc)
		pg(mfn)->u.type_info |= PGT_pinned;
	return rc;
}

/* The result in steps is the result at once, for any number of yields. */
static void test_resumable_same_result(void)
{
	unsigned int restarts;

	reset();
	build_hierarchy();
	/* A second L3, empty, in every other guest slot: 496 present. */
	for (unsigned int i = 1; i < 512; i++)
		if (pt_is_guest_slot(4, i))
			tab(10)[i] = pte(14, PRW);
	CHECK_EQ(pin_table(pg(10), 4, DOM_A), 0);
	snapshot();
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
	CHECK(at_baseline());
	for (unsigned int y = 0; y < 600; y += 97) {
		CHECK_EQ(pin_in_steps(10, 4, y, &restarts), 0);
		/* Every call does at least one present entry: at most one
		 * stop before each present entry but the first. */
		CHECK_EQ(restarts, y < 495 ? y : 495);
		CHECK(same_as_snapshot());
		CHECK_EQ(check_all(), 0);
		CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
		CHECK(at_baseline());
	}
}

/* The pinned table's own entries become user-accessible too, not only
 * those of the tables below it (Linux's init_top_pgt L4 slot 273 once
 * stayed supervisor-only: every direct-map access then faulted). */
static void test_resumable_user_bit(void)
{
	unsigned int restarts;

	for (unsigned int y = 0; y < 3; y++) {
		reset();
		build_hierarchy();
		tab(10)[7] = pte(14, P);
		CHECK_EQ(pin_in_steps(10, 4, y, &restarts), 0);
		for (unsigned long m = 10; m <= 14; m++)
			for (unsigned int i = 0; i < 512; i++)
				if (pte_present(tab(m)[i]) &&
				    (m != 10 || pt_is_guest_slot(4, i)))
					CHECK(tab(m)[i] & _PAGE_USER);
		CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
		CHECK(at_baseline());
	}
}

/* A non-RAM frame with a page_info (the BIOS ROM that Linux dom0 maps
 * for DMI) is I/O: mapped without references when permitted, else
 * -EPERM. */
static void test_io_frames_with_page_info(void)
{
	reset();
	set_io_frames(30, 32);
	tab(13)[0] = pte(30, PRW);
	tab(13)[1] = pte(31, P);
	iomem_ok = false;
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), -EPERM);
	CHECK(at_baseline());
	iomem_ok = true;
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), 0);
	CHECK_EQ(gen(30), 0); /* No reference taken, no writable type. */
	CHECK_EQ(tcount(30), 0);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(13), DOM_A), 0);
	CHECK(at_baseline());
	/* A frame of the heap (PGC_allocated) is RAM, the hook unasked. */
	reset();
	io_frame_first = 20;
	io_frame_end = 21;
	tab(13)[0] = pte(20, PRW);
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), 0);
	CHECK_EQ(gen(20), 2);
	CHECK_EQ(tcount(20), 1);
	CHECK_EQ(unpin_table(pg(13), DOM_A), 0);
	iomem_ok = false;
	io_frame_first = io_frame_end = 0;
	CHECK(at_baseline());
}

/* A read-only I/O frame (the HPET) mapped writable is accepted with the
 * write bit dropped, by validation and by entry updates alike, as Xen's
 * get_page_from_l1e does; other bits stay as the guest wrote them. */
static void test_read_only_io_frame_loses_rw(void)
{
	reset();
	set_io_frames(30, 32);
	ro_io_frame = 30;
	iomem_ok = cache_ok = true;
	tab(13)[0] = pte(30, PRW);
	tab(13)[1] = pte(31, PRW);
	CHECK_EQ(pin_table(pg(13), 1, DOM_A), 0);
	CHECK_EQ(tab(13)[0], pte(30, P | _PAGE_USER));
	CHECK_EQ(tab(13)[1], pte(31, PRW | _PAGE_USER));
	CHECK_EQ(
		mod_l1_entry(pg(13), 2, pte(30, PRW | _PAGE_PCD), false, DOM_A),
		0);
	CHECK_EQ(tab(13)[2], pte(30, P | _PAGE_PCD));
	CHECK_EQ(mod_l1_entry(pg(13), 2, 0, false, DOM_A), 0);
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(13), DOM_A), 0);
	CHECK(at_baseline());
	iomem_ok = cache_ok = false;
	ro_io_frame = 0;
	io_frame_first = io_frame_end = 0;
}

static void test_resumable_errors(void)
{
	unsigned int restarts;

	/* A bad entry after yields: the same error, nothing left behind. */
	reset();
	build_hierarchy();
	for (unsigned int i = 1; i < 200; i++)
		tab(10)[i] = pte(14, PRW); /* An empty L3. */
	tab(10)[200] = pte(50, PRW);	   /* B's frame as an L3: -EINVAL. */
	CHECK_EQ(pin_in_steps(10, 4, 50, &restarts), -EINVAL);
	CHECK_EQ(restarts, 50);
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);
	/* Absent entries are no work: no stop between them. */
	reset();
	build_hierarchy();
	tab(10)[300] = pte(14, PRW);
	CHECK_EQ(pin_in_steps(10, 4, 50, &restarts), 0);
	CHECK_EQ(restarts, 1);
	CHECK_EQ(unpin_table(pg(10), DOM_A), 0);
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);
	/* An L1 whose RW entry maps a pinned table: -EBUSY, as at once. */
	reset();
	tab(13)[9] = pte(14, PRW);
	CHECK_EQ(pin_table(pg(14), 1, DOM_A), 0);
	CHECK_EQ(pin_in_steps(13, 1, 3, &restarts), -EBUSY);
	CHECK_EQ(unpin_table(pg(14), DOM_A), 0);
	CHECK(at_baseline());
	/* Already validated: no steps, the pin at once; then pinned twice. */
	reset();
	CHECK_EQ(get_page_and_type(pg(13), DOM_A, PGT_l1_page_table), 0);
	CHECK_EQ(pin_in_steps(13, 1, 5, &restarts), 0);
	CHECK_EQ(restarts, 0);
	CHECK_EQ(pin_in_steps(13, 1, 5, &restarts), -EINVAL);
	CHECK_EQ(unpin_table(pg(13), DOM_A), 0);
	put_page_and_type(pg(13));
	CHECK(at_baseline());
	/* Other owner, bad level. */
	CHECK_EQ(pin_in_steps(50, 1, 0, &restarts), -EINVAL);
	CHECK_EQ(pin_in_steps(13, 5, 0, &restarts), -EINVAL);
	CHECK(at_baseline());
}

int main(void)
{
	/* Two chunks, the second a hole; the tests use the first 64 frames. */
	host_frames_init(2 * FT_CHUNK_FRAMES);
	host_frames_unback_chunk(1);
	hv_l4_fill = HV_MARK | _PAGE_PRESENT | _PAGE_RW;
	test_general_refs();
	test_type_refs();
	test_desc_pages();
	test_hierarchy();
	test_pin_errors();
	test_refused_targets();
	test_flags();
	test_linear_and_loops();
	test_linear_allowed();
	test_linear_refused_targets();
	test_linear_chains_and_loops();
	test_unwind();
	test_entry_overflow();
	test_mod_l1();
	test_mod_upper();
	test_checker();
	test_resumable_same_result();
	test_resumable_user_bit();
	test_io_frames_with_page_info();
	test_read_only_io_frame_loses_rw();
	test_resumable_errors();
	return check_summary("page-type");
}
