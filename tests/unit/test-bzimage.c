/* unit-sources: hv/common/loader/bzimage.c hv/common/loader/xz/stream.c hv/common/loader/xz/lzma2.c hv/common/loader/xz/bcj-x86.c hv/common/loader/xz/crc.c */
/* SPDX-License-Identifier: MIT */
/*
 * bzImage parsing on synthetic images: the setup header fields, the
 * payload location (setup_sects 0 meaning 4), XZ payloads with their size
 * trailer decompressed (made by the host xz), uncompressed ELF payloads,
 * and refusals: old protocols, payloads outside the image, other
 * compressions named, trailers that lie or exceed the output buffer.
 */
#include <satori/bzimage.h>
#include <satori/errno.h>

#include <stdlib.h>

#include "check.h"

static struct xz_work work;
static uint8_t image[64 * 1024];
static uint8_t payload[16 * 1024];
static size_t payload_len;
static uint8_t data[20000];

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* The XZ payload: data compressed by the host tool, then its size. */
static void make_xz_payload(void)
{
	FILE *f = fopen("/tmp/test-bzimage.in", "wb");
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i % 251 ^ i / 977);
	fwrite(data, 1, sizeof(data), f);
	fclose(f);
	if (system("xz -c -T1 --check=crc32 /tmp/test-bzimage.in > "
		   "/tmp/test-bzimage.xz") != 0)
		exit(1);
	f = fopen("/tmp/test-bzimage.xz", "rb");
	payload_len = fread(payload, 1, sizeof(payload) - 4, f);
	fclose(f);
	remove("/tmp/test-bzimage.in");
	remove("/tmp/test-bzimage.xz");
	put32(payload + payload_len, sizeof(data));
	payload_len += 4;
}

/* An image with setup_sects sectors, protocol version, payload copied. */
static size_t make_image(uint8_t sects, uint16_t version, const void *pl,
			 size_t len)
{
	unsigned int real = sects ? sects : 4;
	size_t off = (real + 1) * 512 + 0x40;

	memset(image, 0, sizeof(image));
	image[0x1f1] = sects;
	memcpy(image + 0x202, "HdrS", 4);
	memcpy(image + 0x206, &version, 2);
	put32(image + 0x248, 0x40);
	put32(image + 0x24c, (uint32_t)len);
	memcpy(image + off, pl, len);
	return off + len;
}

static void test_xz(void)
{
	struct bzimage_info bi;
	static uint8_t out[sizeof(data) + 16];
	size_t len = make_image(39, 0x20f, payload, payload_len), out_len;
	const char *why;

	CHECK(bzimage_is(image, len));
	CHECK_EQ(bzimage_parse(image, len, &bi), 0);
	CHECK_EQ(bi.version, 0x20f);
	CHECK_EQ(bi.setup_sects, 39);
	CHECK_EQ(bi.format, BZIMAGE_XZ);
	CHECK(bi.payload == image + 40 * 512 + 0x40);
	CHECK_EQ(bi.payload_len, payload_len);
	CHECK_EQ(bi.image_size, sizeof(data));
	CHECK_EQ(bzimage_decompress(&bi, out, sizeof(out), &out_len, &work,
				    &why),
		 0);
	CHECK_EQ(out_len, sizeof(data));
	CHECK(memcmp(out, data, sizeof(data)) == 0);
	CHECK_EQ(bzimage_decompress(&bi, out, sizeof(data) - 1, &out_len, &work,
				    &why),
		 -E2BIG);

	/* setup_sects 0 means 4. */
	len = make_image(0, 0x208, payload, payload_len);
	CHECK_EQ(bzimage_parse(image, len, &bi), 0);
	CHECK_EQ(bi.setup_sects, 4);
	CHECK(bi.payload == image + 5 * 512 + 0x40);

	/* A trailer claiming more than the stream holds. */
	put32(image + len - 4, sizeof(data) + 1);
	CHECK_EQ(bzimage_parse(image, len, &bi), 0);
	CHECK_EQ(bzimage_decompress(&bi, out, sizeof(out), &out_len, &work,
				    &why),
		 -EBADMSG);
	/* ... or less. */
	put32(image + len - 4, sizeof(data) - 1);
	CHECK_EQ(bzimage_parse(image, len, &bi), 0);
	CHECK_EQ(bzimage_decompress(&bi, out, sizeof(out), &out_len, &work,
				    &why),
		 -E2BIG);
}

static void test_refusals(void)
{
	static const uint8_t gzip[8] = { 0x1f, 0x8b, 8, 0 };
	static const uint8_t zstd[8] = { 0x28, 0xb5, 0x2f, 0xfd };
	static const uint8_t junk[8] = { 1, 2, 3, 4 };
	struct bzimage_info bi;
	size_t len;

	CHECK(!bzimage_is(image, 0x24f));
	CHECK_EQ(bzimage_parse(data, sizeof(data), &bi), -ENOEXEC);
	len = make_image(39, 0x207, payload, payload_len);
	CHECK_EQ(bzimage_parse(image, len, &bi), -ENOEXEC);
	len = make_image(39, 0x20f, gzip, sizeof(gzip));
	CHECK_EQ(bzimage_parse(image, len, &bi), -EOPNOTSUPP);
	CHECK_STR_EQ(bi.error, "gzip");
	len = make_image(39, 0x20f, zstd, sizeof(zstd));
	CHECK_EQ(bzimage_parse(image, len, &bi), -EOPNOTSUPP);
	CHECK_STR_EQ(bi.error, "zstd");
	len = make_image(39, 0x20f, junk, sizeof(junk));
	CHECK_EQ(bzimage_parse(image, len, &bi), -EOPNOTSUPP);
	/* Payload past the end, overflowing, empty. */
	len = make_image(39, 0x20f, payload, payload_len);
	CHECK_EQ(bzimage_parse(image, len - 1, &bi), -EINVAL);
	put32(image + 0x248, 0xfffffff0);
	CHECK_EQ(bzimage_parse(image, len, &bi), -EINVAL);
	put32(image + 0x248, 0x40);
	put32(image + 0x24c, 0);
	CHECK_EQ(bzimage_parse(image, len, &bi), -EINVAL);
	/* An XZ payload too short for its trailer. */
	len = make_image(39, 0x20f, payload, 6);
	CHECK_EQ(bzimage_parse(image, len, &bi), 0);
	CHECK_EQ(bi.image_size, 0x005a587a); /* its bytes 2..5 */
}

static void test_elf_payload(void)
{
	static const uint8_t elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	struct bzimage_info bi;
	uint8_t out[64];
	size_t len = make_image(2, 0x20c, elf, sizeof(elf)), out_len;
	const char *why;

	CHECK_EQ(bzimage_parse(image, len, &bi), 0);
	CHECK_EQ(bi.format, BZIMAGE_ELF);
	CHECK_EQ(bzimage_decompress(&bi, out, sizeof(out), &out_len, &work,
				    &why),
		 0);
	CHECK_EQ(out_len, 64);
	CHECK(memcmp(out, elf, 64) == 0);
}

int main(void)
{
	make_xz_payload();
	test_xz();
	test_refusals();
	test_elf_payload();
	return check_summary("test-bzimage");
}
