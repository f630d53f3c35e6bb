/* SPDX-License-Identifier: MIT */
/*
 * Register dumps and backtraces. Everything here runs on fatal paths, so
 * it reads memory only after checking that the address lies inside one of
 * this CPU's registered stacks: a corrupt rbp chain ends the trace, it
 * never faults the fault handler.
 */
#include <asm/traps.h>

#include <satori/bug.h>
#include <satori/keyhandler.h>
#include <satori/cpumask.h>
#include <satori/log.h>
#include <satori/smp.h>
#include <satori/string.h>
#include <satori/symbols.h>

#include <asm/cpu-ops.h>
#include <asm/cpu-tables.h>
#include <asm/smp.h>

static const char *const exception_names[32][2] = {
	[0] = { "#DE", "divide error" },
	[1] = { "#DB", "debug" },
	[2] = { "NMI", "non-maskable interrupt" },
	[3] = { "#BP", "breakpoint" },
	[4] = { "#OF", "overflow" },
	[5] = { "#BR", "bound range exceeded" },
	[6] = { "#UD", "invalid opcode" },
	[7] = { "#NM", "device not available" },
	[8] = { "#DF", "double fault" },
	[9] = { "#CSO", "coprocessor segment overrun" },
	[10] = { "#TS", "invalid TSS" },
	[11] = { "#NP", "segment not present" },
	[12] = { "#SS", "stack-segment fault" },
	[13] = { "#GP", "general protection fault" },
	[14] = { "#PF", "page fault" },
	[16] = { "#MF", "x87 floating-point error" },
	[17] = { "#AC", "alignment check" },
	[18] = { "#MC", "machine check" },
	[19] = { "#XM", "SIMD floating-point error" },
	[20] = { "#VE", "virtualization exception" },
	[21] = { "#CP", "control protection" },
	[28] = { "#HV", "hypervisor injection" },
	[29] = { "#VC", "VMM communication" },
	[30] = { "#SX", "security exception" },
};

const char *exception_mnemonic(unsigned int vector)
{
	if (vector < 32 && exception_names[vector][0])
		return exception_names[vector][0];
	return "#??";
}

const char *exception_name(unsigned int vector)
{
	if (vector < 32 && exception_names[vector][1])
		return exception_names[vector][1];
	return "reserved exception";
}

/*
 * Print @addr symbolized. A return address is looked up one byte back:
 * a call to a noreturn function can be a function's last instruction, so
 * its return address is already the next symbol's start.
 */
static void print_symbol(const char *prefix, uint64_t addr, bool is_return)
{
	uint64_t offset, size;
	const char *name = symbols_lookup(addr - is_return, &offset, &size);

	offset += is_return;
	if (name)
		printk("%s[<%016lx>] %s+%#lx/%#lx\n", prefix,
		       (unsigned long)addr, name, (unsigned long)offset,
		       (unsigned long)size);
	else
		printk("%s[<%016lx>] ?\n", prefix, (unsigned long)addr);
}

static void print_address(const char *prefix, uint64_t addr)
{
	print_symbol(prefix, addr, false);
}

static void print_return_address(const char *prefix, uint64_t addr)
{
	print_symbol(prefix, addr, true);
}

void show_registers(const struct cpu_user_regs *regs)
{
	const struct cpu_user_regs *r = regs;

	printk("CPU:    %u\n", smp_processor_id());
	print_address("RIP:    ", r->rip);
	printk("cs: %04x  ss: %04x  rflags: %016lx  context: %s\n", r->cs,
	       r->ss, (unsigned long)r->rflags,
	       regs_from_hypervisor(r) ? "hypervisor" : "guest");
	printk("rax: %016lx  rbx: %016lx  rcx: %016lx\n", (unsigned long)r->rax,
	       (unsigned long)r->rbx, (unsigned long)r->rcx);
	printk("rdx: %016lx  rsi: %016lx  rdi: %016lx\n", (unsigned long)r->rdx,
	       (unsigned long)r->rsi, (unsigned long)r->rdi);
	printk("rbp: %016lx  rsp: %016lx  r8:  %016lx\n", (unsigned long)r->rbp,
	       (unsigned long)r->rsp, (unsigned long)r->r8);
	printk("r9:  %016lx  r10: %016lx  r11: %016lx\n", (unsigned long)r->r9,
	       (unsigned long)r->r10, (unsigned long)r->r11);
	printk("r12: %016lx  r13: %016lx  r14: %016lx\n", (unsigned long)r->r12,
	       (unsigned long)r->r13, (unsigned long)r->r14);
	printk("r15: %016lx  cr0: %016lx  cr4: %016lx\n", (unsigned long)r->r15,
	       (unsigned long)read_cr0(), (unsigned long)read_cr4());
	printk("cr3: %016lx  cr2: %016lx  efer: %016lx\n",
	       (unsigned long)read_cr3(), (unsigned long)read_cr2(),
	       (unsigned long)rdmsr(MSR_EFER));
}

