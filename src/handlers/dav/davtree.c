/*
 * davtree.c - the methods that change the namespace: MKCOL (RFC 4918
 * 9.3), DELETE (9.6), COPY (9.8) and MOVE (9.9).
 *
 * Each method's checks (existence, Destination, Overwrite, Depth, locks)
 * run on the connection's thread and answer at once.  So does the work
 * when it is one call on the file system: mkdir, unlink, rename.  Work
 * that grows with a tree (deleting a collection, copying, a move across
 * file systems) is a job: it runs off the event loop (tp_request_offload)
 * while a timer sends 102 Processing (RFC 2518 10.1), so that the client
 * and any proxy between know the server is still at it.  With `Prefer:
 * respond-async` (RFC 7240 4.1) a job on a collection runs on a thread of
 * its own instead, the client gets 202 Accepted at once with the URL of a
 * status resource below DAV_JOBS_SEGMENT, and the outcome is kept there
 * for a while.
 *
 * A job never touches the request: it works from copies of the paths and
 * records its outcome (a status, or the members that failed) for
 * whoever answers.
 *
 * Links.  DELETE never follows a symbolic link: removing a link removes
 * that binding (RFC 5842 2.1), never what it leads to.  COPY follows links
 * as GET does, so a copy holds the content a client could read (mod_dav's
 * behaviour).  A link that makes a collection contain itself makes an
 * infinite COPY: without `DAV: bind` it is refused with 508 Loop Detected
 * before anything is written (RFC 5842 7.2); a client that sent `DAV:
 * bind` knows about bindings, and its copy keeps them: the repeated
 * collection becomes a link to its own copy (RFC 5842 2.3).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "davint.h"

/* RFC 9110 15.5.6: a 405 lists what the resource does allow.  MKCOL only
 * fails with 405 on a mapped URL, so these are an existing resource's. */
#define ALLOW_COLLECTION "OPTIONS, GET, HEAD, DELETE, PROPFIND, PROPPATCH, " \
                         "COPY, MOVE, LOCK, UNLOCK"
#define ALLOW_FILE ALLOW_COLLECTION ", PUT"

/* The interval of 102 Processing when the mount names none. */
#define PROCESSING_DEFAULT_MS 1000
/* Jobs of respond-async: a finished one is kept this long, and at most
 * this many finished ones; beyond JOBS_RUNNING_MAX running at once, the
 * preference is not honoured (RFC 7240 2: a server may ignore it). */
#define JOBS_KEEP_SECONDS 600
#define JOBS_KEEP_MAX 100
#define JOBS_RUNNING_MAX 8

/* Bytes per copy_file_range() call, so that a cancelled job notices
 * soon even in a large file; and the buffer of the read/write fallback. */
#define COPY_CHUNK ((size_t)16 << 20)
#define COPY_BUFFER ((size_t)128 << 10)

/* What a walk callback returns when the job was cancelled; distinct from
 * DAV_WALK_SKIP, 508 and -errno. */
#define WALK_STOP 2

/* ---- jobs -------------------------------------------------------------- */

/* A member the operation failed on (RFC 4918 9.6.1, 9.8.3, 9.9.2): its
 * store path and the status its D:response carries. */
typedef struct dav_fail {
    char *path;
    int code;
    bool collection;
} dav_fail;

typedef enum job_kind { JOB_DELETE, JOB_COPY, JOB_MOVE } job_kind;

static const char *const KIND_NAME[] = {"DELETE", "COPY", "MOVE"};

struct dav_job {
    dav_job *next;            /* d->jobs, for respond-async jobs */
    dav *d;
    job_kind kind;
    void (*work)(void *job);
    char *src, *src_rel;      /* the request's resource */
    char *dst, *dst_rel;      /* COPY and MOVE: the Destination */
    int depth;                /* COPY: 0 or TP_DAV_DEPTH_INFINITY */
    bool bind;                /* the client knows bindings (RFC 5842) */
    bool collection;          /* the source is a collection */
    /* The outcome.  status is the success code (201, 204) until the
     * operation fails as a whole; then it is that failure's code.
     * Members that failed alone are in fails. */
    int status;
    const char *condition;    /* a precondition for the error body */
    dav_fail *fails;
    size_t nfails, capfails;
    _Atomic uint64_t progress; /* resources handled so far */
    _Atomic bool cancel;      /* the server is going away */
    /* respond-async */
    char id[48];
    pthread_t thread;
    _Atomic bool finished;
    int64_t finished_at;      /* monotonic seconds */
};

static int64_t now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

static char *dup_or_null(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        *failed = true;
    return c;
}

static dav_job *job_new(dav *d, job_kind kind, void (*work)(void *),
                        const char *src, const char *src_rel,
                        const char *dst, const char *dst_rel)
{
    dav_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    bool failed = false;
    j->d = d;
    j->kind = kind;
    j->work = work;
    j->src = dup_or_null(src, &failed);
    j->src_rel = dup_or_null(src_rel, &failed);
    j->dst = dup_or_null(dst, &failed);
    j->dst_rel = dup_or_null(dst_rel, &failed);
    j->depth = TP_DAV_DEPTH_INFINITY;
    if (failed) {
        free(j->src);
        free(j->src_rel);
        free(j->dst);
        free(j->dst_rel);
        free(j);
        return NULL;
    }
    return j;
}

static void job_free(dav_job *j)
{
    for (size_t i = 0; i < j->nfails; i++)
        free(j->fails[i].path);
    free(j->fails);
    free(j->src);
    free(j->src_rel);
    free(j->dst);
    free(j->dst_rel);
    free(j);
}

static bool job_cancelled(dav_job *j)
{
    return atomic_load_explicit(&j->cancel, memory_order_relaxed);
}

static void job_progress(dav_job *j)
{
    atomic_fetch_add_explicit(&j->progress, 1, memory_order_relaxed);
}

/* Records a member that failed.  Running out of memory here fails the
 * whole operation: a 207 that left a failure out would claim success. */
static void job_fail(dav_job *j, const char *path, bool collection, int code)
{
    if (j->nfails == j->capfails) {
        size_t cap = j->capfails ? 2 * j->capfails : 8;
        dav_fail *f = realloc(j->fails, cap * sizeof *f);
        if (!f) {
            j->status = 500;
            return;
        }
        j->fails = f;
        j->capfails = cap;
    }
    char *p = strdup(path);
    if (!p) {
        j->status = 500;
        return;
    }
    j->fails[j->nfails++] = (dav_fail){p, code, collection};
}

/* The status of a failed file system call on a resource.  ENOSPC and
 * EDQUOT are 507 Insufficient Storage (RFC 4918 11.5); what the server
 * may not do is 403, as mod_dav answers; a namespace that changed under
 * the operation (a parent gone, a name taken) is 409 Conflict. */
static int errno_status(int err)
{
    switch (err) {
    case ENOSPC:
    case EDQUOT:
        return 507;
    case ENOENT:
    case ENOTDIR:
    case EEXIST:
    case ENOTEMPTY:
        return 409;
    case ELOOP:
        return 508;
    case EACCES:
    case EPERM:
    case EROFS:
    case EBUSY:
    case ETXTBSY:
    case ENAMETOOLONG:
        return 403;
    default:
        return 500;
    }
}

/* RFC 4331 6: the precondition a 507 names, disk or quota. */
static const char *storage_condition(int err)
{
    if (err == EDQUOT)
        return "quota-not-exceeded";
    if (err == ENOSPC)
        return "sufficient-disk-space";
    return NULL;
}

