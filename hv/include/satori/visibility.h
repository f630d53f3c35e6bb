/* SPDX-License-Identifier: MIT */
/*
 * Included first in every hypervisor translation unit (-include). With
 * -fpie, hidden visibility makes every access RIP-relative, with no GOT.
 */
#ifndef __ASSEMBLY__
#pragma GCC visibility push(hidden)
#endif
