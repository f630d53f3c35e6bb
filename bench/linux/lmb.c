/* SPDX-License-Identifier: MIT */
/*
 * lmb: the operating-system microbenchmarks of the Xen paper (SOSP 2003,
 * section 4.3, after lmbench), as one static program for the dom0
 * initramfs. Each test runs its operation in a loop for a fixed number of
 * iterations, after a warm-up, and prints "lmb: <name> <microseconds per
 * operation>" using CLOCK_MONOTONIC (the CPU loop: TSC cycles per
 * thousand iterations, see cpu_loop_once, and with the time lost to the
 * tick, see cpu_intr_measure). bench/run-linux-lmbench.py
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

#include "mmap-op.h"
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

/* mmap 64 MiB, touch one byte every 16 KiB, unmap (mmap-op.h). */
static void op_mmap_64m(void)
{
	if (mmap_op_64m())
		die("mmap 64M");
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

/*
 * The interruption measure (issue 6). The fastest 1.6 ms stretch leaves
 * out what a hypervisor adds to a CPU-bound program: the guest's timer
 * tick (on the PV systems an event upcall and a timer re-arm hypercall
 * through the hypervisor) and any other event that takes the CPU away.
 * So the loop also runs as one long stretch of short chunks back to
 * back, each timed with the TSC: a chunk's time over the typical
 * (median) chunk's is time the loop lost to something else. Each such
 * loss is sorted by its size: below CPU_TICK_MIN_US it is short (the
 * host's own interrupts, the host's sibling work; also any small event
 * of the hypervisor's), up to CPU_TICK_MAX_US the tick class (the guest's
 * tick and other guest or hypervisor events; under TCG tens to hundreds
 * of us, periodic), above that host preemption (QEMU's vCPU thread
 * descheduled: ms, irregular). Sizes overlap under a loaded host, so
 * the guest's tick is also found by its period: the interruptions up to
 * CPU_TICK_MAX_US folded modulo the tick period pile up at one phase;
 * what lies there above the level of the other phases is the periodic
 * cost (cpu_intr_fold). docs/performance.md, "The CPU loop with its
 * interruptions".
 */
#define CPU_CHUNK_ITERS 4096L
#define CPU_CHUNKS (1L << 18)
/* A chunk less than this over the median is timing jitter, not an
 * interruption (its excess is still counted, as jitter). */
#define CPU_JITTER_US 1.0
#define CPU_TICK_MIN_US 8.0
#define CPU_TICK_MAX_US 500.0
/* Interruptions by size: bin k holds [2^k, 2^(k+1)) us, the last all
 * larger ones. */
#define CPU_HIST_BINS 15
/* Tick-class interruptions whose size and spacing are kept; the short
 * and tick classes' start times and sizes for the fold. */
#define CPU_TICKS_KEPT 32768
#define CPU_KEPT 65536
/* Debian's kernel has CONFIG_HZ=250 (irqs/s of a busy vCPU agree); the
 * fold's bins are 50 us, the tick's window 5 of them (250 us). */
#define CPU_TICK_HZ 250
#define CPU_FOLD_BINS 80
#define CPU_FOLD_WIN 2

static uint32_t chunk_cyc[CPU_CHUNKS], chunk_sorted[CPU_CHUNKS];
static uint32_t tick_size[CPU_TICKS_KEPT], tick_gap[CPU_TICKS_KEPT];
static uint64_t kept_at[CPU_KEPT];
static uint32_t kept_ex[CPU_KEPT];

struct cpu_intr {
	double base_cyc; /* the median chunk, TSC cycles */
	double tsc_mhz;	 /* TSC cycles per us by the guest's clock */
	double total_us, jitter_us, short_us, tick_us, host_us;
	long shorts, ticks, hosts;
	double tick_med_us; /* median size of a tick-class interruption */
	double tick_gap_ms; /* median time from one to the next */
	long hist_n[CPU_HIST_BINS];
	double hist_us[CPU_HIST_BINS];
	long guest_irqs;      /* interrupts the vCPU took meanwhile */
	long kept;	      /* entries of kept_at/kept_ex */
	double per_n, per_us; /* periodic interruptions, their lost time */
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static double median_u32(uint32_t *v, long n)
{
	if (!n)
		return 0;
	qsort(v, (size_t)n, sizeof(v[0]), cmp_u32);
	return v[n / 2];
}

/* Interrupts vCPU @cpu has taken so far: its column of /proc/interrupts
 * (every source: timer events, IPIs, devices). */
static long irqs_on_cpu(int cpu)
{
	FILE *f = fopen("/proc/interrupts", "r");
	char line[512];
	long total = 0;

	if (!f || !fgets(line, sizeof(line), f)) /* the CPUn header */
		die("/proc/interrupts");
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':');
		long v = 0;

		for (int c = 0; p && c <= cpu; c++) {
			char *end;

			v = strtol(p + 1, &end, 10);
			p = end == p + 1 ? NULL : end;
		}
		if (p)
			total += v;
	}
	fclose(f);
	return total;
}

