/* SPDX-License-Identifier: MIT */
/* System time. Until the TSC is calibrated, time stands at 0. */
#include <satori/time.h>

uint64_t now_ns(void)
{
	return 0;
}
