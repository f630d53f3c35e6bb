/* SPDX-License-Identifier: MIT */
/*
 * Port I/O from a test kernel (allowed by the I/O privilege level the
 * kernel set with PHYSDEVOP_set_iopl, or by the hypervisor's emulation).
 * Each access resumes after a fault when the test has installed its trap
 * table (trap_last then records the fault, a read returns 0); without a
 * trap table a fault is the domain's end, as for a plain instruction.
 */
#ifndef GUEST_PORT_IO_H
#define GUEST_PORT_IO_H

#include <stdint.h>

#include <guest/traps.h>

/* in<sfx>(port) and out<sfx>(port, value) for one access width. */
#define DEFINE_PORT_IO(sfx, type)                                  \
	static inline type in##sfx(uint16_t port)                  \
	{                                                          \
		type v = 0;                                        \
		__asm__ volatile("1: in" #sfx                      \
				 " %1, %0\n2:\n\t" EXTABLE(1b, 2b) \
				 : "+a"(v)                         \
				 : "Nd"(port)                      \
				 : "memory");                      \
		return v;                                          \
	}                                                          \
	static inline void out##sfx(uint16_t port, type v)         \
	{                                                          \
		__asm__ volatile("1: out" #sfx                     \
				 " %0, %1\n2:\n\t" EXTABLE(1b, 2b) \
				 :                                 \
				 : "a"(v), "Nd"(port)              \
				 : "memory");                      \
	}

DEFINE_PORT_IO(b, uint8_t)
DEFINE_PORT_IO(w, uint16_t)
DEFINE_PORT_IO(l, uint32_t)
#undef DEFINE_PORT_IO

#endif
