/* SPDX-License-Identifier: MIT */
/* Host shim of <satori/spinlock.h>: single-threaded tests need no locking,
 * but the lock must be held and released in pairs, which we check. */
#ifndef SATORI_SPINLOCK_H
#define SATORI_SPINLOCK_H

#include <assert.h>
#include <satori/types.h>

typedef struct {
	int held;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0     \
	}
#define DEFINE_SPINLOCK(name) spinlock_t name = SPINLOCK_INIT

static inline void spin_lock(spinlock_t *l)
{
	assert(!l->held);
	l->held = 1;
}

static inline void spin_unlock(spinlock_t *l)
{
	assert(l->held);
	l->held = 0;
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->held;
}

static inline uint64_t spin_lock_irqsave(spinlock_t *l)
{
	spin_lock(l);
	return 0;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, uint64_t flags)
{
	(void)flags;
	spin_unlock(l);
}

#endif
