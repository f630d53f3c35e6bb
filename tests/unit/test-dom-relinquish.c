/* unit-sources: hv/arch/x86/pv/dom-relinquish.c hv/arch/x86/mm/page-type.c hv/arch/x86/mm/page-type-mod.c hv/arch/x86/mm/page-type-check.c hv/arch/x86/mm/page-type-walk.c hv/arch/x86/mm/page-type-linear.c */
/* SPDX-License-Identifier: MIT */
/*
 * The phases of a dying domain's teardown (pv/dom-relinquish.c) over host
 * memory with the real frame-type core: a domain holding a pinned
 * four-level hierarchy, a vCPU's CR3 on a second one, a devalidation a
 * vCPU left pending, a validation stopped part way (PGT_partial) and a
 * frame it gave back that a table still maps. Released at once, and in
 * slices with every preemption pattern: every frame must be freed exactly
 * once, each slice must stop when told (budget or softirq), and the
 * per-vCPU descriptor teardown must run once per vCPU.
 */
#include <asm/page-type.h>
#include <asm/pv-desc.h>
#include <asm/pv-mm.h>

#include <satori/bug.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/hypercall.h>
#include <satori/page-list.h>

#include "check.h"
#include "host-frames.h"

#define NR_FRAMES 600
#include "page-type-fixture.h"

/* Frames: three hierarchies (L4 at 1, 170, 340: 164 frames each), each
 * L4 -> 2 L3s -> 4 L2s each -> 8 L1s each -> data frames (some
 * writable), and a small one: L4 520 -> L3s 521 (-> L2 522 -> L1 523 ->
 * data 530) and 524 (empty). */
#define H_PINNED 1
#define H_CR3 170
#define H_PARTIAL 340
#define H_OLD 520
#define GIVEN_BACK 165

static struct domain dom;
static struct vcpu vcpu0;
static unsigned int freed[NR_FRAMES];
static unsigned int gdt_destroyed, ldt_destroyed;
static unsigned int preempt_period, preempt_calls; /* 0: never */

bool hypercall_preempt_check(void)
{
	return preempt_period && ++preempt_calls % preempt_period == 0;
}

void pv_gdt_destroy(struct vcpu *v)
{
	(void)v;
	gdt_destroyed++;
}

unsigned int pv_ldt_destroy(struct vcpu *v)
{
	(void)v;
	ldt_destroyed++;
	return 0;
}

/* domain_free_page() as far as the teardown can tell. */
static void free_own_page(struct page_info *pg)
{
	unsigned long m = mfn_x(page_to_mfn(pg));

	CHECK(pg->owner == &dom);
	CHECK(!(pg->u.type_info & (PGT_count_mask | PGT_partial | PGT_pinned)));
	page_list_del(pg, &dom.page_list);
	dom.tot_pages--;
	freed[m]++;
	pg->owner = NULL;
	pg->count_info = 0;
	pg->u.type_info = 0;
}

#define P _PAGE_PRESENT
#define PRW (_PAGE_PRESENT | _PAGE_RW)

/* L4 @b -> L3s b+1, b+2 -> L2s b+3..b+10 -> L1s b+11..b+74 -> data
 * b+100..b+163 (each L1 maps 16 of them, even ones writable). */
static void build(unsigned long b)
{
	for (unsigned int i = 0; i < 2; i++) {
		tab(b)[i * 7] = pte(b + 1 + i, PRW);
		for (unsigned int j = 0; j < 4; j++) {
			unsigned long l2 = b + 3 + i * 4 + j;

			tab(b + 1 + i)[j * 100] = pte(l2, PRW);
			for (unsigned int k = 0; k < 8; k++) {
				unsigned long l1 = b + 11 + (i * 4 + j) * 8 + k;

				tab(l2)[k * 60 + 1] = pte(l1, PRW);
				for (unsigned int e = 0; e < 16; e++)
					tab(l1)[e * 31] =
						pte(b + 100 + (k * 8 + e) % 64,
						    e % 2 ? P : PRW);
			}
		}
	}
}

static void setup(void)
{
	memset(&dom, 0, sizeof(dom));
	memset(&vcpu0, 0, sizeof(vcpu0));
	memset(freed, 0, sizeof(freed));
	gdt_destroyed = ldt_destroyed = 0;
	preempt_period = preempt_calls = 0;
	own_preempt_check = hypercall_preempt_check;
	own_free_page = free_own_page;
	dom.page_list = (struct page_list_head)PAGE_LIST_HEAD_INIT;
	spin_lock_init(&dom.page_alloc_lock);
	spin_lock_init(&dom.arch.pt_lock);
	dom.max_vcpus = 2; /* vCPU 1 absent */
	dom.vcpus[0] = &vcpu0;
	vcpu0.domain = &dom;
	for (unsigned long m = 1; m < NR_FRAMES; m++) {
		pg(m)->count_info = PGC_allocated | 1;
		pg(m)->u.type_info = 0;
		pg(m)->owner = &dom;
		memset(tab(m), 0, PAGE_SIZE);
		page_list_add_tail(pg(m), &dom.page_list);
		dom.tot_pages++;
	}
	build(H_PINNED);
	build(H_CR3);
	build(H_PARTIAL);
	tab(H_OLD)[3] = pte(H_OLD + 1, PRW);
	tab(H_OLD + 1)[5] = pte(H_OLD + 2, PRW);
	tab(H_OLD + 2)[9] = pte(H_OLD + 3, PRW);
	tab(H_OLD + 3)[0] = pte(H_OLD + 10, PRW);
	tab(H_OLD)[4] = pte(H_OLD + 4, PRW);
	/* A frame the pinned hierarchy maps, given back meanwhile. */
	tab(H_PINNED + 11)[500] = pte(GIVEN_BACK, PRW);
}

