/* SPDX-License-Identifier: MIT */
/*
 * Debug-key dispatch: finds the handler declared for a key with
 * KEYHANDLER() and runs it. Also the two keys every system has: 'h' lists
 * all keys, 'R' reboots. Runs outside interrupt context (see
 * console_input_process()), so handlers may print at length.
 */
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/shutdown.h>

static const struct keyhandler *find_handler(unsigned char key)
{
	size_t n;
	const struct keyhandler *table = keyhandler_table(&n);

	for (size_t i = 0; i < n; i++)
		if (table[i].key == key)
			return &table[i];
	return NULL;
}

static bool printable(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

void handle_keypress(unsigned char key)
{
	const struct keyhandler *h = find_handler(key);

	if (h) {
		h->fn(key);
		return;
	}
	if (printable(key))
		printk("key '%c': no such debug key, 'h' lists them\n", key);
	else
		printk("key %#04x: no such debug key, 'h' lists them\n", key);
}

/* In key order, whatever order the linker gathered them in. */
void keyhandler_show_all(unsigned char key)
{
	size_t n;
	const struct keyhandler *table = keyhandler_table(&n);

	(void)key;
	printk("Debug keys:\n");
	for (unsigned int k = 0; k < 256; k++)
		for (size_t i = 0; i < n; i++)
			if (table[i].key == k)
				printk(printable((unsigned char)k)
					       ? "  '%c'  %s\n"
					       : "  %#04x %s\n",
				       k, table[i].desc);
}
KEYHANDLER('h', keyhandler_show_all, "show this list of debug keys");

static void reboot_key(unsigned char key)
{
	(void)key;
	printk("key 'R': rebooting\n");
	machine_restart();
}
KEYHANDLER('R', reboot_key, "reboot the machine");
