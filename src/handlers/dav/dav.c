/*
 * dav.c - WebDAV authoring of a directory tree (RFC 4918, class 1 and 2):
 * the mount, the dispatch of each method to the file that owns it, the
 * mapping between URLs and files, OPTIONS and PUT, and what the methods
 * share (multistatus and error bodies, request bodies, the quota, the
 * tree walker).  GET and HEAD are the static handler's, so a file reads
 * the same whether the tree is writable or not; the other methods are
 * here and in davprops.c, davlock.c and davtree.c (see davint.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "davint.h"

/* Without a max_put, one PUT may carry this much. */
#define DAV_DEFAULT_MAX_PUT (1LL << 40)
/* A multistatus body grows to this at most (a PROPFIND of a huge tree
 * beyond it gets 500 rather than exhausting memory). */
#define DAV_MS_MAX_BYTES (256u << 20)
/* PUT asks the kernel to start writing back every this many bytes, so
 * that the final fsync does not find the whole upload still dirty. */
#define DAV_PUT_WRITEBACK (8 << 20)

/* ------------------------------------------------------------------ */
/* Mapping URLs to files                                               */
/* ------------------------------------------------------------------ */

int dav_map(tp_request *req, const dav *d, tp_str url_path, char **path,
            char **rel, bool *slash, const char **why)
{
    /* Decoded once: the request's path is canonical already (the engine
     * removed dot segments), a Destination's is not, so both go through
     * the same segment walk as RFC 3986 5.2.4. */
    char *dec = tp_request_alloc(req, url_path.len + 2);
    char *out = tp_request_alloc(req, url_path.len + 2);
    if (!dec || !out) {
        *why = "out of memory";
        return 500;
    }
    size_t n = 0;
    for (size_t i = 0; i < url_path.len; i++) {
        int ch = (unsigned char)url_path.ptr[i];
        if (ch == '%') {
            ch = tp_pct_decode(url_path.ptr + i, url_path.len - i);
            if (ch < 0) {
                *why = "malformed percent-encoding in the path";
                return 400;
            }
            i += 2;
            /* An encoded slash would move the segment boundaries; an
             * encoded NUL would cut a file name short. */
            if (ch == '/' || ch == 0) {
                *why = ch ? "encoded slash in the path" : "NUL in the path";
                return 400;
            }
        }
        dec[n++] = (char)ch;
    }
    dec[n] = '\0';
    if (n == 0 || dec[0] != '/') {
        *why = "the path is not absolute";
        return 400;
    }
    *slash = n > 1 && dec[n - 1] == '/';

    size_t o = 0, depth = 0, marks[256];
    char *save = NULL;
    for (char *seg = strtok_r(dec, "/", &save); seg;
         seg = strtok_r(NULL, "/", &save)) {
        if (!strcmp(seg, "."))
            continue;
        if (!strcmp(seg, "..")) {
            if (depth == 0) {
                *why = "the path climbs above the root";
                return 400;
            }
            o = marks[--depth];
            continue;
        }
        if (depth == sizeof(marks) / sizeof(marks[0])) {
            *why = "the path is too deep";
            return 414;
        }
        marks[depth++] = o;
        out[o++] = '/';
        size_t sl = strlen(seg);
        memcpy(out + o, seg, sl);
        o += sl;
    }
    out[o] = '\0';

    /* Below the mount point: "/dav" itself or "/dav/...". */
    size_t pl = strlen(d->prefix);
    if (strncmp(out, d->prefix, pl) || (out[pl] != '/' && out[pl] != '\0')) {
        *why = "the path is outside the writable tree";
        return 404;
    }
    char *p = out + pl;
    if (!*p)
        p = "/";
    if (strlen(p) >= TP_DAV_STORE_PATH_MAX) {
        *why = "the path is too long";
        return 414;
    }
    /* What policy hides: dot files unless allowed (the static handler
     * hides the same), and the name the jobs live under. */
    for (const char *s = p; (s = strchr(s, '/')); s++) {
        if (s[1] == '.' && !d->opt.files.dotfiles) {
            *why = NULL;
            return 404;
        }
    }
    size_t jl = strlen(DAV_JOBS_SEGMENT);
    if (!strncmp(p + 1, DAV_JOBS_SEGMENT, jl) &&
        (p[1 + jl] == '/' || p[1 + jl] == '\0')) {
        *why = "this name is reserved for the server's jobs";
        return 404;
    }
    *path = p;
    *rel = dav_rel(req, p);
    return *rel ? 0 : 500;
}

char *dav_rel(tp_request *req, const char *path)
{
    if (!strcmp(path, "/"))
        return tp_request_strdup(req, (tp_str){".", 1});
    return tp_request_strdup(req, (tp_str){path + 1, strlen(path + 1)});
}

char *dav_parent(tp_request *req, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return tp_request_strdup(req, (tp_str){"/", 1});
    return tp_request_strdup(req, (tp_str){path, (size_t)(slash - path)});
}

