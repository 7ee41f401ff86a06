/*
 * server.c - the server object, its listeners and workers, and the router.
 *
 * The router owns three status codes: 404 when no handler is registered
 * for the path, 405 with Allow when handlers exist for the path but none
 * for the method (RFC 9110 15.5.6), and 501 for a method the engine does
 * not recognise at all (RFC 9110 15.6.2).  It also answers OPTIONS with
 * Allow where no handler takes OPTIONS, including OPTIONS * for the server
 * as a whole (RFC 9110 9.3.7).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine.h"

/* The server that SIGINT and SIGTERM stop.  Cleared before that server is
 * freed; the handler stays installed, so a signal that arrives during the
 * exit that follows is ignored instead of killing the process or touching
 * freed memory. */
static tp_server *_Atomic signal_target;

/* What Allow lists for a handler registered for every method. */
static const tp_method any_methods[] = {
    TP_M_GET, TP_M_HEAD, TP_M_POST, TP_M_PUT, TP_M_DELETE,
    TP_M_OPTIONS, TP_M_TRACE, TP_M_PATCH,
};

static tp_site *site_new(void)
{
    tp_site *site = calloc(1, sizeof(*site));
    if (site)
        atomic_init(&site->refs, 1);
    return site;
}

tp_server *tp_server_new(void)
{
    tp_server *srv = calloc(1, sizeof(*srv));
    if (!srv)
        return NULL;
    srv->next = site_new();
    if (!srv->next) {
        free(srv);
        return NULL;
    }
    srv->limits.header_timeout_ms = 10000;
    srv->limits.body_timeout_ms = 30000;
    srv->limits.keepalive_timeout_ms = 75000;
    srv->limits.max_body = 1024 * 1024;
    srv->limits.max_requests_per_conn = 0;
    srv->limits.shutdown_grace_ms = 10000;
    srv->errlog_fd = STDERR_FILENO;
    srv->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (srv->stop_fd < 0) {
        free(srv->next);
        free(srv);
        return NULL;
    }
    atomic_init(&srv->site, NULL);
    pthread_mutex_init(&srv->site_lock, NULL);
    pthread_mutex_init(&srv->pool_lock, NULL);
    atomic_init(&srv->reload, 0);
    atomic_init(&srv->stopping, 0);
    atomic_init(&srv->nconns, 0);
    atomic_init(&srv->reopen, 0);
    atomic_init(&srv->errlog_level, TP_LOG_WARN);
    pthread_mutex_init(&srv->logs_lock, NULL);
    if (getrandom(&srv->peer_seed, sizeof(srv->peer_seed), GRND_NONBLOCK) !=
        (ssize_t)sizeof(srv->peer_seed))
        srv->peer_seed = (uint32_t)(uintptr_t)srv;
    pthread_mutex_init(&srv->peers_lock, NULL);
    for (size_t i = 0; i < TP_MAX_LISTENERS; i++)
        srv->listeners[i].fd = -1;
    return srv;
}

static void host_free(struct tp_host *h)
{
    for (size_t i = 0; i < h->nroutes; i++) {
        free(h->routes[i].path);
        if (h->routes[i].extra) {
            for (char **e = h->routes[i].extra; *e; e++)
                free(*e);
            free(h->routes[i].extra);
        }
    }
    free(h->routes);
    free(h->filters);
    for (size_t i = 0; i < h->nnames; i++)
        free(h->names[i]);
    free(h->names);
    for (size_t i = 0; i < h->next_methods; i++)
        free(h->ext_methods[i]);
    free(h->ext_methods);
    for (size_t i = 0; i < h->npages; i++) {
        free(h->pages[i].content_type);
        free(h->pages[i].body);
    }
    free(h->pages);
}

static void site_free(tp_site *site)
{
    host_free(&site->any);
    for (size_t i = 0; i < site->nhosts; i++) {
        host_free(site->hosts[i]);
        free(site->hosts[i]);
    }
    free(site->hosts);
    while (site->cleanups) {
        tp_cleanup *c = site->cleanups;
        site->cleanups = c->next;
        c->fn(c->arg);
        free(c);
    }
    free(site);
}

/* The last reference frees the site, on whichever thread drops it: a
 * worker ending the last exchange of a replaced site, or the server. */
void tp_site_release(tp_site *site)
{
    if (site && atomic_fetch_sub_explicit(&site->refs, 1,
                                          memory_order_acq_rel) == 1)
        site_free(site);
}

/* Where the building calls put what they build: the site being prepared,
 * or (for a caller that adds to a running server without
 * tp_server_site_begin, which the API does not allow) the current one. */
static tp_site *building(tp_server *srv)
{
    return srv->next ? srv->next : atomic_load(&srv->site);
}

int tp_server_site_begin(tp_server *srv)
{
    if (srv->next)
        return -EBUSY;
    srv->next = site_new();
    return srv->next ? 0 : -ENOMEM;
}

void tp_server_site_commit(tp_server *srv)
{
    tp_site *site = srv->next;
    if (!site)
        return;
    srv->next = NULL;
    pthread_mutex_lock(&srv->site_lock);
    tp_site *old = atomic_exchange_explicit(&srv->site, site,
                                            memory_order_acq_rel);
    pthread_mutex_unlock(&srv->site_lock);
    tp_site_release(old);
}

/* A worker keeps one reference on the site it last saw, so that taking one
 * for an exchange is a counter increment on a site that cannot go away.
 * Only when the server has moved on does it take the lock: under it, the
 * current site still holds the server's reference, which a commit drops
 * only after swapping, under the same lock. */
