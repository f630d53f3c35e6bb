/* SPDX-License-Identifier: MIT */
/*
 * panic, BUG_ON/ASSERT failures and WARN_ON: report, then stop the machine
 * or carry on. The doctrine of which to use is in docs/hacking/errors.md.
 * A failure while reporting a failure stops at once with a short line.
 */
#include <satori/bug.h>

#include <satori/console.h>
#include <satori/format.h>
#include <satori/log.h>
#include <satori/shutdown.h>
#include <satori/smp.h>

static unsigned int fatal_depth;

/* Enter a fatal path: false if one is already running on some CPU. */
static bool fatal_enter(void)
{
	if (__atomic_fetch_add(&fatal_depth, 1, __ATOMIC_RELAXED))
		return false;
	console_force_unlock();
	return true;
}

__noreturn void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!fatal_enter()) {
		printk("PANIC (nested) on CPU %u: %s\n", smp_processor_id(),
		       msg);
		machine_halt(HALT_PANIC);
	}
	printk("****************************************\n");
	printk("PANIC on CPU %u: %s\n", smp_processor_id(), msg);
	printk("****************************************\n");
	machine_fatal_stop(HALT_PANIC);
}

__noreturn void bug_fail(const char *kind, const char *what, const char *file,
			 unsigned int line)
{
	if (!fatal_enter()) {
		printk("%s (nested) at %s:%u: %s\n", kind, file, line, what);
		machine_halt(HALT_BUG);
	}
	printk("FATAL: %s failed at %s:%u: %s on CPU %u\n", kind, file, line,
	       what, smp_processor_id());
	dump_execution_state();
	printk("FATAL: stopping the machine\n");
	machine_fatal_stop(HALT_BUG);
}

void warn_fail(const char *what, const char *file, unsigned int line)
{
	printk("WARNING at %s:%u: %s on CPU %u\n", file, line, what,
	       smp_processor_id());
	dump_execution_state();
}
