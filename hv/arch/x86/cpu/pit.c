/* SPDX-License-Identifier: MIT */
/*
 * PIT channel 2 as a stopwatch for calibration. Channel 2's gate is bit 0
 * of port 0x61 and its count can be latched and read back, so it can time
 * an interval without interrupts and without disturbing channel 0. Channel 0
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
/* Channel 2, low then high byte, mode 0 (interrupt on terminal count). */
#define PIT_CH2_MODE0 0xb0
#define PIT_CH0_MODE0 0x30
/* Counter latch command for channel 2. */
#define PIT_CH2_LATCH 0x80

/* Channel 2's current count (counting down), latched and read between
 * two TSC reads: *@tsc_mid says when, *@spread how precisely. */
static uint16_t pit_read_bracketed(uint64_t *tsc_mid, uint64_t *spread)
{
	uint64_t before = rdtsc_ordered();
	uint16_t count;

	uint64_t after;

	outb(PIT_MODE, PIT_CH2_LATCH);
	count = inb(PIT_CH2_DATA);
	count |= (uint16_t)(inb(PIT_CH2_DATA) << 8);
	after = rdtsc_ordered();
	*tsc_mid = before + (after - before) / 2;
	*spread = after - before;
	return count;
}

/*
 * Channel 2 counts down from 0xffff; the interval is timed by a latched
 * count read at each end, each pinned between two TSC reads. A CPU that
 * is away in the middle (a descheduled vCPU under emulation) does not
 * matter; one away during an end read shows as a wide bracket (*@noisy).
 */
uint64_t pit_measure_tsc(uint16_t pit_ticks, bool *noisy)
{
	uint8_t b = inb(PORT_B);
	uint64_t t0, t1, s0, s1;
	uint16_t c0, c1, elapsed = 0;

	outb(PORT_B, b & ~(PORT_B_GATE2 | PORT_B_SPEAKER));
	outb(PIT_MODE, PIT_CH2_MODE0);
	outb(PIT_CH2_DATA, 0xff);
	outb(PIT_CH2_DATA, 0xff);
	outb(PORT_B, (b & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	c0 = pit_read_bracketed(&t0, &s0);
	do {
		c1 = pit_read_bracketed(&t1, &s1);
		elapsed = (uint16_t)(c0 - c1);
	} while (elapsed < pit_ticks && t1 - t0 < CALIBRATE_GIVE_UP_CYCLES);
	outb(PORT_B, b & ~PORT_B_SPEAKER);
	if (t1 - t0 >= CALIBRATE_GIVE_UP_CYCLES || !elapsed)
		return 0;
	if (noisy)
		*noisy = s0 + s1 > (t1 - t0) / 100;
	/* Scale to exactly @pit_ticks: the last read may have overshot. */
	return (t1 - t0) * pit_ticks / elapsed;
}

void pit_oneshot_irq0(uint16_t pit_ticks)
{
	outb(PIT_MODE, PIT_CH0_MODE0);
	outb(PIT_CH0_DATA, pit_ticks & 0xff);
	outb(PIT_CH0_DATA, pit_ticks >> 8);
}
