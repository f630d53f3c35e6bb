/* SPDX-License-Identifier: MIT */
/*
 * Drives a shared ring through a fixed pseudo-random sequence of producer
 * and consumer steps and prints the state after each: notification
 * decisions, free and unconsumed counts, overflow checks and the shared
 * indices, starting just below the 32-bit wrap. Built once with Xen's
 * io/ring.h (RING_XEN) and once with ours; run.py compares the traces,
 * so our own implementation of the ring macros must behave identically.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef RING_XEN
#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#include <xen/io/ring.h>
#else
#include <public/io/ring.h>
#endif

struct trace_req {
	uint32_t id;
	uint8_t payload[20];
};

struct trace_rsp {
	uint32_t id;
	int16_t status;
};

DEFINE_RING_TYPES(trace, struct trace_req, struct trace_rsp);

#define PAGE 4096
#define STEPS 3000

static union {
	struct trace_sring sring;
	unsigned char page[PAGE];
} shared;

static uint32_t rng_state = 12345;

static unsigned int rng(unsigned int bound)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 16) % bound;
}

static void show(const char *what, const struct trace_front_ring *f,
		 const struct trace_back_ring *b)
{
	printf("%s: free %u full %d rsp-pending %u req-pending %u "
	       "req_prod %u req_event %u rsp_prod %u rsp_event %u "
	       "cons-ovf %d req-ovf %d rsp-ovf %d\n",
	       what, RING_FREE_REQUESTS(f), RING_FULL(f),
	       (unsigned int)RING_HAS_UNCONSUMED_RESPONSES(f),
	       (unsigned int)RING_HAS_UNCONSUMED_REQUESTS(b),
	       shared.sring.req_prod, shared.sring.req_event,
	       shared.sring.rsp_prod, shared.sring.rsp_event,
	       RING_REQUEST_CONS_OVERFLOW(b, b->req_cons + 1),
	       RING_REQUEST_PROD_OVERFLOW(b, shared.sring.req_prod),
	       RING_RESPONSE_PROD_OVERFLOW(f, shared.sring.rsp_prod));
}

static void front_produce(struct trace_front_ring *f)
{
	unsigned int n = rng(RING_FREE_REQUESTS(f) + 1);
	int notify;

	for (unsigned int i = 0; i < n; i++) {
		struct trace_req *req = RING_GET_REQUEST(f, f->req_prod_pvt);

		req->id = f->req_prod_pvt;
		f->req_prod_pvt++;
	}
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(f, notify);
	printf("produce %u requests: notify %d\n", n, notify);
}

static void back_serve(struct trace_back_ring *b)
{
	unsigned int n = rng(RING_SIZE(b) + 1), done = 0;
	int work, notify;

	RING_FINAL_CHECK_FOR_REQUESTS(b, work);
	while (done < n && RING_HAS_UNCONSUMED_REQUESTS(b)) {
		struct trace_req req;
		struct trace_rsp *rsp;

		RING_COPY_REQUEST(b, b->req_cons, &req);
		b->req_cons++;
		rsp = RING_GET_RESPONSE(b, b->rsp_prod_pvt);
		rsp->id = req.id;
		rsp->status = (int16_t)(req.id & 0x7fff);
		b->rsp_prod_pvt++;
		done++;
	}
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(b, notify);
	printf("serve: work %d answered %u notify %d\n", work != 0, done,
	       notify);
}

static void front_collect(struct trace_front_ring *f)
{
	unsigned int n = rng(RING_SIZE(f) + 1), done = 0, bad = 0;
	int work;

	RING_FINAL_CHECK_FOR_RESPONSES(f, work);
	while (done < n && RING_HAS_UNCONSUMED_RESPONSES(f)) {
		struct trace_rsp rsp;

		RING_COPY_RESPONSE(f, f->rsp_cons, &rsp);
		bad += rsp.id != f->rsp_cons;
		f->rsp_cons++;
		done++;
	}
	printf("collect: work %d took %u mismatched %u\n", work != 0, done,
	       bad);
}

int main(void)
{
	const RING_IDX start = 0xfffffff0u;
	struct trace_front_ring front;
	struct trace_back_ring back;

	memset(&shared, 0xa5, sizeof(shared));
	SHARED_RING_INIT(&shared.sring);
	FRONT_RING_ATTACH(&front, &shared.sring, start, PAGE);
	BACK_RING_ATTACH(&back, &shared.sring, start, PAGE);
	shared.sring.req_prod = shared.sring.rsp_prod = start;
	shared.sring.req_event = shared.sring.rsp_event = start + 1;
	printf("ring size %u (constant %u), header %zu, pvt %u %u\n",
	       RING_SIZE(&front), (unsigned int)__CONST_RING_SIZE(trace, PAGE),
	       offsetof(struct trace_sring, ring), shared.sring.pvt.pvt_pad[0],
	       shared.sring.pvt.pvt_pad[3]);
	for (int step = 0; step < STEPS; step++) {
		switch (rng(3)) {
		case 0:
			front_produce(&front);
			break;
		case 1:
			back_serve(&back);
			break;
		default:
			front_collect(&front);
			break;
		}
		show("state", &front, &back);
	}
	/* A frontend claiming far more requests than the ring holds. */
	shared.sring.req_prod = back.req_cons + 1000;
	show("hostile req_prod", &front, &back);
	shared.sring.rsp_prod = front.rsp_cons + 1000;
	show("hostile rsp_prod", &front, &back);
	return 0;
}
