/* unit-sources: hv/arch/x86/mm/page-type.c hv/arch/x86/mm/page-type-mod.c hv/arch/x86/mm/page-type-check.c hv/arch/x86/mm/page-type-walk.c hv/arch/x86/mm/page-type-linear.c */
/* SPDX-License-Identifier: MIT */
/*
 * Preemptible validation and devalidation over host memory: a four-level
 * hierarchy with 64 L1s pinned, unpinned and swapped in and out of an L4
 * entry with every work budget, stopping at every level; the final counts
 * must be those of the operation done at once, and the checker must find
 * nothing in any partial state on the way. Also failures after partial
 * progress (the unwinding left to the vCPU, then exact), a partial
 * devalidation taken over by a validation, what another vCPU sees, and
 * the teardown of partial tables.
 */
#define NR_FRAMES 512

#include "page-type-fixture.h"

/* The hierarchy: L4 1 -> L3s 2-3 -> L2s 4-11 (4 per L3) -> L1s 16-79
 * (8 per L2) -> data frames 100-163 (16 per L1: even ones writable).
 * Frames 400 and up belong to B. A spare L4 is frame 12, a spare L3
 * hierarchy L3 13 -> L2 14 -> L1s 80-95. */
#define L4 1
#define SPARE_L4 12
#define SPARE_L3 13
#define B_FRAME 400

#define P _PAGE_PRESENT
#define PRW (_PAGE_PRESENT | _PAGE_RW)

static bool partial(unsigned long mfn)
{
	return pg(mfn)->u.type_info & PGT_partial;
}

/* The references two vCPUs' pending old tables hold (general only). */
static struct pt_resume vcpu0, vcpu1;

static uint64_t pending_old_refs(unsigned long mfn)
{
	return (vcpu0.old_active && vcpu0.old_mfn == mfn) +
	       (vcpu1.old_active && vcpu1.old_mfn == mfn);
}

static void build_l3(unsigned long l3, unsigned long l2, unsigned int nr_l2,
		     unsigned long l1, unsigned long data)
{
	for (unsigned int j = 0; j < nr_l2; j++) {
		tab(l3)[j * 100] = pte(l2 + j, PRW);
		for (unsigned int k = 0; k < 8; k++) {
			unsigned long t = l1 + j * 8 + k;

			tab(l2 + j)[k * 60 + 1] = pte(t, PRW);
			for (unsigned int e = 0; e < 16; e++)
				tab(t)[e * 31] = pte(data + e * 4 + (k & 3),
						     e % 2 ? P : PRW);
		}
	}
}

/* Every frame allocated (A below B_FRAME), zeroed, untyped; then the
 * hierarchy, the spare L3 one, and each L1 also mapping the L4 read-only
 * as Linux maps its own tables. */
static void reset(void)
{
	ptf_reset_frames(B_FRAME);
	vcpu0 = vcpu1 = (struct pt_resume){ 0 };
	tab(L4)[0] = pte(2, PRW);
	tab(L4)[300] = pte(3, PRW);
	build_l3(2, 4, 4, 16, 100);
	build_l3(3, 8, 4, 48, 164);
	build_l3(SPARE_L3, 14, 2, 80, 300);
	for (unsigned long m = 16; m < 96; m++)
		tab(m)[511] = pte(L4, P);
}

static bool at_baseline(void)
{
	for (unsigned long m = 0; m < NR_FRAMES; m++)
		if ((pg(m)->count_info & PGC_count_mask) != 1 ||
		    (pg(m)->u.type_info & (PGT_count_mask | PGT_partial)))
			return false;
	return !vcpu0.old_active && !vcpu1.old_active;
}

/* Which levels were seen partial, and with a partial entry, while
 * stepping (bit n: level n). */
static unsigned int seen_partial, seen_held;

static void note_partial_levels(void)
{
	for (unsigned long m = 0; m < NR_FRAMES; m++) {
		uint64_t t = pg(m)->u.type_info;
		unsigned int level =
			(unsigned int)((t & PGT_type_mask) >> PGT_type_shift);

		if (!(t & PGT_partial))
			continue;
		seen_partial |= 1u << level;
		if (t & PGT_partial_entry)
			seen_held |= 1u << level;
	}
}

