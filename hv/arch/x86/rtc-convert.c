/* SPDX-License-Identifier: MIT */
/*
 * RTC register values to Unix time: BCD or binary, 12- or 24-hour, with
 * or without a century register. Pure arithmetic (tests/unit/test-rtc.c):
 * days since the epoch by the proleptic Gregorian calendar, counted from
 * a year starting in March so that the leap day comes last.
 */
#include <asm/rtc.h>

#define RTC_B_BINARY 0x04
#define RTC_B_24H 0x02
#define RTC_HOUR_PM 0x80

static unsigned int from_bcd(uint8_t v)
{
	return (v >> 4) * 10u + (v & 0xf);
}

/* Days from 1970-01-01 to @y-@m-@d. */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static unsigned int field(const struct rtc_regs *r, uint8_t v)
{
	return (r->status_b & RTC_B_BINARY) ? v : from_bcd(v);
}

static unsigned int hour24(const struct rtc_regs *r)
{
	unsigned int h = field(r, r->hour & (uint8_t)~RTC_HOUR_PM);

	if (r->status_b & RTC_B_24H)
		return field(r, r->hour);
	/* 12-hour clock: 12 AM is 0, 12 PM is 12. */
	return (h % 12) + ((r->hour & RTC_HOUR_PM) ? 12 : 0);
}

int64_t rtc_to_unix(const struct rtc_regs *r)
{
	unsigned int sec = field(r, r->sec), min = field(r, r->min);
	unsigned int mday = field(r, r->mday), mon = field(r, r->mon);
	unsigned int yy = field(r, r->year), cent = field(r, r->century);
	unsigned int hour = hour24(r);
	int64_t year;

	if (sec > 59 || min > 59 || hour > 23 || mday < 1 || mday > 31 ||
	    mon < 1 || mon > 12 || yy > 99)
		return -1;
	if (cent >= 19 && cent <= 21)
		year = cent * 100 + yy;
	else
		year = yy < 70 ? 2000 + yy : 1900 + yy;
	return days_from_civil(year, mon, mday) * 86400 + (int64_t)hour * 3600 +
	       (int64_t)min * 60 + sec;
}
