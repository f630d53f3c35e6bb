/* SPDX-License-Identifier: MIT */
/*
 * Wallclock: shared_info's wc_sec/wc_nsec/wc_sec_hi (read with the
 * wc_version protocol) is the time of day at system time 0, so wc +
 * system time is now. The manifest starts QEMU's RTC at 2020-01-01
 * 00:00:00 UTC (1577836800); the guest runs some seconds after that
 * (boot under emulation), and must see a time within 2 minutes after it,
 * and a wc_nsec below 10^9. Needs shared_info mapped.
 */
#include <guest/console.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "time/wallclock";

#define RTC_BASE 1577836800ULL
#define WINDOW_S 120

void test_main(void)
{
	volatile struct shared_info *s =
		(volatile struct shared_info *)vcpu0_info;
	uint32_t version, nsec;
	uint64_t sec, now_s;

	if (!s)
		test_skip("shared_info is not mapped (update_va_mapping)");
	do {
		version = s->wc_version;
		__asm__ __volatile__("" ::: "memory");
		sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
		nsec = s->wc_nsec;
		__asm__ __volatile__("" ::: "memory");
	} while ((version & 1) || version != s->wc_version);
	if (nsec >= 1000000000u)
		test_fail("wc_nsec %u", nsec);
	now_s = sec + (nsec + pvclock_read(&vcpu0_info->time)) / 1000000000ULL;
	printf("wallclock: wc %llu.%09u, now %llu (RTC base %llu)\n",
	       (unsigned long long)sec, nsec, (unsigned long long)now_s,
	       RTC_BASE);
	if (now_s < RTC_BASE || now_s > RTC_BASE + WINDOW_S)
		test_fail("wallclock %llu s is not within %u s after %llu",
			  (unsigned long long)now_s, WINDOW_S, RTC_BASE);
	test_success();
}
