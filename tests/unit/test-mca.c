/* unit-sources: hv/arch/x86/pv/mca.c */
/* SPDX-License-Identifier: MIT */
/*
 * The mca hypercall against a fake vCPU and guest memory: Xen's order of
 * checks (privilege before anything is read, then the op, then the
 * version), fetch's flag rules and its NODATA answer, physcpuinfo's
 * count, its records (from a fake three-CPU machine), a short buffer, a
 * zero count, an unwritable buffer (the count still written back), no
 * memory, and the refused injections.
 */
#include <stdlib.h>

#include <asm/mca.h>
#include <satori/smp.h>
#include <satori/xmalloc.h>

#include "check.h"
#include "fake-guest.h"

#define OP FG_BASE
#define BUF (FG_BASE + 4096)
#define NCPUS 3

static int alloc_fails;
static unsigned int describe_calls, logs;

void *xzalloc_array_bytes(size_t n, size_t size)
{
	return alloc_fails ? NULL : calloc(n, size);
}

void xfree(void *p)
{
	free(p);
}

void log_printf(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
	logs++;
}

unsigned int num_online_cpus(void)
{
	return NCPUS;
}

/* CPU i: APIC ID 2 * i, MCG_CAP 0x100 + i. */
unsigned int mca_describe_online_cpus(struct mcinfo_logical_cpu *out,
				      unsigned int max)
{
	unsigned int i;

	describe_calls++;
	for (i = 0; i < max && i < NCPUS; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].mc_cpunr = i;
		out[i].mc_apicid = 2 * i;
		out[i].mc_nmsrvals = 1;
		out[i].mc_msrvalues[0].reg = 0x179;
		out[i].mc_msrvalues[0].value = 0x100 + i;
	}
	return i;
}

static struct xen_mc *op_at(uint64_t va)
{
	return fg_ptr(va);
}

static struct xen_mc *new_op(uint32_t cmd)
{
	struct xen_mc *op = op_at(OP);

	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	op->interface_version = XEN_MCA_INTERFACE_VERSION;
	return op;
}

static void reset(void)
{
	fg_reset();
	fg_dom.is_privileged = true;
	alloc_fails = 0;
	describe_calls = logs = 0;
}

static void test_checks(void)
{
	struct xen_mc *op;

	reset();
	fg_dom.is_privileged = false;
	CHECK_EQ(do_mca(FG_HOLE_VA), -EPERM); /* before the op is read */
	fg_dom.is_privileged = true;
	CHECK_EQ(do_mca(FG_HOLE_VA), -EFAULT);
	CHECK_EQ(do_mca(FG_BASE + FG_PAGES * 4096ULL - 8), -EFAULT);
	op = new_op(XEN_MC_physcpuinfo);
	op->interface_version = XEN_MCA_INTERFACE_VERSION + 1;
	CHECK_EQ(do_mca(OP), -EACCES);
	CHECK_EQ(op->u.mc_physcpuinfo.ncpus, 0); /* nothing written */
	new_op(XEN_MC_notifydomain);
	CHECK_EQ(do_mca(OP), -EINVAL);
	new_op(0);
	CHECK_EQ(do_mca(OP), -EINVAL);
	new_op(7);
	CHECK_EQ(do_mca(OP), -EINVAL);
	CHECK_EQ(describe_calls, 0);
}

