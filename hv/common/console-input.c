/* SPDX-License-Identifier: MIT */
/*
 * Serial console input: the receive ring between the UART and the rest of
 * the hypervisor, the Ctrl-A switch between hypervisor and dom0, and the
 * buffer dom0 reads from. The interrupt side only copies bytes; everything
 * that may take time (key handlers print whole dumps) happens later, in
 * console_input_process(). See <satori/console-input.h>.
 */
#include <satori/console-input.h>
#include <satori/byte-ring.h>
#include <satori/event.h>
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/errno.h>
#include <satori/ns16550.h>
#include <satori/param.h>
#include <satori/spinlock.h>
#include <satori/string.h>

static uint8_t rx_storage[CONSOLE_RX_RING_SIZE];
static uint8_t guest_storage[CONSOLE_GUEST_RING_SIZE];
static struct byte_ring rx_ring = BYTE_RING_INIT(rx_storage);
static struct byte_ring guest_ring = BYTE_RING_INIT(guest_storage);

/* rx_lock: the producer side of rx_ring (taken from interrupts too).
 * process_lock: its consumer side, the switch state and guest_ring's
 * producer side. guest_lock: guest_ring's consumer side. */
static DEFINE_SPINLOCK(rx_lock);
static DEFINE_SPINLOCK(process_lock);
static DEFINE_SPINLOCK(guest_lock);

#define VIRQ_CONSOLE 2 /* public/xen.h */

static bool input_to_guest;
static unsigned int switch_count; /* switch characters seen in a row, 0-2 */

/* Xen's conswitch=<letter>[x]: Ctrl-<letter> typed three times switches
 * input (default Ctrl-A); a trailing 'x' keeps input with the hypervisor
 * when dom0 starts instead of handing it over. */
static uint8_t switch_char = CONSOLE_SWITCH_CHAR;
static bool keep_input_at_boot;

static int parse_conswitch(const char *value)
{
	char c;

	if (!value)
		return -EINVAL;
	c = value[0];
	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	if (c < 'a' || c > 'z' || (value[1] && strcmp(value + 1, "x") != 0))
		return -EINVAL;
	switch_char = (uint8_t)(c - 'a' + 1);
	keep_input_at_boot = value[1] == 'x';
	return 0;
}
custom_param("conswitch", parse_conswitch);
static uint32_t drops_reported;

unsigned int console_rx_poll(void)
{
	unsigned int queued = 0;
	uint64_t flags = spin_lock_irqsave(&rx_lock);
	int c;

	/* Bounded: a stuck "data ready" bit must not hold this CPU. */
	for (int i = 0; i < CONSOLE_RX_RING_SIZE; i++) {
		c = ns16550_getc();
		if (c < 0)
			break;
		queued += byte_ring_put(&rx_ring, (uint8_t)c);
	}
	spin_unlock_irqrestore(&rx_lock, flags);
	return queued;
}

bool console_input_to_guest(void)
{
	return READ_ONCE(input_to_guest);
}

void console_input_switch(bool to_guest)
{
	WRITE_ONCE(input_to_guest, to_guest);
	printk("console: input to %s (type Ctrl-%c three times to switch)\n",
	       to_guest ? "dom0" : "satori", 'A' + switch_char - 1);
}

void console_input_dom0_started(void)
{
	if (!keep_input_at_boot)
		console_input_switch(true);
}

/* Bytes went to dom0's buffer in this pass: raise VIRQ_CONSOLE. */
static bool guest_input_added;

static void deliver(uint8_t c)
{
	if (input_to_guest) {
		byte_ring_put(&guest_ring, c);
		guest_input_added = true;
	} else
		handle_keypress(c);
}

/*
 * Ctrl-As are held back until a third one switches input. Any other byte
 * first releases the held ones to the current owner, so one or two Ctrl-As
 * still reach dom0 (Xen behaves the same way).
 */
static void receive(uint8_t c)
{
	if (c == switch_char) {
		if (++switch_count == 3) {
			switch_count = 0;
			console_input_switch(!input_to_guest);
		}
		return;
	}
	for (; switch_count; switch_count--)
		deliver(switch_char);
	deliver(c);
}

static void report_drops(void)
{
	uint32_t drops = READ_ONCE(rx_ring.dropped) + guest_ring.dropped;

	if (drops == drops_reported)
		return;
	log_warn("console: %u input bytes dropped (buffer full)\n",
		 drops - drops_reported);
	drops_reported = drops;
}

void console_input_process(void)
{
	bool notify;
	int c;

	if (!spin_trylock(&process_lock))
		return;
	while ((c = byte_ring_get(&rx_ring)) >= 0)
		receive((uint8_t)c);
	report_drops();
	notify = guest_input_added;
	guest_input_added = false;
	spin_unlock(&process_lock);
	if (notify)
		send_hardware_domain_virq(VIRQ_CONSOLE);
}

size_t console_guest_read(char *buf, size_t n)
{
	size_t done = 0;
	int c;

	spin_lock(&guest_lock);
	while (done < n && (c = byte_ring_get(&guest_ring)) >= 0)
		buf[done++] = (char)c;
	spin_unlock(&guest_lock);
	return done;
}
