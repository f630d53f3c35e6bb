/* SPDX-License-Identifier: MIT */
/*
 * stress: a timed load for Linux dom0 that works the PV paths hardest hit
 * by ordinary programs: fork and exec (page-table pinning, copy-on-write,
 * teardown), anonymous memory faulted in, checked, protected and given
 * back, and pipes between processes on different vCPUs (event-channel
 * wake-ups). One worker of each kind is pinned to every online CPU.
 * Every worker checks the data it moves, so a wrong mapping or a lost
 * write shows as an error, not just as a crash. Each does at least one
 * round of everything, past the deadline if the host is slow, so a PASS
 * always covers every path.
 *
 * usage: stress [seconds]   (default: stress.seconds= on the kernel
 * command line, else 60). Prints "stress: start", a progress line every 10
 * seconds, the totals, then "stress: PASS" or "stress: FAIL ..." and
 * "stress: end"; the exit status is 0 only on PASS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL
#define FORK_BUF (2UL << 20)
#define MEM_BUF (4UL << 20)
#define PIPE_MSG 512

enum { FORKS, EXECS, PAGES, PIPE_MSGS, ERRORS, NR_COUNTERS };
static const char *const counter_names[NR_COUNTERS] = { "forks", "execs",
							"pages", "pipe_msgs",
							"errors" };

/* Shared with every worker (MAP_SHARED): totals the parent prints. */
static volatile uint64_t *counters;
static double deadline;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void count(int which, uint64_t n)
{
	__atomic_add_fetch(&counters[which], n, __ATOMIC_RELAXED);
}

static void fail(const char *what)
{
	fprintf(stderr, "stress: error: %s (%s)\n", what, strerror(errno));
	count(ERRORS, 1);
}

static void pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fail("sched_setaffinity");
}

/* The word every page of a buffer holds in a given round. */
static uint64_t pattern(const void *page, uint64_t round)
{
	return ((uintptr_t)page / PAGE) * 0x9e3779b97f4a7c15ULL + round;
}

static void fill(char *buf, size_t len, uint64_t round)
{
	for (size_t off = 0; off < len; off += PAGE)
		*(uint64_t *)(buf + off) = pattern(buf + off, round);
}

static int check(const char *buf, size_t len, uint64_t round)
{
	for (size_t off = 0; off < len; off += PAGE)
		if (*(const uint64_t *)(buf + off) != pattern(buf + off, round))
			return -1;
	return 0;
}

/* Wait for a child; a non-zero or abnormal status is an error. */
static void reap(pid_t pid, const char *what)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		fail(what);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "stress: error: %s: status 0x%x\n", what,
			status);
		count(ERRORS, 1);
	}
}

/*
 * Fork: the child overwrites its copy-on-write view of the parent's
 * buffer and checks it; the parent's copy must not change. Every fourth
 * round, the first included (a slow host may allow only a few), the
 * child execs busybox's true instead (a fresh address space).
 */
static void fork_worker(void)
{
	char *buf = malloc(FORK_BUF);

	if (!buf) {
		fail("malloc");
		return;
	}
	for (uint64_t round = 1; round <= 2 || now_s() < deadline; round++) {
		bool exec_round = round % 4 == 1;

		fill(buf, FORK_BUF, round);
		pid_t pid = fork();

		if (pid < 0) {
			fail("fork");
			continue;
		}
		if (pid == 0) {
			if (exec_round) {
				execl("/bin/true", "true", (char *)NULL);
				_exit(3);
			}
			int bad = check(buf, FORK_BUF, round);

			fill(buf, FORK_BUF, round + 1);
			bad |= check(buf, FORK_BUF, round + 1);
			_exit(bad ? 2 : 0);
		}
		reap(pid, exec_round ? "exec child" : "fork child");
		count(exec_round ? EXECS : FORKS, 1);
		if (check(buf, FORK_BUF, round)) {
			errno = 0;
			fail("parent's buffer changed by its child");
		}
	}
	free(buf);
}

