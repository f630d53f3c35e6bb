/* SPDX-License-Identifier: MIT */
/*
 * The image's build id, read from the note the linker script places
 * between __note_build_id_start and __note_build_id_end. Only this file
 * names those symbols, so xen-version.c also builds into host tests.
 */
#include <satori/build-id.h>

extern const uint8_t __note_build_id_start[], __note_build_id_end[];

int xen_build_id(const uint8_t **id, unsigned int *len)
{
	/* Linker symbols are addresses, not pointers into one C array. */
	size_t size = (size_t)((uintptr_t)__note_build_id_end -
			       (uintptr_t)__note_build_id_start);

	return build_id_parse(__note_build_id_start, size, id, len);
}
