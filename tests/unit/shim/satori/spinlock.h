/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for <satori/spinlock.h>: the unit tests are single-threaded,
 * so a lock is a flag, and taking a lock that is held (a self-deadlock in
 * the hypervisor) aborts the test instead of spinning forever.
 */
#ifndef SATORI_SPINLOCK_H
#define SATORI_SPINLOCK_H

#include <stdio.h>
#include <stdlib.h>

#include <satori/types.h>

typedef struct {
	bool locked;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		false \
	}
#define DEFINE_SPINLOCK(name) spinlock_t name = SPINLOCK_INIT

/* The real header gets this from asm/cpu-ops.h; a host busy-wait needs
 * nothing more than a compiler barrier. */
static inline void cpu_relax(void)
{
	__asm__ __volatile__("" ::: "memory");
}

static inline void spin_lock_init(spinlock_t *l)
{
	l->locked = false;
}

static inline void spin_lock(spinlock_t *l)
{
	if (l->locked) {
		fprintf(stderr, "spin_lock: lock %p already held\n", (void *)l);
		abort();
	}
	l->locked = true;
}

static inline bool spin_trylock(spinlock_t *l)
{
	if (l->locked)
		return false;
	l->locked = true;
	return true;
}

static inline void spin_unlock(spinlock_t *l)
{
	l->locked = false;
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->locked;
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
