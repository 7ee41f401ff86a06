/*
 * static.c - serving a directory tree: paths, directories, listings,
 * precompressed and language variants.
 *
 * The rules of representations (304, 412, 206, 416) are not here: they are
 * tp_serve()'s, shared with every handler.  What this file owns is the
 * mapping from a request-target to a file, and the status codes of that
 * mapping: 400 for a path that cannot be decoded or tries to climb out of
 * the root, 404 for nothing there (or a hidden dotfile), 403 for what the
 * server may not show (unreadable files, symbolic links out of the root,
 * directories without an index when listings are off), 301 for a directory
 * named without its slash, 500 for an I/O error, and the negotiation
 * outcomes 300, 406 and 506.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>

#include "handlers.h"
#include "teapot/http.h"
#include "teapot/status.h"

/* 404 rather than a listing of thousands: a directory listing stops here. */
#define TP_LIST_MAX 10000
/* Language variants considered for one name. */
#define TP_MAX_VARIANTS 32

typedef struct site {
    uint64_t id; /* unique for the process: a reload's new tree may get
                    the address of the one it replaced, never its id */
    int rootfd;
    char root_real[4096]; /* the root with every symbolic link resolved */
    tp_static_options opt;
    char cache_control[64];
} site;

/* ---- paths ---- */

/*
 * Decodes the path once and normalises it into `out` as a path relative to
 * the root ("" for the root itself), without "." or ".." segments or empty
 * ones.  Returns 0, 400 (undecodable, NUL, encoded slash, backslash, a ".."
 * that climbs above the root) or 404 (a dot segment hidden by policy).
 * *trailing_slash tells whether the request named a directory.
 */
static int map_path(tp_str raw, char *out, size_t cap, bool dotfiles,
                    bool *trailing_slash, const char **why)
{
    char *dec = malloc(raw.len + 1);
    if (!dec) {
        *why = "out of memory";
        return 500;
    }
    size_t n = 0;
    for (size_t i = 0; i < raw.len; i++) {
        unsigned char ch = (unsigned char)raw.ptr[i];
        if (ch == '%') {
            int d = tp_pct_decode(raw.ptr + i, raw.len - i);
            if (d < 0) {
                free(dec);
                *why = "malformed percent-encoding in the path";
                return 400;
            }
            ch = (unsigned char)d;
            i += 2;
            /* An encoded slash would change where the segments are, and
             * an encoded NUL would cut the name short. */
            if (ch == '/' || ch == '\0') {
                free(dec);
                *why = ch ? "encoded slash in the path" : "NUL in the path";
                return 400;
            }
        }
        if (ch == '\\') {
            free(dec);
            *why = "backslash in the path";
            return 400;
        }
        dec[n++] = (char)ch;
    }
    dec[n] = '\0';
    *trailing_slash = n > 0 && dec[n - 1] == '/';

    /* Segment by segment, as RFC 3986 5.2.4 removes dot segments, except
     * that a ".." above the root is refused instead of silently dropped. */
    size_t o = 0;
    size_t marks[512];
    size_t depth = 0;
    int status = 0;
    char *save = NULL;
    for (char *seg = strtok_r(dec, "/", &save); seg;
         seg = strtok_r(NULL, "/", &save)) {
        if (!strcmp(seg, "."))
            continue;
        if (!strcmp(seg, "..")) {
            if (depth == 0) {
                status = 400;
                *why = "the path climbs above the root";
                break;
            }
            o = marks[--depth];
            continue;
        }
        if (seg[0] == '.' && !dotfiles) {
            status = 404;
            *why = NULL;
            break;
        }
        size_t sl = strlen(seg);
        if (depth >= sizeof(marks) / sizeof(marks[0]) || o + sl + 2 > cap) {
            status = 414;
            *why = "the path is too long";
            break;
        }
        marks[depth++] = o;
        if (o)
            out[o++] = '/';
        memcpy(out + o, seg, sl);
        o += sl;
    }
    free(dec);
    out[o] = '\0';
    return status;
}

/* Opens `rel` below the root.  Without follow_symlinks the kernel refuses
 * any resolution that leaves the root (EXDEV), symbolic links included. */
