/* unit-sources: hv/arch/x86/pv/ptwr-decode.c hv/arch/x86/pv/ptwr-exec.c */
/* SPDX-License-Identifier: MIT */
/*
 * The page-table write emulator against the host CPU. Each case is an
 * instruction assembled by the host `as` when this file is built; the
 * test runs it natively on a data page with known registers, runs the
 * emulator (decode, linear address, execute) on the same state, and
 * compares length, address, memory, registers and defined flags. CMPXCHG
 * runs both ways (memory equal to RAX and not); BT* with a register
 * runs with a positive and a negative bit offset. A second table checks
 * what the decoder must refuse or treat specially (prefix rules, lengths,
 * register destinations, LOCK MOV, FS/GS overrides).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../hv/arch/x86/pv/ptwr.h"
#include "check.h"

/* Code page, then data page, at an address a disp32 can reach. */
#define AREA ((uint8_t *)0x10000000)
#define DATA (AREA + 4096)
#define BASE_OFF 0x400 /* base registers point to DATA + BASE_OFF */

/* Each case: length byte, the instruction, its text (for messages). */
#define I(text) ".byte 1f - 0f\n0: " text "\n1:\n.asciz \"" text "\"\n"

__asm__(".pushsection .rodata.ptwr_cases, \"a\"\n"
	"ptwr_cases:\n"
	/* mov r/m, reg and imm, every size */
	I("movq %rax, (%rbx)") I("movq %rdx, 8(%rsi)") I("movq %r9, -8(%r13)")
		I("movl %ecx, (%rdi)") I("movw %cx, 6(%rbp)")
			I("movb %cl, 3(%rbx)") I("movb %ah, 2(%rsi)") I(
				"movb %bh, 1(%rdx)") I("movb %sil, 5(%rbx)")
				I("movb %r10b, 7(%rbx)") I("movq $0, (%rbx)") I(
					"movq $-2, 0x10(%rbx)")
					I("movq $0x7fffffff, (%rcx)") I(
						"movl $0x80000001, 4(%rbx)")
						I("movw $0x1234, 2(%rbx)")
							I("movb $0x5a, 9(%rbx)")
	/* addressing: SIB, scale, index, no base, rip-relative, r12/r13 */
	I("movq %rax, (%rbx,%rcx,8)") I("movq %rax, 0x40(%rbx,%r11,4)") I(
		"movq %rdx, (%r12)") I("movq %rdx, (%r13)")
		I("movq %rdx, (%rbp)") I("movq %r15, 0x100(%r12,%r14,2)") I(
			"movq %rax, -0x80(%rsi,%rdi,1)")
			I("movq %rax, 0x10001400(,%rcx,8)") I(
				"movq %rax, 0x10001408") I("movq %r8, 0x1010(%rip)")
				I("movq $7, 0x1010(%rip)") I(
					"movl $9, 0x1008(%rip)")
					I("movq %rax, 0x345(%rbx)") I(
						"movq %rax, 0x345(%rbx,%rcx,2)")
						I("movq %rax, -0x300(%rbx)")
	/* redundant and hint prefixes */
	I("ds movq %rax, (%rbx)") I("xrelease movq %rax, (%rbx)")
		I(".byte 0x2e, 0x48, 0x89, 0x03")
			I(".byte 0x3e, 0x26, 0x48, 0x89, 0x03")
				I(".byte 0x40, 0x89, 0x03")
					I(".byte 0x66, 0x48, 0x89, 0x03")
	/* xchg */
	I("xchgq %rax, (%rbx)") I("xchgq %r11, 8(%rdi)") I("xchgl %edx, (%rbx)")
		I("xchgw %dx, 2(%rbx)") I("xchgb %dh, 1(%rbx)")
			I("xchgb %al, (%rbx)") I("lock xchgq %rcx, (%rbx)")
	/* cmpxchg */
	I("lock cmpxchgq %rdx, (%rbx)") I("cmpxchgq %r8, 8(%rbx,%rcx,8)")
		I("lock cmpxchgl %edx, (%rbx)") I("lock cmpxchgw %dx, 2(%rbx)")
			I("lock cmpxchgb %dl, 1(%rbx)")
				I("lock cmpxchgb %ch, 1(%rbx)")
					I("lock cmpxchgq %rdx, 0x1010(%rip)")
	/* and, or, xor: reg and imm forms */
	I("lock andq %rdx, (%rbx)") I("lock orq %rdx, (%rbx)") I(
		"lock xorq %rdx, (%rbx)") I("andl %edx, 4(%rbx)")
		I("orw %dx, 2(%rbx)") I("xorb %dl, 3(%rbx)") I(
			"lock andb $0xfd, (%rbx)") I("lock orb $0x40, 1(%rbx)")
			I("xorb $0xff, 2(%rbx)") I("lock andq $-3, (%rbx)") I(
				"lock orq $0x20, (%rbx)")
				I("lock andq $0x7ffff000, (%rbx)") I(
					"lock orl $0x80000000, 4(%rbx)")
					I("lock andw $0xff0f, 2(%rbx)") I(
						"lock xorq $0x100, 8(%rbx)")
						I("lock orq $0xfffffffffffff000, (%rbx)")
							I("andq $0, (%rbx)") I(
								"orq $0, (%rbx)")
	/* bts, btr, btc: imm and reg bit offsets */
	I("lock btsq $5, (%rbx)") I("lock btrq $5, (%rbx)") I(
		"lock btcq $63, (%rbx)") I("lock btsl $31, 4(%rbx)")
		I("lock btrw $3, 2(%rbx)") I("btsq $70, (%rbx)") I(
			"btrq $1, 8(%rbx)") I("lock btsq %rsi, (%rbx)")
			I("lock btrq %rsi, 0x40(%rbx)") I(
				"lock btcq %rsi, (%rbx)") I("btsl %esi, (%rbx)")
				I("lock btrw %si, 0x20(%rbx)") ".byte 0\n"
							       ".popsection\n");

