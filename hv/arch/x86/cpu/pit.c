/* SPDX-License-Identifier: MIT */
/*
 * PIT channel 2 as a stopwatch for calibration. Channel 2's gate is bit 0
 * of port 0x61 and its output can be read back in bit 5, so it can time an
 * interval without interrupts and without disturbing channel 0. Channel 0
 * (wired to ISA IRQ 0) is only used by the self-test, as an interrupt
 * source to check IO-APIC routing.
 */
#include <asm/time.h>

#include <asm/cpu-ops.h>

#define PIT_CH0_DATA 0x40
#define PIT_CH2_DATA 0x42
#define PIT_MODE 0x43
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20
/* Channel 2, low then high byte, mode 0 (interrupt on terminal count). */
#define PIT_CH2_MODE0 0xb0
#define PIT_CH0_MODE0 0x30

uint64_t pit_measure_tsc(uint16_t pit_ticks, bool *noisy)
{
	uint8_t b = inb(PORT_B);
	uint64_t t0, t1, prev, start_gap, last_gap = 0;

	/* Gate low while loading: the count starts when the gate rises. */
	outb(PORT_B, b & ~(PORT_B_GATE2 | PORT_B_SPEAKER));
	outb(PIT_MODE, PIT_CH2_MODE0);
	outb(PIT_CH2_DATA, pit_ticks & 0xff);
	outb(PIT_CH2_DATA, pit_ticks >> 8);
	/* Only the two ends matter: how long the gate write took (the count
	 * started somewhere inside it) and how long before the poll that saw
	 * the output rise the previous poll was (it rose in between). */
	t0 = rdtsc_ordered();
	outb(PORT_B, (b & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	prev = rdtsc_ordered();
	start_gap = prev - t0;
	for (;;) {
		bool done = inb(PORT_B) & PORT_B_OUT2;

		t1 = rdtsc_ordered();
		last_gap = t1 - prev;
		prev = t1;
		if (done || t1 - t0 >= CALIBRATE_GIVE_UP_CYCLES)
			break;
	}
	outb(PORT_B, b & ~PORT_B_SPEAKER);
	if (noisy)
		*noisy = start_gap + last_gap > (t1 - t0) / 100;
	return t1 - t0 < CALIBRATE_GIVE_UP_CYCLES ? t1 - t0 : 0;
}

void pit_oneshot_irq0(uint16_t pit_ticks)
{
	outb(PIT_MODE, PIT_CH0_MODE0);
	outb(PIT_CH0_DATA, pit_ticks & 0xff);
	outb(PIT_CH0_DATA, pit_ticks >> 8);
}
