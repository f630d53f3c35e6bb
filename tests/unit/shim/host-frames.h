/* SPDX-License-Identifier: MIT */
/*
 * Host fixture for tests of the page allocator and its users: a buffer
 * standing in for physical memory, a frame table for it (with a chosen
 * set of backed chunks, to model holes), and a log_printf that counts
 * error messages. Include from exactly one file per test program.
 */
#ifndef TESTS_UNIT_HOST_FRAMES_H
#define TESTS_UNIT_HOST_FRAMES_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <satori/log.h>
#include <satori/page-info.h>

uint8_t *host_phys_base;
struct page_info *frame_table;
unsigned long max_page;
unsigned long *frame_table_chunk_map;
static unsigned int host_log_errors;

void log_printf(int level, const char *fmt, ...)
{
	va_list ap;

	if ((level & LOG_LEVEL_MASK) == LOG_ERR)
		host_log_errors++;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* @nr_frames of memory, filled with 0xa5 so that scrubbing is visible;
 * every chunk backed. */
static inline void host_frames_init(unsigned long nr_frames)
{
	unsigned long nr_chunks =
		(nr_frames + FT_CHUNK_FRAMES - 1) / FT_CHUNK_FRAMES;

	host_phys_base = aligned_alloc(PAGE_SIZE, nr_frames * PAGE_SIZE);
	memset(host_phys_base, 0xa5, nr_frames * PAGE_SIZE);
	frame_table = calloc(nr_chunks * FT_CHUNK_FRAMES, sizeof(*frame_table));
	frame_table_chunk_map = calloc(nr_chunks / 64 + 1, sizeof(long));
	for (unsigned long c = 0; c < nr_chunks; c++)
		frame_table_chunk_map[c / 64] |= 1UL << (c % 64);
	max_page = nr_frames;
}

/* Model a hole: chunk @c has no page_info. */
static inline void host_frames_unback_chunk(unsigned long c)
{
	frame_table_chunk_map[c / 64] &= ~(1UL << (c % 64));
}

#endif
