/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor image's build id: the descriptor of the GNU build-id
 * note the linker writes (ld --build-id=sha1), which the linker script
 * keeps in .rodata between __note_build_id_start and
 * __note_build_id_end.
 * XENVER_build_id hands it to privileged guests.
 */
#ifndef SATORI_BUILD_ID_H
#define SATORI_BUILD_ID_H

#include <satori/types.h>

/*
 * Find the build id in the ELF note(s) at @note, @size bytes: the
 * descriptor of the first note named "GNU" with type NT_GNU_BUILD_ID (3).
 * @return 0 with *@id and *@len set, or -ENODATA if there is none or the
 * notes are malformed (pure: hv/common/build-id-note.c).
 */
int build_id_parse(const void *note, size_t size, const uint8_t **id,
		   unsigned int *len);

/* The image's build id: 0 with *@id and *@len set, or -ENODATA. */
int xen_build_id(const uint8_t **id, unsigned int *len);

#endif
