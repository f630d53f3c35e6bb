/* SPDX-License-Identifier: MIT */
/* scratch: what does Xen answer */
#include <guest/mmu.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "mmu/explore";

static uint8_t data[4096] __attribute__((aligned(4096)));

void test_main(void)
{
	uint64_t l4m = mmu_boot_l4_mfn(), pte = 0, l1ptr, l1m, a, b, f;
	long rc;
	unsigned int i, done;
	struct mmu_update req[4];

	printf("pt_base %lx nr_pt %lu nr_pages %lu l4m %lx m2p %lx cr3 %lx\n",
	       start_info->pt_base, start_info->nr_pt_frames,
	       start_info->nr_pages, l4m, mmu_mfn_to_pfn(l4m), mmu_read_cr3());
	for (i = 0; i < 512; i++)
		if (mmu_boot_l4()[i])
			printf("l4[%u] = %lx\n", i, mmu_boot_l4()[i]);
	l1ptr = mmu_entry_maddr((uint64_t)mmu_window(0), 1, &pte);
	l1m = l1ptr >> 12;
	printf("window0 l1e at %lx = %lx\n", l1ptr, pte);
	printf("A1 mmu_update RW map of own L1: %ld\n", mmu_update1(l1ptr, (l1m << 12) | PTE_FLAGS_RW));
	printf("A2 mmu_update RW map of own L4: %ld\n", mmu_update1(l1ptr, (l4m << 12) | PTE_FLAGS_RW));
	printf("A3 uvm RW map of own L1: %ld\n", mmu_window_map(0, l1m, PTE_FLAGS_RW));
	printf("A4 uvm RO map of own L1: %ld\n", mmu_window_map(0, l1m, PTE_FLAGS_RO));
	install_traps(-1);
	printf("vm_assist wpt %ld\n", hc_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables));
	{
		volatile uint64_t *v = (volatile uint64_t *)(mmu_mfn_to_pfn(l1m) << 12);
		unsigned int idx = PT_INDEX(mmu_window(1), 1);
		uint64_t old = v[idx];
		trap_reset();
		__asm__ volatile("1: movq %1, (%0)\n2:\n" EXTABLE(1b, 2b) :: "r"(&v[idx]), "r"((l1m << 12) | PTE_FLAGS_RW) : "memory");
		printf("A5 trapped write: traps %u vec %lu ec %lx; entry %lx -> %lx\n", trap_last.count, trap_last.frame.vector, trap_last.frame.error_code, old, v[idx]);
		trap_reset();
		__asm__ volatile("1: movq %1, (%0)\n2:\n" EXTABLE(1b, 2b) :: "r"(&v[idx]), "r"((mmu_virt_to_mfn(data) << 12) | PTE_FLAGS_RO) : "memory");
		printf("A5b ok trapped write: traps %u; entry %lx -> %lx\n", trap_last.count, old, v[idx]);
	}
	f = mmu_frame_alloc();
	printf("free frame %lx own %d\n", f, mmu_mfn_is_own(f));
	for (a = l4m - 4; a < l4m + 4; a++)
		printf("own(%lx)=%d\n", a, mmu_mfn_is_own(a));
	{
		uint64_t lo = ~0UL, hi = 0, m;
		for (i = 0; i < start_info->nr_pages; i++) {
			m = mmu_pfn_to_mfn(i);
			if (m < lo) lo = m;
			if (m > hi) hi = m;
		}
		printf("mfn range %lx-%lx\n", lo, hi);
		printf("B1 map below lowest %lx: %ld\n", lo - 1, mmu_window_map(0, lo - 1, PTE_FLAGS_RO));
		printf("B2 map above highest %lx: %ld\n", hi + 1, mmu_window_map(0, hi + 1, PTE_FLAGS_RO));
		printf("B2b mmu_update above highest RW: %ld\n", mmu_update1(l1ptr, ((hi + 1) << 12) | PTE_FLAGS_RW));
	}
	a = PTE_MFN(mmu_boot_l4()[256]);
	printf("C1 map xen L3 of slot 256 %lx RO: %ld\n", a, mmu_window_map(0, a, PTE_FLAGS_RO));
	printf("C2 map xen L3 of slot 256 RW: %ld\n", mmu_window_map(0, a, PTE_FLAGS_RW));
	b = PTE_MFN(mmu_boot_l4()[261]);
	printf("C3 map xen slot 261 %lx RO: %ld\n", b, mmu_window_map(0, b, PTE_FLAGS_RO));
	rc = mmu_window_map(0, 0, PTE_FLAGS_RO); printf("C4 mfn 0 %ld\n", rc);
	printf("D1 write l4[256]: %ld\n", mmu_update1((l4m << 12) + 256 * 8, mmu_boot_l4()[256]));
	printf("D2 write l4[256]=0: %ld\n", mmu_update1((l4m << 12) + 256 * 8, 0));
	printf("D3 write l4[270]=data: %ld\n", mmu_update1((l4m << 12) + 270 * 8, 0));
	printf("D4 write l4[272]=0: %ld\n", mmu_update1((l4m << 12) + 272 * 8, 0));
	printf("D5 write l4[255]=0: %ld\n", mmu_update1((l4m << 12) + 255 * 8, 0));
	printf("E1 pin boot L1 as L2: %ld\n", mmu_pin(2, l1m));
	printf("E2 pin boot L1 as L1: %ld\n", mmu_pin(1, l1m));
	printf("E2b unpin: %ld\n", mmu_unpin(l1m));
	printf("E3 pin data as L1: %ld\n", mmu_pin(1, mmu_virt_to_mfn(data)));
	printf("E4 pin L4 as L3: %ld\n", mmu_pin(3, l4m));
	printf("E5 pin L4 as L4: %ld\n", mmu_pin(4, l4m));
	f = mmu_frame_alloc();
	rc = mmu_table_fill(2, f, NULL, 0); printf("F0 fill: %ld\n", rc);
	rc = mmu_pin(1, f); printf("F1 pin %ld\n", rc);
	rc = mmu_pin(1, f); printf("F1 pin again %ld\n", rc);
	rc = mmu_pin(2, f); printf("F1 pin as L2 %ld\n", rc);
	rc = mmu_unpin(f); printf("F1 unpin %ld\n", rc);
	rc = mmu_unpin(f); printf("F1 unpin again %ld\n", rc);
	rc = mmu_unpin(mmu_virt_to_mfn(data)); printf("F2 unpin never pinned data %ld\n", rc);
	rc = mmu_pin(1, f); printf("G1 pin %ld\n", rc);
	rc = mmu_give_back(f); printf("G1 give back pinned+RO mapped %ld\n", rc);
	rc = mmu_window_map(3, f, PTE_FLAGS_RO); printf("G2 map RO elsewhere after: %ld\n", rc);
	rc = mmu_unpin(f); printf("G2 unpin after: %ld\n", rc);
	rc = mmu_window_map(2, 0, 0); printf("G3 drop window %ld\n", rc);
	rc = mmu_window_map(3, f, PTE_FLAGS_RO); printf("G3 map again %ld\n", rc);
	rc = mmu_pin(1, f); printf("G3 pin again %ld\n", rc);
	f = mmu_frame_alloc();
	rc = mmu_table_fill(2, f, NULL, 0); printf("G8 fill: %ld\n", rc);
	rc = mmu_window_map(2, 0, 0);
	rc = mmu_pin(1, f); printf("G8 pin unmapped %ld\n", rc);
	rc = mmu_give_back(f); printf("G8 give back pinned unmapped %ld\n", rc);
	rc = mmu_window_map(3, f, PTE_FLAGS_RO); printf("G8 map RO after: %ld\n", rc);
	rc = mmu_pin(1, f); printf("G8 pin after: %ld\n", rc);
	rc = mmu_unpin(f); printf("G8 unpin after: %ld\n", rc);
	f = mmu_frame_alloc();
	rc = mmu_window_map(4, f, PTE_FLAGS_RW); printf("G4 map RW %ld\n", rc);
	rc = mmu_give_back(f); printf("G4 give back mapped %ld\n", rc);
	rc = mmu_window_map(5, f, PTE_FLAGS_RO); printf("G5 map again elsewhere %ld\n", rc);
	*(volatile uint64_t *)mmu_window(4) = 5;
	rc = mmu_window_map(4, 0, 0); printf("G6 unmap %ld\n", rc);
	rc = mmu_window_map(5, f, PTE_FLAGS_RO); printf("G6 map again %ld\n", rc);
	rc = mmu_give_back(f); printf("G6 give back again %ld\n", rc);
	rc = mmu_update1((f << 12) | MMU_MACHPHYS_UPDATE, 5); printf("G6 machphys of given back %ld\n", rc);
	rc = mmu_give_back(mmu_boot_l4_mfn()); printf("G9 give back L4 (cr3) %ld\n", rc);
	rc = mmu_give_back(l1m); printf("G9 give back boot L1 %ld\n", rc);
	rc = mmu_give_back(0x1afff); printf("G9 give back not own %ld\n", rc);
	{ uint64_t n = 0; rc = mmu_take_one(&n); printf("G7 take one %ld -> %lx\n", rc, n); }
	a = mmu_frame_alloc(); b = mmu_frame_alloc();
	{
		uint64_t e1[1], e2[1];
		e1[0] = (a << 12) | PTE_FLAGS_RW;
		e2[0] = (b << 12) | PTE_FLAGS_RW;
		rc = mmu_table_fill(6, b, e1, 1); printf("H0 %ld\n", rc);
		rc = mmu_table_fill(7, a, e2, 1); printf("H0 %ld\n", rc);
		rc = mmu_pin(2, a); printf("H1 pin L2 self-writable: %ld\n", rc);
		rc = mmu_pin(1, b); printf("H1 pin L1 b: %ld\n", rc);
		rc = mmu_window_map(8, a, PTE_FLAGS_RW); printf("H2 map a RW %ld\n", rc);
		rc = mmu_window_map(9, b, PTE_FLAGS_RW); printf("H2 map b RW %ld\n", rc);
		mmu_window_map(8, 0, 0); mmu_window_map(9, 0, 0);
		e1[0] = (b << 12) | PTE_FLAGS_RW;
		rc = mmu_table_fill(6, b, e1, 1); printf("H3 fill %ld\n", rc);
		rc = mmu_pin(1, b); printf("H3 pin L1 self-writable %ld\n", rc);
		e1[0] = (b << 12) | PTE_FLAGS_RO;
		rc = mmu_table_fill(6, b, e1, 1); printf("H4 fill %ld\n", rc);
		rc = mmu_pin(1, b); printf("H4 pin L1 self-RO %ld\n", rc);
		rc = mmu_unpin(b); printf("H4 unpin %ld\n", rc);
	}
	{
		uint64_t e[1];
		e[0] = (b << 12) | PTE_PRESENT | PTE_RW;
		rc = mmu_table_fill(6, a, e, 1); printf("I0 %ld\n", rc);
		e[0] = (a << 12) | PTE_PRESENT | PTE_RW;
		rc = mmu_table_fill(7, b, e, 1); printf("I0 %ld\n", rc);
		rc = mmu_pin(3, a); printf("I1 loop pin a L3: %ld\n", rc);
		rc = mmu_pin(4, a); printf("I1 loop pin a L4: %ld\n", rc);
		rc = mmu_pin(2, a); printf("I1 loop pin a L2: %ld\n", rc);
		e[0] = (a << 12) | PTE_PRESENT;
		rc = mmu_table_fill(6, a, e, 1); printf("I2 %ld\n", rc);
		rc = mmu_pin(4, a); printf("I2 self-loop RO pin L4 %ld\n", rc);
		rc = mmu_unpin(a); printf("I2 unpin %ld\n", rc);
		rc = mmu_pin(3, a); printf("I2 self-loop RO pin L3 %ld\n", rc);
		rc = mmu_pin(2, a); printf("I2 self-loop RO pin L2 %ld\n", rc);
		e[0] = (a << 12) | PTE_PRESENT | PTE_RW;
		rc = mmu_table_fill(6, a, e, 1); printf("I3 %ld\n", rc);
		rc = mmu_pin(4, a); printf("I3 self-loop RW pin L4 %ld\n", rc);
		rc = mmu_pin(3, a); printf("I3 self-loop RW pin L3 %ld\n", rc);
		rc = mmu_window_map(8, a, PTE_FLAGS_RW); printf("I4 a RW %ld\n", rc);
		rc = mmu_window_map(9, b, PTE_FLAGS_RW); printf("I4 b RW %ld\n", rc);
		rc = mmu_window_map(7, 0, 0); printf("I4 unmap b slot7 %ld\n", rc);
		rc = mmu_window_map(9, b, PTE_FLAGS_RW); printf("I4 b RW %ld\n", rc);
	}
	/* batch */
	{
		uint64_t p2 = mmu_entry_maddr((uint64_t)mmu_window(10), 1, NULL);
		f = mmu_frame_alloc();
		req[0].ptr = p2; req[0].val = (f << 12) | PTE_FLAGS_RW;
		req[1].ptr = p2; req[1].val = 0;
		req[2].ptr = p2; req[2].val = (l4m << 12) | PTE_FLAGS_RW;
		req[3].ptr = p2; req[3].val = (f << 12) | PTE_FLAGS_RO;
		done = 77;
		rc = hc_mmu_update(req, 4, &done, DOMID_SELF);
		printf("J1 batch fail at 2: rc %ld done %u\n", rc, done);
		done = 77;
		rc = hc_mmu_update(req, 0, &done, DOMID_SELF);
		printf("J2 count 0: rc %ld done %u\n", rc, done);
		req[2].ptr = p2 | 7;
		rc = hc_mmu_update(req, 4, &done, DOMID_SELF);
		printf("J3 bad cmd: rc %ld done %u\n", rc, done);
		req[2].ptr = p2 + 3;
		rc = hc_mmu_update(req, 4, &done, DOMID_SELF);
		printf("J4 ptr+3 (cmd 3 no translate): rc %ld done %u\n", rc, done);
		req[2].ptr = 0xffffffffff000UL;
		rc = hc_mmu_update(req, 4, &done, DOMID_SELF);
		printf("J5 wild ptr: rc %ld done %u\n", rc, done);
		req[2].ptr = (mmu_virt_to_mfn(data) << 12);
		req[2].val = 0x1234;
		rc = hc_mmu_update(req, 4, &done, DOMID_SELF);
		printf("J6 ptr in data page: rc %ld done %u data %lx\n", rc, done, *(uint64_t *)data);
		rc = hc_mmu_update(req, 4, (unsigned int *)0xffff800000001000UL, DOMID_SELF);
		printf("J7 bad done ptr: rc %ld\n", rc);
		rc = hc_mmu_update((void *)0x40000000UL, 4, &done, DOMID_SELF);
		printf("J8 bad req ptr: rc %ld done %u\n", rc, done);
		rc = hc_mmu_update(req, 1, &done, 5);
		printf("J9 foreigndom 5: rc %ld\n", rc);
		/* preserve AD */
		mmu_window_map(10, f, PTE_PRESENT | PTE_RW);
		*(volatile uint64_t *)mmu_window(10) = 1;
		mmu_entry_maddr((uint64_t)mmu_window(10), 1, &pte);
		printf("K0 pte after write %lx\n", pte);
		rc = mmu_update1(p2 | MMU_PT_UPDATE_PRESERVE_AD, (f << 12) | PTE_PRESENT);
		mmu_entry_maddr((uint64_t)mmu_window(10), 1, &pte);
		printf("K1 preserve AD rc %ld pte %lx\n", rc, pte);
		rc = mmu_update1(p2, (f << 12) | PTE_PRESENT);
		mmu_entry_maddr((uint64_t)mmu_window(10), 1, &pte);
		printf("K2 normal rc %ld pte %lx\n", rc, pte);
		/* machphys */
		a = mmu_mfn_to_pfn(f);
		rc = mmu_update1((f << 12) | MMU_MACHPHYS_UPDATE, 0x1234);
		printf("L1 machphys rc %ld m2p %lx (was %lx)\n", rc, mmu_mfn_to_pfn(f), a);
		rc = mmu_update1((f << 12) | MMU_MACHPHYS_UPDATE, a);
		printf("L2 restore rc %ld; foreign machphys %ld; xen frame %ld\n", rc,
		       mmu_update1(((l4m + 100000) << 12) | MMU_MACHPHYS_UPDATE, 5), mmu_update1((PTE_MFN(mmu_boot_l4()[256]) << 12) | MMU_MACHPHYS_UPDATE, 5));
	}
	test_success();
}