static unsigned int old_calls; /* pt_put_old_table() calls in get_in_steps */

/* Take a level-@level type reference on @mfn preemptibly with @budget per
 * call, as mmuext_op does: after every stop the checker must be clean.
 * A failure's unwinding is finished the same way. Returns the result and
 * the number of calls that stopped. */
static int get_in_steps(unsigned long mfn, unsigned int level,
			unsigned int budget, struct pt_resume *r,
			unsigned int *stops)
{
	uint64_t type = (uint64_t)level << PGT_type_shift;
	int rc;

	*stops = 0;
	for (;;) {
		r->budget = budget;
		rc = get_page_and_type_preemptible(pg(mfn), DOM_A, type, r);
		if (rc != -ERESTART)
			break;
		(*stops)++;
		note_partial_levels();
		CHECK_EQ(check_all(), 0);
	}
	while (r->old_active) {
		old_calls++;
		CHECK(rc != 0);
		note_partial_levels();
		CHECK_EQ(check_all(), 0);
		r->budget = budget;
		(void)pt_put_old_table(r);
	}
	return rc;
}

/* Drop a general and a type reference preemptibly, then the pending
 * devalidation step by step. */
static unsigned int put_in_steps(unsigned long mfn, unsigned int budget,
				 struct pt_resume *r)
{
	unsigned int stops = 0;

	r->budget = budget;
	if (!put_page_and_type_preemptible(pg(mfn), r))
		return 0;
	do {
		stops++;
		note_partial_levels();
		CHECK_EQ(check_all(), 0);
		r->budget = budget;
	} while (pt_put_old_table(r) == -ERESTART);
	CHECK(!r->old_active);
	return stops;
}

/* For every budget the validation in steps ends as the one at once, and
 * the devalidation in steps as the one at once; small budgets stop at
 * every level. */
static void test_same_result_any_budget(void)
{
	static const unsigned int budgets[] = {
		0, 1, 2, 100, 600, 1500, 5000, PT_WORK_BUDGET
	};
	unsigned int stops;

	reset();
	CHECK_EQ(get_page_and_type(pg(L4), DOM_A, PGT_l4_page_table), 0);
	cr3_refs[L4] = 1;
	CHECK_EQ(check_all(), 0);
	snapshot();
	put_page_and_type(pg(L4));
	cr3_refs[L4] = 0;
	CHECK(at_baseline());
	for (unsigned int b = 0; b < sizeof(budgets) / sizeof(budgets[0]);
	     b++) {
		seen_partial = seen_held = 0;
		CHECK_EQ(get_in_steps(L4, 4, budgets[b], &vcpu0, &stops), 0);
		cr3_refs[L4] = 1;
		CHECK(same_as_snapshot());
		CHECK_EQ(check_all(), 0);
		/* 64 L1s of 512 units: one per call with a budget below it. */
		if (budgets[b] < PT_WORK_L1)
			CHECK_EQ(stops, 63);
		/* 64 L1s and 74 upper entries: the budget runs out in the
		 * last L1, after which nothing is left to stop before. */
		if (budgets[b] == PT_WORK_BUDGET)
			CHECK_EQ(stops, 0);
		/* L2-L4 were partial, L3 and L4 with a partial entry (an
		 * L1 never stops: an L2 never holds a partial one). */
		if (budgets[b] < PT_WORK_L1) {
			CHECK_EQ(seen_partial, 0x1c);
			CHECK_EQ(seen_held, 0x18);
		}
		cr3_refs[L4] = 0;
		stops = put_in_steps(L4, budgets[b], &vcpu0);
		if (budgets[b] < PT_WORK_L1)
			CHECK_EQ(stops, 63);
		CHECK(at_baseline());
		CHECK_EQ(check_all(), 0);
	}
	/* The softirq check stops it too, each call still making progress. */
	preempt_now = true;
	CHECK_EQ(get_in_steps(L4, 4, PT_WORK_BUDGET, &vcpu0, &stops), 0);
	CHECK_EQ(stops, 63);
	cr3_refs[L4] = 1;
	CHECK(same_as_snapshot());
	cr3_refs[L4] = 0;
	CHECK_EQ(put_in_steps(L4, PT_WORK_BUDGET, &vcpu0), 63);
	preempt_now = false;
	CHECK(at_baseline());
}

