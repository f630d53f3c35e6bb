/* SPDX-License-Identifier: MIT */
/*
 * Walk ELF notes for the GNU build id. An ELF note is a 12-byte header
 * (name size, descriptor size, type) followed by the name and the
 * descriptor, each padded to 4 bytes. Sizes come from the image itself,
 * but every one is still checked against the bytes available.
 */
#include <satori/build-id.h>
#include <satori/errno.h>
#include <satori/string.h>

#define NT_GNU_BUILD_ID 3
#define NOTE_ALIGN(x) (((x) + 3u) & ~(size_t)3)

struct note_header {
	uint32_t namesz, descsz, type;
};

int build_id_parse(const void *note, size_t size, const uint8_t **id,
		   unsigned int *len)
{
	const uint8_t *p = note;

	while (size >= sizeof(struct note_header)) {
		struct note_header h;
		size_t name, desc;

		memcpy(&h, p, sizeof(h));
		name = NOTE_ALIGN((size_t)h.namesz);
		desc = NOTE_ALIGN((size_t)h.descsz);
		if (name > size - sizeof(h) || desc > size - sizeof(h) - name)
			return -ENODATA;
		if (h.type == NT_GNU_BUILD_ID && h.namesz == 4 &&
		    memcmp(p + sizeof(h), "GNU", 4) == 0 && h.descsz > 0) {
			*id = p + sizeof(h) + name;
			*len = h.descsz;
			return 0;
		}
		p += sizeof(h) + name + desc;
		size -= sizeof(h) + name + desc;
	}
	return -ENODATA;
}