/* Fill chunk_cyc with CPU_CHUNKS back-to-back chunks of the loop; the
 * TSC rate by the guest's clock over the whole run goes to @st. */
static void cpu_chunks_run(struct cpu_intr *st)
{
	volatile uint64_t sink;
	uint64_t x = 88172645463325252ULL, c0, c;
	double t0 = now_us();

	c0 = c = __rdtsc();
	for (long k = 0; k < CPU_CHUNKS; k++) {
		uint64_t c1;

		for (long i = 0; i < CPU_CHUNK_ITERS; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
		}
		c1 = __rdtsc();
		chunk_cyc[k] = (uint32_t)(c1 - c);
		c = c1;
	}
	sink = x;
	(void)sink;
	st->tsc_mhz = (double)(c - c0) / (now_us() - t0);
}

/* Book one interruption of @ex cycles that ended at TSC offset @at. */
static void cpu_intr_book(struct cpu_intr *st, double ex, uint64_t at,
			  uint64_t *last_tick)
{
	double us = ex / st->tsc_mhz;
	int bin = 0;

	if (us < CPU_JITTER_US) {
		st->jitter_us += us;
		return;
	}
	while (bin < CPU_HIST_BINS - 1 && us >= (double)(2L << bin))
		bin++;
	st->hist_n[bin]++;
	st->hist_us[bin] += us;
	if (us <= CPU_TICK_MAX_US && st->kept < CPU_KEPT) {
		kept_at[st->kept] = at - (uint64_t)ex;
		kept_ex[st->kept++] = (uint32_t)ex;
	}
	if (us < CPU_TICK_MIN_US) {
		st->shorts++;
		st->short_us += us;
		return;
	}
	if (us > CPU_TICK_MAX_US) {
		st->hosts++;
		st->host_us += us;
		return;
	}
	if (st->ticks < CPU_TICKS_KEPT) {
		tick_size[st->ticks] = (uint32_t)ex;
		tick_gap[st->ticks] = (uint32_t)(at - *last_tick);
	}
	*last_tick = at;
	st->ticks++;
	st->tick_us += us;
}

/* Circular distance of two fold bins. */
static int fold_dist(int a, int b)
{
	int d = a > b ? a - b : b - a;

	return d < CPU_FOLD_BINS - d ? d : CPU_FOLD_BINS - d;
}

/*
 * The periodic part of the kept interruptions: fold their start times
 * modulo the tick period, take the phase bin with the most lost time and
 * its neighbours as the tick's window, and subtract from the window what
 * the bins far from it hold on average (aperiodic events fall into the
 * window at that rate too).
 */
static void cpu_intr_fold(struct cpu_intr *st)
{
	uint64_t period = (uint64_t)(st->tsc_mhz * 1e6 / CPU_TICK_HZ);
	double n[CPU_FOLD_BINS] = { 0 }, us[CPU_FOLD_BINS] = { 0 };
	double win_n = 0, win_us = 0, far_n = 0, far_us = 0;
	int peak = 0, far = 0;

	for (long i = 0; i < st->kept; i++) {
		int b = (int)(kept_at[i] % period * CPU_FOLD_BINS / period);

		n[b]++;
		us[b] += kept_ex[i] / st->tsc_mhz;
	}
	for (int b = 1; b < CPU_FOLD_BINS; b++)
		peak = us[b] > us[peak] ? b : peak;
	for (int b = 0; b < CPU_FOLD_BINS; b++) {
		int d = fold_dist(b, peak);

		if (d <= CPU_FOLD_WIN) {
			win_n += n[b];
			win_us += us[b];
		} else if (d > 2 * CPU_FOLD_WIN) {
			far_n += n[b];
			far_us += us[b];
			far++;
		}
	}
	st->per_n = win_n - far_n / far * (2 * CPU_FOLD_WIN + 1);
	st->per_us = win_us - far_us / far * (2 * CPU_FOLD_WIN + 1);
}

