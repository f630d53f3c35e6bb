/* SPDX-License-Identifier: MIT */
/*
 * lmb: the operating-system microbenchmarks of the Xen paper (SOSP 2003,
 * section 4.3, after lmbench), as one static program for the dom0
 * initramfs. Each test runs its operation in a loop for a fixed number of
 * iterations, after a warm-up, and prints "lmb: <name> <microseconds per
 * operation>" using CLOCK_MONOTONIC (the CPU loop: TSC cycles per
 * thousand iterations, see cpu_loop_once). bench/run-linux-lmbench.py
 * boots the same kernel natively, on Xen and on satori and compares the
 * lines; "lmb=cpu" in the environment runs only the CPU loop, "lmb=pipe"
 * only the two pipe_ctx rows.
 *
 * Our own code in the lmbench style, not lmbench: the loops are short so
 * that a TCG run stays within minutes, which trades precision for time;
 * the runner takes medians over several boots.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include "pipe-ring.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Run @op @n times (after n/10 warm-up runs); print the mean cost. */
static void measure(const char *name, long n, void (*op)(void))
{
	double t0;

	for (long i = 0; i < n / 10; i++)
		op();
	t0 = now_us();
	for (long i = 0; i < n; i++)
		op();
	printf("lmb: %s %.3f\n", name, (now_us() - t0) / (double)n);
	fflush(stdout);
}

/* The file stat and open/close use: created at start in a tmpfs-like
 * place, one path component deep as lmbench's default. */
#define LMB_FILE "/tmp/lmb-file"

static int fd_zero, fd_null;
static volatile sig_atomic_t sig_count;
static sigjmp_buf prot_jmp;
static char *prot_page;

static void op_null_syscall(void)
{
	syscall(SYS_getppid);
}

static void op_read_zero(void)
{
	char c;

	if (read(fd_zero, &c, 1) != 1)
		die("read /dev/zero");
}

static void op_write_null(void)
{
	char c = 0;

	if (write(fd_null, &c, 1) != 1)
		die("write /dev/null");
}

static void op_stat(void)
{
	struct stat st;

	if (stat(LMB_FILE, &st))
		die("stat");
}

static void op_open_close(void)
{
	int fd = open(LMB_FILE, O_RDONLY);

	if (fd < 0)
		die("open");
	close(fd);
}

static void on_usr1(int sig)
{
	(void)sig;
	sig_count++;
}

static void op_sig_install(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	if (sigaction(SIGUSR1, &sa, NULL))
		die("sigaction");
}

static void op_sig_deliver(void)
{
	kill(getpid(), SIGUSR1);
}

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(prot_jmp, 1);
}

/* A write to a read-only page: the fault, the signal, and the way back. */
static void op_prot_fault(void)
{
	if (!sigsetjmp(prot_jmp, 1))
		*(volatile char *)prot_page = 1;
}

static void wait_child(pid_t pid)
{
	int status;

	if (pid < 0)
		die("fork");
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
}

static void op_fork_exit(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	wait_child(pid);
}

static void op_fork_exec(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	wait_child(pid);
}

static void op_sh_c(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "true", (char *)NULL);
		_exit(127);
	}
	wait_child(pid);
}