extern const uint8_t ptwr_cases[];

/* Registers in ModRM order plus RFLAGS, as the native harness sees them. */
struct hstate {
	uint64_t r[16];
	uint64_t rflags;
};

/* run_native(st, code): load st (all but RSP), call code, store back. */
void run_native(struct hstate *st, const void *code);
__asm__(".text\n"
	"run_native:\n\t"
	"push %rbx\n\tpush %rbp\n\tpush %r12\n\t"
	"push %r13\n\tpush %r14\n\tpush %r15\n\t"
	"mov %rsi, native_code(%rip)\n\t"
	"push %rdi\n\t"
	"pushq 128(%rdi)\n\tpopfq\n\t"
	"mov 0(%rdi), %rax\n\tmov 8(%rdi), %rcx\n\tmov 16(%rdi), %rdx\n\t"
	"mov 24(%rdi), %rbx\n\tmov 40(%rdi), %rbp\n\tmov 48(%rdi), %rsi\n\t"
	"mov 64(%rdi), %r8\n\tmov 72(%rdi), %r9\n\tmov 80(%rdi), %r10\n\t"
	"mov 88(%rdi), %r11\n\tmov 96(%rdi), %r12\n\tmov 104(%rdi), %r13\n\t"
	"mov 112(%rdi), %r14\n\tmov 120(%rdi), %r15\n\t"
	"mov 56(%rdi), %rdi\n\t"
	"call *native_code(%rip)\n\t"
	"pushfq\n\t"
	"xchg %rdi, 8(%rsp)\n\t"
	"popq 128(%rdi)\n\t"
	"popq 56(%rdi)\n\t"
	"mov %rax, 0(%rdi)\n\tmov %rcx, 8(%rdi)\n\tmov %rdx, 16(%rdi)\n\t"
	"mov %rbx, 24(%rdi)\n\tmov %rbp, 40(%rdi)\n\tmov %rsi, 48(%rdi)\n\t"
	"mov %r8, 64(%rdi)\n\tmov %r9, 72(%rdi)\n\tmov %r10, 80(%rdi)\n\t"
	"mov %r11, 88(%rdi)\n\tmov %r12, 96(%rdi)\n\tmov %r13, 104(%rdi)\n\t"
	"mov %r14, 112(%rdi)\n\tmov %r15, 120(%rdi)\n\t"
	"pop %r15\n\tpop %r14\n\tpop %r13\n\tpop %r12\n\t"
	"pop %rbp\n\tpop %rbx\n\t"
	"ret\n"
	".data\nnative_code: .quad 0\n.text\n");

