/* SPDX-License-Identifier: MIT */
/*
 * The interrupt descriptor table: one 64-bit interrupt gate per vector,
 * each pointing at its 16-byte stub in entry.S. All CPUs share one table.
 * Gates are DPL 0 except #BP, #OF and 0x80 (DPL 3, for PV guests).
 */
#include <satori/string.h>

#include <asm/cpu-ops.h>
#include <asm/desc.h>
#include <asm/irq.h>
#include <asm/pv-entry.h>

#define ENTRY_STUB_SIZE 16UL
#define GATE_TYPE_INTERRUPT 0xe
#define GATE_PRESENT 0x80
#define GATE_DPL3 0x60

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __packed;

_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate layout");

extern const char entry_stubs[];

static struct idt_gate idt[NR_VECTORS] __aligned(4096);

void idt_set_ist(unsigned int vector, unsigned int ist)
{
	idt[vector].ist = (uint8_t)(ist & 7);
}

/* int3, into and int $0x80 may be executed by PV guests (ring 3): they
 * arrive as #BP/#OF and vector 0x80 and are bounced. Every other `int n`
 * from ring 3 is a #GP that the PV code emulates against the guest's own
 * trap table. */
static bool soft_int_from_ring3(unsigned int v)
{
	return v == 3 || v == 4 || v == PV_INT80_VECTOR;
}

void idt_init(void)
{
	for (unsigned int v = 0; v < NR_VECTORS; v++) {
		uint64_t addr = (uint64_t)(entry_stubs + v * ENTRY_STUB_SIZE);

		idt[v] = (struct idt_gate){
			.offset_low = (uint16_t)addr,
			.selector = HYPERVISOR_CS,
			.type_attr = GATE_PRESENT | GATE_TYPE_INTERRUPT |
				     (soft_int_from_ring3(v) ? GATE_DPL3 : 0),
			.offset_mid = (uint16_t)(addr >> 16),
			.offset_high = (uint32_t)(addr >> 32),
		};
	}
}

void idt_load(void)
{
	lidt(idt, sizeof(idt) - 1);
}
