/* SPDX-License-Identifier: MIT */
/*
 * One physical CPU as the mca hypercall's XEN_MC_physcpuinfo describes
 * it, computed from that CPU's raw CPUID, APIC ID and MCG_CAP the way Xen
 * 4.17 identifies CPUs: topology from leaf 0xb where it works, else on
 * AMD/Hygon from 0x80000008 (and 0x8000001e with TOPOEXT), on Intel from
 * leaf 4 and the HTT logical count; cache size from AMD's 0x80000005/6
 * or Intel's leaf 4 (not the legacy leaf-2 descriptors). Pure logic, so
 * that the host unit test feeds it recorded CPUs.
 */
#include <asm/mca.h>
#include <asm/msr-policy.h>

#include <satori/string.h>

#define BIT(n) (1u << (n))
#define LEAF1_EDX_SEP BIT(11)
#define LEAF1_EDX_CLFLUSH BIT(19)
#define LEAF1_EDX_HTT BIT(28)
#define EXTD1_ECX_CMP_LEGACY BIT(1)
#define EXTD1_ECX_TOPOEXT BIT(22)
/* The leaf-1 EDX bits AMD repeats in 0x80000001 EDX; Xen's feature word
 * for that leaf leaves them out. */
#define EXTD1_EDX_COMMON 0x0183f3ffu

/* What Xen's CPU identification leaves in struct cpuinfo_x86. */
struct topo {
	uint32_t chip, core, max_cores, siblings;
};

static struct cpuid_regs leaf(const struct mca_cpu_host *h, uint32_t l,
			      uint32_t sub)
{
	return h->leaf(l, sub);
}

static uint32_t max_basic(const struct mca_cpu_host *h)
{
	return leaf(h, 0, 0).eax;
}

static uint32_t max_extd(const struct mca_cpu_host *h)
{
	uint32_t m = leaf(h, 0x80000000, 0).eax;

	return (m & 0xffff0000u) == 0x80000000u ? m : 0;
}

static uint32_t vendor_of(const struct cpuid_regs *r0)
{
	switch (r0->ebx) {
	case 0x756e6547: /* "GenuineIntel" */
		return MCA_VENDOR_INTEL;
	case 0x68747541: /* "AuthenticAMD" */
		return MCA_VENDOR_AMD;
	case 0x746e6543: /* "CentaurHauls" */
		return MCA_VENDOR_CENTAUR;
	case 0x68532020: /* "  Shanghai  " */
		return MCA_VENDOR_SHANGHAI;
	case 0x6f677948: /* "HygonGenuine" */
		return MCA_VENDOR_HYGON;
	default:
		return 0;
	}
}

/* Smallest order with 2^order >= n. */
static uint32_t count_order(uint32_t n)
{
	uint32_t order = 0;

	while (order < 31 && (1u << order) < n)
		order++;
	return order;
}

/* Leaf 0xb: SMT and core shifts of the x2APIC ID. */
static bool topo_leaf_b(const struct mca_cpu_host *h, struct topo *t)
{
	struct cpuid_regs r;
	uint32_t smt_bits, core_bits, type, sub = 1;

	if (max_basic(h) < 0xb)
		return false;
	r = leaf(h, 0xb, 0);
	if (r.ebx == 0 || ((r.ecx >> 8) & 0xff) != 1) /* not SMT level */
		return false;
	smt_bits = core_bits = r.eax & 0x1f;
	do {
		r = leaf(h, 0xb, sub++);
		type = (r.ecx >> 8) & 0xff;
		if (type == 2) { /* core level */
			core_bits = r.eax & 0x1f;
			break;
		}
	} while (type != 0 && sub < 8);
	t->siblings = 1u << smt_bits;
	t->max_cores = (1u << core_bits) / t->siblings;
	t->core =
		(h->apic_id >> smt_bits) & ((~(~0u << core_bits)) >> smt_bits);
	t->chip = h->apic_id >> core_bits;
	return true;
}

static void topo_amd(const struct mca_cpu_host *h, uint32_t family,
		     struct topo *t)
{
	uint32_t bits, e8 = 0;

	if (max_extd(h) >= 0x80000008) {
		e8 = leaf(h, 0x80000008, 0).ecx;
		t->max_cores = (e8 & 0xff) + 1;
	}
	if (t->max_cores <= 1)
		return;
	bits = (e8 >> 12) & 0xf;
	if (bits == 0)
		bits = count_order(t->max_cores);
	t->core = t->chip & ((1u << bits) - 1);
	t->chip >>= bits;
	if (max_extd(h) >= 0x8000001e &&
	    (leaf(h, 0x80000001, 0).ecx & EXTD1_ECX_TOPOEXT)) {
		uint32_t ebx = leaf(h, 0x8000001e, 0).ebx;

		t->siblings = ((ebx >> 8) & 0xff) + 1;
		if (family >= 0x17) {
			t->core = ebx & 0xff;
			t->max_cores /= t->siblings;
		}
		topo_leaf_b(h, t);
	}
}