/* One interruption run on the vCPU the caller is pinned to (@cpu). */
static void cpu_intr_measure(int cpu, struct cpu_intr *st)
{
	uint64_t at = 0, last_tick = 0;
	long irq0 = irqs_on_cpu(cpu), kept;

	memset(st, 0, sizeof(*st));
	cpu_chunks_run(st);
	st->guest_irqs = irqs_on_cpu(cpu) - irq0;
	memcpy(chunk_sorted, chunk_cyc, sizeof(chunk_cyc));
	st->base_cyc = median_u32(chunk_sorted, CPU_CHUNKS);
	for (long k = 0; k < CPU_CHUNKS; k++) {
		at += chunk_cyc[k];
		if (chunk_cyc[k] > st->base_cyc)
			cpu_intr_book(st, chunk_cyc[k] - st->base_cyc, at,
				      &last_tick);
	}
	st->total_us = (double)at / st->tsc_mhz;
	cpu_intr_fold(st);
	kept = st->ticks < CPU_TICKS_KEPT ? st->ticks : CPU_TICKS_KEPT;
	st->tick_med_us = median_u32(tick_size, kept) / st->tsc_mhz;
	/* The first gap runs from the start of the run: not a spacing. */
	st->tick_gap_ms = kept > 1 ? median_u32(tick_gap + 1, kept - 1) /
					     st->tsc_mhz / 1e3
				   : 0;
}

/*
 * The CPU loop with @lost_us of interruptions added: the fastest short
 * stretch @fastest (TSC cycles per thousand iterations, load-independent)
 * times one plus their time per unit of the loop's own time in the
 * chunked run. The share is a ratio of two times measured in one run, so
 * a host that slows the whole run (a busy sibling) hardly moves it.
 */
static double cpu_intr_kcyc(const struct cpu_intr *st, double fastest,
			    double lost_us)
{
	double useful_us = st->base_cyc * CPU_CHUNKS / st->tsc_mhz;

	return fastest * (1 + lost_us / useful_us);
}

/* With the periodic interruptions (the tick's cost): the honest row. */
static double cpu_intr_tick_kcyc(const struct cpu_intr *st, double fastest)
{
	return cpu_intr_kcyc(st, fastest, st->per_us);
}

/* With everything but host preemption (jitter, short, tick class). */
static double cpu_intr_small_kcyc(const struct cpu_intr *st, double fastest)
{
	return cpu_intr_kcyc(st, fastest,
			     st->jitter_us + st->short_us + st->tick_us);
}

static double pct(double part, double whole)
{
	return whole > 0 ? 100.0 * part / whole : 0;
}

/* The run's detail lines (no "lmb: <name> <number>" row among them). */
static void cpu_intr_print(int cpu, const struct cpu_intr *st, double fastest)
{
	printf("lmb: cpu_chunks_cpu%d base %.3f tick_kcyc %.3f lost %.3f "
	       "jitter %.3f short %.3f shorts %ld small_kcyc %.3f "
	       "tick %.3f host %.3f ticks %ld tick_med %.1f "
	       "tick_gap %.3f hosts %ld irqs %ld secs %.3f mhz %.1f "
	       "per_n %.0f per_us %.1f per_pct %.3f\n",
	       cpu, st->base_cyc / (CPU_CHUNK_ITERS / 1e3),
	       cpu_intr_tick_kcyc(st, fastest),
	       pct(st->jitter_us + st->short_us + st->tick_us + st->host_us,
		   st->total_us),
	       pct(st->jitter_us, st->total_us),
	       pct(st->short_us, st->total_us), st->shorts,
	       cpu_intr_small_kcyc(st, fastest), pct(st->tick_us, st->total_us),
	       pct(st->host_us, st->total_us), st->ticks, st->tick_med_us,
	       st->tick_gap_ms, st->hosts, st->guest_irqs, st->total_us / 1e6,
	       st->tsc_mhz, st->per_n,
	       st->per_n > 0 ? st->per_us / st->per_n : 0,
	       pct(st->per_us, st->total_us));
	printf("lmb: cpu_hist_cpu%d (us: count/lost us)", cpu);
	for (int b = 0; b < CPU_HIST_BINS; b++)
		printf(" %ld:%ld/%.0f", 1L << b, st->hist_n[b], st->hist_us[b]);
	printf("\n");
	fflush(stdout);
}

/* The long-stretch variant: CPU_LONG_STRETCHES stretches of about 100 ms
 * each (always holding ticks), the fastest and the median. */
#define CPU_LONG_ITERS (64L * 1000 * 1000)
#define CPU_LONG_STRETCHES 8

