/* SPDX-License-Identifier: MIT */
/*
 * Bringing up the application processors (APs).
 *
 * For each CPU in the ACPI MADT other than the boot CPU: allocate its stack
 * block (asm/stack.h) and write its CPU number into the block's cpu_info,
 * point the real-mode trampoline (trampoline.S) at that stack, then send
 * INIT, Startup, Startup (Intel SDM vol. 3, 9.4.4.1 "Typical BSP
 * Initialization Sequence"; MP spec B.4). The AP runs start_secondary(),
 * which sets up its descriptors and APIC, marks itself online and idles.
 * APs are started one at a time because they share the trampoline page.
 */
#include <satori/cpumask.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/sched.h>
#include <satori/smp.h>
#include <satori/softirq.h>
#include <satori/string.h>
#include <satori/time.h>

#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/cpu-ops.h>
#include <asm/cpu-tables.h>
#include <asm/irq.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <asm/stack.h>
#include <asm/time.h>

#define EFER_LMA (1ull << 10)
#define CR4_PCIDE (1ull << 17)

#define AP_BOOT_TIMEOUT_NS 1000000000ull

/* Mirrors the data area at the end of trampoline.S. */
struct trampoline_data {
	uint16_t gdt_limit;
	uint32_t gdt_base;
	uint16_t pad0;
	uint32_t pm_target;
	uint16_t pm_selector;
	uint16_t pad1;
	uint32_t lm_target;
	uint16_t lm_selector;
	uint16_t pad2;
	uint32_t cr0, cr3, cr4, pad3;
	uint64_t efer;
	uint64_t stack;
	uint64_t entry;
} __packed;

_Static_assert(sizeof(struct trampoline_data) == 64, "trampoline layout");

/* trampoline.S: the code to copy and the offsets of what to patch. */
extern const char trampoline_start[];
extern const uint32_t trampoline_size, trampoline_data_offset,
	trampoline_gdt_offset, trampoline_pm_offset, trampoline_lm_offset;
extern const char ap_entry64[];

cpumask_t cpu_online_map;
static struct cpu_tables *ap_tables[NR_CPUS];
static unsigned int nr_cpus_online = 1;

unsigned int num_online_cpus(void)
{
	return __atomic_load_n(&nr_cpus_online, __ATOMIC_ACQUIRE);
}

static void wait_us(uint64_t us)
{
	uint64_t end = now_ns() + us * 1000;

	while (now_ns() < end)
		cpu_relax();
}

__noreturn void start_secondary(void);

/* First C code of an AP, on its own stack, interrupts off. */
__noreturn void start_secondary(void)
{
	unsigned int cpu = smp_processor_id();

	/* CR0, CR4 and EFER (NX, SMEP, SMAP) came from the boot CPU through
	 * the trampoline; the page tables are the shared idle tables. */
	idt_load();
	cpu_init_descriptors(cpu, ap_tables[cpu], stack_block_base());
	apic_init_local(cpu);
	apic_timer_init(false);
	pv_cpu_init(cpu);
	sched_cpu_init(cpu);
	cpumask_set(cpu, &cpu_online_map);
	__atomic_fetch_add(&nr_cpus_online, 1, __ATOMIC_RELEASE);
	local_irq_enable();
	idle_loop();
}

/* Copy the trampoline below 1 MiB and fill in what is the same for all
 * APs. @return its data area, or NULL if it cannot be used. */
static struct trampoline_data *trampoline_install(paddr_t base)
{
	char *page = phys_to_virt(base);
	struct trampoline_data *td;
	uint64_t cr3 = read_cr3();

	if (cr3 >> 32) {
		log_err("smp: page tables at %#lx are above 4 GiB: no APs\n",
			(unsigned long)cr3);
		return NULL;
	}
	memcpy(page, trampoline_start, trampoline_size);
	td = (struct trampoline_data *)(page + trampoline_data_offset);
	td->gdt_base = (uint32_t)(base + trampoline_gdt_offset);
	td->pm_target = (uint32_t)(base + trampoline_pm_offset);
	td->lm_target = (uint32_t)(base + trampoline_lm_offset);
	td->cr0 = (uint32_t)read_cr0();
	td->cr3 = (uint32_t)cr3;
	td->cr4 = (uint32_t)(read_cr4() & ~CR4_PCIDE);
	td->efer = rdmsr(MSR_EFER) & ~EFER_LMA;
	td->entry = (uint64_t)ap_entry64;
	return td;
}

static bool wait_online(unsigned int cpu, uint64_t timeout_ns)
{
	uint64_t end = now_ns() + timeout_ns;

	while (now_ns() < end)
		if (cpumask_test(cpu, &cpu_online_map))
			return true;
	return cpumask_test(cpu, &cpu_online_map);
}

static bool boot_one_cpu(unsigned int cpu, uint32_t apic_id,
			 struct trampoline_data *td, paddr_t tramp)
{
	void *block = alloc_xenheap_pages_zeroed(STACK_ORDER);
	struct cpu_tables *tables =
		alloc_xenheap_pages_zeroed(CPU_TABLES_ORDER);
	struct cpu_info *ci;

	if (!block || !tables) {
		log_err("smp: no memory for CPU%u's stacks and tables\n", cpu);
		free_xenheap_pages(block, STACK_ORDER);
		free_xenheap_pages(tables, CPU_TABLES_ORDER);
		return false;
	}
	ci = (struct cpu_info *)stack_block_top(block);
	ci->processor_id = cpu;
	ci->apic_id = apic_id;
	ap_tables[cpu] = tables;
	td->stack = (uint64_t)stack_block_top(block);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	apic_send_init(apic_id);
	wait_us(10000);
	for (int i = 0; i < 2 && !cpumask_test(cpu, &cpu_online_map); i++) {
		apic_send_startup(apic_id, tramp);
		wait_us(200);
	}
	if (wait_online(cpu, AP_BOOT_TIMEOUT_NS))
		return true;
	/* It may still wake up and use them: leak rather than reuse. */
	log_err("smp: CPU%u (APIC ID %u) did not start\n", cpu, apic_id);
	return false;
}

void smp_boot_cpus(void)
{
	paddr_t tramp = mm_trampoline_page();
	struct trampoline_data *td;
	unsigned int cpu = 1;

	get_cpu_info()->apic_id = cpu_apic_id[0];
	cpumask_set(0, &cpu_online_map);
	smp_call_init();
	td = tramp ? trampoline_install(tramp) : NULL;
	for (unsigned int i = 0; td && i < acpi_nr_cpus; i++) {
		uint32_t id = acpi_cpu_apic_ids[i];

		if (id == get_cpu_info()->apic_id)
			continue;
		if (cpu >= NR_CPUS) {
			log_warn("smp: more than %u CPUs; ignoring the rest\n",
				 NR_CPUS);
			break;
		}
		if (boot_one_cpu(cpu, id, td, tramp)) {
			printk("smp: CPU%u (APIC ID %u) online\n", cpu, id);
			cpu++;
		}
	}
	/* The APs may still cache translations of the trampoline page. */
	mm_drop_low_identity_map();
	local_irq_enable();
	flush_tlb_all();
	local_irq_disable();
	printk("smp: %u CPUs online\n", num_online_cpus());
}