/* Whether a failure concerns the resource the request named (or its
 * Destination) rather than one of their members. */
static bool fail_is_root(const dav_job *j, const dav_fail *f)
{
    return !strcmp(f->path, j->src) || (j->dst && !strcmp(f->path, j->dst));
}

/* The code the job answers with.  RFC 4918 9.6.1, 9.8.5, 9.9.4: a 207
 * lists the members that failed; when the only failure is the resource
 * itself, its own status says it all (the request failed completely). */
static int job_outcome(const dav_job *j)
{
    if (j->status >= 300 || j->nfails == 0)
        return j->status;
    if (j->nfails == 1 && fail_is_root(j, &j->fails[0]))
        return j->fails[0].code;
    return 207;
}

/* ---- small helpers ------------------------------------------------------ */

/* a + b, malloc'd. */
static char *concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);
    if (s) {
        memcpy(s, a, la);
        memcpy(s + la, b, lb + 1);
    }
    return s;
}

static tp_str str_trim(tp_str s)
{
    while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t')) {
        s.ptr++;
        s.len--;
    }
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
        s.len--;
    return s;
}

/* Names read from one directory, NUL-separated in one buffer. */
typedef struct names {
    char *buf;
    size_t len, cap;
} names;

static int names_add(names *n, const char *name)
{
    size_t l = strlen(name) + 1;
    if (n->len + l > n->cap) {
        size_t cap = n->cap ? n->cap : 1024;
        while (cap < n->len + l)
            cap *= 2;
        char *b = realloc(n->buf, cap);
        if (!b)
            return -ENOMEM;
        n->buf = b;
        n->cap = cap;
    }
    memcpy(n->buf + n->len, name, l);
    n->len += l;
    return 0;
}

static void names_free(names *n)
{
    free(n->buf);
    *n = (names){0};
}

#define NAMES_EACH(p, n) \
    for (const char *p = (n)->buf; p && p < (n)->buf + (n)->len; \
         p += strlen(p) + 1)

/* Every name in directory fd but "." and "..".  The directory is read
 * through a descriptor of its own so that fd's offset stays put. */
static int read_names(int fd, names *out)
{
    int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return -errno;
    DIR *dir = fdopendir(dfd);
    if (!dir) {
        int err = errno;
        close(dfd);
        return -err;
    }
    int rc = 0;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(dir);
        if (!de) {
            rc = -errno;
            break;
        }
        const char *n = de->d_name;
        if (n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2])))
            continue;
        if ((rc = names_add(out, n)) < 0)
            break;
    }
    closedir(dir);
    return rc;
}

/* ---- removing a tree ---------------------------------------------------- */

/*
 * The tree is removed through directory descriptors opened with
 * O_NOFOLLOW, members before their collection, and no link is ever
 * followed.  Everything in a collection goes, names the namespace hides
 * included: the client asked for the collection to go away.
 *
 * RFC 4918 9.6.1: when a member cannot be removed, its ancestors cannot
 * be either; they are not listed (nor given 424), since the client can
 * tell from the member's error.  A collection that stays keeps its
 * properties and locks; those of its members that went are dropped.
 */
typedef struct del_ctx {
    dav_job *j;
    int64_t freed;  /* bytes of regular files removed */
} del_ctx;

static bool rm_entry(del_ctx *c, int dirfd, const char *name,
                     const char *path);

/* Drops the properties and locks of members that were removed from a
 * collection that stays.  Best effort: the files are gone already, and
 * the job's status is about them. */
static void forget_members(del_ctx *c, const char *path, const names *gone)
{
    NAMES_EACH(name, gone) {
        char *p = dav_member(path, name);
        if (p) {
            (void)tp_dav_store_delete(c->j->d->store, p);
            free(p);
        }
    }
}

/* Removes the members of directory fd; true when all went.  The names
 * removed are added to *gone. */
static bool rm_members(del_ctx *c, int fd, const char *path, names *gone)
{
    names list = {0};
    int err = read_names(fd, &list);
    if (err < 0) {
        names_free(&list);
        job_fail(c->j, path, true, errno_status(-err));
        return false;
    }
    bool ok = true;
    NAMES_EACH(name, &list) {
        if (job_cancelled(c->j)) {
            ok = false;
            break;
        }
        char *p = dav_member(path, name);
        if (!p) {
            c->j->status = 500;
            ok = false;
            break;
        }
        if (!rm_entry(c, fd, name, p))
            ok = false;
        else if (names_add(gone, name) < 0)
            c->j->status = 500;
        free(p);
    }
    names_free(&list);
    return ok;
}

static bool rm_collection(del_ctx *c, int dirfd, const char *name,
                          const char *path)
{
    int fd = openat(dirfd, name,
                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return true;
        job_fail(c->j, path, true, errno_status(errno));
        return false;
    }
    names gone = {0};
    bool ok = rm_members(c, fd, path, &gone);
    close(fd);
    if (ok && unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT) {
        job_fail(c->j, path, true, errno_status(errno));
        ok = false;
    }
    if (!ok)
        forget_members(c, path, &gone);
    names_free(&gone);
    return ok;
}

/* Removes name (relative to dirfd) and, for a collection, what it holds.
 * A link is removed, never what it leads to. */
static bool rm_entry(del_ctx *c, int dirfd, const char *name,
                     const char *path)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
        if (errno == ENOENT)
            return true;
        job_fail(c->j, path, false, errno_status(errno));
        return false;
    }
    job_progress(c->j);
    if (S_ISDIR(st.st_mode))
        return rm_collection(c, dirfd, name, path);
    if (unlinkat(dirfd, name, 0) < 0 && errno != ENOENT) {
        job_fail(c->j, path, false, errno_status(errno));
        return false;
    }
    if (S_ISREG(st.st_mode) && st.st_nlink == 1)
        c->freed += st.st_size;
    return true;
}

/* Removes the tree at path (file path rel); true when all of it went.
 * With `store`, its properties and locks go too (9.6.1); without, the
 * caller is overwriting it and the store's copy or move takes care of
 * them (9.8.4, 9.9.3). */
static bool tree_delete(dav_job *j, const char *path, const char *rel,
                        bool store)
{
    del_ctx c = {.j = j};
    bool ok = rm_entry(&c, j->d->rootfd, rel, path);
    if (c.freed)
        dav_quota_add(j->d, -c.freed);
    if (ok && store && tp_dav_store_delete(j->d->store, path) < 0)
        j->status = 500;
    return ok;
}

/* ---- copying ------------------------------------------------------------ */

/* Copies the bytes of in to out with the read/write fallback. */
static int copy_by_reading(dav_job *j, int in, int out, int64_t *bytes)
{
    char *buf = malloc(COPY_BUFFER);
    if (!buf)
        return -ENOMEM;
    int rc = 0;
    for (;;) {
        if (job_cancelled(j)) {
            rc = -ECANCELED;
            break;
        }
        ssize_t n = read(in, buf, COPY_BUFFER);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? -errno : 0;
            break;
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                rc = w < 0 ? -errno : -EIO;
                break;
            }
            off += w;
        }
        if (rc)
            break;
        *bytes += n;
    }
    free(buf);
    return rc;
}

/* Copies the bytes of in to out: copy_file_range() lets the kernel (or
 * the file system, with reflinks) do it; where it cannot, read/write. */