static int open_below(const site *s, const char *rel, int flags)
{
    const char *p = *rel ? rel : ".";
    /* Non-blocking, so that a FIFO in the tree cannot stall the worker in
     * open(); only regular files and directories are served anyway. */
    flags |= O_CLOEXEC | O_NONBLOCK;
    if (s->opt.follow_symlinks)
        return openat(s->rootfd, p, flags);
    struct open_how how = {
        .flags = (uint64_t)flags,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    int fd = (int)syscall(SYS_openat2, s->rootfd, p, &how, sizeof(how));
    if (fd >= 0 || errno != EXDEV)
        return fd;
    /* The kernel refuses every absolute symbolic link below the root,
     * even one whose target lies inside it.  Follow it, then accept the
     * result only if the file it reached is inside the root. */
    fd = openat(s->rootfd, p, flags);
    if (fd < 0)
        return -1;
    char proc[64], real[4096];
    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(proc, real, sizeof(real) - 1);
    if (n > 0) {
        real[n] = '\0';
        size_t rl = strlen(s->root_real);
        if (!strncmp(real, s->root_real, rl) &&
            (real[rl] == '/' || real[rl] == '\0'))
            return fd;
    }
    close(fd);
    errno = EXDEV;
    return -1;
}

static int errno_status(int e)
{
    switch (e) {
    case ENOENT:
    case ENOTDIR:
        return 404;
    case EACCES:
    case EPERM:
    case EXDEV:  /* a symbolic link out of the root */
    case ELOOP:
        return 403;
    case ENAMETOOLONG:
        return 414;
    default:
        return 500;
    }
}

static void respond_errno(tp_request *req, int e, const char *rel)
{
    int st = errno_status(e);
    if (st == 500) {
        fprintf(stderr, "teapot: cannot open /%s: %s\n", rel, strerror(e));
        tp_respond_error(req, 500, "the file could not be read");
    } else if (e == EXDEV) {
        tp_respond_error(req, 403, "a symbolic link leads out of the root");
    } else {
        tp_respond_error(req, st, NULL);
    }
}

static void html_put(char **b, size_t *o, size_t *cap, const char *s, size_t n);
static void html_text(char **b, size_t *o, size_t *cap, const char *s);
static bool looks_like_language(const char *t);
static void url_segment(char **b, size_t *o, size_t *cap, const char *s);

/* ---- representations ---- */

/* A strong entity-tag from what identifies this version of the file:
 * device, inode, size and the modification time in nanoseconds. */
static void make_etag(char *out, size_t cap, const struct stat *st,
                      const char *coding)
{
    snprintf(out, cap, "\"%lx-%lx-%llx-%llx%s%s\"", (unsigned long)st->st_dev,
             (unsigned long)st->st_ino, (unsigned long long)st->st_size,
             (unsigned long long)st->st_mtim.tv_sec * 1000000000ull +
                 (unsigned long long)st->st_mtim.tv_nsec,
             coding ? "-" : "", coding ? coding : "");
}

void tp_static_etag(char *out, size_t cap, const struct stat *st)
{
    make_etag(out, cap, st, NULL);
}

static void add_caching(tp_request *req, const site *s)
{
    if (s->cache_control[0])
        tp_response_header(req, "Cache-Control", s->cache_control);
}

static void serve_fd(tp_request *req, const site *s, int fd,
                     const struct stat *st, const char *ctype,
                     const char *coding)
{
    char etag[96];
    make_etag(etag, sizeof(etag), st, coding);
    char *et = tp_request_strdup(req, (tp_str){etag, strlen(etag)});
    add_caching(req, s);
    tp_representation rep = {
        .content_type = ctype,
        .validators =
            {
                .etag = {et, strlen(et)},
                .last_modified = st->st_mtim.tv_sec,
                /* RFC 9110 8.8.2.2: a modification time at least a second
                 * old cannot hide a second change within that second. */
                .lm_strong = st->st_mtim.tv_sec < time(NULL) - 1,
                .exists = true,
            },
        .fd = fd,
        .data = NULL,
        .length = (uint64_t)st->st_size,
        .ranges = true,
    };
    tp_serve(req, &rep);
}


/* ---- the small-file cache ----
 *
 * A hot small file should cost no open, stat or read per request: each
 * worker thread keeps the content and metadata of recently served small
 * files, with no siblings to negotiate, for TP_FCACHE_TTL_MS.  A change on
 * disk is seen within that time; until then the cached copy is served with
 * its own, consistent validators.  Nothing is shared between threads.
 */
#define TP_FCACHE_SLOTS 256
#define TP_FCACHE_TTL_MS 1000
#define TP_FCACHE_MAX_FILE 65536

typedef struct fentry {
    uint64_t site_id; /* site.id: the tree this copy came from */
    char *key;
    uint64_t expires_ms;
    struct stat st;
    char *data;
    char etag[96];
    const char *ctype;
    int refs;      /* exchanges still sending data */
    bool detached; /* evicted while in use: freed by the last release */
} fentry;

static __thread fentry *fcache[TP_FCACHE_SLOTS];

/* The cache dies with its worker thread. */
static pthread_key_t fcache_key;
static pthread_once_t fcache_once = PTHREAD_ONCE_INIT;

static void fcache_thread_exit(void *unused)
{
    (void)unused;
    for (size_t i = 0; i < TP_FCACHE_SLOTS; i++) {
        fentry *e = fcache[i];
        fcache[i] = NULL;
        if (e && !e->refs) {
            free(e->key);
            free(e->data);
            free(e);
        } else if (e) {
            e->detached = true;
        }
    }
}

static void fcache_key_init(void)
{
    pthread_key_create(&fcache_key, fcache_thread_exit);
}

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static size_t fcache_slot(const site *s, const char *key)
{
    uint64_t h = 1469598103934665603ull ^ s->id;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return (size_t)(h % TP_FCACHE_SLOTS);
}

static void fentry_free(fentry *e)
{
    free(e->key);
    free(e->data);
    free(e);
}

static void fentry_release(tp_request *req, void *arg)
{
    fentry *e = arg;
    if (--e->refs == 0 && e->detached)
        fentry_free(e);
}

static void fcache_evict(size_t slot)
{
    fentry *old = fcache[slot];
    fcache[slot] = NULL;
    if (!old)
        return;
    if (old->refs)
        old->detached = true;
    else
        fentry_free(old);
}

static fentry *fcache_get(const site *s, const char *key)
{
    size_t slot = fcache_slot(s, key);
    fentry *e = fcache[slot];
    if (!e || e->site_id != s->id || strcmp(e->key, key))
        return NULL;
    if (e->expires_ms <= mono_ms()) {
        fcache_evict(slot);
        return NULL;
    }
    return e;
}

/* Reads a small file into the cache; NULL when it does not qualify. */
static fentry *fcache_put(const site *s, const char *key, int fd,
                          const struct stat *st, const char *ctype)
{
    if (st->st_size > TP_FCACHE_MAX_FILE)
        return NULL;
    fentry *e = calloc(1, sizeof(*e));
    if (!e)
        return NULL;
    e->key = strdup(key);
    e->data = malloc(st->st_size ? (size_t)st->st_size : 1);
    if (!e->key || !e->data ||
        pread(fd, e->data, (size_t)st->st_size, 0) != st->st_size) {
        fentry_free(e);
        return NULL;
    }
    e->site_id = s->id;
    e->st = *st;
    e->ctype = ctype;
    e->expires_ms = mono_ms() + TP_FCACHE_TTL_MS;
    make_etag(e->etag, sizeof(e->etag), st, NULL);
    pthread_once(&fcache_once, fcache_key_init);
    pthread_setspecific(fcache_key, fcache);
    size_t slot = fcache_slot(s, key);
    fcache_evict(slot);
    fcache[slot] = e;
    return e;
}

static void serve_cached(tp_request *req, const site *s, fentry *e)
{
    e->refs++;
    tp_request_on_done(req, fentry_release, e);
    add_caching(req, s);
    tp_representation rep = {
        .content_type = e->ctype,
        .validators =
            {
                .etag = {e->etag, strlen(e->etag)},
                .last_modified = e->st.st_mtim.tv_sec,
                .lm_strong = e->st.st_mtim.tv_sec < time(NULL) - 1,
                .exists = true,
            },
        .fd = -1,
        .data = e->data,
        .length = (uint64_t)e->st.st_size,
        .ranges = true,
    };
    tp_serve(req, &rep);
}

/* ---- instance manipulation (RFC 3229) ---- */

/* Files larger than this are not compressed on the fly for A-IM: the
 * request gets the plain 200 instead. */
#define TP_IM_MAX (8u << 20)

/* The instance-manipulation the client asks for and we can do: "gzip" or
 * "deflate" (the content codings of RFC 9110 8.4.1), or NULL. */
static const char *wanted_im(tp_request *req)
{
    tp_str aim;
    if (!tp_request_header_list(req, "A-IM", &aim))
        return NULL;
    /* A-IM has the syntax of Accept-Encoding (RFC 3229 10.5.3). */
    int qg = tp_accept_encoding_q(aim, true, "gzip");
    int qd = tp_accept_encoding_q(aim, true, "deflate");
    bool named_g = false, named_d = false;
    for (size_t i = 0; i + 4 <= aim.len; i++) {
        if (!strncasecmp(aim.ptr + i, "gzip", 4))
            named_g = true;
        if (i + 7 <= aim.len && !strncasecmp(aim.ptr + i, "deflate", 7))
            named_d = true;
    }
    if (named_g && qg > 0 && (!named_d || qg >= qd))
        return "gzip";
    if (named_d && qd > 0)
        return "deflate";
    return NULL;
}

/* Answers 226 IM Used with the compressed instance.  Returns false (and
 * leaves fd open) when the file is too large to manipulate. */
static bool serve_im(tp_request *req, const site *s, int fd,
                     const struct stat *st, const char *ctype, const char *im)
{
    if ((uint64_t)st->st_size > TP_IM_MAX)
        return false;
    char etag[96];
    make_etag(etag, sizeof(etag), st, NULL);
    tp_validators v = {
        .etag = {etag, strlen(etag)},
        .last_modified = st->st_mtim.tv_sec,
        .lm_strong = st->st_mtim.tv_sec < time(NULL) - 1,
        .exists = true,
    };
    int c = tp_cond_evaluate(req, &v);
    if (c) {
        /* The conditions are about the instance the client holds. */
        close(fd);
        tp_response_header(req, "ETag", etag);
        if (c == 304)
            tp_respond_static(req, 304, NULL, NULL, 0);
        else
            tp_respond_error(req, c, NULL);
        return true;
    }
    size_t len = (size_t)st->st_size;
    unsigned char *raw = malloc(len ? len : 1);
    ssize_t got = raw ? pread(fd, raw, len, 0) : -1;
    close(fd);
    if (got != (ssize_t)len) {
        free(raw);
        fprintf(stderr, "teapot: cannot read a file for A-IM\n");
        tp_respond_error(req, 500, "the file could not be read");
        return true;
    }
    uLong bound = compressBound((uLong)len) + 32;
    unsigned char *out = tp_request_alloc(req, bound);
    z_stream z;
    memset(&z, 0, sizeof(z));
    /* gzip framing for "gzip", the zlib format for "deflate" (RFC 9110
     * 8.4.1.2 and 8.4.1.3). */
    int wbits = !strcmp(im, "gzip") ? 15 + 16 : 15;
    int zr = out ? deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, wbits, 8,
                                Z_DEFAULT_STRATEGY)
                 : Z_MEM_ERROR;
    size_t outlen = 0;
    if (zr == Z_OK) {
        z.next_in = raw;
        z.avail_in = (uInt)len;
        z.next_out = out;
        z.avail_out = (uInt)bound;
        zr = deflate(&z, Z_FINISH);
        outlen = z.total_out;
        deflateEnd(&z);
    }
    free(raw);
    if (zr != Z_STREAM_END) {
        tp_respond_error(req, 500, "compression failed");
        return true;
    }
    add_caching(req, s);
    tp_response_header(req, "IM", im);
    /* RFC 3229 10.4.1: a 226 MUST carry the entity-tag of the current
     * instance, the one the manipulation was applied to; the IM field
     * tells a cache these bytes are not that instance itself. */
    tp_response_header(req, "ETag", etag);
    tp_response_header(req, "Vary", "A-IM");
    tp_respond_static(req, 226, ctype, out, outlen);
    return true;
}

