/* SPDX-License-Identifier: MIT */
/*
 * Host build: the arch include directory is not on the unit-test include
 * path, so forward to the real asm/acpi.h (a leaf header: plain data).
 */
#include "../../../../hv/arch/x86/include/asm/acpi.h"
