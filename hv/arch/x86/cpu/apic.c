/* SPDX-License-Identifier: MIT */
/*
 * The local APIC: mode selection (x2APIC when available, else xAPIC),
 * per-CPU setup, EOI and the ICR send primitive used for IPIs and for
 * starting secondary CPUs. The APIC timer lives in apic-timer.c.
 */
#include <asm/apic.h>
#include <satori/log.h>
#include <satori/perfc.h>
#include <satori/shutdown.h>
#include <satori/softirq.h>

#include <asm/acpi.h>
#include <asm/cpu-ops.h>
#include <asm/ioremap.h>
#include <asm/irq.h>

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_EXTD (1ull << 10)
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ull
#define MSR_X2APIC_FIRST 0x800
#define CPUID1_ECX_X2APIC (1u << 21)
#define XAPIC_MMIO_SIZE 0x1000

bool x2apic_enabled;
uint32_t cpu_apic_id[NR_CPUS];
static volatile uint32_t *xapic_mmio;
static bool apic_up[NR_CPUS]; /* apic_init_local() ran on this CPU */

uint32_t apic_read(unsigned int reg)
{
	if (x2apic_enabled)
		return (uint32_t)rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
	return xapic_mmio[reg / 4];
}

void apic_write(unsigned int reg, uint32_t v)
{
	if (x2apic_enabled)
		wrmsr(MSR_X2APIC_FIRST + (reg >> 4), v);
	else
		xapic_mmio[reg / 4] = v;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

uint32_t apic_id_from_cpuid(void)
{
	/* Leaf 0xb holds the full x2APIC ID; leaf 1 only its low 8 bits. */
	if (cpuid(0).eax >= 0xb && cpuid_count(0xb, 0).ebx)
		return cpuid_count(0xb, 0).edx;
	return cpuid(1).ebx >> 24;
}

uint32_t apic_id(void)
{
	uint32_t id = apic_read(APIC_ID);

	return x2apic_enabled ? id : id >> 24;
}

static void wait_icr_idle(void)
{
	/* x2APIC ICR writes are accepted at once; xAPIC needs polling. */
	if (x2apic_enabled)
		return;
	while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
		cpu_relax();
}

static void send_icr(uint32_t dest, uint32_t low)
{
	uint64_t flags = local_irq_save();

	wait_icr_idle();
	if (x2apic_enabled) {
		wrmsr(MSR_X2APIC_FIRST + (APIC_ICR >> 4),
		      ((uint64_t)dest << 32) | low);
	} else {
		apic_write(APIC_ICR2, dest << 24);
		apic_write(APIC_ICR, low);
		wait_icr_idle();
	}
	local_irq_restore(flags);
}

void apic_send_ipi(uint32_t dest_apic_id, uint8_t vector)
{
	send_icr(dest_apic_id, APIC_DM_FIXED | APIC_ICR_ASSERT | vector);
}

void apic_send_init(uint32_t dest_apic_id)
{
	send_icr(dest_apic_id, APIC_DM_INIT | APIC_ICR_ASSERT | APIC_LVT_LEVEL);
}

void apic_send_startup(uint32_t dest_apic_id, paddr_t page_pa)
{
	send_icr(dest_apic_id,
		 APIC_DM_STARTUP | APIC_ICR_ASSERT | (uint32_t)(page_pa >> 12));
}

void apic_send_nmi(uint32_t dest_apic_id)
{
	send_icr(dest_apic_id, APIC_DM_NMI | APIC_ICR_ASSERT);
}

/* perfc: when an event-check IPI was last sent to each CPU (0: handled). */
static uint64_t ipi_sent_ns[NR_CPUS];

void arch_send_event_check(unsigned int cpu)
{
	/* A CPU not yet started will find its softirqs when it is. */
	perfc_incr(event_check_ipi);
	if (CONFIG_PERFC && cpu < NR_CPUS)
		__atomic_store_n(&ipi_sent_ns[cpu], perfc_now(),
				 __ATOMIC_RELAXED);
	if (cpu < NR_CPUS && __atomic_load_n(&apic_up[cpu], __ATOMIC_ACQUIRE))
		apic_send_ipi(cpu_apic_id[cpu], EVENT_CHECK_VECTOR);
}

/* The interrupt itself is the message: the CPU leaves hlt and the idle
 * loop runs its pending softirqs. */
static void event_check_interrupt(struct cpu_user_regs *regs)
{
	uint64_t sent =
		CONFIG_PERFC
			? __atomic_exchange_n(&ipi_sent_ns[smp_processor_id()],
					      0, __ATOMIC_RELAXED)
			: 0;

	(void)regs;
	if (sent)
		perfc_add(ipi_wake_ns, perfc_now() - sent);
	apic_eoi();
}

/* Spurious interrupts must not be acknowledged. */
static void spurious_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
	log_once(LOG_WARN, "APIC: spurious interrupt\n");
}

static void error_interrupt(struct cpu_user_regs *regs)
{
	uint32_t esr;

	(void)regs;
	apic_write(APIC_ESR, 0); /* latch the errors into ESR */
	esr = apic_read(APIC_ESR);
	apic_eoi();
	log_warn("APIC: error interrupt, ESR %#x\n", esr);
}

/* LINT pins: NMI where the MADT says so, everything else masked. */
static void setup_lint(void)
{
	uint32_t lint[2] = { APIC_LVT_MASKED, APIC_LVT_MASKED };

	for (unsigned int i = 0; i < acpi_nr_lapic_nmis; i++)
		if (acpi_lapic_nmis[i].acpi_uid == 0xffffffff &&
		    acpi_lapic_nmis[i].lint < 2)
			lint[acpi_lapic_nmis[i].lint] = APIC_DM_NMI;
	if (!acpi_nr_lapic_nmis)
		lint[1] = APIC_DM_NMI; /* the PC convention */
	apic_write(APIC_LVT_LINT0, lint[0]);
	apic_write(APIC_LVT_LINT1, lint[1]);
}

void apic_init_local(unsigned int cpu)
{
	uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

	wrmsr(MSR_APIC_BASE, base);
	if (x2apic_enabled)
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	setup_lint();
	apic_write(APIC_LVT_ERROR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_TPR, 0);
	cpu_apic_id[cpu] = apic_id();
	__atomic_store_n(&apic_up[cpu], true, __ATOMIC_RELEASE);
}

void apic_init_bsp(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	x2apic_enabled =
		(base & APIC_BASE_EXTD) || (cpuid(1).ecx & CPUID1_ECX_X2APIC);
	if (!x2apic_enabled) {
		xapic_mmio =
			ioremap(base & APIC_BASE_ADDR_MASK, XAPIC_MMIO_SIZE);
		if (!xapic_mmio) {
			/* Early boot: nothing works without an APIC. */
			log_err("APIC: cannot map the xAPIC page\n");
			machine_halt(1);
		}
	}
	pic_disable();
	set_irq_vector_handler(SPURIOUS_APIC_VECTOR, spurious_interrupt);
	set_irq_vector_handler(ERROR_APIC_VECTOR, error_interrupt);
	set_irq_vector_handler(EVENT_CHECK_VECTOR, event_check_interrupt);
	apic_init_local(0);
	log_info("APIC: %s mode, boot CPU APIC ID %u, version %#x\n",
		 x2apic_enabled ? "x2APIC" : "xAPIC", cpu_apic_id[0],
		 apic_read(APIC_VERSION) & 0xff);
}