/* Content codings with precompressed siblings, in the order preferred when
 * the client weighs them equally. */
static const struct {
    const char *coding, *suffix;
} codings[] = {{"br", ".br"}, {"zstd", ".zst"}, {"gzip", ".gz"}};

/* The media type of a file; a language variant named directly
 * ("page.html.zh-TW") has the type of its stem, as when negotiated. */
static const char *file_type(const char *rel)
{
    const char *t = tp_mime_type(rel);
    const char *dot = strrchr(rel, '.');
    if (strncmp(t, "application/octet-stream", 24) || !dot ||
        !looks_like_language(dot + 1))
        return t;
    char stem[4096];
    snprintf(stem, sizeof(stem), "%.*s", (int)(dot - rel), rel);
    return tp_mime_type(stem);
}

const char *tp_static_type(const char *name)
{
    return file_type(name);
}

/* Serves the regular file `rel` (already open as fd), or a precompressed
 * sibling the client prefers. */
static void serve_file(tp_request *req, const site *s, const char *rel,
                       int fd, const struct stat *st)
{
    const char *ctype = file_type(rel);
    const char *im = wanted_im(req);
    /* HEAD too: it has the header fields GET would have (RFC 9110 9.3.2). */
    if (im && serve_im(req, s, fd, st, ctype, im))
        return;
    tp_str ae = {0};
    bool ae_present = tp_request_header_list(req, "Accept-Encoding", &ae);
    int best_q = tp_accept_encoding_q(ae, ae_present, "identity");
    int best = -1, best_fd = -1;
    struct stat best_st;
    bool any_sibling = false;
    char sib[4096];
    for (size_t i = 0; i < sizeof(codings) / sizeof(codings[0]); i++) {
        if ((size_t)snprintf(sib, sizeof(sib), "%s%s", rel, codings[i].suffix) >=
            sizeof(sib))
            continue;
        int sfd = open_below(s, sib, O_RDONLY);
        if (sfd < 0)
            continue;
        struct stat sst;
        if (fstat(sfd, &sst) < 0 || !S_ISREG(sst.st_mode)) {
            close(sfd);
            continue;
        }
        any_sibling = true;
        int q = tp_accept_encoding_q(ae, ae_present, codings[i].coding);
        if (q > 0 && q > best_q) {
            if (best_fd >= 0)
                close(best_fd);
            best = (int)i;
            best_q = q;
            best_fd = sfd;
            best_st = sst;
        } else {
            close(sfd);
        }
    }
    /* The choice depends on Accept-Encoding whenever a sibling exists, so
     * every answer for this name says so (RFC 9110 12.5.5). */
    if (any_sibling)
        tp_response_header(req, "Vary", "Accept-Encoding");
    if (best >= 0) {
        close(fd);
        tp_response_header(req, "Content-Encoding", codings[best].coding);
        serve_fd(req, s, best_fd, &best_st, ctype, codings[best].coding);
        return;
    }
    if (best_q <= 0) {
        /* identity;q=0 and no acceptable coding on disk */
        close(fd);
        tp_respond_error(req, 406,
                         "no content coding acceptable to the client exists");
        return;
    }
    if (!any_sibling && !s->opt.writable) {
        fentry *e = fcache_put(s, rel, fd, st, ctype);
        if (e) {
            close(fd);
            serve_cached(req, s, e);
            return;
        }
    }
    serve_fd(req, s, fd, st, ctype, NULL);
}


