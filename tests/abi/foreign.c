/* SPDX-License-Identifier: MIT */
/*
 * Our public headers against Debian's foreign/x86_64.h, the layouts Xen's
 * own build generates for x86-64 guests (struct start_info_x86_64, ...).
 * Every struct both declare is checked at compile time: its size, and the
 * offset and size of each field (foreign-list.h, from gen-list.py). This
 * file compiling is the test; running it prints how many checks held.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#include "ours-all.h"
#include <xen/foreign/x86_64.h>

#define SA(name)                                                            \
	_Static_assert(sizeof(struct name) == sizeof(struct name##_x86_64), \
		       #name " size");                                      \
	_Static_assert(_Alignof(struct name) ==                             \
			       _Alignof(struct name##_x86_64),              \
		       #name " alignment");
#define FA(name, field)                                                    \
	_Static_assert(offsetof(struct name, field) ==                     \
			       offsetof(struct name##_x86_64, field),      \
		       #name "." #field " offset");                        \
	_Static_assert(sizeof(((struct name *)0)->field) ==                \
			       sizeof(((struct name##_x86_64 *)0)->field), \
		       #name "." #field " size");
#include "foreign-list.h"
#undef SA
#undef FA

#define SA(name) +2
#define FA(name, field) +2
static const int checks = 0
#include "foreign-list.h"
	;

int main(void)
{
	printf("foreign: %d compile-time checks against foreign/x86_64.h "
	       "hold\n",
	       checks);
	return 0;
}
