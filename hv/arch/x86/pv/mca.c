/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_mca (48): the machine-check interface of the control domain,
 * with Xen 4.17's checks and errors. physcpuinfo describes the online
 * CPUs (Linux's mcelog driver needs it to register /dev/mcelog); fetch
 * answers XEN_MC_NODATA because satori collects no telemetry (it has no
 * #MC handling and polls no banks); notifydomain is refused as in Xen.
 * Injection needs machine-check handling satori lacks, so msrinject,
 * mceinject and inject_v2 get -ENODEV, Xen's answer when its MCA support
 * is off, and the first refusal is logged.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/log.h>
#include <satori/smp.h>
#include <satori/xmalloc.h>

#include <asm/mca.h>

static long mca_fetch(struct xen_mc *op, uint64_t arg)
{
	struct xen_mc_fetch *f = &op->u.mc_fetch;
	uint32_t which = f->flags & (XEN_MC_NONURGENT | XEN_MC_URGENT);

	if (which != XEN_MC_NONURGENT && which != XEN_MC_URGENT)
		return -EINVAL;
	/* Nothing was ever handed out, so there is nothing to release. */
	if (f->flags & XEN_MC_ACK)
		return 0;
	if (f->data.p == 0)
		return -EINVAL;
	f->flags = XEN_MC_OK | XEN_MC_NODATA;
	f->fetch_id = 0;
	return copy_to_guest_raw(arg, op, sizeof(*op)) ? -EFAULT : 0;
}

/* Up to @want entries into the guest's buffer; -errno or 0, and the
 * number given in @given. */
static long physcpuinfo_fill(uint64_t info, uint32_t want, uint32_t *given)
{
	unsigned int online = num_online_cpus();
	struct mcinfo_logical_cpu *cpus;
	long rc = 0;

	cpus = xzalloc_array_bytes(online, sizeof(*cpus));
	if (!cpus)
		return -ENOMEM;
	/* Every CPU is described so that core counts are complete. */
	online = mca_describe_online_cpus(cpus, online);
	*given = want < online ? want : online;
	if (copy_to_guest_raw(info, cpus, *given * sizeof(*cpus)))
		rc = -EFAULT;
	xfree(cpus);
	return rc;
}

static long mca_physcpuinfo(struct xen_mc *op, uint64_t arg)
{
	struct xen_mc_physcpuinfo *p = &op->u.mc_physcpuinfo;
	uint32_t n = num_online_cpus();
	long rc = 0;

	if (p->info.p != 0) {
		if (p->ncpus == 0)
			return -EINVAL;
		rc = physcpuinfo_fill(p->info.p, p->ncpus, &n);
		if (rc == -ENOMEM)
			return rc;
	}
	/* As Xen: the count goes back even when the entries did not. */
	p->ncpus = n;
	if (copy_to_guest_raw(arg, op, sizeof(*op)))
		return -EFAULT;
	return rc;
}

static long mca_inject_refused(uint32_t cmd)
{
	static bool logged;

	if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
		log_printf(LOG_WARN | LOG_GUEST,
			   "d%u: mca op %u: no machine-check handling to "
			   "inject into: -ENODEV\n",
			   current->domain->domain_id, cmd);
	return -ENODEV;
}

long do_mca(uint64_t arg)
{
	struct xen_mc op;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_MCA_INTERFACE_VERSION)
		return -EACCES;
	switch (op.cmd) {
	case XEN_MC_fetch:
		return mca_fetch(&op, arg);
	case XEN_MC_physcpuinfo:
		return mca_physcpuinfo(&op, arg);
	case XEN_MC_msrinject:
	case XEN_MC_mceinject:
	case XEN_MC_inject_v2:
		return mca_inject_refused(op.cmd);
	case XEN_MC_notifydomain:
	default:
		return -EINVAL;
	}
}
