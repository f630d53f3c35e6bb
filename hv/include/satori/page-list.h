/* SPDX-License-Identifier: MIT */
/*
 * Lists of frames linked through page_info.list by frame number (a
 * domain's page list). The caller holds the lock that protects the list.
 */
#ifndef SATORI_PAGE_LIST_H
#define SATORI_PAGE_LIST_H

#include <satori/page-info.h>

static inline bool page_list_empty(const struct page_list_head *h)
{
	return h->first == PAGE_LIST_NULL;
}

/* The first frame of @h, or NULL. */
static inline struct page_info *page_list_first(const struct page_list_head *h)
{
	return page_list_empty(h) ? NULL : frame_table + h->first;
}

/* The frame after @pg on its list, or NULL. */
static inline struct page_info *page_list_next(const struct page_info *pg)
{
	return pg->list.next == PAGE_LIST_NULL ? NULL
					       : frame_table + pg->list.next;
}

static inline void page_list_add_tail(struct page_info *pg,
				      struct page_list_head *h)
{
	uint32_t idx = (uint32_t)mfn_x(page_to_mfn(pg));

	pg->list.next = PAGE_LIST_NULL;
	pg->list.prev = h->last;
	if (h->last == PAGE_LIST_NULL)
		h->first = idx;
	else
		frame_table[h->last].list.next = idx;
	h->last = idx;
}

static inline void page_list_del(struct page_info *pg, struct page_list_head *h)
{
	if (pg->list.prev == PAGE_LIST_NULL)
		h->first = pg->list.next;
	else
		frame_table[pg->list.prev].list.next = pg->list.next;
	if (pg->list.next == PAGE_LIST_NULL)
		h->last = pg->list.prev;
	else
		frame_table[pg->list.next].list.prev = pg->list.prev;
	pg->list.next = pg->list.prev = PAGE_LIST_NULL;
}

#endif
