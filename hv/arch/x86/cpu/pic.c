/* SPDX-License-Identifier: MIT */
/*
 * The legacy 8259 PICs. satori never uses them, but firmware may leave
 * them unmasked and their default vectors (8-15) collide with exceptions,
 * so they are reprogrammed to vectors 0x20-0x2f and then fully masked: a
 * spurious PIC interrupt then shows up as an unhandled vector, not a fault.
 */
#include <asm/apic.h>

#include <asm/cpu-ops.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01

void pic_disable(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, 0x20); /* ICW2: vector base */
	outb(PIC2_DATA, 0x28);
	outb(PIC1_DATA, 1u << 2); /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 2);	  /* ICW3: slave identity */
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}
