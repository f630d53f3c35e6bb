/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the PV kernel image parser, the segment copy walk
 * and the bzImage header parser on arbitrary bytes. ASan catches any
 * read outside the input; the asserts check what a success promises.
 */
#include <satori/bzimage.h>
#include <satori/xen-elf.h>

#include <assert.h>
#include <stdlib.h>

struct walk {
	uint64_t span;
	unsigned int sum;
};

/* Read every source byte (ASan checks them) and check the destination. */
static int touch_segment(void *ctx, uint64_t dest_off, const void *src,
			 uint64_t filesz, uint64_t memsz)
{
	struct walk *w = ctx;
	const uint8_t *p = src;
	uint64_t i;

	assert(filesz <= memsz);
	assert(dest_off <= w->span && memsz <= w->span - dest_off);
	for (i = 0; i < filesz; i++)
		w->sum += p[i];
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xen_elf_info info;
	struct bzimage_info bi;
	struct walk w = { 0, 0 };

	if (xen_elf_parse(data, size, &info) == 0) {
		assert(info.error == NULL);
		assert(info.virt_entry >= info.virt_kstart &&
		       info.virt_entry < info.virt_kend);
		assert(info.pend - info.pstart <= XEN_ELF_MAX_SPAN);
		w.span = info.pend - info.pstart;
		assert(elf_load(data, size, &info, touch_segment, &w) == 0);
	} else {
		assert(info.error != NULL);
	}
	if (bzimage_parse(data, size, &bi) == 0)
		assert(bi.payload >= data &&
		       bi.payload_len <= size - (size_t)(bi.payload - data));
	return 0;
}
