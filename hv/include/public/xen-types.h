/* SPDX-License-Identifier: MIT */
/*
 * The few building blocks every public header shares: fixed-width integer
 * types, the guest-handle declaration macros and the layout assertions.
 * It pulls in nothing but the compiler's freestanding <stddef.h> and
 * <stdint.h>, so the same headers serve the hypervisor, guest kernels and
 * host tools. Assembly sources see only the integer-suffix helper.
 */
#ifndef PUBLIC_XEN_TYPES_H
#define PUBLIC_XEN_TYPES_H

#ifdef __ASSEMBLY__
#define XEN_MK_ULONG(x) x
#define XEN_MK_UINT(x) x
#else
/* Two levels, so that a macro argument is expanded before the paste. */
#define XEN_MK_ULONG_(x) x##UL
#define XEN_MK_UINT_(x) x##U
#define XEN_MK_ULONG(x) XEN_MK_ULONG_(x)
#define XEN_MK_UINT(x) XEN_MK_UINT_(x)

#include <stddef.h>
#include <stdint.h>

/*
 * A guest handle is a guest virtual address inside an argument structure,
 * always 8 bytes on x86-64. Guests and tools get a typed pointer, as with
 * Xen. The hypervisor gets the bare address, so that guest memory can only
 * be reached through copy_{from,to}_guest_raw() and never dereferenced.
 */
#ifdef __SATORI_HV__
#define XEN_HANDLE_TYPE_(name, type) \
	typedef struct {             \
		uint64_t p;          \
	} xen_handle_##name
#else
#define XEN_HANDLE_TYPE_(name, type) \
	typedef struct {             \
		type *p;             \
	} xen_handle_##name
#endif
/* Stores a pointer (guests) or an address (hypervisor) into a handle. */
#ifdef __SATORI_HV__
#define set_xen_guest_handle(hnd, val)                \
	do {                                          \
		(hnd).p = (uint64_t)(uintptr_t)(val); \
	} while (0)
#else
#define set_xen_guest_handle(hnd, val) \
	do {                           \
		(hnd).p = (val);       \
	} while (0)
#endif
#define set_xen_guest_handle_raw(hnd, val) set_xen_guest_handle(hnd, val)

/* Declares XEN_GUEST_HANDLE(name) and XEN_GUEST_HANDLE(const_name). */
#define XEN_DEFINE_GUEST_HANDLE(name, type) \
	XEN_HANDLE_TYPE_(name, type);       \
	XEN_HANDLE_TYPE_(const_##name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name) XEN_DEFINE_GUEST_HANDLE(name, name)
#define XEN_GUEST_HANDLE(name) xen_handle_##name
/* Xen's 64-bit-everywhere and parameter handles: the same on x86-64. */
#define XEN_GUEST_HANDLE_64(name) xen_handle_##name
#define XEN_GUEST_HANDLE_PARAM(name) xen_handle_##name

/* Layout pins: every public struct states its x86-64 size and offsets. */
#define XEN_ABI_SIZE(type, size) \
	_Static_assert(sizeof(type) == (size), #type " size")
#define XEN_ABI_OFFSET(type, field, off) \
	_Static_assert(offsetof(type, field) == (off), #type "." #field)

XEN_DEFINE_GUEST_HANDLE(char, char);
XEN_DEFINE_GUEST_HANDLE(uchar, unsigned char);
XEN_DEFINE_GUEST_HANDLE(int, int);
XEN_DEFINE_GUEST_HANDLE(uint, unsigned int);
XEN_DEFINE_GUEST_HANDLE(long, long);
XEN_DEFINE_GUEST_HANDLE(ulong, unsigned long);
XEN_DEFINE_GUEST_HANDLE(void, void);
XEN_DEFINE_GUEST_HANDLE(uint8, uint8_t);
XEN_DEFINE_GUEST_HANDLE(uint16, uint16_t);
XEN_DEFINE_GUEST_HANDLE(uint32, uint32_t);
XEN_DEFINE_GUEST_HANDLE(uint64, uint64_t);
XEN_DEFINE_GUEST_HANDLE(uint64_t, uint64_t);
#endif /* !__ASSEMBLY__ */

#endif
