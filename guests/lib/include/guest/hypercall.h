/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls from a 64-bit PV guest kernel. Arguments go in RDI, RSI, RDX,
 * R10, R8 and the number in RAX; the result comes back in RAX. Two
 * transports reach the same handlers: a call into the hypercall page the
 * hypervisor filled (the default), or a raw SYSCALL as Linux 6.1 issues it.
 * Argument registers are clobbered in both cases (a debug Xen poisons them).
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <guest/abi.h>
#include <stdint.h>

enum hypercall_transport {
	HYPERCALL_VIA_PAGE,    /* call hypercall_page + nr * 32 */
	HYPERCALL_VIA_SYSCALL, /* push rcx; push r11; syscall; pop; pop */
};

/* Which transport hypercall() uses; tests may switch it. */
extern enum hypercall_transport hypercall_transport;
extern uint8_t hypercall_page[4096];

/* Through the page. @nr must be below HYPERCALL_ENTRIES. */
long hypercall_page_call(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
			 uint64_t a4, uint64_t a5);
/* Through a raw SYSCALL instruction; any @nr. */
long hypercall_syscall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
		       uint64_t a4, uint64_t a5);
/* Through the current transport (the page cannot reach @nr >= 128). */
long hypercall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
	       uint64_t a4, uint64_t a5);

/* Typed wrappers: pointers are passed as they are, unchecked. */
long hc_console_write(const char *buf, unsigned int len);
long hc_xen_version(unsigned int cmd, void *arg);
long hc_sched_op(unsigned int cmd, void *arg);
long hc_set_trap_table(const struct trap_info *table);
long hc_callback_op(unsigned int cmd, const void *arg);
long hc_vm_assist(unsigned int cmd, unsigned int type);
long hc_update_va_mapping(uint64_t va, uint64_t pte, uint64_t flags);

#endif /* GUEST_HYPERCALL_H */
