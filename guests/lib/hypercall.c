/* SPDX-License-Identifier: MIT */
/*
 * The two hypercall transports and the typed wrappers over them. The page
 * entry for hypercall nr is at hypercall_page + nr * 32; the SYSCALL path
 * saves RCX and R11 around the instruction like Linux 6.1's xen_hypercall
 * stubs, so both paths leave the caller's RCX and R11 intact.
 */
#include <guest/hypercall.h>

enum hypercall_transport hypercall_transport = HYPERCALL_VIA_PAGE;

long hypercall_page_call(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
			 uint64_t a4, uint64_t a5)
{
	register uint64_t r10 __asm__("r10") = a4;
	register uint64_t r8 __asm__("r8") = a5;
	const uint8_t *entry =
		hypercall_page + (size_t)nr * HYPERCALL_ENTRY_SIZE;
	long ret;

	__asm__ volatile("call *%[entry]"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
			   "+r"(r8)
			 : [entry] "r"(entry)
			 : "rcx", "r11", "memory");
	return ret;
}

long hypercall_syscall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
		       uint64_t a4, uint64_t a5)
{
	register uint64_t r10 __asm__("r10") = a4;
	register uint64_t r8 __asm__("r8") = a5;
	long ret = nr;

	__asm__ volatile("push %%rcx\n\t"
			 "push %%r11\n\t"
			 "syscall\n\t"
			 "pop %%r11\n\t"
			 "pop %%rcx"
			 : "+a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
			   "+r"(r8)
			 :
			 : "memory");
	return ret;
}

long hypercall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
	       uint64_t a4, uint64_t a5)
{
	if (hypercall_transport == HYPERCALL_VIA_SYSCALL ||
	    nr >= HYPERCALL_ENTRIES)
		return hypercall_syscall(nr, a1, a2, a3, a4, a5);
	return hypercall_page_call(nr, a1, a2, a3, a4, a5);
}

long hc_console_write(const char *buf, unsigned int len)
{
	return hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, len,
			 (uint64_t)buf, 0, 0);
}

long hc_xen_version(unsigned int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_xen_version, cmd, (uint64_t)arg, 0, 0, 0);
}

long hc_sched_op(unsigned int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_sched_op, cmd, (uint64_t)arg, 0, 0, 0);
}

long hc_set_trap_table(const struct trap_info *table)
{
	return hypercall(__HYPERVISOR_set_trap_table, (uint64_t)table, 0, 0, 0,
			 0);
}

long hc_callback_op(unsigned int cmd, const void *arg)
{
	return hypercall(__HYPERVISOR_callback_op, cmd, (uint64_t)arg, 0, 0, 0);
}

long hc_vm_assist(unsigned int cmd, unsigned int type)
{
	return hypercall(__HYPERVISOR_vm_assist, cmd, type, 0, 0, 0);
}

long hc_update_va_mapping(uint64_t va, uint64_t pte, uint64_t flags)
{
	return hypercall(__HYPERVISOR_update_va_mapping, va, pte, flags, 0, 0);
}
