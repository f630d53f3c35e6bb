/* SPDX-License-Identifier: MIT */
/*
 * Logging: one API for the whole hypervisor (docs/hacking/errors.md).
 *
 * log_err/warn/info/debug are for messages the hypervisor itself decides to
 * print. Messages whose content or frequency a guest controls are flagged
 * LOG_GUEST and rate-limited, so that no guest can flood the console.
 * Levels and their names follow Xen's loglvl= option.
 */
#ifndef SATORI_LOG_H
#define SATORI_LOG_H

#include <satori/types.h>

enum log_level {
	LOG_ERR = 1,
	LOG_WARN = 2,
	LOG_INFO = 3,
	LOG_DEBUG = 4,
};

/* Only in thresholds: "none" prints nothing, "all" everything. */
#define LOG_NONE 0
#define LOG_ALL LOG_DEBUG

#define LOG_LEVEL_MASK 0x0f
#define LOG_GUEST 0x10 /* Content or frequency under a guest's control. */

/* Print at @level (optionally | LOG_GUEST); filtered by loglvl=. */
void log_printf(int level, const char *fmt, ...) __printf(2, 3);

/* Print unconditionally, with no level: banners, dumps, panic. */
void printk(const char *fmt, ...) __printf(1, 2);

/*
 * Xen's loglvl= semantics: messages at or below @lower (more important)
 * are always printed, those up to @upper are printed rate-limited, the
 * rest are dropped. Defaults: loglvl=warning, guest_loglvl=none/warning.
 */
struct log_thresholds {
	int lower;
	int upper;
};

enum log_verdict {
	LOG_VERDICT_DROP,
	LOG_VERDICT_PRINT,
	LOG_VERDICT_RATELIMIT,
};

/*
 * Parse "<level>[/<rate-limited level>]", level one of none, error,
 * warning, info, debug, all. With no second level, nothing is rate
 * limited; an upper level below the lower one is raised to it.
 * @return 0, or -EINVAL (and @t unchanged) if @s is malformed.
 */
int log_thresholds_parse(const char *s, struct log_thresholds *t);

/* What to do with a message of @level (without LOG_GUEST) under @t. */
enum log_verdict log_verdict(int level, const struct log_thresholds *t);

#define log_err(...) log_printf(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_printf(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_printf(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_printf(LOG_DEBUG, __VA_ARGS__)

/* Print once per call site for the life of the hypervisor. */
#define log_once(level, ...)                                                 \
	do {                                                                 \
		static bool printed_;                                        \
		if (!__atomic_exchange_n(&printed_, true, __ATOMIC_RELAXED)) \
			log_printf(level, __VA_ARGS__);                      \
	} while (0)

#endif
