/*
 * offload.c - blocking work off the event loop (tp_request_offload).
 *
 * A worker thread serves thousands of connections from one epoll loop, so
 * a handler that blocks (fsync of a large upload, copying or deleting a
 * tree) would stall all of them.  Such work goes to a small pool of
 * threads shared by the server; when a piece is done it is handed back to
 * the worker that owns the connection, through that worker's list and its
 * eventfd, and the worker runs the handler's done function in its own
 * loop, where answering is safe.  The exchange never crosses threads: the
 * pool sees only the work function and its argument.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "engine.h"

/* Threads started at most.  The work is disk-bound, so more threads than
 * this mostly queue in the kernel; a piece waits for a free thread. */
#define TP_POOL_THREADS 8

typedef struct tp_pool {
    pthread_mutex_t lock;
    pthread_cond_t wake;     /* work queued, or stop */
    pthread_cond_t idle;     /* pending reached 0 */
    tp_offload *head, *tail; /* queued, not started */
    int nthreads, nidle;
    int pending;             /* queued + running */
    bool stop;
    pthread_t threads[TP_POOL_THREADS];
} tp_pool;

static void hand_back(tp_offload *o)
{
    tp_worker *w = o->w;
    pthread_mutex_lock(&w->done_lock);
    o->next = w->done_list;
    w->done_list = o;
    pthread_mutex_unlock(&w->done_lock);
    tp_worker_wake(w);
}

static void *pool_main(void *arg)
{
    tp_pool *p = arg;
    sigset_t all;
    /* Signals go to the thread that called tp_server_run. */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->head && !p->stop) {
            p->nidle++;
            pthread_cond_wait(&p->wake, &p->lock);
            p->nidle--;
        }
        if (!p->head)
            break; /* stopping, and nothing left */
        tp_offload *o = p->head;
        p->head = o->next;
        if (!p->head)
            p->tail = NULL;
        pthread_mutex_unlock(&p->lock);
        o->work(o->arg);
        /* The pending count drops only after the worker has the piece,
         * so that a drain that sees 0 also sees it on the list. */
        hand_back(o);
        pthread_mutex_lock(&p->lock);
        if (--p->pending == 0)
            pthread_cond_broadcast(&p->idle);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static tp_pool *pool_get(tp_server *srv)
{
    pthread_mutex_lock(&srv->pool_lock);
    tp_pool *p = srv->pool;
    if (!p) {
        p = calloc(1, sizeof(*p));
        if (p) {
            pthread_mutex_init(&p->lock, NULL);
            pthread_cond_init(&p->wake, NULL);
            pthread_cond_init(&p->idle, NULL);
            srv->pool = p;
        }
    }
    pthread_mutex_unlock(&srv->pool_lock);
    return p;
}

int tp_pool_submit(tp_server *srv, tp_offload *o)
{
    tp_pool *p = pool_get(srv);
    if (!p)
        return -ENOMEM;
    pthread_mutex_lock(&p->lock);
    if (p->nidle == 0 && p->nthreads < TP_POOL_THREADS) {
        if (pthread_create(&p->threads[p->nthreads], NULL, pool_main, p) == 0)
            p->nthreads++;
        else if (p->nthreads == 0) {
            pthread_mutex_unlock(&p->lock);
            return -EAGAIN;
        }
    }
    o->next = NULL;
    if (p->tail)
        p->tail->next = o;
    else
        p->head = o;
    p->tail = o;
    p->pending++;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

int tp_request_offload(tp_request *x, tp_work_fn work, tp_handler_fn done,
                       void *arg)
{
    if (x->ended || !work || !done)
        return -EINVAL;
    if (x->offload)
        return -EBUSY;
    tp_offload *o = calloc(1, sizeof(*o));
    if (!o)
        return -ENOMEM;
    o->work = work;
    o->done = done;
    o->arg = arg;
    o->x = x;
    o->w = x->conn->w;
    int r = tp_pool_submit(o->w->srv, o);
    if (r < 0) {
        free(o);
        return r;
    }
    x->offload = o;
    return 0;
}

tp_offload *tp_worker_take_offloads(tp_worker *w)
{
    pthread_mutex_lock(&w->done_lock);
    tp_offload *o = w->done_list;
    w->done_list = NULL;
    pthread_mutex_unlock(&w->done_lock);
    return o;
}

void tp_pool_drain(tp_server *srv)
{
    tp_pool *p = srv->pool;
    if (p) {
        pthread_mutex_lock(&p->lock);
        while (p->pending > 0)
            pthread_cond_wait(&p->idle, &p->lock);
        pthread_mutex_unlock(&p->lock);
    }
    /* The workers have returned, and every exchange with them: what they
     * did not complete is completed here, without its request. */
    for (int i = 0; i < srv->nworkers; i++) {
        tp_offload *o = tp_worker_take_offloads(&srv->workers[i]);
        while (o) {
            tp_offload *next = o->next;
            o->done(NULL, o->arg);
            free(o);
            o = next;
        }
    }
}

void tp_pool_free(tp_server *srv)
{
    tp_pool *p = srv->pool;
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->wake);
    pthread_cond_destroy(&p->idle);
    free(p);
    srv->pool = NULL;
}