char *dav_href(tp_request *req, const dav *d, const char *path,
               bool collection)
{
    size_t pl = strlen(d->prefix), n = strlen(path);
    char *h = tp_request_alloc(req, pl + 3 * n + 2);
    if (!h)
        return NULL;
    memcpy(h, d->prefix, pl);
    size_t o = pl;
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c == '/' || tp_path_literal(c)) {
            h[o++] = (char)c;
        } else {
            h[o++] = '%';
            h[o++] = hex[c >> 4];
            h[o++] = hex[c & 15];
        }
    }
    if (collection && (o == 0 || h[o - 1] != '/'))
        h[o++] = '/';
    if (!collection && o > 1 && h[o - 1] == '/' && strcmp(path, "/"))
        o--;
    h[o] = '\0';
    return h;
}

/* Whether the resolved path `real` lies inside the root (or is it). */
static bool inside_root(const dav *d, const char *real)
{
    size_t rl = strlen(d->root_real);
    return !strncmp(real, d->root_real, rl) &&
           (real[rl] == '/' || real[rl] == '\0' || rl == 1);
}

/* Whether the file fd has reached lies inside the root (when links may
 * not lead out of it). */
static bool fd_inside_root(const dav *d, int fd)
{
    char proc[64], real[4096];
    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(proc, real, sizeof(real) - 1);
    if (n <= 0)
        return false;
    real[n] = '\0';
    return inside_root(d, real);
}

int dav_stat(const dav *d, const char *rel, struct stat *st)
{
    if (d->opt.files.follow_symlinks)
        return fstatat(d->rootfd, rel, st, 0);
    struct open_how how = {
        .flags = O_PATH | O_CLOEXEC,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    int fd = (int)syscall(SYS_openat2, d->rootfd, rel, &how, sizeof(how));
    if (fd < 0 && errno == EXDEV) {
        /* An absolute link may still lead to a file inside the root. */
        fd = openat(d->rootfd, rel, O_PATH | O_CLOEXEC);
        if (fd >= 0 && !fd_inside_root(d, fd)) {
            close(fd);
            errno = ENOENT;
            return -1;
        }
    }
    if (fd < 0)
        return -1;
    int r = fstat(fd, st);
    int e = errno;
    close(fd);
    errno = e;
    return r;
}

int dav_parent_check(dav_req *r, const char *path)
{
    char *parent = dav_parent(r->req, path);
    char *rel = parent ? dav_rel(r->req, parent) : NULL;
    if (!rel)
        return -1;
    struct stat st;
    if (dav_stat(r->d, rel, &st) < 0)
        return 0;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return 0;
    }
    return 1;
}

void dav_etag(const struct stat *st, char out[96])
{
    tp_static_etag(out, 96, st);
}

/* ------------------------------------------------------------------ */
/* Responses                                                           */
/* ------------------------------------------------------------------ */

void dav_status_text(int code, char out[64])
{
    const char *reason = tp_status_reason(code);
    snprintf(out, 64, "HTTP/1.1 %d %s", code, reason ? reason : "");
}

tp_dav_out *dav_ms_begin(void)
{
    tp_dav_out *o = tp_dav_out_new(DAV_MS_MAX_BYTES);
    if (o)
        tp_dav_out_open(o, TP_DAV_NS, "multistatus");
    return o;
}

static void write_condition(tp_dav_out *o, const char *precondition,
                            const char *const *hrefs)
{
    tp_dav_out_open(o, TP_DAV_NS, "error");
    tp_dav_out_open(o, TP_DAV_NS, precondition);
    for (size_t i = 0; hrefs && hrefs[i]; i++)
        tp_dav_out_elem(o, TP_DAV_NS, "href", hrefs[i]);
    tp_dav_out_close(o);
    tp_dav_out_close(o);
}

void dav_ms_status(tp_dav_out *o, const char *href, int code,
                   const char *precondition, const char *const *cond_hrefs)
{
    char status[64];
    dav_status_text(code, status);
    tp_dav_out_open(o, TP_DAV_NS, "response");
    tp_dav_out_elem(o, TP_DAV_NS, "href", href);
    tp_dav_out_elem(o, TP_DAV_NS, "status", status);
    if (precondition)
        write_condition(o, precondition, cond_hrefs);
    tp_dav_out_close(o);
}

static void respond_xml(tp_request *req, int code, tp_dav_out *o)
{
    const char *data;
    size_t len;
    if (!o || tp_dav_out_finish(o, &data, &len) < 0) {
        tp_respond_error(req, 500, "the XML response could not be written");
    } else {
        tp_respond(req, code, "application/xml; charset=utf-8", data, len);
    }
    tp_dav_out_free(o);
}

void dav_ms_send(tp_request *req, tp_dav_out *o)
{
    if (o)
        tp_dav_out_close(o);
    respond_xml(req, 207, o);
}

void dav_respond_condition(tp_request *req, int code,
                           const char *precondition, const char *const *hrefs)
{
    tp_dav_out *o = tp_dav_out_new(1u << 20);
    if (o)
        write_condition(o, precondition, hrefs);
    respond_xml(req, code, o);
}

