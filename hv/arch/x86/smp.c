/* SPDX-License-Identifier: MIT */
/* CPU numbering. Until secondary CPUs are brought up, there is only CPU 0. */
#include <satori/smp.h>

unsigned int smp_processor_id(void)
{
	return 0;
}
