/* SPDX-License-Identifier: MIT */
/*
 * dom0/mca: the machine-check hypercall as Linux's mcelog driver uses it,
 * and the machine-check bits of the PV CPUID. A wrong interface version
 * is -EACCES, an unknown op and notifydomain -EINVAL, an unreadable op
 * -EFAULT. physcpuinfo with a null buffer counts the online CPUs (as
 * platform_op get_cpuinfo lists them); a zero count with a buffer is
 * -EINVAL, an unwritable buffer -EFAULT; filled in, each entry names its
 * CPU, that CPU's APIC id (CPUID's initial APIC id too), vendor, family,
 * model and stepping as CPUID leaves 0 and 1 show them, and MCG_CAP as
 * its first MSR. fetch needs exactly one of urgent/non-urgent and a
 * buffer (-EINVAL), and with nothing collected answers XEN_MC_NODATA with
 * fetch id 0; an ack is accepted and writes nothing back. VIRQ_MCA binds
 * on vCPU 0 only. CPUID shows MCE and MCA (on AMD in 0x80000001 too).
 * Injection is only attempted at a CPU that does not exist: Xen (which
 * drives QEMU's banks) says -EINVAL, satori (no MCA handling) -ENODEV;
 * the manifest checks the printed codes per hypervisor.
 */
#include <guest/console.h>
#include <guest/cpuid.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/test.h>

#include <arch-x86/xen-mca.h>
#include <platform.h>

const char test_name[] = "dom0/mca";

#define MAX_CPUS 64
#define MSR_IA32_MCG_CAP 0x179
#define BIT(n) (1u << (n))

static struct xen_mc op;
static struct mcinfo_logical_cpu cpus[MAX_CPUS + 1];
static struct mc_info telemetry;

static long mca(struct xen_mc *p)
{
	return hypercall(__HYPERVISOR_mca, (uint64_t)p, 0, 0, 0, 0);
}

static void init_op(uint32_t cmd)
{
	__builtin_memset(&op, 0, sizeof(op));
	op.cmd = cmd;
	op.interface_version = XEN_MCA_INTERFACE_VERSION;
}

/* The APIC ids of the online CPUs, by platform_op get_cpuinfo. */
static unsigned int online_cpus(uint32_t apic_ids[MAX_CPUS])
{
	struct xen_platform_op pf;
	unsigned int n = 0;

	for (uint32_t cpu = 0; cpu < MAX_CPUS; cpu++) {
		__builtin_memset(&pf, 0, sizeof(pf));
		pf.cmd = XENPF_get_cpuinfo;
		pf.interface_version = XENPF_INTERFACE_VERSION;
		pf.u.pcpu_info.xen_cpuid = cpu;
		if (hypercall(__HYPERVISOR_platform_op, (uint64_t)&pf, 0, 0, 0,
			      0) != 0)
			test_fail("get_cpuinfo %u failed", cpu);
		if (pf.u.pcpu_info.flags & XEN_PCPU_FLAGS_ONLINE)
			apic_ids[n++] = pf.u.pcpu_info.apic_id;
	}
	return n;
}

static void test_errors(void)
{
	init_op(XEN_MC_physcpuinfo);
	op.interface_version = XEN_MCA_INTERFACE_VERSION - 1;
	CHECK_EQ("old interface version", mca(&op), -XEN_EACCES);
	init_op(99);
	CHECK_EQ("unknown op", mca(&op), -XEN_EINVAL);
	init_op(XEN_MC_notifydomain);
	CHECK_EQ("notifydomain", mca(&op), -XEN_EINVAL);
	CHECK_EQ("unreadable op", mca((struct xen_mc *)8), -XEN_EFAULT);
	init_op(XEN_MC_msrinject);
	op.u.mc_msrinject.mcinj_cpunr = 4000;
	op.u.mc_msrinject.mcinj_count = 1;
	op.u.mc_msrinject.mcinj_msr[0].reg = 0x17a; /* MCG_STATUS */
	printf("msrinject at CPU 4000: %ld\n", mca(&op));
	init_op(XEN_MC_mceinject);
	op.u.mc_mceinject.mceinj_cpunr = 4000;
	printf("mceinject at CPU 4000: %ld\n", mca(&op));
}

