/* unit-sources: hv/arch/x86/mca-cpuinfo.c */
/* SPDX-License-Identifier: MIT */
/*
 * XEN_MC_physcpuinfo's CPU records from recorded CPUID tables: QEMU's TCG
 * "max" CPU (the values Xen 4.17 reported for it, by guests/tests/dom0/
 * mca.c), an Intel CPU with leaf-0xb topology and leaf-4 caches, an
 * older Intel with only HTT and leaf 4, a CPU without a brand string,
 * and the booted-core count over several records.
 */
#include <string.h>

#include <asm/mca.h>

#include "check.h"

/* One table entry: leaf, subleaf, registers. */
struct fake_leaf {
	uint32_t leaf, sub;
	struct cpuid_regs r;
};

static const struct fake_leaf *table;
static size_t table_len;

static struct cpuid_regs fake_cpuid(uint32_t leaf, uint32_t subleaf)
{
	for (size_t i = 0; i < table_len; i++)
		if (table[i].leaf == leaf && table[i].sub == subleaf)
			return table[i].r;
	return (struct cpuid_regs){ 0, 0, 0, 0 };
}

#define USE(t) (table = (t), table_len = sizeof(t) / sizeof((t)[0]))

/* "QEMU TCG CPU version 2.5+" in 0x80000002-4 (little-endian words). */
#define QEMU_BRAND                                                             \
	{ 0x80000002, 0, { 0x554d4551, 0x47435420, 0x55504320, 0x72657620 } }, \
		{ 0x80000003, 0, { 0x6e6f6973, 0x352e3220, 0x0000002b, 0 } },  \
	{                                                                      \
		0x80000004, 0,                                                 \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}

/* QEMU 10 TCG -cpu max -smp 2, CPU 1 (APIC ID 1). */
static const struct fake_leaf qemu_max[] = {
	{ 0, 0, { 0xd, 0x68747541, 0x444d4163, 0x69746e65 } },
	{ 1, 0, { 0x663, 0x01020800, 0xf6f8320b, 0x1fcbfbfd } },
	{ 7, 0, { 0, 0x219c43a9, 0x8041020c, 0 } },
	{ 0xd, 1, { 5, 0, 0, 0 } },
	{ 0x80000000, 0, { 0x80000022, 0, 0, 0 } },
	{ 0x80000001, 0, { 0x663, 0, 0x177, 0xedd3fbff } },
	QEMU_BRAND,
	{ 0x80000005, 0, { 0, 0, 0x40020140, 0x40020140 } },
	{ 0x80000006, 0, { 0, 0x42004200, 0x02008140, 0x00808140 } },
	{ 0x80000008, 0, { 0x3030, 0, 0x1, 0 } },
};

static void test_qemu_max(void)
{
	struct mca_cpu_host h = { fake_cpuid, 1, 0x100010a };
	struct mcinfo_logical_cpu c;

	USE(qemu_max);
	memset(&c, 0x5a, sizeof(c));
	mca_describe_cpu(&c, 1, &h);
	CHECK_EQ(c.mc_cpunr, 1);
	CHECK_EQ(c.mc_apicid, 1);
	CHECK_EQ(c.mc_clusterid, 1);
	CHECK_EQ(c.mc_chipid, 0);
	CHECK_EQ(c.mc_coreid, 1);
	CHECK_EQ(c.mc_threadid, 0);
	CHECK_EQ(c.mc_ncores, 2);
	CHECK_EQ(c.mc_nthreads, 1);
	CHECK_EQ(c.mc_cpuid_level, 13);
	CHECK_EQ(c.mc_vendor, MCA_VENDOR_AMD);
	CHECK_STR_EQ(c.mc_vendorid, "AuthenticAMD");
	CHECK_EQ(c.mc_family, 6);
	CHECK_EQ(c.mc_model, 6);
	CHECK_EQ(c.mc_step, 3);
	CHECK_EQ(c.mc_cache_size, 16384); /* the 16 MiB L3 */
	CHECK_EQ(c.mc_cache_alignment, 64);
	CHECK_STR_EQ(c.mc_brandid, "QEMU TCG CPU version 2.5+");
	CHECK_EQ(c.mc_cpu_caps[0], 0x1fcbf3fd); /* SEP dropped on AMD */
	CHECK_EQ(c.mc_cpu_caps[1], 0xf6f8320b);
	CHECK_EQ(c.mc_cpu_caps[2], 0xec500800); /* without leaf 1's copies */
	CHECK_EQ(c.mc_cpu_caps[3], 0x177);
	CHECK_EQ(c.mc_cpu_caps[4], 5);
	CHECK_EQ(c.mc_cpu_caps[5], 0x219c43a9);
	CHECK_EQ(c.mc_nmsrvals, 1);
	CHECK_EQ(c.mc_msrvalues[0].reg, 0x179);
	CHECK_EQ(c.mc_msrvalues[0].value, 0x100010a);
	CHECK_EQ(c.mc_msrvalues[1].reg, 0); /* the rest is cleared */
	CHECK_EQ(c.mc_ncores_active, 0);    /* mca_count_active_cores' job */
}