/*
 * GCC sets up no frame in leaf functions that need no stack, and none
 * before the prologue: there the caller's return address is at rsp, and
 * the rbp chain starts one level up. Show that word, marked "?" as a
 * guess, when it is a code address the chain would not print first.
 */
static void print_leaf_caller(const struct cpu_user_regs *regs, uint64_t lo,
			      uint64_t hi)
{
	const uint64_t *fp = (const uint64_t *)regs->rbp;
	uint64_t top, offset, size;

	if (!regs->rsp || !IS_ALIGNED(regs->rsp, 8) || regs->rsp < lo ||
	    regs->rsp > hi - 8)
		return;
	top = *(const uint64_t *)regs->rsp;
	if (!symbols_lookup(top - 1, &offset, &size))
		return;
	/* Already the chain's first entry: no guess needed. */
	if (fp && IS_ALIGNED(regs->rbp, 8) && regs->rbp >= lo &&
	    regs->rbp <= hi - 16 && fp[1] == top)
		return;
	print_return_address("  ? ", top);
}

void show_backtrace(const struct cpu_user_regs *regs)
{
	uint64_t lo, hi, frame = regs->rbp;
	unsigned int cpu = smp_processor_id(), depth;

	printk("Call trace:\n");
	print_address("  ", regs->rip);
	if (cpu_stack_bounds(cpu, regs->rsp, &lo, &hi)) {
		/* Frames lie between the interrupted rsp and the top. */
		lo = MAX(lo, regs->rsp);
		print_leaf_caller(regs, lo, hi);
	} else if (cpu_stack_bounds(cpu, regs->rbp, &lo, &hi)) {
		/* A stack overflow or a wild rsp: rbp may still be good. */
		printk("  (rsp %016lx is on no known stack: following rbp)\n",
		       (unsigned long)regs->rsp);
	} else {
		printk("  (rsp %016lx is on no known stack: trace ends)\n",
		       (unsigned long)regs->rsp);
		return;
	}
	for (depth = 0; depth < BACKTRACE_MAX_DEPTH; depth++) {
		const uint64_t *fp = (const uint64_t *)frame;

		if (!frame || !IS_ALIGNED(frame, 8) || frame < lo ||
		    frame > hi - 16)
			break;
		print_return_address("  ", fp[1]);
		/* The chain must climb the stack, or it could loop. */
		if (fp[0] <= frame)
			break;
		frame = fp[0];
	}
	if (depth == BACKTRACE_MAX_DEPTH)
		printk("  (trace truncated at %u frames)\n", depth);
}

void dump_execution_state(void)
{
	struct cpu_user_regs regs;

	memset(&regs, 0, sizeof(regs));
	capture_registers(&regs);
	show_registers(&regs);
	show_backtrace(&regs);
}

/* Run on another CPU by the 'd' key: what it was doing when called. */
static void dump_interrupted_state(void *unused)
{
	const struct cpu_user_regs *regs = smp_call_regs();

	(void)unused;
	printk("*** CPU%u state:\n", smp_processor_id());
	show_registers(regs);
	show_backtrace(regs);
}

static void dump_registers_key(unsigned char key)
{
	unsigned int cpu, me = smp_processor_id();

	(void)key;
	printk("'d' pressed: registers and stack of each CPU\n");
	/* One CPU at a time, so that the dumps do not interleave. */
	for_each_online_cpu(cpu)
	{
		if (cpu != me) {
			smp_call_function_single(cpu, dump_interrupted_state,
						 NULL, true);
			continue;
		}
		printk("*** CPU%u state:\n", cpu);
		dump_execution_state();
	}
}
KEYHANDLER('d', dump_registers_key, "dump registers and stack of each CPU");