tp_site *tp_worker_site(tp_worker *w)
{
    tp_server *srv = w->srv;
    tp_site *cur = atomic_load_explicit(&srv->site, memory_order_acquire);
    if (cur != w->site) {
        pthread_mutex_lock(&srv->site_lock);
        cur = tp_site_acquire(atomic_load_explicit(&srv->site,
                                                   memory_order_acquire));
        pthread_mutex_unlock(&srv->site_lock);
        tp_site_release(w->site);
        w->site = cur;
    }
    return w->site;
}

void tp_server_site_abort(tp_server *srv)
{
    tp_site *site = srv->next;
    srv->next = NULL;
    tp_site_release(site);
}

void tp_server_on_reload(tp_server *srv, tp_reload_fn fn, void *arg)
{
    srv->reload_fn = fn;
    srv->reload_arg = arg;
}

void tp_server_free(tp_server *srv)
{
    if (!srv)
        return;
    tp_server *self = srv;
    atomic_compare_exchange_strong(&signal_target, &self, NULL);
    tp_pool_free(srv);
    for (size_t i = 0; i < srv->nlisteners; i++)
        if (srv->listeners[i].fd >= 0)
            close(srv->listeners[i].fd);
    tp_site_release(srv->next);
    tp_site_release(atomic_exchange(&srv->site, NULL));
    for (size_t i = 0; i < TP_PEER_BUCKETS; i++)
        while (srv->peers[i]) {
            struct tp_peer_count *p = srv->peers[i];
            srv->peers[i] = p->next;
            free(p);
        }
    pthread_mutex_destroy(&srv->peers_lock);
    pthread_mutex_destroy(&srv->site_lock);
    pthread_mutex_destroy(&srv->pool_lock);
    close(srv->stop_fd);
    /* The sites let go of their access logs above. */
    pthread_mutex_destroy(&srv->logs_lock);
    if (srv->errlog_owned)
        close(srv->errlog_fd);
    free(srv->errlog_path);
    free(srv);
}

int tp_server_at_free(tp_server *srv, void (*fn)(void *), void *arg)
{
    tp_cleanup *c = malloc(sizeof(*c));
    if (!c)
        return -ENOMEM;
    tp_site *site = building(srv);
    c->fn = fn;
    c->arg = arg;
    c->next = site->cleanups;
    site->cleanups = c;
    return 0;
}

tp_limits *tp_server_limits(tp_server *srv)
{
    return &srv->limits;
}

void tp_server_set_threads(tp_server *srv, int threads)
{
    srv->threads = threads < 0 ? 0 : threads > TP_MAX_THREADS ? TP_MAX_THREADS
                                                               : threads;
}

/* A site's (or host's) reference to its access log, dropped when the
 * site goes. */
static void logfile_cleanup(void *lf)
{
    tp_logfile_release(lf);
}

int tp_server_access_log(tp_server *srv, tp_host *host, const char *path,
                         tp_log_format format)
{
    if (format != TP_LOG_COMBINED && format != TP_LOG_JSON)
        return -EINVAL;
    if (host && path && !*path) {
        host->log = &tp_log_off;
        return 0;
    }
    struct tp_logfile *lf = NULL;
    if (path) {
        if (!*path)
            return -EINVAL;
        if (!(lf = tp_logfile_open(srv, path, format)))
            return -errno;
        /* The site keeps the file open until it goes; a log replaced
         * while the site is built stays open that long too (rare, and
         * harmless). */
        int r = tp_server_at_free(srv, logfile_cleanup, lf);
        if (r < 0) {
            tp_logfile_release(lf);
            return r;
        }
    }
    if (host)
        host->log = lf;
    else
        building(srv)->log = lf;
    return 0;
}

int tp_server_set_access_log(tp_server *srv, const char *path)
{
    return tp_server_access_log(srv, NULL, path, TP_LOG_COMBINED);
}

/* The file at `path` in place of the one open under `fd` (dup3 is atomic),
 * so that a worker writing at that moment writes whole lines to one file
 * or the other and never to a closed descriptor. */
static void reopen_one(tp_server *srv, const char *path, int fd)
{
    int nfd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (nfd < 0) {
        tp_server_log(srv, TP_LOG_ERROR, "cannot reopen %s: %s; logging on "
                      "to the old file", path, strerror(errno));
        return;
    }
    if (dup3(nfd, fd, O_CLOEXEC) < 0)
        tp_server_log(srv, TP_LOG_ERROR, "cannot reopen %s: %s", path,
                      strerror(errno));
    close(nfd);
}

/* Log rotation: every access log of every live site, then the error log
 * (last, so that a failure to reopen an access log is told in the old
 * error log, next to the lines before it). */
static void reopen_logs(tp_server *srv)
{
    pthread_mutex_lock(&srv->logs_lock);
    for (struct tp_logfile *lf = srv->logs; lf; lf = lf->next)
        if (lf->owned)
            reopen_one(srv, lf->path, lf->fd);
    pthread_mutex_unlock(&srv->logs_lock);
    if (srv->errlog_owned)
        reopen_one(srv, srv->errlog_path, srv->errlog_fd);
}

void tp_server_reload(tp_server *srv)
{
    /* A reload reopens the log files as well, before the new site opens
     * (and shares) the ones it names: after a rotation, SIGHUP is as good
     * as SIGUSR1. */
    atomic_store(&srv->reopen, 1);
    atomic_store(&srv->reload, 1);
    uint64_t one = 1;
    if (write(srv->stop_fd, &one, sizeof(one)) < 0) {
        /* saturated: a wake-up is pending anyway */
    }
}

void tp_server_reopen_logs(tp_server *srv)
{
    atomic_store(&srv->reopen, 1);
    uint64_t one = 1;
    if (write(srv->stop_fd, &one, sizeof(one)) < 0) {
        /* saturated: a wake-up is pending anyway */
    }
}

/* ---- listeners ---- */

