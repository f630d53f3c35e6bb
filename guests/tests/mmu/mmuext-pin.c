/* SPDX-License-Identifier: MIT */
/*
 * mmu/mmuext-pin: MMUEXT_PIN_L1..L4_TABLE and MMUEXT_UNPIN_TABLE on spare
 * frames (unmapped, so free to take any type), filled with COPY_PAGE. An
 * empty table of each level pins and unpins; pinning twice, unpinning an
 * unpinned frame, pinning as another level, pinning a frame the kernel
 * maps writable and pinning an L2 with a superpage entry are -XEN_EINVAL; a
 * pinned table cannot be cleared (it cannot become writable) until its
 * last reference goes, including the one an L2 entry holds on its L1.
 * An unpinned L4 keeps the hypervisor slots validation wrote into it, so
 * it cannot be pinned as an L1 until cleared (-EBUSY, as on Xen 4.17).
 * Also the batch rules: the batch stops at the first error, *done counts
 * the operations before it, naming oneself as foreign domain is -XEN_ESRCH,
 * an unknown command -XEN_ENOSYS, MARK_SUPER -XEN_EOPNOTSUPP.
 */
#include <guest/mmuext.h>
#include <guest/string.h>
#include <guest/test.h>

const char test_name[] = "mmu/mmuext-pin";

static uint64_t img[512] __attribute__((aligned(4096)));
static uint8_t writable_page[4096] __attribute__((aligned(4096)));

static void fill(uint64_t mfn, unsigned int slot, uint64_t entry)
{
	memset(img, 0, sizeof(img));
	if (entry)
		img[slot] = entry;
	if (frame_write(mfn, img))
		test_error("cannot fill frame %#lx", mfn);
}

static void pin_each_level(uint64_t f)
{
	static const char *const names[] = { "L1", "L2", "L3", "L4" };

	for (unsigned int l = 0; l < 4; l++) {
		printf("pin %s\n", names[l]);
		CHECK_EQ("pin empty table",
			 mmuext1(MMUEXT_PIN_L1_TABLE + l, f, 0), 0);
		CHECK_EQ("pin again", mmuext1(MMUEXT_PIN_L1_TABLE + l, f, 0),
			 -XEN_EINVAL);
		CHECK_EQ("unpin", mmuext1(MMUEXT_UNPIN_TABLE, f, 0), 0);
		CHECK_EQ("unpin again", mmuext1(MMUEXT_UNPIN_TABLE, f, 0),
			 -XEN_EINVAL);
	}
	/* Validating an L4 wrote the hypervisor's slots 256-271 into it:
	 * as an L1 those entries map the hypervisor's frames (-EBUSY). */
	CHECK_EQ("pin the former L4 as L1", mmuext1(MMUEXT_PIN_L1_TABLE, f, 0),
		 -XEN_EBUSY);
	CHECK_EQ("clear the former L4", mmuext1(MMUEXT_CLEAR_PAGE, f, 0), 0);
}

static void wrong_types(uint64_t f)
{
	CHECK_EQ("pin L1", mmuext1(MMUEXT_PIN_L1_TABLE, f, 0), 0);
	CHECK_EQ("pin the L1 as L2", mmuext1(MMUEXT_PIN_L2_TABLE, f, 0),
		 -XEN_EINVAL);
	CHECK_EQ("clear a pinned L1", mmuext1(MMUEXT_CLEAR_PAGE, f, 0),
		 -XEN_EINVAL);
	CHECK_EQ("unpin L1", mmuext1(MMUEXT_UNPIN_TABLE, f, 0), 0);
	CHECK_EQ("clear after unpin", mmuext1(MMUEXT_CLEAR_PAGE, f, 0), 0);
	CHECK_EQ("pin a writable-mapped frame",
		 mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(writable_page), 0),
		 -XEN_EINVAL);
}

