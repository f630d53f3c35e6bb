/* SPDX-License-Identifier: MIT */
/*
 * The counters of satori/perfc.h (make PERFC=y): one row per CPU, each
 * CPU adds only to its own, so no atomics; the debug keys sum the rows.
 * A sum taken while other CPUs count may be off by the events of that
 * instant, which is fine for counting events per benchmark run.
 */
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/perfc.h>
#include <satori/smp.h>
#include <satori/string.h>

#if CONFIG_PERFC

static uint64_t event_count[NR_CPUS][NR_PERFC_EVENTS];
static uint64_t hcall_count[NR_CPUS][PERFC_HCALLS];

static const char *const event_name[NR_PERFC_EVENTS] = {
	[PERFC_cr3_guest] = "cr3_guest",
	[PERFC_cr3_idle] = "cr3_idle",
	[PERFC_ctxsw_guest] = "ctxsw_guest",
	[PERFC_ctxsw_to_idle] = "ctxsw_to_idle",
	[PERFC_ctxsw_from_idle] = "ctxsw_from_idle",
	[PERFC_ctxsw_lazy_hit] = "ctxsw_lazy_hit",
	[PERFC_lazy_sync] = "lazy_sync",
	[PERFC_event_check_ipi] = "event_check_ipi",
	[PERFC_halt] = "halt",
	[PERFC_baseptr] = "mmuext_new_baseptr",
	[PERFC_user_baseptr] = "mmuext_new_user_baseptr",
	[PERFC_sched_affine_wake] = "sched_affine_wake",
	[PERFC_sched_affine_timeout] = "sched_affine_timeout",
	[PERFC_timer_program] = "timer_program",
	[PERFC_timer_irq] = "timer_irq",
	[PERFC_timer_pass_empty] = "timer_pass_empty",
	[PERFC_sched_pick_ns] = "sched_pick_ns",
	[PERFC_ctxsw_guest_ns] = "ctxsw_guest_ns",
	[PERFC_affine_wait_ns] = "affine_wait_ns",
	[PERFC_ctxsw_save_ns] = "ctxsw_save_ns",
	[PERFC_ctxsw_load_ns] = "ctxsw_load_ns",
	[PERFC_ipi_wake_ns] = "ipi_wake_ns",
	[PERFC_timer_fn] = "timer_fn",
	[PERFC_virq_timer] = "virq_timer",
	[PERFC_event_upcall] = "event_upcall",
	[PERFC_pf_bounce] = "pf_bounce",
	[PERFC_ptwr_emul] = "ptwr_emul",
	[PERFC_mmu_update_req] = "mmu_update_req",
	[PERFC_mmuext_pin] = "mmuext_pin",
	[PERFC_mmuext_unpin] = "mmuext_unpin",
	[PERFC_guest_flush_full] = "guest_flush_full",
	[PERFC_guest_flush_one] = "guest_flush_one",
	[PERFC_guest_flush_ipi] = "guest_flush_ipi",
	[PERFC_type_flush] = "type_flush",
	[PERFC_type_flush_cpu] = "type_flush_cpu",
	[PERFC_type_flush_ipi] = "type_flush_ipi",
};

void perfc_count_event(enum perfc_event e)
{
	event_count[smp_processor_id()][e]++;
}

void perfc_count_add(enum perfc_event e, uint64_t n)
{
	event_count[smp_processor_id()][e] += n;
}

void perfc_count_hypercall(unsigned int nr)
{
	hcall_count[smp_processor_id()]
		   [nr < PERFC_HCALLS ? nr : PERFC_HCALLS - 1]++;
}

static uint64_t sum(const uint64_t *first, size_t stride_words)
{
	uint64_t total = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		total += first[cpu * stride_words];
	return total;
}

static void perfc_dump(unsigned char key)
{
	(void)key;
	printk("perfc: events (all CPUs)\n");
	for (unsigned int e = 0; e < NR_PERFC_EVENTS; e++)
		printk("perfc:   %-24s %lu\n", event_name[e],
		       (unsigned long)sum(&event_count[0][e], NR_PERFC_EVENTS));
	printk("perfc: hypercalls by number (multicall entries included)\n");
	for (unsigned int nr = 0; nr < PERFC_HCALLS; nr++) {
		uint64_t n = sum(&hcall_count[0][nr], PERFC_HCALLS);

		if (n)
			printk("perfc:   hcall %2u %lu\n", nr,
			       (unsigned long)n);
	}
}
KEYHANDLER('p', perfc_dump, "print the perfc counters (make PERFC=y)");

static void perfc_reset(unsigned char key)
{
	(void)key;
	memset(event_count, 0, sizeof(event_count));
	memset(hcall_count, 0, sizeof(hcall_count));
	printk("perfc: counters zeroed\n");
}
KEYHANDLER('P', perfc_reset, "zero the perfc counters");

#endif