static int parse_listen(const char *spec, struct sockaddr_storage *ss,
                        socklen_t *sl)
{
    char host[256];
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec || !colon[1])
        return -EINVAL;
    size_t hl = (size_t)(colon - spec);
    if (hl >= sizeof(host))
        return -EINVAL;
    memcpy(host, spec, hl);
    host[hl] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return -EINVAL;
    memset(ss, 0, sizeof(*ss));
    if (host[0] == '[') {
        if (hl < 3 || host[hl - 1] != ']')
            return -EINVAL;
        host[hl - 1] = '\0';
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
            return -EINVAL;
        *sl = sizeof(*a);
        return 0;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (!strcmp(host, "*") || !strcmp(host, "0.0.0.0")) {
        a->sin_addr.s_addr = htonl(INADDR_ANY);
    } else if (!strcmp(host, "localhost")) {
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    } else if (inet_pton(AF_INET, host, &a->sin_addr) != 1) {
        return -EINVAL;
    }
    *sl = sizeof(*a);
    return 0;
}

static int open_listener(const struct sockaddr_storage *ss, socklen_t sl)
{
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    0);
    if (fd < 0)
        return -errno;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    /* One listening socket per worker, and the kernel spreads connections
     * across them: no shared accept lock, no thundering herd. */
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
    if (ss->ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    if (bind(fd, (const struct sockaddr *)ss, sl) < 0 || listen(fd, 4096) < 0) {
        int e = -errno;
        close(fd);
        return e;
    }
    return fd;
}

/* SO_REUSEPORT would let a second server bind a port another one already
 * serves, and the two would silently share its connections.  A probe bound
 * without it fails if anyone holds the port: then so do we. */
static int port_is_free(const struct sockaddr_storage *ss, socklen_t sl)
{
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (ss->ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    int r = bind(fd, (const struct sockaddr *)ss, sl) < 0 ? -errno : 0;
    close(fd);
    return r;
}

int tp_server_listen(tp_server *srv, const char *spec)
{
    if (srv->nlisteners >= TP_MAX_LISTENERS)
        return -ENOSPC;
    tp_listener *l = &srv->listeners[srv->nlisteners];
    int r = parse_listen(spec, &l->addr, &l->addrlen);
    if (r < 0)
        return r;
    r = port_is_free(&l->addr, l->addrlen);
    if (r < 0)
        return r;
    int fd = open_listener(&l->addr, l->addrlen);
    if (fd < 0)
        return fd;
    /* Port 0: the kernel chose; the other workers' sockets join that
     * port. */
    socklen_t sl = l->addrlen;
    getsockname(fd, (struct sockaddr *)&l->addr, &sl);
    l->port = ntohs(l->addr.ss_family == AF_INET6
                        ? ((struct sockaddr_in6 *)&l->addr)->sin6_port
                        : ((struct sockaddr_in *)&l->addr)->sin_port);
    l->fd = fd;
    srv->nlisteners++;
    return 0;
}

int tp_server_port(const tp_server *srv, size_t i)
{
    return i < srv->nlisteners ? srv->listeners[i].port : -1;
}

int tp_server_address(const tp_server *srv, size_t i, char *buf, size_t cap)
{
    if (i >= srv->nlisteners || cap == 0)
        return -EINVAL;
    const tp_listener *l = &srv->listeners[i];
    char host[INET6_ADDRSTRLEN];
    if (l->addr.ss_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)&l->addr)->sin6_addr,
                  host, sizeof(host));
        snprintf(buf, cap, "[%s]:%d", host, l->port);
    } else {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)&l->addr)->sin_addr,
                  host, sizeof(host));
        snprintf(buf, cap, "%s:%d", host, l->port);
    }
    return 0;
}

/* ---- routes ---- */

/* RFC 9110 9.1: method = token. */
static bool method_token(const char *s, size_t n)
{
    static const char tchar[] = "!#$%&'*+-.^_`|~0123456789"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                "abcdefghijklmnopqrstuvwxyz";
    if (n == 0 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!s[i] || !strchr(tchar, s[i]))
            return false;
    return true;
}

static bool host_takes_method(const struct tp_host *h, tp_str m)
{
    for (size_t i = 0; i < h->next_methods; i++)
        if (strlen(h->ext_methods[i]) == m.len &&
            !memcmp(h->ext_methods[i], m.ptr, m.len))
            return true;
    return false;
}

static int host_method(struct tp_host *h, const char *name, size_t n)
{
    if (!method_token(name, n))
        return -EINVAL;
    if (tp_method_lookup(name, n) != TP_M_OTHER ||
        host_takes_method(h, (tp_str){name, n}))
        return 0;
    char **nm = realloc(h->ext_methods, (h->next_methods + 1) * sizeof(*nm));
    if (!nm)
        return -ENOMEM;
    h->ext_methods = nm;
    if (!(nm[h->next_methods] = strndup(name, n)))
        return -ENOMEM;
    h->next_methods++;
    return 0;
}

/* ---- error pages ---- */

int tp_server_body_limit(tp_server *srv, tp_host *host, const char *path,
                         int64_t max)
{
    if (max < -1 || !path)
        return -EINVAL;
    struct tp_host *h = host ? host : &building(srv)->any;
    size_t len = strlen(path);
    bool prefix = len > 0 && path[len - 1] == '*';
    if (prefix)
        len--;
    int found = 0;
    for (size_t i = 0; i < h->nroutes; i++) {
        tp_route *r = &h->routes[i];
        if (r->prefix == prefix && r->path_len == len &&
            !memcmp(r->path, path, len)) {
            r->max_body = max;
            found++;
        }
    }
    return found ? 0 : -ENOENT;
}

