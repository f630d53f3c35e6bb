/* SPDX-License-Identifier: MIT */
/*
 * ldt-check: a Linux user program that needs a real LDT (the linux test
 * level runs it in dom0 as /bin/ldt-check). modify_ldt() installs a data
 * segment whose base is a variable of the program, which Linux's Xen PV
 * code turns into MMUEXT_SET_LDT over read-only pages; loading its
 * selector into %gs and reading %gs:0 must give the variable. %gs, which
 * x86-64 user space leaves unused, is put back to 0. Prints
 * "ldt-check: PASS" and exits 0, or says what failed and exits 1.
 */
#include <asm/ldt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ENTRY 3
#define LDT_SELECTOR ((ENTRY << 3) | 4 | 3) /* index, TI = LDT, RPL 3 */

static volatile uint64_t target = 0x5a70112a1d7c4ec3ULL;

static int install(void)
{
	struct user_desc d;

	memset(&d, 0, sizeof(d));
	d.entry_number = ENTRY;
	d.base_addr = (unsigned int)(uintptr_t)&target;
	d.limit = 0xfffff;
	d.seg_32bit = 1;
	d.limit_in_pages = 1;
	d.useable = 1;
	return (int)syscall(SYS_modify_ldt, 1, &d, sizeof(d));
}

int main(void)
{
	uint64_t got;

	if ((uintptr_t)&target >> 32) {
		printf("ldt-check: FAIL: variable above 4 GiB (PIE build?)\n");
		return 1;
	}
	if (install()) {
		perror("ldt-check: FAIL: modify_ldt");
		return 1;
	}
	__asm__ volatile("mov %w1, %%gs\n\tmov %%gs:0, %0"
			 : "=r"(got)
			 : "r"((uint16_t)LDT_SELECTOR)
			 : "memory");
	__asm__ volatile("mov %w0, %%gs" ::"r"((uint16_t)0));
	if (got != target) {
		printf("ldt-check: FAIL: %%gs:0 read %#llx, want %#llx\n",
		       (unsigned long long)got, (unsigned long long)target);
		return 1;
	}
	printf("ldt-check: PASS\n");
	return 0;
}
