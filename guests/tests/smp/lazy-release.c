/* SPDX-License-Identifier: MIT */
/*
 * A vCPU still blocked on an idle CPU when its domain ends. vCPU 1
 * blocks for good (no event is bound for it); vCPU 0 keeps its own CPU
 * busy for 50 ms, long enough for vCPU 1's CPU to go idle, and then ends
 * the domain. Under satori's lazy switch to idle vCPU 1's state, CR3
 * included, is still loaded on that CPU: the domain's end must have that
 * CPU save it before the domain's page tables are freed. The boot test
 * (tests/boot/lazy-release.test) checks the domain is destroyed and
 * every frame comes back. Two vCPUs on two physical CPUs.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "smp/lazy-release";

#define MS 1000000ULL

static volatile int blocking;

static void blocker(unsigned int id)
{
	(void)id;
	blocking = 1;
	for (;;)
		vcpu_block();
}

void test_main(void)
{
	uint64_t t0;

	CHECK_EQ("vcpu_start(1)", vcpu_start(1, blocker), 0);
	t0 = guest_now();
	while (!blocking) {
		if (guest_now() > t0 + 5000 * MS)
			test_fail("vCPU 1 did not start");
	}
	t0 = guest_now();
	while (guest_now() < t0 + 50 * MS)
		;
	printf("lazy-release: vCPU 1 blocked, vCPU 0 ends the domain\n");
	test_success();
}