/* ---- language variants ---- */

typedef struct variant {
    char name[256]; /* file name in the directory */
    char lang[64];
    int q;
} variant;

static bool looks_like_language(const char *t)
{
    /* Precompressed siblings are not variants: "br" would read as Breton. */
    for (size_t i = 0; i < sizeof(codings) / sizeof(codings[0]); i++)
        if (!strcmp(t, codings[i].suffix + 1))
            return false;
    size_t n = strlen(t);
    if (n < 2 || n > 35)
        return false;
    size_t first = strcspn(t, "-");
    if (first < 1 || first > 8)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    for (size_t i = 0; i < first; i++)
        if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')))
            return false;
    return true;
}

/* Finds `base.LANG` siblings of a missing file. */
static size_t find_variants(const site *s, const char *dir, const char *base,
                            variant *v, size_t max)
{
    int dfd = open_below(s, dir, O_RDONLY | O_DIRECTORY);
    if (dfd < 0)
        return 0;
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return 0;
    }
    size_t bl = strlen(base), n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        if (strncmp(e->d_name, base, bl) || e->d_name[bl] != '.')
            continue;
        const char *lang = e->d_name + bl + 1;
        if (!looks_like_language(lang) || strlen(e->d_name) >= sizeof(v[n].name))
            continue;
        snprintf(v[n].name, sizeof(v[n].name), "%s", e->d_name);
        snprintf(v[n].lang, sizeof(v[n].lang), "%s", lang);
        n++;
    }
    closedir(d);
    return n;
}

static int cmp_variant(const void *a, const void *b)
{
    return strcmp(((const variant *)a)->lang, ((const variant *)b)->lang);
}


/*
 * 300 and 406 list the available variants, with links, so that the user
 * can choose (RFC 9110 15.4.1, 15.5.7).  Language variants and type-map
 * variants share the page.
 */
typedef struct choices {
    char *b;
    size_t o, cap;
} choices;

#define CHOICES_PUT(c, lit) html_put(&(c)->b, &(c)->o, &(c)->cap, lit, sizeof(lit) - 1)

static void choices_begin(choices *c, int code)
{
    const tp_status_info *si = tp_status_get(code);
    char head[256];
    int n = snprintf(head, sizeof(head),
                     "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                     "<title>%d %s</title></head><body>\n<h1>%d %s</h1>\n"
                     "<p>Available variants:</p>\n<ul>\n",
                     code, si->reason, code, si->reason);
    c->b = NULL;
    c->o = c->cap = 0;
    html_put(&c->b, &c->o, &c->cap, head, (size_t)n);
}

