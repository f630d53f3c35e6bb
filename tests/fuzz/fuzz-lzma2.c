/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the raw LZMA2 decoder and the x86 BCJ filter, below
 * the .xz container. Random input rarely gets past the container's CRCs,
 * so this reaches the range coder, matches and chunk rules directly. The
 * first input byte picks the dictionary size, the rest is LZMA2 data.
 */
#include <assert.h>

#include "../../hv/common/loader/xz/private.h"

static struct xz_work work;
static uint8_t out[1 << 20];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xz_ctx c = { 0 };
	int rc;

	if (size < 1)
		return 0;
	c.in = data + 1;
	c.in_len = size - 1;
	c.out = out;
	c.out_size = sizeof(out);
	c.dict_limit = XZ_DICT_MAX;
	c.w = &work;
	rc = xz_lzma2_decode(&c, c.in_len, 4096u << (data[0] & 15));
	assert(c.in_pos <= c.in_len && c.out_pos <= c.out_size);
	assert(rc == 0 || c.error != NULL);
	if (rc == 0)
		xz_bcj_x86_decode(out, c.out_pos, data[0]);
	return 0;
}
