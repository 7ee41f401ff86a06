/*
 * davint.h - what the files of the WebDAV handler share.
 *
 *   dav.c       the mount, the method dispatch, URL <-> file mapping,
 *               OPTIONS, GET/HEAD (through the static handler), PUT, the
 *               quota, multistatus and error bodies, the tree walker
 *   davprops.c  PROPFIND and PROPPATCH (RFC 4918 9.1, 9.2)
 *   davlock.c   LOCK and UNLOCK (9.10, 9.11), the If header (10.4) and the
 *               lock checks every write makes (7), lockdiscovery and
 *               supportedlock (15.8, 15.10)
 *   davtree.c   MKCOL, DELETE, COPY and MOVE (9.3, 9.6, 9.8, 9.9), 102
 *               Processing while they run, and the jobs of
 *               `Prefer: respond-async` (202)
 *
 * Paths.  A resource has two names here: its store path (davstore.h: the
 * percent-decoded URL path below the mount point, "/" for the mount point
 * itself, no trailing slash) and its file path relative to the root
 * directory ("." for the root, "a/b" otherwise), which every file system
 * call resolves against d->rootfd with the *at() functions.  An href in a
 * response is the URL path again: the mount prefix plus the store path,
 * percent-encoded, with a trailing slash for a collection.
 */
#ifndef TEAPOT_DAVINT_H
#define TEAPOT_DAVINT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "davstore.h"
#include "davxml.h"
#include "handlers.h"
#include "teapot/http.h"

/* The Depth header (RFC 4918 10.2) as parsed by dav_depth. */
#define DAV_DEPTH_ABSENT (-2)
/* TP_DAV_DEPTH_INFINITY (-1) from davstore.h stands for "infinity". */

/* Where the jobs of `Prefer: respond-async` are reported, below the
 * mount point.  The name is refused to every method that would create it. */
#define DAV_JOBS_SEGMENT ".dav-jobs"

typedef struct dav_job dav_job;

/* One mounted tree. */
typedef struct dav {
    int rootfd;              /* O_PATH of the root directory */
    char root_real[4096];    /* the root with every link resolved */
    char prefix[1024];       /* the mount point's URL path without the
                                trailing slash: "" for "/" */
    tp_dav_store *store;
    tp_dav_options opt;      /* copied; strings owned by the caller */
    _Atomic int64_t used;    /* bytes under the root, for the quota
                                (-1: not counted, no quota) */
    pthread_mutex_t jobs_lock;
    dav_job *jobs;           /* davtree.c */
    uint64_t next_job;
} dav;

/* One request on the tree, built by dav.c before a method's function is
 * called.  Lives in the request's arena. */
typedef struct dav_req {
    tp_request *req;
    dav *d;
    char *path;       /* store path of the request URI */
    char *rel;        /* its file path */
    bool slash;       /* the request URI ended with '/' */
    bool exists;      /* st is valid */
    struct stat st;   /* the resource (links followed) */
    int depth;        /* Depth header: 0, 1, TP_DAV_DEPTH_INFINITY or
                         DAV_DEPTH_ABSENT */
    bool bind;        /* the client sent `DAV: bind` (RFC 5842 8.1) */
    void *ifh;        /* davlock.c: the parsed If header, or NULL */
} dav_req;

/* ---- dav.c: mapping ---------------------------------------------------- */

/* A URL path (raw, percent-encoded, as tp_request_path gives it, or the
 * path of a Destination) to the store and file paths of the resource it
 * names below d's mount point, allocated in req's arena.  Returns 0; 404
 * when the path is not below the mount point or names a file that policy
 * hides (dot files without opt.dotfiles, the jobs segment); 400 for an
 * undecodable or climbing path, an encoded '/' or NUL; 414 when too long. */
int dav_map(tp_request *req, const dav *d, tp_str url_path, char **path,
            char **rel, bool *slash, const char **why);

/* The href of a store path (prefix + percent-encoded path, '/' appended
 * when `collection`), in req's arena. */
char *dav_href(tp_request *req, const dav *d, const char *path,
               bool collection);

/* The file path of a store path ("." for "/"), in req's arena. */
char *dav_rel(tp_request *req, const char *path);
/* The parent of a store path ("/" for a top-level name), in req's arena. */
char *dav_parent(tp_request *req, const char *path);

/* The store path of member `name` of collection `path` (malloc'd). */
char *dav_member(const char *path, const char *name);

/* stat() of a file path below the root, following links; -1 with errno.
 * A link leading out of the root counts as missing unless
 * opt.follow_symlinks. */
int dav_stat(const dav *d, const char *rel, struct stat *st);

/* Whether the parent of store path `path` is an existing collection
 * (RFC 4918 9.3.1, 9.7.1: intermediate collections are never made): 1,
 * 0 with errno (ENOENT or ENOTDIR when it is missing or not one), or -1
 * when out of memory. */
int dav_parent_check(dav_req *r, const char *path);

/* The entity-tag (with quotes) GET gives for this file: the static
 * handler's (tp_static_etag), so getetag and ETag always agree. */
void dav_etag(const struct stat *st, char out[96]);

/* ---- dav.c: responses ------------------------------------------------- */

/* "HTTP/1.1 424 Failed Dependency" for a D:status element. */
void dav_status_text(int code, char out[64]);

/* A multistatus document being built: <D:multistatus> is open. */
tp_dav_out *dav_ms_begin(void);
/* One <D:response> with an href and a status, and, when `precondition`
 * is not NULL, an <D:error> naming that DAV: precondition element
 * (RFC 4918 16) with the hrefs in cond_hrefs (NULL-ended, may be NULL)
 * inside it. */
