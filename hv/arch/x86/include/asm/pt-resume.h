/* SPDX-License-Identifier: MIT */
/*
 * The progress of a page-table pin that yielded (asm/page-type.h,
 * pin_table_resumable()), kept per vCPU between the re-issues of the
 * hypercall. A header of its own so that asm/domain.h needs nothing else
 * of the frame-type core.
 */
#ifndef ASM_X86_PT_RESUME_H
#define ASM_X86_PT_RESUME_H

#include <satori/types.h>

/* Zeroed = none. */
struct pt_resume {
	unsigned long mfn;  /* The table being validated. */
	unsigned int level; /* Its level (1-4). */
	unsigned int next;  /* The first entry not yet validated. */
	bool active;
};

#endif
