/* SPDX-License-Identifier: MIT */
/*
 * Shared request/response rings for split drivers (block, net, ...),
 * with the same shared-page layout and macro names as Xen's io/ring.h but
 * our own implementation. One page holds a 64-byte header (producer
 * indices and event thresholds for both directions) followed by a power
 * of two of entries, each a union of one request and one response. Each
 * side also keeps a private ring struct with its unpublished indices.
 *
 * Indices are free-running 32-bit counters; an entry is index & (size - 1).
 * A producer publishes with RING_PUSH_*, then notifies the other end
 * (event channel) only if that end asked for it by setting its *_event
 * threshold inside the range just published.
 *
 * The includer may define xen_mb(), xen_rmb() and xen_wmb(); the defaults
 * are compiler fences, which with x86's ordering are sufficient except
 * for the full barrier.
 */
#ifndef PUBLIC_IO_RING_H
#define PUBLIC_IO_RING_H

#include "../xen-types.h"

#ifndef xen_mb
#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef xen_rmb
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif
#ifndef xen_wmb
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif

#ifndef __ASSEMBLY__
typedef unsigned int RING_IDX;
#endif

/* Largest power of two <= n (n > 0); a constant for constant n. */
#define XEN_RING_POW2_FLOOR(n) \
	((n) == 0 ? 0u : 1u << (31 - __builtin_clz((unsigned int)(n))))

/* Entries in a ring of name occupying bytes (usually one page). */
#define XEN_RING_CONST_SIZE(name, bytes)                                    \
	XEN_RING_POW2_FLOOR(((bytes)-offsetof(struct name##_sring, ring)) / \
			    sizeof(((struct name##_sring *)0)->ring[0]))
#define __CONST_RING_SIZE(name, bytes) XEN_RING_CONST_SIZE(name, bytes)

/* The same from a pointer to the shared ring. */
#define XEN_RING_SIZE_OF(s, bytes)                                      \
	XEN_RING_POW2_FLOOR(                                            \
		((bytes) - (size_t)((char *)(s)->ring - (char *)(s))) / \
		sizeof((s)->ring[0]))
#define __RING_SIZE(s, bytes) XEN_RING_SIZE_OF(s, bytes)

/*
 * Declares union name_sring_entry, struct name_sring (the shared page),
 * and struct name_front_ring / name_back_ring (each side's private view).
 */
#define DEFINE_RING_TYPES(name, req_type, rsp_type)                         \
	union name##_sring_entry {                                          \
		req_type req;                                               \
		rsp_type rsp;                                               \
	};                                                                  \
	struct name##_sring {                                               \
		RING_IDX req_prod, req_event;                               \
		RING_IDX rsp_prod, rsp_event;                               \
		union {                                                     \
			struct {                                            \
				uint8_t smartpoll_active;                   \
			} netif;                                            \
			struct {                                            \
				uint8_t msg;                                \
			} tapif_user;                                       \
			uint8_t pvt_pad[4];                                 \
		} pvt;                                                      \
		uint8_t __pad[44];                                          \
		union name##_sring_entry ring[1]; /* Really RING_SIZE. */   \
	};                                                                  \
	struct name##_front_ring {                                          \
		RING_IDX req_prod_pvt; /* Requests written, not pushed. */  \
		RING_IDX rsp_cons;     /* Responses consumed. */            \
		unsigned int nr_ents;                                       \
		struct name##_sring *sring;                                 \
	};                                                                  \
	struct name##_back_ring {                                           \
		RING_IDX rsp_prod_pvt; /* Responses written, not pushed. */ \
		RING_IDX req_cons;     /* Requests consumed. */             \
		unsigned int nr_ents;                                       \
		struct name##_sring *sring;                                 \
	};                                                                  \
	typedef struct name##_sring name##_sring_t;                         \
	typedef struct name##_front_ring name##_front_ring_t;               \
	typedef struct name##_back_ring name##_back_ring_t

/* The frontend initialises the shared page before granting it. */
#define SHARED_RING_INIT(s)                                          \
	do {                                                         \
		(s)->req_prod = 0;                                   \
		(s)->rsp_prod = 0;                                   \
		(s)->req_event = 1;                                  \
		(s)->rsp_event = 1;                                  \
		__builtin_memset((s)->pvt.pvt_pad, 0,                \
				 sizeof((s)->pvt.pvt_pad));          \
		__builtin_memset((s)->__pad, 0, sizeof((s)->__pad)); \
	} while (0)

#define FRONT_RING_ATTACH(r, s, start, bytes)              \
	do {                                               \
		(r)->req_prod_pvt = (start);               \
		(r)->rsp_cons = (start);                   \
		(r)->nr_ents = XEN_RING_SIZE_OF(s, bytes); \
		(r)->sring = (s);                          \
	} while (0)
#define FRONT_RING_INIT(r, s, bytes) FRONT_RING_ATTACH(r, s, 0, bytes)
#define XEN_FRONT_RING_INIT(r, s, bytes)      \
	do {                                  \
		SHARED_RING_INIT(s);          \
		FRONT_RING_INIT(r, s, bytes); \
	} while (0)

#define BACK_RING_ATTACH(r, s, start, bytes)               \
	do {                                               \
		(r)->rsp_prod_pvt = (start);               \
		(r)->req_cons = (start);                   \
		(r)->nr_ents = XEN_RING_SIZE_OF(s, bytes); \
		(r)->sring = (s);                          \
	} while (0)
#define BACK_RING_INIT(r, s, bytes) BACK_RING_ATTACH(r, s, 0, bytes)

#define RING_SIZE(r) ((r)->nr_ents)

/* Frontend: slots not yet holding an unanswered request. */
#define RING_FREE_REQUESTS(r) \
	(RING_SIZE(r) - ((r)->req_prod_pvt - (r)->rsp_cons))
#define RING_FULL(r) (RING_FREE_REQUESTS(r) == 0)

#define XEN_RING_NR_UNCONSUMED_RESPONSES(r) \
	((r)->sring->rsp_prod - (r)->rsp_cons)

/*
 * Backend: requests published and not yet taken, capped by the free
 * response slots so that a frontend lying about req_prod cannot make the
 * backend overrun its own responses.
 */
#define XEN_RING_NR_UNCONSUMED_REQUESTS(r)                                  \
	({                                                                  \
		RING_IDX xr_req_ = (r)->sring->req_prod - (r)->req_cons;    \
		RING_IDX xr_room_ =                                         \
			RING_SIZE(r) - ((r)->req_cons - (r)->rsp_prod_pvt); \
		xr_req_ < xr_room_ ? xr_req_ : xr_room_;                    \
	})

#define RING_HAS_UNCONSUMED_RESPONSES(r) XEN_RING_NR_UNCONSUMED_RESPONSES(r)
#define RING_HAS_UNCONSUMED_REQUESTS(r) XEN_RING_NR_UNCONSUMED_REQUESTS(r)

#define RING_GET_REQUEST(r, idx) \
	(&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].req))
