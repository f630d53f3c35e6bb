/* SPDX-License-Identifier: MIT */
/*
 * Xen's console= option: which devices carry the hypervisor console. The
 * value is a comma-separated list of com1, com2, vga and none; COM1 alone
 * is the default, as it is the port the early console already uses. VGA
 * is not supported: it is accepted, reported and ignored, so that boot
 * lines written for Xen keep working.
 */
#include <satori/console.h>
#include <satori/errno.h>
#include <satori/format.h>
#include <satori/log.h>
#include <satori/ns16550.h>
#include <satori/param.h>
#include <satori/string.h>

static unsigned int console_devices = CONSOLE_COM1;

static const struct {
	const char *name;
	unsigned int mask;
} device_names[] = {
	{ "com1", CONSOLE_COM1 },
	{ "com2", CONSOLE_COM2 },
	{ "vga", CONSOLE_VGA },
	{ "none", 0 },
};

static int device_mask(const char *s, size_t len, unsigned int *mask)
{
	for (size_t i = 0; i < ARRAY_SIZE(device_names); i++)
		if (strlen(device_names[i].name) == len &&
		    strncmp(s, device_names[i].name, len) == 0) {
			*mask = device_names[i].mask;
			return 0;
		}
	return -EINVAL;
}

int console_devices_parse(const char *s, unsigned int *devices)
{
	unsigned int mask = 0, one;

	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		if (device_mask(s, len, &one))
			return -EINVAL;
		mask |= one;
		if (!comma)
			break;
		s = comma + 1;
	}
	*devices = mask;
	return 0;
}

static int parse_console(const char *value)
{
	return value ? console_devices_parse(value, &console_devices) : -EINVAL;
}
custom_param("console", parse_console);

static void describe_port(unsigned int index)
{
	const struct uart_config *c = ns16550_config(index);
	char baud[16] = "auto";

	if (c->baud)
		(void)snprintf(baud, sizeof(baud), "%u", c->baud);
	log_info("console: com%u %s %u%c%u, io %#x, irq %u\n", index + 1, baud,
		 c->data_bits, uart_parity_letter(c), c->stop_bits, c->io_base,
		 c->irq);
}

void console_setup(void)
{
	static const unsigned int com[] = { CONSOLE_COM1, CONSOLE_COM2 };

	if (console_devices & CONSOLE_VGA)
		log_warn("console: vga is not supported, ignored\n");
	if (!(console_devices & (CONSOLE_COM1 | CONSOLE_COM2)))
		log_info("console: no serial console selected, output stops\n");
	for (unsigned int i = 0; i < ARRAY_SIZE(com); i++) {
		if (!(console_devices & com[i])) {
			ns16550_stop(i);
			continue;
		}
		ns16550_start(i);
		describe_port(i);
	}
}
