/* unit-sources: hv/arch/x86/pv/emul-decode.c */
/* SPDX-License-Identifier: MIT */
/*
 * The PV emulator's decoder: every accepted encoding, prefixes in any
 * order, REX placement and REX.R/B for mov CR, LOCK -> #UD, invalid CRs
 * -> #UD, truncated fetches, the 15-byte limit, and opcodes we leave
 * alone.
 */
#include <string.h>

#include "../../hv/arch/x86/pv/emul.h"
#include "check.h"

static struct emul_insn insn;

static enum emul_decode_status dec(const char *hex_bytes, unsigned int len)
{
	memset(&insn, 0xa5, sizeof(insn));
	return emul_decode((const uint8_t *)hex_bytes, len, &insn);
}

#define DEC(s) dec(s, sizeof(s) - 1)

static void test_plain_opcodes(void)
{
	static const struct {
		const char *bytes;
		unsigned int len;
		enum emul_op op;
	} cases[] = {
		{ "\x0f\x32", 2, EMUL_OP_RDMSR },
		{ "\x0f\x30", 2, EMUL_OP_WRMSR },
		{ "\x0f\x06", 2, EMUL_OP_CLTS },
		{ "\x0f\x09", 2, EMUL_OP_WBINVD },
		{ "\x0f\xa2", 2, EMUL_OP_CPUID },
		{ "\x0f\x31", 2, EMUL_OP_RDTSC },
		{ "\x0f\x01\xf9", 3, EMUL_OP_RDTSCP },
		{ "\x0f\x01\xd1", 3, EMUL_OP_XSETBV },
		{ "\xf4", 1, EMUL_OP_HLT },
		{ "\xfa", 1, EMUL_OP_CLI },
		{ "\xfb", 1, EMUL_OP_STI },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_EQ(dec(cases[i].bytes, cases[i].len), EMUL_DECODE_OK);
		CHECK_EQ(insn.op, cases[i].op);
		CHECK_EQ(insn.len, cases[i].len);
		CHECK(!insn.lock && !insn.rep && insn.rex == 0);
	}
	/* Trailing bytes after the instruction are not part of it. */
	CHECK_EQ(DEC("\x0f\x32\x90\x90"), EMUL_DECODE_OK);
	CHECK_EQ(insn.len, 2);
}

static void test_mov_cr(void)
{
	/* mov %cr0, %rax: 0f 20 c0 */
	CHECK_EQ(DEC("\x0f\x20\xc0"), EMUL_DECODE_OK);
	CHECK_EQ(insn.op, EMUL_OP_MOV_FROM_CR);
	CHECK_EQ(insn.cr, 0);
	CHECK_EQ(insn.gpr, 0);
	CHECK_EQ(insn.len, 3);
	/* mov %cr4, %rbx: 0f 20 e3 */
	CHECK_EQ(DEC("\x0f\x20\xe3"), EMUL_DECODE_OK);
	CHECK_EQ(insn.cr, 4);
	CHECK_EQ(insn.gpr, 3);
	/* mov %rdi, %cr3: 0f 22 df */
	CHECK_EQ(DEC("\x0f\x22\xdf"), EMUL_DECODE_OK);
	CHECK_EQ(insn.op, EMUL_OP_MOV_TO_CR);
	CHECK_EQ(insn.cr, 3);
	CHECK_EQ(insn.gpr, 7);
	/* mov %cr2, %r9: 41 0f 20 d1 (REX.B) */
	CHECK_EQ(DEC("\x41\x0f\x20\xd1"), EMUL_DECODE_OK);
	CHECK_EQ(insn.cr, 2);
	CHECK_EQ(insn.gpr, 9);
	CHECK_EQ(insn.len, 4);
	/* REX.W changes nothing for mov CR (always 64-bit). */
	CHECK_EQ(DEC("\x48\x0f\x20\xc1"), EMUL_DECODE_OK);
	CHECK_EQ(insn.gpr, 1);
	CHECK_EQ(insn.rex, 0x48);
	/* mod bits are ignored: 0f 20 00 is still mov %cr0, %rax. */
	CHECK_EQ(DEC("\x0f\x20\x00"), EMUL_DECODE_OK);
	CHECK_EQ(insn.cr, 0);
	CHECK_EQ(insn.gpr, 0);
	CHECK_EQ(insn.len, 3);
	/* REX.R selects CR8 (44 0f 20 c0): exists, decoded. */
	CHECK_EQ(DEC("\x44\x0f\x20\xc0"), EMUL_DECODE_OK);
	CHECK_EQ(insn.cr, 8);
	/* CR1, CR5, CR7, CR9 (REX.R + 1) and CR15 are #UD. */
	CHECK_EQ(DEC("\x0f\x20\xc8"), EMUL_DECODE_UD);
	CHECK_EQ(DEC("\x0f\x22\xe8"), EMUL_DECODE_UD);
	CHECK_EQ(DEC("\x0f\x20\xf8"), EMUL_DECODE_UD);
	CHECK_EQ(DEC("\x44\x0f\x20\xc8"), EMUL_DECODE_UD);
	CHECK_EQ(DEC("\x45\x0f\x22\xff"), EMUL_DECODE_UD);
}

