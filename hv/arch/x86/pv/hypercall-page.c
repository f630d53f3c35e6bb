/* SPDX-License-Identifier: MIT */
/*
 * Hypercall page stubs: the guest calls slot i, which preserves RCX and
 * R11 (SYSCALL clobbers them), loads i into EAX and enters the hypervisor
 * with SYSCALL from guest kernel mode. The iret slot pushes RAX as well
 * and never returns: HYPERVISOR_iret's frame is on the guest stack.
 */
#include <satori/string.h>

#include "hypercall-page.h"

static const uint8_t stub_head[] = { 0x51, 0x41, 0x53 }; /* push rcx, r11 */
static const uint8_t stub_tail[] = { 0x0f, 0x05,	 /* syscall */
				     0x41, 0x5b,	 /* pop r11 */
				     0x59,		 /* pop rcx */
				     0xc3 };		 /* ret */

static uint8_t *put(uint8_t *p, const uint8_t *bytes, size_t n)
{
	memcpy(p, bytes, n);
	return p + n;
}

static uint8_t *put_mov_eax(uint8_t *p, uint32_t nr)
{
	*p++ = 0xb8; /* mov $nr, %eax */
	for (unsigned int i = 0; i < 4; i++)
		*p++ = (uint8_t)(nr >> (8 * i));
	return p;
}

void hypercall_page_fill(uint8_t page[HYPERCALL_PAGE_SIZE])
{
	memset(page, 0xcc, HYPERCALL_PAGE_SIZE);
	for (uint32_t i = 0; i < HYPERCALL_PAGE_SIZE / HYPERCALL_STUB_SIZE;
	     i++) {
		uint8_t *p = page + (size_t)i * HYPERCALL_STUB_SIZE;

		p = put(p, stub_head, sizeof(stub_head));
		if (i == HYPERCALL_IRET) {
			*p++ = 0x50; /* push rax */
			p = put_mov_eax(p, i);
			put(p, stub_tail, 2); /* syscall, no return */
			continue;
		}
		p = put_mov_eax(p, i);
		put(p, stub_tail, sizeof(stub_tail));
	}
}
