/* SPDX-License-Identifier: MIT */
/*
 * Console output and the logging front end.
 *
 * Every line the hypervisor prints starts with the system time and the CPU
 * that printed it: "[    1.234567] c0 message". A line is formatted into a
 * buffer first and written under the console lock, so lines from different
 * CPUs never interleave. log_printf applies loglvl= and guest_loglvl=
 * (Xen's syntax and defaults, policy in log-level.c) and rate-limits what
 * falls between the two thresholds with a token bucket per source.
 */
#include <satori/console.h>
#include <satori/format.h>
#include <satori/log.h>
#include <satori/param.h>
#include <satori/ratelimit.h>
#include <satori/smp.h>
#include <satori/spinlock.h>
#include <satori/time.h>

static struct console_driver *drivers;
static DEFINE_SPINLOCK(console_lock);
static bool lock_ignored;

/* Xen's defaults: loglvl=warning, guest_loglvl=none/warning. */
static struct log_thresholds hv_thresholds = { LOG_WARN, LOG_WARN };
static struct log_thresholds guest_thresholds = { LOG_NONE, LOG_WARN };

static int parse_loglvl(const char *value)
{
	return log_thresholds_parse(value, &hv_thresholds);
}
custom_param("loglvl", parse_loglvl);

static int parse_guest_loglvl(const char *value)
{
	return log_thresholds_parse(value, &guest_thresholds);
}
custom_param("guest_loglvl", parse_guest_loglvl);

/*
 * Separate buckets, so that a guest flooding the console cannot silence
 * the hypervisor's own rate-limited messages.
 */
static DEFINE_SPINLOCK(ratelimit_lock);
static struct ratelimit hv_ratelimit =
	RATELIMIT_INIT(RATELIMIT_DEFAULT_INTERVAL_NS, RATELIMIT_DEFAULT_BURST);
static struct ratelimit guest_ratelimit =
	RATELIMIT_INIT(RATELIMIT_DEFAULT_INTERVAL_NS, RATELIMIT_DEFAULT_BURST);

void console_register(struct console_driver *drv)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);

	for (struct console_driver *d = drivers; d; d = d->next)
		if (d == drv)
			goto out;
	drv->next = drivers;
	drivers = drv;
out:
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_unregister(struct console_driver *drv)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);

	for (struct console_driver **d = &drivers; *d; d = &(*d)->next)
		if (*d == drv) {
			*d = drv->next;
			break;
		}
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_force_unlock(void)
{
	lock_ignored = true;
}

static void write_drivers(const char *s, size_t n)
{
	for (struct console_driver *d = drivers; d; d = d->next)
		d->write(s, n);
}

void console_write(const char *s, size_t n)
{
	uint64_t flags = 0;
	bool locked = !lock_ignored;

	if (locked)
		flags = spin_lock_irqsave(&console_lock);
	write_drivers(s, n);
	if (locked)
		spin_unlock_irqrestore(&console_lock, flags);
}

static const char *line_end(const char *p)
{
	while (*p && *p != '\n')
		p++;
	return p;
}

/* Format one message with a "[time] cN " prefix on each line. */
static void vprint_prefixed(const char *fmt, va_list ap)
{
	char msg[512], line[600];
	uint64_t ns = now_ns();
	const char *p = msg;
	int len;

	(void)vsnprintf(msg, sizeof(msg), fmt, ap); /* Long messages are cut. */
	while (*p) {
		const char *eol = line_end(p);

		len = snprintf(line, sizeof(line), "[%5lu.%06lu] c%u %.*s\n",
			       (unsigned long)(ns / 1000000000),
			       (unsigned long)(ns / 1000 % 1000000),
			       smp_processor_id(), (int)(eol - p), p);
		console_write(line, MIN((size_t)len, sizeof(line) - 1));
		p = *eol ? eol + 1 : eol;
	}
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_prefixed(fmt, ap);
	va_end(ap);
}

/* Take a token from @rl; say first how many messages it swallowed. */
static bool ratelimit_pass(struct ratelimit *rl, bool guest)
{
	unsigned int suppressed = 0;
	uint64_t flags = spin_lock_irqsave(&ratelimit_lock);
	bool ok = ratelimit_allow(rl, now_ns(), &suppressed);

	spin_unlock_irqrestore(&ratelimit_lock, flags);
	if (ok && suppressed)
		printk("%u %smessages suppressed\n", suppressed,
		       guest ? "guest " : "");
	return ok;
}

void log_printf(int level, const char *fmt, ...)
{
	bool guest = level & LOG_GUEST;
	const struct log_thresholds *t =
		guest ? &guest_thresholds : &hv_thresholds;
	va_list ap;

	switch (log_verdict(level & LOG_LEVEL_MASK, t)) {
	case LOG_VERDICT_DROP:
		return;
	case LOG_VERDICT_RATELIMIT:
		if (!ratelimit_pass(guest ? &guest_ratelimit : &hv_ratelimit,
				    guest))
			return;
		break;
	case LOG_VERDICT_PRINT:
		break;
	}
	va_start(ap, fmt);
	vprint_prefixed(fmt, ap);
	va_end(ap);
}
