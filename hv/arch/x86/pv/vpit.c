/* SPDX-License-Identifier: MIT */
/*
 * The virtual PIT's register logic (asm/vpit.h), with the behaviour of
 * Xen 4.17's emulation for a PV hardware domain. A channel holds no
 * running counter: the ticks elapsed since its count was loaded are
 * derived from the time (minus the time its gate was low) whenever the
 * guest looks, so reads cost nothing while the guest does not look.
 * Quirks kept on purpose because guests can see them: mode 3 counts
 * down by two per tick, a latch already pending is not overwritten, and
 * the status byte has no NULL COUNT bit.
 */
#include <asm/vpit.h>

/* Read/write access sequences (control word bits 4-5, and the states
 * a lobyte/hibyte access steps through). */
#define VPIT_RW_LSB 1
#define VPIT_RW_MSB 2
#define VPIT_RW_WORD0 3
#define VPIT_RW_WORD1 4

#define NS_PER_SEC 1000000000ull

/* Whole PIT ticks in @ns, without overflow for any 64-bit @ns. */
static uint64_t ns_to_ticks(uint64_t ns)
{
	return ns / NS_PER_SEC * VPIT_HZ +
	       ns % NS_PER_SEC * VPIT_HZ / NS_PER_SEC;
}

/* Ticks counted since the load: up to now while the gate is high (or
 * in modes 1 and 5, which the gate only triggers), else up to the time
 * it went low. A time before the load (a caller's clock read a little
 * earlier) counts nothing rather than wrapping around. */
static uint64_t elapsed_ticks(const struct vpit_channel *c, uint64_t now)
{
	uint64_t end = c->gate || (c->mode & 3) == 1 ? now : c->stop_ns;
	uint64_t start = c->load_ns + c->stopped_ns;

	return end > start ? ns_to_ticks(end - start) : 0;
}

/* The value the counter shows (up to 0x10000 before masking). */
static uint32_t counter_value(const struct vpit_channel *c, uint64_t now)
{
	uint32_t d = (uint32_t)elapsed_ticks(c, now);

	switch (c->mode) {
	case 0:
	case 1:
	case 4:
	case 5:
		return (c->count - d) & 0xffff;
	case 3:
		return c->count - (2 * d) % c->count;
	default:
		return c->count - d % c->count;
	}
}

static bool output(const struct vpit_channel *c, uint64_t now)
{
	uint64_t d = elapsed_ticks(c, now);

	switch (c->mode) {
	case 1:
		return d < c->count;
	case 2:
		return d % c->count == 0 && d != 0;
	case 3:
		return d % c->count < (c->count + 1) >> 1;
	case 4:
	case 5:
		return d == c->count;
	default: /* 0 and the reset mode */
		return d >= c->count;
	}
}

static void load_count(struct vpit_channel *c, uint32_t val, uint64_t now)
{
	c->count = val ? val : 0x10000;
	c->load_ns = c->stop_ns = now;
	c->stopped_ns = 0;
}

static void set_gate(struct vpit_channel *c, bool gate, uint64_t now)
{
	bool retrigger =
		c->mode == 1 || c->mode == 2 || c->mode == 3 || c->mode == 5;

	/* Every falling edge is recorded, also in the modes it does not
	 * pause (1, 5 and the reset mode): a later mode change may make the
	 * channel count as paused since then. */
	if (c->gate && !gate)
		c->stop_ns = now;
	else if (!c->gate && gate && retrigger)
		load_count(c, c->count, now); /* a rising edge restarts */
	else if (!c->gate && gate)
		c->stopped_ns += now - c->stop_ns; /* resume where it paused */
	c->gate = gate;
}

static void latch_count(struct vpit_channel *c, uint64_t now)
{
	if (c->count_latched)
		return;
	c->latched_count = (uint16_t)counter_value(c, now);
	c->count_latched = c->rw_mode;
}

static void latch_status(struct vpit_channel *c, uint64_t now)
{
	if (c->status_latched)
		return;
	c->status = (uint8_t)((output(c, now) << 7) | (c->rw_mode << 4) |
			      (c->mode << 1) | c->bcd);
	c->status_latched = true;
}

