/* SPDX-License-Identifier: MIT */
/*
 * lmb's mmap 64 MiB operation (as lmbench's lat_mmap), shared with
 * ctxsw's mmap mode so that both count the same work: map 64 MiB of
 * anonymous memory, touch one byte every 16 KiB, unmap. Header-only
 * (static inline): lmb and ctxsw are single-file static programs.
 */
#ifndef BENCH_LINUX_MMAP_OP_H
#define BENCH_LINUX_MMAP_OP_H

#include <sys/mman.h>

#define MMAP_OP_SIZE (64L << 20)
#define MMAP_OP_STRIDE 16384L

/* One map, touch, unmap. @return 0, or -1 if the mapping failed. */
static inline int mmap_op_64m(void)
{
	char *m = mmap(NULL, MMAP_OP_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return -1;
	for (long off = 0; off < MMAP_OP_SIZE; off += MMAP_OP_STRIDE)
		m[off] = 1;
	munmap(m, MMAP_OP_SIZE);
	return 0;
}

#endif
