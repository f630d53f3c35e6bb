/* SPDX-License-Identifier: MIT */
/*
 * console/hello: the smallest test. A console_io write of a line returns 0,
 * and so does a write of zero bytes.
 */
#include <guest/test.h>

const char test_name[] = "console/hello";

void test_main(void)
{
	static const char line[] = "hello from a satori test kernel\n";
	long rc;

	rc = hc_console_write(line, sizeof(line) - 1);
	CHECK_EQ("console_io write", rc, 0);
	rc = hc_console_write(line, 0);
	CHECK_EQ("console_io write of 0 bytes", rc, 0);
	printf("command line: '%s'\n", start_info->cmd_line);
	test_success();
}