/* Intel without leaf 0xb: cores from leaf 4, threads from leaf 1. */
static void topo_intel_legacy(const struct mca_cpu_host *h, struct topo *t)
{
	struct cpuid_regs r1 = leaf(h, 1, 0), r4;
	uint32_t logical;

	if (max_basic(h) >= 4) {
		r4 = leaf(h, 4, 0);
		if (r4.eax & 0x1f)
			t->max_cores = (r4.eax >> 26) + 1;
	}
	if (!(r1.edx & LEAF1_EDX_HTT) ||
	    (max_extd(h) >= 0x80000001 &&
	     (leaf(h, 0x80000001, 0).ecx & EXTD1_ECX_CMP_LEGACY)))
		return;
	logical = (r1.ebx >> 16) & 0xff;
	if (logical <= 1)
		return;
	t->chip = h->apic_id >> count_order(logical);
	t->siblings = logical / t->max_cores;
	if (t->siblings == 0)
		t->siblings = 1;
	t->core = (h->apic_id >> count_order(t->siblings)) &
		  ((1u << count_order(t->max_cores)) - 1);
}

static void fill_topology(struct mcinfo_logical_cpu *out,
			  const struct mca_cpu_host *h, uint32_t vendor)
{
	struct topo t = { h->apic_id, 0, 1, 1 };

	if (vendor & (MCA_VENDOR_AMD | MCA_VENDOR_HYGON))
		topo_amd(h, out->mc_family, &t);
	else if (vendor == MCA_VENDOR_INTEL && !topo_leaf_b(h, &t))
		topo_intel_legacy(h, &t);
	out->mc_chipid = t.chip;
	out->mc_coreid = (uint16_t)(t.max_cores > 1 ? t.core : 0);
	/* Xen's own formula (exact for one or two threads per core). */
	out->mc_threadid =
		(uint16_t)(h->apic_id & ((1u << ((t.siblings - 1) & 31)) - 1));
	out->mc_ncores = t.max_cores;
	out->mc_nthreads = t.siblings;
}

static void fill_identity(struct mcinfo_logical_cpu *out,
			  const struct mca_cpu_host *h)
{
	struct cpuid_regs r0 = leaf(h, 0, 0), r1 = leaf(h, 1, 0);
	uint32_t family = (r1.eax >> 8) & 0xf, model = (r1.eax >> 4) & 0xf;

	if (family == 0xf)
		family += (r1.eax >> 20) & 0xff;
	if (family >= 6)
		model |= ((r1.eax >> 16) & 0xf) << 4;
	out->mc_cpuid_level = (int32_t)r0.eax;
	out->mc_family = family;
	out->mc_model = model;
	out->mc_step = r1.eax & 0xf;
	out->mc_vendor = vendor_of(&r0);
	memcpy(out->mc_vendorid, &r0.ebx, 4);
	memcpy(out->mc_vendorid + 4, &r0.edx, 4);
	memcpy(out->mc_vendorid + 8, &r0.ecx, 4);
	out->mc_clusterid = r1.ebx >> 24;
}

/* The brand string without Intel's leading blanks; Xen's fallback is the
 * vendor and model numbers. */
static void fill_brand(struct mcinfo_logical_cpu *out,
		       const struct mca_cpu_host *h)
{
	char raw[49] = { 0 }; /* 48 bytes of leaves and a NUL */
	const char *p = raw;
	struct cpuid_regs r;

	if (max_extd(h) < 0x80000004) {
		static const char hex[] = "0123456789abcdef";
		uint32_t v = out->mc_vendor, m = out->mc_model;
		char s[6] = { hex[(v >> 4) & 15], hex[v & 15], '/',
			      hex[(m >> 4) & 15], hex[m & 15], 0 };

		memcpy(out->mc_brandid, s, sizeof(s));
		return;
	}
	for (size_t i = 0; i < 3; i++) {
		r = leaf(h, 0x80000002 + (uint32_t)i, 0);
		memcpy(raw + 16 * i, &r, 16);
	}
	while (*p == ' ')
		p++;
	memcpy(out->mc_brandid, p, strlen(p));
}

/* KiB of one leaf-4 cache. */
static uint32_t leaf4_kib(const struct cpuid_regs *r)
{
	uint64_t ways = (r->ebx >> 22) + 1,
		 parts = ((r->ebx >> 12) & 0x3ff) + 1;
	uint64_t line = (r->ebx & 0xfff) + 1, sets = (uint64_t)r->ecx + 1;

	return (uint32_t)(ways * parts * line * sets / 1024);
}