static void test_io(void)
{
	CHECK_EQ(DEC("\xe4\x60"), EMUL_DECODE_OK); /* in $0x60, %al */
	CHECK_EQ(insn.op, EMUL_OP_IN);
	CHECK(!insn.port_in_dx);
	CHECK_EQ(insn.port_imm, 0x60);
	CHECK_EQ(insn.io_bytes, 1);
	CHECK_EQ(insn.len, 2);
	CHECK_EQ(DEC("\xe5\x70"), EMUL_DECODE_OK); /* in $0x70, %eax */
	CHECK_EQ(insn.io_bytes, 4);
	CHECK_EQ(DEC("\x66\xe5\x70"), EMUL_DECODE_OK); /* in $0x70, %ax */
	CHECK_EQ(insn.io_bytes, 2);
	CHECK_EQ(insn.len, 3);
	CHECK_EQ(DEC("\x48\xe5\x70"), EMUL_DECODE_OK); /* REX.W: still 4 */
	CHECK_EQ(insn.io_bytes, 4);
	CHECK_EQ(DEC("\xe6\x80"), EMUL_DECODE_OK); /* out %al, $0x80 */
	CHECK_EQ(insn.op, EMUL_OP_OUT);
	CHECK_EQ(insn.port_imm, 0x80);
	CHECK_EQ(DEC("\xe7\x80"), EMUL_DECODE_OK);
	CHECK_EQ(insn.io_bytes, 4);
	CHECK_EQ(DEC("\xec"), EMUL_DECODE_OK); /* in (%dx), %al */
	CHECK_EQ(insn.op, EMUL_OP_IN);
	CHECK(insn.port_in_dx);
	CHECK_EQ(insn.io_bytes, 1);
	CHECK_EQ(insn.len, 1);
	CHECK_EQ(DEC("\xed"), EMUL_DECODE_OK);
	CHECK_EQ(insn.io_bytes, 4);
	CHECK_EQ(DEC("\x66\xef"), EMUL_DECODE_OK); /* out %ax, (%dx) */
	CHECK_EQ(insn.op, EMUL_OP_OUT);
	CHECK_EQ(insn.io_bytes, 2);
	CHECK_EQ(DEC("\xee"), EMUL_DECODE_OK);
	CHECK_EQ(insn.io_bytes, 1);
	CHECK_EQ(DEC("\x6c"), EMUL_DECODE_OK); /* insb */
	CHECK_EQ(insn.op, EMUL_OP_INS);
	CHECK_EQ(insn.io_bytes, 1);
	CHECK_EQ(DEC("\xf3\x6d"), EMUL_DECODE_OK); /* rep insd */
	CHECK_EQ(insn.op, EMUL_OP_INS);
	CHECK(insn.rep);
	CHECK_EQ(insn.io_bytes, 4);
	CHECK_EQ(insn.len, 2);
	CHECK_EQ(DEC("\x6e"), EMUL_DECODE_OK); /* outsb */
	CHECK_EQ(insn.op, EMUL_OP_OUTS);
	CHECK_EQ(DEC("\x66\xf3\x6f"), EMUL_DECODE_OK); /* rep outsw */
	CHECK_EQ(insn.op, EMUL_OP_OUTS);
	CHECK_EQ(insn.io_bytes, 2);
	CHECK(insn.rep);
	CHECK_EQ(DEC("\x64\x67\x6f"), EMUL_DECODE_OK); /* outsd %fs:(%esi) */
	CHECK_EQ(insn.seg, EMUL_SEG_FS);
	CHECK(insn.addr32);
	CHECK_EQ(DEC("\x2e\x65\x6e"), EMUL_DECODE_OK); /* last override wins */
	CHECK_EQ(insn.seg, EMUL_SEG_GS);
	CHECK_EQ(DEC("\x26\x6e"), EMUL_DECODE_OK);
	CHECK_EQ(insn.seg, EMUL_SEG_ES);
	CHECK_EQ(DEC("\x36\x6e"), EMUL_DECODE_OK);
	CHECK_EQ(insn.seg, EMUL_SEG_SS);
	CHECK_EQ(DEC("\x3e\x6e"), EMUL_DECODE_OK);
	CHECK_EQ(insn.seg, EMUL_SEG_DS);
	CHECK_EQ(DEC("\x2e\x6e"), EMUL_DECODE_OK);
	CHECK_EQ(insn.seg, EMUL_SEG_CS);
	CHECK_EQ(DEC("\xf2\x6c"), EMUL_DECODE_OK); /* repne = rep for I/O */
	CHECK(insn.rep);
}