static void check_cpu(const struct mcinfo_logical_cpu *c, uint32_t nr,
		      uint32_t apic_id)
{
	struct cpuid_out r0 = xen_cpuid(0, 0), r1 = xen_cpuid(1, 0);
	uint32_t family = (r1.a >> 8) & 0xf, model = (r1.a >> 4) & 0xf;
	int amd = r0.b == 0x68747541; /* "Auth" */
	char vendor[13];

	if (family == 0xf)
		family += (r1.a >> 20) & 0xff;
	if (family >= 6)
		model |= ((r1.a >> 16) & 0xf) << 4;
	__builtin_memcpy(vendor, &r0.b, 4);
	__builtin_memcpy(vendor + 4, &r0.d, 4);
	__builtin_memcpy(vendor + 8, &r0.c, 4);
	vendor[12] = '\0';
	printf("cpu %u: apic %u cluster %u chip %u core %u thread %u "
	       "ncores %u/%u nthreads %u level %d\n",
	       c->mc_cpunr, c->mc_apicid, c->mc_clusterid, c->mc_chipid,
	       c->mc_coreid, c->mc_threadid, c->mc_ncores, c->mc_ncores_active,
	       c->mc_nthreads, c->mc_cpuid_level);
	printf("  vendor %u '%s' family %u model %u step %u cache %u/%u "
	       "'%s'\n",
	       c->mc_vendor, c->mc_vendorid, c->mc_family, c->mc_model,
	       c->mc_step, c->mc_cache_size, c->mc_cache_alignment,
	       c->mc_brandid);
	printf("  caps %x %x %x %x %x %x %x msrs %d: %lx=%lx\n",
	       c->mc_cpu_caps[0], c->mc_cpu_caps[1], c->mc_cpu_caps[2],
	       c->mc_cpu_caps[3], c->mc_cpu_caps[4], c->mc_cpu_caps[5],
	       c->mc_cpu_caps[6], c->mc_nmsrvals, c->mc_msrvalues[0].reg,
	       c->mc_msrvalues[0].value);
	CHECK_EQ("mc_cpunr", c->mc_cpunr, nr);
	CHECK_EQ("mc_apicid", c->mc_apicid, apic_id);
	CHECK_EQ("mc_clusterid", c->mc_clusterid, apic_id);
	CHECK_EQ("mc_vendorid", strcmp(c->mc_vendorid, vendor), 0);
	CHECK_EQ("mc_vendor", c->mc_vendor, amd ? 2 : 1);
	CHECK_EQ("mc_family", c->mc_family, family);
	CHECK_EQ("mc_model", c->mc_model, model);
	CHECK_EQ("mc_step", c->mc_step, r1.a & 0xf);
	if (c->mc_cpuid_level < (int32_t)r0.a)
		test_fail("mc_cpuid_level %d below the PV maximum %u",
			  c->mc_cpuid_level, r0.a);
	CHECK_EQ("leaf 1 EDX in mc_cpu_caps[0]",
		 c->mc_cpu_caps[0] & (BIT(0) | BIT(7) | BIT(14)),
		 r1.d & (BIT(0) | BIT(7) | BIT(14)));
	if (c->mc_nmsrvals < 1 || c->mc_nmsrvals > __MC_MSR_ARRAYSIZE)
		test_fail("mc_nmsrvals %d", c->mc_nmsrvals);
	CHECK_EQ("first MSR", c->mc_msrvalues[0].reg, MSR_IA32_MCG_CAP);
	if ((c->mc_msrvalues[0].value & 0xff) == 0)
		test_fail("MCG_CAP %lx: no banks", c->mc_msrvalues[0].value);
}

