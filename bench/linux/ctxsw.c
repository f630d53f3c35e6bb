/* SPDX-License-Identifier: MIT */
/*
 * Pipe ping-pong between two processes, pinned to the same vCPU or to two
 * different ones: the Linux context-switch and cross-vCPU wake-up cost
 * that lmb's pipe_ctx rows mix together (docs/performance.md). Each hop
 * is one write that wakes the other process and one read that blocks.
 * Usage: ctxsw [same|cross|free|all] [round trips]; prints
 * "ctxsw: <mode> <us per hop>" per mode. `ctxsw ring2|ring8 <laps>` runs
 * lmb's unpinned pipe ring instead and `ctxsw open <n>` lmb's open+close;
 * both also print what the kernel counted meanwhile ("ctxsw: stat ..."
 * lines: per-process scheduler statistics, /proc/interrupts, /proc/stat
 * and /proc/schedstat per CPU, /proc/vmstat), per hop or per operation.
 * `ctxsw mmap|fault|fork <n>` runs lmb's mmap 64 MiB, page fault (one
 * touched page of a fresh mapping) or fork+exit @n times, with the same
 * counters per operation (bench/run-ctxsw.py --perfc adds satori's).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mmap-op.h"
#include "pipe-ring.h"

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

/* ---- Kernel counters around a run (the ring and open modes) ---------- */

#define SNAP_MAX 65536

/* The whole of @path into @buf (NUL-terminated; empty if unreadable). */
static void slurp(const char *path, char *buf)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = 0, r;

	if (fd >= 0) {
		while (n < SNAP_MAX - 1 &&
		       (r = read(fd, buf + n, SNAP_MAX - 1 - n)) > 0)
			n += r;
		close(fd);
	}
	buf[n] = 0;
}

/* The line of @text whose first word is @key (NULL if none). */
static const char *find_line(const char *text, const char *key)
{
	size_t k = strlen(key);

	for (const char *l = text; l && *l;
	     l = strchr(l, '\n'), l = l ? l + 1 : l) {
		while (*l == ' ')
			l++;
		if (!strncmp(l, key, k) &&
		    (l[k] == ' ' || l[k] == ':' || l[k] == '\t'))
			return l + k;
	}
	return NULL;
}

/* Scheduler fields that are times or averages, not counts: left out. */
static bool noise_key(const char *key)
{
	return !strncmp(key, "se.avg", 6) || strstr(key, "exec_start") ||
	       strstr(key, "vruntime") || strstr(key, "clock-delta");
}

/*
 * For every line of @after that starts with a word followed by numbers,
 * print the per-@div deltas against the same line of @before (lines
 * without any change are left out). @tag names the file.
 */
static void print_deltas(const char *tag, const char *before, const char *after,
			 double div)
{
	for (const char *l = after; *l;) {
		const char *end = strchr(l, '\n'), *p, *q;
		char key[64];
		int k = 0;

		while (*l == ' ')
			l++;
		while (*l && *l != ' ' && *l != ':' && *l != '\n' && k < 63)
			key[k++] = *l++;
		key[k] = 0;
		p = l;
		q = k ? find_line(before, key) : NULL;
		if (k && !*before)
			q = " 0 0 0 0 0 0 0 0 0 0 0 0";
		if (q && !noise_key(key)) {
			char out[512];
			int o = 0, changed = 0;

			for (int i = 0; i < 12; i++) {
				char *pe, *qe;
				while (*p == ' ' || *p == ':' || *p == '\t')
					p++;
				while (*q == ' ' || *q == ':' || *q == '\t')
					q++;
				long long a = strtoll(p, &pe, 10);
				long long b = strtoll(q, &qe, 10);
				if (pe == p || qe == q)
					break;
				changed |= a != b;
				o += snprintf(out + o, sizeof(out) - o, " %.3f",
					      (double)(a - b) / div);
				p = pe;
				q = qe;
			}
			if (changed)
				printf("ctxsw: stat %s %s%s\n", tag, key, out);
		}
		if (!end)
			break;
		l = end + 1;
	}
}

static const char *const snap_files[] = {
	"/proc/interrupts",
	"/proc/stat",
	"/proc/schedstat",
	"/proc/vmstat",
};
#define NSNAP (sizeof(snap_files) / sizeof(snap_files[0]))

static void snap(char (*bufs)[SNAP_MAX])
{
	for (unsigned int i = 0; i < NSNAP; i++)
		slurp(snap_files[i], bufs[i]);
}

