/* SPDX-License-Identifier: MIT */
/*
 * Basic fixed-width types for the freestanding hypervisor. Host builds of
 * pure-logic files get the same names from the C library instead.
 */
#ifndef SATORI_TYPES_H
#define SATORI_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;
typedef uint64_t vaddr_t;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define __packed __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define __section(s) __attribute__((section(s)))
/* The guest entry/exit fast paths, linked together at a fixed place at the
 * start of .text (satori.lds.S): under QEMU's TCG their translated blocks
 * then stay where bench/tb-lookups.py last checked them, whatever changes
 * elsewhere in the image (docs/performance.md, "TCG's jump cache"). */
#define __hot_path __section(".text.hot")
/* The SYSCALL hypercall path (entry, dispatch, HYPERVISOR_iret), in one
 * page of its own: TCG chains direct jumps and calls only within a page. */
#define __hot_syscall_path __section(".text.hot.syscall")
/* common_entry's guest-exception path, in one page of its own likewise. */
#define __hot_exception_path __section(".text.hot.exception")
/* The MMU hypercalls' entry functions (mmu_update, update_va_mapping), on
 * a page of their own after the fast paths, so that their blocks' jump-
 * cache slots no longer move with unrelated changes elsewhere. */
#define __hot_mmu_path __section(".text.hot.mmu")
/* update_va() at the start of that page (bench/tb-lookups.py uvm found
 * two of its own blocks in one slot elsewhere). */
#define __hot_mmu_first __section(".text.hot.mmu.first")
#define __noreturn __attribute__((noreturn))
#define __used __attribute__((used))
#define __unused __attribute__((unused))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define barrier() __asm__ __volatile__("" ::: "memory")

#define KiB(x) ((uint64_t)(x) << 10)
#define MiB(x) ((uint64_t)(x) << 20)
#define GiB(x) ((uint64_t)(x) << 30)

#endif
