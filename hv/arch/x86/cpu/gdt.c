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
#include <asm/stack.h>

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

static void fill_tss(struct cpu_tables *t, char *block)
{
	memset(&t->tss, 0, sizeof(t->tss));
	t->tss.rsp[0] = (uint64_t)stack_block_top(block);
	/* Guard pages: poisoned until the image is mapped with 4 KiB pages
	 * and they can be left unmapped. */
	memset(block, GUARD_POISON, PAGE_SIZE);
	memset(block + (PRIMARY_STACK_FIRST_PAGE - 1) * PAGE_SIZE, GUARD_POISON,
	       PAGE_SIZE);
	/* IST numbers are 1-based; ist[] in the TSS is 0-based. */
	for (unsigned int i = 1; i <= NR_IST_USED; i++)
		t->tss.ist[i - 1] = (uint64_t)stack_block_ist_top(block, i);
	/* An I/O bitmap offset past the limit: no ring-3 port access. */
	t->tss.iomap_base = sizeof(t->tss);
}

static void record_stacks(unsigned int cpu, char *block)
{
	struct cpu_stack_set *s = &cpu_stacks[cpu];

	s->lo[0] = (uint64_t)stack_block_primary_base(block);
	s->hi[0] = (uint64_t)stack_block_top(block);
	for (unsigned int i = 1; i <= NR_IST_USED; i++) {
		s->hi[i] = (uint64_t)stack_block_ist_top(block, i);
		s->lo[i] = s->hi[i] - IST_STACK_PAGES * PAGE_SIZE;
	}
}

void cpu_init_descriptors(unsigned int cpu, struct cpu_tables *tables,
			  void *stack_block)
{
	fill_gdt(tables);
	fill_tss(tables, stack_block);
	record_stacks(cpu, stack_block);

	lgdt((const char *)tables->gdt - FIRST_RESERVED_GDT_BYTE,
	     (uint16_t)(FIRST_RESERVED_GDT_BYTE + PAGE_SIZE - 1));
	load_segments(HYPERVISOR_CS, HYPERVISOR_DS);
	ltr(TSS_SELECTOR);

	/* The IDT is shared: setting the same IST slots again is harmless. */
	idt_set_ist(2, IST_NMI);
	idt_set_ist(8, IST_DF);
	idt_set_ist(18, IST_MCE);
	idt_set_ist(1, IST_DB);
}

void cpu_init_descriptors_boot(void)
{
	cpu_init_descriptors(0, &boot_cpu_tables, cpu0_stack);
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