static char snap_before[NSNAP][SNAP_MAX], snap_after[NSNAP][SNAP_MAX];
static char sched_before[SNAP_MAX], sched_after[SNAP_MAX];

static void print_snap_deltas(double div)
{
	for (unsigned int i = 0; i < NSNAP; i++)
		print_deltas(snap_files[i] + 6, snap_before[i], snap_after[i],
			     div);
}

/* /proc/<pid>/sched of @pid, counted from zero (a fresh child). */
static void print_task_sched(const char *who, pid_t pid, double div)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/sched", (int)pid);
	slurp(path, sched_after);
	print_deltas(who, "", sched_after, div);
}

/*
 * lmb's pipe ring (bench/linux/pipe-ring.h, as lmb's pipe_ctx_us): @nproc
 * processes, unpinned, pass a byte around @laps times; us per hop and the
 * counters.
 */
static void ring(int nproc, long laps)
{
	struct pipe_ring r;
	const char *failed = pipe_ring_start(&r, nproc);
	char who[16];
	double t0, hops = (double)laps * nproc;

	if (failed)
		die(failed);
	slurp("/proc/self/sched", sched_before);
	snap(snap_before);
	t0 = now_us();
	if (pipe_ring_laps(&r, laps))
		die("pipe ring");
	t0 = (now_us() - t0) / hops;
	snap(snap_after);
	slurp("/proc/self/sched", sched_after);
	printf("ctxsw: ring%d %.3f\n", nproc, t0);
	print_snap_deltas(hops);
	print_deltas("sched-parent", sched_before, sched_after, hops);
	for (int i = 1; i < nproc; i++) {
		snprintf(who, sizeof(who), "sched-child%d", i);
		print_task_sched(who, r.kids[i], hops);
		kill(r.kids[i], SIGKILL);
		waitpid(r.kids[i], NULL, 0);
	}
	pipe_ring_close(&r);
}

/* lmb's open_close: @n open+close pairs of one file; us each, counters. */
static void open_close(long n)
{
	const char *file = "/tmp/ctxsw-file";
	double t0;

	close(open(file, O_WRONLY | O_CREAT, 0644));
	for (long i = 0; i < n / 10; i++)
		close(open(file, O_RDONLY));
	snap(snap_before);
	t0 = now_us();
	for (long i = 0; i < n; i++)
		close(open(file, O_RDONLY));
	t0 = (now_us() - t0) / (double)n;
	snap(snap_after);
	printf("ctxsw: open %.3f\n", t0);
	print_snap_deltas((double)n);
}

/* lmb's op_mmap_64m (mmap-op.h): map, touch one byte every 16 KiB, unmap. */
static void mmap_64m(void)
{
	if (mmap_op_64m())
		die("mmap");
}

/* lmb's page_fault: touch each page of a fresh 256-page mapping. */
static void fault_256(void)
{
	const long pg = sysconf(_SC_PAGESIZE), n = 256;
	char *m = mmap(NULL, n * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		die("mmap");
	for (long i = 0; i < n; i++)
		m[i * pg] = 1;
	munmap(m, n * pg);
}

static void fork_exit(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid(pid, NULL, 0) != pid)
		die("fork");
}

/* @n runs of @op after one warm-up, with the kernel's counters; time
 * and counters per unit, a run being @per_run units (faults). */
static void memory_op(const char *name, void (*op)(void), long n,
		      double per_run)
{
	double t0;

	op();
	snap(snap_before);
	t0 = now_us();
	for (long i = 0; i < n; i++)
		op();
	t0 = (now_us() - t0) / ((double)n * per_run);
	snap(snap_after);
	printf("ctxsw: %s %.3f\n", name, t0);
	print_snap_deltas((double)n * per_run);
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
	if (!strcmp(mode, "ring2"))
		ring(2, trips);
	if (!strcmp(mode, "ring8"))
		ring(8, trips);
	if (!strcmp(mode, "open"))
		open_close(trips);
	if (!strcmp(mode, "mmap"))
		memory_op("mmap", mmap_64m, trips, 1);
	if (!strcmp(mode, "fault"))
		memory_op("fault", fault_256, trips, 256);
	if (!strcmp(mode, "fork"))
		memory_op("fork", fork_exit, trips, 1);
	if (all || !strcmp(mode, "free"))
		printf("ctxsw: free %.3f\n", ping_pong_us(-1, -1, trips));
	printf("ctxsw: done\n");
	return 0;
}