/* An L2 holding an L1: the L1 stays a table while the L2 does. */
static void hierarchy(uint64_t l1, uint64_t l2)
{
	uint64_t link =
		(l1 << 12) | PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED;

	fill(l1, 0,
	     (virt_to_mfn(writable_page) << 12) | PTE_PRESENT | PTE_RW |
		     PTE_USER | PTE_ACCESSED);
	fill(l2, 3, link);
	CHECK_EQ("pin L1 mapping a page", mmuext1(MMUEXT_PIN_L1_TABLE, l1, 0),
		 0);
	CHECK_EQ("pin L2 over it", mmuext1(MMUEXT_PIN_L2_TABLE, l2, 0), 0);
	CHECK_EQ("unpin L1", mmuext1(MMUEXT_UNPIN_TABLE, l1, 0), 0);
	CHECK_EQ("clear the L1 the L2 holds", mmuext1(MMUEXT_CLEAR_PAGE, l1, 0),
		 -XEN_EINVAL);
	CHECK_EQ("unpin L2", mmuext1(MMUEXT_UNPIN_TABLE, l2, 0), 0);
	CHECK_EQ("clear the released L1", mmuext1(MMUEXT_CLEAR_PAGE, l1, 0), 0);
	CHECK_EQ("clear the released L2", mmuext1(MMUEXT_CLEAR_PAGE, l2, 0), 0);
	/* A 2 MiB superpage entry: PV guests get none. */
	fill(l2, 0, PTE_PRESENT | PTE_RW | PTE_USER | 0x80);
	CHECK_EQ("pin L2 with PSE", mmuext1(MMUEXT_PIN_L2_TABLE, l2, 0),
		 -XEN_EINVAL);
	/* An L2 entry to a frame the kernel maps writable. */
	fill(l2, 0,
	     (virt_to_mfn(writable_page) << 12) | PTE_PRESENT | PTE_USER);
	CHECK_EQ("pin L2 over a writable frame",
		 mmuext1(MMUEXT_PIN_L2_TABLE, l2, 0), -XEN_EINVAL);
	CHECK_EQ("clear", mmuext1(MMUEXT_CLEAR_PAGE, l2, 0), 0);
}

static void batches(uint64_t f)
{
	struct mmuext_op ops[3] = { { .cmd = MMUEXT_PIN_L1_TABLE },
				    { .cmd = MMUEXT_PIN_L1_TABLE },
				    { .cmd = MMUEXT_UNPIN_TABLE } };
	unsigned int done = 99;

	ops[0].arg1.mfn = ops[1].arg1.mfn = ops[2].arg1.mfn = f;
	CHECK_EQ("batch stops at the double pin",
		 hc_mmuext_op(ops, 3, &done, DOMID_SELF), -XEN_EINVAL);
	CHECK_EQ("done", done, 1);
	done = 99;
	CHECK_EQ("unpin as a batch of one",
		 hc_mmuext_op(&ops[2], 1, &done, DOMID_SELF), 0);
	CHECK_EQ("done", done, 1);
	CHECK_EQ("foreigndom = own id", hc_mmuext_op(&ops[2], 1, NULL, 0),
		 -XEN_ESRCH);
	CHECK_EQ("foreigndom = no such domain",
		 hc_mmuext_op(&ops[2], 1, NULL, 1234), -XEN_ESRCH);
	CHECK_EQ("unknown command 14", mmuext1(14, 0, 0), -XEN_ENOSYS);
	CHECK_EQ("unknown command 99", mmuext1(99, 0, 0), -XEN_ENOSYS);
	CHECK_EQ("MARK_SUPER", mmuext1(MMUEXT_MARK_SUPER, f, 0),
		 -XEN_EOPNOTSUPP);
	CHECK_EQ("UNMARK_SUPER", mmuext1(MMUEXT_UNMARK_SUPER, f, 0),
		 -XEN_EOPNOTSUPP);
	CHECK_EQ("empty batch", hc_mmuext_op(ops, 0, NULL, DOMID_SELF), 0);
	CHECK_EQ("unreadable batch",
		 hc_mmuext_op((const struct mmuext_op *)0xffff800000000000UL, 1,
			      NULL, DOMID_SELF),
		 -XEN_EFAULT);
}

void test_main(void)
{
	uint64_t f0 = spare_mfn(0), f1 = spare_mfn(1);

	printf("spare frames %#lx %#lx\n", f0, f1);
	CHECK_EQ("clear spare frame 0", mmuext1(MMUEXT_CLEAR_PAGE, f0, 0), 0);
	CHECK_EQ("clear spare frame 1", mmuext1(MMUEXT_CLEAR_PAGE, f1, 0), 0);
	pin_each_level(f0);
	wrong_types(f0);
	hierarchy(f0, f1);
	batches(f0);
	test_success();
}
