/* SPDX-License-Identifier: MIT */
/*
 * Fault injection for boot tests: selftest=<name> on the command line makes
 * the end of boot fail on purpose in one specific way, so that tests can
 * check what the hypervisor prints and how it stops. Xen has no such
 * option; it does nothing unless given.
 */
#ifndef SATORI_SELFTEST_H
#define SATORI_SELFTEST_H

/*
 * Run the failure named by selftest=, if any. Call last in start_satori(),
 * after everything else has been initialised. Returns if the failure is a
 * survivable one (warn, nmi), or if none was requested.
 */
void selftest_run_late(void);

/* selftest=timers: start the timer self-test; it ends the machine itself. */
void selftest_timers(void);

/* selftest=smp: cross-CPU calls, TLB flush, per-CPU timers; ends the machine. */
void selftest_smp(void);

/* selftest=ring3: hand-built PV domains run on the scheduler (hypercalls,
 * bounces, iret, user mode, a crashing domain); ends the machine. */
void selftest_ring3(void);

#endif
