/* SPDX-License-Identifier: MIT */
/*
 * One inline wrapper per privileged instruction. All of satori's inline
 * assembly lives here and in a few sibling headers, so that a reader can see
 * every way C touches the machine in one place.
 */
#ifndef ASM_X86_CPU_OPS_H
#define ASM_X86_CPU_OPS_H

#include <satori/types.h>

#include <asm/regs.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32))
			     : "memory");
}

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid_count(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;
	__asm__ __volatile__("cpuid"
			     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx),
			       "=d"(r.edx)
			     : "a"(leaf), "c"(subleaf));
	return r;
}

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
	return cpuid_count(leaf, 0);
}

#define DEFINE_CR_OPS(n)                                                     \
	static inline uint64_t read_cr##n(void)                              \
	{                                                                    \
		uint64_t v;                                                  \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));        \
		return v;                                                    \
	}                                                                    \
	static inline void write_cr##n(uint64_t v)                           \
	{                                                                    \
		__asm__ __volatile__("mov %0, %%cr" #n ::"r"(v) : "memory"); \
	}
DEFINE_CR_OPS(0)
DEFINE_CR_OPS(2)
DEFINE_CR_OPS(3)
DEFINE_CR_OPS(4)
#undef DEFINE_CR_OPS

/* Control-register and EFER bits (Intel SDM vol. 3, section 2.5). */
#define X86_CR0_WP (1ULL << 16)
#define X86_CR4_PGE (1ULL << 7)
#define X86_CR4_SMEP (1ULL << 20)
#define X86_CR4_SMAP (1ULL << 21)
#define MSR_EFER 0xc0000080
#define EFER_NXE (1ULL << 11)

/* Flush all non-global TLB entries of this CPU. */
static inline void flush_tlb_local(void)
{
	write_cr3(read_cr3());
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* rdtsc ordered against earlier loads (lfence is dispatch-serialising). */
static inline uint64_t rdtsc_ordered(void)
{
	__asm__ __volatile__("lfence" ::: "memory");
	return rdtsc();
}

/* Order all earlier loads and stores before later ones (e.g. before a
 * WRMSR to the TSC deadline, which is not serialising). */
static inline void mfence(void)
{
	__asm__ __volatile__("mfence" ::: "memory");
}

/* Write back and invalidate all caches (slow; dom0 I/O paths only). */
static inline void wbinvd(void)
{
	__asm__ __volatile__("wbinvd" ::: "memory");
}

static inline void invlpg(const void *va)
{
	__asm__ __volatile__("invlpg (%0)" ::"r"(va) : "memory");
}

/* Flush this CPU's whole TLB, global entries included (toggle CR4.PGE). */
static inline void flush_tlb_local_all(void)
{
	uint64_t cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

static inline void halt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

/* Enable interrupts and halt with no window for a wakeup to slip between. */
static inline void safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

static inline uint64_t read_rflags(void)
{
	uint64_t f;
	__asm__ __volatile__("pushfq; popq %0" : "=r"(f));
	return f;
}

#define X86_EFLAGS_IF (1u << 9)

static inline bool local_irq_is_enabled(void)
{
	return read_rflags() & X86_EFLAGS_IF;
}

static inline uint64_t local_irq_save(void)
{
	uint64_t f = read_rflags();
	local_irq_disable();
	return f;
}

static inline void local_irq_restore(uint64_t flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

/* SMAP: allow (stac) and forbid (clac) supervisor access to user pages. */
static inline void stac(void)
{
	__asm__ __volatile__(".byte 0x0f,0x01,0xcb" ::: "memory");
}

static inline void clac(void)
{
	__asm__ __volatile__(".byte 0x0f,0x01,0xca" ::: "memory");
}

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

static inline void lidt(const void *base, uint16_t limit)
{
	struct desc_ptr d = { .limit = limit, .base = (uint64_t)base };

	__asm__ __volatile__("lidt %0" ::"m"(d));
}

static inline void lgdt(const void *base, uint16_t limit)
{
	struct desc_ptr d = { .limit = limit, .base = (uint64_t)base };

	__asm__ __volatile__("lgdt %0" ::"m"(d));
}

/* The base of the GDT this CPU has loaded. */
static inline uint64_t sgdt_base(void)
{
	struct desc_ptr d;

	__asm__ __volatile__("sgdt %0" : "=m"(d));
	return d.base;
}

static inline uint16_t sgdt_limit(void)
{
	struct desc_ptr d;

	__asm__ __volatile__("sgdt %0" : "=m"(d));
	return d.limit;
}

static inline void ltr(uint16_t sel)
{
	__asm__ __volatile__("ltr %0" ::"rm"(sel));
}

/* Load LDTR (0: the null LDT). */
static inline void lldt(uint16_t sel)
{
	__asm__ __volatile__("lldt %0" ::"rm"(sel) : "memory");
}

static inline void *read_frame_pointer(void)
{
	return __builtin_frame_address(0);
}

/*
 * Reload CS (through a far return: 64-bit mode has no far jump to an
 * immediate selector) and SS/DS/ES after a new GDT is loaded. FS and GS
 * are left alone: their bases are set through MSRs.
 */
static inline void load_segments(uint16_t cs, uint16_t ds)
{
	__asm__ __volatile__("pushq %q0\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "mov %w1, %%ss\n\t"
			     "mov %w1, %%ds\n\t"
			     "mov %w1, %%es"
			     :
			     : "r"((uint64_t)cs), "r"((uint32_t)ds)
			     : "rax", "memory");
}

#define MSR_EFER 0xc0000080

_Static_assert(offsetof(struct cpu_user_regs, rip) == 128 &&
		       offsetof(struct cpu_user_regs, cs) == 136 &&
		       offsetof(struct cpu_user_regs, rflags) == 144 &&
		       offsetof(struct cpu_user_regs, rsp) == 152 &&
		       offsetof(struct cpu_user_regs, ss) == 160,
	       "capture_registers() hard-codes these offsets");

/*
 * Snapshot the general registers, rip (of this point), rsp, rflags, cs and
 * ss into @r, for dumps taken from C (BUG, WARN, the 'd' debug key). The
 * values are what the compiler happened to hold here: useful for rip, rsp
 * and rbp (the start of a backtrace), indicative for the rest.
 */
static inline __attribute__((always_inline)) void
capture_registers(struct cpu_user_regs *r)
{
	__asm__ __volatile__("movq %%r15, 0(%0)\n\t"
			     "movq %%r14, 8(%0)\n\t"
			     "movq %%r13, 16(%0)\n\t"
			     "movq %%r12, 24(%0)\n\t"
			     "movq %%rbp, 32(%0)\n\t"
			     "movq %%rbx, 40(%0)\n\t"
			     "movq %%r11, 48(%0)\n\t"
			     "movq %%r10, 56(%0)\n\t"
			     "movq %%r9, 64(%0)\n\t"
			     "movq %%r8, 72(%0)\n\t"
			     "movq %%rax, 80(%0)\n\t"
			     "movq %%rcx, 88(%0)\n\t"
			     "movq %%rdx, 96(%0)\n\t"
			     "movq %%rsi, 104(%0)\n\t"
			     "movq %%rdi, 112(%0)\n\t"
			     "call 1f\n"
			     "1:\n\t"
			     "popq 128(%0)\n\t"
			     "movw %%cs, 136(%0)\n\t"
			     "pushfq\n\t"
			     "popq 144(%0)\n\t"
			     "movq %%rsp, 152(%0)\n\t"
			     "movw %%ss, 160(%0)"
			     :
			     : "r"(r)
			     : "memory");
}

/* Fault injection for selftest=: each raises one exception on purpose. */
static inline void raise_invalid_opcode(void)
{
	__asm__ __volatile__("ud2" ::: "memory");
}

static inline void raise_divide_error(void)
{
	__asm__ __volatile__("xorl %%ecx, %%ecx\n\t"
			     "divl %%ecx"
			     :
			     :
			     : "rax", "rcx", "rdx", "memory");
}

/* A software "int $2": enters through the NMI gate and its IST stack. */
static inline void raise_nmi_vector(void)
{
	__asm__ __volatile__("int $2" ::: "memory");
}

/* #UD with rbp pointing nowhere: backtraces must survive a bad chain. */
static inline void raise_invalid_opcode_bad_frame(void)
{
	__asm__ __volatile__("movabsq $0x00007ffffffff000, %%rbp\n\t"
			     "ud2" ::
				     : "memory");
}

/*
 * #DF: with rsp at @bad_stack (unmapped), the #UD frame cannot be pushed,
 * nor can the #PF frame that follows; only the #DF gate's IST stack works.
 */
static inline __noreturn void raise_double_fault(uint64_t bad_stack)
{
	__asm__ __volatile__("movq %0, %%rsp\n\t"
			     "ud2" ::"r"(bad_stack)
			     : "memory");
	__builtin_unreachable();
}

/*
 * #DB in ring 0 with RSP at @bad_stack: what a guest gets with MOV SS and
 * a data breakpoint right before SYSCALL (the #DB is held back until the
 * first instruction of the SYSCALL stub, where RSP is still the guest's).
 * icebp raises the #DB; the stack is put back afterwards. Interrupts are
 * off meanwhile, so only the #DB (and NMI/#MC, on IST) can arrive.
 */
static inline void raise_debug_on_stack(uint64_t bad_stack)
{
	__asm__ __volatile__("pushfq\n\t"
			     "cli\n\t"
			     "movq %%rsp, %%r11\n\t"
			     "movq %0, %%rsp\n\t"
			     ".byte 0xf1\n\t" /* icebp */
			     "movq %%r11, %%rsp\n\t"
			     "popfq" ::"r"(bad_stack)
			     : "r11", "memory");
}

#endif
