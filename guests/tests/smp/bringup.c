/* SPDX-License-Identifier: MIT */
/*
 * SMP bring-up with vcpu_op on a 4-vCPU domain (2 physical CPUs): vCPUs
 * 1-3 start with VCPUOP_initialise + VCPUOP_up on stacks of their own,
 * each records that it ran on the vCPU it was started as; is_up reports
 * them up, then down once they take themselves down, and up again runs
 * them again. The refusals are Xen's: a vCPU id past max_vcpus is
 * -ENOENT for every command, up before initialise -EINVAL, initialise of
 * an initialised vCPU (vCPU 0, or one that went down) -EEXIST, a
 * non-canonical RIP or a CR3 that is not an L4 table -EINVAL (and the
 * vCPU stays uninitialised).
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "smp/bringup";

#define NR 4
#define SPIN_LIMIT 2000000

static volatile unsigned int runs[NR], seen_id[NR];
static volatile int release;
static struct vcpu_guest_context ctx;
static uint8_t data_page[4096] __attribute__((aligned(4096)));

static void secondary(unsigned int id)
{
	seen_id[id] = this_vcpu();
	__atomic_fetch_add(&runs[id], 1, __ATOMIC_SEQ_CST);
	printf("vcpu %u: running (run %u)\n", id, runs[id]);
	while (!release)
		hc_sched_op(SCHEDOP_yield, NULL);
}

/* Yield until @cond holds or the limit passes; @return whether it held. */
#define WAIT_FOR(cond)                                    \
	({                                                \
		unsigned long n_ = 0;                     \
		while (!(cond) && n_++ < SPIN_LIMIT)      \
			hc_sched_op(SCHEDOP_yield, NULL); \
		(cond);                                   \
	})

static void check_refusals(void)
{
	CHECK_EQ("is_up(0)", hc_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
	CHECK_EQ("is_up(1) before start", hc_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	CHECK_EQ("is_up(4)", hc_vcpu_op(VCPUOP_is_up, NR, NULL), -XEN_ENOENT);
	CHECK_EQ("up(4)", hc_vcpu_op(VCPUOP_up, NR, NULL), -XEN_ENOENT);
	CHECK_EQ("is_up(1000)", hc_vcpu_op(VCPUOP_is_up, 1000, NULL),
		 -XEN_ENOENT);
	CHECK_EQ("up(3) uninitialised", hc_vcpu_op(VCPUOP_up, 3, NULL),
		 -XEN_EINVAL);
	vcpu_fill_context(&ctx, 0);
	CHECK_EQ("initialise(0)", hc_vcpu_op(VCPUOP_initialise, 0, &ctx),
		 -XEN_EEXIST);
	vcpu_fill_context(&ctx, 3);
	ctx.user_regs.rip = 0x0000800000000000UL;
	CHECK_EQ("initialise(3) non-canonical rip",
		 hc_vcpu_op(VCPUOP_initialise, 3, &ctx), -XEN_EINVAL);
	vcpu_fill_context(&ctx, 3);
	ctx.ctrlreg[3] = guest_va_to_mfn(data_page) << 12;
	CHECK_EQ("initialise(3) data page as CR3",
		 hc_vcpu_op(VCPUOP_initialise, 3, &ctx), -XEN_EINVAL);
	CHECK_EQ("up(3) after refused initialise",
		 hc_vcpu_op(VCPUOP_up, 3, NULL), -XEN_EINVAL);
	CHECK_EQ("initialise(3) bad pointer",
		 hc_vcpu_op(VCPUOP_initialise, 3, (void *)0xffff800000000000UL),
		 -XEN_EFAULT);
}

void test_main(void)
{
	data_page[0] = 1;
	check_refusals();
	for (unsigned int id = 1; id < NR; id++)
		CHECK_EQ("vcpu_start", vcpu_start(id, secondary), 0);
	if (!WAIT_FOR(runs[1] && runs[2] && runs[3]))
		test_fail("vCPUs did not all run: %u %u %u", runs[1], runs[2],
			  runs[3]);
	for (unsigned int id = 1; id < NR; id++) {
		if (seen_id[id] != id)
			test_fail("vCPU %u ran as %u", id, seen_id[id]);
		CHECK_EQ("is_up while running",
			 hc_vcpu_op(VCPUOP_is_up, id, NULL), 1);
	}
	release = 1;
	for (unsigned int id = 1; id < NR; id++)
		if (!WAIT_FOR(hc_vcpu_op(VCPUOP_is_up, id, NULL) == 0))
			test_fail("vCPU %u did not go down", id);
	vcpu_fill_context(&ctx, 1);
	CHECK_EQ("initialise(1) again", hc_vcpu_op(VCPUOP_initialise, 1, &ctx),
		 -XEN_EEXIST);
	release = 0;
	CHECK_EQ("up(2) again", hc_vcpu_op(VCPUOP_up, 2, NULL), 0);
	if (!WAIT_FOR(runs[2] == 2))
		test_fail("vCPU 2 did not run again");
	release = 1;
	if (!WAIT_FOR(hc_vcpu_op(VCPUOP_is_up, 2, NULL) == 0))
		test_fail("vCPU 2 did not go down again");
	test_success();
}
