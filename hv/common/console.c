/* SPDX-License-Identifier: MIT */
/*
 * Console output and the logging front end.
 *
 * Every line the hypervisor prints starts with the system time and the CPU
 * that printed it: "[    1.234567] c0 message". A line is formatted into a
 * buffer first and written under the console lock, so lines from different
 * CPUs never interleave. Rate-limiting of guest-controlled output lives in
 * log_printf's LOG_GUEST path.
 */
#include <satori/console.h>
#include <satori/format.h>
#include <satori/log.h>
#include <satori/smp.h>
#include <satori/spinlock.h>
#include <satori/time.h>

static struct console_driver *drivers;
static DEFINE_SPINLOCK(console_lock);
static bool lock_ignored;

/* Messages above this level are dropped: loglvl= sets it. */
int console_loglevel = LOG_INFO;
int console_guest_loglevel = LOG_WARN;

void console_register(struct console_driver *drv)
{
	drv->next = drivers;
	drivers = drv;
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

void log_printf(int level, const char *fmt, ...)
{
	int limit =
		(level & LOG_GUEST) ? console_guest_loglevel : console_loglevel;
	va_list ap;

	if ((level & LOG_LEVEL_MASK) > limit)
		return;
	va_start(ap, fmt);
	vprint_prefixed(fmt, ap);
	va_end(ap);
}