/* One link to `base` (already a URL path) followed by `name` (a segment,
 * percent-encoded here); `note` follows the link as text. */
static void choices_add(choices *c, const char *base, const char *name,
                        const char *label, const char *lang, const char *note)
{
    CHOICES_PUT(c, "<li><a href=\"");
    html_text(&c->b, &c->o, &c->cap, base);
    url_segment(&c->b, &c->o, &c->cap, name);
    CHOICES_PUT(c, "\"");
    if (lang && *lang) {
        CHOICES_PUT(c, " hreflang=\"");
        html_text(&c->b, &c->o, &c->cap, lang);
        CHOICES_PUT(c, "\"");
    }
    CHOICES_PUT(c, ">");
    html_text(&c->b, &c->o, &c->cap, label);
    CHOICES_PUT(c, "</a>");
    if (note && *note) {
        CHOICES_PUT(c, " ");
        html_text(&c->b, &c->o, &c->cap, note);
    }
    CHOICES_PUT(c, "</li>\n");
}

static void choices_send(tp_request *req, choices *c, int code,
                         const char *vary)
{
    CHOICES_PUT(c, "</ul></body></html>\n");
    tp_response_header(req, "Vary", vary);
    if (c->b)
        tp_respond(req, code, "text/html; charset=utf-8", c->b, c->o);
    else
        tp_respond_error(req, 500, "out of memory");
    free(c->b);
}

static void respond_variant_list(tp_request *req, int code, const char *urlbase,
                                 const variant *v, size_t n)
{
    choices c;
    choices_begin(&c, code);
    for (size_t i = 0; i < n; i++) {
        char seg[80];
        snprintf(seg, sizeof(seg), ".%s", v[i].lang);
        choices_add(&c, urlbase, seg, v[i].lang, v[i].lang, NULL);
    }
    choices_send(req, &c, code, "Accept-Language");
}

/* GET for a name that does not exist as a file: language variants. Returns
 * false when there are none. */
static bool negotiate_language(tp_request *req, const site *s, const char *rel)
{
    char dir[4096], base[256];
    const char *slash = strrchr(rel, '/');
    if (slash) {
        size_t dl = (size_t)(slash - rel);
        if (dl >= sizeof(dir) || strlen(slash + 1) >= sizeof(base))
            return false;
        memcpy(dir, rel, dl);
        dir[dl] = '\0';
        snprintf(base, sizeof(base), "%s", slash + 1);
    } else {
        if (strlen(rel) >= sizeof(base))
            return false;
        dir[0] = '\0';
        snprintf(base, sizeof(base), "%s", rel);
    }
    if (!base[0])
        return false;
    variant v[TP_MAX_VARIANTS];
    size_t n = find_variants(s, dir, base, v, TP_MAX_VARIANTS);
    if (n == 0)
        return false;
    qsort(v, n, sizeof(v[0]), cmp_variant);

    tp_str al = {0};
    bool present = tp_request_header_list(req, "Accept-Language", &al);
    int best_q = 0;
    size_t best = 0, ties = 0;
    for (size_t i = 0; i < n; i++) {
        v[i].q = tp_accept_language_q(al, present, v[i].lang);
        if (v[i].q > best_q) {
            best_q = v[i].q;
            best = i;
            ties = 1;
        } else if (v[i].q == best_q && best_q > 0) {
            ties++;
        }
    }
    tp_str path = tp_request_path(req);
    char *urlbase = tp_request_strdup(req, path);
    if (best_q <= 0) {
        /* RFC 9110 15.5.7: the preferences exclude every variant. */
        respond_variant_list(req, 406, urlbase, v, n);
        return true;
    }
    if (ties > 1) {
        /* RFC 9110 15.4.1: nothing tells the variants apart and there is
         * no default: the client chooses. */
        respond_variant_list(req, 300, urlbase, v, n);
        return true;
    }
    char chosen[4096];
    if ((size_t)snprintf(chosen, sizeof(chosen), "%s%s%s", dir, dir[0] ? "/" : "",
                         v[best].name) >= sizeof(chosen)) {
        tp_respond_error(req, 414, NULL);
        return true;
    }
    int fd = open_below(s, chosen, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        respond_errno(req, e, chosen);
        return true;
    }
    tp_response_header(req, "Vary", "Accept-Language");
    tp_response_header(req, "Content-Language", v[best].lang);
    tp_response_headerf(req, "Content-Location", "%s.%s", urlbase, v[best].lang);
    serve_fd(req, s, fd, &st, tp_mime_type(base), NULL);
    return true;
}


/* ---- type maps (Apache's *.var) ---- */

/* Records in one type map. */
#define TP_TYPEMAP_MAX 32
/* A type map larger than this is not one anybody wrote by hand: 500. */
#define TP_TYPEMAP_BYTES 65536

typedef struct tm_variant {
    char uri[512];
    char type[128];
    char lang[64];
    int qs; /* source quality, 0..1000 */
    long long score;
} tm_variant;

static void trim(char **p)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
    char *e = *p + strlen(*p);
    while (e > *p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
}

