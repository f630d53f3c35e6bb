/* SPDX-License-Identifier: MIT */
/*
 * The same set of Xen 4.17's own headers (Debian's libxen-dev), for the
 * reference side of the ABI check. Compiled with -D__XEN_TOOLS__ so that
 * the newest interface version and the domctl/sysctl structures are in.
 */
#include <xen/xen.h>
#include <xen/arch-x86/xen.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/callback.h>
#include <xen/domctl.h>
#include <xen/elfnote.h>
#include <xen/errno.h>
#include <xen/event_channel.h>
#include <xen/features.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/nmi.h>
#include <xen/physdev.h>
#include <xen/platform.h>
#include <xen/sched.h>
#include <xen/sysctl.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <xen/io/blkif.h>
#include <xen/io/console.h>
#include <xen/io/netif.h>
#include <xen/io/ring.h>
#include <xen/io/xs_wire.h>
#include <xen/arch-x86/xen-mca.h>
