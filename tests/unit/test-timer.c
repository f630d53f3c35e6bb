/* unit-sources: hv/common/timer.c hv/common/timer-queue.c */
/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the per-CPU timer layer over a fake clock and a fake
 * hardware timer: the hardware is always armed for the earliest timer,
 * due callbacks run in expiry order without the lock held, stopped and
 * killed timers never run, a callback may re-arm itself, a timer set
 * on another CPU kicks that CPU instead of touching this CPU's hardware,
 * and a migrated timer keeps its expiry and fires only on its new CPU.
 */
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/smp.h>
#include <satori/softirq.h>
#include <satori/time.h>
#include <satori/cpumask.h>
#include <satori/timer.h>

#include <stdarg.h>
#include <string.h>

#include "check.h"

/* The environment timer.c runs in, faked. */
static uint64_t fake_now;
static uint64_t programmed = UINT64_MAX; /* last arch_timer_program() */
static softirq_fn *timer_softirq;
static unsigned int kicked_cpu = NR_CPUS;

uint64_t now_ns(void)
{
	return fake_now;
}

/* The fake machine has one CPU, online. */
cpumask_t cpu_online_map = { { 1 } };

/* The CPU the code under test believes it runs on. */
static unsigned int this_cpu;

unsigned int smp_processor_id(void)
{
	return this_cpu;
}

/* The timer dump names callbacks; no symbol table here. */
const char *symbols_lookup(uint64_t addr, uint64_t *offset, uint64_t *size)
{
	(void)addr;
	(void)offset;
	(void)size;
	return NULL;
}

void arch_timer_program(uint64_t deadline_ns)
{
	programmed = deadline_ns;
}

void open_softirq(unsigned int nr, softirq_fn *fn)
{
	if (nr == TIMER_SOFTIRQ)
		timer_softirq = fn;
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	if (nr == TIMER_SOFTIRQ)
		kicked_cpu = cpu;
}

void printk(const char *fmt, ...)
{
	(void)fmt;
}