/* Parses "type; qs=0.8; charset=x": the type goes to `type` without qs. */
static void parse_tm_type(char *v, tm_variant *t)
{
    t->qs = 1000;
    char *semi = strchr(v, ';');
    if (semi)
        *semi = '\0';
    trim(&v);
    snprintf(t->type, sizeof(t->type), "%s", v);
    for (char *p = semi ? semi + 1 : NULL; p && *p;) {
        char *next = strchr(p, ';');
        if (next)
            *next++ = '\0';
        trim(&p);
        if (!strncasecmp(p, "qs=", 3)) {
            double q = strtod(p + 3, NULL);
            t->qs = q < 0 ? 0 : q > 1 ? 1000 : (int)(q * 1000 + 0.5);
        } else if (*p) {
            size_t l = strlen(t->type);
            snprintf(t->type + l, sizeof(t->type) - l, "; %s", p);
        }
        p = next;
    }
}

static size_t parse_typemap(char *text, tm_variant *v, size_t max)
{
    size_t n = 0;
    bool in_record = false;
    /* Records are separated by blank lines; strtok would merge them, so
     * walk line by line. */
    for (char *line = text; line && n < max;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *l = line;
        trim(&l);
        if (!*l) {
            if (in_record && v[n].uri[0])
                n++;
            in_record = false;
        } else if (*l != '#') {
            char *colon = strchr(l, ':');
            if (colon) {
                *colon = '\0';
                char *val = colon + 1;
                trim(&val);
                if (!in_record) {
                    memset(&v[n], 0, sizeof(v[n]));
                    v[n].qs = 1000;
                    in_record = true;
                }
                if (!strcasecmp(l, "URI"))
                    snprintf(v[n].uri, sizeof(v[n].uri), "%s", val);
                else if (!strcasecmp(l, "Content-Type"))
                    parse_tm_type(val, &v[n]);
                else if (!strcasecmp(l, "Content-Language"))
                    snprintf(v[n].lang, sizeof(v[n].lang), "%s", val);
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    if (in_record && n < max && v[n].uri[0])
        n++;
    return n;
}


static void respond_tm_list(tp_request *req, int code, const char *dirurl,
                            const tm_variant *v, size_t n)
{
    choices c;
    choices_begin(&c, code);
    for (size_t i = 0; i < n; i++)
        choices_add(&c, dirurl, v[i].uri, v[i].uri, v[i].lang, v[i].type);
    choices_send(req, &c, code, "Accept, Accept-Language");
}

/* GET for a type map: choose among its variants by Accept and
 * Accept-Language weighted by each variant's source quality. */
static void serve_typemap(tp_request *req, const site *s, const char *rel,
                          int fd, const struct stat *st)
{
    if (st->st_size > TP_TYPEMAP_BYTES) {
        close(fd);
        fprintf(stderr, "teapot: type map /%s is too large\n", rel);
        tp_respond_error(req, 500, "the type map is too large");
        return;
    }
    char *text = tp_request_alloc(req, (size_t)st->st_size + 1);
    ssize_t got = text ? pread(fd, text, (size_t)st->st_size, 0) : -1;
    close(fd);
    if (got < 0) {
        fprintf(stderr, "teapot: cannot read type map /%s\n", rel);
        tp_respond_error(req, 500, "the type map could not be read");
        return;
    }
    text[got] = '\0';
    tm_variant *v = tp_request_alloc(req, TP_TYPEMAP_MAX * sizeof(*v));
    if (!v) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    size_t n = parse_typemap(text, v, TP_TYPEMAP_MAX);

    tp_str acc = {0}, al = {0};
    bool acc_p = tp_request_header_list(req, "Accept", &acc);
    bool al_p = tp_request_header_list(req, "Accept-Language", &al);
    size_t usable = 0, best = 0, ties = 0;
    long long best_score = 0;
    for (size_t i = 0; i < n; i++) {
        /* A record without a type describes the map itself (Apache's
         * convention for the first record): not a variant. */
        if (!v[i].type[0])
            continue;
        v[usable] = v[i];
        tm_variant *t = &v[usable];
        char bare[128];
        snprintf(bare, sizeof(bare), "%.*s", (int)strcspn(t->type, ";"), t->type);
        long long qt = tp_accept_q(acc, acc_p, bare);
        long long ql = t->lang[0] ? tp_accept_language_q(al, al_p, t->lang) : 1000;
        t->score = qt <= 0 || ql <= 0 ? 0 : qt * ql / 1000 * t->qs / 1000;
        if (t->score > best_score) {
            best_score = t->score;
            best = usable;
            ties = 1;
        } else if (t->score == best_score && t->score > 0) {
            ties++;
        }
        usable++;
    }
    char dir[4096] = "";
    const char *slash = strrchr(rel, '/');
    if (slash)
        snprintf(dir, sizeof(dir), "%.*s/", (int)(slash - rel), rel);
    tp_str path = tp_request_path(req);
    const char *pslash = memrchr(path.ptr, '/', path.len);
    char *dirurl = tp_request_strdup(
        req, (tp_str){path.ptr, pslash ? (size_t)(pslash - path.ptr) + 1 : 0});
    if (usable == 0 || best_score <= 0) {
        respond_tm_list(req, 406, dirurl, v, usable);
        return;
    }
    if (ties > 1) {
        respond_tm_list(req, 300, dirurl, v, usable);
        return;
    }
    const tm_variant *c = &v[best];
    size_t ul = strlen(c->uri);
    if (ul >= 4 && !strcasecmp(c->uri + ul - 4, ".var")) {
        /* RFC 2295 8.1 (and RFC 9110's registry entry for 506): the chosen
         * variant negotiates again, a loop in the server's configuration. */
        fprintf(stderr, "teapot: type map /%s chose /%s%s, itself a type map\n",
                rel, dir, c->uri);
        tp_respond_error(req, 506, "the chosen variant is itself negotiable: "
                                   "the server is misconfigured");
        return;
    }
    char target[4096];
    if (strchr(c->uri, '/') || c->uri[0] == '.' ||
        (size_t)snprintf(target, sizeof(target), "%s%s", dir, c->uri) >=
            sizeof(target)) {
        fprintf(stderr, "teapot: type map /%s names an unusable URI %s\n", rel,
                c->uri);
        tp_respond_error(req, 500, "the type map names an unusable variant");
        return;
    }
    int vfd = open_below(s, target, O_RDONLY);
    struct stat vst;
    if (vfd < 0 || fstat(vfd, &vst) < 0 || !S_ISREG(vst.st_mode)) {
        int e = vfd < 0 ? errno : EINVAL;
        if (vfd >= 0)
            close(vfd);
        fprintf(stderr, "teapot: type map /%s names /%s: %s\n", rel, target,
                strerror(e));
        tp_respond_error(req, 500, "a variant named by the type map is missing");
        return;
    }
    tp_response_header(req, "Vary", "Accept, Accept-Language");
    if (c->lang[0])
        tp_response_header(req, "Content-Language", c->lang);
    tp_response_headerf(req, "Content-Location", "%s%s", dirurl, c->uri);
    serve_fd(req, s, vfd, &vst, tp_request_strdup(req, (tp_str){c->type, strlen(c->type)}),
             NULL);
}

/* ---- directories ---- */

typedef struct entry {
    char *name;
    bool dir;
    long long size;
    time_t mtime;
} entry;

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static void html_put(char **b, size_t *o, size_t *cap, const char *s, size_t n)
{
    if (*o + n + 1 > *cap) {
        size_t nc = (*cap + n) * 2;
        char *nb = realloc(*b, nc);
        if (!nb)
            return;
        *b = nb;
        *cap = nc;
    }
    memcpy(*b + *o, s, n);
    *o += n;
}

static void html_text(char **b, size_t *o, size_t *cap, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': html_put(b, o, cap, "&lt;", 4); break;
        case '>': html_put(b, o, cap, "&gt;", 4); break;
        case '&': html_put(b, o, cap, "&amp;", 5); break;
        case '"': html_put(b, o, cap, "&quot;", 6); break;
        case '\'': html_put(b, o, cap, "&#39;", 5); break;
        default: html_put(b, o, cap, s, 1);
        }
    }
}

/* A name as a relative URL path segment: everything but unreserved
 * characters percent-encoded, so "a b?.txt" links to itself. */
static void url_segment(char **b, size_t *o, size_t *cap, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
            html_put(b, o, cap, (const char *)p, 1);
        } else {
            char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            html_put(b, o, cap, enc, 3);
        }
    }
}