/* Control word (port 0x43): read-back, counter latch, or a new mode. */
static void write_control(struct vpit *p, uint8_t val, uint64_t now)
{
	unsigned int sel = val >> 6, access = (val >> 4) & 3;
	struct vpit_channel *c;

	if (sel == 3) {
		for (unsigned int i = 0; i < 3; i++) {
			if (!(val & (2u << i)))
				continue;
			if (!(val & 0x20))
				latch_count(&p->ch[i], now);
			if (!(val & 0x10))
				latch_status(&p->ch[i], now);
		}
		return;
	}
	c = &p->ch[sel];
	if (!access) {
		latch_count(c, now);
		return;
	}
	c->rw_mode = c->read_state = c->write_state = (uint8_t)access;
	c->mode = (val >> 1) & 7;
	if (c->mode > 5)
		c->mode -= 4; /* 6 and 7 are aliases of 2 and 3 */
	c->bcd = val & 1;
}

static void write_data(struct vpit_channel *c, uint8_t val, uint64_t now)
{
	switch (c->write_state) {
	case VPIT_RW_MSB:
		load_count(c, (uint32_t)val << 8, now);
		break;
	case VPIT_RW_WORD0:
		c->write_latch = val;
		c->write_state = VPIT_RW_WORD1;
		break;
	case VPIT_RW_WORD1:
		load_count(c, c->write_latch | (uint32_t)val << 8, now);
		c->write_state = VPIT_RW_WORD0;
		break;
	default: /* VPIT_RW_LSB, or never programmed */
		load_count(c, val, now);
		break;
	}
}

/* A latched count is read in its own sequence, then released. */
static uint8_t read_latched(struct vpit_channel *c)
{
	switch (c->count_latched) {
	case VPIT_RW_MSB:
		c->count_latched = 0;
		return (uint8_t)(c->latched_count >> 8);
	case VPIT_RW_WORD0:
		c->count_latched = VPIT_RW_MSB;
		return (uint8_t)c->latched_count;
	default:
		c->count_latched = 0;
		return (uint8_t)c->latched_count;
	}
}

static uint8_t read_data(struct vpit_channel *c, uint64_t now)
{
	uint32_t count;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	if (c->count_latched)
		return read_latched(c);
	count = counter_value(c, now);
	switch (c->read_state) {
	case VPIT_RW_MSB:
		return (uint8_t)(count >> 8);
	case VPIT_RW_WORD0:
		c->read_state = VPIT_RW_WORD1;
		return (uint8_t)count;
	case VPIT_RW_WORD1:
		c->read_state = VPIT_RW_WORD0;
		return (uint8_t)(count >> 8);
	default:
		return (uint8_t)count;
	}
}

void vpit_reset(struct vpit *p, uint64_t now)
{
	*p = (struct vpit){ .initialised = true };
	for (unsigned int i = 0; i < 3; i++) {
		p->ch[i].mode = VPIT_MODE_INIT;
		p->ch[i].gate = i != 2;
		load_count(&p->ch[i], 0, now);
	}
}

uint8_t vpit_read(struct vpit *p, unsigned int port, uint64_t now)
{
	const struct vpit_channel *c2 = &p->ch[2];

	if (port == VPIT_SPEAKER_PORT)
		return (uint8_t)((p->speaker_on ? VPIT_61_SPEAKER : 0) |
				 (c2->gate ? VPIT_61_GATE2 : 0) |
				 (output(c2, now) ? VPIT_61_OUT2 : 0) |
				 ((now >> 14) & 1 ? VPIT_61_REFRESH : 0));
	if ((port & 3) == 3)
		return 0;
	return read_data(&p->ch[port & 3], now);
}

void vpit_write(struct vpit *p, unsigned int port, uint8_t val, uint64_t now)
{
	if (port == VPIT_SPEAKER_PORT) {
		p->speaker_on = val & VPIT_61_SPEAKER;
		set_gate(&p->ch[2], val & VPIT_61_GATE2, now);
	} else if ((port & 3) == 3) {
		write_control(p, val, now);
	} else {
		write_data(&p->ch[port & 3], val, now);
	}
}