/* Intel with leaf 0xb (2 threads per core, 3 bits for the cores) and
 * leaf-4 caches; the brand string is right-justified. */
static const struct fake_leaf intel_xtopo[] = {
	{ 0, 0, { 0xb, 0x756e6547, 0x6c65746e, 0x49656e69 } },
	{ 1, 0, { 0x000906ea, 0x0d100800, 0, 0x10080000 } },
	/* L1d 8-way x 64 sets x 64 B; L2 4-way x 1024 sets; L3 16-way x
	 * 8192 sets: 32 KiB, 256 KiB, 8 MiB. */
	{ 4, 0, { 0x121, 0x01c0003f, 63, 0 } },
	{ 4, 1, { 0x122, 0x01c0003f, 63, 0 } },
	{ 4, 2, { 0x143, 0x00c0003f, 1023, 0 } },
	{ 4, 3, { 0x163, 0x03c0003f, 8191, 0 } },
	{ 0xb, 0, { 1, 2, 0x100, 13 } },
	{ 0xb, 1, { 3, 8, 0x201, 13 } },
	{ 0x80000000, 0, { 0x80000008, 0, 0, 0 } },
	{ 0x80000002, 0, { 0x20202020, 0x20202020, 0x65746e49, 0x2952286c } },
	{ 0x80000003, 0, { 0, 0, 0, 0 } },
	{ 0x80000004, 0, { 0, 0, 0, 0 } },
};

static void test_intel_leaf_b(void)
{
	struct mca_cpu_host h = { fake_cpuid, 13, 0x1000c0a };
	struct mcinfo_logical_cpu c;

	USE(intel_xtopo);
	mca_describe_cpu(&c, 5, &h);
	CHECK_EQ(c.mc_vendor, MCA_VENDOR_INTEL);
	CHECK_EQ(c.mc_family, 6);
	CHECK_EQ(c.mc_model, 0x9e);
	CHECK_EQ(c.mc_step, 0xa);
	CHECK_EQ(c.mc_clusterid, 13);
	/* APIC ID 13 = 0b1101: thread 1, core 0b10, chip 1. */
	CHECK_EQ(c.mc_nthreads, 2);
	CHECK_EQ(c.mc_ncores, 4);
	CHECK_EQ(c.mc_threadid, 1);
	CHECK_EQ(c.mc_coreid, 2);
	CHECK_EQ(c.mc_chipid, 1);
	CHECK_EQ(c.mc_cache_size, 8192);
	CHECK_EQ(c.mc_cache_alignment, 64);
	CHECK_STR_EQ(c.mc_brandid, "Intel(R)");
	CHECK_EQ(c.mc_cpu_caps[0], 0x10080000); /* SEP kept on Intel */
}