static void cpu_loop_long(double *fastest, double *median)
{
	double t[CPU_LONG_STRETCHES];

	for (int i = 0; i < CPU_LONG_STRETCHES; i++)
		t[i] = cpu_loop_once(CPU_LONG_ITERS);
	qsort(t, CPU_LONG_STRETCHES, sizeof(t[0]), cmp_double);
	*fastest = t[0];
	*median = t[CPU_LONG_STRETCHES / 2];
}

/* The suite's interruption rows, on vCPU 0, after cpu_loop_kcyc's
 * @fastest. */
static void cpu_intr_rows(double fastest)
{
	struct cpu_intr st;
	double lfast, lmed;

	pin_to(0);
	cpu_intr_measure(0, &st);
	cpu_loop_long(&lfast, &lmed);
	pin_to(-1);
	cpu_intr_print(0, &st, fastest);
	printf("lmb: cpu_chunk_kcyc %.3f\n",
	       st.base_cyc / (CPU_CHUNK_ITERS / 1e3));
	printf("lmb: cpu_tick_kcyc %.3f\n", cpu_intr_tick_kcyc(&st, fastest));
	printf("lmb: cpu_small_kcyc %.3f\n", cpu_intr_small_kcyc(&st, fastest));
	printf("lmb: cpu_long_kcyc %.3f\n", lfast);
	printf("lmb: cpu_lost_pct %.3f\n",
	       pct(st.jitter_us + st.short_us + st.tick_us + st.host_us,
		   st.total_us));
	printf("lmb: cpu_tick_pct %.3f\n", pct(st.per_us, st.total_us));
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
 * the loop's (mark to result). After it, the interruption measure's
 * lines (cpu_intr_print) and the 100 ms stretches (cpu_long_cpuN).
 */
static int cpu_loop_only(int rounds)
{
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	double t[CPU_STRETCHES], fastest, median;
	struct cpu_intr st;

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
			cpu_intr_measure(c, &st);
			cpu_intr_print(c, &st, t[0]);
			cpu_loop_long(&fastest, &median);
			printf("lmb: cpu_long_cpu%d %.3f median %.3f\n", c,
			       fastest, median);
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

/* Each operation timed alone, then the spread: minimum, deciles 1, 5 and 9,
 * maximum, to see whether a row's mean is moved by a few slow ones. */
static void proc_spread(const char *name, int n, void (*op)(void))
{
	static double t[1000];
	static const int pct[] = { 0, 10, 50, 90, 100 };

	if (n > 1000)
		n = 1000;
	for (int i = 0; i < n; i++) {
		double t0 = now_us();

		op();
		t[i] = now_us() - t0;
	}
	qsort(t, n, sizeof(t[0]), cmp_double);
	for (unsigned i = 0; i < sizeof(pct) / sizeof(pct[0]); i++)
		printf("lmb: %s_p%d %.3f\n", name, pct[i],
		       t[pct[i] * (n - 1) / 100]);
}

/* lmb=proc: the process rows alone, in interleaved batches, each batch's
 * mean printed, to tell variation within one boot from variation between
 * boots (the sh -c row scatters from boot to boot on every system). */
static int proc_rows_only(int batches)
{
	char name[32];

	printf("lmb: start\n");
	for (int b = 0; b < batches; b++) {
		snprintf(name, sizeof(name), "fork_exit_%d", b);
		measure(name, 50, op_fork_exit);
		snprintf(name, sizeof(name), "fork_exec_%d", b);
		measure(name, 30, op_fork_exec);
		snprintf(name, sizeof(name), "sh_c_%d", b);
		measure(name, 30, op_sh_c);
	}
	proc_spread("sh_c", 100, op_sh_c);
	printf("lmb: done\n");
	return 0;
}

int main(void)
{
	struct sigaction segv = { .sa_handler = on_segv };
	long pg = sysconf(_SC_PAGESIZE);
	double cpu_fast;
	const char *mode = getenv("lmb"), *rounds = getenv("lmb_rounds");

	if (mode && !strcmp(mode, "cpu"))
		return cpu_loop_only(rounds ? atoi(rounds) : 5);
	if (mode && !strcmp(mode, "pipe"))
		return pipe_rows_only();
	if (mode && !strcmp(mode, "proc"))
		return proc_rows_only(rounds ? atoi(rounds) : 6);

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
	cpu_fast = cpu_loop_kcyc();
	printf("lmb: cpu_loop_kcyc %.3f\n", cpu_fast);
	cpu_intr_rows(cpu_fast);
	printf("lmb: done\n");
	return 0;
}