/* The leftovers a dying domain may have. */
static void make_leftovers(void)
{
	struct pt_resume r = { .budget = 3 * PT_WORK_L1 };

	CHECK_EQ(pin_table(pg(H_PINNED), 4, &dom), 0);
	CHECK_EQ(get_page_and_type(pg(H_CR3), &dom, PGT_l4_page_table), 0);
	vcpu0.arch.guest_table = H_CR3;
	/* A pin that stopped part way and was never resumed. */
	CHECK_EQ(get_page_and_type_preemptible(pg(H_PARTIAL), &dom,
					       PGT_l4_page_table, &r),
		 -ERESTART);
	CHECK(pg(H_PARTIAL)->u.type_info & PGT_partial);
	/* A vCPU's unpin that stopped: its devalidation is pending. */
	CHECK_EQ(pin_table(pg(H_OLD), 4, &dom), 0);
	pg(H_OLD)->u.type_info &= ~PGT_pinned;
	vcpu0.arch.pin_resume.budget = 1;
	CHECK_EQ(put_page_and_type_preemptible(pg(H_OLD),
					       &vcpu0.arch.pin_resume),
		 -ERESTART);
	CHECK(vcpu0.arch.pin_resume.old_active);
	/* The allocation reference of a frame still mapped goes. */
	pg(GIVEN_BACK)->count_info &= ~PGC_allocated;
	put_page(pg(GIVEN_BACK));
	CHECK_EQ(freed[GIVEN_BACK], 0u);
}

static void check_all_freed(void)
{
	unsigned int bad = 0;

	for (unsigned long m = 1; m < NR_FRAMES; m++)
		bad += freed[m] != 1;
	CHECK_EQ(bad, 0u);
	CHECK(page_list_empty(&dom.page_list));
	CHECK_EQ(dom.tot_pages, 0ul);
	CHECK_EQ(gdt_destroyed, 1u);
	CHECK_EQ(ldt_destroyed, 1u);
	CHECK(!vcpu0.arch.guest_table);
	CHECK(!vcpu0.arch.pin_resume.old_active);
	CHECK(!dom.arch.rel.resume.old_active);
	CHECK(!dom.arch.rel.cursor_held);
	CHECK_EQ(host_log_errors, 0u);
}

static void test_at_once(void)
{
	setup();
	make_leftovers();
	CHECK_EQ(pv_domain_relinquish(&dom, false), 0);
	check_all_freed();
}

/* Slices until done; returns how many. */
static unsigned int run_slices(unsigned int period)
{
	unsigned int slices = 0;
	int rc;

	preempt_period = period;
	do {
		rc = pv_domain_relinquish(&dom, true);
		CHECK(rc == 0 || rc == -ERESTART);
		slices++;
		CHECK(slices < 100000);
	} while (rc);
	return slices;
}

static void test_slices_budget(void)
{
	unsigned int n;

	setup();
	make_leftovers();
	n = run_slices(0); /* Only the budget stops a slice. */
	check_all_freed();
	/* 130 L1s of table work in all: one budget does it, almost. */
	CHECK(n >= 1 && n <= 4);
}

static void test_slices_softirq(void)
{
	for (unsigned int period = 1; period <= 64; period *= 2) {
		unsigned int n;

		setup();
		make_leftovers();
		n = run_slices(period);
		check_all_freed();
		/* A pending softirq every check: a slice per step. */
		if (period == 1)
			CHECK(n > 100);
	}
}

/* A slice told to stop stops, and the next carries on from there. */
static void test_slice_then_at_once(void)
{
	setup();
	make_leftovers();
	preempt_period = 1;
	for (unsigned int i = 0; i < 20; i++)
		CHECK_EQ(pv_domain_relinquish(&dom, true), -ERESTART);
	CHECK(dom.tot_pages > 0);
	preempt_period = 0;
	CHECK_EQ(pv_domain_relinquish(&dom, false), 0);
	check_all_freed();
}

int main(void)
{
	host_frames_init(NR_FRAMES);
	test_at_once();
	test_slices_budget();
	test_slices_softirq();
	test_slice_then_at_once();
	return check_summary("dom-relinquish");
}