/* ------------------------------------------------------------------ */
/* Request bodies                                                      */
/* ------------------------------------------------------------------ */

typedef struct body_reader {
    dav_req *r;
    dav_body_done done;
    tp_bytes body; /* in the exchange's arena: nothing to free if the
                      exchange is cut short */
} body_reader;

static int xml_body_piece(tp_request *req, const char *data, size_t len,
                          void *arg)
{
    body_reader *b = arg;
    if (data && len > TP_DAV_XML_MAX_BYTES - b->body.len)
        return 413;
    if (tp_request_append(req, &b->body, data, data ? len : 0) < 0)
        return 500;
    if (!data)
        b->done(b->r, b->body.len ? b->body.data : NULL, b->body.len);
    return 0;
}

void dav_read_xml_body(dav_req *r, dav_body_done done)
{
    int64_t cl = tp_request_content_length(r->req);
    if (cl > (int64_t)TP_DAV_XML_MAX_BYTES) {
        tp_respond_error(r->req, 413, "the XML body is larger than this "
                                      "server takes");
        return;
    }
    if (!tp_request_has_body(r->req)) {
        done(r, NULL, 0);
        return;
    }
    body_reader *b = tp_request_alloc(r->req, sizeof(*b));
    if (!b) {
        tp_respond_error(r->req, 500, NULL);
        return;
    }
    *b = (body_reader){.r = r, .done = done};
    tp_request_read_body(r->req, xml_body_piece, b);
}

tp_dav_xml *dav_parse_or_respond(dav_req *r, const char *data, size_t len)
{
    tp_dav_xml *doc = NULL;
    char why[256] = "";
    int st = tp_dav_xml_parse(data, len, &doc, why, sizeof(why));
    if (st == 0)
        return doc;
    if (st < 0)
        tp_respond_error(r->req, 500, "out of memory");
    else
        tp_respond_error(r->req, st, why[0] ? why : NULL);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Quota                                                               */
/* ------------------------------------------------------------------ */

bool dav_quota_allows(dav *d, int64_t more)
{
    if (d->opt.quota <= 0 || more <= 0)
        return true;
    return atomic_load(&d->used) + more <= d->opt.quota;
}

void dav_quota_add(dav *d, int64_t delta)
{
    if (d->opt.quota > 0)
        atomic_fetch_add(&d->used, delta);
}

/* ------------------------------------------------------------------ */
/* Walking a tree                                                      */
/* ------------------------------------------------------------------ */

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

typedef struct walker {
    const dav *d;
    bool bind;
    unsigned flags;
    dav_walk_fn fn;
    void *ud;
    dir_id *stack; /* the collections being walked, root first */
    size_t nstack, capstack;
    dir_id *seen;  /* with bind: every collection reported */
    size_t nseen, capseen;
} walker;

static bool ids_have(const dir_id *ids, size_t n, const struct stat *st)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i].dev == st->st_dev && ids[i].ino == st->st_ino)
            return true;
    return false;
}

static int ids_push(dir_id **ids, size_t *n, size_t *cap,
                    const struct stat *st)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        dir_id *g = realloc(*ids, nc * sizeof(*g));
        if (!g)
            return -ENOMEM;
        *ids = g;
        *cap = nc;
    }
    (*ids)[(*n)++] = (dir_id){st->st_dev, st->st_ino};
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in directory rel, sorted (malloc'd array of malloc'd
 * strings), leaving out what policy hides. */
static int list_names(const walker *w, const char *rel, char ***out,
                      size_t *count)
{
    int fd = openat(w->d->rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    DIR *dir = fdopendir(fd);
    if (!dir) {
        int e = -errno;
        close(fd);
        return e;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int err = 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        const char *nm = de->d_name;
        if (nm[0] == '.' &&
            (!nm[1] || (nm[1] == '.' && !nm[2]) || !w->d->opt.files.dotfiles))
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **g = realloc(names, nc * sizeof(*g));
            if (!g) {
                err = -ENOMEM;
                break;
            }
            names = g;
            cap = nc;
        }
        if (!(names[n] = strdup(nm))) {
            err = -ENOMEM;
            break;
        }
        n++;
    }
    closedir(dir);
    if (err) {
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return err;
    }
    if (n > 1)
        qsort(names, n, sizeof(*names), cmp_names);
    *out = names;
    *count = n;
    return 0;
}

static char *join(const char *a, const char *b, bool rel)
{
    char *s;
    if (rel && !strcmp(a, "."))
        return strdup(b);
    if (!rel && !strcmp(a, "/"))
        return asprintf(&s, "/%s", b) < 0 ? NULL : s;
    return asprintf(&s, "%s/%s", a, b) < 0 ? NULL : s;
}

char *dav_member(const char *path, const char *name)
{
    return join(path, name, false);
}

static int walk_one(walker *w, const char *path, const char *rel,
                    const struct stat *st, int level, int depth);

