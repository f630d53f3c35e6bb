/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the .xz decoder (stream, LZMA2, x86 BCJ, checks) on
 * arbitrary bytes, into a 1 MiB output buffer. ASan catches any access
 * outside the input or the output; a success must stay inside the output.
 */
#include <satori/xz.h>

#include <assert.h>

static struct xz_work work;
static uint8_t out[1 << 20];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	size_t out_len;
	int rc;

	rc = xz_decode(data, size, out, sizeof(out), &out_len, XZ_DICT_MAX,
		       &work, &why);
	assert(rc == 0 ? out_len <= sizeof(out) : why != NULL);
	return 0;
}