#define RING_GET_RESPONSE(r, idx) \
	(&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].rsp))

/* Copy an entry out once, so that the other end cannot change it under us. */
#define RING_COPY_REQUEST(r, idx, dst) \
	(*(dst) = *(volatile __typeof__(dst))RING_GET_REQUEST(r, idx))
#define RING_COPY_RESPONSE(r, idx, dst) \
	(*(dst) = *(volatile __typeof__(dst))RING_GET_RESPONSE(r, idx))

/* Index sanity checks for the consumer. */
#define RING_REQUEST_CONS_OVERFLOW(r, cons) \
	(((cons) - (r)->rsp_prod_pvt) >= RING_SIZE(r))
#define RING_REQUEST_PROD_OVERFLOW(r, prod) \
	(((prod) - (r)->rsp_prod_pvt) > RING_SIZE(r))
#define RING_RESPONSE_PROD_OVERFLOW(r, prod) \
	(((prod) - (r)->rsp_cons) > RING_SIZE(r))

/* Entries become visible before the producer index that covers them. */
#define RING_PUSH_REQUESTS(r)                             \
	do {                                              \
		xen_wmb();                                \
		(r)->sring->req_prod = (r)->req_prod_pvt; \
	} while (0)
#define RING_PUSH_RESPONSES(r)                            \
	do {                                              \
		xen_wmb();                                \
		(r)->sring->rsp_prod = (r)->rsp_prod_pvt; \
	} while (0)

/* notify := the other end's event threshold lies in (old, new]. */
#define XEN_RING_PUSH_AND_CHECK_(r, prod, pvt, event, notify)        \
	do {                                                         \
		RING_IDX xr_old_ = (r)->sring->prod;                 \
		RING_IDX xr_new_ = (r)->pvt;                         \
		xen_wmb();                                           \
		(r)->sring->prod = xr_new_;                          \
		xen_mb();                                            \
		(notify) = (RING_IDX)(xr_new_ - (r)->sring->event) < \
			   (RING_IDX)(xr_new_ - xr_old_);            \
	} while (0)
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify) \
	XEN_RING_PUSH_AND_CHECK_(r, req_prod, req_prod_pvt, req_event, notify)
#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify) \
	XEN_RING_PUSH_AND_CHECK_(r, rsp_prod, rsp_prod_pvt, rsp_event, notify)

/*
 * Before sleeping: if nothing is pending, ask to be notified of the next
 * entry, then look again to close the race with a producer that pushed
 * before seeing the new threshold.
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(r, work)             \
	do {                                               \
		(work) = RING_HAS_UNCONSUMED_REQUESTS(r);  \
		if (work)                                  \
			break;                             \
		(r)->sring->req_event = (r)->req_cons + 1; \
		xen_mb();                                  \
		(work) = RING_HAS_UNCONSUMED_REQUESTS(r);  \
	} while (0)
#define RING_FINAL_CHECK_FOR_RESPONSES(r, work)            \
	do {                                               \
		(work) = RING_HAS_UNCONSUMED_RESPONSES(r); \
		if (work)                                  \
			break;                             \
		(r)->sring->rsp_event = (r)->rsp_cons + 1; \
		xen_mb();                                  \
		(work) = RING_HAS_UNCONSUMED_RESPONSES(r); \
	} while (0)

#endif