void log_printf(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

/* Callbacks append their tag to a log. */
static int fired[16];
static unsigned int nr_fired;

static void record(void *data)
{
	fired[nr_fired++] = (int)(intptr_t)data;
}

static struct timer self_rearm;

static void rearm_fn(void *data)
{
	record(data);
	/* In the past: must wait for the next softirq pass. */
	CHECK_EQ(set_timer(&self_rearm, fake_now - 1), 0);
}

static void expire(uint64_t now)
{
	fake_now = now;
	timer_softirq();
}

static void test_order_and_programming(void)
{
	struct timer a, b, c;

	nr_fired = 0;
	init_timer(&a, record, (void *)1, 0);
	init_timer(&b, record, (void *)2, 0);
	init_timer(&c, record, (void *)3, 0);
	CHECK_EQ(set_timer(&a, 300), 0);
	CHECK_EQ(programmed, 300);
	CHECK_EQ(set_timer(&b, 100), 0);
	CHECK_EQ(programmed, 100);
	CHECK_EQ(set_timer(&c, 200), 0);
	CHECK_EQ(programmed, 100); /* not the earliest: hardware untouched */
	CHECK(timer_is_active(&c));

	expire(99); /* early interrupt: nothing runs, re-armed */
	CHECK_EQ(nr_fired, 0);
	CHECK_EQ(programmed, 100);
	expire(250);
	CHECK_EQ(nr_fired, 2);
	CHECK_EQ(fired[0], 2);
	CHECK_EQ(fired[1], 3);
	CHECK(!timer_is_active(&b));
	CHECK_EQ(programmed, 300);
	expire(1000);
	CHECK_EQ(nr_fired, 3);
	CHECK_EQ(fired[2], 1);
	CHECK_EQ(programmed, 0); /* queue empty: disarmed */
}

static void test_stop_kill_reset(void)
{
	struct timer a, b;

	nr_fired = 0;
	fake_now = 0;
	init_timer(&a, record, (void *)1, 0);
	init_timer(&b, record, (void *)2, 0);
	set_timer(&a, 100);
	set_timer(&b, 200);
	CHECK_EQ(programmed, 100);
	stop_timer(&a); /* the first one: hardware re-armed for the next */
	CHECK(!timer_is_active(&a));
	CHECK_EQ(programmed, 200);
	stop_timer(&a); /* not queued: nothing changes */
	CHECK_EQ(programmed, 200);
	CHECK_EQ(set_timer(&b, 50), 0); /* re-arm a queued timer earlier */
	CHECK_EQ(programmed, 50);
	kill_timer(&b);
	CHECK_EQ(set_timer(&b, 10), -EINVAL);
	expire(1000);
	CHECK_EQ(nr_fired, 0);
	CHECK_EQ(programmed, 0);
}

static void test_self_rearm(void)
{
	nr_fired = 0;
	init_timer(&self_rearm, rearm_fn, (void *)7, 0);
	set_timer(&self_rearm, 100);
	expire(100);
	CHECK_EQ(nr_fired, 1); /* not an endless loop */
	CHECK(timer_is_active(&self_rearm));
	CHECK_EQ(programmed, 99);
	expire(101);
	CHECK_EQ(nr_fired, 2);
	stop_timer(&self_rearm);
}

static void test_remote_cpu(void)
{
	struct timer r;

	programmed = 12345;
	init_timer(&r, record, (void *)9, 3);
	CHECK_EQ(set_timer(&r, 500), 0);
	CHECK_EQ(kicked_cpu, 3);
	CHECK_EQ(programmed, 12345);
	stop_timer(&r); /* another CPU's hardware: not touched from here */
	CHECK_EQ(programmed, 12345);
}

static void test_queue_full(void)
{
	static struct timer many[600];
	unsigned int ok = 0;
	int rc = 0;

	for (unsigned int i = 0; i < 600 && !rc; i++) {
		init_timer(&many[i], record, NULL, 1);
		rc = set_timer(&many[i], 1000 + i);
		ok += !rc;
	}
	CHECK_EQ(rc, -ENOSPC);
	CHECK(ok >= 64);
	for (unsigned int i = 0; i < ok; i++)
		stop_timer(&many[i]);
}

/* Run CPU @cpu's timer softirq at @now. */
static void expire_on(unsigned int cpu, uint64_t now)
{
	this_cpu = cpu;
	expire(now);
	this_cpu = 0;
}

static void test_migrate_queued(void)
{
	struct timer m;

	nr_fired = 0;
	fake_now = 0;
	kicked_cpu = NR_CPUS;
	init_timer(&m, record, (void *)4, 1);
	CHECK_EQ(set_timer(&m, 500), 0);
	CHECK_EQ(kicked_cpu, 1);
	/* To this CPU: our hardware is armed for it at once. */
	programmed = 0;
	CHECK_EQ(migrate_timer(&m, 0), 0);
	CHECK_EQ(m.cpu, 0);
	CHECK(timer_is_active(&m));
	CHECK_EQ(programmed, 500);
	expire_on(1, 600); /* the old CPU no longer has it */
	CHECK_EQ(nr_fired, 0);
	/* Away again, to CPU 2: that CPU is kicked, ours does not run it. */
	CHECK_EQ(migrate_timer(&m, 2), 0);
	CHECK_EQ(kicked_cpu, 2);
	expire_on(0, 600);
	CHECK_EQ(nr_fired, 0);
	expire_on(2, 600);
	CHECK_EQ(nr_fired, 1);
	CHECK_EQ(fired[0], 4);
	CHECK(!timer_is_active(&m));
}

static void test_migrate_idle_and_killed(void)
{
	struct timer m;

	nr_fired = 0;
	init_timer(&m, record, (void *)5, 0);
	/* Not queued: only its CPU changes; set_timer then uses it. */
	CHECK_EQ(migrate_timer(&m, 3), 0);
	CHECK(!timer_is_active(&m));
	kicked_cpu = NR_CPUS;
	CHECK_EQ(set_timer(&m, 700), 0);
	CHECK_EQ(kicked_cpu, 3);
	CHECK_EQ(migrate_timer(&m, 3), 0); /* already there: nothing */
	stop_timer(&m);
	expire_on(3, 800);
	CHECK_EQ(nr_fired, 0);
	kill_timer(&m);
	CHECK_EQ(migrate_timer(&m, 1), 0);
	CHECK_EQ(set_timer(&m, 900), -EINVAL); /* still dead */
}

static struct timer hop;

/* A callback moving its own timer on and re-arming it (a vCPU timer
 * whose vCPU was switched in elsewhere meanwhile). */
static void hop_fn(void *data)
{
	record(data);
	if (nr_fired == 1) {
		CHECK_EQ(migrate_timer(&hop, 2), 0);
		CHECK_EQ(set_timer(&hop, fake_now + 10), 0);
	}
}

static void test_migrate_from_callback(void)
{
	nr_fired = 0;
	fake_now = 0;
	init_timer(&hop, hop_fn, (void *)6, 0);
	CHECK_EQ(set_timer(&hop, 100), 0);
	expire_on(0, 100);
	CHECK_EQ(nr_fired, 1);
	CHECK_EQ(hop.cpu, 2);
	expire_on(0, 200);
	CHECK_EQ(nr_fired, 1);
	expire_on(2, 200);
	CHECK_EQ(nr_fired, 2);
}

/* Moving a queued timer to a CPU whose queue is full disarms it. */
static void test_migrate_full(void)
{
	static struct timer many[600];
	struct timer m;
	unsigned int n = 0;

	while (n < 600) {
		init_timer(&many[n], record, NULL, 5);
		if (set_timer(&many[n], 1000 + n))
			break;
		n++;
	}
	init_timer(&m, record, NULL, 0);
	CHECK_EQ(set_timer(&m, 10), 0);
	CHECK_EQ(migrate_timer(&m, 5), -ENOSPC);
	CHECK(!timer_is_active(&m));
	CHECK_EQ(m.cpu, 5);
	for (unsigned int i = 0; i < n; i++)
		stop_timer(&many[i]);
	CHECK_EQ(set_timer(&m, 10), 0); /* room again on its new CPU */
	stop_timer(&m);
}

int main(void)
{
	timers_init();
	CHECK(timer_softirq != NULL);
	test_order_and_programming();
	test_stop_kill_reset();
	test_self_rearm();
	test_remote_cpu();
	test_queue_full();
	test_migrate_queued();
	test_migrate_idle_and_killed();
	test_migrate_from_callback();
	test_migrate_full();
	return check_summary("test-timer");
}
