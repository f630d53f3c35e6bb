/* SPDX-License-Identifier: MIT */
/*
 * The BVT policy's constants and parameters (hv/common/sched/bvt.c).
 * Virtual times are nanoseconds scaled by BVT_WEIGHT_UNIT / weight: a
 * vCPU of the default weight 256 ages one virtual ns per ns it runs.
 */
#ifndef SCHED_BVT_H
#define SCHED_BVT_H

#include <satori/sched.h>

#define BVT_WEIGHT_UNIT 256ull
#define BVT_MIN_SLICE_NS 100000ull
#define BVT_DEFAULT_CTX_ALLOW_MS 5

/* Context-switch allowance C (bvt_ctx_allow=, in ms). */
extern unsigned int opt_bvt_ctx_allow_ms;

/* @v's actual and effective virtual time, and whether it is warped. */
int64_t bvt_avt(const struct vcpu *v);
int64_t bvt_evt(const struct vcpu *v);
bool bvt_warping(const struct vcpu *v);

#endif