static void list_directory(tp_request *req, const site *s, int dfd,
                           tp_str path)
{
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        tp_respond_error(req, 500, "the directory could not be read");
        return;
    }
    size_t n = 0, capn = 64;
    entry *es = malloc(capn * sizeof(*es));
    struct dirent *e;
    while (es && (e = readdir(d)) && n < TP_LIST_MAX) {
        if (e->d_name[0] == '.' &&
            (!s->opt.dotfiles || !strcmp(e->d_name, ".") ||
             !strcmp(e->d_name, "..")))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, 0) < 0)
            continue;
        if (n == capn) {
            entry *ne = realloc(es, (capn *= 2) * sizeof(*es));
            if (!ne)
                break;
            es = ne;
        }
        es[n].name = strdup(e->d_name);
        es[n].dir = S_ISDIR(st.st_mode);
        es[n].size = (long long)st.st_size;
        es[n].mtime = st.st_mtim.tv_sec;
        n++;
    }
    closedir(d);
    if (!es) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    qsort(es, n, sizeof(*es), cmp_entry);

    /* A listing has no validator, but it is a current representation:
     * If-Match with a tag fails (412), If-None-Match: * matches (304). */
    tp_validators none = {.exists = true};
    int cond = tp_cond_evaluate(req, &none);
    if (cond) {
        for (size_t i = 0; i < n; i++)
            free(es[i].name);
        free(es);
        if (cond == 304)
            tp_respond_static(req, 304, NULL, NULL, 0);
        else
            tp_respond_error(req, cond, NULL);
        return;
    }
    tp_str accept = {0};
    bool ap = tp_request_header_list(req, "Accept", &accept);
    bool json = tp_accept_q(accept, ap, "application/json") >
                tp_accept_q(accept, ap, "text/html");
    tp_response_header(req, "Vary", "Accept");
    add_caching(req, s);
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            char date[32];
            tp_http_date(es[i].mtime, date);
            json_array_append_new(
                arr, json_pack("{s:s, s:s, s:I, s:s}", "name", es[i].name, "type",
                               es[i].dir ? "directory" : "file", "size",
                               (json_int_t)es[i].size, "modified", date));
        }
        char *text = json_dumps(arr, JSON_INDENT(1));
        json_decref(arr);
        if (text)
            tp_respond(req, 200, "application/json", text, strlen(text));
        else
            tp_respond_error(req, 500, "out of memory");
        free(text);
    } else {
        size_t o = 0, cap = 4096;
        char *b = malloc(cap);
        char *title = tp_request_strdup(req, path);
        if (b) {
            static const char head[] =
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width\">"
                "<title>Index of ";
            html_put(&b, &o, &cap, head, sizeof(head) - 1);
            html_text(&b, &o, &cap, title);
            html_put(&b, &o, &cap, "</title></head><body>\n<h1>Index of ", 35);
            html_text(&b, &o, &cap, title);
            static const char th[] =
                "</h1>\n<table>\n<tr><th>Name</th><th>Size</th>"
                "<th>Last modified</th></tr>\n"
                "<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n";
            html_put(&b, &o, &cap, th, sizeof(th) - 1);
            for (size_t i = 0; i < n; i++) {
                char tmp[96], date[32];
                html_put(&b, &o, &cap, "<tr><td><a href=\"", 17);
                url_segment(&b, &o, &cap, es[i].name);
                if (es[i].dir)
                    html_put(&b, &o, &cap, "/", 1);
                html_put(&b, &o, &cap, "\">", 2);
                html_text(&b, &o, &cap, es[i].name);
                if (es[i].dir)
                    html_put(&b, &o, &cap, "/", 1);
                tp_http_date(es[i].mtime, date);
                int tl = es[i].dir
                             ? snprintf(tmp, sizeof(tmp),
                                        "</a></td><td>-</td><td>%s</td></tr>\n",
                                        date)
                             : snprintf(tmp, sizeof(tmp),
                                        "</a></td><td>%lld</td><td>%s</td></tr>\n",
                                        es[i].size, date);
                html_put(&b, &o, &cap, tmp, (size_t)tl);
            }
            html_put(&b, &o, &cap, "</table>\n</body></html>\n", 24);
            tp_respond(req, 200, "text/html; charset=utf-8", b, o);
            free(b);
        } else {
            tp_respond_error(req, 500, "out of memory");
        }
    }
    for (size_t i = 0; i < n; i++)
        free(es[i].name);
    free(es);
}

