/* unit-sources: hv/common/loader/xz/stream.c hv/common/loader/xz/lzma2.c hv/common/loader/xz/bcj-x86.c hv/common/loader/xz/crc.c */
/* SPDX-License-Identifier: MIT */
/*
 * The .xz decoder against the host xz tool: random, repetitive and x86
 * code data of many sizes, compressed with each check type, the x86 BCJ
 * filter, odd lc/lp/pb, small blocks (multi-block streams) and
 * concatenated streams, must decode byte for byte. Corrupted (every bit
 * flipped in a small stream, random bytes in larger ones) and truncated
 * streams must fail cleanly, as must too small outputs and dictionaries.
 */
#include <satori/errno.h>
#include <satori/xz.h>

#include <stdlib.h>
#include <unistd.h>

#include "check.h"

static struct xz_work work;
static char tmpdir[] = "/tmp/test-xz.XXXXXX";

struct buf {
	uint8_t *p;
	size_t len;
};

static struct buf read_file(const char *path)
{
	struct buf b = { NULL, 0 };
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return b;
	b.p = malloc(1);
	for (;;) {
		b.p = realloc(b.p, b.len + 65536);
		n = fread(b.p + b.len, 1, 65536, f);
		b.len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	return b;
}

/* Compress data with `xz <opts>` into a buffer. */
static struct buf xz_compress(const struct buf *data, const char *opts)
{
	char in[64], out[64], cmd[256];
	FILE *f;

	snprintf(in, sizeof(in), "%s/in", tmpdir);
	snprintf(out, sizeof(out), "%s/out.xz", tmpdir);
	f = fopen(in, "wb");
	if (data->len)
		fwrite(data->p, 1, data->len, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "xz -c -T1 %s %s > %s", opts, in, out);
	if (system(cmd) != 0) {
		fprintf(stderr, "failed: %s\n", cmd);
		exit(1);
	}
	return read_file(out);
}

static int decode(const struct buf *x, uint8_t *out, size_t out_size,
		  size_t *out_len, uint64_t dict_limit)
{
	const char *why = NULL;
	uint8_t *exact = malloc(x->len ? x->len : 1);
	int rc;

	/* An exact-size copy, so ASan sees any read past the end. */
	memcpy(exact, x->p, x->len);
	rc = xz_decode(exact, x->len, out, out_size, out_len, dict_limit, &work,
		       &why);
	if (rc)
		CHECK(why != NULL);
	if (rc && getenv("VERBOSE"))
		fprintf(stderr, "xz_decode: %d %s\n", rc, why);
	free(exact);
	return rc;
}

static void round_trip(const struct buf *data, const char *opts)
{
	struct buf x = xz_compress(data, opts);
	uint8_t *out = malloc(data->len + 1);
	size_t out_len = 12345;
	int rc = decode(&x, out, data->len + 1, &out_len, XZ_DICT_MAX);

	if (rc || out_len != data->len || memcmp(out, data->p, data->len) != 0)
		fprintf(stderr, "round trip failed: %zu bytes, xz %s\n",
			data->len, opts);
	CHECK_EQ(rc, 0);
	CHECK_EQ(out_len, data->len);
	CHECK(memcmp(out, data->p, data->len) == 0);
	/* One byte too little room. */
	if (data->len)
		CHECK_EQ(decode(&x, out, data->len - 1, &out_len, XZ_DICT_MAX),
			 -E2BIG);
	free(out);
	free(x.p);
}

static struct buf make_random(size_t len, unsigned int seed)
{
	struct buf b = { malloc(len + 1), len };
	size_t i;

	srand(seed);
	for (i = 0; i < len; i++)
		b.p[i] = (uint8_t)rand();
	return b;
}

/* Words from a small vocabulary: long matches, rep distances. */
static struct buf make_text(size_t len, unsigned int seed)
{
	static const char *words[] = { "hypervisor ", "guest ", "page ",
				       "table ",      "event ", "channel ",
				       "grant\n",     "x",	"0123456789" };
	struct buf b = { malloc(len + 1), len };
	size_t i = 0;