int tp_server_error_page(tp_server *srv, tp_host *host, int code,
                         const char *content_type, const void *body,
                         size_t len)
{
    /* Only codes whose responses carry content (RFC 9110 6.4.1): an
     * error page for 204 or 304 could never be sent. */
    if (code < 400 || code > 599 || !tp_status_allows_content(code) ||
        !content_type || (!body && len))
        return -EINVAL;
    struct tp_host *h = host ? host : &building(srv)->any;
    struct tp_error_page *pg = NULL;
    for (size_t i = 0; i < h->npages; i++)
        if (h->pages[i].code == code)
            pg = &h->pages[i];
    if (!pg) {
        struct tp_error_page *np = realloc(h->pages,
                                           (h->npages + 1) * sizeof(*np));
        if (!np)
            return -ENOMEM;
        h->pages = np;
        pg = &np[h->npages++];
        *pg = (struct tp_error_page){.code = code};
    }
    char *ct = strdup(content_type), *b = malloc(len ? len : 1);
    if (!ct || !b) {
        free(ct);
        free(b);
        return -ENOMEM;
    }
    if (len)
        memcpy(b, body, len);
    free(pg->content_type);
    free(pg->body);
    pg->content_type = ct;
    pg->body = b;
    pg->len = len;
    return 0;
}

static const struct tp_error_page *page_of(const struct tp_host *h, int code)
{
    for (size_t i = 0; h && i < h->npages; i++)
        if (h->pages[i].code == code)
            return &h->pages[i];
    return NULL;
}

const struct tp_error_page *tp_error_page_for(const tp_request *x, int code)
{
    if (!x->site)
        return NULL;
    const struct tp_error_page *pg = page_of(x->host, code);
    /* A host without a page of its own for the code takes the site's. */
    return pg ? pg : page_of(&x->site->any, code);
}

int tp_server_method(tp_server *srv, tp_host *host, const char *name)
{
    if (!name)
        return -EINVAL;
    return host_method(host ? host : &building(srv)->any, name,
                       strlen(name));
}

static int parse_methods(tp_route *r, const char *methods)
{
    if (!methods) {
        r->any_method = true;
        return 0;
    }
    size_t nextra = 0;
    const char *p = methods;
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *s = p;
        while (*p && *p != ',' && *p != ' ')
            p++;
        if (p == s)
            break;
        tp_method m = tp_method_lookup(s, (size_t)(p - s));
        if (m == TP_M_OTHER && !method_token(s, (size_t)(p - s)))
            return -EINVAL;
        /* An extension method is matched by name, as a registered one
         * without a tp_method of its own. */
        if (m == TP_M_REGISTERED || m == TP_M_OTHER) {
            char **ne = realloc(r->extra, (nextra + 2) * sizeof(char *));
            if (!ne)
                return -ENOMEM;
            r->extra = ne;
            r->extra[nextra++] = strndup(s, (size_t)(p - s));
            r->extra[nextra] = NULL;
        } else {
            r->methods |= 1ull << m;
        }
    }
    return 0;
}

static void allow_add(char *buf, size_t cap, const char *name)
{
    /* keep the list free of duplicates */
    size_t nl = strlen(name);
    for (const char *p = buf; (p = strstr(p, name)); p += nl)
        if ((p == buf || p[-1] == ' ') && (p[nl] == ',' || p[nl] == '\0'))
            return;
    size_t len = strlen(buf);
    snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", name);
}

static void allow_route(char *buf, size_t cap, const tp_route *r)
{
    if (r->any_method) {
        for (size_t i = 0; i < sizeof(any_methods) / sizeof(any_methods[0]); i++)
            allow_add(buf, cap, tp_method_name(any_methods[i]));
        return;
    }
    for (int m = TP_M_GET; m < TP_M_REGISTERED; m++) {
        if (r->methods & (1ull << m)) {
            allow_add(buf, cap, tp_method_name((tp_method)m));
            /* A resource that answers GET answers HEAD (RFC 9110 9.3.2). */
            if (m == TP_M_GET)
                allow_add(buf, cap, "HEAD");
        }
    }
    if (r->extra)
        for (char **e = r->extra; *e; e++)
            allow_add(buf, cap, *e);
    allow_add(buf, cap, "OPTIONS");
}

static int host_handle(struct tp_host *h, const char *methods,
                       const char *path, tp_handler_fn fn, void *arg)
{
    if (!path || !fn)
        return -EINVAL;
    tp_route *nr = realloc(h->routes, (h->nroutes + 1) * sizeof(*nr));
    if (!nr)
        return -ENOMEM;
    h->routes = nr;
    tp_route *r = &nr[h->nroutes];
    memset(r, 0, sizeof(*r));
    size_t len = strlen(path);
    r->prefix = len > 0 && path[len - 1] == '*';
    r->path = strndup(path, r->prefix ? len - 1 : len);
    r->path_len = r->prefix ? len - 1 : len;
    r->fn = fn;
    r->arg = arg;
    r->max_body = TP_BODY_LIMIT_SERVER;
    int e = parse_methods(r, methods);
    if (e < 0 || !r->path) {
        free(r->path);
        if (r->extra) {
            for (char **x = r->extra; *x; x++)
                free(*x);
            free(r->extra);
        }
        return e < 0 ? e : -ENOMEM;
    }
    for (char **x = r->extra; x && *x; x++) {
        e = host_method(h, *x, strlen(*x));
        if (e < 0)
            return e; /* the route stays unused: nroutes not counted */
    }
    h->nroutes++;
    allow_route(h->allow_all, sizeof(h->allow_all), r);
    return 0;
}

int tp_server_handle(tp_server *srv, const char *methods, const char *path,
                     tp_handler_fn fn, void *arg)
{
    return host_handle(&building(srv)->any, methods, path, fn, arg);
}

int tp_host_handle(tp_host *host, const char *methods, const char *path,
                   tp_handler_fn fn, void *arg)
{
    return host ? host_handle(host, methods, path, fn, arg) : -EINVAL;
}

/* ---- virtual hosts (RFC 9110 7.2, 7.4) ---- */

