/* SPDX-License-Identifier: MIT */
/*
 * The pipe ring of lmb's pipe_ctx rows (lat_ctx with no working set),
 * shared with ctxsw's ring modes so that both measure the same work:
 * nproc processes, unpinned, each reading a one-byte token from its own
 * pipe and writing it to the next one's. The parent is process 0; every
 * hop is one write and one blocking read. Header-only (static inline):
 * lmb and ctxsw are single-file static programs (linux.mk).
 */
#ifndef BENCH_LINUX_PIPE_RING_H
#define BENCH_LINUX_PIPE_RING_H

#include <errno.h>
#include <sys/types.h>
#include <unistd.h>

#define PIPE_RING_MAX 8

struct pipe_ring {
	int nproc;		   /* 2..PIPE_RING_MAX, the parent included */
	int fds[PIPE_RING_MAX][2]; /* fds[i]: the pipe process i reads */
	pid_t kids[PIPE_RING_MAX]; /* kids[1..nproc-1]; kids[0] unused */
};

/* Child @i of ring @r: pass the token on until a read or write fails. */
static inline void pipe_ring_child(const struct pipe_ring *r, int i)
{
	int in = r->fds[i][0], out = r->fds[(i + 1) % r->nproc][1];
	char c;

	while (read(in, &c, 1) == 1 && write(out, &c, 1) == 1)
		;
	_exit(0);
}

/*
 * Create @nproc pipes and fork the @nproc - 1 children (pipe_ring_child).
 * They hold every pipe end, so no EOF reaches them: the caller kills and
 * reaps them. Returns NULL, or what failed ("pipe ring size", "pipe",
 * "fork") with errno set; children forked before a failure are left
 * running.
 */
static inline const char *pipe_ring_start(struct pipe_ring *r, int nproc)
{
	if (nproc < 2 || nproc > PIPE_RING_MAX) {
		errno = EINVAL;
		return "pipe ring size";
	}
	r->nproc = nproc;
	for (int i = 0; i < nproc; i++)
		if (pipe(r->fds[i]))
			return "pipe";
	for (int i = 1; i < nproc; i++) {
		r->kids[i] = fork();
		if (r->kids[i] < 0)
			return "fork";
		if (r->kids[i] == 0)
			pipe_ring_child(r, i);
	}
	return NULL;
}

/*
 * Send the token round the ring @laps times (nproc hops each): the
 * measured loop. Returns 0, or -1 if a write or read failed.
 */
static inline int pipe_ring_laps(const struct pipe_ring *r, long laps)
{
	char c = 'x';

	for (long lap = 0; lap < laps; lap++)
		if (write(r->fds[1 % r->nproc][1], &c, 1) != 1 ||
		    read(r->fds[0][0], &c, 1) != 1)
			return -1;
	return 0;
}

/* Close the parent's pipe ends. */
static inline void pipe_ring_close(const struct pipe_ring *r)
{
	for (int i = 0; i < r->nproc; i++) {
		close(r->fds[i][0]);
		close(r->fds[i][1]);
	}
}

#endif /* BENCH_LINUX_PIPE_RING_H */
