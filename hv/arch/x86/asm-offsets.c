/* SPDX-License-Identifier: MIT */
/*
 * Structure offsets for assembly: compiled to assembler text only, and
 * the "->NAME value" markers it leaves become build/hv/include/asm/
 * asm-offsets.h (see the Makefile). Never linked.
 */
#include <satori/domain.h>

#include <asm/regs.h>

#define OFFSET(name, type, member)                 \
	__asm__ __volatile__("\n.ascii \"->" #name \
			     " %c0\"" ::"i"(offsetof(type, member)))
#define DEFINE(name, value) \
	__asm__ __volatile__("\n.ascii \"->" #name " %c0\"" ::"i"(value))

void asm_offsets(void);

void asm_offsets(void)
{
	OFFSET(UREGS_r15, struct cpu_user_regs, r15);
	OFFSET(UREGS_r11, struct cpu_user_regs, r11);
	OFFSET(UREGS_rax, struct cpu_user_regs, rax);
	OFFSET(UREGS_rcx, struct cpu_user_regs, rcx);
	OFFSET(UREGS_rdi, struct cpu_user_regs, rdi);
	OFFSET(UREGS_error_code, struct cpu_user_regs, error_code);
	OFFSET(UREGS_entry_vector, struct cpu_user_regs, entry_vector);
	OFFSET(UREGS_rip, struct cpu_user_regs, rip);
	OFFSET(UREGS_cs, struct cpu_user_regs, cs);
	OFFSET(UREGS_rflags, struct cpu_user_regs, rflags);
	OFFSET(UREGS_rsp, struct cpu_user_regs, rsp);
	OFFSET(UREGS_ss, struct cpu_user_regs, ss);
	DEFINE(UREGS_size, sizeof(struct cpu_user_regs));
	DEFINE(UREGS_qwords, sizeof(struct cpu_user_regs) / 8);
}
