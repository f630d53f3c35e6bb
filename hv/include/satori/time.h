/* SPDX-License-Identifier: MIT */
/* System time: nanoseconds since boot, monotonic and consistent across CPUs. */
#ifndef SATORI_TIME_H
#define SATORI_TIME_H

#include <satori/types.h>

/* System time in ns since boot; 0 until the TSC is calibrated. */
uint64_t now_ns(void);

#endif
