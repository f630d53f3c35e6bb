/* SPDX-License-Identifier: MIT */
/*
 * The maptrack table: the handles a domain gets for the grants it maps
 * (Xen's maptrack). Entries come in chunks allocated on demand up to a
 * fixed limit, and free entries form a LIFO list, so a handle names the
 * same entry for the table's whole life and a stale or foreign handle
 * finds either nothing (past the limit) or an entry with flags 0. Pure
 * logic, under the owner's maptrack lock: host unit tests run it.
 */
#include <satori/errno.h>
#include <satori/string.h>
#include <satori/xmalloc.h>

#include "grant-private.h"

int maptrack_init(struct maptrack *mt, unsigned int max_entries)
{
	unsigned int chunks = max_entries / MAPTRACK_CHUNK;

	memset(mt, 0, sizeof(*mt));
	mt->max_chunks = chunks ? chunks : 1;
	mt->chunks = xzalloc_array(struct grant_map *, mt->max_chunks);
	mt->free_head = MAPTRACK_NONE;
	return mt->chunks ? 0 : -ENOMEM;
}

void maptrack_free(struct maptrack *mt)
{
	if (!mt->chunks)
		return;
	for (unsigned int i = 0; i < mt->nr_chunks; i++)
		xfree(mt->chunks[i]);
	xfree(mt->chunks);
	mt->chunks = NULL;
	mt->nr_chunks = 0;
	mt->free_head = MAPTRACK_NONE;
}

struct grant_map *maptrack_entry(const struct maptrack *mt, uint32_t handle)
{
	if (handle >= maptrack_limit(mt))
		return NULL;
	return &mt->chunks[handle / MAPTRACK_CHUNK][handle % MAPTRACK_CHUNK];
}

/* Add a chunk and put its entries on the free list: 0 or -errno. */
static int maptrack_grow(struct maptrack *mt)
{
	struct grant_map *c;
	uint32_t base = maptrack_limit(mt);

	if (mt->nr_chunks == mt->max_chunks)
		return -ENOSPC;
	c = xzalloc_array(struct grant_map, MAPTRACK_CHUNK);
	if (!c)
		return -ENOMEM;
	/* Lowest handle first off the list. */
	for (uint32_t i = 0; i < MAPTRACK_CHUNK; i++)
		c[i].next_free =
			i + 1 < MAPTRACK_CHUNK ? base + i + 1 : mt->free_head;
	mt->chunks[mt->nr_chunks++] = c;
	mt->free_head = base;
	return 0;
}

int maptrack_get(struct maptrack *mt, uint32_t *handle)
{
	struct grant_map *e;
	int rc;

	if (mt->free_head == MAPTRACK_NONE) {
		rc = maptrack_grow(mt);
		if (rc)
			return rc;
	}
	*handle = mt->free_head;
	e = maptrack_entry(mt, *handle);
	mt->free_head = e->next_free;
	memset(e, 0, sizeof(*e));
	mt->in_use++;
	return 0;
}

void maptrack_put(struct maptrack *mt, uint32_t handle)
{
	struct grant_map *e = maptrack_entry(mt, handle);

	e->flags = 0;
	e->rd = NULL;
	e->next_free = mt->free_head;
	mt->free_head = handle;
	mt->in_use--;
}
