/* SPDX-License-Identifier: MIT */
/* unit-sources: hv/common/bootdom-opt.c hv/common/cmdline.c */
/*
 * bootdom= and dom0=: well-formed entries with every item, and malformed
 * ones, each refused with a reason, leaving the accumulated list alone.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <satori/bootdom.h>
#include <satori/cmdline.h>
#include <satori/log.h>
#include <satori/param.h>

#include "check.h"

static char last_log[256];

void log_printf(int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	vsnprintf(last_log, sizeof(last_log), fmt, ap);
	va_end(ap);
}

static void test_full_entry(void)
{
	struct bootdom_opt o;
	const char *why;

	CHECK_EQ(bootdom_parse(
			 "name:web,mem:64M,vcpus:2,kernel:3,ramdisk:4,priv", &o,
			 &why),
		 0);
	CHECK_EQ(strcmp(o.name, "web"), 0);
	CHECK_EQ(o.mem_bytes, 64ULL << 20);
	CHECK_EQ(o.vcpus, 2u);
	CHECK_EQ(o.kernel_mod, 3u);
	CHECK_EQ(o.ramdisk_mod, 4u);
	CHECK(o.priv);
	/* Order does not matter; vcpus defaults to 1, no ramdisk. */
	CHECK_EQ(bootdom_parse("kernel:1,mem:1G,name:a", &o, &why), 0);
	CHECK_EQ(o.vcpus, 1u);
	CHECK_EQ(o.ramdisk_mod, 0u);
	CHECK(!o.priv);
	CHECK_EQ(o.mem_bytes, 1ULL << 30);
	CHECK_EQ(o.maxmem_bytes, 0ULL);
	/* maxmem: the balloon limit, at least mem. */
	CHECK_EQ(bootdom_parse("name:b,mem:16M,maxmem:32M,kernel:1", &o, &why),
		 0);
	CHECK_EQ(o.maxmem_bytes, 32ULL << 20);
	CHECK_EQ(bootdom_parse("name:b,mem:16M,maxmem:16M,kernel:1", &o, &why),
		 0);
	CHECK_EQ(o.maxmem_bytes, 16ULL << 20);
}

static void refused(const char *s, const char *reason)
{
	struct bootdom_opt o;
	const char *why = "";

	CHECK_EQ(bootdom_parse(s, &o, &why), -22);
	CHECK_EQ(strcmp(why, reason), 0);
}

static void test_malformed(void)
{
	refused("", "empty");
	refused("name:a,mem:8M", "needs name, mem and kernel");
	refused("name:a,kernel:1", "needs name, mem and kernel");
	refused("mem:8M,kernel:1", "needs name, mem and kernel");
	refused("name:a,mem:lots,kernel:1", "bad value");
	refused("name:a,mem:8M,kernel:0", "bad value");
	refused("name:a,mem:8M,kernel:33", "bad value");
	refused("name:a,mem:8M,kernel:1x", "bad value");
	refused("name:a,mem:8M,kernel:1,vcpus:65", "bad value");
	refused("name:,mem:8M,kernel:1", "bad value");
	refused("name:0123456789012345678901234567890123,mem:8M,kernel:1",
		"bad value");
	refused("name:a,mem:8M,kernel:1,colour:blue", "unknown item");
	refused("name:a,mem:8M,kernel:1,privileged", "unknown item");
	refused("name:a,mem:8M,maxmem:4M,kernel:1", "maxmem below mem");
	refused("name:a,mem:8M,maxmem:0,kernel:1", "bad value");
	refused("name:a,mem:8M,maxmem:big,kernel:1", "bad value");
	refused("name:a,mem:8M,kernel:2,ramdisk:2",
		"ramdisk is the kernel module");
}

/* The option handlers: entries accumulate, bad ones are skipped. */
static void test_accumulate(void)
{
	CHECK_EQ(bootdom_param_add("name:a,mem:8M,kernel:1"), 0);
	CHECK_EQ(bootdom_param_add("name:b,mem:x,kernel:1"), -22);
	CHECK(strstr(last_log, "bootdom=name:b,mem:x,kernel:1: bad value") !=
	      NULL);
	CHECK_EQ(bootdom_param_add(NULL), -22);
	CHECK_EQ(bootdom_param_add("name:c,mem:16M,kernel:2"), 0);
	CHECK_EQ(dom0_param_parse("none"), 0);
	CHECK_EQ(opt_nr_bootdoms, 2u);
	CHECK_EQ(strcmp(opt_bootdoms[0].name, "a"), 0);
	CHECK_EQ(strcmp(opt_bootdoms[1].name, "c"), 0);
	CHECK(opt_dom0_none);
	CHECK_EQ(dom0_param_parse("pv"), 0);
	CHECK(!opt_dom0_none);
	CHECK_EQ(dom0_param_parse("pvh"), -22);
	CHECK_EQ(dom0_param_parse(NULL), -22);
	for (unsigned int i = 2; i < BOOTDOM_MAX; i++)
		CHECK_EQ(bootdom_param_add("name:x,mem:8M,kernel:1"), 0);
	CHECK_EQ(bootdom_param_add("name:y,mem:8M,kernel:1"), -22);
	CHECK_EQ(opt_nr_bootdoms, (unsigned int)BOOTDOM_MAX);
}

const struct kernel_param *param_table(size_t *n)
{
	*n = 0;
	return NULL;
}

int main(void)
{
	test_full_entry();
	test_malformed();
	test_accumulate();
	return check_summary("bootdom");
}
