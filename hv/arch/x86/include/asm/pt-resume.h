/* SPDX-License-Identifier: MIT */
/*
 * What a vCPU's preemptible page-table work carries between the re-issues
 * of a hypercall (asm/page-type.h, "Preemptible validation"): the work
 * budget of the current call and the table whose devalidation is still
 * to finish (Xen's old_guest_table). A header of its own so that
 * asm/domain.h needs nothing else of the frame-type core.
 */
#ifndef ASM_X86_PT_RESUME_H
#define ASM_X86_PT_RESUME_H

#include <satori/types.h>

/* Work units of one call: an L1 table validated or devalidated costs
 * PT_WORK_L1, any other present entry 1. 64 L1s is about 32k entry
 * operations, well under a millisecond on hardware. */
#define PT_WORK_L1 512u
#define PT_WORK_BUDGET (64u * PT_WORK_L1)

/* Zeroed = nothing pending (and no budget: set it per call). */
struct pt_resume {
	unsigned int budget; /* Work left before this call yields. */
	/* A partial reference to the table still being devalidated: one
	 * general reference, and the frame's PGT_partial (if still set). */
	unsigned long old_mfn;
	bool old_active;
};

#endif
