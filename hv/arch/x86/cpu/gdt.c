/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU GDT and TSS, in Xen's selector layout.
 *
 * The hardware GDT of a running vCPU will be "the guest's frames, then the
 * hypervisor's reserved page" (entries 7168+). Until guests exist we build
 * only the reserved page and load GDTR with base = page - 0xe000, limit
 * 0xefff: the CPU reads a descriptor only when a selector is loaded, so
 * the unmapped range below the page is never touched. The boot CPU uses
 * static storage; secondary CPUs bring their own struct cpu_tables.
 */
#include <asm/cpu-tables.h>

#include <satori/smp.h>
#include <satori/string.h>

#include <asm/cpu-ops.h>
#include <asm/irq.h>

#define TSS_TYPE_AVAILABLE 0x9
#define DESC_PRESENT (1ull << 47)
#define GUARD_POISON 0xa5

/* One stack per CPU plus its IST stacks: what a backtrace may walk. */
struct cpu_stack_set {
	uint64_t lo[1 + NR_IST_USED];
	uint64_t hi[1 + NR_IST_USED];
};

static struct cpu_stack_set cpu_stacks[NR_CPUS];
static struct cpu_tables boot_cpu_tables;

extern char boot_stack[], boot_stack_top[];

/* A 16-byte system descriptor for the 64-bit TSS at @base. */
static void set_tss_descriptor(uint64_t *slot, const struct tss64 *tss)
{
	uint64_t base = (uint64_t)tss;
	uint64_t limit = sizeof(*tss) - 1;

	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		  ((uint64_t)TSS_TYPE_AVAILABLE << 40) | DESC_PRESENT |
		  (((limit >> 16) & 0xf) << 48) | ((base >> 24) & 0xff) << 56;
	slot[1] = base >> 32;
}

static void fill_gdt(struct cpu_tables *t)
{
	uint64_t *gdt = t->gdt;

	memset(gdt, 0, sizeof(t->gdt));
	gdt[RESERVED_GDT_INDEX(HYPERVISOR_CS)] = DESC_HYPERVISOR_CS;
	gdt[RESERVED_GDT_INDEX(HYPERVISOR_DS)] = DESC_HYPERVISOR_DS;
	gdt[RESERVED_GDT_INDEX(FLAT_RING3_CS32)] = DESC_RING3_CS32;
	gdt[RESERVED_GDT_INDEX(FLAT_RING3_DS32)] = DESC_RING3_DS32;
	gdt[RESERVED_GDT_INDEX(FLAT_RING3_CS64)] = DESC_RING3_CS64;
	set_tss_descriptor(&gdt[RESERVED_GDT_INDEX(TSS_SELECTOR)], &t->tss);
}

static void fill_tss(struct cpu_tables *t, uint64_t stack_top)
{
	memset(&t->tss, 0, sizeof(t->tss));
	t->tss.rsp[0] = stack_top;
	for (unsigned int i = 0; i < NR_IST_USED; i++) {
		memset(t->ist[i].guard, GUARD_POISON, sizeof(t->ist[i].guard));
		/* IST numbers are 1-based; ist[] in the TSS is 0-based. */
		t->tss.ist[i] = (uint64_t)(t->ist[i].stack + IST_STACK_SIZE);
	}
	/* An I/O bitmap offset past the limit: no ring-3 port access. */
	t->tss.iomap_base = sizeof(t->tss);
}

static void record_stacks(unsigned int cpu, const struct cpu_tables *t,
			  uint64_t stack, uint64_t stack_top)
{
	struct cpu_stack_set *s = &cpu_stacks[cpu];

	s->lo[0] = stack;
	s->hi[0] = stack_top;
	for (unsigned int i = 0; i < NR_IST_USED; i++) {
		s->lo[i + 1] = (uint64_t)t->ist[i].stack;
		s->hi[i + 1] = s->lo[i + 1] + IST_STACK_SIZE;
	}
}

void cpu_init_descriptors(unsigned int cpu, struct cpu_tables *tables,
			  void *stack, size_t stack_size)
{
	uint64_t stack_top = (uint64_t)stack + stack_size;

	fill_gdt(tables);
	fill_tss(tables, stack_top);
	record_stacks(cpu, tables, (uint64_t)stack, stack_top);

	lgdt((const char *)tables->gdt - FIRST_RESERVED_GDT_BYTE,
	     FIRST_RESERVED_GDT_BYTE + PAGE_SIZE - 1);
	load_segments(HYPERVISOR_CS, HYPERVISOR_DS);
	ltr(TSS_SELECTOR);

	/* The IDT is shared: setting the same IST slots again is harmless. */
	idt_set_ist(2, IST_NMI);
	idt_set_ist(8, IST_DF);
	idt_set_ist(18, IST_MCE);
}

void cpu_init_descriptors_boot(void)
{
	cpu_init_descriptors(
		0, &boot_cpu_tables, boot_stack,
		(size_t)((uintptr_t)boot_stack_top - (uintptr_t)boot_stack));
}

bool cpu_stack_bounds(unsigned int cpu, uint64_t addr, uint64_t *lo,
		      uint64_t *hi)
{
	const struct cpu_stack_set *s;

	if (cpu >= NR_CPUS)
		return false;
	s = &cpu_stacks[cpu];
	for (unsigned int i = 0; i < ARRAY_SIZE(s->lo); i++) {
		if (s->lo[i] < s->hi[i] && addr >= s->lo[i] &&
		    addr < s->hi[i]) {
			*lo = s->lo[i];
			*hi = s->hi[i];
			return true;
		}
	}
	return false;
}
