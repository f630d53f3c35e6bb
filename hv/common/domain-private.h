/* SPDX-License-Identifier: MIT */
/*
 * Between the files of the domain code (domain.c, domain-state.c,
 * domain-keys.c); nothing else calls these.
 */
#ifndef COMMON_DOMAIN_PRIVATE_H
#define COMMON_DOMAIN_PRIVATE_H

struct domain;

/* Sets the flag *@flag (a field of @d) under d->lock: true for the one
 * caller that found it clear, so that a step runs once however many
 * paths reach it. */
bool domain_set_once(struct domain *d, bool *flag);

/* Free everything @d holds and unlink it; its last reference is gone.
 * Queues the memory's release in slices unless d->teardown_at_once. */
void domain_destroy(struct domain *d);

/* Release @d's memory (after what must go first, once): one slice if
 * @preemptible, else all. 0 once its memory is back, -ERESTART while
 * there is more. */
int domain_relinquish_slice(struct domain *d, bool preemptible);

/* The last part of @d's destruction, after its memory: free the rest,
 * unlink it, and check the frames if it was the last domain. */
void domain_destroy_finish(struct domain *d);

/* domain-teardown.c: run @d's teardown from a timer, slice by slice. */
void domain_teardown_queue(struct domain *d);

/* The slices released everything of @d: drop the creation reference
 * they held (domain_kill), or, queued by the last put_domain, finish. */
void domain_teardown_done(struct domain *d);

/* Print the free-frame count against the one before the first domain
 * existed, and an error if they differ. */
void domain_check_all_gone(void);

/* domain-reap.c: note a new domain; ask for shut-down domains to be
 * destroyed when no control domain would; the last domain is gone. */
void domain_reap_note_created(const struct domain *d);
void domain_reap_request(void);
void domain_reap_all_gone(void);

#endif