static void test_fetch(void)
{
	struct xen_mc *op;

	reset();
	op = new_op(XEN_MC_fetch);
	op->u.mc_fetch.data.p = BUF;
	CHECK_EQ(do_mca(OP), -EINVAL); /* neither urgent nor not */
	op->u.mc_fetch.flags = XEN_MC_URGENT | XEN_MC_NONURGENT;
	CHECK_EQ(do_mca(OP), -EINVAL);
	op->u.mc_fetch.flags = XEN_MC_URGENT;
	op->u.mc_fetch.data.p = 0;
	CHECK_EQ(do_mca(OP), -EINVAL);	    /* no buffer */
	op->u.mc_fetch.data.p = FG_HOLE_VA; /* never written: no data */
	op->u.mc_fetch.fetch_id = 99;
	CHECK_EQ(do_mca(OP), 0);
	CHECK_EQ(op->u.mc_fetch.flags, XEN_MC_NODATA);
	CHECK_EQ(op->u.mc_fetch.fetch_id, 0);
	CHECK_EQ(op->u.mc_fetch.data.p, FG_HOLE_VA);
	op->u.mc_fetch.flags = XEN_MC_NONURGENT | XEN_MC_ACK;
	op->u.mc_fetch.fetch_id = 5;
	op->u.mc_fetch.data.p = 0; /* an ack needs no buffer */
	CHECK_EQ(do_mca(OP), 0);
	CHECK_EQ(op->u.mc_fetch.flags, XEN_MC_NONURGENT | XEN_MC_ACK);
	CHECK_EQ(op->u.mc_fetch.fetch_id, 5);
}

static void test_physcpuinfo(void)
{
	struct mcinfo_logical_cpu *cpus = fg_ptr(BUF);
	struct xen_mc *op;

	reset();
	op = new_op(XEN_MC_physcpuinfo);
	op->u.mc_physcpuinfo.ncpus = 40;
	CHECK_EQ(do_mca(OP), 0);
	CHECK_EQ(op->u.mc_physcpuinfo.ncpus, NCPUS);
	CHECK_EQ(describe_calls, 0); /* counting reads no CPU */

	op->u.mc_physcpuinfo.ncpus = 0;
	op->u.mc_physcpuinfo.info.p = BUF;
	CHECK_EQ(do_mca(OP), -EINVAL);

	memset(cpus, 0xa5, 4 * sizeof(*cpus));
	op->u.mc_physcpuinfo.ncpus = 40;
	CHECK_EQ(do_mca(OP), 0);
	CHECK_EQ(op->u.mc_physcpuinfo.ncpus, NCPUS);
	for (unsigned int i = 0; i < NCPUS; i++) {
		CHECK_EQ(cpus[i].mc_cpunr, i);
		CHECK_EQ(cpus[i].mc_apicid, 2 * i);
		CHECK_EQ(cpus[i].mc_msrvalues[0].value, 0x100 + i);
	}
	CHECK_EQ(cpus[NCPUS].mc_cpunr, 0xa5a5a5a5u);

	/* Fewer than online: only those, and the count says so. */
	memset(cpus, 0xa5, 4 * sizeof(*cpus));
	op->u.mc_physcpuinfo.ncpus = 2;
	CHECK_EQ(do_mca(OP), 0);
	CHECK_EQ(op->u.mc_physcpuinfo.ncpus, 2);
	CHECK_EQ(cpus[1].mc_apicid, 2);
	CHECK_EQ(cpus[2].mc_cpunr, 0xa5a5a5a5u);

	/* The buffer runs into the hole: -EFAULT, count written anyway. */
	op->u.mc_physcpuinfo.info.p = FG_HOLE_VA - sizeof(*cpus);
	op->u.mc_physcpuinfo.ncpus = 40;
	CHECK_EQ(do_mca(OP), -EFAULT);
	CHECK_EQ(op->u.mc_physcpuinfo.ncpus, NCPUS);

	alloc_fails = 1;
	op->u.mc_physcpuinfo.info.p = BUF;
	op->u.mc_physcpuinfo.ncpus = 40;
	CHECK_EQ(do_mca(OP), -ENOMEM);
	CHECK_EQ(op->u.mc_physcpuinfo.ncpus, 40); /* untouched */
}

static void test_injection(void)
{
	static const uint32_t cmds[] = { XEN_MC_msrinject, XEN_MC_mceinject,
					 XEN_MC_inject_v2 };

	reset();
	for (unsigned int i = 0; i < 3; i++) {
		struct xen_mc *op = new_op(cmds[i]);

		op->u.mc_msrinject.mcinj_count = 1;
		CHECK_EQ(do_mca(OP), -ENODEV);
	}
	CHECK_EQ(logs, 1); /* the first refusal only */
}

int main(void)
{
	test_checks();
	test_fetch();
	test_physcpuinfo();
	test_injection();
	return check_summary("test-mca");
}
