/* unit-sources: hv/arch/x86/rtc-convert.c */
/* SPDX-License-Identifier: MIT */
/*
 * rtc_to_unix(): CMOS RTC registers to seconds since the epoch, in BCD and
 * binary, 12- and 24-hour mode, with and without a century register,
 * around leap days and century years, and refusals of garbage (what a
 * machine without an RTC reads: all ones).
 */
#include <asm/rtc.h>

#include "check.h"

#define B_BIN 0x04
#define B_24H 0x02
#define PM 0x80

static struct rtc_regs bcd(uint8_t c, uint8_t y, uint8_t mo, uint8_t d,
			   uint8_t h, uint8_t mi, uint8_t s, uint8_t b)
{
	return (struct rtc_regs){ .sec = s,
				  .min = mi,
				  .hour = h,
				  .mday = d,
				  .mon = mo,
				  .year = y,
				  .century = c,
				  .status_b = b };
}

int main(void)
{
	struct rtc_regs r;

	r = bcd(0x19, 0x70, 0x01, 0x01, 0x00, 0x00, 0x00, B_24H);
	CHECK_EQ(rtc_to_unix(&r), 0);
	r = bcd(0x20, 0x00, 0x02, 0x29, 0x23, 0x59, 0x59, B_24H);
	CHECK_EQ(rtc_to_unix(&r), 951868799);
	r = bcd(0x20, 0x26, 0x11, 0x24, 0x04, 0x26, 0x59, B_24H);
	CHECK_EQ(rtc_to_unix(&r), 1795494419);
	/* Binary mode, same instant. */
	r = bcd(20, 26, 11, 24, 4, 26, 59, B_24H | B_BIN);
	CHECK_EQ(rtc_to_unix(&r), 1795494419);
	/* 12-hour mode: 12 PM is noon, 12 AM midnight, 4 AM is 4. */
	r = bcd(0x19, 0x99, 0x12, 0x31, 0x12 | PM, 0x00, 0x00, 0);
	CHECK_EQ(rtc_to_unix(&r), 946641600);
	r = bcd(0x19, 0x99, 0x12, 0x31, 0x12, 0x00, 0x00, 0);
	CHECK_EQ(rtc_to_unix(&r), 946641600 - 12 * 3600);
	r = bcd(0x20, 0x26, 0x11, 0x24, 0x04, 0x26, 0x59, 0);
	CHECK_EQ(rtc_to_unix(&r), 1795494419);
	/* 2100 is not a leap year: 1 March follows 28 February. */
	r = bcd(0x21, 0x00, 0x03, 0x01, 0x00, 0x00, 0x00, B_24H);
	CHECK_EQ(rtc_to_unix(&r), 4107542400LL);
	/* No century register (reads 0 or garbage): years < 70 are 20xx. */
	r = bcd(0x00, 0x69, 0x06, 0x15, 0x13, 0x30, 0x00, B_24H);
	CHECK_EQ(rtc_to_unix(&r), 3138528600LL);
	r = bcd(0xff, 0x70, 0x01, 0x01, 0x00, 0x00, 0x00, B_24H);
	CHECK_EQ(rtc_to_unix(&r), 0);
	/* Garbage: all ones, month 0, second 60. */
	r = bcd(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
	CHECK_EQ(rtc_to_unix(&r), -1);
	r = bcd(0x20, 0x26, 0x00, 0x24, 0x04, 0x26, 0x59, B_24H);
	CHECK_EQ(rtc_to_unix(&r), -1);
	r = bcd(0x20, 0x26, 0x11, 0x24, 0x04, 0x26, 0x60, B_24H);
	CHECK_EQ(rtc_to_unix(&r), -1);
	return check_summary("test-rtc");
}