/* Stopping an L3 and an L2 validation directly, and a hierarchy that
 * shares a validated L3 (which costs nothing to take again). */
static void test_each_level(void)
{
	unsigned int stops;

	reset();
	seen_partial = seen_held = 0;
	CHECK_EQ(get_in_steps(2, 3, 1, &vcpu0, &stops), 0);
	CHECK_EQ(stops, 31);
	CHECK_EQ(seen_held, 0x8); /* The L3 held its L2s partially. */
	CHECK_EQ(seen_partial, 0xc);
	CHECK_EQ(tcount(2), 1);
	cr3_refs[2] = 1; /* The references we hold, for the checker. */
	CHECK_EQ(get_in_steps(4, 2, 1, &vcpu0, &stops), 0);
	CHECK_EQ(stops, 0); /* Validated: a type reference more. */
	CHECK_EQ(tcount(4), 2);
	cr3_refs[4] = 1;
	CHECK_EQ(get_in_steps(8, 2, 1, &vcpu0, &stops), 0);
	CHECK_EQ(stops, 7); /* An L2 stops between its L1s. */
	cr3_refs[8] = 1;
	/* The L4 takes L3 2 as it is and validates L3 3's rest. */
	CHECK_EQ(get_in_steps(L4, 4, 1, &vcpu0, &stops), 0);
	/* Budget 1 stops after any entry: before L3 3, before its second
	 * L2 (the first was validated), then after each of 24 L1s. */
	CHECK_EQ(stops, 25);
	cr3_refs[L4] = 1;
	CHECK_EQ(check_all(), 0);
	cr3_refs[2] = cr3_refs[4] = cr3_refs[8] = 0;
	CHECK_EQ(put_in_steps(2, 1, &vcpu0), 0);
	CHECK_EQ(put_in_steps(4, 1, &vcpu0), 0);
	CHECK_EQ(put_in_steps(8, 1, &vcpu0), 0);
	cr3_refs[L4] = 0;
	CHECK_EQ(put_in_steps(L4, 1, &vcpu0), 63);
	CHECK(at_baseline());
}

/* A bad entry deep down after partial progress: the error of the
 * validation at once, its unwinding left to the vCPU (in steps too),
 * then exactly the state before. */
static void fails_in_steps(unsigned int budget, int want)
{
	unsigned int stops;

	CHECK_EQ(pin_table(pg(L4), 4, DOM_A), want);
	CHECK(at_baseline());
	old_calls = 0;
	CHECK_EQ(get_in_steps(L4, 4, budget, &vcpu0, &stops), want);
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);
	if (budget == 1) {
		/* One L1 per call, both ways: the failing L1 is the 64th. */
		CHECK_EQ(stops, 63);
		CHECK_EQ(old_calls, 63);
	}
}

static void test_fail_after_progress(void)
{
	static const unsigned int budgets[] = { 1, 700, PT_WORK_BUDGET };

	for (unsigned int b = 0; b < 3; b++) {
		/* The last L1 maps B's frame: -EBUSY. */
		reset();
		tab(79)[500] = pte(B_FRAME, P);
		fails_in_steps(budgets[b], -EBUSY);
		/* An L2 entry with PSE in the last L2: -EINVAL. */
		reset();
		tab(11)[400] = pte(96, P | _PAGE_PSE);
		fails_in_steps(budgets[b], -EINVAL);
	}
}

/* An unpin's devalidation stopped part way, then the table is pinned
 * again by another vCPU before it finishes: that carries on forward, and
 * the pending drop then finds nothing to drop but its general reference.
 * Then a devalidation of a table a partial validation also holds. */