	srand(seed);
	while (i < len) {
		const char *w = words[(size_t)rand() % 9];

		while (*w && i < len)
			b.p[i++] = (uint8_t)*w++;
	}
	return b;
}

/* Branch-heavy fake code: E8/E9 with near operands among other bytes. */
static struct buf make_code(size_t len, unsigned int seed)
{
	struct buf b = { malloc(len + 1), len };
	size_t i = 0;

	srand(seed);
	while (i < len) {
		unsigned int r = (unsigned int)rand();

		b.p[i++] = (uint8_t)(r % 5 == 0	  ? 0xe8
				     : r % 7 == 0 ? 0xe9
						  : r >> 8);
		if ((r & 3) == 0 && i + 4 <= len) {
			uint32_t op = (uint32_t)(r >> 4) & 0xffff;

			if (r & 0x40)
				op |= 0xffff0000u;
			memcpy(b.p + i, &op, 4);
			i += 4;
		}
	}
	return b;
}

static void test_round_trips(void)
{
	static const size_t sizes[] = { 0,   1,	   2,	 3,    4,     5,     17,
					100, 4095, 4096, 4097, 65543, 300000 };
	static const char *const opts[] = {
		"",
		"--check=crc32",
		"--check=none",
		"--check=crc64",
		"--x86 --lzma2",
		"-0",
		"--lzma2=preset=6,lc=0,lp=4,pb=0",
		"--lzma2=preset=1,lc=4,lp=0,pb=4",
		"--block-size=1000",
	};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (j = 0; j < ARRAY_SIZE(opts); j++) {
			struct buf r = make_random(sizes[i], i * 31 + j);
			struct buf t = make_text(sizes[i], i * 31 + j);
			struct buf c = make_code(sizes[i], i * 31 + j);

			round_trip(&r, opts[j]);
			round_trip(&t, opts[j]);
			round_trip(&c, opts[j]);
			free(r.p);
			free(t.p);
			free(c.p);
		}
	}
}

/* Larger inputs: LZMA2 chunks of 2 MiB, real x86 code. */
static void test_large(void)
{
	struct buf t = make_text(5u << 20, 7), c = make_code(3u << 20, 8);
	struct buf bin = read_file("/bin/bash");

	round_trip(&t, "-6");
	round_trip(&c, "--x86 --lzma2=preset=6 --check=crc32");
	round_trip(&c, "--x86 --lzma2=preset=6 --block-size=1000000");
	if (bin.p) {
		round_trip(&bin, "--x86 --lzma2=preset=9");
		round_trip(&bin, "--x86 --lzma2 --block-size=65536");
		free(bin.p);
	}
	free(t.p);
	free(c.p);
}

/* Two streams with stream padding between and after. */
static void test_concatenated(void)
{
	struct buf a = make_text(10000, 1), b = make_code(20000, 2);
	struct buf xa = xz_compress(&a, "--check=crc32");
	struct buf xb = xz_compress(&b, "--x86 --lzma2");
	struct buf cat = { malloc(xa.len + xb.len + 12), 0 };
	uint8_t *out = malloc(30001);
	size_t out_len;

	memcpy(cat.p, xa.p, xa.len);
	memset(cat.p + xa.len, 0, 8);
	memcpy(cat.p + xa.len + 8, xb.p, xb.len);
	memset(cat.p + xa.len + 8 + xb.len, 0, 4);
	cat.len = xa.len + xb.len + 12;
	CHECK_EQ(decode(&cat, out, 30001, &out_len, XZ_DICT_MAX), 0);
	CHECK_EQ(out_len, 30000);
	CHECK(memcmp(out, a.p, 10000) == 0);
	CHECK(memcmp(out + 10000, b.p, 20000) == 0);
	/* Padding must come in fours. */
	cat.len = xa.len + 3;
	CHECK_EQ(decode(&cat, out, 30001, &out_len, XZ_DICT_MAX), -EBADMSG);
	free(cat.p), free(xa.p), free(xb.p), free(a.p), free(b.p), free(out);
}