static int copy_bytes(dav_job *j, int in, int out, int64_t *bytes)
{
    for (;;) {
        if (job_cancelled(j))
            return -ECANCELED;
        ssize_t n = copy_file_range(in, NULL, out, NULL, COPY_CHUNK, 0);
        if (n > 0) {
            *bytes += n;
            continue;
        }
        if (n == 0)
            return 0;
        if (errno == EINTR)
            continue;
        if (errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
            errno == EOPNOTSUPP)
            return copy_by_reading(j, in, out, bytes);
        return -errno;
    }
}

/* Copies the content of the regular file src_rel into a new file dst_rel
 * (which must not exist), with the source's permission bits (set-id bits
 * dropped).  Returns 0, or -errno with *on_src telling whether the source
 * was at fault; on error nothing of dst_rel is left. */
static int copy_file(dav_job *j, const char *src_rel, const char *dst_rel,
                     int64_t *bytes, bool *on_src)
{
    int rootfd = j->d->rootfd;
    *bytes = 0;
    *on_src = true;
    int in = openat(rootfd, src_rel,
                    O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (in < 0)
        return -errno;
    struct stat st;
    int err = fstat(in, &st) < 0 ? errno : S_ISREG(st.st_mode) ? 0 : EPERM;
    if (err) {
        close(in);
        return -err;
    }
    *on_src = false;
    int out = openat(rootfd, dst_rel,
                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                     0600);
    if (out < 0) {
        err = errno;
        close(in);
        return -err;
    }
    int rc = copy_bytes(j, in, out, bytes);
    /* fchmod, not the mode of openat, which the umask would narrow. */
    if (!rc && fchmod(out, st.st_mode & 0777) < 0)
        rc = -errno;
    /* Some file systems report a full disk only at close. */
    if (close(out) < 0 && !rc)
        rc = -errno;
    close(in);
    if (rc)
        (void)unlinkat(rootfd, dst_rel, 0);
    return rc;
}

/* A name for a file being written beside dst_rel, hidden from the
 * namespace (dav_map refuses dot names to clients unless they are
 * served) until it is renamed into place. */
static char *temp_name(dav_job *j, const char *dst_rel)
{
    static _Atomic unsigned counter;
    const char *slash = strrchr(dst_rel, '/');
    int dir = slash ? (int)(slash - dst_rel + 1) : 0;
    char *s = NULL;
    if (asprintf(&s, "%.*s.dav-copy-%" PRIxPTR "-%u", dir, dst_rel,
                 (uintptr_t)j, atomic_fetch_add(&counter, 1)) < 0)
        return NULL;
    return s;
}

/* COPY (or a MOVE across file systems) of a non-collection: the copy is
 * written beside the destination and renamed over it, so that the old
 * destination stays whole until the new one is complete, and a full disk
 * (507) leaves it as it was.  A collection in the way is deleted first
 * (9.8.4: overwriting is a DELETE of the destination). */
static bool copy_file_over(dav_job *j)
{
    int rootfd = j->d->rootfd;
    char *tmp = temp_name(j, j->dst_rel);
    if (!tmp) {
        j->status = 500;
        return false;
    }
    int64_t bytes;
    bool on_src;
    int err = copy_file(j, j->src_rel, tmp, &bytes, &on_src);
    if (err) {
        if (on_src && err == -ENOENT)
            j->status = 404;
        else if (err == -ECANCELED)
            j->status = 503;
        else {
            j->status = errno_status(-err);
            j->condition = storage_condition(-err);
        }
        free(tmp);
        return false;
    }
    struct stat old;
    bool had = fstatat(rootfd, j->dst_rel, &old, AT_SYMLINK_NOFOLLOW) == 0;
    if (had && S_ISDIR(old.st_mode) &&
        !tree_delete(j, j->dst, j->dst_rel, false)) {
        (void)unlinkat(rootfd, tmp, 0);
        free(tmp);
        return false;
    }
    if (renameat(rootfd, tmp, rootfd, j->dst_rel) < 0) {
        j->status = errno_status(errno);
        (void)unlinkat(rootfd, tmp, 0);
        free(tmp);
        return false;
    }
    free(tmp);
    if (had && S_ISREG(old.st_mode) && old.st_nlink == 1)
        bytes -= old.st_size;
    dav_quota_add(j->d, bytes);
    job_progress(j);
    return true;
}

/* A collection copied with `bind`: where its copy went, so that a
 * binding met again becomes a link to that copy (RFC 5842 2.3). */
typedef struct bound {
    dev_t dev;
    ino_t ino;
    char *rel;
} bound;

typedef struct copy_ctx {
    dav_job *j;
    size_t src_len, src_rel_len;
    const char *dst, *dst_rel;
    bound *seen;
    size_t nseen, capseen;
    char *failed;     /* the source path of a collection that could not
                         be made at the destination, while its members
                         are walked, or NULL */
} copy_ctx;

static int remember_copy(copy_ctx *c, const struct stat *st, const char *rel)
{
    if (c->nseen == c->capseen) {
        size_t cap = c->capseen ? 2 * c->capseen : 16;
        bound *b = realloc(c->seen, cap * sizeof *b);
        if (!b)
            return -ENOMEM;
        c->seen = b;
        c->capseen = cap;
    }
    char *r = strdup(rel);
    if (!r)
        return -ENOMEM;
    c->seen[c->nseen++] = (bound){st->st_dev, st->st_ino, r};
    return 0;
}

/* The relative link from the directory holding file path `from` to file
 * path `to` ("c/a/loop" to "c" is ".."), malloc'd.  Relative, so that
 * the tree can be moved or copied again and keep its shape. */
static char *relative_link(const char *from, const char *to)
{
    const char *slash = strrchr(from, '/');
    size_t dlen = slash ? (size_t)(slash - from) : 0;
    /* k: the end of the last segment boundary the two paths share. */
    size_t k = 0;
    for (size_t i = 0;; i++) {
        char a = i < dlen ? from[i] : '\0', b = to[i];
        if ((a == '\0' || a == '/') && (b == '\0' || b == '/'))
            k = i;
        if (a != b || a == '\0')
            break;
    }
    size_t ups = 0;
    if (dlen > k) {
        ups = k == 0 ? 1 : 0;
        for (size_t i = k; i < dlen; i++)
            ups += from[i] == '/';
    }
    const char *rest = to + k;
    if (*rest == '/')
        rest++;
    size_t lr = strlen(rest);
    char *s = malloc(3 * ups + lr + 2);
    if (!s)
        return NULL;
    char *p = s;
    for (size_t i = 0; i < ups; i++, p += 3)
        memcpy(p, "../", 3);
    if (lr)
        memcpy(p, rest, lr + 1);
    else if (ups)
        p[-1] = '\0';
    else
        strcpy(p, ".");
    return s;
}

/* A collection reached again through a binding: the copy gets a link to
 * where that collection was copied. */
static int copy_binding(copy_ctx *c, const dav_entry *e, const char *to,
                        const char *to_rel)
{
    const char *target = NULL;
    for (size_t i = 0; i < c->nseen && !target; i++)
        if (c->seen[i].dev == e->st->st_dev &&
            c->seen[i].ino == e->st->st_ino)
            target = c->seen[i].rel;
    if (!target) {
        job_fail(c->j, e->path, true, 508);
        return DAV_WALK_SKIP;
    }
    char *link = relative_link(to_rel, target);
    if (!link) {
        c->j->status = 500;
        return WALK_STOP;
    }
    if (symlinkat(link, c->j->d->rootfd, to_rel) < 0)
        job_fail(c->j, to, true, errno_status(errno));
    free(link);
    return DAV_WALK_SKIP;
}

static int copy_collection_entry(copy_ctx *c, const dav_entry *e,
                                 const char *to, const char *to_rel)
{
    if (e->repeated)
        return copy_binding(c, e, to, to_rel);
    /* The owner keeps rwx so that the members can be written in. */
    mode_t mode = (e->st->st_mode & 0777) | 0700;
    if (mkdirat(c->j->d->rootfd, to_rel, mode) < 0) {
        job_fail(c->j, to, true, errno_status(errno));
        /* The destination itself failing is the whole answer (9.8.5);
         * a member's members are walked only to be listed as not
         * copied. */
        if (e->level == 0)
            return DAV_WALK_SKIP;
        if (!(c->failed = strdup(e->path))) {
            c->j->status = 500;
            return WALK_STOP;
        }
        return 0;
    }
    if (c->j->bind && remember_copy(c, e->st, to_rel) < 0) {
        c->j->status = 500;
        return WALK_STOP;
    }
    return 0;
}

static int copy_file_entry(copy_ctx *c, const dav_entry *e, const char *to,
                           const char *to_rel)
{
    dav_job *j = c->j;
    if (!S_ISREG(e->st->st_mode)) {
        /* A device or a FIFO has no content to copy. */
        job_fail(j, e->path, false, 403);
        return 0;
    }
    int64_t bytes;
    bool on_src;
    int err = copy_file(j, e->rel, to_rel, &bytes, &on_src);
    if (err == -ECANCELED)
        return WALK_STOP;
    if (err == -ENOENT && on_src)
        return 0; /* removed meanwhile: no longer a member */
    if (err)
        job_fail(j, on_src ? e->path : to, false, errno_status(-err));
    else
        dav_quota_add(j->d, bytes);
    return 0;
}

static int copy_visit(void *ud, const dav_entry *e)
{
    copy_ctx *c = ud;
    if (job_cancelled(c->j))
        return WALK_STOP;
    job_progress(c->j);
    if (c->failed && !tp_dav_path_below(e->path, c->failed)) {
        free(c->failed); /* the walk has left the failed collection */
        c->failed = NULL;
    }
    char *to = concat(c->dst, e->path + c->src_len);
    char *to_rel = concat(c->dst_rel, e->rel + c->src_rel_len);
    int rc;
    if (!to || !to_rel) {
        c->j->status = 500;
        rc = WALK_STOP;
    } else if (c->failed) {
        /* RFC 4918 11.4: not copied because the collection that would
         * hold it failed. */
        job_fail(c->j, to, S_ISDIR(e->st->st_mode), 424);
        rc = e->repeated ? DAV_WALK_SKIP : 0;
    } else if (S_ISDIR(e->st->st_mode))
        rc = copy_collection_entry(c, e, to, to_rel);
    else
        rc = copy_file_entry(c, e, to, to_rel);
    free(to);
    free(to_rel);
    return rc;
}

/* Copies the collection src (to `depth`) to dst, which must not exist,
 * parents before members.  RFC 4918 9.8.3: a member that fails is listed
 * with its own status; when it is a collection, what it would have held
 * is not copied and is listed with 424 Failed Dependency (11.4).
 * Returns whether the destination collection itself was made. */
static bool copy_tree(dav_job *j, int depth)
{
    copy_ctx c = {
        .j = j,
        .src_len = strlen(j->src),
        .src_rel_len = strlen(j->src_rel),
        .dst = j->dst,
        .dst_rel = j->dst_rel,
    };
    size_t before = j->nfails;
    int rc = dav_walk(j->d, j->src, j->src_rel, depth, j->bind, 0,
                      copy_visit, &c);
    for (size_t i = 0; i < c.nseen; i++)
        free(c.seen[i].rel);
    free(c.seen);
    free(c.failed);
    if (rc == WALK_STOP && j->status < 300)
        j->status = 503;
    else if (rc == 508)
        j->status = 508; /* the tree changed since it was sized */
    else if (rc < 0)
        j->status = rc == -ENOENT ? 404 : errno_status(-rc);
    for (size_t i = before; i < j->nfails; i++)
        if (!strcmp(j->fails[i].path, j->dst))
            return false;
    return j->status < 300;
}

/* ---- sizing ------------------------------------------------------------- */

typedef struct size_ctx {
    dav_job *j;
    int64_t bytes;
} size_ctx;

static int size_visit(void *ud, const dav_entry *e)
{
    size_ctx *c = ud;
    if (job_cancelled(c->j))
        return WALK_STOP;
    if (e->repeated)
        return DAV_WALK_SKIP;
    if (S_ISREG(e->st->st_mode))
        c->bytes += e->st->st_size;
    return 0;
}

/* The bytes of the regular files below path (to `depth`).  Returns 0, or
 * the status that refuses the operation: 508 for a loop without bind. */
static int tree_bytes(dav_job *j, const char *path, const char *rel,
                      int depth, bool bind, int64_t *bytes)
{
    size_ctx c = {.j = j};
    int rc = dav_walk(j->d, path, rel, depth, bind, 0, size_visit, &c);
    *bytes = c.bytes;
    if (rc == 0 || rc == 508)
        return rc;
    if (rc == WALK_STOP)
        return 503;
    return rc == -ENOENT ? 404 : rc < 0 ? errno_status(-rc) : 500;
}

/* What overwriting the destination frees, for the quota: an estimate (0
 * when it cannot be sized). */
static int64_t dst_bytes(dav_job *j)
{
    struct stat st;
    if (fstatat(j->d->rootfd, j->dst_rel, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return 0;
    if (S_ISREG(st.st_mode))
        return st.st_nlink == 1 ? st.st_size : 0;
    int64_t bytes = 0;
    if (S_ISDIR(st.st_mode) &&
        tree_bytes(j, j->dst, j->dst_rel, TP_DAV_DEPTH_INFINITY, true,
                   &bytes) != 0)
        bytes = 0;
    return bytes;
}

/* The source is sized before anything is written, so that a loop (RFC
 * 5842 7.2: 508, "the entire operation failed") or the quota (507, RFC
 * 4331 6: quota-not-exceeded) refuses the request with nothing changed. */
static bool copy_fits(dav_job *j, int depth)
{
    int64_t more = 0;
    int rc = tree_bytes(j, j->src, j->src_rel, depth, j->bind, &more);
    if (rc) {
        j->status = rc;
        return false;
    }
    more -= dst_bytes(j);
    if (more > 0 && !dav_quota_allows(j->d, more)) {
        j->status = 507;
        j->condition = "quota-not-exceeded";
        return false;
    }
    return true;
}

/* COPY of a collection: 9.8.4, the destination is deleted first; then
 * the copy, then the dead properties (9.8.2). */
static void copy_collection(dav_job *j)
{
    if (!tree_delete(j, j->dst, j->dst_rel, false))
        return;
    if (!copy_tree(j, j->depth)) {
        /* Nothing is left at the destination: neither are its
         * properties. */
        (void)tp_dav_store_delete(j->d->store, j->dst);
        return;
    }
    if (tp_dav_store_copy(j->d->store, j->src, j->dst, j->depth) < 0) {
        j->status = 500;
        return;
    }
    /* Members that were not copied take no properties with them. */
    for (size_t i = 0; i < j->nfails; i++)
        if (tp_dav_path_below(j->fails[i].path, j->dst))
            (void)tp_dav_store_delete(j->d->store, j->fails[i].path);
}

static void copy_work(void *arg)
{
    dav_job *j = arg;
    if (!copy_fits(j, j->collection ? j->depth : 0))
        return;
    if (j->collection) {
        copy_collection(j);
        return;
    }
    if (copy_file_over(j) &&
        tp_dav_store_copy(j->d->store, j->src, j->dst, 0) < 0)
        j->status = 500;
}

/* ---- moving ------------------------------------------------------------- */

/* The rename a MOVE within one file system is (9.9): an overwritten non-
 * collection goes in the same call, or just before when a collection
 * takes its place (rename() cannot put a directory over a file).  An
 * overwritten collection was deleted by the caller.  Returns 0 (done or
 * failed, as the job records), or -EXDEV for a move across file systems,
 * with nothing changed. */
static int move_rename(dav_job *j)
{
    int rootfd = j->d->rootfd;
    struct stat old, src;
    bool had = fstatat(rootfd, j->dst_rel, &old, AT_SYMLINK_NOFOLLOW) == 0;
    if (fstatat(rootfd, j->src_rel, &src, AT_SYMLINK_NOFOLLOW) < 0) {
        j->status = errno == ENOENT ? 404 : errno_status(errno);
        return 0;
    }
    if (had && S_ISDIR(src.st_mode) && !S_ISDIR(old.st_mode) &&
        unlinkat(rootfd, j->dst_rel, 0) < 0 && errno != ENOENT) {
        j->status = errno_status(errno);
        return 0;
    }
    if (renameat(rootfd, j->src_rel, rootfd, j->dst_rel) < 0) {
        if (errno == EXDEV)
            return -EXDEV;
        j->status = errno_status(errno);
        return 0;
    }
    if (had && S_ISREG(old.st_mode) && old.st_nlink == 1)
        dav_quota_add(j->d, -old.st_size);
    job_progress(j);
    if (tp_dav_store_move(j->d->store, j->src, j->dst) < 0)
        j->status = 500;
    return 0;
}

/* A MOVE across file systems (a mount inside the tree): a COPY, then a
 * DELETE of the source (9.9), which only happens when everything was
 * copied, so that a failure loses nothing. */
static void move_across(dav_job *j)
{
    if (!copy_fits(j, j->collection ? TP_DAV_DEPTH_INFINITY : 0))
        return;
    if (j->collection) {
        if (!tree_delete(j, j->dst, j->dst_rel, false) ||
            !copy_tree(j, TP_DAV_DEPTH_INFINITY))
            return;
    } else if (!copy_file_over(j))
        return;
    if (j->nfails || j->status >= 300)
        return;
    if (!tree_delete(j, j->src, j->src_rel, false))
        return;
    if (tp_dav_store_move(j->d->store, j->src, j->dst) < 0)
        j->status = 500;
}

static void move_work(void *arg)
{
    dav_job *j = arg;
    struct stat old;
    /* 9.9.3: an existing destination is deleted first. */
    if (fstatat(j->d->rootfd, j->dst_rel, &old, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISDIR(old.st_mode) && !tree_delete(j, j->dst, j->dst_rel, false))
        return;
    if (move_rename(j) == -EXDEV)
        move_across(j);
}

static void delete_work(void *arg)
{
    dav_job *j = arg;
    (void)tree_delete(j, j->src, j->src_rel, true);
}

/* ---- answering ---------------------------------------------------------- */

/* A multistatus of the members that failed; NULL when out of memory.
 * The document is still open (dav_ms_begin). */
static tp_dav_out *failures_document(tp_request *req, const dav_job *j)
{
    tp_dav_out *o = dav_ms_begin();
    if (!o)
        return NULL;
    for (size_t i = 0; i < j->nfails; i++) {
        const dav_fail *f = &j->fails[i];
        char *href = dav_href(req, j->d, f->path, f->collection);
        if (!href) {
            tp_dav_out_free(o);
            return NULL;
        }
        dav_ms_status(o, href, f->code, NULL, NULL);
    }
    return o;
}

static const char *outcome_detail(int code)
{
    switch (code) {
    case 404: return "the source is gone";
    case 409: return "the namespace changed while the request ran";
    case 503: return "the server is shutting down";
    case 508: return "a link makes this collection contain itself; a "
                     "client that sends `DAV: bind` may copy it";
    default: return NULL;
    }
}

/* The final response of a job that ran for this request. */
static void job_answer(tp_request *req, const dav_job *j)
{
    int code = job_outcome(j);
    if (code == 207) {
        tp_dav_out *o = failures_document(req, j);
        if (o)
            dav_ms_send(req, o);
        else
            tp_respond_error(req, 500, NULL);
        return;
    }
    if (code < 300) {
        /* RFC 9110 15.3.2: 201 names what it created. */
        if (code == 201) {
            char *loc = dav_href(req, j->d, j->dst, j->collection);
            if (loc)
                tp_response_header(req, "Location", loc);
        }
        tp_respond(req, code, NULL, NULL, 0);
        return;
    }
    if (j->condition)
        dav_respond_condition(req, code, j->condition, NULL);
    else
        tp_respond_error(req, code, outcome_detail(code));
}

static void job_done(tp_request *req, void *arg)
{
    dav_job *j = arg;
    if (req)
        job_answer(req, j);
    job_free(j);
}

/* RFC 2518 10.1 (kept by RFC 4918 appendix F.3 for compatibility): while
 * a long request runs, 102 Processing tells the client the server is
 * still at it.  The timer's argument lives in the request's arena: the
 * timer never fires after the exchange ends, and it stops by itself once
 * the final response is out (tp_response_interim then fails), or for an
 * HTTP/1.0 client, which never receives 1xx. */
static void processing_tick(tp_request *req, void *arg)
{
    int *ms = arg;
    if (tp_response_interim(req, 102) == 0)
        tp_request_timer(req, *ms, processing_tick, ms);
}

static void processing_start(tp_request *req, const tp_dav_options *opt)
{
    if (opt->processing_ms < 0)
        return;
    int *ms = tp_request_alloc(req, sizeof *ms);
    if (!ms)
        return;
    *ms = opt->processing_ms ? opt->processing_ms : PROCESSING_DEFAULT_MS;
    tp_request_timer(req, *ms, processing_tick, ms);
}

/* ---- respond-async (RFC 7240) ------------------------------------------- */

/* RFC 7240 2: Prefer is a list of preferences, each a token with an
 * optional value and parameters; 4.1: respond-async asks for 202. */
static bool prefers_async(tp_request *req)
{
    tp_str v;
    if (!tp_request_header_list(req, "Prefer", &v))
        return false;
    const char *p = v.ptr, *end = v.ptr + v.len;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *e = comma ? comma : end;
        tp_str pref = str_trim((tp_str){p, (size_t)(e - p)});
        size_t n = 0;
        while (n < pref.len && !strchr(" \t=;", pref.ptr[n]))
            n++;
        if (n == 13 && !strncasecmp(pref.ptr, "respond-async", 13))
            return true;
        p = e + 1;
    }
    return false;
}

static void *job_thread(void *arg)
{
    dav_job *j = arg;
    j->work(j);
    j->finished_at = now_seconds();
    atomic_store_explicit(&j->finished, true, memory_order_release);
    return NULL;
}

/* Drops finished jobs older than JOBS_KEEP_SECONDS, and beyond the
 * JOBS_KEEP_MAX most recent.  Their threads have returned, or are about
 * to: joining takes no time.  Called with jobs_lock held. */
static void jobs_prune(dav *d)
{
    int64_t now = now_seconds();
    size_t kept = 0;
    for (dav_job **pp = &d->jobs; *pp;) {
        dav_job *j = *pp;
        bool done = atomic_load_explicit(&j->finished, memory_order_acquire);
        if (done && (now - j->finished_at >= JOBS_KEEP_SECONDS ||
                     ++kept > JOBS_KEEP_MAX)) {
            *pp = j->next;
            pthread_join(j->thread, NULL);
            job_free(j);
            continue;
        }
        pp = &j->next;
    }
}

static size_t jobs_running(const dav *d)
{
    size_t n = 0;
    for (const dav_job *j = d->jobs; j; j = j->next)
        n += !atomic_load_explicit(&j->finished, memory_order_acquire);
    return n;
}

/* A job's name: a counter for uniqueness and random bits so that other
 * clients cannot guess where someone's outcome is reported. */
static void job_name(dav *d, dav_job *j)
{
    uint64_t rnd;
    if (getrandom(&rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd)
        rnd = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15u ^ (uintptr_t)j;
    snprintf(j->id, sizeof j->id, "%" PRIu64 "-%016" PRIx64, ++d->next_job,
             rnd);
}

/* Runs the job on a thread of its own and answers 202 Accepted with the
 * job's URL (RFC 7240 4.1, RFC 9110 15.3.3).  False, with nothing sent,
 * when it cannot: the request is then processed as if the preference had
 * not been given. */
static bool job_detach(tp_request *req, dav_job *j)
{
    dav *d = j->d;
    pthread_mutex_lock(&d->jobs_lock);
    jobs_prune(d);
    if (jobs_running(d) >= JOBS_RUNNING_MAX) {
        pthread_mutex_unlock(&d->jobs_lock);
        return false;
    }
    job_name(d, j);
    char path[sizeof j->id + sizeof DAV_JOBS_SEGMENT + 2];
    snprintf(path, sizeof path, "/%s/%s", DAV_JOBS_SEGMENT, j->id);
    char *loc = dav_href(req, d, path, false);
    char *body = NULL;
    int len = asprintf(&body, "{\"state\":\"running\",\"method\":\"%s\"}\n",
                       KIND_NAME[j->kind]);
    if (!loc || len < 0 || pthread_create(&j->thread, NULL, job_thread, j)) {
        pthread_mutex_unlock(&d->jobs_lock);
        if (len >= 0)
            free(body);
        return false;
    }
    j->next = d->jobs;
    d->jobs = j;
    pthread_mutex_unlock(&d->jobs_lock);
    tp_response_header(req, "Location", loc);
    tp_response_header(req, "Preference-Applied", "respond-async");
    tp_response_header(req, "Cache-Control", "no-store");
    tp_respond(req, 202, "application/json", body, (size_t)len);
    free(body);
    return true;
}

/* Starts a job for the request: detached with respond-async (for a
 * collection), else off the event loop with 102 Processing meanwhile. */
static void job_start(dav_req *r, dav_job *j)
{
    tp_request *req = r->req;
    if (j->collection && prefers_async(req) && job_detach(req, j))
        return;
    int rc = tp_request_offload(req, j->work, job_done, j);
    if (rc < 0) {
        job_free(j);
        tp_response_header(req, "Retry-After", "5");
        tp_respond_error(req, 503, "no thread is free for this work");
        return;
    }
    processing_start(req, &r->d->opt);
}

/* ---- the job resource --------------------------------------------------- */

/* The report of a finished job; *code is the response's status: 303 See
 * Other to the destination of a COPY or MOVE that succeeded (RFC 7240
 * 4.1 lets the status resource point at the result), else 200. */
static bool job_report_done(tp_request *req, const dav_job *j, json_t *o,
                            int *code)
{
    int outcome = job_outcome(j);
    bool ok = json_object_set_new(o, "status", json_integer(outcome)) == 0;
    *code = 200;
    if (outcome < 300 && j->kind != JOB_DELETE) {
        char *loc = dav_href(req, j->d, j->dst, j->collection);
        if (!loc)
            return false;
        tp_response_header(req, "Location", loc);
        ok = ok && json_object_set_new(o, "location", json_string(loc)) == 0;
        *code = 303;
    } else if (outcome == 207) {
        tp_dav_out *doc = failures_document(req, j);
        const char *xml;
        size_t len;
        ok = ok && doc && tp_dav_out_close(doc) == 0 &&
             tp_dav_out_finish(doc, &xml, &len) == 0 &&
             json_object_set_new(o, "multistatus",
                                 json_stringn(xml, len)) == 0;
        tp_dav_out_free(doc);
    }
    return ok;
}

/* GET on a job: running (with how many resources it has handled), or
 * its outcome.  Cache-Control: no-store, since the answer changes. */
void dav_job_get(dav_req *r, const char *id)
{
    tp_request *req = r->req;
    dav *d = r->d;
    tp_response_header(req, "Cache-Control", "no-store");
    pthread_mutex_lock(&d->jobs_lock);
    jobs_prune(d);
    dav_job *j = d->jobs;
    while (j && strcmp(j->id, id))
        j = j->next;
    if (!j) {
        pthread_mutex_unlock(&d->jobs_lock);
        tp_respond_error(req, 404, "no such job (a finished job is kept "
                         "for ten minutes)");
        return;
    }
    int code = 200;
    bool done = atomic_load_explicit(&j->finished, memory_order_acquire);
    json_t *o = json_pack(
        "{s:s, s:s, s:I}", "state", done ? "done" : "running", "method",
        KIND_NAME[j->kind], "done",
        (json_int_t)atomic_load_explicit(&j->progress, memory_order_relaxed));
    bool ok = o && (!done || job_report_done(req, j, o, &code));
    pthread_mutex_unlock(&d->jobs_lock);
    char *text = ok ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!text) {
        tp_respond_error(req, 500, NULL);
        return;
    }
    size_t len = strlen(text);
    text[len] = '\n'; /* replaces the NUL: sent by length */
    tp_respond(req, code, "application/json", text, len + 1);
    free(text);
}

void dav_jobs_free(dav *d)
{
    pthread_mutex_lock(&d->jobs_lock);
    dav_job *list = d->jobs;
    d->jobs = NULL;
    pthread_mutex_unlock(&d->jobs_lock);
    for (dav_job *j = list; j; j = j->next)
        atomic_store(&j->cancel, true);
    while (list) {
        dav_job *next = list->next;
        pthread_join(list->thread, NULL);
        job_free(list);
        list = next;
    }
}

/* ---- MKCOL -------------------------------------------------------------- */

static void respond_errno(tp_request *req, int err, const char *detail)
{
    const char *cond = storage_condition(err);
    if (cond)
        dav_respond_condition(req, 507, cond, NULL);
    else
        tp_respond_error(req, errno_status(err), detail);
}

static void mkcol_exists(tp_request *req, bool collection)
{
    tp_response_header(req, "Allow",
                       collection ? ALLOW_COLLECTION : ALLOW_FILE);
    tp_respond_error(req, 405, "MKCOL only creates a collection where "
                     "there is nothing (RFC 4918 9.3.1)");
}

void dav_mkcol(dav_req *r)
{
    tp_request *req = r->req;
    /* 9.3.1: MKCOL can only be executed on an unmapped URL. */
    if (r->exists) {
        mkcol_exists(req, S_ISDIR(r->st.st_mode));
        return;
    }
    /* 9.3.1: this specification defines no body for MKCOL, and this
     * server knows none: 415, without reading it. */
    if (tp_request_has_body(req) || tp_request_content_length(req) != 0) {
        tp_respond_error(req, 415, "a MKCOL request has no body here");
        return;
    }
    /* 9.3.1: intermediate collections are never created. */
    int parent = dav_parent_check(r, r->path);
    if (parent <= 0) {
        tp_respond_error(req, parent < 0 ? 500 : 409,
                         "the parent collection does not exist");
        return;
    }
    if (dav_lock_check(r, r->path, DAV_LOCK_MEMBER, NULL))
        return;
    if (mkdirat(r->d->rootfd, r->rel, 0755) < 0) {
        if (errno == EEXIST)
            mkcol_exists(req, false);
        else
            respond_errno(req, errno, NULL);
        return;
    }
    char *loc = dav_href(req, r->d, r->path, true);
    if (loc)
        tp_response_header(req, "Location", loc);
    tp_respond(req, 201, NULL, NULL, 0);
}

/* ---- DELETE ------------------------------------------------------------- */

/* A file or a link: one unlink, on this thread. */
static void delete_one(dav_req *r, const struct stat *lst)
{
    if (unlinkat(r->d->rootfd, r->rel, 0) < 0) {
        if (errno == ENOENT)
            tp_respond_error(r->req, 404, NULL);
        else
            respond_errno(r->req, errno, NULL);
        return;
    }
    if (S_ISREG(lst->st_mode) && lst->st_nlink == 1)
        dav_quota_add(r->d, -lst->st_size);
    /* 9.6: the properties and the locks rooted there go with it. */
    if (tp_dav_store_delete(r->d->store, r->path) < 0) {
        tp_respond_error(r->req, 500, "the resource was deleted but its "
                         "properties could not be");
        return;
    }
    tp_respond(r->req, 204, NULL, NULL, 0);
}

void dav_delete(dav_req *r)
{
    tp_request *req = r->req;
    if (!r->exists) {
        tp_respond_error(req, 404, NULL);
        return;
    }
    if (!strcmp(r->path, "/")) {
        tp_respond_error(req, 403, "the root of the tree cannot be deleted");
        return;
    }
    bool collection = S_ISDIR(r->st.st_mode);
    /* 9.6.1: a DELETE of a collection acts as Depth: infinity, and a
     * client must not send any other value. */
    if (collection && r->depth != DAV_DEPTH_ABSENT &&
        r->depth != TP_DAV_DEPTH_INFINITY) {
        tp_respond_error(req, 400, "DELETE of a collection takes only "
                         "Depth: infinity (RFC 4918 9.6.1)");
        return;
    }
    if (dav_lock_check(r, r->path, DAV_LOCK_DEEP | DAV_LOCK_MEMBER, NULL))
        return;
    struct stat lst;
    if (fstatat(r->d->rootfd, r->rel, &lst, AT_SYMLINK_NOFOLLOW) < 0) {
        tp_respond_error(req, errno == ENOENT ? 404 : errno_status(errno),
                         NULL);
        return;
    }
    if (!S_ISDIR(lst.st_mode)) {
        delete_one(r, &lst);
        return;
    }
    dav_job *j = job_new(r->d, JOB_DELETE, delete_work, r->path, r->rel,
                         NULL, NULL);
    if (!j) {
        tp_respond_error(req, 500, NULL);
        return;
    }
    j->collection = true;
    j->status = 204;
    job_start(r, j);
}

/* ---- COPY and MOVE ------------------------------------------------------ */

/* host[:port] or [v6]:port split; *port is -1 when absent. */
static bool split_authority(tp_str a, tp_str *host, long *port)
{
    const char *colon = NULL;
    if (a.len && a.ptr[0] == '[') {
        const char *close = memchr(a.ptr, ']', a.len);
        if (!close)
            return false;
        size_t at = (size_t)(close - a.ptr) + 1;
        if (at < a.len && a.ptr[at] != ':')
            return false;
        colon = at < a.len ? close + 1 : NULL;
    } else {
        colon = memrchr(a.ptr, ':', a.len);
    }
    *host = (tp_str){a.ptr, colon ? (size_t)(colon - a.ptr) : a.len};
    *port = -1;
    if (!colon || colon + 1 == a.ptr + a.len)
        return host->len > 0;
    long p = 0;
    for (const char *c = colon + 1; c < a.ptr + a.len; c++) {
        if (*c < '0' || *c > '9' || p > 65535)
            return false;
        p = p * 10 + (*c - '0');
    }
    *port = p;
    return host->len > 0 && p <= 65535;
}

/* Whether authority `a` of a Destination names this server as the
 * request's Host does: the host compared without case, the ports equal,
 * a missing one being the default of the Destination's scheme (the
 * client reached this server by that scheme).  A request without Host
 * (HTTP/1.0) gives nothing to compare and is believed. */
static bool same_authority(tp_request *req, tp_str a, long default_port)
{
    tp_str host = tp_request_host(req);
    if (!host.len)
        return true;
    tp_str h1, h2;
    long p1, p2;
    if (!split_authority(a, &h1, &p1) || !split_authority(host, &h2, &p2))
        return false;
    if (p1 < 0)
        p1 = default_port;
    if (p2 < 0)
        p2 = default_port;
    return h1.len == h2.len && !strncasecmp(h1.ptr, h2.ptr, h1.len) &&
           p1 == p2;
}

/* The scheme of an absolute-URI (RFC 3986 3.1) and the rest after ':'.
 * False when v does not start with one. */
static bool split_scheme(tp_str v, tp_str *scheme, tp_str *rest)
{
    size_t i = 0;
    while (i < v.len && v.ptr[i] != ':') {
        char c = v.ptr[i];
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        bool more = (c >= '0' && c <= '9') || c == '+' || c == '-' ||
                    c == '.';
        if (!alpha && !(i > 0 && more))
            return false;
        i++;
    }
    if (i == 0 || i == v.len)
        return false;
    *scheme = (tp_str){v.ptr, i};
    *rest = (tp_str){v.ptr + i + 1, v.len - i - 1};
    return true;
}

static bool str_is(tp_str s, const char *lit)
{
    return s.len == strlen(lit) && !strncasecmp(s.ptr, lit, s.len);
}

/* RFC 4918 10.3: Destination = Simple-ref, an absolute-URI or an absolute
 * path (8.3).  Finds the destination's URL path, raw, or answers: 400 for
 * a missing or malformed Destination; 502 Bad Gateway for one on another
 * server (9.8.5, 9.9.4), another scheme, or outside this mount point,
 * which is another server's namespace as far as this handler knows: it
 * never forwards a request. */
static bool destination_path(tp_request *req, const dav *d, tp_str *out)
{
    tp_str v;
    if (!tp_request_header(req, "Destination", &v) || !v.len) {
        tp_respond_error(req, 400, "COPY and MOVE need a Destination "
                         "(RFC 4918 10.3)");
        return false;
    }
    tp_str scheme, rest, path = v;
    if (v.ptr[0] != '/') {
        if (!split_scheme(v, &scheme, &rest) || rest.len < 2 ||
            memcmp(rest.ptr, "//", 2)) {
            tp_respond_error(req, 400, "the Destination is not an "
                             "absolute URI or an absolute path");
            return false;
        }
        bool https = str_is(scheme, "https");
        if (!https && !str_is(scheme, "http")) {
            tp_respond_error(req, 502, "the Destination is not an http "
                             "URI of this server");
            return false;
        }
        tp_str auth = {rest.ptr + 2, 0};
        while (auth.ptr + auth.len < rest.ptr + rest.len &&
               !strchr("/?#", auth.ptr[auth.len]))
            auth.len++;
        /* RFC 9110 4.2.4: userinfo in an http URI is an error. */
        if (!auth.len || memchr(auth.ptr, '@', auth.len)) {
            tp_respond_error(req, 400, "the Destination has no valid "
                             "authority");
            return false;
        }
        if (!same_authority(req, auth, https ? 443 : 80)) {
            tp_respond_error(req, 502, "the Destination is on another "
                             "server");
            return false;
        }
        path.ptr = auth.ptr + auth.len;
        path.len = (size_t)(rest.ptr + rest.len - path.ptr);
    } else if (v.len > 1 && v.ptr[1] == '/') {
        tp_respond_error(req, 400, "the Destination is not an absolute "
                         "URI or an absolute path");
        return false;
    }
    size_t n = 0;
    while (n < path.len && path.ptr[n] != '?' && path.ptr[n] != '#')
        n++;
    path.len = n;
    if (!path.len)
        path = (tp_str){"/", 1};
    size_t pl = strlen(d->prefix);
    if (path.len < pl || memcmp(path.ptr, d->prefix, pl) ||
        (path.len > pl && path.ptr[pl] != '/')) {
        tp_respond_error(req, 502, "the Destination is outside this "
                         "tree");
        return false;
    }
    *out = path;
    return true;
}

/* RFC 4918 10.6: Overwrite is T or F (ABNF strings match without case),
 * T when absent.  1, 0, or -1 for anything else. */
static int overwrite_flag(tp_request *req)
{
    tp_str v;
    if (!tp_request_header(req, "Overwrite", &v))
        return 1;
    if (v.len != 1)
        return -1;
    if (v.ptr[0] == 'T' || v.ptr[0] == 't')
        return 1;
    if (v.ptr[0] == 'F' || v.ptr[0] == 'f')
        return 0;
    return -1;
}

/* The Depth of a COPY or MOVE, or -3 after answering 400.  9.8.3: COPY
 * takes 0 or infinity (the default); 9.9.2: MOVE of a collection only
 * infinity.  Depth: 1 means nothing for either (mod_dav refuses it on
 * any resource). */
static int copy_depth(dav_req *r, bool move, bool collection)
{
    int depth = r->depth == DAV_DEPTH_ABSENT ? TP_DAV_DEPTH_INFINITY
                                               : r->depth;
    if (depth == 1 || (move && collection && depth != TP_DAV_DEPTH_INFINITY)) {
        tp_respond_error(r->req, 400, move
                         ? "MOVE takes only Depth: infinity (RFC 4918 9.9.2)"
                         : "COPY takes Depth: 0 or infinity (RFC 4918 9.8.3)");
        return -3;
    }
    return depth;
}

/* The Destination as store and file paths, or false after answering. */
static bool map_destination(dav_req *r, char **dst, char **dst_rel)
{
    tp_request *req = r->req;
    tp_str raw;
    if (!destination_path(req, r->d, &raw))
        return false;
    bool slash;
    const char *why = NULL;
    int rc = dav_map(req, r->d, raw, dst, dst_rel, &slash, &why);
    if (rc == 404) /* below the mount point: a name kept from clients */
        tp_respond_error(req, 403, "this name cannot be created");
    else if (rc)
        tp_respond_error(req, rc, why);
    return rc == 0;
}

/* RFC 4918 9.8.5, 9.9.4: the checks between source and destination.
 * Returns 0, or after answering 403 or 412. */
static int check_overlap(dav_req *r, const char *dst, bool collection,
                         bool overwrite)
{
    const char *why = NULL;
    int code = 403;
    if (!strcmp(dst, r->path))
        why = "the source and the destination are the same";
    else if (collection && tp_dav_path_below(dst, r->path))
        why = "a collection cannot be copied or moved into itself";
    else if (tp_dav_path_below(r->path, dst)) {
        /* The destination exists: it holds the source.  Overwriting it
         * would delete the source first. */
        code = overwrite ? 403 : 412;
        why = "the destination contains the source";
    }
    if (why)
        tp_respond_error(r->req, code, why);
    return why ? code : 0;
}

/* The checks of a COPY or MOVE that need the destination, then the job.
 * A MOVE that is one rename happens here; the rest is a job. */
void dav_copy(dav_req *r)
{
    tp_request *req = r->req;
    tp_str m = tp_request_method(req);
    bool move = m.len == 4 && !memcmp(m.ptr, "MOVE", 4);
    if (!r->exists) {
        tp_respond_error(req, 404, NULL);
        return;
    }
    bool collection = S_ISDIR(r->st.st_mode);
    int depth = copy_depth(r, move, collection);
    if (depth == -3)
        return;
    int overwrite = overwrite_flag(req);
    if (overwrite < 0) {
        tp_respond_error(req, 400, "Overwrite is T or F (RFC 4918 10.6)");
        return;
    }
    char *dst, *dst_rel;
    if (!map_destination(r, &dst, &dst_rel) ||
        check_overlap(r, dst, collection, overwrite))
        return;
    /* 9.8.5, 9.9.4: 409 when the destination's parent is missing. */
    int parent = dav_parent_check(r, dst);
    if (parent <= 0) {
        tp_respond_error(req, parent < 0 ? 500 : 409, "the destination's "
                         "parent collection does not exist");
        return;
    }
    struct stat dst_st;
    bool dst_exists = dav_stat(r->d, dst_rel, &dst_st) == 0;
    /* 9.8.4, 9.9.3, 10.6: with Overwrite: F an existing destination is
     * a failed precondition. */
    if (dst_exists && !overwrite) {
        tp_respond_error(req, 412, "the destination exists and Overwrite "
                         "is F");
        return;
    }
    /* 7.5, 9.9: a MOVE removes the source and its members from their
     * parent; both methods add the destination to its parent and, when
     * it exists, replace it and everything below it. */
    if (move && dav_lock_check(r, r->path, DAV_LOCK_DEEP | DAV_LOCK_MEMBER,
                               NULL))
        return;
    if (dav_lock_check(r, dst, DAV_LOCK_MEMBER |
                       (dst_exists ? DAV_LOCK_DEEP : 0), NULL))
        return;
    dav_job *j = job_new(r->d, move ? JOB_MOVE : JOB_COPY,
                         move ? move_work : copy_work, r->path, r->rel,
                         dst, dst_rel);
    if (!j) {
        tp_respond_error(req, 500, NULL);
        return;
    }
    j->depth = depth;
    j->bind = r->bind;
    j->collection = collection;
    j->status = dst_exists ? 204 : 201;
    struct stat old;
    bool dst_dir = fstatat(r->d->rootfd, dst_rel, &old,
                           AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(old.st_mode);
    if (move && !dst_dir && !(collection && prefers_async(req)) &&
        move_rename(j) != -EXDEV) {
        job_answer(req, j);
        job_free(j);
        return;
    }
    job_start(r, j);
}
