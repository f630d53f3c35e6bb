/* SPDX-License-Identifier: MIT */
/*
 * One API for failures (docs/hacking/errors.md says which to use when).
 *
 * panic() is for a boot configuration the hypervisor cannot run with;
 * BUG_ON() and ASSERT() for a broken hypervisor invariant; WARN_ON() for
 * something wrong but survivable; BUILD_BUG_ON() for facts the compiler
 * can check. Guest mistakes are never any of these: they get an errno or
 * domain_crash(). Every macro is a single statement.
 */
#ifndef SATORI_BUG_H
#define SATORI_BUG_H

#include <satori/types.h>

#ifndef CONFIG_DEBUG
#error "CONFIG_DEBUG must be defined to 0 or 1 by the build"
#endif

/* Print the message and stop the machine (or reboot unless noreboot). */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

/*
 * Report a failed BUG_ON/ASSERT (@what is its text) at @file:@line with
 * registers and a backtrace, then stop the machine. Use the macros.
 */
__noreturn void bug_fail(const char *kind, const char *what, const char *file,
			 unsigned int line);

/* Report a WARN_ON with a backtrace and return. Use the macro. */
void warn_fail(const char *what, const char *file, unsigned int line);

/*
 * Print the registers and the backtrace of the calling CPU, as seen from
 * the caller (a register snapshot taken in C). Debug key 'd' runs it; the
 * cross-CPU dump IPI is meant to run it on every other CPU.
 */
void dump_execution_state(void);

#define BUG() bug_fail("BUG", "BUG()", __FILE__, __LINE__)

/* Always checked, in every build. */
#define BUG_ON(cond)                                                   \
	do {                                                           \
		if (unlikely(cond))                                    \
			bug_fail("BUG", "BUG_ON(" #cond ")", __FILE__, \
				 __LINE__);                            \
	} while (0)

/* Checked in debug builds only; @cond must have no side effects. */
#define ASSERT(cond)                                                      \
	do {                                                              \
		if (CONFIG_DEBUG && unlikely(!(cond)))                    \
			bug_fail("ASSERT", "ASSERT(" #cond ")", __FILE__, \
				 __LINE__);                               \
	} while (0)

#define ASSERT_UNREACHABLE()                                                 \
	do {                                                                 \
		if (CONFIG_DEBUG)                                            \
			bug_fail("ASSERT", "ASSERT_UNREACHABLE()", __FILE__, \
				 __LINE__);                                  \
	} while (0)

/* Print a backtrace once per occurrence and carry on; true if @cond. */
#define WARN_ON(cond)                                                        \
	({                                                                   \
		bool warn_hit_ = !!(cond);                                   \
		if (unlikely(warn_hit_))                                     \
			warn_fail("WARN_ON(" #cond ")", __FILE__, __LINE__); \
		warn_hit_;                                                   \
	})

#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")

#endif