static uint32_t intel_cache_kib(const struct mca_cpu_host *h)
{
	uint32_t l1 = 0, l2 = 0, l3 = 0, type, level, kib;
	struct cpuid_regs r;

	for (uint32_t sub = 0; max_basic(h) >= 4 && sub < 16; sub++) {
		r = leaf(h, 4, sub);
		type = r.eax & 0x1f;
		if (type == 0)
			break;
		level = (r.eax >> 5) & 7;
		kib = leaf4_kib(&r);
		if (level == 1 && (type == 1 || type == 2))
			l1 += kib;
		else if (level == 2)
			l2 = kib;
		else if (level == 3)
			l3 = kib;
	}
	return l3 ? l3 : (l2 ? l2 : l1);
}

/* AMD style: the last level 0x80000005/6 report; ~0 when none. */
static uint32_t amd_cache_kib(const struct mca_cpu_host *h)
{
	uint32_t size = ~0u, ext = max_extd(h);
	struct cpuid_regs r;

	if (ext >= 0x80000005) {
		r = leaf(h, 0x80000005, 0);
		if ((r.ecx | r.edx) >> 24)
			size = (r.ecx >> 24) + (r.edx >> 24);
	}
	if (ext < 0x80000006)
		return size;
	r = leaf(h, 0x80000006, 0);
	if (r.ecx >> 16)
		size = r.ecx >> 16;
	if (r.edx >> 18)
		size = (r.edx >> 18) * 512;
	return size;
}

static void fill_cache(struct mcinfo_logical_cpu *out,
		       const struct mca_cpu_host *h)
{
	struct cpuid_regs r1 = leaf(h, 1, 0);

	out->mc_cache_alignment = 32;
	if (r1.edx & LEAF1_EDX_CLFLUSH)
		out->mc_cache_alignment = ((r1.ebx >> 8) & 0xff) * 8;
	if (out->mc_vendor == MCA_VENDOR_INTEL) {
		out->mc_cache_size = intel_cache_kib(h);
		if (out->mc_family == 15 && out->mc_cache_alignment == 64)
			out->mc_cache_alignment = 128;
	} else if (out->mc_vendor == MCA_VENDOR_CENTAUR) {
		out->mc_cache_size = amd_cache_kib(h);
		out->mc_cache_alignment = ((r1.ebx >> 8) & 0xff) * 16;
	} else {
		out->mc_cache_size = amd_cache_kib(h);
	}
}

static void fill_caps(struct mcinfo_logical_cpu *out,
		      const struct mca_cpu_host *h)
{
	struct cpuid_regs r1 = leaf(h, 1, 0), e1;

	out->mc_cpu_caps[0] = r1.edx;
	/* No SYSENTER in AMD's long mode: Xen drops the bit there. */
	if (out->mc_vendor & (MCA_VENDOR_AMD | MCA_VENDOR_HYGON))
		out->mc_cpu_caps[0] &= ~LEAF1_EDX_SEP;
	out->mc_cpu_caps[1] = r1.ecx;
	if (max_extd(h) >= 0x80000001) {
		e1 = leaf(h, 0x80000001, 0);
		out->mc_cpu_caps[2] = e1.edx & ~EXTD1_EDX_COMMON;
		out->mc_cpu_caps[3] = e1.ecx;
	}
	if (max_basic(h) >= 0xd)
		out->mc_cpu_caps[4] = leaf(h, 0xd, 1).eax;
	if (max_basic(h) >= 7) {
		out->mc_cpu_caps[5] = leaf(h, 7, 0).ebx;
		out->mc_cpu_caps[6] = leaf(h, 7, 0).ecx;
	}
}

void mca_describe_cpu(struct mcinfo_logical_cpu *out, unsigned int cpu,
		      const struct mca_cpu_host *host)
{
	memset(out, 0, sizeof(*out));
	out->mc_cpunr = cpu;
	out->mc_apicid = host->apic_id;
	fill_identity(out, host);
	fill_topology(out, host, out->mc_vendor);
	fill_brand(out, host);
	fill_cache(out, host);
	fill_caps(out, host);
	out->mc_nmsrvals = 1;
	out->mc_msrvalues[0].reg = MSR_IA32_MCG_CAP;
	out->mc_msrvalues[0].value = host->mcg_cap;
}

void mca_count_active_cores(struct mcinfo_logical_cpu *cpus, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint32_t active = 0;

		for (unsigned int j = 0; j < n; j++) {
			bool first = true;

			if (cpus[j].mc_chipid != cpus[i].mc_chipid)
				continue;
			/* Count each core of the chip once. */
			for (unsigned int k = 0; k < j && first; k++)
				first = !(cpus[k].mc_chipid ==
						  cpus[i].mc_chipid &&
					  cpus[k].mc_coreid ==
						  cpus[j].mc_coreid);
			active += first;
		}
		cpus[i].mc_ncores_active = cpus[i].mc_ncores > 1 ? active : 1;
	}
}
