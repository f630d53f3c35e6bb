/* SPDX-License-Identifier: MIT */
/*
 * Event channels for test kernels (see <guest/event.h>): the EVTCHNOP_*
 * wrappers and the upcall handler. The 2-level consumer follows the
 * guest's half of the protocol: clear upcall_pending, take the selector
 * word, then take each word's pending & ~mask bits, clearing each port's
 * pending bit atomically before handling it. The FIFO consumer walks the
 * ready queues from the highest priority (0), one event at a time, as
 * Linux does, so delivery order follows priority.
 */
#include <guest/event.h>
#include <guest/test.h>

volatile uint32_t event_count[EVENT_MAX_PORTS];
volatile uint32_t event_log[EVENT_LOG_SIZE];
volatile unsigned int event_log_len;
volatile unsigned int event_upcalls;
void (*volatile event_handler)(uint32_t port);
int event_fifo_active;

long hc_event_channel_op(unsigned int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_event_channel_op, cmd, (uint64_t)arg, 0,
			 0, 0);
}

long ev_alloc_unbound(domid_t dom, domid_t remote_dom)
{
	struct evtchn_alloc_unbound a = { .dom = dom,
					  .remote_dom = remote_dom };
	long rc = hc_event_channel_op(EVTCHNOP_alloc_unbound, &a);

	return rc ? rc : (long)a.port;
}

long ev_bind_interdomain(domid_t remote_dom, uint32_t remote_port)
{
	struct evtchn_bind_interdomain b = { .remote_dom = remote_dom,
					     .remote_port = remote_port };
	long rc = hc_event_channel_op(EVTCHNOP_bind_interdomain, &b);

	return rc ? rc : (long)b.local_port;
}

long ev_bind_virq(uint32_t virq, uint32_t vcpu)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
	long rc = hc_event_channel_op(EVTCHNOP_bind_virq, &b);

	return rc ? rc : (long)b.port;
}

long ev_bind_ipi(uint32_t vcpu)
{
	struct evtchn_bind_ipi b = { .vcpu = vcpu };
	long rc = hc_event_channel_op(EVTCHNOP_bind_ipi, &b);

	return rc ? rc : (long)b.port;
}

long ev_close(uint32_t port)
{
	struct evtchn_close c = { .port = port };

	return hc_event_channel_op(EVTCHNOP_close, &c);
}

long ev_send(uint32_t port)
{
	struct evtchn_send s = { .port = port };

	return hc_event_channel_op(EVTCHNOP_send, &s);
}

long ev_unmask_op(uint32_t port)
{
	struct evtchn_unmask u = { .port = port };

	return hc_event_channel_op(EVTCHNOP_unmask, &u);
}

long ev_bind_vcpu(uint32_t port, uint32_t vcpu)
{
	struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

	return hc_event_channel_op(EVTCHNOP_bind_vcpu, &b);
}

long ev_set_priority(uint32_t port, uint32_t priority)
{
	struct evtchn_set_priority p = { .port = port, .priority = priority };

	return hc_event_channel_op(EVTCHNOP_set_priority, &p);
}

long ev_reset(domid_t dom)
{
	struct evtchn_reset r = { .dom = dom };

	return hc_event_channel_op(EVTCHNOP_reset, &r);
}

long ev_status(domid_t dom, uint32_t port, struct evtchn_status *out)
{
	memset(out, 0, sizeof(*out));
	out->dom = dom;
	out->port = port;
	return hc_event_channel_op(EVTCHNOP_status, out);
}

long ev_poll(const uint32_t *ports, unsigned int n, uint64_t timeout_ns)
{
	struct sched_poll p = { .nr_ports = n, .timeout = timeout_ns };

	p.ports.p = (evtchn_port_t *)(uintptr_t)ports;
	return hc_sched_op(SCHEDOP_poll, &p);
}

void event_log_reset(void)
{
	for (unsigned int i = 0; i < EVENT_MAX_PORTS; i++)
		event_count[i] = 0;
	event_log_len = 0;
	event_upcalls = 0;
}

void event_record(uint32_t port)
{
	if (port < EVENT_MAX_PORTS)
		event_count[port]++;
	event_log[event_log_len % EVENT_LOG_SIZE] = port;
	event_log_len++;
	if (event_handler)
		event_handler(port);
}

static volatile uint64_t *shared_words(unsigned int which)
{
	volatile struct shared_info *s =
		(volatile struct shared_info *)vcpu0_info;

	return which ? (volatile uint64_t *)s->evtchn_mask
		     : (volatile uint64_t *)s->evtchn_pending;
}

static void consume_2l(void)
{
	volatile uint64_t *pending = shared_words(0), *mask = shared_words(1);
	uint64_t sel = __atomic_exchange_n(&vcpu0_info->evtchn_pending_sel, 0,
					   __ATOMIC_SEQ_CST);

	while (sel) {
		unsigned int w = (unsigned int)__builtin_ctzll(sel);
		uint64_t bits = pending[w] & ~mask[w];

		sel &= sel - 1;
		while (bits) {
			unsigned int b = (unsigned int)__builtin_ctzll(bits);

			bits &= bits - 1;
			__atomic_fetch_and(&pending[w], ~(1ull << b),
					   __ATOMIC_SEQ_CST);
			event_record(w * 64 + b);
		}
	}
}

void event_upcall_dispatch(void);
void event_upcall_dispatch(void)
{
	event_upcalls++;
	vcpu0_info->evtchn_upcall_pending = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (event_fifo_active)
		event_fifo_consume();
	else
		consume_2l();
}

extern char event_upcall_entry[];

long event_upcall_install(void)
{
	struct callback_register cb = { .type = CALLBACKTYPE_event,
					.address =
						(uint64_t)event_upcall_entry };

	return hc_callback_op(CALLBACKOP_register, &cb);
}

void events_mask(void)
{
	vcpu0_info->evtchn_upcall_mask = 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void events_unmask(void)
{
	vcpu0_info->evtchn_upcall_mask = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/* Linux's xen_force_evtchn_callback: any hypercall returns through
	 * the event check. */
	if (vcpu0_info->evtchn_upcall_pending)
		(void)hc_xen_version(XENVER_version, NULL);
}

uint64_t event_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

uint64_t event_system_time_ns(void)
{
	volatile struct vcpu_time_info *t = &vcpu0_info->time;
	uint32_t version;
	uint64_t sys, stamp, delta;
	uint32_t mul;
	int8_t shift;

	do {
		version = t->version;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		sys = t->system_time;
		stamp = t->tsc_timestamp;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	} while ((version & 1) || version != t->version);
	if (!mul)
		return 0;
	delta = event_rdtsc() - stamp;
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return sys + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}
