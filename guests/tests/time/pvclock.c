/* SPDX-License-Identifier: MIT */
/*
 * The pvclock (vcpu_time_info in a registered vcpu_info): a sane record
 * (even version, a scale, a TSC stamp in the past), monotonic over many
 * reads on one vCPU and across vCPUs (each of 3 vCPUs reads its own
 * record after seeing the latest value any vCPU published, and must not
 * read less), and consistent with the TSC: over a busy wait the clock
 * advances by the TSC delta scaled by the record's mul/shift (within 1
 * us plus the slack of re-reads). The largest step back seen across
 * vCPUs is printed; satori's records are exact (0 ns), Xen's are
 * per-CPU and may differ by a few ns, so up to 1 us is allowed.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "time/pvclock";

#define NR 3u
#define READS 200000
#define CROSS_READS 20000
#define CROSS_SLACK_NS 1000

static volatile uint64_t published;
static volatile uint64_t worst_back[NR];
static volatile int done[NR], go;

static void record_sane(unsigned int id)
{
	volatile struct vcpu_time_info *t = &vcpu_info_of(id)->time;

	if (t->version & 1)
		test_fail("vCPU %u: odd version %u at rest", id, t->version);
	if (!t->tsc_to_system_mul)
		test_fail("vCPU %u: zero tsc_to_system_mul", id);
	if (t->tsc_timestamp > guest_rdtsc())
		test_fail("vCPU %u: tsc_timestamp in the future", id);
}

/* Read, compare with what others published, publish the max. */
static void cross_reads(unsigned int id)
{
	uint64_t back = 0;

	for (unsigned int i = 0; i < CROSS_READS; i++) {
		uint64_t seen = __atomic_load_n(&published, __ATOMIC_SEQ_CST);
		uint64_t now = guest_now();
		uint64_t cur = seen;

		if (now < seen && seen - now > back)
			back = seen - now;
		while (now > cur && !__atomic_compare_exchange_n(
					    &published, &cur, now, 0,
					    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			;
	}
	worst_back[id] = back;
}

static void secondary(unsigned int id)
{
	CHECK_EQ("register_vcpu_info(self)", vcpu_info_register(id), 0);
	record_sane(id);
	while (!go)
		;
	cross_reads(id);
	done[id] = 1;
}

static void monotonic_one_vcpu(void)
{
	uint64_t prev = guest_now();

	for (unsigned int i = 0; i < READS; i++) {
		uint64_t now = guest_now();

		if (now < prev)
			test_fail("time went back %llu ns at read %u",
				  (unsigned long long)(prev - now), i);
		prev = now;
	}
}

/* The clock against the TSC it is derived from, over ~20 ms. */
static void matches_tsc(void)
{
	volatile struct vcpu_time_info *t = &vcpu_info_of(0)->time;
	uint64_t ns0 = guest_now(), tsc0 = guest_rdtsc(), ns1, tsc1, want;
	uint64_t delta;

	while (guest_now() < ns0 + 20000000)
		;
	ns1 = guest_now();
	tsc1 = guest_rdtsc();
	delta = tsc1 - tsc0;
	delta = t->tsc_shift < 0 ? delta >> -t->tsc_shift
				 : delta << t->tsc_shift;
	want = (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >>
			  32);
	printf("pvclock: mul %u shift %d flags %#x: %llu ns over %llu TSC "
	       "cycles\n",
	       t->tsc_to_system_mul, t->tsc_shift, t->flags,
	       (unsigned long long)(ns1 - ns0),
	       (unsigned long long)(tsc1 - tsc0));
	if ((ns1 - ns0 > want ? ns1 - ns0 - want : want - (ns1 - ns0)) >
	    1000000)
		test_fail("clock advanced %llu ns, TSC scaling says %llu",
			  (unsigned long long)(ns1 - ns0),
			  (unsigned long long)want);
}

void test_main(void)
{
	uint64_t worst = 0;

	CHECK_EQ("register_vcpu_info(0)", vcpu_info_register(0), 0);
	record_sane(0);
	monotonic_one_vcpu();
	matches_tsc();
	for (unsigned int id = 1; id < NR; id++)
		CHECK_EQ("vcpu_start", vcpu_start(id, secondary), 0);
	go = 1;
	cross_reads(0);
	for (unsigned int id = 1; id < NR; id++)
		while (!done[id])
			hc_sched_op(SCHEDOP_yield, NULL);
	for (unsigned int id = 0; id < NR; id++)
		if (worst_back[id] > worst)
			worst = worst_back[id];
	printf("pvclock: largest step back across %u vCPUs: %llu ns\n", NR,
	       (unsigned long long)worst);
	/* The ABI promises time that never goes back across vCPUs only
	 * with XEN_PVCLOCK_TSC_STABLE_BIT; without it guests (Linux's
	 * pvclock last_value) hide the steps themselves. Xen 4.17 under
	 * TCG steps back ~30 us across its pCPUs; satori's one global
	 * scale must not: its manifest checks the printed figure. */
	if ((vcpu_info_of(0)->time.flags & XEN_PVCLOCK_TSC_STABLE_BIT) &&
	    worst > CROSS_SLACK_NS)
		test_fail("time went back %llu ns across vCPUs",
			  (unsigned long long)worst);
	test_success();
}
