/* SPDX-License-Identifier: MIT */
/*
 * Prints the size, alignment and field offsets of every type, and the
 * value of every constant, named in the generated list (gen-list.py), one
 * line each. Built three times from this one file: against Xen's headers
 * (ABI_XEN), against ours as guests see them, and against ours as the
 * hypervisor sees them (__SATORI_HV__: constants are not printed there,
 * and guest-only fields print a skip line). compare.py diffs the outputs.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#ifdef ABI_XEN
#include "xen-all.h"
#else
#include "ours-all.h"
#endif

#ifdef __SATORI_HV__
/* The list uses Xen's name; the hypervisor view renames the struct. */
#define cpu_user_regs guest_cpu_user_regs
#define G(entry) printf("skip %s\n", #entry);
#define C(name)
#else
#define G(entry) entry
#define C(name) printf("const %s %lld\n", #name, (long long)(name));
#endif

#define S(type) \
	printf("size %s %zu align %zu\n", #type, sizeof(type), _Alignof(type));
#define F(type, field)                                             \
	printf("field %s.%s offset %zu size %zu\n", #type, #field, \
	       offsetof(type, field), sizeof(((type *)0)->field));
#define FX(type, field)                                            \
	printf("field %s.%s offset %zu flexible\n", #type, #field, \
	       offsetof(type, field));

/* Guest handles: set_xen_guest_handle stores what the view expects. */
static int handle_ok(void)
{
	struct xen_memory_map map;

	set_xen_guest_handle(map.buffer, &map);
#ifdef __SATORI_HV__
	return map.buffer.p == (uint64_t)(uintptr_t)&map;
#else
	return map.buffer.p == (void *)&map;
#endif
}

int main(void)
{
#include "list.h"
	printf("handle set_xen_guest_handle %s\n", handle_ok() ? "ok" : "bad");
	return 0;
}