/* Intel without leaf 0xb: 2 cores (leaf 4) and 4 logical CPUs (HTT). */
static const struct fake_leaf intel_ht[] = {
	{ 0, 0, { 4, 0x756e6547, 0x6c65746e, 0x49656e69 } },
	{ 1, 0, { 0x00000f41, 0x07040800, 0, 0x10080000 } },
	{ 4, 0, { 0x04000121, 0x01c0003f, 63, 0 } },
	{ 4, 1, { 0x04000143, 0x01c0003f, 1023, 0 } },
	{ 0x80000000, 0, { 0x80000004, 0, 0, 0 } },
	QEMU_BRAND,
};

static void test_intel_ht(void)
{
	struct mca_cpu_host h = { fake_cpuid, 7, 0 };
	struct mcinfo_logical_cpu c;

	USE(intel_ht);
	mca_describe_cpu(&c, 3, &h);
	CHECK_EQ(c.mc_family, 15);
	CHECK_EQ(c.mc_model, 4);
	CHECK_EQ(c.mc_ncores, 2);
	CHECK_EQ(c.mc_nthreads, 2);
	CHECK_EQ(c.mc_chipid, 1);   /* 7 >> 2 */
	CHECK_EQ(c.mc_coreid, 1);   /* (7 >> 1) & 1 */
	CHECK_EQ(c.mc_threadid, 1); /* 7 & 1 */
	CHECK_EQ(c.mc_cache_size, 512);
	CHECK_EQ(c.mc_cache_alignment, 128); /* family 15 doubles 64 */
	CHECK_EQ(c.mc_msrvalues[0].value, 0);
}

/* No brand string: Xen's "vendor/model" fallback; no 0x8000000x caches:
 * the size stays -1. */
static const struct fake_leaf bare_amd[] = {
	{ 0, 0, { 1, 0x68747541, 0x444d4163, 0x69746e65 } },
	{ 1, 0, { 0x00000f51, 0x00000000, 0, 0x00000000 } },
	{ 0x80000000, 0, { 0x80000001, 0, 0, 0 } },
};

static void test_bare(void)
{
	struct mca_cpu_host h = { fake_cpuid, 2, 0 };
	struct mcinfo_logical_cpu c;

	USE(bare_amd);
	mca_describe_cpu(&c, 2, &h);
	CHECK_STR_EQ(c.mc_brandid, "02/05");
	CHECK_EQ(c.mc_cache_size, 0xffffffffu);
	CHECK_EQ(c.mc_cache_alignment, 32); /* no CLFLUSH */
	CHECK_EQ(c.mc_chipid, 2);	    /* single core: the APIC ID */
	CHECK_EQ(c.mc_coreid, 0);
	CHECK_EQ(c.mc_ncores, 1);
	CHECK_EQ(c.mc_cpu_caps[5], 0); /* no leaf 7 */
}

static void test_active_cores(void)
{
	struct mcinfo_logical_cpu c[5];

	memset(c, 0, sizeof(c));
	/* Chip 0: cores 0 (two threads) and 1; chip 1: core 3; a
	 * single-core chip 7. */
	c[0].mc_coreid = 0;
	c[1].mc_coreid = 0;
	c[2].mc_coreid = 1;
	c[3].mc_chipid = 1;
	c[3].mc_coreid = 3;
	for (int i = 0; i < 4; i++)
		c[i].mc_ncores = 4;
	c[4].mc_chipid = 7;
	c[4].mc_ncores = 1;
	mca_count_active_cores(c, 5);
	CHECK_EQ(c[0].mc_ncores_active, 2);
	CHECK_EQ(c[1].mc_ncores_active, 2);
	CHECK_EQ(c[2].mc_ncores_active, 2);
	CHECK_EQ(c[3].mc_ncores_active, 1);
	CHECK_EQ(c[4].mc_ncores_active, 1);
}

int main(void)
{
	test_qemu_max();
	test_intel_leaf_b();
	test_intel_ht();
	test_bare();
	test_active_cores();
	return check_summary("test-mca-cpuinfo");
}
