/* SPDX-License-Identifier: MIT */
/*
 * Setup of same-level ("linear") page-table entries (mm/linear-pt-setup.c):
 * the storage of the type core's per-frame linear counts.
 */
#ifndef ASM_X86_LINEAR_PT_H
#define ASM_X86_LINEAR_PT_H

/* Allocate the linear counts of every frame below max_page. Before it,
 * PV tables may map themselves read-only but no other same-level table.
 * Called once at boot, before the first domain is built. */
void linear_pt_init(void);

#endif
