/* SPDX-License-Identifier: MIT */
/*
 * VCPUOP_register_vcpu_time_memory_area: a secondary vcpu_time_info at a
 * guest virtual address (Linux's vDSO clock). Registering writes it at
 * once; from then on it carries exactly vcpu_info's record (same version,
 * stamp, system time, scale and flags) every time that record changes,
 * checked over blocks until vcpu_info's record has changed three times
 * (satori rewrites it at each switch-in; Xen 4.17 when its per-CPU time
 * stamp moves, about once a second). Hostile: an area in or straddling
 * into the hypervisor's range, a non-canonical one, or an argument in the
 * hypervisor is -EFAULT; an unknown vCPU -ENOENT; an unmapped address or
 * our read-only L4 is accepted and never written (the L4 stays intact);
 * VA 0 unregisters, after which the old area is left alone.
 */
#include <stdbool.h>

#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/mm.h>
#include <guest/string.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "time/time-area";

#define MS 1000000ULL
#define HV_START 0xffff800000000000UL
#define POISON 0x5a

static volatile struct vcpu_time_info area __attribute__((aligned(64)));

static long area_at(unsigned int id, uint64_t va)
{
	struct vcpu_register_time_memory_area r = { .addr.p = va };

	return hc_vcpu_op(VCPUOP_register_vcpu_time_memory_area, id, &r);
}

static volatile struct vcpu_time_info *primary(void)
{
	return &vcpu_info_of(0)->time;
}

static void copy_rec(struct vcpu_time_info *d,
		     const volatile struct vcpu_time_info *s)
{
	d->version = s->version;
	d->pad0 = s->pad0;
	d->tsc_timestamp = s->tsc_timestamp;
	d->system_time = s->system_time;
	d->tsc_to_system_mul = s->tsc_to_system_mul;
	d->tsc_shift = s->tsc_shift;
	d->flags = s->flags;
	d->pad1[0] = s->pad1[0];
	d->pad1[1] = s->pad1[1];
}

/* Copy both records while vcpu_info's version stays put and even. Both
 * are written by the hypervisor while this vCPU is not running guest
 * code, so such a snapshot never sees one updated without the other. */
static void snapshot(struct vcpu_time_info *p, struct vcpu_time_info *s)
{
	volatile struct vcpu_time_info *t = primary();
	uint32_t v;

	do {
		v = t->version;
		__asm__ volatile("" ::: "memory");
		copy_rec(p, t);
		copy_rec(s, &area);
		__asm__ volatile("" ::: "memory");
	} while ((v & 1) || v != t->version);
}

static void check_same(const char *when)
{
	struct vcpu_time_info p, s;

	snapshot(&p, &s);
	if (memcmp(&p, &s, sizeof(p)) != 0)
		test_fail(
			"%s: area {v %u, tsc %llu, sys %llu, mul %u, shift %d, "
			"flags %#x} != vcpu_info {v %u, tsc %llu, sys %llu, "
			"mul %u, shift %d, flags %#x}",
			when, s.version, (unsigned long long)s.tsc_timestamp,
			(unsigned long long)s.system_time, s.tsc_to_system_mul,
			s.tsc_shift, s.flags, p.version,
			(unsigned long long)p.tsc_timestamp,
			(unsigned long long)p.system_time, p.tsc_to_system_mul,
			p.tsc_shift, p.flags);
}

/* Block 10 ms at a time until vcpu_info's record changed @n times (at
 * most 5 s); the area must match after each block. @return changes. */
static unsigned int follow(unsigned int n, bool check)
{
	uint64_t limit = guest_now() + 5000 * MS;
	uint32_t last = primary()->version;
	unsigned int changes = 0, early;

	while (changes < n && guest_now() < limit) {
		uint64_t deadline = guest_now() + 10 * MS;

		CHECK_EQ("set_timer_op", hc_set_timer_op(deadline), 0);
		block_until(deadline, &early);
		if (check)
			check_same("after a block");
		if (primary()->version != last) {
			last = primary()->version;
			changes++;
		}
	}
	return changes;
}

static void poison(void)
{
	for (unsigned int i = 0; i < sizeof(area); i++)
		((volatile uint8_t *)&area)[i] = POISON;
}

static void positive(void)
{
	poison();
	area.version = 2;
	CHECK_EQ("register area", area_at(0, (uint64_t)&area), 0);
	if (area.version == 2 || (area.version & 1))
		test_fail("area not written at registration (version %u)",
			  area.version);
	check_same("at registration");
	printf("time area: version %u, flags %#x (TSC_STABLE %s)\n",
	       area.version, area.flags,
	       area.flags & XEN_PVCLOCK_TSC_STABLE_BIT ? "set" : "clear");
	if (pvclock_read(&area) < pvclock_read(primary()) - MS)
		test_fail("area's clock behind vcpu_info's");
	if (follow(3, true) < 3)
		test_fail("vcpu_info's time changed fewer than 3 times in 5 s");
}

static void hostile(void)
{
	uint64_t l4 = start_info->pt_base;
	uint8_t l4_before[32];

	CHECK_EQ("area in hypervisor", area_at(0, HV_START), -XEN_EFAULT);
	CHECK_EQ("area straddling into hypervisor", area_at(0, HV_START - 8),
		 -XEN_EFAULT);
	CHECK_EQ("area at hypervisor end - 16",
		 area_at(0, 0xffff87fffffffff0UL), -XEN_EFAULT);
	CHECK_EQ("area non-canonical", area_at(0, 0x0000800000000000UL),
		 -XEN_EFAULT);
	CHECK_EQ("argument in hypervisor",
		 hc_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
			    (void *)HV_START),
		 -XEN_EFAULT);
	CHECK_EQ("unknown vCPU", area_at(1000, (uint64_t)&area), -XEN_ENOENT);
	/* Accepted, written never: unmapped, then our read-only L4. */
	CHECK_EQ("area unmapped", area_at(0, page_before_hole() + 4096), 0);
	follow(1, false);
	memcpy(l4_before, (const void *)l4, sizeof(l4_before));
	CHECK_EQ("area on our L4 (read-only)", area_at(0, l4), 0);
	follow(1, false);
	if (memcmp(l4_before, (const void *)l4, sizeof(l4_before)) != 0)
		test_fail("the hypervisor wrote into our read-only L4");
	/* Unregistered: the old area keeps its poison. */
	CHECK_EQ("register area again", area_at(0, (uint64_t)&area), 0);
	check_same("registered again");
	CHECK_EQ("unregister (VA 0)", area_at(0, 0), 0);
	poison();
	follow(1, false);
	for (unsigned int i = 0; i < sizeof(area); i++)
		if (((volatile uint8_t *)&area)[i] != POISON)
			test_fail("area written after unregistering (byte %u)",
				  i);
}

void test_main(void)
{
	long rc = vcpu0_timer_setup();

	if (rc < 0)
		test_fail("timer setup: %ld", rc);
	positive();
	hostile();
	test_success();
}
