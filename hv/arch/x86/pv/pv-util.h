/* SPDX-License-Identifier: MIT */
/*
 * Small checks shared by the PV hypercall handlers: canonical addresses
 * and the RPL a 64-bit PV guest's selectors get (its kernel runs at
 * ring 3, so every code and stack selector it names is raised to RPL 3,
 * as Xen's fixup_guest_{code,stack}_selector do).
 */
#ifndef PV_UTIL_H
#define PV_UTIL_H

#include <satori/types.h>

/* True if @va is canonical for 48-bit virtual addresses. */
static inline bool pv_canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/* @sel with its RPL raised to 3 (a lower RPL would be ring 0-2). */
static inline uint16_t pv_fixup_selector(uint16_t sel)
{
	return sel | 3;
}

#endif
