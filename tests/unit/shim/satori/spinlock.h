/* SPDX-License-Identifier: MIT */
/*
 * Host replacement for satori/spinlock.h: unit tests are single-threaded,
 * so a lock is a "held" flag, and taking a held lock or releasing a free
 * one aborts the test: that catches callbacks run under a lock and
 * unbalanced lock paths. Also provides cpu_relax(), which the real header
 * brings in from asm/cpu-ops.h.
 */
#ifndef SATORI_SPINLOCK_H
#define SATORI_SPINLOCK_H

#include <satori/types.h>

#include <stdio.h>
#include <stdlib.h>

typedef struct {
	int held;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0     \
	}
#define DEFINE_SPINLOCK(name) spinlock_t name = SPINLOCK_INIT

static inline void cpu_relax(void)
{
}

static inline void spin_lock_init(spinlock_t *l)
{
	l->held = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	if (l->held) {
		fprintf(stderr, "shim: lock %p taken twice\n", (void *)l);
		abort();
	}
	l->held = 1;
}

static inline bool spin_trylock(spinlock_t *l)
{
	if (l->held)
		return false;
	l->held = 1;
	return true;
}

static inline void spin_unlock(spinlock_t *l)
{
	if (!l->held) {
		fprintf(stderr, "shim: lock %p released twice\n", (void *)l);
		abort();
	}
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