/* Every single-bit flip of a checked stream fails or changes nothing. */
static void test_bit_flips(const char *opts)
{
	struct buf d = make_text(3000, 3), x = xz_compress(&d, opts);
	uint8_t *out = malloc(4000);
	size_t i, out_len, fails = 0;
	unsigned int bit;
	int rc;

	for (i = 0; i < x.len; i++) {
		for (bit = 0; bit < 8; bit++) {
			x.p[i] ^= (uint8_t)(1u << bit);
			rc = decode(&x, out, 4000, &out_len, XZ_DICT_MAX);
			if (rc)
				fails++;
			else
				CHECK(out_len == d.len &&
				      memcmp(out, d.p, d.len) == 0);
			x.p[i] ^= (uint8_t)(1u << bit);
		}
	}
	CHECK(fails > 8 * x.len * 9 / 10);
	/* Every truncation fails. */
	for (i = 0; i < x.len; i++) {
		struct buf t = { x.p, i };

		CHECK(decode(&t, out, 4000, &out_len, XZ_DICT_MAX) != 0);
	}
	free(d.p), free(x.p), free(out);
}

/* Random damage to bigger streams, any option: no crash, clean errors. */
static void test_random_damage(void)
{
	struct buf d = make_code(200000, 4);
	struct buf x = xz_compress(&d, "--x86 --lzma2 --check=none");
	uint8_t *out = malloc(200000);
	size_t out_len;
	unsigned int i, j;

	srand(99);
	for (i = 0; i < 300; i++) {
		struct buf m = { malloc(x.len), x.len };

		memcpy(m.p, x.p, x.len);
		for (j = 0; j < 1 + i % 5; j++)
			m.p[12 + (size_t)rand() % (x.len - 12)] =
				(uint8_t)rand();
		(void)decode(&m, out, 200000, &out_len, XZ_DICT_MAX);
		free(m.p);
	}
	free(d.p), free(x.p), free(out);
}

static void test_limits(void)
{
	struct buf d = make_text(100000, 5), x = xz_compress(&d, "-6");
	uint8_t *out = malloc(100000);
	size_t out_len;
	const char *why;

	/* -6 declares an 8 MiB dictionary. */
	CHECK_EQ(decode(&x, out, 100000, &out_len, MiB(8)), 0);
	CHECK_EQ(decode(&x, out, 100000, &out_len, MiB(8) - 1), -E2BIG);
	CHECK_EQ(xz_decode(NULL, 0, out, 1, &out_len, MiB(8), &work, &why),
		 -EINVAL);
	CHECK(xz_has_magic(x.p, x.len));
	CHECK(!xz_has_magic(x.p, 5));
	CHECK(!xz_has_magic(d.p, d.len));
	free(d.p), free(x.p), free(out);
}

static void test_unsupported(void)
{
	struct buf d = make_text(1000, 6),
		   x = xz_compress(&d, "--check=sha256");
	struct buf l = xz_compress(&d, "--delta --lzma2");
	uint8_t *out = malloc(1000);
	size_t out_len;

	CHECK_EQ(decode(&x, out, 1000, &out_len, XZ_DICT_MAX), -EOPNOTSUPP);
	CHECK_EQ(decode(&l, out, 1000, &out_len, XZ_DICT_MAX), -EOPNOTSUPP);
	free(d.p), free(x.p), free(l.p), free(out);
}

int main(void)
{
	char cmd[64];

	if (!mkdtemp(tmpdir))
		return 1;
	test_round_trips();
	test_large();
	test_concatenated();
	test_bit_flips("--check=crc32");
	test_bit_flips("--check=crc64 --x86 --lzma2");
	test_random_damage();
	test_limits();
	test_unsupported();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		return 1;
	return check_summary("test-xz");
}