/* A host name as hosts are matched: lower case, the port and one trailing
 * dot dropped, an IPv6 literal kept with its brackets.  False when there
 * is nothing left or it does not fit. */
static bool host_key(tp_str in, char *out, size_t cap)
{
    size_t n = in.len;
    if (n && in.ptr[0] == '[') {
        const char *close = memchr(in.ptr, ']', n);
        if (!close)
            return false;
        n = (size_t)(close - in.ptr) + 1;
        /* One spelling per address: [0:0::1] is [::1]. */
        char lit[INET6_ADDRSTRLEN];
        struct in6_addr a6;
        if (n - 2 < sizeof(lit)) {
            memcpy(lit, in.ptr + 1, n - 2);
            lit[n - 2] = '\0';
            if (inet_pton(AF_INET6, lit, &a6) == 1 &&
                inet_ntop(AF_INET6, &a6, lit, sizeof(lit)) &&
                strlen(lit) + 3 <= cap) {
                snprintf(out, cap, "[%s]", lit);
                return true;
            }
        }
    } else {
        const char *colon = memchr(in.ptr, ':', n);
        if (colon)
            n = (size_t)(colon - in.ptr);
        if (n && in.ptr[n - 1] == '.')
            n--;
    }
    if (n == 0 || n >= cap)
        return false;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)in.ptr[i]);
    out[n] = '\0';
    return true;
}

static bool name_matches(const char *pattern, const char *name)
{
    if (pattern[0] == '*' && pattern[1] == '.') {
        /* "*.example.org": one or more labels below example.org */
        size_t pl = strlen(pattern + 1), nl = strlen(name);
        return nl > pl && !strcmp(name + nl - pl, pattern + 1);
    }
    return !strcmp(pattern, name);
}

static struct tp_host *host_named(const tp_site *srv, const char *name)
{
    /* An exact name first; else the most specific wildcard, so that
     * x.dev.example.org goes to "*.dev.example.org" even when
     * "*.example.org" was configured first. */
    struct tp_host *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < srv->nhosts; i++)
        for (size_t k = 0; k < srv->hosts[i]->nnames; k++) {
            const char *p = srv->hosts[i]->names[k];
            if (!name_matches(p, name))
                continue;
            if (p[0] != '*')
                return srv->hosts[i];
            size_t l = strlen(p);
            if (l > best_len) {
                best = srv->hosts[i];
                best_len = l;
            }
        }
    return best;
}

tp_host *tp_server_host(tp_server *server, const char *const *names)
{
    tp_site *srv = building(server);
    if (!names || !names[0]) {
        errno = EINVAL;
        return NULL;
    }
    struct tp_host *h = calloc(1, sizeof(*h));
    struct tp_host **nh = h ? realloc(srv->hosts, (srv->nhosts + 1) *
                                                      sizeof(*nh))
                            : NULL;
    if (!nh) {
        free(h);
        errno = ENOMEM;
        return NULL;
    }
    srv->hosts = nh;
    int err = 0;
    for (size_t i = 0; names[i] && !err; i++) {
        char key[256];
        if (!host_key((tp_str){names[i], strlen(names[i])}, key, sizeof(key)) ||
            (key[0] == '*' && key[1] != '.') || strchr(key + 1, '*')) {
            err = EINVAL;
            break;
        }
        for (size_t k = 0; k < srv->nhosts && !err; k++)
            for (size_t m = 0; m < srv->hosts[k]->nnames; m++)
                if (!strcmp(srv->hosts[k]->names[m], key))
                    err = EEXIST;
        char **nn = err ? NULL : realloc(h->names, (h->nnames + 1) * sizeof(*nn));
        if (!err && !nn)
            err = ENOMEM;
        if (!err) {
            h->names = nn;
            h->names[h->nnames] = strdup(key);
            if (!h->names[h->nnames])
                err = ENOMEM;
            else
                h->nnames++;
        }
    }
    if (err) {
        host_free(h);
        free(h);
        errno = err;
        return NULL;
    }
    srv->hosts[srv->nhosts++] = h;
    return h;
}

void tp_server_set_fallback(tp_server *srv, tp_host *host)
{
    building(srv)->fallback = host;
}

static int host_filter(struct tp_host *h, tp_filter_fn fn, void *arg)
{
    if (!fn)
        return -EINVAL;
    struct tp_filter *nf = realloc(h->filters,
                                   (h->nfilters + 1) * sizeof(*nf));
    if (!nf)
        return -ENOMEM;
    h->filters = nf;
    nf[h->nfilters++] = (struct tp_filter){fn, arg};
    return 0;
}

int tp_server_filter(tp_server *srv, tp_filter_fn fn, void *arg)
{
    return host_filter(&building(srv)->any, fn, arg);
}

int tp_host_filter(tp_host *host, tp_filter_fn fn, void *arg)
{
    return host ? host_filter(host, fn, arg) : -EINVAL;
}

/* The host a request is for, or NULL for 421. */
static const struct tp_host *host_for(const tp_site *srv,
                                      const tp_request_head *h)
{
    if (!srv->nhosts)
        return &srv->any;
    char key[256];
    const struct tp_host *found = NULL;
    if (h->host.len && host_key(h->host, key, sizeof(key)))
        found = host_named(srv, key);
    if (found)
        return found;
    if (srv->fallback)
        return srv->fallback;
    return srv->any.nroutes ? &srv->any : NULL;
}

static bool route_matches_path(const tp_route *r, tp_str path)
{
    if (r->prefix)
        return path.len >= r->path_len &&
               !memcmp(path.ptr, r->path, r->path_len);
    return path.len == r->path_len && !memcmp(path.ptr, r->path, path.len);
}

static bool route_takes(const tp_route *r, const tp_request_head *h,
                        tp_method m);

/* The route that answers: the first that matches the path and takes the
 * method; HEAD goes to one registered for it, else to the GET one.
 * *path_known tells whether any route matched the path at all. */