void dav_ms_status(tp_dav_out *o, const char *href, int code,
                   const char *precondition, const char *const *cond_hrefs);
/* Closes the document and answers 207 with it (500 if it could not be
 * written); frees o. */
void dav_ms_send(tp_request *req, tp_dav_out *o);

/* A final error response whose body is an RFC 4918 16 error document:
 * <D:error><D:precondition>[<D:href>...</D:href>]</D:precondition>
 * </D:error>, as application/xml.  hrefs NULL-ended, may be NULL.  The
 * code's required fields are the caller's. */
void dav_respond_condition(tp_request *req, int code,
                           const char *precondition,
                           const char *const *hrefs);

/* Reads the whole request body (at most TP_DAV_XML_MAX_BYTES: 413
 * beyond) and calls done(r, data, len) with it; data is NULL and len 0
 * without a body. */
typedef void (*dav_body_done)(dav_req *r, const char *data, size_t len);
void dav_read_xml_body(dav_req *r, dav_body_done done);

/* Parses a body read by dav_read_xml_body; on failure answers 400 or 413
 * (with expat's reason) or 500 and returns NULL. */
tp_dav_xml *dav_parse_or_respond(dav_req *r, const char *data, size_t len);

/* ---- dav.c: quota ----------------------------------------------------- */

/* Whether `more` bytes may be added under the root (always true without
 * a quota).  dav_quota_add accounts bytes added (negative: freed). */
bool dav_quota_allows(dav *d, int64_t more);
void dav_quota_add(dav *d, int64_t delta);

/* ---- dav.c: walking a tree -------------------------------------------- */

typedef struct dav_entry {
    const char *path;        /* store path */
    const char *rel;         /* file path */
    const struct stat *st;   /* links followed */
    int level;               /* 0 for the start, 1 for its members... */
    bool repeated;           /* a collection already reported, reached
                                again through a link: with `bind` the
                                caller reports it as 208 and the walk does
                                not descend into it (RFC 5842 7.1) */
} dav_entry;

/* Return 0 to go on, DAV_WALK_SKIP (from a collection, before its
 * members) to leave its members out, any other value to stop the walk
 * with that value. */
#define DAV_WALK_SKIP 1
typedef int (*dav_walk_fn)(void *ud, const dav_entry *e);

/* Visits path (file path rel), then, for a collection, its members to
 * `depth` levels (0, 1 or TP_DAV_DEPTH_INFINITY), parents before their
 * members, members in name order, or, with DAV_WALK_POST, members before
 * their parent (for DELETE).  A collection met again below itself
 * through a link: without `bind` the walk stops and returns 508; with it,
 * the entry comes with `repeated`.  Members that vanish between readdir
 * and stat are skipped.  Returns 0, 508, the callback's value, or -errno
 * when the start cannot be read. */
#define DAV_WALK_POST 1u
int dav_walk(const dav *d, const char *path, const char *rel, int depth,
             bool bind, unsigned flags, dav_walk_fn fn, void *ud);

/* ---- davlock.c -------------------------------------------------------- */

/* Parses and evaluates the If header (RFC 4918 10.4) for this request:
 * each list's conditions (state tokens, entity-tags, Not) against the
 * resource it is tagged with (the request URI when untagged).  Returns 0
 * (no If header, or true), or the status it answered: 400 (malformed),
 * 412 (false).  Called by dav.c for every method before the method's
 * function; keeps the parsed header in r->ifh. */
int dav_if_check(dav_req *r);

/* Whether the request submitted this lock token (it appears in the If
 * header: RFC 4918 7.5, 10.4.1).  For UNLOCK see Lock-Token. */
bool dav_token_submitted(const dav_req *r, const char *token);

/* The write-lock rules (RFC 4918 7, 7.4, 7.5) for a method that changes
 * `path`: every lock that applies to it (rooted at it, or a depth-
 * infinity lock above it) must have its token submitted; with
 * DAV_LOCK_DEEP, also every lock rooted below it (DELETE, MOVE, the
 * overwritten destination of COPY); with DAV_LOCK_MEMBER, also the locks
 * on the parent collection, whose membership changes (a new or removed
 * member: even a depth-0 lock protects it, 7.4).  Returns 0, or 423 after
 * answering with lock-token-submitted and the hrefs of the lock roots
 * whose tokens are missing.  When `ms` is not NULL the 423 is instead
 * added to it as a response for `path` and 423 returned unanswered. */
#define DAV_LOCK_DEEP   1u
#define DAV_LOCK_MEMBER 2u
int dav_lock_check(dav_req *r, const char *path, unsigned flags,
                   tp_dav_out *ms);

/* <D:lockdiscovery> with every active lock on path (15.8), and
 * <D:supportedlock> (15.10), written into o. */
int dav_write_lockdiscovery(dav_req *r, tp_dav_out *o, const char *path);
int dav_write_supportedlock(tp_dav_out *o);

void dav_lock(dav_req *r);    /* LOCK */
void dav_unlock(dav_req *r);  /* UNLOCK */

/* ---- davprops.c ------------------------------------------------------- */

void dav_propfind(dav_req *r);
void dav_proppatch(dav_req *r);

/* ---- davtree.c -------------------------------------------------------- */

void dav_mkcol(dav_req *r);
void dav_delete(dav_req *r);
void dav_copy(dav_req *r); /* COPY and MOVE, by the request's method */
/* GET on <prefix>/.dav-jobs/<id>: a job's progress and outcome. */
void dav_job_get(dav_req *r, const char *id);
/* Frees every job (at unmount). */
void dav_jobs_free(dav *d);

#endif