static void test_devalidate_then_revalidate(void)
{
	unsigned int stops;

	reset();
	CHECK_EQ(pin_table(pg(L4), 4, DOM_A), 0);
	snapshot();
	pg(L4)->u.type_info &= ~PGT_pinned;
	vcpu0.budget = 1;
	CHECK_EQ(put_page_and_type_preemptible(pg(L4), &vcpu0), -ERESTART);
	CHECK(vcpu0.old_active && partial(L4));
	for (unsigned int i = 0; i < 5; i++) {
		vcpu0.budget = 1;
		CHECK_EQ(pt_put_old_table(&vcpu0), -ERESTART);
	}
	CHECK_EQ(check_all(), 0);
	/* vCPU 1 takes it as an L4 again. */
	CHECK_EQ(get_in_steps(L4, 4, 1, &vcpu1, &stops), 0);
	CHECK(stops > 0);
	pg(L4)->u.type_info |= PGT_pinned;
	CHECK(!partial(L4));
	vcpu0.budget = 1;
	CHECK_EQ(pt_put_old_table(&vcpu0), 0);
	CHECK(!vcpu0.old_active);
	CHECK(same_as_snapshot());
	CHECK_EQ(check_all(), 0);
	CHECK_EQ(unpin_table(pg(L4), DOM_A), 0);
	CHECK(at_baseline());
}

/* What the guest's other vCPUs see of a partial table: it cannot be
 * written through or mapped writable, entry updates into it fail, and a
 * request for its type carries the validation on (Xen's rules). */
static void test_other_vcpu_sees(void)
{
	unsigned int stops;

	reset();
	vcpu0.budget = 1;
	CHECK_EQ(get_page_and_type_preemptible(pg(L4), DOM_A, PGT_l4_page_table,
					       &vcpu0),
		 -ERESTART);
	CHECK(partial(L4) && partial(2) && partial(4));
	CHECK_EQ(tcount(L4), 1);
	CHECK_EQ(get_page_type(pg(L4), PGT_writable_page), -EINVAL);
	CHECK_EQ(get_page_type(pg(4), PGT_l1_page_table), -EINVAL);
	CHECK_EQ(mod_l4_entry(pg(L4), 5, 0, false, DOM_A), -EINVAL);
	vcpu1.budget = PT_WORK_BUDGET;
	CHECK_EQ(mod_entry_preemptible(pg(L4), 4, 5, 0, false, DOM_A, &vcpu1),
		 -EINVAL);
	CHECK_EQ(unpin_table(pg(L4), DOM_A), -EINVAL);
	/* A partial L2 is taken over by another vCPU's L2 pin... */
	CHECK_EQ(get_in_steps(4, 2, 1, &vcpu1, &stops), 0);
	CHECK(!partial(4));
	CHECK_EQ(tcount(4), 1);
	/* ...and the L4 by its pin; the first vCPU's re-issue then finds
	 * it validated (for a pin: "already pinned", -EINVAL). */
	CHECK_EQ(pin_table(pg(L4), 4, DOM_A), 0);
	CHECK_EQ(tcount(4), 2);
	CHECK_EQ(pin_table(pg(L4), 4, DOM_A), -EINVAL);
	cr3_refs[4] = 1;
	CHECK_EQ(check_all(), 0);
	cr3_refs[4] = 0;
	put_page_and_type(pg(4));
	CHECK_EQ(unpin_table(pg(L4), DOM_A), 0);
	CHECK(at_baseline());
}

/* Destroyed while partial: teardown's order (pending old tables, then
 * every partial table) frees everything, in either list order. */
static void release_all_partial(bool backwards)
{
	pt_put_old_table_now(&vcpu0);
	pt_put_old_table_now(&vcpu1);
	for (unsigned long i = 0; i < NR_FRAMES; i++) {
		unsigned long m = backwards ? NR_FRAMES - 1 - i : i;

		if (partial(m))
			pt_release_partial(pg(m));
	}
}

static void test_destroy_while_partial(void)
{
	for (unsigned int backwards = 0; backwards < 2; backwards++) {
		/* Validation stopped at every level. */
		reset();
		vcpu0.budget = 1;
		for (unsigned int i = 0; i < 10; i++)
			CHECK_EQ(get_page_and_type_preemptible(
					 pg(L4), DOM_A, PGT_l4_page_table,
					 &vcpu0),
				 -ERESTART);
		release_all_partial(backwards);
		CHECK(at_baseline());
		/* A devalidation pending, another validation partial. */
		reset();
		CHECK_EQ(pin_table(pg(L4), 4, DOM_A), 0);
		pg(L4)->u.type_info &= ~PGT_pinned;
		vcpu0.budget = 1;
		CHECK_EQ(put_page_and_type_preemptible(pg(L4), &vcpu0),
			 -ERESTART);
		vcpu1.budget = 1;
		CHECK_EQ(get_page_and_type_preemptible(pg(SPARE_L3), DOM_A,
						       PGT_l3_page_table,
						       &vcpu1),
			 -ERESTART);
		CHECK_EQ(check_all(), 0);
		release_all_partial(backwards);
		CHECK(at_baseline());
		/* A failure's unwinding pending. */
		reset();
		tab(79)[500] = pte(B_FRAME, P);
		vcpu0.budget = PT_WORK_BUDGET;
		CHECK_EQ(get_page_and_type_preemptible(
				 pg(L4), DOM_A, PGT_l4_page_table, &vcpu0),
			 -EBUSY);
		CHECK(vcpu0.old_active);
		release_all_partial(backwards);
		CHECK(at_baseline());
	}
}