static const tp_route *route_for(const struct tp_host *host,
                                 const tp_request_head *h, bool *path_known)
{
    const tp_route *get_route = NULL;
    for (size_t i = 0; i < host->nroutes; i++) {
        const tp_route *r = &host->routes[i];
        if (!route_matches_path(r, h->path))
            continue;
        *path_known = true;
        if (route_takes(r, h, h->method_id))
            return r;
        if (!get_route && h->method_id == TP_M_HEAD &&
            route_takes(r, h, TP_M_GET))
            get_route = r;
    }
    return get_route;
}

static bool route_takes(const tp_route *r, const tp_request_head *h,
                        tp_method m)
{
    if (r->any_method)
        return true;
    if (m == TP_M_REGISTERED) {
        if (r->extra)
            for (char **e = r->extra; *e; e++)
                if (strlen(*e) == h->method.len &&
                    !memcmp(*e, h->method.ptr, h->method.len))
                    return true;
        return false;
    }
    return (r->methods >> m) & 1u;
}

static void respond_allow(tp_request *x, int code, const char *allow)
{
    tp_response_header(x, "Allow", allow);
    if (code == 200)
        tp_respond_static(x, 200, NULL, "", 0);
    else
        tp_respond_error(x, code, NULL);
}

/* ---- the path every filter and route sees ---- */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int tp_pct_decode(const char *p, size_t left)
{
    if (left < 3 || p[0] != '%')
        return -1;
    int hi = hex_digit(p[1]), lo = hex_digit(p[2]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

bool tp_path_literal(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || (c && strchr("-._~!$&'()*+,;=:@", c));
}

/*
 * One spelling per path, so that a rule for /admin/ cannot be walked
 * around as //admin/, /./admin/, /x/../admin/, /%61dmin/ or /a%2Bb/ for
 * /a+b/ while the files behind it are served all the same: escapes of the
 * characters a segment may carry as themselves decoded (tp_path_literal;
 * RFC 3986 6.2.2.2 asks it of the unreserved ones, and this server's
 * handlers treat the sub-delims, ':' and '@' the same way either
 * spelling, 6.2.3), the other escapes in upper case (6.2.2.1), dot
 * segments removed (6.2.2.3, 5.2.4), and empty segments merged, as file
 * systems do.  '%2F', '%25', '%3F' and '%23' stay escapes: decoding them
 * would change the segments, decode twice, or cut a query.  x->head.path is replaced when it changes; the target
 * stays as received.  Returns 0, or 400 when ".." climbs above the root
 * (which 5.2.4 would silently drop: a client that sends it is confused or
 * probing, and an answer for "/" would be a wrong one).
 */
static int canonical_path(tp_request *x)
{
    tp_str in = x->head.path;
    bool plain = true;
    for (size_t i = 0; i < in.len && plain; i++)
        plain = in.ptr[i] != '%' &&
                !(in.ptr[i] == '/' && i + 1 < in.len &&
                  (in.ptr[i + 1] == '/' || in.ptr[i + 1] == '.'));
    if (plain)
        return 0;
    char *out = tp_request_alloc(x, in.len + 1);
    if (!out)
        return 500;
    /* Decoding first: %2E is a dot, and its segment a dot segment. */
    size_t n = 0;
    for (size_t i = 0; i < in.len; i++) {
        char c = in.ptr[i];
        int d = tp_pct_decode(in.ptr + i, in.len - i);
        if (d >= 0) {
            if (tp_path_literal(d)) {
                out[n++] = (char)d;
            } else {
                out[n++] = '%';
                out[n++] = (char)toupper((unsigned char)in.ptr[i + 1]);
                out[n++] = (char)toupper((unsigned char)in.ptr[i + 2]);
            }
            i += 2;
            continue;
        }
        out[n++] = c;
    }
    /* Then the segments, in place: the output never outgrows the input. */
    size_t o = 0, i = 0;
    while (i < n) {
        /* out[i] is '/': the segment runs to the next one */
        size_t j = i + 1;
        while (j < n && out[j] != '/')
            j++;
        size_t len = j - i - 1;
        const char *seg = out + i + 1;
        bool last = j >= n;
        if (len == 0 && !last) {
            /* an empty segment: "//" is "/" */
        } else if (len == 1 && seg[0] == '.') {
            if (last)
                out[o++] = '/';
        } else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            if (o == 0)
                return 400;
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--; /* the '/' before the dropped segment */
            if (last)
                out[o++] = '/';
        } else {
            memmove(out + o, out + i, len + 1);
            o += len + 1;
        }
        i = j;
    }
    if (o == 0)
        out[o++] = '/';
    out[o] = '\0';
    x->head.path = (tp_str){out, o};
    return 0;
}

/* A request marked "Early-Data: 1" (RFC 8470 5.1) whose method is not safe
 * (RFC 9110 9.2.1). */
static bool early_data_unsafe(tp_request *x)
{
    tp_method m = x->head.method_id;
    if (m == TP_M_GET || m == TP_M_HEAD || m == TP_M_OPTIONS ||
        m == TP_M_TRACE)
        return false;
    /* RFC 8470 5.1: the value is "1", and several instances or any
     * other value count as "1": the field's presence decides. */
    return tp_request_header(x, "Early-Data", NULL);
}

void tp_dispatch(tp_request *x)
{
    tp_request_head *h = &x->head;
    const struct tp_host *host = x->site ? host_for(x->site, h) : NULL;
    x->host = host;

    if (h->method_id == TP_M_OTHER) {
        if (!host || !host_takes_method(host, h->method)) {
            /* RFC 9110 15.6.2: nothing here implements this method. */
            tp_respond_error(x, 501, "the request method is not "
                                     "recognised");
            return;
        }
        /* Declared by the host: matched by name from here on. */
        h->method_id = TP_M_REGISTERED;
    }
    if (h->form == TP_TARGET_ABSOLUTE &&
        (h->target.len < 7 || strncasecmp(h->target.ptr, "http://", 7))) {
        /* RFC 9110 7.4: an https (or other) URI arrived on a plain
         * connection; this server is not authoritative for it here. */
        tp_respond_error(x, 421, "this connection serves http URIs only");
        return;
    }
    if (!host) {
        /* RFC 9110 15.5.20: this server is not authoritative for the name
         * the request is for; the client may retry on another connection. */
        tp_respond_error(x, 421, "this server does not answer for that "
                                 "host name");
        return;
    }
    if (h->form == TP_TARGET_ORIGIN || h->form == TP_TARGET_ABSOLUTE) {
        int st = canonical_path(x);
        if (st) {
            tp_respond_error(x, st, st == 400 ? "the path climbs above the "
                                                "root with '..'"
                                              : NULL);
            return;
        }
    }
    /* The route that will answer (once the filters let the request
     * through) may take larger or smaller bodies than the server. */
    bool path_known = false;
    const tp_route *match = NULL;
    if (h->form == TP_TARGET_ORIGIN || h->form == TP_TARGET_ABSOLUTE)
        match = route_for(host, h, &path_known);
    if (match && match->max_body != TP_BODY_LIMIT_SERVER)
        x->max_body = match->max_body;
    if (tp_body_too_large(x))
        return;
    if (early_data_unsafe(x)) {
        /* RFC 8470 5.2: an intermediary forwarded this request from TLS
         * early data, which an attacker can replay; only a request that is
         * safe to repeat is processed. */
        tp_respond_error(x, 425, "this request came in TLS early data, and "
                                 "its method is not safe to replay; send it "
                                 "again after the handshake");
        return;
    }
    for (size_t i = 0; i < host->nfilters; i++) {
        if (h->method_id == TP_M_HEAD)
            x->head_only = true;
        if (host->filters[i].fn(x, host->filters[i].arg))
            return;
    }
    if (h->form == TP_TARGET_ASTERISK) {
        /* The parser lets '*' through only for OPTIONS. */
        respond_allow(x, 200, host->allow_all);
        return;
    }
    if (h->form == TP_TARGET_AUTHORITY) {
        /* CONNECT: this is an origin server, not a proxy. */
        respond_allow(x, 405, host->allow_all);
        return;
    }

    if (h->method_id == TP_M_HEAD)
        x->head_only = true;
    if (match) {
        x->route = match;
        match->fn(x, match->arg);
        return;
    }
    if (!path_known) {
        tp_respond_error(x, 404, NULL);
        return;
    }
    /* Allow lists what every route for this path takes. */
    char allow[512] = "";
    for (size_t i = 0; i < host->nroutes; i++)
        if (route_matches_path(&host->routes[i], h->path))
            allow_route(allow, sizeof(allow), &host->routes[i]);
    if (h->method_id == TP_M_OPTIONS)
        respond_allow(x, 200, allow);
    else
        respond_allow(x, 405, allow);
}

/* ---- running ---- */

static int cpu_count(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0)
        return CPU_COUNT(&set) > 0 ? CPU_COUNT(&set) : 1;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static void *worker_main(void *arg)
{
    tp_worker *w = arg;
    sigset_t all;
    /* Signals go to the thread that called tp_server_run. */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    tp_worker_run(w);
    return NULL;
}

int tp_server_run(tp_server *srv)
{
    if (srv->nlisteners == 0) {
        int r = tp_server_listen(srv, "127.0.0.1:8080");
        if (r < 0)
            return r;
    }
    /* The site built so far is the first one the workers see. */
    tp_server_site_commit(srv);
    int n = srv->threads > 0 ? srv->threads : cpu_count();
    srv->workers = calloc((size_t)n, sizeof(tp_worker));
    if (!srv->workers)
        return -ENOMEM;
    srv->nworkers = n;
    /* Every descriptor starts as "none", so that cleanup after a failed
     * start closes only what was opened. */
    for (int i = 0; i < n; i++) {
        tp_worker *w = &srv->workers[i];
        w->epfd = w->wake_fd = w->reserve_fd = -1;
        for (size_t l = 0; l < TP_MAX_LISTENERS; l++)
            w->listen_fds[l] = -1;
    }
    int err = 0;
    for (int i = 0; i < n && !err; i++) {
        tp_worker *w = &srv->workers[i];
        w->srv = srv;
        w->id = i;
        w->epfd = w->wake_fd = -1;
        for (size_t l = 0; l < srv->nlisteners; l++) {
            if (i == 0) {
                w->listen_fds[l] = srv->listeners[l].fd;
                srv->listeners[l].fd = -1;
            } else {
                int fd = open_listener(&srv->listeners[l].addr,
                                       srv->listeners[l].addrlen);
                if (fd < 0) {
                    err = fd;
                    break;
                }
                w->listen_fds[l] = fd;
            }
        }
        if (!err)
            err = tp_worker_setup(w);
    }
    int started = 0;
    if (!err) {
        srv->running = true;
        for (; started < n; started++) {
            if (pthread_create(&srv->workers[started].thread, NULL,
                               worker_main, &srv->workers[started]) != 0) {
                err = -EAGAIN;
                atomic_store(&srv->stopping, 1);
                break;
            }
        }
    }
    /* The calling thread sleeps until a stop is asked for, then wakes the
     * workers; they finish their exchanges and return. */
    while (!err && !atomic_load(&srv->stopping)) {
        uint64_t v;
        struct pollfd pfd = {.fd = srv->stop_fd, .events = POLLIN};
        if (poll(&pfd, 1, 1000) > 0 && read(srv->stop_fd, &v, sizeof(v)) < 0) {
            /* spurious: the flags decide */
        }
        if (atomic_exchange(&srv->reopen, 0))
            reopen_logs(srv);
        if (atomic_exchange(&srv->reload, 0) && srv->reload_fn)
            srv->reload_fn(srv, srv->reload_arg);
    }
    for (int i = 0; i < started; i++)
        tp_worker_wake(&srv->workers[i]);
    for (int i = 0; i < started; i++)
        pthread_join(srv->workers[i].thread, NULL);
    /* Offloaded work still running ends before the workers' eventfds
     * it would wake are closed. */
    if (started)
        tp_pool_drain(srv);
    for (int i = 0; i < n; i++) {
        tp_worker *w = &srv->workers[i];
        if (w->epfd >= 0)
            close(w->epfd);
        if (w->wake_fd >= 0) {
            close(w->wake_fd);
            pthread_mutex_destroy(&w->done_lock);
        }
        if (w->reserve_fd >= 0)
            close(w->reserve_fd);
        for (size_t l = 0; l < srv->nlisteners; l++)
            if (w->listen_fds[l] >= 0)
                close(w->listen_fds[l]);
        tp_log_worker_done(w);
        tp_site_release(w->site);
        w->site = NULL;
    }
    free(srv->workers);
    srv->workers = NULL;
    srv->running = false;
    return err;
}

void tp_server_stop(tp_server *srv)
{
    atomic_store(&srv->stopping, 1);
    uint64_t one = 1;
    if (write(srv->stop_fd, &one, sizeof(one)) < 0) {
        /* saturated: a wake-up is pending anyway */
    }
}

bool tp_server_stopping(const tp_server *srv)
{
    return atomic_load_explicit(&((tp_server *)srv)->stopping,
                                memory_order_relaxed) != 0;
}


static void on_stop_signal(int sig)
{
    tp_server *srv = atomic_load(&signal_target);
    if (!srv)
        return;
    if (sig == SIGUSR1)
        tp_server_reopen_logs(srv);
    else if (sig == SIGHUP)
        tp_server_reload(srv);
    else
        tp_server_stop(srv);
}

int tp_server_stop_on_signals(tp_server *srv)
{
    atomic_store(&signal_target, srv);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal;
    /* A log rotation must not cut a write short in the middle of a line. */
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) < 0 || sigaction(SIGTERM, &sa, NULL) < 0 ||
        sigaction(SIGUSR1, &sa, NULL) < 0 || sigaction(SIGHUP, &sa, NULL) < 0)
        return -errno;
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

