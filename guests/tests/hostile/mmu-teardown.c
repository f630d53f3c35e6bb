/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-teardown: a domain that dies in the middle of its
 * page-table work, leaving everything it can for the teardown.
 *
 * Rule: whatever a dying domain leaves behind (pinned deep hierarchies, a
 * hierarchy whose validation stopped part way, grant mappings of its own
 * frames), its destruction returns every frame exactly once, and the
 * hypervisor releases it without holding a CPU for the whole of it
 * (satori: bounded slices; the boot test bootdoms-teardown measures a
 * bystander's timer lateness meanwhile).
 * Attack: vCPU 0 pins hierarchy A (L4 -> L3 -> 2 L2s -> 1024 L1s whose
 * every entry maps one data page read-only), maps a grant of one of its
 * own frames (with "self=N": its domain id), then pins hierarchy B, as
 * big. vCPU 1, on the same CPU, keeps writing B's empty L4 entry 2; the
 * first -EINVAL means B is part validated (the pin was preempted), and
 * vCPU 1 at once ends the domain (the verdict, then poweroff), so that
 * the pin is never resumed. Without a second vCPU (or if the pin ends
 * first) B is left pinned instead.
 */
#include <guest/deep-pt.h>
#include <guest/grant.h>
#include <guest/mmu.h>
#include <guest/sched.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "hostile/mmu-teardown";

#define S_FILL 0U  /* window slot for writing tables */
#define S_TABLE 1U /* the grant table frame */
#define S_GRANT 2U /* the grant mapping */
#define GREF 8U

static struct deep_pt a, b;
static uint8_t data[4096] __attribute__((aligned(4096)));

static void build(struct deep_pt *h)
{
	uint64_t ro = (mmu_virt_to_mfn(data) << 12) | PTE_FLAGS_RO;

	deep_pt_alloc(h);
	deep_pt_write(h, S_FILL, ro, ro);
}

/* Grant one of our frames to ourselves and map it: held at death. */
static void map_own_grant(uint16_t self)
{
	struct gnttab_map_grant_ref op = { .flags = GNTMAP_host_map,
					   .ref = GREF,
					   .dom = self };
	volatile struct grant_entry_v1 *gt;
	uint64_t frame = pt_frame_alloc_or_die();

	gt = grant_table_map(S_TABLE);
	gt[GREF].domid = self;
	gt[GREF].frame = (uint32_t)frame;
	__asm__ volatile("" ::: "memory");
	gt[GREF].flags = GTF_permit_access;
	CHECK_EQ("unmap the window slot", mmu_window_map(S_GRANT, 0, 0), 0);
	op.host_addr = (uint64_t)mmu_window(S_GRANT);
	CHECK_EQ("map_grant_ref", gnttab(GNTTABOP_map_grant_ref, &op, 1), 0);
	CHECK_EQ("map_grant_ref status", op.status, GNTST_okay);
	printf("hostile/mmu-teardown: own grant mapped (handle %u)\n",
	       op.handle);
}

static volatile int have_watcher, b_started;

/* vCPU 1: end the domain the moment B is part validated. */
static void watcher(unsigned int id)
{
	(void)id;
	have_watcher = 1;
	while (!b_started)
		;
	for (;;) {
		long rc = mmu_update1((b.l4 << 12) + 2UL * sizeof(uint64_t), 0);

		if (rc == -XEN_EINVAL) {
			printf("hostile/mmu-teardown: B is part validated: "
			       "dying now\n");
			test_success();
		}
	}
}

void test_main(void)
{
	uint64_t self = cmdline_uint("self", 0xffff);

	build(&a);
	build(&b);
	CHECK_EQ("pin of A", mmu_pin(4, a.l4), 0);
	printf("hostile/mmu-teardown: A pinned\n");
	if (self != 0xffff)
		map_own_grant((uint16_t)self);
	if (vcpu_start(1, watcher) == 0)
		while (!have_watcher)
			;
	b_started = 1;
	CHECK_EQ("pin of B", mmu_pin(4, b.l4), 0);
	printf("hostile/mmu-teardown: B pinned whole (%s): dying with both\n",
	       have_watcher ? "vCPU 1 never saw it partial" : "one vCPU");
	test_success();
}