static void test_physcpuinfo(void)
{
	static uint32_t apic_ids[MAX_CPUS];
	unsigned int n = online_cpus(apic_ids);

	init_op(XEN_MC_physcpuinfo);
	op.u.mc_physcpuinfo.ncpus = 77;
	CHECK_EQ("physcpuinfo count", mca(&op), 0);
	CHECK_EQ("ncpus", op.u.mc_physcpuinfo.ncpus, n);
	CHECK_EQ("cmd kept", op.cmd, XEN_MC_physcpuinfo);

	init_op(XEN_MC_physcpuinfo);
	op.u.mc_physcpuinfo.info.p = cpus;
	CHECK_EQ("physcpuinfo ncpus 0", mca(&op), -XEN_EINVAL);
	op.u.mc_physcpuinfo.ncpus = n;
	op.u.mc_physcpuinfo.info.p = (struct mcinfo_logical_cpu *)8;
	CHECK_EQ("physcpuinfo unwritable", mca(&op), -XEN_EFAULT);

	__builtin_memset(cpus, 0xa5, sizeof(cpus));
	init_op(XEN_MC_physcpuinfo);
	op.u.mc_physcpuinfo.ncpus = MAX_CPUS;
	op.u.mc_physcpuinfo.info.p = cpus;
	CHECK_EQ("physcpuinfo", mca(&op), 0);
	CHECK_EQ("ncpus filled", op.u.mc_physcpuinfo.ncpus, n);
	for (unsigned int i = 0; i < n; i++)
		check_cpu(&cpus[i], i, apic_ids[i]);
	CHECK_EQ("entry after the last untouched", cpus[n].mc_cpunr,
		 0xa5a5a5a5);
}

static void test_fetch(void)
{
	static const uint32_t bad[] = { 0, XEN_MC_URGENT | XEN_MC_NONURGENT,
					XEN_MC_ACK };

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		init_op(XEN_MC_fetch);
		op.u.mc_fetch.flags = bad[i];
		op.u.mc_fetch.data.p = &telemetry;
		CHECK_EQ("fetch with bad flags", mca(&op), -XEN_EINVAL);
	}
	init_op(XEN_MC_fetch);
	op.u.mc_fetch.flags = XEN_MC_URGENT;
	CHECK_EQ("fetch without buffer", mca(&op), -XEN_EINVAL);
	for (uint32_t which = XEN_MC_NONURGENT; which <= XEN_MC_URGENT;
	     which++) {
		init_op(XEN_MC_fetch);
		op.u.mc_fetch.flags = which;
		op.u.mc_fetch.fetch_id = 0x1234;
		op.u.mc_fetch.data.p = &telemetry;
		CHECK_EQ("fetch", mca(&op), 0);
		CHECK_EQ("fetch flags", op.u.mc_fetch.flags, XEN_MC_NODATA);
		CHECK_EQ("fetch id", op.u.mc_fetch.fetch_id, 0);
	}
	init_op(XEN_MC_fetch);
	op.u.mc_fetch.flags = XEN_MC_URGENT | XEN_MC_ACK;
	CHECK_EQ("ack", mca(&op), 0);
	CHECK_EQ("ack writes nothing", op.u.mc_fetch.flags,
		 XEN_MC_URGENT | XEN_MC_ACK);
}

static void test_virq_and_cpuid(void)
{
	struct cpuid_out r0 = xen_cpuid(0, 0), r1 = xen_cpuid(1, 0);
	long port = ev_bind_virq(VIRQ_MCA, 0);

	if (port <= 0)
		test_fail("bind VIRQ_MCA: %ld", port);
	CHECK_EQ("VIRQ_MCA on vCPU 1", ev_bind_virq(VIRQ_MCA, 1), -XEN_EINVAL);
	CHECK_EQ("close", ev_close((uint32_t)port), 0);

	CHECK_EQ("CPUID 1 EDX MCE, MCA", r1.d & (BIT(7) | BIT(14)),
		 BIT(7) | BIT(14));
	if (r0.b == 0x68747541 && xen_cpuid(0x80000000, 0).a >= 0x80000001)
		CHECK_EQ("CPUID 0x80000001 EDX MCE, MCA",
			 xen_cpuid(0x80000001, 0).d & (BIT(7) | BIT(14)),
			 BIT(7) | BIT(14));
}

void test_main(void)
{
	if (!null_page_unmapped)
		test_error("page 0 is mapped");
	test_errors();
	test_physcpuinfo();
	test_fetch();
	test_virq_and_cpuid();
	test_success();
}
