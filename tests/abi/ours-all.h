/* SPDX-License-Identifier: MIT */
/*
 * Every public header of ours, for the ABI check (dump.c with ABI_OURS,
 * foreign.c, and the AST gen-list.py reads). Included with -Ihv/include.
 */
#include <public/xen.h>
#include <public/arch-x86/xen.h>
#include <public/arch-x86/xen-x86_64.h>
#include <public/arch-x86/cpuid.h>
#include <public/callback.h>
#include <public/domctl.h>
#include <public/elfnote.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/features.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/nmi.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/sched.h>
#include <public/sysctl.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/io/blkif.h>
#include <public/io/console.h>
#include <public/io/netif.h>
#include <public/io/ring.h>
#include <public/io/xs_wire.h>
#include <public/arch-x86/xen-mca.h>
