/* SPDX-License-Identifier: MIT */
/*
 * The CMOS RTC behind ports 0x70/0x71, read once at boot. The registers
 * change together once a second while Update-In-Progress is set, so the
 * read waits for UIP to clear and repeats until two reads agree.
 */
#include <satori/domain.h>
#include <satori/log.h>
#include <satori/time.h>

#include <asm/cpu-ops.h>
#include <asm/rtc.h>

#include <public/xen.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_OFF 0x80 /* Keep NMIs masked while the index is set. */
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_REG_D 0x0d
#define RTC_A_UIP 0x80
#define RTC_CENTURY 0x32 /* The ACPI FADT's usual century register. */
#define RTC_TRIES 10
#define UIP_SPINS 10000000u

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, CMOS_NMI_OFF | reg);
	return inb(CMOS_DATA);
}

static bool wait_uip_clear(void)
{
	for (unsigned int i = 0; i < UIP_SPINS; i++)
		if (!(cmos_read(RTC_REG_A) & RTC_A_UIP))
			return true;
	return false;
}

static void read_regs(struct rtc_regs *r)
{
	r->sec = cmos_read(0x00);
	r->min = cmos_read(0x02);
	r->hour = cmos_read(0x04);
	r->mday = cmos_read(0x07);
	r->mon = cmos_read(0x08);
	r->year = cmos_read(0x09);
	r->century = cmos_read(RTC_CENTURY);
	r->status_b = cmos_read(RTC_REG_B);
}

static bool regs_equal(const struct rtc_regs *a, const struct rtc_regs *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
	       a->mday == b->mday && a->mon == b->mon && a->year == b->year &&
	       a->century == b->century && a->status_b == b->status_b;
}

static int64_t read_consistent(void)
{
	struct rtc_regs a, b;

	for (int i = 0; i < RTC_TRIES; i++) {
		if (!wait_uip_clear())
			return -1;
		read_regs(&a);
		if (!wait_uip_clear())
			return -1;
		read_regs(&b);
		if (regs_equal(&a, &b))
			return rtc_to_unix(&a);
	}
	return -1;
}

int64_t rtc_read_unix(void)
{
	int64_t secs = read_consistent();

	/* Leave the index on a harmless register with NMIs enabled again. */
	outb(CMOS_INDEX, RTC_REG_D);
	return secs;
}

/* Wallclock at system time 0, in ns since the epoch (0: unknown). */
static uint64_t boot_wallclock_ns;

void wallclock_init(void)
{
	int64_t secs = rtc_read_unix();
	uint64_t now = now_ns();

	if (secs < 0) {
		log_warn("time: no usable RTC: guests' wallclock starts at "
			 "the epoch\n");
		return;
	}
	boot_wallclock_ns = (uint64_t)secs * 1000000000ull - now;
	printk("time: RTC %lld s since the epoch at system time %llu ns\n",
	       (long long)secs, (unsigned long long)now);
}

void wallclock_write(void *page)
{
	volatile struct shared_info *si = page;
	uint64_t sec = boot_wallclock_ns / 1000000000ull;
	uint32_t version = si->wc_version;

	si->wc_version = (version + 1) | 1;
	barrier();
	si->wc_sec = (uint32_t)sec;
	si->wc_sec_hi = (uint32_t)(sec >> 32);
	si->wc_nsec = (uint32_t)(boot_wallclock_ns % 1000000000ull);
	barrier();
	si->wc_version = (version + 2) & ~1u;
}

static void wallclock_write_domain(struct domain *d, void *arg)
{
	(void)arg;
	if (d->shared_info)
		wallclock_write(d->shared_info);
}

void wallclock_set(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
	/* Wraps like Xen's arithmetic for absurd inputs; the guest only
	 * hurts its own view of time (dom0 is trusted with the clock). */
	boot_wallclock_ns = secs * 1000000000ull + nsecs - system_time;
	domain_for_each(wallclock_write_domain, NULL);
}
