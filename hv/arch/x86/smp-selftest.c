/* SPDX-License-Identifier: MIT */
/*
 * selftest=smp: checks that every CPU brought up takes part. A function
 * called on all other CPUs runs exactly once on each; a function called on
 * one CPU runs on that CPU; a TLB flush of all CPUs returns; a timer armed
 * for each CPU fires on that CPU (so every CPU's APIC timer, softirqs and
 * idle loop work). Ends the machine with the verdict.
 */
#include <satori/cpumask.h>
#include <satori/log.h>
#include <satori/selftest.h>
#include <satori/shutdown.h>
#include <satori/smp.h>
#include <satori/softirq.h>
#include <satori/time.h>
#include <satori/timer.h>

#include <asm/cpu-ops.h>

#define TIMER_DELAY_NS 5000000ull
#define WAIT_LIMIT_NS 2000000000ull

static unsigned int calls[NR_CPUS];
static unsigned int timer_ran_on[NR_CPUS];
static struct timer cpu_timers[NR_CPUS];

static void count_call(void *unused)
{
	(void)unused;
	__atomic_fetch_add(&calls[smp_processor_id()], 1, __ATOMIC_SEQ_CST);
}

static void record_cpu(void *out)
{
	*(unsigned int *)out = smp_processor_id();
}

static void timer_fired(void *data)
{
	unsigned int cpu = (unsigned int)(uintptr_t)data;

	__atomic_store_n(&timer_ran_on[cpu], smp_processor_id() + 1,
			 __ATOMIC_SEQ_CST);
}

static bool check_broadcast(void)
{
	unsigned int cpu, me = smp_processor_id();
	bool ok = true;

	smp_call_function(count_call, NULL, true);
	for_each_online_cpu(cpu)
	{
		unsigned int want = cpu == me ? 0 : 1;

		if (calls[cpu] != want) {
			log_err("smp: CPU%u ran the broadcast %u times, not %u\n",
				cpu, calls[cpu], want);
			ok = false;
		}
	}
	return ok;
}

static bool check_single(void)
{
	unsigned int cpu;
	bool ok = true;

	for_each_online_cpu(cpu)
	{
		unsigned int ran_on = ~0u;

		smp_call_function_single(cpu, record_cpu, &ran_on, true);
		if (ran_on != cpu) {
			log_err("smp: call for CPU%u ran on CPU%u\n", cpu,
				ran_on);
			ok = false;
		}
	}
	return ok;
}

static bool check_timers(void)
{
	uint64_t start = now_ns();
	unsigned int cpu, pending;
	bool ok = true;

	for_each_online_cpu(cpu)
	{
		init_timer(&cpu_timers[cpu], timer_fired,
			   (void *)(uintptr_t)cpu, cpu);
		set_timer(&cpu_timers[cpu], start + TIMER_DELAY_NS);
	}
	do {
		pending = 0;
		for_each_online_cpu(cpu) pending +=
			!__atomic_load_n(&timer_ran_on[cpu], __ATOMIC_SEQ_CST);
		/* Our own timer needs our softirq: run it while we wait. */
		do_softirq();
	} while (pending && now_ns() - start < WAIT_LIMIT_NS);
	for_each_online_cpu(cpu)
	{
		if (timer_ran_on[cpu] != cpu + 1) {
			log_err("smp: CPU%u's timer ran on %d\n", cpu,
				(int)timer_ran_on[cpu] - 1);
			ok = false;
		}
	}
	return ok;
}

void selftest_smp(void)
{
	bool ok;

	local_irq_enable();
	ok = check_broadcast();
	ok &= check_single();
	flush_tlb_all();
	ok &= check_timers();
	printk("smp: selftest %s on %u CPUs\n", ok ? "PASS" : "FAIL",
	       num_online_cpus());
	machine_halt(ok ? HALT_OK : HALT_TEST_FAILED);
}