/* An L4 entry switched to a new L3 hierarchy and back, preemptibly: the
 * new target's validation is re-issued, the old one's devalidation left
 * to the vCPU; the counts are those of mod_l4_entry(). */
static void test_mod_entry_steps(void)
{
	pte_t e = pte(SPARE_L3, PRW | _PAGE_USER);
	unsigned int stops = 0;
	int rc;

	reset();
	CHECK_EQ(pin_table(pg(SPARE_L4), 4, DOM_A), 0);
	CHECK_EQ(mod_l4_entry(pg(SPARE_L4), 7, e, false, DOM_A), 0);
	snapshot();
	CHECK_EQ(mod_l4_entry(pg(SPARE_L4), 7, 0, false, DOM_A), 0);
	CHECK_EQ(check_all(), 0);
	do {
		vcpu0.budget = 1;
		rc = mod_entry_preemptible(pg(SPARE_L4), 4, 7, e, false, DOM_A,
					   &vcpu0);
		stops += rc == -ERESTART;
		CHECK_EQ(tab(SPARE_L4)[7], rc ? 0 : e);
		CHECK_EQ(check_all(), 0);
	} while (rc == -ERESTART);
	CHECK_EQ(rc, 0);
	CHECK_EQ(stops, 15); /* 16 L1s */
	CHECK(same_as_snapshot());
	/* Replacing it drops the old hierarchy in steps. */
	vcpu0.budget = 1;
	CHECK_EQ(mod_entry_preemptible(pg(SPARE_L4), 4, 7, 0, false, DOM_A,
				       &vcpu0),
		 0);
	CHECK(vcpu0.old_active);
	CHECK_EQ(tab(SPARE_L4)[7], 0);
	stops = 0;
	do {
		stops++;
		CHECK_EQ(check_all(), 0);
		vcpu0.budget = 1;
	} while (pt_put_old_table(&vcpu0) == -ERESTART);
	CHECK_EQ(stops, 15);
	CHECK_EQ(unpin_table(pg(SPARE_L4), DOM_A), 0);
	CHECK(at_baseline());
	/* A bad entry deep in the new target: the error, then exact. */
	reset();
	tab(95)[3] = pte(SPARE_L3, PRW); /* A table mapped writable */
	CHECK_EQ(pin_table(pg(SPARE_L4), 4, DOM_A), 0);
	do {
		vcpu0.budget = 1;
		rc = mod_entry_preemptible(pg(SPARE_L4), 4, 7, e, false, DOM_A,
					   &vcpu0);
	} while (rc == -ERESTART);
	CHECK_EQ(rc, -EBUSY);
	CHECK(vcpu0.old_active);
	while (pt_put_old_table(&vcpu0) == -ERESTART)
		vcpu0.budget = 1;
	CHECK_EQ(tab(SPARE_L4)[7], 0);
	CHECK_EQ(unpin_table(pg(SPARE_L4), DOM_A), 0);
	CHECK(at_baseline());
	CHECK_EQ(check_all(), 0);
}

int main(void)
{
	host_frames_init(NR_FRAMES);
	more_gen_refs = pending_old_refs;
	no_frees = true; /* Every frame keeps its allocation reference. */
	test_same_result_any_budget();
	test_each_level();
	test_fail_after_progress();
	test_devalidate_then_revalidate();
	test_other_vcpu_sees();
	test_destroy_while_partial();
	test_mod_entry_steps();
	return check_summary("page-type-partial");
}
