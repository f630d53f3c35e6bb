/* SPDX-License-Identifier: MIT */
/*
 * A hole in the test kernel's own mapping: two .bss pages, the second
 * unmapped with update_va_mapping (its frame stays the domain's, merely
 * unreachable). Cheaper and more certain than guessing which addresses the
 * domain builder left unmapped.
 */
#include <guest/mm.h>
#include <guest/test.h>

static uint8_t hole_pages[2][4096] __attribute__((aligned(4096)));
static int hole_state; /* 0 not tried, 1 made, -1 refused */

uint64_t page_before_hole(void)
{
	if (!hole_state) {
		long rc = hc_update_va_mapping((uint64_t)hole_pages[1], 0,
					       UVMF_INVLPG);

		hole_state = rc ? -1 : 1;
	}
	return hole_state > 0 ? (uint64_t)hole_pages[0] : 0;
}
