/* SPDX-License-Identifier: MIT */
/*
 * Pipe ping-pong between two processes, pinned to the same vCPU or to two
 * different ones: the Linux context-switch and cross-vCPU wake-up cost
 * that lmb's pipe_ctx rows mix together (docs/performance.md). Each hop
 * is one write that wakes the other process and one read that blocks.
 * Usage: ctxsw [same|cross|free|all] [round trips]; prints
 * "ctxsw: <mode> <us per hop>" per mode.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static double now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec * 1e6 + tv.tv_usec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Pin the calling process to @cpu; -1 leaves it free. */
static void pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

/* The child echoes every byte back until its pipe closes. */
static void echo_child(int in, int out, int cpu)
{
	char c;

	pin(cpu);
	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			break;
	_exit(0);
}

static double ping_pong_us(int parent_cpu, int child_cpu, long trips)
{
	int to_child[2], to_parent[2];
	char c = 'x';
	pid_t kid;
	double t0;

	if (pipe(to_child) || pipe(to_parent))
		die("pipe");
	kid = fork();
	if (kid < 0)
		die("fork");
	if (kid == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		echo_child(to_child[0], to_parent[1], child_cpu);
	}
	close(to_child[0]);
	close(to_parent[1]);
	pin(parent_cpu);
	/* Warm up: both processes placed, pipes' pages touched. */
	for (int i = 0; i < 100; i++)
		if (write(to_child[1], &c, 1) != 1 ||
		    read(to_parent[0], &c, 1) != 1)
			die("warm-up");
	t0 = now_us();
	for (long i = 0; i < trips; i++)
		if (write(to_child[1], &c, 1) != 1 ||
		    read(to_parent[0], &c, 1) != 1)
			die("ping-pong");
	t0 = (now_us() - t0) / (double)(2 * trips);
	close(to_child[1]);
	close(to_parent[0]);
	waitpid(kid, NULL, 0);
	return t0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "all";
	long trips = argc > 2 ? atol(argv[2]) : 5000;
	bool all = !strcmp(mode, "all");

	if (trips <= 0)
		trips = 5000;
	if (all || !strcmp(mode, "same"))
		printf("ctxsw: same %.3f\n", ping_pong_us(0, 0, trips));
	if (all || !strcmp(mode, "cross"))
		printf("ctxsw: cross %.3f\n", ping_pong_us(0, 1, trips));
	if (all || !strcmp(mode, "free"))
		printf("ctxsw: free %.3f\n", ping_pong_us(-1, -1, trips));
	printf("ctxsw: done\n");
	return 0;
}
