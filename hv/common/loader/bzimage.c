/* SPDX-License-Identifier: MIT */
/*
 * bzImage setup header parsing and payload decompression. The header
 * fields read (boot protocol 2.08+): setup_sects at 0x1f1, the "HdrS"
 * magic at 0x202, the version at 0x206, payload_offset and
 * payload_length at 0x248/0x24c. The payload starts after the setup
 * sectors and the boot sector; Linux appends the decompressed size as
 * four little-endian bytes after the compressed stream.
 */
#include <satori/bzimage.h>
#include <satori/errno.h>
#include <satori/string.h>

#define HDR_SETUP_SECTS 0x1f1
#define HDR_MAGIC 0x202
#define HDR_VERSION 0x206
#define HDR_PAYLOAD_OFFSET 0x248
#define HDR_PAYLOAD_LENGTH 0x24c
#define HDR_END 0x250
#define MIN_VERSION 0x0208

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

bool bzimage_is(const void *image, size_t len)
{
	const uint8_t *p = image;

	return p && len >= HDR_END && memcmp(p + HDR_MAGIC, "HdrS", 4) == 0;
}

struct magic {
	const char *name;
	uint8_t len;
	uint8_t bytes[6];
};

/* Compressions Linux can build in, recognised to name them. */
static const struct magic other_formats[] = {
	{ "gzip", 2, { 0x1f, 0x8b } },
	{ "bzip2", 3, { 'B', 'Z', 'h' } },
	{ "LZMA", 3, { 0x5d, 0x00, 0x00 } },
	{ "LZO", 4, { 0x89, 'L', 'Z', 'O' } },
	{ "LZ4", 4, { 0x02, 0x21, 0x4c, 0x18 } },
	{ "zstd", 4, { 0x28, 0xb5, 0x2f, 0xfd } },
};

static int payload_format(struct bzimage_info *bi)
{
	static const uint8_t elf_magic[4] = { 0x7f, 'E', 'L', 'F' };
	unsigned int i;

	if (xz_has_magic(bi->payload, bi->payload_len)) {
		bi->format = BZIMAGE_XZ;
		bi->image_size = le32(bi->payload + bi->payload_len - 4);
		bi->error = NULL;
		return 0;
	}
	if (bi->payload_len >= 4 && !memcmp(bi->payload, elf_magic, 4)) {
		bi->format = BZIMAGE_ELF;
		bi->image_size = bi->payload_len;
		bi->error = NULL;
		return 0;
	}
	bi->error = "bzImage: unknown payload compression";
	for (i = 0; i < ARRAY_SIZE(other_formats); i++) {
		const struct magic *m = &other_formats[i];

		if (bi->payload_len >= m->len &&
		    !memcmp(bi->payload, m->bytes, m->len)) {
			bi->error = m->name;
			break;
		}
	}
	return -EOPNOTSUPP;
}

int bzimage_parse(const void *image, size_t len, struct bzimage_info *bi)
{
	const uint8_t *p = image;
	uint64_t off, size;

	memset(bi, 0, sizeof(*bi));
	bi->error = "bzImage: no boot protocol header";
	if (!bzimage_is(image, len))
		return -ENOEXEC;
	bi->version = (uint16_t)(p[HDR_VERSION] | p[HDR_VERSION + 1] << 8);
	bi->setup_sects = p[HDR_SETUP_SECTS] ? p[HDR_SETUP_SECTS] : 4;
	bi->error = "bzImage: boot protocol older than 2.08";
	if (bi->version < MIN_VERSION)
		return -ENOEXEC;
	off = (uint64_t)(bi->setup_sects + 1) * 512 +
	      le32(p + HDR_PAYLOAD_OFFSET);
	size = le32(p + HDR_PAYLOAD_LENGTH);
	bi->error = "bzImage: payload outside the image";
	if (off > len || size > len - off || size == 0)
		return -EINVAL;
	bi->payload = p + off;
	bi->payload_len = size;
	return payload_format(bi);
}

int bzimage_decompress(const struct bzimage_info *bi, void *out,
		       size_t out_size, size_t *out_len, struct xz_work *work,
		       const char **error)
{
	int rc;

	*out_len = 0;
	*error = "bzImage: decompressed size above the buffer";
	if (bi->image_size > out_size)
		return -E2BIG;
	if (bi->format == BZIMAGE_ELF) {
		memcpy(out, bi->payload, bi->image_size);
		*out_len = bi->image_size;
		*error = NULL;
		return 0;
	}
	rc = xz_decode(bi->payload, bi->payload_len - 4, out, bi->image_size,
		       out_len, XZ_DICT_MAX, work, error);
	if (rc)
		return rc;
	if (*out_len != bi->image_size) {
		*error = "bzImage: stream shorter than its size trailer";
		return -EBADMSG;
	}
	return 0;
}