#define FL_ARITH 0x8d5ULL /* CF PF AF ZF SF OF */
#define FL_CF 0x1ULL
#define FL_AF 0x10ULL

static uint8_t data_init[4096];

/* The flags the SDM defines after @op (the rest may be anything). */
static uint64_t defined_flags(enum ptwr_op op)
{
	switch (op) {
	case PTWR_AND:
	case PTWR_OR:
	case PTWR_XOR:
		return ~FL_AF;
	case PTWR_BTS:
	case PTWR_BTR:
	case PTWR_BTC:
		return ~FL_ARITH | FL_CF;
	default:
		return ~0ULL;
	}
}

static void to_regs(const struct hstate *h, struct cpu_user_regs *regs)
{
	memset(regs, 0, sizeof(*regs));
	for (unsigned int i = 0; i < 16; i++)
		*ptwr_gpr(regs, i) = h->r[i];
	regs->rflags = h->rflags;
	regs->rip = (uint64_t)AREA;
}

/* Initial registers: large patterns, except base and index registers
 * (small, so that addresses land in the data page) and a BT* register
 * bit offset (@bit_off). */
static void initial_state(struct hstate *h, const struct ptwr_insn *in,
			  int64_t bit_off, uint64_t flags)
{
	for (unsigned int i = 0; i < 16; i++)
		h->r[i] = 0x8877665544332211ULL ^ (i * 0x0101010101010101ULL) ^
			  ((uint64_t)i << 60);
	h->r[4] = 0;
	if (in->index != PTWR_NO_REG)
		h->r[in->index] = 8;
	if (in->base != PTWR_NO_REG)
		h->r[in->base] = (uint64_t)DATA + BASE_OFF;
	if (!in->src_is_imm && in->op >= PTWR_BTS)
		h->r[in->src_reg] = (uint64_t)bit_off;
	h->rflags = 0x202 | flags;
}

/* One run of one case; @match_rax makes memory equal RAX first. */
static void run_case(const uint8_t *bytes, unsigned int len, const char *text,
		     const struct ptwr_insn *in, int64_t bit_off,
		     bool match_rax, uint64_t flags)
{
	struct hstate h, n;
	struct cpu_user_regs regs;
	uint64_t ea, old = 0, res;
	static uint8_t emu[4096];

	initial_state(&h, in, bit_off, flags);
	to_regs(&h, &regs);
	ea = ptwr_linear_address(in, &regs, 0);
	if (ea < (uint64_t)DATA || ea + in->size > (uint64_t)DATA + 4096) {
		fprintf(stderr, "%s: address %#lx off the page\n", text,
			(unsigned long)ea);
		CHECK(0);
		return;
	}
	memcpy(DATA, data_init, 4096);
	if (match_rax)
		memcpy((void *)ea, &h.r[0], in->size);
	memcpy(emu, DATA, 4096);
	memcpy(AREA, bytes, len);
	AREA[len] = 0xc3; /* ret */
	n = h;
	run_native(&n, AREA);

	memcpy(&old, emu + (ea - (uint64_t)DATA), in->size);
	res = ptwr_execute(in, &regs, old);
	memcpy(emu + (ea - (uint64_t)DATA), &res, in->size);
	if (memcmp(emu, DATA, 4096))
		fprintf(stderr, "%s: memory differs\n", text);
	CHECK(!memcmp(emu, DATA, 4096));
	for (unsigned int i = 0; i < 16; i++) {
		if (i == 4)
			continue;
		if (*ptwr_gpr(&regs, i) != n.r[i])
			fprintf(stderr, "%s: register %u\n", text, i);
		CHECK_EQ(*ptwr_gpr(&regs, i), n.r[i]);
	}
	if ((regs.rflags ^ n.rflags) & defined_flags(in->op))
		fprintf(stderr, "%s: flags\n", text);
	CHECK_EQ(regs.rflags & defined_flags(in->op),
		 n.rflags & defined_flags(in->op));
}