static void test_prefixes_and_rex(void)
{
	/* REX counts only immediately before the opcode. */
	CHECK_EQ(DEC("\x41\x66\x0f\x20\xc1"), EMUL_DECODE_OK);
	CHECK_EQ(insn.rex, 0);
	CHECK_EQ(insn.gpr, 1);
	CHECK(insn.opsize16);
	CHECK_EQ(insn.len, 5);
	/* Two REX bytes: the last one counts. */
	CHECK_EQ(DEC("\x44\x41\x0f\x20\xc1"), EMUL_DECODE_OK);
	CHECK_EQ(insn.rex, 0x41);
	CHECK_EQ(insn.gpr, 9);
	CHECK_EQ(insn.cr, 0);
	/* Redundant prefixes are fine up to 15 bytes in all. */
	CHECK_EQ(DEC("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x0f\x01"
		     "\xf9"),
		 EMUL_DECODE_OK);
	CHECK_EQ(insn.len, 15);
	CHECK_EQ(insn.op, EMUL_OP_RDTSCP);
	/* 16 bytes: #GP, however valid the rest. */
	CHECK_EQ(DEC("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x0f"
		     "\x01\xf9"),
		 EMUL_DECODE_GP);
	CHECK_EQ(DEC("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66"
		     "\x66"),
		 EMUL_DECODE_GP);
	CHECK_EQ(DEC("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66"
		     "\xe4\x60"),
		 EMUL_DECODE_GP);
}

static void test_lock(void)
{
	CHECK_EQ(DEC("\xf0\x0f\x32"), EMUL_DECODE_UD);
	CHECK_EQ(DEC("\xf0\x0f\x20\xc0"), EMUL_DECODE_UD);
	CHECK_EQ(DEC("\x66\xf0\xec"), EMUL_DECODE_UD);
	CHECK_EQ(DEC("\xf0\xf4"), EMUL_DECODE_UD);
	/* xsetbv: LOCK, 66, F2 and F3 are #UD; REX is ignored; xgetbv
	 * (0f 01 d0) is unprivileged and never ours. */
	CHECK_EQ(DEC("\xf0\x0f\x01\xd1"), EMUL_DECODE_UD);
	CHECK_EQ(DEC("\x66\x0f\x01\xd1"), EMUL_DECODE_UD);
	CHECK_EQ(DEC("\xf2\x0f\x01\xd1"), EMUL_DECODE_UD);
	CHECK_EQ(DEC("\xf3\x0f\x01\xd1"), EMUL_DECODE_UD);
	CHECK_EQ(DEC("\x48\x0f\x01\xd1"), EMUL_DECODE_OK);
	CHECK_EQ(insn.op, EMUL_OP_XSETBV);
	CHECK_EQ(insn.len, 4);
	CHECK_EQ(DEC("\x0f\x01\xd0"), EMUL_DECODE_UNKNOWN);
	CHECK_EQ(DEC("\xf0\x41\x0f\x22\xc0"), EMUL_DECODE_UD);
	/* LOCK on something that is not ours stays not ours. */
	CHECK_EQ(DEC("\xf0\x90"), EMUL_DECODE_UNKNOWN);
}

static void test_truncated(void)
{
	CHECK_EQ(dec("\x0f\x32", 1), EMUL_DECODE_TRUNCATED);
	CHECK_EQ(dec("\x0f\x20\xc0", 2), EMUL_DECODE_TRUNCATED);
	CHECK_EQ(dec("\x0f\x01\xf9", 2), EMUL_DECODE_TRUNCATED);
	CHECK_EQ(dec("\x0f\x01\xd1", 2), EMUL_DECODE_TRUNCATED);
	CHECK_EQ(dec("\xe4\x60", 1), EMUL_DECODE_TRUNCATED);
	CHECK_EQ(dec("\x66\x66", 2), EMUL_DECODE_TRUNCATED);
	CHECK_EQ(dec("\x48", 1), EMUL_DECODE_TRUNCATED);
	CHECK_EQ(dec("", 0), EMUL_DECODE_TRUNCATED);
}

static void test_not_ours(void)
{
	CHECK_EQ(DEC("\x90"), EMUL_DECODE_UNKNOWN);	    /* nop */
	CHECK_EQ(DEC("\x0f\x01\xd0"), EMUL_DECODE_UNKNOWN); /* xgetbv */
	CHECK_EQ(DEC("\x0f\x01\xf8"), EMUL_DECODE_UNKNOWN); /* swapgs */
	CHECK_EQ(DEC("\x0f\x21\xc0"), EMUL_DECODE_UNKNOWN); /* mov %dr0 */
	CHECK_EQ(DEC("\xcd\x80"), EMUL_DECODE_UNKNOWN);	    /* int $0x80 */
	CHECK_EQ(DEC("\x0f\x0b"), EMUL_DECODE_UNKNOWN);	    /* ud2 */
}

int main(void)
{
	test_plain_opcodes();
	test_mov_cr();
	test_io();
	test_prefixes_and_rex();
	test_lock();
	test_truncated();
	test_not_ours();
	return check_summary("test-emul-decode");
}
