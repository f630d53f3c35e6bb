/* SPDX-License-Identifier: MIT */
/*
 * Debug keys, as in Xen: a key typed on the serial console runs a dump.
 * 'h' lists them. Handlers are declared next to the state they dump and
 * collected in a linker section. They run outside interrupt context (from
 * a softirq), so a key press never disturbs what was running.
 */
#ifndef SATORI_KEYHANDLER_H
#define SATORI_KEYHANDLER_H

#include <satori/types.h>

typedef void keyhandler_fn(unsigned char key);

struct keyhandler {
	unsigned char key;
	keyhandler_fn *fn;
	const char *desc;
};

#define KEYHANDLER(k, handler, description)                                \
	static const struct keyhandler __keyhandler_##handler __used       \
		__section(".data.keyhandler") __aligned(8) = {             \
			.key = (k), .fn = (handler), .desc = (description) \
		}

/*
 * Run the handler for @key (hv/common/keyhandler.c), or print a hint if
 * none. Not from interrupt context: handlers may print at length.
 */
void handle_keypress(unsigned char key);

/* The 'h' key: print every key and its description, in key order. */
void keyhandler_show_all(unsigned char key);

/* All declared handlers: @return the first, *@n their number. */
const struct keyhandler *keyhandler_table(size_t *n);

#endif
