/* SPDX-License-Identifier: MIT */
/* CPU numbering and cross-CPU calls. */
#ifndef SATORI_SMP_H
#define SATORI_SMP_H

#include <satori/types.h>

#define NR_CPUS 64

/* Index of the CPU running the caller (0 = the boot CPU). */
unsigned int smp_processor_id(void);

#endif