static unsigned int test_against_cpu(void)
{
	const uint8_t *p = ptwr_cases;
	unsigned int count = 0;

	for (unsigned int i = 0; i < sizeof(data_init); i++)
		data_init[i] = (uint8_t)(i * 37 + 11);
	while (*p) {
		unsigned int len = *p;
		const uint8_t *bytes = p + 1;
		const char *text = (const char *)(p + 1 + len);
		struct ptwr_insn in;

		p += 1 + len + strlen(text) + 1;
		count++;
		if (ptwr_decode(bytes, len, &in) != PTWR_DECODE_OK) {
			fprintf(stderr, "%s: not decoded\n", text);
			CHECK(0);
			continue;
		}
		if (in.len != len)
			fprintf(stderr, "%s: length %u\n", text, in.len);
		CHECK_EQ(in.len, len);
		/* Trailing bytes are not part of the instruction. */
		{
			uint8_t buf[32];
			struct ptwr_insn in2;

			memcpy(buf, bytes, len);
			memset(buf + len, 0x90, sizeof(buf) - len);
			CHECK_EQ(ptwr_decode(buf, 15, &in2), PTWR_DECODE_OK);
			CHECK_EQ(in2.len, len);
			/* One byte short is truncated. */
			CHECK_EQ(ptwr_decode(bytes, len - 1, &in2),
				 PTWR_DECODE_TRUNCATED);
		}
		for (unsigned int f = 0; f < 2; f++) {
			uint64_t fl = f ? FL_ARITH : 0;

			run_case(bytes, len, text, &in, 77, false, fl);
			run_case(bytes, len, text, &in, -70, true, fl);
			run_case(bytes, len, text, &in, 3, false, fl);
		}
	}
	return count;
}

static enum ptwr_decode_status dec(const char *s, unsigned int len,
				   struct ptwr_insn *in)
{
	return ptwr_decode((const uint8_t *)s, len, in);
}
#define DEC(s, in) dec(s, sizeof(s) - 1, in)

static void test_refused(void)
{
	struct ptwr_insn in;

	/* Register destinations: nothing in memory to emulate. */
	CHECK_EQ(DEC("\x48\x89\xc3", &in), PTWR_DECODE_UNKNOWN);
	CHECK_EQ(DEC("\x0f\xb1\xd3", &in), PTWR_DECODE_UNKNOWN);
	/* LOCK MOV is #UD on hardware. */
	CHECK_EQ(DEC("\xf0\x48\x89\x03", &in), PTWR_DECODE_UNKNOWN);
	CHECK_EQ(DEC("\xf0\xc7\x03\0\0\0\0", &in), PTWR_DECODE_UNKNOWN);
	/* Group members that do not write or that we leave: add, cmp, bt,
	 * mov with ModRM.reg != 0. */
	CHECK_EQ(DEC("\x48\x83\x03\x01", &in), PTWR_DECODE_UNKNOWN);
	CHECK_EQ(DEC("\x48\x83\x3b\x01", &in), PTWR_DECODE_UNKNOWN);
	CHECK_EQ(DEC("\x48\x0f\xba\x23\x05", &in), PTWR_DECODE_UNKNOWN);
	CHECK_EQ(DEC("\xc7\x0b\0\0\0\0", &in), PTWR_DECODE_UNKNOWN);
	/* Other opcodes: add r/m,reg; mov reg,r/m (a read); rep stos. */
	CHECK_EQ(DEC("\x48\x01\x03", &in), PTWR_DECODE_UNKNOWN);
	CHECK_EQ(DEC("\x48\x8b\x03", &in), PTWR_DECODE_UNKNOWN);
	CHECK_EQ(DEC("\xf3\x48\xab", &in), PTWR_DECODE_UNKNOWN);
	/* Nothing but prefixes. */
	CHECK_EQ(DEC("\x66\x66", &in), PTWR_DECODE_TRUNCATED);
	CHECK_EQ(DEC("\x0f", &in), PTWR_DECODE_TRUNCATED);
	CHECK_EQ(dec("", 0, &in), PTWR_DECODE_TRUNCATED);
}