static void serve_directory(tp_request *req, const site *s, const char *rel,
                            int dfd, bool trailing_slash)
{
    tp_str path = tp_request_path(req);
    if (!trailing_slash && rel[0]) {
        /* RFC 9110 15.4.2: the directory's URI ends with a slash, so that
         * relative links inside it resolve; the query is kept. */
        close(dfd);
        tp_str q = tp_request_query(req);
        tp_response_headerf(req, "Location", "%.*s/%s%.*s", (int)path.len,
                            path.ptr, q.len ? "?" : "", (int)q.len, q.ptr);
        tp_respond_error(req, 301, NULL);
        return;
    }
    char idx[4096];
    if ((size_t)snprintf(idx, sizeof(idx), "%s%sindex.html", rel,
                         rel[0] ? "/" : "") < sizeof(idx)) {
        int fd = open_below(s, idx, O_RDONLY);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            close(dfd);
            serve_file(req, s, idx, fd, &st);
            return;
        }
        if (fd >= 0)
            close(fd);
    }
    if (!s->opt.list) {
        close(dfd);
        tp_respond_error(req, 403, "directory listings are turned off");
        return;
    }
    list_directory(req, s, dfd, path);
}

/* ---- the handler ---- */

static void static_get(tp_request *req, void *arg)
{
    const site *s = arg;
    char rel[4096];
    bool slash = false;
    const char *why = NULL;
    int st = map_path(tp_request_path(req), rel, sizeof(rel), s->opt.dotfiles,
                      &slash, &why);
    if (st) {
        tp_respond_error(req, st, why);
        return;
    }
    if (!slash && !s->opt.writable) {
        fentry *e = fcache_get(s, rel);
        tp_str ae = {0};
        if (e && !tp_request_header(req, "A-IM", NULL) &&
            tp_accept_encoding_q(ae, tp_request_header_list(req, "Accept-Encoding", &ae),
                                 "identity") > 0) {
            serve_cached(req, s, e);
            return;
        }
    }
    int fd = open_below(s, rel, O_RDONLY);
    if (fd < 0) {
        int e = errno;
        if ((e == ENOENT) && !slash && negotiate_language(req, s, rel))
            return;
        respond_errno(req, e, rel);
        return;
    }
    struct stat sb;
    if (fstat(fd, &sb) < 0) {
        int e = errno;
        close(fd);
        respond_errno(req, e, rel);
        return;
    }
    if (S_ISDIR(sb.st_mode)) {
        serve_directory(req, s, rel, fd, slash);
        return;
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        tp_respond_error(req, 403, "not a regular file");
        return;
    }
    if (slash) {
        /* "/file.txt/" names a directory that is not there. */
        close(fd);
        tp_respond_error(req, 404, NULL);
        return;
    }
    size_t rl = strlen(rel);
    if (rl > 4 && !strcasecmp(rel + rl - 4, ".var")) {
        serve_typemap(req, s, rel, fd, &sb);
        return;
    }
    serve_file(req, s, rel, fd, &sb);
}

static void free_site(void *arg)
{
    site *s = arg;
    close(s->rootfd);
    free(s);
}

int tp_static_mount_host(tp_server *srv, tp_host *host, const char *path,
                         const tp_static_options *opt)
{
    static atomic_uint_fast64_t next_id = 1;
    site *s = calloc(1, sizeof(*s));
    if (!s)
        return -ENOMEM;
    s->id = atomic_fetch_add(&next_id, 1);
    s->opt = *opt;
    s->rootfd = open(opt->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (s->rootfd < 0 || !realpath(opt->root, s->root_real)) {
        int e = -errno;
        if (s->rootfd >= 0)
            close(s->rootfd);
        free(s);
        return e;
    }
    tp_server_at_free(srv, free_site, s);
    if (opt->max_age >= 0)
        snprintf(s->cache_control, sizeof(s->cache_control), "max-age=%d",
                 opt->max_age);
    /* GET only: the engine answers HEAD from it, OPTIONS with Allow, and
     * any other method with 405 and Allow, since the tree is read-only. */
    return host ? tp_host_handle(host, "GET", path, static_get, s)
                : tp_server_handle(srv, "GET", path, static_get, s);
}

int tp_static_mount(tp_server *srv, const char *path,
                    const tp_static_options *opt)
{
    return tp_static_mount_host(srv, NULL, path, opt);
}
