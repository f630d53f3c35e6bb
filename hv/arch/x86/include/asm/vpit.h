/* SPDX-License-Identifier: MIT */
/*
 * A virtual 8254 PIT as Xen emulates it for a PV hardware domain: the
 * three channels' registers (control word, read-back, latches, lobyte/
 * hibyte sequencing, modes 0-5) and port 0x61's gate and output bits of
 * channel 2, all computed from elapsed time instead of a running
 * counter. No interrupts: only channel 2, which Linux uses to calibrate
 * the TSC, is reachable from the guest (pv/emul-io.c). The functions are
 * pure and take the current time (ns) as an argument; the caller locks.
 */
#ifndef ASM_X86_VPIT_H
#define ASM_X86_VPIT_H

#include <satori/types.h>

/* The counters' input clock. */
#define VPIT_HZ 1193182u
/* Port 0x61 (system control port B): what the emulation keeps of it. */
#define VPIT_SPEAKER_PORT 0x61
#define VPIT_61_GATE2 0x01   /* channel 2 gate (read/write) */
#define VPIT_61_SPEAKER 0x02 /* speaker data enable (read/write) */
#define VPIT_61_REFRESH 0x10 /* toggles every 2^14 ns (read only) */
#define VPIT_61_OUT2 0x20    /* channel 2 output (read only) */
/* The mode of a channel never programmed: counts like mode 2, its
 * output like mode 0, as Xen 4.17's reset value 0xff does. */
#define VPIT_MODE_INIT 0xff

struct vpit_channel {
	uint32_t count; /* Reload value, 1-0x10000. */
	uint16_t latched_count;
	uint8_t count_latched; /* Access mode of the latched count, 0: none */
	bool status_latched;
	uint8_t status;
	uint8_t read_state, write_state; /* VPIT_RW_* (vpit.c) */
	uint8_t write_latch;		 /* Low byte of a lobyte/hibyte write */
	uint8_t rw_mode;		 /* Access mode of the control word */
	uint8_t mode;			 /* 0-5, or VPIT_MODE_INIT */
	uint8_t bcd;
	bool gate;
	/* Counting started at load_ns; the gate was last lowered at stop_ns;
	 * stopped_ns is the time spent with the gate low since the load. */
	uint64_t load_ns, stop_ns, stopped_ns;
};

struct vpit {
	bool initialised; /* vpit_reset() ran */
	bool speaker_on;
	struct vpit_channel ch[3];
};

/* Xen's reset state at @now: every channel in VPIT_MODE_INIT with count
 * 0x10000, channels 0 and 1 gated on, channel 2 off. */
void vpit_reset(struct vpit *p, uint64_t now);

/* A byte read of port 0x40-0x43 or 0x61 at time @now. Port 0x43 reads
 * 0 (Xen's answer: the control register is write-only). */
uint8_t vpit_read(struct vpit *p, unsigned int port, uint64_t now);

/* A byte write of @val to port 0x40-0x43 or 0x61 at time @now. */
void vpit_write(struct vpit *p, unsigned int port, uint8_t val, uint64_t now);

#endif