/* ---- request accessors ---- */

tp_str tp_request_method(const tp_request *x) { return x->head.method; }
tp_str tp_request_target(const tp_request *x) { return x->head.target; }
tp_str tp_request_path(const tp_request *x) { return x->head.path; }
tp_str tp_request_query(const tp_request *x) { return x->head.query; }
tp_str tp_request_host(const tp_request *x) { return x->head.host; }

int tp_request_version(const tp_request *x)
{
    return 10 + x->head.version_minor;
}

bool tp_request_header(const tp_request *x, const char *name, tp_str *value)
{
    const tp_field *f = tp_request_field(&x->head, name);
    if (!f)
        return false;
    if (value)
        *value = f->value;
    return true;
}

bool tp_request_header_list(tp_request *x, const char *name, tp_str *value)
{
    size_t count = 0, total = 0;
    const tp_field *first = NULL;
    for (size_t i = 0; i < x->head.nfields; i++) {
        const tp_field *f = &x->head.fields[i];
        if (!tp_str_ieq(f->name, name))
            continue;
        if (!first)
            first = f;
        count++;
        total += f->value.len + 2;
    }
    if (!first)
        return false;
    if (count == 1) {
        *value = first->value;
        return true;
    }
    char *buf = tp_request_alloc(x, total);
    if (!buf) {
        *value = first->value;
        return true;
    }
    size_t o = 0;
    for (size_t i = 0; i < x->head.nfields; i++) {
        const tp_field *f = &x->head.fields[i];
        if (!tp_str_ieq(f->name, name))
            continue;
        if (o) {
            buf[o++] = ',';
            buf[o++] = ' ';
        }
        memcpy(buf + o, f->value.ptr, f->value.len);
        o += f->value.len;
    }
    *value = (tp_str){buf, o};
    return true;
}

