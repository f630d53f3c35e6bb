/* SPDX-License-Identifier: MIT */
/*
 * The FIFO run queue the policies build on: a singly linked list through
 * v->next_in_runq with head, tail and length. Callers hold the lock of the
 * CPU the queue belongs to.
 */
#include "private.h"

void runq_append(struct sched_queue *q, struct vcpu *v)
{
	v->next_in_runq = NULL;
	if (q->tail)
		q->tail->next_in_runq = v;
	else
		q->head = v;
	q->tail = v;
	q->len++;
	v->on_runq = true;
}

void runq_remove(struct sched_queue *q, struct vcpu *v)
{
	struct vcpu **pp = &q->head, *prev = NULL;

	while (*pp && *pp != v) {
		prev = *pp;
		pp = &(*pp)->next_in_runq;
	}
	if (!*pp)
		return;
	*pp = v->next_in_runq;
	if (q->tail == v)
		q->tail = prev;
	q->len--;
	v->on_runq = false;
	v->next_in_runq = NULL;
}

struct vcpu *runq_take_stealable(struct sched_queue *q, unsigned int cpu)
{
	for (struct vcpu *v = q->head; v; v = v->next_in_runq)
		if (sched_may_steal(v, cpu)) {
			runq_remove(q, v);
			return v;
		}
	return NULL;
}

void runq_push_head(struct sched_queue *q, struct vcpu *v)
{
	v->next_in_runq = q->head;
	q->head = v;
	if (!q->tail)
		q->tail = v;
	q->len++;
	v->on_runq = true;
}