/* Touch each page of a fresh anonymous mapping: one fault per page. */
#define FAULT_PAGES 256
static double page_fault_us(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	double best = 1e30;

	for (int round = 0; round < 8; round++) {
		char *m = mmap(NULL, FAULT_PAGES * pg, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		double t0;

		if (m == MAP_FAILED)
			die("mmap");
		t0 = now_us();
		for (long i = 0; i < FAULT_PAGES; i++)
			m[i * pg] = 1;
		t0 = (now_us() - t0) / FAULT_PAGES;
		best = t0 < best ? t0 : best;
		munmap(m, FAULT_PAGES * pg);
	}
	return best;
}

/* mmap 64 MiB, touch one byte every 16 KiB (as lmbench's lat_mmap), unmap. */
#define MMAP_SIZE (64L << 20)
static void op_mmap_64m(void)
{
	char *m = mmap(NULL, MMAP_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		die("mmap 64M");
	for (long off = 0; off < MMAP_SIZE; off += 16384)
		m[off] = 1;
	munmap(m, MMAP_SIZE);
}

/*
 * Pipe context switch: @nproc processes in a ring of pipes pass a one-byte
 * token around; the cost per hop is the time per switch (lat_ctx with no
 * working set).
 */
static double pipe_ctx_us(int nproc, long laps)
{
	struct pipe_ring ring;
	const char *failed = pipe_ring_start(&ring, nproc);
	double t0;

	if (failed)
		die(failed);
	t0 = now_us();
	if (pipe_ring_laps(&ring, laps))
		die("pipe ring");
	t0 = (now_us() - t0) / (double)(laps * nproc);
	pipe_ring_close(&ring);
	/* The children hold every pipe end themselves: no EOF reaches them. */
	for (int i = 1; i < nproc; i++) {
		kill(ring.kids[i], SIGKILL);
		wait_child(ring.kids[i]);
	}
	return t0;
}

/*
 * A pure CPU loop: no system calls, no memory traffic beyond registers.
 * Under QEMU's TCG the loop is one translated block chained to itself,
 * the same host code on every system; a long wall-clock measurement
 * mostly says how much of a host CPU the vCPU's thread got meanwhile
 * (docs/performance.md, "The CPU loop"). So the loop runs as many short
 * stretches, each timed with the TSC (the host's TSC under TCG, on every
 * system alike, and read without a system call, which the PV guests'
 * clock_gettime needs), and the result is the fastest stretch in TSC
 * cycles per thousand iterations. The caller stays on one vCPU.
 */
#define CPU_STRETCH_ITERS 1000000L
#define CPU_STRETCHES 100

/* One timed stretch of the xorshift loop, in TSC cycles per thousand
 * iterations. */
static double cpu_loop_once(long iters)
{
	volatile uint64_t sink;
	uint64_t x = 88172645463325252ULL;
	uint64_t c0 = __rdtsc();

	for (long i = 0; i < iters; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	sink = x;
	(void)sink;
	return (double)(__rdtsc() - c0) / ((double)iters / 1e3);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* CPU_STRETCHES stretches sorted fastest first in @t; returns their
 * wall-clock total in us (CLOCK_MONOTONIC). */
static double cpu_loop_stretches(double *t)
{
	double t0 = now_us();

	for (int i = 0; i < CPU_STRETCHES; i++)
		t[i] = cpu_loop_once(CPU_STRETCH_ITERS);
	t0 = now_us() - t0;
	qsort(t, CPU_STRETCHES, sizeof(t[0]), cmp_double);
	return t0;
}

/* Pin the calling process to one vCPU (-1: to all of them). */
static void pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (c == cpu || (cpu < 0 && c < 64))
			CPU_SET(c, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

/* The suite's row: the fastest stretch on vCPU 0. */
static double cpu_loop_kcyc(void)
{
	double t[CPU_STRETCHES];

	pin_to(0);
	cpu_loop_stretches(t);
	pin_to(-1);
	return t[0];
}

/* Interrupts taken by all vCPUs so far ("intr" in /proc/stat). */
static double intr_total(void)
{
	FILE *f = fopen("/proc/stat", "r");
	char line[256];
	double n = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "intr %lf", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

/*
 * "lmb=cpu" on the kernel command line (init's environment), for
 * bench/run-cpu-loop.py: only the CPU loop, pinned to each vCPU in turn,
 * @rounds times. Two "cpu_mark" lines 300 ms apart, 300 ms more, the
 * loop and its result line: the runner reads the host CPU time of QEMU's
 * threads at each line and subtracts the idle window (mark to mark) from
 * the loop's (mark to result).
 */
static int cpu_loop_only(int rounds)
{
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	double t[CPU_STRETCHES];

	printf("lmb: start\n");
	for (int r = 0; r < rounds; r++) {
		for (int c = 0; c < ncpu && c < 8; c++) {
			double in0, wall;

			pin_to(c);
			/* Two idle windows' worth of marks: the runner takes
			 * the first as the baseline of the second. */
			for (int m = 0; m < 2; m++) {
				printf("lmb: cpu_mark %d\n", c);
				fflush(stdout);
				usleep(300000);
			}
			in0 = intr_total();
			wall = cpu_loop_stretches(t);
			/* kcyc: fastest and median stretch; wall: us per
			 * million iterations by the guest's clock. */
			printf("lmb: cpu_loop_cpu%d %.3f median %.3f wall %.3f "
			       "intr %.0f\n",
			       c, t[0], t[CPU_STRETCHES / 2],
			       wall / (CPU_STRETCHES * CPU_STRETCH_ITERS / 1e6),
			       intr_total() - in0);
			fflush(stdout);
		}
	}
	pin_to(-1);
	printf("lmb: done\n");
	return 0;
}

/*
 * "lmb=pipe": only the two pipe rows, exactly as in the full run, for
 * quick A/B runs of them (bench/run-linux-lmbench.py --only pipe).
 */
static int pipe_rows_only(void)
{
	printf("lmb: start\n");
	printf("lmb: pipe_ctx_2 %.3f\n", pipe_ctx_us(2, 5000));
	printf("lmb: pipe_ctx_8 %.3f\n", pipe_ctx_us(8, 1000));
	printf("lmb: done\n");
	return 0;
}

int main(void)
{
	struct sigaction segv = { .sa_handler = on_segv };
	long pg = sysconf(_SC_PAGESIZE);
	const char *mode = getenv("lmb"), *rounds = getenv("lmb_rounds");

	if (mode && !strcmp(mode, "cpu"))
		return cpu_loop_only(rounds ? atoi(rounds) : 5);
	if (mode && !strcmp(mode, "pipe"))
		return pipe_rows_only();

	fd_zero = open("/dev/zero", O_RDONLY);
	fd_null = open("/dev/null", O_WRONLY);
	if (fd_zero < 0 || fd_null < 0)
		die("open /dev");
	if (close(open(LMB_FILE, O_WRONLY | O_CREAT, 0644)))
		die(LMB_FILE);
	prot_page =
		mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (prot_page == MAP_FAILED || sigaction(SIGSEGV, &segv, NULL))
		die("prot setup");

	printf("lmb: start\n");
	measure("null_syscall", 200000, op_null_syscall);
	measure("read_dev_zero", 100000, op_read_zero);
	measure("write_dev_null", 100000, op_write_null);
	measure("stat", 20000, op_stat);
	measure("open_close", 20000, op_open_close);
	measure("sig_install", 100000, op_sig_install);
	measure("sig_deliver", 50000, op_sig_deliver);
	measure("prot_fault", 20000, op_prot_fault);
	printf("lmb: page_fault %.3f\n", page_fault_us());
	measure("fork_exit", 200, op_fork_exit);
	measure("fork_exec", 100, op_fork_exec);
	measure("sh_c", 100, op_sh_c);
	printf("lmb: pipe_ctx_2 %.3f\n", pipe_ctx_us(2, 5000));
	printf("lmb: pipe_ctx_8 %.3f\n", pipe_ctx_us(8, 1000));
	measure("mmap_64m", 20, op_mmap_64m);
	printf("lmb: cpu_loop_kcyc %.3f\n", cpu_loop_kcyc());
	printf("lmb: done\n");
	return 0;
}