size_t tp_request_header_count(const tp_request *x) { return x->head.nfields; }

tp_str tp_request_raw_head(const tp_request *x)
{
    /* The head's slices point into the input buffer, which keeps the head
     * in place for the whole exchange; it ends at head_end. */
    const char *start = x->head.method.ptr;
    const char *end = x->conn->in ? x->conn->in->data + x->head_end : start;
    if (end < start)
        end = start;
    return (tp_str){start, (size_t)(end - start)};
}

void tp_request_header_at(const tp_request *x, size_t i, tp_str *name,
                          tp_str *value)
{
    *name = x->head.fields[i].name;
    *value = x->head.fields[i].value;
}

int64_t tp_request_content_length(const tp_request *x)
{
    if (x->head.chunked)
        return -1;
    return x->head.content_length > 0 ? x->head.content_length : 0;
}

bool tp_request_has_body(const tp_request *x)
{
    return x->head.chunked || x->head.content_length > 0;
}

void tp_request_set_user(tp_request *x, const char *user)
{
    x->user = user;
}

const char *tp_request_user(const tp_request *x)
{
    return x->user;
}

const char *tp_request_peer(const tp_request *cx)
{
    tp_request *x = (tp_request *)cx;
    if (!x->peer[0]) {
        const tp_conn *c = x->conn;
        if (!inet_ntop(c->peer_family == AF_INET6 ? AF_INET6 : AF_INET,
                       c->peer_addr, x->peer, sizeof(x->peer)))
            strcpy(x->peer, "-");
    }
    return x->peer;
}