static void test_prefix_rules(void)
{
	struct ptwr_insn in;

	/* 15 bytes: 11 prefixes + REX.W 89 ModRM(disp8) disp8 = 15: ok. */
	CHECK_EQ(DEC("\x66\x66\x66\x66\x66\x66\x66\x66\x3e\x3e\x3e\x48\x89\x43"
		     "\x08",
		     &in),
		 PTWR_DECODE_OK);
	CHECK_EQ(in.len, 15);
	CHECK_EQ(in.size, 8);
	/* One more prefix: 16 bytes, #GP on hardware. */
	CHECK_EQ(DEC("\x66\x66\x66\x66\x66\x66\x66\x66\x3e\x3e\x3e\x3e\x48\x89"
		     "\x43\x08",
		     &in),
		 PTWR_DECODE_UNKNOWN);
	/* A legacy prefix after REX voids it: 48 66 89 03 is movw. */
	CHECK_EQ(DEC("\x48\x66\x89\x03", &in), PTWR_DECODE_OK);
	CHECK_EQ(in.size, 2);
	/* REX.W beats 66. */
	CHECK_EQ(DEC("\x66\x48\x89\x03", &in), PTWR_DECODE_OK);
	CHECK_EQ(in.size, 8);
	/* FS and GS overrides; the last override wins. */
	CHECK_EQ(DEC("\x64\x48\x89\x03", &in), PTWR_DECODE_OK);
	CHECK_EQ(in.seg, PTWR_SEG_FS);
	CHECK_EQ(DEC("\x64\x65\x48\x89\x03", &in), PTWR_DECODE_OK);
	CHECK_EQ(in.seg, PTWR_SEG_GS);
	CHECK_EQ(DEC("\x65\x3e\x48\x89\x03", &in), PTWR_DECODE_OK);
	CHECK_EQ(in.seg, PTWR_SEG_NONE);
	/* 67: 32-bit address arithmetic. */
	CHECK_EQ(DEC("\x67\x48\x89\x03", &in), PTWR_DECODE_OK);
	CHECK(in.addr32);
	CHECK(!in.lock);
	CHECK_EQ(DEC("\xf0\x48\x0f\xb1\x13", &in), PTWR_DECODE_OK);
	CHECK(in.lock);
	CHECK_EQ(in.op, PTWR_CMPXCHG);
	/* REX.X=1 with SIB index 100 is R12 as an index. */
	CHECK_EQ(DEC("\x4a\x89\x04\x23", &in), PTWR_DECODE_OK);
	CHECK_EQ(in.index, 12);
	CHECK_EQ(in.base, 3);
	/* RSP as base (SIB 0x24). */
	CHECK_EQ(DEC("\x48\x89\x04\x24", &in), PTWR_DECODE_OK);
	CHECK_EQ(in.base, 4);
	CHECK_EQ(in.index, PTWR_NO_REG);
}

static void test_addresses(void)
{
	struct ptwr_insn in;
	struct cpu_user_regs regs = { 0 };

	/* gs: base added; addr32 truncates before the base is added. */
	regs.rbx = 0xffff888000001000ULL;
	CHECK_EQ(DEC("\x65\x48\x89\x43\x08", &in), PTWR_DECODE_OK);
	CHECK_EQ(ptwr_linear_address(&in, &regs, 0x100000), 0xffff888000101008);
	CHECK_EQ(DEC("\x67\x48\x89\x43\x08", &in), PTWR_DECODE_OK);
	CHECK_EQ(ptwr_linear_address(&in, &regs, 0), 0x1008);
	/* rip-relative counts from the end, immediate included. */
	regs.rip = 0xffffffff81000000ULL;
	CHECK_EQ(DEC("\x48\xc7\x05\x10\0\0\0\x01\0\0\0", &in), PTWR_DECODE_OK);
	CHECK_EQ(in.len, 11);
	CHECK_EQ(ptwr_linear_address(&in, &regs, 0), 0xffffffff8100001bULL);
	/* Merging sub-word stores into the entry. */
	CHECK_EQ(ptwr_merge(0x8000000012345067ULL, 0xabcd, 2, 2),
		 0x80000000abcd5067ULL);
	CHECK_EQ(ptwr_merge(0x8000000012345067ULL, 0x7fffffff, 4, 4),
		 0x7fffffff12345067ULL);
	CHECK_EQ(ptwr_merge(0x1ULL, ~0ULL, 0, 8), ~0ULL);
	CHECK_EQ(ptwr_merge(0x1122334455667788ULL, 0x1ff, 7, 1),
		 0xff22334455667788ULL);
}

int main(void)
{
	void *area =
		mmap(AREA, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	unsigned int n;

	if (area != AREA) {
		perror("mmap");
		return 1;
	}
	n = test_against_cpu();
	printf("%u instructions compared with the CPU\n", n);
	CHECK(n >= 80);
	test_refused();
	test_prefix_rules();
	test_addresses();
	return check_summary("test-ptwr");
}