/* One round of the memory worker over a fresh anonymous mapping. */
static void memory_round(uint64_t round)
{
	char *buf = mmap(NULL, MEM_BUF, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (buf == MAP_FAILED) {
		fail("mmap");
		return;
	}
	fill(buf, MEM_BUF, round);
	if (mprotect(buf, MEM_BUF / 2, PROT_READ))
		fail("mprotect read-only");
	if (check(buf, MEM_BUF, round)) {
		errno = 0;
		fail("anonymous memory lost a write");
	}
	/* Given back, the first half must read as zeros when touched again. */
	if (madvise(buf, MEM_BUF / 2, MADV_DONTNEED))
		fail("madvise");
	for (size_t off = 0; off < MEM_BUF / 2; off += PAGE)
		if (*(volatile uint64_t *)(buf + off) != 0) {
			errno = 0;
			fail("page not zero after MADV_DONTNEED");
			break;
		}
	if (mprotect(buf, MEM_BUF / 2, PROT_READ | PROT_WRITE))
		fail("mprotect read-write");
	fill(buf, MEM_BUF / 2, round);
	if (munmap(buf, MEM_BUF))
		fail("munmap");
	count(PAGES, MEM_BUF / PAGE + MEM_BUF / 2 / PAGE);
}

static void memory_worker(void)
{
	for (uint64_t round = 1; round <= 1 || now_s() < deadline; round++)
		memory_round(round);
}

static int full_io(int fd, void *buf, size_t len, int writing)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = writing ? write(fd, (char *)buf + done, len - done)
				    : read(fd, (char *)buf + done, len - done);
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/*
 * Pipes: a message goes to an echo process pinned to the next CPU and
 * comes back; both sides check the sequence number it carries.
 */
static void echo_loop(int in, int out)
{
	uint64_t msg[PIPE_MSG / 8];

	while (full_io(in, msg, sizeof(msg), 0) == 0)
		if (full_io(out, msg, sizeof(msg), 1))
			_exit(1);
	_exit(0);
}

static void pipe_worker(int cpu, int ncpus)
{
	int to[2], from[2];
	uint64_t msg[PIPE_MSG / 8];

	if (pipe(to) || pipe(from)) {
		fail("pipe");
		return;
	}
	pid_t pid = fork();

	if (pid < 0)
		fail("fork echo process");
	if (pid == 0) {
		pin_to((cpu + 1) % ncpus);
		close(to[1]);
		close(from[0]);
		echo_loop(to[0], from[1]);
	}
	close(to[0]);
	close(from[1]);
	for (uint64_t seq = 1; pid > 0 && (seq <= 1 || now_s() < deadline);
	     seq++) {
		for (size_t i = 0; i < PIPE_MSG / 8; i++)
			msg[i] = seq * 131 + i;
		if (full_io(to[1], msg, sizeof(msg), 1) ||
		    full_io(from[0], msg, sizeof(msg), 0)) {
			fail("pipe transfer");
			break;
		}
		if (msg[0] != seq * 131 ||
		    msg[PIPE_MSG / 8 - 1] != seq * 131 + PIPE_MSG / 8 - 1) {
			errno = 0;
			fail("pipe message changed");
		}
		count(PIPE_MSGS, 1);
	}
	close(to[1]);
	if (pid > 0)
		reap(pid, "echo process");
}

static pid_t start_worker(int kind, int cpu, int ncpus)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	pin_to(cpu);
	if (kind == 0)
		fork_worker();
	else if (kind == 1)
		memory_worker();
	else
		pipe_worker(cpu, ncpus);
	_exit(0);
}

static double seconds_from_cmdline(void)
{
	char line[4096] = "";
	FILE *f = fopen("/proc/cmdline", "r");

	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	const char *p = strstr(line, "stress.seconds=");

	return p ? atof(p + strlen("stress.seconds=")) : 60;
}

static void print_totals(const char *prefix)
{
	printf("stress: %s", prefix);
	for (int i = 0; i < NR_COUNTERS; i++)
		printf(" %s=%llu", counter_names[i],
		       (unsigned long long)counters[i]);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : seconds_from_cmdline();
	int ncpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	pid_t pids[3 * CPU_SETSIZE];
	int n = 0;

	counters = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counters == MAP_FAILED || secs <= 0 || ncpus < 1)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("stress: start: %.0f s, %d CPUs, 3 workers per CPU\n", secs,
	       ncpus);
	double start = now_s();

	deadline = start + secs;
	for (int cpu = 0; cpu < ncpus && cpu < CPU_SETSIZE; cpu++)
		for (int kind = 0; kind < 3; kind++)
			pids[n++] = start_worker(kind, cpu, ncpus);
	for (double next = start + 10; next < deadline; next += 10) {
		while (now_s() < next)
			usleep(200000);
		print_totals("progress:");
	}
	for (int i = 0; i < n; i++)
		if (pids[i] < 0)
			count(ERRORS, 1);
		else
			reap(pids[i], "worker");
	print_totals("totals:");
	int ok = counters[ERRORS] == 0 && counters[FORKS] && counters[EXECS] &&
		 counters[PAGES] && counters[PIPE_MSGS];

	printf("stress: %s after %.1f s\n", ok ? "PASS" : "FAIL",
	       now_s() - start);
	printf("stress: end\n");
	return ok ? 0 : 1;
}
