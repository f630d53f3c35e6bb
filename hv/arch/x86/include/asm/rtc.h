/* SPDX-License-Identifier: MIT */
/*
 * The CMOS real-time clock, read once at boot for the guests' wallclock
 * (shared_info wc_*). rtc_to_unix() is the pure conversion, host-tested.
 */
#ifndef ASM_X86_RTC_H
#define ASM_X86_RTC_H

#include <satori/types.h>

/* The date and time registers as read, before any decoding. */
struct rtc_regs {
	uint8_t sec, min, hour, mday, mon, year, century;
	uint8_t status_b; /* Register B: bit 2 binary, bit 1 24-hour. */
};

/*
 * Seconds since 1970-01-01 00:00 UTC for @r (BCD or binary, 12- or
 * 24-hour; a century register outside 19-21 is ignored and years below
 * 70 taken as 20xx). @return -1 if a field is out of range.
 */
int64_t rtc_to_unix(const struct rtc_regs *r);

/* Read the RTC (waiting out an update in progress). @return seconds
 * since the epoch, or -1 if the values make no sense (no RTC). */
int64_t rtc_read_unix(void);

/*
 * Boot, after time_init(): read the RTC and remember the wallclock at
 * system time 0 for wallclock_write() (arch/x86/rtc.c).
 */
void wallclock_init(void);

/* Write the boot wallclock into a domain's shared_info page @page (a
 * struct shared_info) with the wc_version protocol. */
void wallclock_write(void *page);

/*
 * dom0's platform_op settime: the wallclock was @secs.@nsecs at system
 * time @system_time ns. Rewrites every domain's shared_info wc_* fields.
 */
void wallclock_set(uint64_t secs, uint32_t nsecs, uint64_t system_time);

#endif