static int walk_members(walker *w, const char *path, const char *rel,
                        int level, int depth)
{
    char **names = NULL;
    size_t n = 0;
    int r = list_names(w, rel, &names, &n);
    if (r < 0)
        return 0; /* unreadable: reported as it is, without members */
    for (size_t i = 0; i < n && r == 0; i++) {
        char *cp = join(path, names[i], false);
        char *cr = join(rel, names[i], true);
        struct stat cst;
        if (!cp || !cr) {
            r = -ENOMEM;
        } else if (dav_stat(w->d, cr, &cst) == 0) {
            r = walk_one(w, cp, cr, &cst, level + 1, depth);
        }
        free(cp);
        free(cr);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return r;
}

static int walk_one(walker *w, const char *path, const char *rel,
                    const struct stat *st, int level, int depth)
{
    dav_entry e = {.path = path, .rel = rel, .st = st, .level = level};
    bool dir = S_ISDIR(st->st_mode);
    if (dir && level > 0) {
        /* RFC 5842 7: a collection reached again through a link.  On
         * the walk's own path it is a loop (508, 7.2); elsewhere it is
         * only repeated, which matters only to a client that knows
         * bindings (208, 7.1). */
        bool loop = ids_have(w->stack, w->nstack, st);
        if (loop && !w->bind)
            return 508;
        if (w->bind && (loop || ids_have(w->seen, w->nseen, st)))
            e.repeated = true;
    }
    bool descend = dir && !e.repeated &&
                   (depth == TP_DAV_DEPTH_INFINITY || level < depth);
    int r = 0;
    if (!(w->flags & DAV_WALK_POST) || !descend) {
        r = w->fn(w->ud, &e);
        if (r == DAV_WALK_SKIP) {
            if (!(w->flags & DAV_WALK_POST))
                return 0;
            r = 0;
        }
        if (r)
            return r;
    }
    if (!descend)
        return 0;
    if (w->bind && ids_push(&w->seen, &w->nseen, &w->capseen, st) < 0)
        return -ENOMEM;
    if (ids_push(&w->stack, &w->nstack, &w->capstack, st) < 0)
        return -ENOMEM;
    r = walk_members(w, path, rel, level, depth);
    w->nstack--;
    if (r == 0 && (w->flags & DAV_WALK_POST)) {
        r = w->fn(w->ud, &e);
        if (r == DAV_WALK_SKIP)
            r = 0;
    }
    return r;
}

int dav_walk(const dav *d, const char *path, const char *rel, int depth,
             bool bind, unsigned flags, dav_walk_fn fn, void *ud)
{
    struct stat st;
    if (dav_stat(d, rel, &st) < 0)
        return -errno;
    walker w = {.d = d, .bind = bind, .flags = flags, .fn = fn, .ud = ud};
    int r = walk_one(&w, path, rel, &st, 0, depth);
    free(w.stack);
    free(w.seen);
    return r;
}

/* ------------------------------------------------------------------ */
/* OPTIONS                                                             */
/* ------------------------------------------------------------------ */

/* The methods a resource in this state takes (RFC 9110 10.2.1). */
static const char *allow_for(const dav_req *r)
{
    if (!r->exists)
        return "OPTIONS, PUT, MKCOL, LOCK, UNLOCK, PROPFIND";
    if (S_ISDIR(r->st.st_mode))
        return "OPTIONS, GET, HEAD, DELETE, PROPFIND, PROPPATCH, COPY, "
               "MOVE, LOCK, UNLOCK";
    return "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, COPY, "
           "MOVE, LOCK, UNLOCK";
}

static void respond_not_allowed(dav_req *r, const char *why)
{
    tp_response_header(r->req, "Allow", allow_for(r));
    tp_respond_error(r->req, 405, why);
}

/* RFC 4918 10.1, 18: class 1 (the methods and properties) and class 2
 * (locks); Allow names what this resource takes now.  MS-Author-Via is
 * what Windows' Web Folders look for before speaking WebDAV. */
static void dav_options(dav_req *r)
{
    tp_response_header(r->req, "DAV", "1, 2");
    tp_response_header(r->req, "MS-Author-Via", "DAV");
    tp_response_header(r->req, "Allow", allow_for(r));
    tp_respond(r->req, 200, NULL, NULL, 0);
}

/* ------------------------------------------------------------------ */
/* PUT                                                                 */
/* ------------------------------------------------------------------ */

/*
 * An upload never replaces the old content until it is complete and on
 * disk: the body goes to an unnamed file (O_TMPFILE) in the target's
 * directory, is fsynced, given a temporary name and renamed over the
 * target in one step.  An upload cut short leaves nothing: the unnamed
 * file disappears with its descriptor.  File systems without O_TMPFILE
 * get a hidden temporary name from the start, removed on failure.
 */
typedef struct put_ctx {
    dav_req *r;
    dav *d;
    int fd;
    int dirfd;          /* the parent directory */
    char *name;         /* the target's name in dirfd */
    char tmpname[64];   /* the named temporary, or "" */
    bool replaced;      /* the target existed */
    int64_t old_size;
    int64_t written, synced;
    int err;            /* errno of the work, or 0 */
    struct stat st;     /* the new file */
    bool finished;      /* renamed into place */
    bool settled;       /* the quota reflects the outcome */
    int refs;           /* the exchange, and the finishing work while it
                           runs on a pool thread */
} put_ctx;

static void put_cleanup(put_ctx *p)
{
    if (p->fd >= 0) {
        close(p->fd);
        p->fd = -1;
    }
    if (p->tmpname[0] && !p->finished)
        unlinkat(p->dirfd, p->tmpname, 0);
    p->tmpname[0] = '\0';
    if (p->dirfd >= 0) {
        close(p->dirfd);
        p->dirfd = -1;
    }
}

/* The bytes written were counted as they arrived; once the upload is
 * over the quota keeps them and drops the old content's, or, when the
 * upload failed or was cut short, drops them again. */
static void put_settle(put_ctx *p)
{
    if (p->settled)
        return;
    p->settled = true;
    dav_quota_add(p->d, p->finished ? -p->old_size : -p->written);
}

/* The context is shared by the exchange and the finishing work, which
 * may outlive the exchange (a client that goes away while the upload is
 * being made durable): the last of the two frees it. */
static void put_release(put_ctx *p)
{
    if (--p->refs > 0)
        return;
    put_settle(p);
    put_cleanup(p);
    free(p->name);
    free(p);
}

static void put_on_done(tp_request *req, void *arg)
{
    (void)req;
    put_ctx *p = arg;
    p->r = NULL; /* it lives in the exchange's arena */
    put_release(p);
}

static int put_status_for(int e)
{
    /* RFC 4918 9.7.1: 409 when the namespace does not take the file: its
     * parent went away, or a collection took its name, while the body
     * was being received. */
    if (e == ENOENT || e == ENOTDIR || e == EISDIR || e == ENOTEMPTY)
        return 409;
    return e == ENOSPC || e == EDQUOT ? 507 : e == EFBIG ? 413 : 500;
}

static int put_body(tp_request *req, const char *data, size_t len, void *arg);

static int put_open_temp(put_ctx *p)
{
    p->fd = openat(p->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    if (p->fd >= 0)
        return 0;
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
        return -errno;
    for (int i = 0; i < 100; i++) {
        snprintf(p->tmpname, sizeof(p->tmpname), ".teapot-put-%08lx",
                 (unsigned long)random());
        p->fd = openat(p->dirfd, p->tmpname,
                       O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
        if (p->fd >= 0)
            return 0;
        if (errno != EEXIST)
            break;
    }
    p->tmpname[0] = '\0';
    return -errno;
}

/* On a pool thread: make the bytes durable, then the name. */
static void put_finish_work(void *arg)
{
    put_ctx *p = arg;
    if (fsync(p->fd) < 0 || fstat(p->fd, &p->st) < 0) {
        p->err = errno;
        return;
    }
    if (!p->tmpname[0]) {
        /* Name the unnamed file: directly, for a new resource; under a
         * temporary name to rename over an existing one (linkat cannot
         * replace). */
        char proc[64];
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", p->fd);
        if (!p->replaced &&
            linkat(AT_FDCWD, proc, p->dirfd, p->name, AT_SYMLINK_FOLLOW) == 0) {
            p->old_size = 0;
            goto named;
        }
        if (!p->replaced && errno != EEXIST) {
            p->err = errno;
            return;
        }
        p->replaced = true;
        for (int i = 0; i < 100; i++) {
            snprintf(p->tmpname, sizeof(p->tmpname), ".teapot-put-%08lx",
                     (unsigned long)random());
            if (linkat(AT_FDCWD, proc, p->dirfd, p->tmpname,
                       AT_SYMLINK_FOLLOW) == 0)
                break;
            if (errno != EEXIST) {
                p->err = errno;
                p->tmpname[0] = '\0';
                return;
            }
        }
    }
    /* What the rename replaces is what the quota frees: measured now,
     * not when the request began, since other requests may have
     * replaced, removed or created the file meanwhile. */
    struct stat old;
    bool had = fstatat(p->dirfd, p->name, &old, AT_SYMLINK_NOFOLLOW) == 0;
    p->old_size = had && S_ISREG(old.st_mode) && old.st_nlink == 1
                      ? (int64_t)old.st_size
                      : 0;
    if (renameat(p->dirfd, p->tmpname, p->dirfd, p->name) < 0) {
        p->err = errno;
        return;
    }
    p->tmpname[0] = '\0';
named:
    p->finished = true;
    /* The new name is durable once its directory is. */
    if (fsync(p->dirfd) < 0)
        p->err = 0; /* the file is in place; a directory that cannot be
                       synced (some file systems) is not a failed PUT */
}

static void put_finish_done(tp_request *req, void *arg)
{
    put_ctx *p = arg;
    put_settle(p);
    put_cleanup(p);
    /* The work's reference.  Without a request the client went away
     * (the upload may still have completed) and p may be gone now; with
     * one, the exchange still holds p. */
    put_release(p);
    if (!req)
        return;
    if (p->err || !p->finished) {
        int e = p->err ? p->err : EIO;
        tp_respond_error(req, put_status_for(e),
                         e == ENOSPC || e == EDQUOT
                             ? "no space left for the upload"
                             : "the upload could not be stored");
        return;
    }
    char etag[96];
    dav_etag(&p->st, etag);
    tp_response_header(req, "ETag", etag);
    if (p->replaced) {
        /* RFC 9110 9.3.4: 204 when an existing representation was
         * replaced (nothing to say back). */
        tp_respond(req, 204, NULL, NULL, 0);
        return;
    }
    /* RFC 9110 9.3.4, 15.3.2: 201 with the new resource's URI. */
    char *href = dav_href(req, p->d, p->r->path, false);
    if (href)
        tp_response_header(req, "Location", href);
    tp_respond(req, 201, NULL, NULL, 0);
}

/* RFC 4331 (quota): whether `len` more bytes of the upload leave the
 * tree within the quota once the upload has replaced the old content. */
static bool put_fits(const put_ctx *p, size_t len)
{
    const dav *d = p->d;
    if (d->opt.quota <= 0 || p->written + (int64_t)len <= p->old_size)
        return true;
    /* d->used counts what was written so far already; the old content's
     * bytes are dropped only when the upload replaces it. */
    return atomic_load(&d->used) + (int64_t)len - p->old_size <=
           d->opt.quota;
}

static int put_body(tp_request *req, const char *data, size_t len, void *arg)
{
    put_ctx *p = arg;
    if (!data) {
        p->refs++;
        int r = tp_request_offload(req, put_finish_work, put_finish_done, p);
        if (r < 0) {
            /* No thread: do it here rather than fail the upload. */
            put_finish_work(p);
            put_finish_done(req, p);
        }
        return 0;
    }
    if (!put_fits(p, len))
        return 507;
    while (len) {
        ssize_t n = write(p->fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return put_status_for(errno);
        }
        data += n;
        len -= (size_t)n;
        p->written += n;
        dav_quota_add(p->d, n);
    }
    if (p->written - p->synced >= DAV_PUT_WRITEBACK) {
        sync_file_range(p->fd, p->synced, p->written - p->synced,
                        SYNC_FILE_RANGE_WRITE);
        p->synced = p->written;
    }
    return 0;
}

static void dav_put(dav_req *r)
{
    tp_request *req = r->req;
    if ((r->exists && S_ISDIR(r->st.st_mode)) || r->slash) {
        /* RFC 4918 9.7.2: PUT onto a collection is not defined; MKCOL
         * makes collections. */
        respond_not_allowed(r, "PUT cannot replace or create a collection");
        return;
    }
    if (tp_request_header(req, "Content-Range", NULL)) {
        /* RFC 9110 14.5: a server that does not do partial PUT MUST
         * answer 400 rather than store the part as the whole. */
        tp_respond_error(req, 400, "partial PUT (Content-Range) is not "
                                   "supported: send the whole "
                                   "representation");
        return;
    }
    tp_str ce;
    if (tp_request_header_list(req, "Content-Encoding", &ce)) {
        /* RFC 9110 15.5.16: the content is stored as sent, so only the
         * identity coding is understood. */
        bool identity = true;
        const char *q = ce.ptr, *end = ce.ptr + ce.len;
        while (q < end && identity) {
            while (q < end && (*q == ',' || *q == ' ' || *q == '\t'))
                q++;
            const char *t = q;
            while (q < end && *q != ',' && *q != ' ' && *q != '\t')
                q++;
            if (q > t && !(q - t == 8 && !strncasecmp(t, "identity", 8)))
                identity = false;
        }
        if (!identity) {
            tp_response_header(req, "Accept-Encoding", "identity");
            tp_respond_error(req, 415, "content codings are not accepted "
                                       "in uploads");
            return;
        }
    }
    if (dav_parent_check(r, r->path) <= 0) {
        /* RFC 4918 9.7.1: the parent collection must exist. */
        tp_respond_error(req, 409, "the parent collection does not exist");
        return;
    }
    if (r->exists && !S_ISREG(r->st.st_mode)) {
        respond_not_allowed(r, "not a regular file");
        return;
    }
    /* RFC 9110 13.1: If-Match, If-None-Match: * and the dates. */
    char etag[96] = "";
    if (r->exists)
        dav_etag(&r->st, etag);
    tp_validators v = {
        .etag = {etag, strlen(etag)},
        .last_modified = r->exists ? r->st.st_mtime : 0,
        .exists = r->exists,
    };
    if (tp_cond_evaluate(req, &v) == 412) {
        tp_respond_error(req, 412, r->exists ? "the resource exists, or "
                                               "has changed"
                                             : "the resource does not "
                                               "exist");
        return;
    }
    if (dav_lock_check(r, r->path, r->exists ? 0 : DAV_LOCK_MEMBER, NULL))
        return;
    int64_t cl = tp_request_content_length(req);
    int64_t old = r->exists ? (int64_t)r->st.st_size : 0;
    if (cl > 0 && !dav_quota_allows(r->d, cl - old)) {
        tp_respond_error(req, 507, "the upload would exceed the quota");
        return;
    }
    /* Not in the arena: the finishing work may outlive the exchange. */
    put_ctx *p = calloc(1, sizeof(*p));
    const char *slash = strrchr(r->rel, '/');
    char *name = strdup(slash ? slash + 1 : r->rel);
    if (!p || !name) {
        free(p);
        free(name);
        tp_respond_error(req, 500, NULL);
        return;
    }
    *p = (put_ctx){.r = r, .d = r->d, .fd = -1, .dirfd = -1, .name = name,
                   .replaced = r->exists, .old_size = old, .refs = 1};
    char *dirrel = slash ? tp_request_strdup(req, (tp_str){r->rel,
                                             (size_t)(slash - r->rel)})
                         : ".";
    p->dirfd = dirrel ? openat(r->d->rootfd, dirrel,
                               O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                      : -1;
    int e = p->dirfd < 0 ? -errno : put_open_temp(p);
    if (e < 0) {
        put_release(p);
        tp_respond_error(req, put_status_for(-e),
                         "the upload could not be started");
        return;
    }
    tp_request_on_done(req, put_on_done, p);
    tp_request_read_body(req, put_body, p);
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */
/* ------------------------------------------------------------------ */

/* RFC 4918 10.2: "0", "1" or "infinity". */
static int parse_depth(tp_request *req, int *depth)
{
    tp_str v;
    *depth = DAV_DEPTH_ABSENT;
    if (!tp_request_header(req, "Depth", &v))
        return 0; /* field values come without surrounding white space */
    if (v.len == 1 && v.ptr[0] == '0')
        *depth = 0;
    else if (v.len == 1 && v.ptr[0] == '1')
        *depth = 1;
    else if (v.len == 8 && !strncasecmp(v.ptr, "infinity", 8))
        *depth = TP_DAV_DEPTH_INFINITY;
    else
        return 400;
    return 0;
}

/* RFC 5842 8.1: the client understands bindings (and so 208). */
static bool asks_bind(tp_request *req)
{
    tp_str v;
    return tp_request_header_list(req, "DAV", &v) && tp_list_has(v, "bind");
}

static void dav_handle(tp_request *req, void *arg)
{
    dav *d = arg;
    dav_req *r = tp_request_alloc(req, sizeof(*r));
    if (!r) {
        tp_respond_error(req, 500, NULL);
        return;
    }
    *r = (dav_req){.req = req, .d = d};
    const char *why = NULL;
    int st = dav_map(req, d, tp_request_path(req), &r->path, &r->rel,
                     &r->slash, &why);
    if (st) {
        tp_respond_error(req, st, why);
        return;
    }
    if (parse_depth(req, &r->depth)) {
        tp_respond_error(req, 400, "Depth must be 0, 1 or infinity");
        return;
    }
    r->bind = asks_bind(req);
    if (dav_stat(d, r->rel, &r->st) == 0) {
        /* "/file/" names a collection that is not there. */
        r->exists = !(r->slash && !S_ISDIR(r->st.st_mode));
    } else if (errno != ENOENT && errno != ENOTDIR) {
        tp_respond_error(req, errno == EACCES ? 403 : 500, NULL);
        return;
    }
    if (dav_if_check(r))
        return;

    tp_str m = tp_request_method(req);
#define IS(name) (m.len == sizeof(name) - 1 && !memcmp(m.ptr, name, m.len))
    if (IS("OPTIONS"))
        dav_options(r);
    else if (IS("PUT"))
        dav_put(r);
    else if (IS("PROPFIND"))
        dav_propfind(r);
    else if (IS("PROPPATCH"))
        dav_proppatch(r);
    else if (IS("MKCOL"))
        dav_mkcol(r);
    else if (IS("DELETE"))
        dav_delete(r);
    else if (IS("COPY") || IS("MOVE"))
        dav_copy(r);
    else if (IS("LOCK"))
        dav_lock(r);
    else if (IS("UNLOCK"))
        dav_unlock(r);
    else
        respond_not_allowed(r, NULL);
#undef IS
}

/* GET on <mount>/.dav-jobs/<id> (davtree.c keeps the jobs). */
static void dav_jobs_handle(tp_request *req, void *arg)
{
    dav *d = arg;
    dav_req *r = tp_request_alloc(req, sizeof(*r));
    if (!r) {
        tp_respond_error(req, 500, NULL);
        return;
    }
    *r = (dav_req){.req = req, .d = d};
    tp_str p = tp_request_path(req);
    size_t skip = strlen(d->prefix) + 2 + strlen(DAV_JOBS_SEGMENT);
    if (p.len <= skip) {
        tp_respond_error(req, 404, NULL);
        return;
    }
    dav_job_get(r, tp_request_strdup(req, (tp_str){p.ptr + skip,
                                                   p.len - skip}));
}

/* ------------------------------------------------------------------ */
/* The mount                                                           */
/* ------------------------------------------------------------------ */

static void dav_free(void *arg)
{
    dav *d = arg;
    dav_jobs_free(d);
    pthread_mutex_destroy(&d->jobs_lock);
    tp_dav_store_close(d->store);
    close(d->rootfd);
    free(d);
}

static int sum_sizes(void *ud, const dav_entry *e)
{
    if (S_ISREG(e->st->st_mode))
        *(int64_t *)ud += e->st->st_size;
    return 0;
}

#define DAV_METHODS \
    "OPTIONS,PUT,DELETE,MKCOL,COPY,MOVE,PROPFIND,PROPPATCH,LOCK,UNLOCK"

int tp_dav_mount(tp_server *srv, tp_host *host, const char *path,
                 const tp_dav_options *opt, char *why, size_t cap)
{
    size_t plen = strlen(path);
    if (strcmp(path, "*") &&
        (plen < 3 || path[0] != '/' || strcmp(path + plen - 2, "/*"))) {
        snprintf(why, cap, "the mount point must be '*' or '/path/*'");
        return -EINVAL;
    }
    dav *d = calloc(1, sizeof(*d));
    if (!d) {
        snprintf(why, cap, "out of memory");
        return -ENOMEM;
    }
    d->opt = *opt;
    d->rootfd = -1;
    pthread_mutex_init(&d->jobs_lock, NULL);
    if (strcmp(path, "*"))
        snprintf(d->prefix, sizeof(d->prefix), "%.*s", (int)(plen - 2), path);
    int err = 0;
    d->rootfd = open(opt->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (d->rootfd < 0 || !realpath(opt->root, d->root_real)) {
        err = -errno;
        snprintf(why, cap, "%s: %s", opt->root, strerror(errno));
        goto fail;
    }
    char dbpath[4200];
    if (opt->db)
        snprintf(dbpath, sizeof(dbpath), "%s", opt->db);
    else if (!strcmp(d->root_real, "/")) {
        snprintf(why, cap, "the root directory '/' needs a database path "
                           "outside it");
        err = -EINVAL;
        goto fail;
    } else
        snprintf(dbpath, sizeof(dbpath), "%s.davdb", d->root_real);
    /* The database must not be a file of the tree, or clients could read
     * and overwrite it. */
    char dbreal[4096];
    char *dbdir = strdup(dbpath);
    char *ds = dbdir ? strrchr(dbdir, '/') : NULL;
    if (ds)
        *ds = '\0';
    const char *dircheck = !dbdir ? NULL : ds ? (*dbdir ? dbdir : "/") : ".";
    if (!dircheck || !realpath(dircheck, dbreal)) {
        err = dbdir ? -errno : -ENOMEM;
        snprintf(why, cap, "the database's directory: %s", strerror(-err));
        free(dbdir);
        goto fail;
    }
    free(dbdir);
    /* A database file that exists may be a link into the tree: where it
     * leads is what counts. */
    char dbfile[4096];
    bool via_link = realpath(dbpath, dbfile) != NULL;
    if (inside_root(d, dbreal) || (via_link && inside_root(d, dbfile))) {
        snprintf(why, cap, "the database %s must be outside the served "
                           "tree", dbpath);
        err = -EINVAL;
        goto fail;
    }
    d->store = tp_dav_store_open(dbpath, why, cap);
    if (!d->store) {
        err = -EIO;
        goto fail;
    }
    if (opt->quota > 0) {
        int64_t used = 0;
        dav_walk(d, "/", ".", TP_DAV_DEPTH_INFINITY, true, 0, sum_sizes,
                 &used);
        atomic_store(&d->used, used);
    }
    err = tp_server_at_free(srv, dav_free, d);
    if (err < 0) {
        snprintf(why, cap, "out of memory");
        goto fail;
    }

    char jobs[1200];
    snprintf(jobs, sizeof(jobs), "%s/%s/*", d->prefix, DAV_JOBS_SEGMENT);
    tp_static_options files = opt->files;
    files.root = opt->root;
    files.writable = true;
    int64_t max_put = opt->max_put > 0 ? opt->max_put : DAV_DEFAULT_MAX_PUT;
    if ((err = host ? tp_host_handle(host, "GET", jobs, dav_jobs_handle, d)
                    : tp_server_handle(srv, "GET", jobs, dav_jobs_handle,
                                       d)) < 0 ||
        (err = host ? tp_host_handle(host, DAV_METHODS, path, dav_handle, d)
                    : tp_server_handle(srv, DAV_METHODS, path, dav_handle,
                                       d)) < 0 ||
        (err = tp_static_mount_host(srv, host, path, &files)) < 0 ||
        (err = tp_server_body_limit(srv, host, path, max_put)) < 0) {
        snprintf(why, cap, "%s", strerror(-err));
        return err;
    }
    return 0;

fail:
    if (d->store)
        tp_dav_store_close(d->store);
    if (d->rootfd >= 0)
        close(d->rootfd);
    pthread_mutex_destroy(&d->jobs_lock);
    free(d);
    return err;
}
