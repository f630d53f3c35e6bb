/* SPDX-License-Identifier: MIT */
/*
 * Hostile runstate areas and vcpu_info frames. The rule: the hypervisor
 * writes these areas on the guest's behalf for as long as they are
 * registered, so it must only ever accept guest memory the domain owns.
 * The attack: point them at the hypervisor's own range, at
 * non-canonical addresses, at frames the guest does not own or that are
 * page tables, at misaligned offsets, and register twice or for a
 * running vCPU. Xen's answers: a runstate area outside guest space (or
 * an unreadable argument) is -EFAULT; an unmapped guest address is
 * accepted and its writes fail quietly; register_vcpu_info with an
 * offset past 4096 - 64 or not 8-byte aligned is -ENXIO, a frame that is
 * not ours or cannot be writable (our L4) -EINVAL, a second registration
 * -EINVAL, and one for another vCPU that is up -EINVAL. Afterwards the
 * guest still runs normally.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/mm.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "hostile/vcpu-areas";

#define HV_START 0xffff800000000000UL

static volatile int release;

static long runstate_at(uint64_t va)
{
	struct vcpu_register_runstate_memory_area r = { .addr.p = va };

	return hc_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &r);
}

static long info_at(unsigned int id, uint64_t mfn, uint32_t offset)
{
	struct vcpu_register_vcpu_info r = { .mfn = mfn, .offset = offset };

	return hc_vcpu_op(VCPUOP_register_vcpu_info, id, &r);
}

static void spinner(unsigned int id)
{
	(void)id;
	while (!release)
		hc_sched_op(SCHEDOP_yield, NULL);
}

static void runstate_areas(void)
{
	CHECK_EQ("runstate in hypervisor", runstate_at(HV_START), -XEN_EFAULT);
	CHECK_EQ("runstate at hypervisor end - 8",
		 runstate_at(0xffff87fffffffff8UL), -XEN_EFAULT);
	CHECK_EQ("runstate straddling into hypervisor",
		 runstate_at(HV_START - 8), -XEN_EFAULT);
	CHECK_EQ("runstate non-canonical", runstate_at(0x0000800000000000UL),
		 -XEN_EFAULT);
	CHECK_EQ("runstate argument in hypervisor",
		 hc_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
			    (void *)HV_START),
		 -XEN_EFAULT);
	/* Unmapped guest memory: accepted, every write fails quietly. */
	CHECK_EQ("runstate unmapped", runstate_at(page_before_hole() + 4096),
		 0);
	for (int i = 0; i < 20; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	CHECK_EQ("runstate unregister", runstate_at(0), 0);
}

static void vcpu_infos(void)
{
	static uint8_t page[4096] __attribute__((aligned(4096)));
	uint64_t mine = guest_va_to_mfn(page);
	uint64_t l4 = guest_va_to_mfn((void *)start_info->pt_base);

	page[0] = 1;
	CHECK_EQ("vcpu_info offset 4033", info_at(0, mine, 4033), -XEN_ENXIO);
	CHECK_EQ("vcpu_info offset 4040", info_at(0, mine, 4040), -XEN_ENXIO);
	CHECK_EQ("vcpu_info offset 4 (misaligned)", info_at(0, mine, 4),
		 -XEN_ENXIO);
	CHECK_EQ("vcpu_info in our L4", info_at(0, l4, 0), -XEN_EINVAL);
	CHECK_EQ("vcpu_info in mfn 0", info_at(0, 0, 0), -XEN_EINVAL);
	CHECK_EQ("vcpu_info in a huge mfn", info_at(0, ~0UL >> 12, 0),
		 -XEN_EINVAL);
	CHECK_EQ("vcpu_info argument in hypervisor",
		 hc_vcpu_op(VCPUOP_register_vcpu_info, 0, (void *)HV_START),
		 -XEN_EFAULT);
	CHECK_EQ("vcpu_info for vCPU 1 while up", info_at(1, mine, 64),
		 -XEN_EINVAL);
	CHECK_EQ("vcpu_info 4032 (last slot)", info_at(0, mine, 4032), 0);
	CHECK_EQ("vcpu_info twice", info_at(0, mine, 0), -XEN_EINVAL);
	/* The registered one now carries the clock. */
	if (!pvclock_read(&((volatile struct vcpu_info *)(page + 4032))->time))
		test_fail("no time in the registered vcpu_info");
}

void test_main(void)
{
	CHECK_EQ("vcpu_start(1)", vcpu_start(1, spinner), 0);
	runstate_areas();
	vcpu_infos();
	release = 1;
	test_success();
}
