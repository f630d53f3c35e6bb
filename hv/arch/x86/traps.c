/* SPDX-License-Identifier: MIT */
/*
 * Exceptions taken while running the hypervisor.
 *
 * A fault in hypervisor code is a hypervisor bug unless the faulting
 * instruction registered a fixup (asm/extable.h): print everything we know
 * (decoded error code, registers, symbolized backtrace) and stop the
 * machine. NMIs are reported, then follow nmi= (asm/nmi.h); a machine
 * check stops the machine. Exceptions from guests (ring 3) go to
 * pv_do_exception().
 */
#include <satori/bug.h>
#include <satori/console.h>
#include <satori/log.h>
#include <satori/shutdown.h>
#include <satori/smp.h>

#include <asm/cpu-ops.h>
#include <asm/extable.h>
#include <asm/irq.h>
#include <asm/nmi.h>
#include <asm/pv-desc.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <asm/traps.h>

#define X86_EXC_DB 1
#define X86_EXC_NMI 2
#define X86_EXC_DF 8
#define X86_EXC_MC 18
#define X86_EXC_PF 14

/* #PF error code bits (Intel SDM vol. 3, 4.7). */
#define PFEC_PRESENT (1u << 0)
#define PFEC_WRITE (1u << 1)
#define PFEC_USER (1u << 2)
#define PFEC_RSVD (1u << 3)
#define PFEC_INSN (1u << 4)
#define PFEC_PKEY (1u << 5)

static unsigned int fatal_depth;

static void print_page_fault(const struct cpu_user_regs *regs)
{
	uint32_t ec = regs->error_code;

	printk("FATAL: #PF page fault at %016lx: %s %s in %s mode%s%s%s\n",
	       (unsigned long)read_cr2(),
	       (ec & PFEC_PRESENT) ? "protection violation" : "not-present",
	       (ec & PFEC_INSN)	   ? "fetch"
	       : (ec & PFEC_WRITE) ? "write"
				   : "read",
	       (ec & PFEC_USER) ? "user" : "supervisor",
	       (ec & PFEC_RSVD) ? ", reserved bit set" : "",
	       (ec & PFEC_PKEY) ? ", protection key" : "",
	       (ec & ~0x3fu) ? ", other bits set" : "");
}

/* Report an exception nobody can recover from and stop the machine. */
static __noreturn void fatal_exception(struct cpu_user_regs *regs, int status)
{
	unsigned int v = regs->entry_vector;

	/* A fault while reporting a fault: say so once more, then stop. */
	if (__atomic_fetch_add(&fatal_depth, 1, __ATOMIC_RELAXED)) {
		printk("FATAL: %s in the fatal-exception path at %016lx\n",
		       exception_mnemonic(v), (unsigned long)regs->rip);
		machine_halt(status);
	}
	console_force_unlock();
	printk("FATAL: %s (vector %u) %s, error code %#x, on CPU %u\n",
	       exception_mnemonic(v), v, exception_name(v), regs->error_code,
	       smp_processor_id());
	if (v == X86_EXC_PF)
		print_page_fault(regs);
	show_registers(regs);
	show_backtrace(regs);
	printk("FATAL: stopping the machine\n");
	machine_fatal_stop(status);
}

static void do_nmi(struct cpu_user_regs *regs)
{
	const char *fatal;

	/* Another CPU is stopping the machine (smp_send_stop): park here.
	 * Interrupts are off and further NMIs are blocked until an iret. */
	if (__atomic_load_n(&smp_stopping, __ATOMIC_ACQUIRE))
		for (;;)
			halt();
	printk("NMI received on CPU %u at %016lx\n", smp_processor_id(),
	       (unsigned long)regs->rip);
	fatal = nmi_external();
	if (fatal) {
		console_force_unlock();
		printk("NMI: %s, nmi=fatal\n", fatal);
		fatal_exception(regs, HALT_EXCEPTION);
	}
}

/* What the last fixed-up fault of each CPU was (last_fixup_fault()). */
static struct {
	unsigned int vector;
	uint32_t error_code;
} fixup_fault[NR_CPUS];

void last_fixup_fault(unsigned int *vector, uint32_t *error_code)
{
	unsigned int cpu = smp_processor_id();

	*vector = fixup_fault[cpu].vector;
	*error_code = fixup_fault[cpu].error_code;
}

void do_exception(struct cpu_user_regs *regs)
{
	unsigned int v = regs->entry_vector;

	/* Ring 3 is always a PV guest: bounce it (NMI and #MC excepted). */
	if (v != X86_EXC_NMI && v != X86_EXC_MC &&
	    !regs_from_hypervisor(regs)) {
		if (v == X86_EXC_DB)
			pv_do_exception_from_ist(regs);
		pv_do_exception(regs);
		return;
	}
	if (v == X86_EXC_DB) {
		pv_hypervisor_db();
		return;
	}

	/* Loading a guest selector or IRET to the guest touched an LDT page
	 * not mapped yet: map it and retry (asm/pv-desc.h). */
	if (v == X86_EXC_PF && pv_ldt_fault_hv(read_cr2(), regs->error_code,
					       regs->rflags & X86_EFLAGS_IF))
		return;
	if (v != X86_EXC_NMI && v != X86_EXC_DF && v != X86_EXC_MC &&
	    regs_from_hypervisor(regs)) {
		uint64_t fix = search_exception_table(regs->rip);

		if (fix) {
			unsigned int cpu = smp_processor_id();

			fixup_fault[cpu].vector = v;
			fixup_fault[cpu].error_code = regs->error_code;
			regs->rip = fix;
			return;
		}
	}
	if (v == X86_EXC_NMI) {
		do_nmi(regs);
		return;
	}
	fatal_exception(regs,
			v == X86_EXC_MC ? HALT_MACHINE_CHECK : HALT_EXCEPTION);
}
