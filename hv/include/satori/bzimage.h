/* SPDX-License-Identifier: MIT */
/*
 * Linux bzImage kernels (the x86 boot protocol, version 2.08 or later):
 * find the compressed payload the setup header points at and decompress
 * it into the vmlinux ELF image that xen_elf_parse() reads. Only XZ
 * payloads are decoded (Debian's kernels are XZ); an uncompressed ELF
 * payload is copied; other formats are named in a clean error. Pure
 * logic on hostile input. docs/hacking/loader.md.
 */
#ifndef SATORI_BZIMAGE_H
#define SATORI_BZIMAGE_H

#include <satori/types.h>
#include <satori/xz.h>

enum bzimage_format {
	BZIMAGE_XZ,
	BZIMAGE_ELF, /* not compressed: the payload is the ELF image */
};

struct bzimage_info {
	uint16_t version;	  /* boot protocol, e.g. 0x020f */
	unsigned int setup_sects; /* 512-byte setup sectors (0 read as 4) */
	enum bzimage_format format;
	const uint8_t *payload; /* inside the image */
	size_t payload_len;	/* bytes, including the size trailer */
	/* The decompressed size: the payload's last 4 bytes (XZ), or its
	 * length (ELF). */
	size_t image_size;
	const char *error; /* why bzimage_parse() failed, else NULL */
};

/* Does [image, image+len) carry a boot protocol header ("HdrS")? */
bool bzimage_is(const void *image, size_t len);

/*
 * Validate the setup header and locate the payload. Returns 0, or
 * -ENOEXEC (not a bzImage, protocol below 2.08), -EINVAL (payload
 * outside the image, too short) or -EOPNOTSUPP (gzip, bzip2, LZMA, LZO,
 * LZ4, zstd or unknown compression: bi->error names it).
 */
int bzimage_parse(const void *image, size_t len, struct bzimage_info *bi);

/*
 * Decompress a parsed payload into [out, out+out_size): -E2BIG if
 * bi->image_size exceeds out_size, else xz_decode()'s result (with
 * dictionaries up to XZ_DICT_MAX), and -EBADMSG if the stream's length
 * differs from bi->image_size. *out_len gets the size, *error the reason.
 */
int bzimage_decompress(const struct bzimage_info *bi, void *out,
		       size_t out_size, size_t *out_len, struct xz_work *work,
		       const char **error);

#endif
