/*
 * exchange.h - a fake exchange for unit tests of code that answers
 * requests: a server, worker, connection and request wired together, with
 * the connection marked as inside the event loop so that the writer only
 * queues bytes, which the tests then read back.
 */
#ifndef TEAPOT_TEST_EXCHANGE_H
#define TEAPOT_TEST_EXCHANGE_H

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

static inline tp_str fx_str(const char *s)
{
    return (tp_str){s, strlen(s)};
}

typedef struct fixture {
    tp_server *srv;
    tp_worker w;
    tp_conn c;
    tp_request *x;
    char text[1 << 16];
} fixture;

static inline fixture *fx_new(const char *method)
{
    fixture *f = calloc(1, sizeof(*f));
    f->srv = tp_server_new();
    f->w.srv = f->srv;
    tp_date_update(&f->w, time(NULL));
    f->c.w = &f->w;
    f->c.fd = -1;
    /* The connection is "in the loop": the writer only queues bytes. */
    f->c.flags = TP_CF_IN_LOOP;
    f->x = calloc(1, sizeof(tp_request));
    f->x->conn = &f->c;
    f->x->body_fd = -1;
    f->x->head.version_major = 1;
    f->x->head.version_minor = 1;
    f->x->head.method = fx_str(method);
    f->x->head.method_id = tp_method_lookup(method, strlen(method));
    f->x->head.target = fx_str("/t");
    f->x->head.keep_alive = true;
    f->x->head_only = !strcmp(method, "HEAD");
    f->c.x = f->x;
    return f;
}

static inline void fx_hdr(fixture *f, const char *name, const char *value)
{
    size_t i = f->x->head.nfields++;
    f->x->head.fields[i].name = fx_str(name);
    f->x->head.fields[i].value = fx_str(value);
}

/* Everything queued, after running a memory or stream body to its end. */
static inline const char *fx_out(fixture *f)
{
    while (tp_fill_body(f->x))
        ;
    size_t n = f->c.out ? f->c.out->len - f->c.out->start : 0;
    cr_assert_lt(n, sizeof(f->text));
    memcpy(f->text, f->c.out ? f->c.out->data + f->c.out->start : "", n);
    f->text[n] = '\0';
    return f->text;
}

static inline const char *fx_body(fixture *f)
{
    const char *t = fx_out(f);
    const char *b = strstr(t, "\r\n\r\n");
    return b ? b + 4 : "";
}

static inline void fx_free(fixture *f)
{
    /* The engine closes a handed-over file when the exchange ends. */
    if (f->x->body_fd >= 0)
        close(f->x->body_fd);
    for (tp_arena_chunk *a = f->x->arena, *n; a; a = n) {
        n = a->next;
        free(a);
    }
    free(f->c.out);
    free(f->x);
    tp_server_free(f->srv);
    free(f);
}

#endif
