/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlocks. Fair (FIFO) so that no CPU starves under contention.
 * Locks taken from interrupt context must be taken with interrupts off
 * everywhere (spin_lock_irqsave).
 */
#ifndef SATORI_SPINLOCK_H
#define SATORI_SPINLOCK_H

#include <satori/types.h>

#include <asm/cpu-ops.h>

typedef struct {
	uint16_t next;
	uint16_t owner;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}
#define DEFINE_SPINLOCK(name) spinlock_t name = SPINLOCK_INIT

static inline void spin_lock_init(spinlock_t *l)
{
	l->next = l->owner = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	uint16_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
	uint16_t owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	spinlock_t expect = { owner, owner };
	spinlock_t want = { (uint16_t)(owner + 1), owner };

	return __atomic_compare_exchange((uint32_t *)l, (uint32_t *)&expect,
					 (uint32_t *)&want, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->next, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
}

static inline uint64_t spin_lock_irqsave(spinlock_t *l)
{
	uint64_t flags = local_irq_save();

	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, uint64_t flags)
{
	spin_unlock(l);
	local_irq_restore(flags);
}

#endif
