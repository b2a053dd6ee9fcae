// SPDX-License-Identifier: GPL-2.0
/*
 * The pipeline: one walker thread, N hashers, and the linker (the calling
 * thread), joined by bounded queues so that memory and open descriptors
 * stay bounded on any tree.  Hashing runs in parallel; linking stays in one
 * thread, so two files with the same key never race for one store name.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "hashify.h"
#include "unify.h"

#define QUEUE_SIZE	256

struct queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	struct hf_item *v[QUEUE_SIZE];
	size_t head, n;
	unsigned int producers;		/* closed when it drops to 0 */
};

static void queue_init(struct queue *q, unsigned int producers)
{
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
	q->head = q->n = 0;
	q->producers = producers;
}

static void queue_destroy(struct queue *q)
{
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
}

static void queue_push(struct queue *q, struct hf_item *it)
{
	pthread_mutex_lock(&q->lock);
	while (q->n == QUEUE_SIZE)
		pthread_cond_wait(&q->not_full, &q->lock);
	q->v[(q->head + q->n++) % QUEUE_SIZE] = it;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

/* The next item, or NULL once every producer is done and the queue is empty. */
static struct hf_item *queue_pop(struct queue *q)
{
	struct hf_item *it = NULL;

	pthread_mutex_lock(&q->lock);
	while (!q->n && q->producers)
		pthread_cond_wait(&q->not_empty, &q->lock);
	if (q->n) {
		it = q->v[q->head];
		q->head = (q->head + 1) % QUEUE_SIZE;
		q->n--;
		pthread_cond_signal(&q->not_full);
	}
	pthread_mutex_unlock(&q->lock);
	return it;
}

static void queue_done(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->producers--;
	pthread_cond_broadcast(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

struct pipeline {
	struct hf_run *run;
	char **roots;
	int nroots;
	struct queue in, out;
	struct hf_stats walk_stats;	/* the walker's own, merged at the end */
	int walk_status;
};

static int walk_file(void *ctx, const char *path, const struct stat *st, int fd)
{
	struct pipeline *p = ctx;
	struct hf_item *it;

	it = calloc(1, sizeof(*it));
	if (it)
		it->path = strdup(path);
	if (!it || !it->path) {
		free(it);
		if (fd >= 0)
			close(fd);
		hf_error(0, "cannot queue %s", path);
		return -1;
	}
	it->st = *st;
	it->fd = fd;
	queue_push(&p->in, it);
	return 0;
}

static void *walker(void *arg)
{
	struct pipeline *p = arg;
	const struct hf_run *run = p->run;
	struct hf_exclude ex;
	struct stat st;

	for (int i = 0; i < p->nroots && !hf_stop; i++) {
		struct hf_walk w = {
			.root = p->roots[i],
			.skip_dev = run->store->dev,
			.exclude = &ex,
			.fs = run->fs,
			.dry_run = run->o->dry_run,
			.stats = &p->walk_stats,
			.file = walk_file,
			.ctx = p,
		};
		int fd = open(p->roots[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0 || fstat(fd, &st) < 0 ||
		    hf_exclude_load(&ex, &run->o->rules, fd) < 0) {
			hf_error(0, "cannot read %s", p->roots[i]);
			if (fd >= 0)
				close(fd);
			p->walk_status = 2;
			continue;
		}
		close(fd);
		w.dev = st.st_dev;
		if (run->store->fd >= 0 && fstat(run->store->fd, &st) == 0)
			w.skip_ino = st.st_ino;
		if (hf_walk(&w) < 0)
			p->walk_status = 2;
		hf_exclude_free(&ex);
	}
	queue_done(&p->in);
	return NULL;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static void skip(struct hf_item *it, enum hf_skip why, int err)
{
	it->res = HF_RES_SKIP;
	it->skip = why;
	it->err = err;
}

/*
 * A unified file that names its store entry needs no reading: it is done if
 * the entry is its own inode, and registers itself if the entry is missing.
 */
static bool cheap_check(struct hf_run *run, struct hf_item *it)
{
	char value[HF_NAME_VALUE_MAX];
	struct stat st;
	ssize_t len;

	len = fgetxattr(it->fd, HF_NAME_XATTR, value, sizeof(value));
	if (len <= 0 || run->store->fd < 0 ||
	    hf_name_parse(value, len, run->o->ignore_mtime, it->name) < 0)
		return false;
	if (fstatat(run->store->fd, it->name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (st.st_dev != it->st.st_dev || st.st_ino != it->st.st_ino)
			return false;
		it->res = HF_RES_ALREADY;
		return true;
	}
	if (errno != ENOENT)
		return false;
	it->res = HF_RES_REGISTER;
	return true;
}

static void hash_item(struct hf_run *run, struct hf_item *it)
{
	const struct hf_opts *o = run->o;
	unsigned int attrs;
	struct stat after;

	/* The walker's open failed: once more by path, for the reason why. */
	if (it->fd < 0)
		it->fd = hf_open_guest(it->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOATIME);
	if (it->fd < 0) {
		/* Gone meanwhile, or a writer holds a lease */
		/* (ELOOP: a directory on the way became a symlink) */
		skip(it, errno == ENOENT || errno == EWOULDBLOCK || errno == ELOOP ?
		     HF_SKIP_CHANGED : HF_SKIP_ERROR,
		     errno);
		return;
	}
	if (hf_meta_read(it->fd, &it->meta) < 0) {
		skip(it, HF_SKIP_ERROR, errno);
		return;
	}
	if (!S_ISREG(it->meta.st.st_mode) || it->meta.st.st_ino != it->st.st_ino ||
	    it->meta.st.st_dev != it->st.st_dev) {
		skip(it, HF_SKIP_CHANGED, 0);
		return;
	}
	it->st = it->meta.st;
	if (vs_attr_get(it->fd, &attrs) < 0) {
		skip(it, HF_SKIP_ERROR, errno);
		return;
	}
	if ((attrs & VS_ATTR_COW) == VS_ATTR_COW && cheap_check(run, it))
		return;
	/* Made immutable by an administrator, not by hashify: leave it as it is. */
	if ((attrs & VS_ATTR_COW) == VS_ATTR_IMMUTABLE) {
		skip(it, HF_SKIP_IMMUTABLE, 0);
		return;
	}
	if (it->st.st_size < o->min_size) {
		skip(it, HF_SKIP_SMALL, 0);
		return;
	}
	if (hf_busy(it->fd)) {
		skip(it, HF_SKIP_BUSY, 0);
		return;
	}
	if (hf_key_compute(it->fd, &it->meta, o->ignore_mtime, &it->key) < 0) {
		if (errno == ESTALE)
			skip(it, HF_SKIP_CHANGED, 0);
		else
			skip(it, HF_SKIP_ERROR, errno);
		return;
	}
	/*
	 * The linker decides: a change may be only our own linking of another
	 * name of this inode, which moves its ctime.
	 */
	if (fstat(it->fd, &after) < 0 || !same_file(&it->st, &after))
		it->changed = true;
	it->res = HF_RES_HASHED;
}

static void *hasher(void *arg)
{
	struct pipeline *p = arg;
	struct hf_item *it;

	while ((it = queue_pop(&p->in))) {
		if (hf_stop)
			skip(it, HF_SKIP_CHANGED, EINTR);
		else
			hash_item(p->run, it);
		queue_push(&p->out, it);
	}
	queue_done(&p->out);
	return NULL;
}

void hf_item_free(struct hf_item *it)
{
	if (it->fd >= 0)
		close(it->fd);
	hf_meta_free(&it->meta);
	free(it->path);
	free(it);
}

int hf_hashify(struct hf_run *run, char **roots, int nroots)
{
	struct pipeline p = { .run = run, .roots = roots, .nroots = nroots };
	unsigned int jobs = run->o->jobs, started = 0;
	struct timespec last = { 0 }, now;
	pthread_t walk, *hashers;
	struct hf_item *it;
	int i;

	hashers = calloc(jobs, sizeof(*hashers));
	if (!hashers) {
		hf_error(0, "cannot start hashing threads");
		return 2;
	}
	queue_init(&p.in, 1);
	queue_init(&p.out, jobs);
	if (pthread_create(&walk, NULL, walker, &p)) {
		hf_error(0, "cannot start the walker thread");
		free(hashers);
		return 2;
	}
	for (; started < jobs; started++) {
		if (pthread_create(&hashers[started], NULL, hasher, &p))
			break;
	}
	/* Those that did not start will never close their share of the queue. */
	for (unsigned int n = started; n < jobs; n++)
		queue_done(&p.out);
	if (!started) {
		/* Nobody drains the walker's queue: let it run dry here. */
		while ((it = queue_pop(&p.in)))
			hf_item_free(it);
		hf_error(0, "cannot start hashing threads");
		run->status = 2;
	}
	while ((it = queue_pop(&p.out))) {
		if (hf_stop)
			hf_item_free(it);
		else
			hf_link_item(run, it);
		if (run->o->progress) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec * 1000 + now.tv_nsec / 1000000 >=
			    last.tv_sec * 1000 + last.tv_nsec / 1000000 + 200) {
				hf_progress(run->stats, false);
				last = now;
			}
		}
	}
	hf_link_finish();
	pthread_join(walk, NULL);
	for (unsigned int n = 0; n < started; n++)
		pthread_join(hashers[n], NULL);
	free(hashers);
	queue_destroy(&p.in);
	queue_destroy(&p.out);
	if (run->o->progress)
		hf_progress(run->stats, true);
	for (i = 0; i < HF_SKIP_MAX; i++)
		run->stats->skipped[i] += p.walk_stats.skipped[i];
	if (p.walk_status > run->status)
		run->status = p.walk_status;
	if (p.walk_stats.skipped[HF_SKIP_ERROR] && !run->status)
		run->status = 1;
	return run->status;
}
