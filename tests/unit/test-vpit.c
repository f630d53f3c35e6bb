/* unit-sources: hv/arch/x86/pv/vpit.c */
/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the virtual PIT (dom0's channel 2): the reset state,
 * lobyte/hibyte programming and reads, counting against elapsed
 * nanoseconds at 1.193182 MHz, the counter latch and read-back commands
 * (count and status), the gate on port 0x61 pausing and restarting the
 * count, the output bit in modes 0, 2 and 3, and lobyte-only and
 * hibyte-only access modes. Times are chosen so that tick counts are
 * exact (1 s = 1193182 ticks; 1 tick = 838.1 ns).
 */
#include <asm/vpit.h>

#include "check.h"

#define T0 1000000000ull /* an arbitrary start: 1 s of system time */
#define MS 1000000ull

static struct vpit pit;

/* Linux's quick_pit_calibrate: gate on, speaker off, channel 2 in mode
 * 0 with lobyte/hibyte access, count @count. */
static void program_mode0(uint16_t count, uint64_t now)
{
	vpit_write(&pit, 0x61, 0x01, now);
	vpit_write(&pit, 0x43, 0xb0, now);
	vpit_write(&pit, 0x42, count & 0xff, now);
	vpit_write(&pit, 0x42, count >> 8, now);
}

static unsigned int read_word(uint64_t now)
{
	unsigned int lo = vpit_read(&pit, 0x42, now);

	return lo | vpit_read(&pit, 0x42, now) << 8;
}

static void test_reset_state(void)
{
	vpit_reset(&pit, T0);
	CHECK(pit.initialised);
	/* Channel 2 gated off and not counting: port 0x61 shows neither gate
	 * nor speaker, and the output is low. */
	CHECK_EQ(vpit_read(&pit, 0x61, T0) & 0x23, 0);
	/* Count 0x10000, gated: reads 0 in both bytes, and stays put. */
	CHECK_EQ(vpit_read(&pit, 0x42, T0 + 5 * MS), 0);
	CHECK_EQ(vpit_read(&pit, 0x42, T0 + 5 * MS), 0);
	/* The control port reads 0 (Xen's answer). */
	CHECK_EQ(vpit_read(&pit, 0x43, T0), 0);
	/* The refresh bit toggles every 2^14 ns. */
	CHECK_EQ(vpit_read(&pit, 0x61, 0) & VPIT_61_REFRESH, 0);
	CHECK_EQ(vpit_read(&pit, 0x61, 1u << 14) & VPIT_61_REFRESH,
		 VPIT_61_REFRESH);
}

static void test_mode0_counts_down(void)
{
	vpit_reset(&pit, 0);
	program_mode0(0xffff, T0);
	CHECK_EQ(vpit_read(&pit, 0x61, T0) & 0x23, VPIT_61_GATE2);
	CHECK_EQ(read_word(T0), 0xffff);
	/* 10 ms: 11931.82 ticks, whole ticks only. */
	CHECK_EQ(read_word(T0 + 10 * MS), 0xffff - 11931);
	/* 50 ms: 59659 ticks. */
	CHECK_EQ(read_word(T0 + 50 * MS), 0xffff - 59659);
	CHECK_EQ(vpit_read(&pit, 0x61, T0 + 50 * MS) & VPIT_61_OUT2, 0);
	/* Past terminal count: the output goes high and stays high, the
	 * counter wraps to 0xffff and keeps counting. */
	CHECK_EQ(vpit_read(&pit, 0x61, T0 + 55 * MS) & VPIT_61_OUT2,
		 VPIT_61_OUT2);
	CHECK_EQ(read_word(T0 + 1000 * MS), (0xffff - 1193182) & 0xffff);
	CHECK_EQ(vpit_read(&pit, 0x61, T0 + 1000 * MS) & VPIT_61_OUT2,
		 VPIT_61_OUT2);
}

/* pit_calibrate_tsc's loop: count 11932 (10 ms), wait for OUT2. */
static void test_mode0_output_edge(void)
{
	uint64_t edge_ns = 11932ull * 1000000000ull / VPIT_HZ; /* 10.0002 ms */

	vpit_reset(&pit, 0);
	program_mode0(11932, T0);
	CHECK_EQ(vpit_read(&pit, 0x61, T0 + edge_ns - 1000) & VPIT_61_OUT2, 0);
	CHECK_EQ(vpit_read(&pit, 0x61, T0 + edge_ns + 1000) & VPIT_61_OUT2,
		 VPIT_61_OUT2);
}

static void test_latch(void)
{
	vpit_reset(&pit, 0);
	program_mode0(0xffff, T0);
	/* Counter latch command for channel 2 at 10 ms. */
	vpit_write(&pit, 0x43, 0x80, T0 + 10 * MS);
	/* A second latch before the value is read does not replace it. */
	vpit_write(&pit, 0x43, 0x80, T0 + 20 * MS);
	CHECK_EQ(read_word(T0 + 30 * MS), 0xffff - 11931);
	/* Released: reads follow the time again. */
	CHECK_EQ(read_word(T0 + 30 * MS), 0xffff - 35795);
}

static void test_read_back(void)
{
	vpit_reset(&pit, 0);
	program_mode0(1000, T0);
	/* Read-back of channel 2 (bit 3), count and status latched at 596
	 * ticks. */
	vpit_write(&pit, 0x43, 0xc8, T0 + MS / 2);
	/* Status first: output low, access 3, mode 0, binary. */
	CHECK_EQ(vpit_read(&pit, 0x42, T0 + 2 * MS), 0x30);
	CHECK_EQ(read_word(T0 + 2 * MS), 1000 - 596);
	/* Status only (bit 5 set: no count), after terminal count. */
	vpit_write(&pit, 0x43, 0xe8, T0 + 2 * MS);
	CHECK_EQ(vpit_read(&pit, 0x42, T0 + 3 * MS), 0xb0);
	/* Read-back naming only channels 0 and 1 leaves channel 2 alone. */
	vpit_write(&pit, 0x43, 0xc6, T0 + 3 * MS);
	CHECK_EQ(read_word(T0 + 3 * MS), (1000 - 3579) & 0xffff);
}

static void test_gate_pauses_mode0(void)
{
	vpit_reset(&pit, 0);
	program_mode0(0xffff, T0);
	/* Gate low at 10 ms for 100 ms: the count holds, then resumes. */
	vpit_write(&pit, 0x61, 0x00, T0 + 10 * MS);
	CHECK_EQ(read_word(T0 + 50 * MS), 0xffff - 11931);
	vpit_write(&pit, 0x61, 0x01, T0 + 110 * MS);
	CHECK_EQ(read_word(T0 + 120 * MS), 0xffff - 23863);
	/* The speaker bit is kept and read back. */
	vpit_write(&pit, 0x61, 0x03, T0 + 120 * MS);
	CHECK_EQ(vpit_read(&pit, 0x61, T0 + 120 * MS) & 0x03, 0x03);
}

static void test_mode2_and_3(void)
{
	vpit_reset(&pit, 0);
	vpit_write(&pit, 0x61, 0x01, T0);
	vpit_write(&pit, 0x43, 0xb4, T0); /* mode 2, lobyte/hibyte */
	vpit_write(&pit, 0x42, 0xe8, T0); /* 1000 */
	vpit_write(&pit, 0x42, 0x03, T0);
	/* 1193 ticks: 193 into the second period. */
	CHECK_EQ(read_word(T0 + MS), 1000 - 193);
	/* A rising gate edge restarts the count. */
	vpit_write(&pit, 0x61, 0x00, T0 + MS);
	vpit_write(&pit, 0x61, 0x01, T0 + 2 * MS);
	CHECK_EQ(read_word(T0 + 2 * MS), 1000);
	vpit_write(&pit, 0x43, 0xb6, T0); /* mode 3: two per tick */
	vpit_write(&pit, 0x42, 0xe8, T0);
	vpit_write(&pit, 0x42, 0x03, T0);
	CHECK_EQ(read_word(T0 + MS / 4), 1000 - 596);
	/* Square wave: high for the first half period, low for the rest. */
	CHECK_EQ(vpit_read(&pit, 0x61, T0 + 100000) & VPIT_61_OUT2,
		 VPIT_61_OUT2);
	CHECK_EQ(vpit_read(&pit, 0x61, T0 + 600000) & VPIT_61_OUT2, 0);
	/* Modes 6 and 7 are 2 and 3: the status says so. */
	vpit_write(&pit, 0x43, 0xbc, T0);
	vpit_write(&pit, 0x43, 0xe8, T0);
	CHECK_EQ(vpit_read(&pit, 0x42, T0) & 0x0e, 2 << 1);
}

static void test_single_byte_modes(void)
{
	vpit_reset(&pit, 0);
	vpit_write(&pit, 0x61, 0x01, T0);
	vpit_write(&pit, 0x43, 0x90, T0); /* lobyte only, mode 0 */
	vpit_write(&pit, 0x42, 200, T0);
	CHECK_EQ(vpit_read(&pit, 0x42, T0 + 100 * 1000), 200 - 119);
	CHECK_EQ(vpit_read(&pit, 0x42, T0 + 100 * 1000), 200 - 119);
	vpit_write(&pit, 0x43, 0xa0, T0); /* hibyte only: count 0x0300 */
	vpit_write(&pit, 0x42, 0x03, T0);
	/* 0x300 - 1193 ticks = 0xfe59: the high byte. */
	CHECK_EQ(vpit_read(&pit, 0x42, T0 + MS), 0xfe);
	/* A written 0 is a count of 0x10000. */
	vpit_write(&pit, 0x43, 0xb0, T0);
	vpit_write(&pit, 0x42, 0, T0);
	vpit_write(&pit, 0x42, 0, T0);
	CHECK_EQ(read_word(T0 + MS), 0x10000 - 1193);
	/* Channel 0's state is separate from channel 2's. */
	vpit_write(&pit, 0x43, 0x30, T0);
	vpit_write(&pit, 0x40, 0x10, T0);
	vpit_write(&pit, 0x40, 0x00, T0);
	CHECK_EQ(read_word(T0 + MS), 0x10000 - 1193);
}

/*
 * Two vCPUs of dom0 on different CPUs: one reads the clock, another loads
 * a count a little later (by that clock), then the first one's access
 * goes through with its older time. No time has passed for the channel
 * then: the full count, output low, not a wrapped-around elapsed time.
 */
static void test_time_before_load(void)
{
	vpit_reset(&pit, 0);
	program_mode0(1000, T0);
	CHECK_EQ(read_word(T0 - 500), 1000);
	CHECK_EQ(vpit_read(&pit, 0x61, T0 - 500) & VPIT_61_OUT2, 0);
	/* Mode 2 divides the elapsed ticks by the count: still none. */
	vpit_write(&pit, 0x43, 0xb4, T0);
	vpit_write(&pit, 0x42, 1000 & 0xff, T0);
	vpit_write(&pit, 0x42, 1000 >> 8, T0);
	CHECK_EQ(read_word(T0 - 1), 1000);
	CHECK_EQ(vpit_read(&pit, 0x61, T0 - 1) & VPIT_61_OUT2, 0);
}

/*
 * A gate that paused the count in mode 0, then went low again in mode 1
 * (which does not pause), then mode 0 again without a new count: the
 * recorded pause must not exceed the time since the load.
 */
static void test_gate_history_across_modes(void)
{
	vpit_reset(&pit, 0);
	program_mode0(0xffff, T0);
	vpit_write(&pit, 0x61, 0x00, T0 + 1 * MS); /* paused at 1 ms */
	vpit_write(&pit, 0x61, 0x01, T0 + 5 * MS); /* 4 ms paused */
	vpit_write(&pit, 0x43, 0xb2, T0 + 6 * MS); /* mode 1 */
	vpit_write(&pit, 0x61, 0x00, T0 + 7 * MS); /* no pause in mode 1 */
	vpit_write(&pit, 0x43, 0xb0, T0 + 8 * MS); /* mode 0, gate low */
	/* Gate low in mode 0: frozen after the 3 ms it was high (3579.5
	 * ticks), not wrapped past the load value. */
	CHECK_EQ(read_word(T0 + 9 * MS), 0xffff - 3579);
	CHECK_EQ(read_word(T0 + 20 * MS), 0xffff - 3579);
	CHECK_EQ(vpit_read(&pit, 0x61, T0 + 9 * MS) & VPIT_61_OUT2, 0);
}

/* The same for a channel never programmed: its gate raised, then
 * lowered, counted only while it was high. */
static void test_gate_history_unprogrammed(void)
{
	vpit_reset(&pit, T0);
	vpit_write(&pit, 0x61, 0x01, T0 + 2 * MS);
	vpit_write(&pit, 0x61, 0x00, T0 + 12 * MS);
	/* 10 ms high: 11931 ticks down from 0x10000 (mode 2 counting);
	 * never programmed, a read gives the low byte. */
	CHECK_EQ(vpit_read(&pit, 0x42, T0 + 15 * MS), (0x10000 - 11931) & 0xff);
}

int main(void)
{
	test_reset_state();
	test_mode0_counts_down();
	test_mode0_output_edge();
	test_latch();
	test_read_back();
	test_gate_pauses_mode0();
	test_mode2_and_3();
	test_single_byte_modes();
	test_time_before_load();
	test_gate_history_across_modes();
	test_gate_history_unprogrammed();
	return check_summary("vpit");
}
