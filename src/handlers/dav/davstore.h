/*
 * davstore.h - the state WebDAV keeps beside the files: dead properties
 * (RFC 4918 4, 9.2) and write locks (RFC 4918 6, 7, 9.10, 9.11), in one
 * SQLite database per served root.
 *
 * The database must live OUTSIDE the served tree (the caller chooses its
 * path), or a client could read or overwrite it like any other file.
 *
 * Paths.  Every resource is named by its canonical URL path, percent-
 * decoded: it starts with "/", has no empty, "." or ".." segment, and has
 * no trailing "/" except the root "/" itself; a collection "/docs/" is
 * stored as "/docs".  Paths are compared as bytes.  A path breaking these
 * rules is refused with TP_DAV_EINVAL.
 *
 * Threads.  A store is one SQLite connection behind a mutex: any worker
 * thread may call any function, and each call runs alone and commits
 * before it returns.  Callbacks run with that mutex held, so they must not
 * call back into the store.  The database is in WAL mode with a busy
 * timeout, so a second process (or a second store on the same file)
 * waits for the writer instead of failing at once.
 *
 * Durability.  Every change is one transaction with synchronous=FULL:
 * properties and locks survive a restart or a crash (RFC 4918 6.3 lets a
 * lock outlive the server process; clients expect that).
 *
 * Errors are tp_dav_rc values (negative); each says which status code the
 * caller answers.
 */
#ifndef TEAPOT_DAVSTORE_H
#define TEAPOT_DAVSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Limits.  A path beyond TP_DAV_STORE_PATH_MAX never reaches the store
 * (the request line limit answers 414 first); the others are checked here
 * and produce the code named beside them. */
#define TP_DAV_STORE_PATH_MAX      4096u          /* TP_DAV_EINVAL */
#define TP_DAV_PROP_NAME_MAX       1024u          /* ns or local name: ETOOBIG -> 507 */
#define TP_DAV_PROP_VALUE_MAX      (64u * 1024u)  /* one value: ETOOBIG -> 507 */
#define TP_DAV_PROPS_PER_RESOURCE  256u           /* ENOSPC -> 507 (9.2.1) */
#define TP_DAV_PATCH_OPS_MAX       1024u          /* one PROPPATCH: ETOOBIG -> 507 */
#define TP_DAV_LOCK_OWNER_MAX      4096u          /* ETOOBIG -> 400 */
#define TP_DAV_PRINCIPAL_MAX       256u           /* ETOOBIG -> 500 */
#define TP_DAV_LOCKS_MAX           65536u         /* active locks: ENOSPC -> 503 */
#define TP_DAV_LOCK_TIMEOUT_MAX    4294967295LL   /* TimeType bound (10.7): EINVAL */
#define TP_DAV_STORE_BUSY_MS       5000           /* busy timeout: EBUSY -> 503 */

typedef enum tp_dav_rc {
    TP_DAV_OK        =  0,
    TP_DAV_ENOENT    = -1, /* no such property, or no such (live) lock */
    TP_DAV_ELOCKED   = -2, /* conflicting lock: 423 Locked (RFC 4918 11.3) */
    TP_DAV_EMISMATCH = -3, /* the lock does not apply to the path: UNLOCK
                              answers 409 lock-token-matches-request-uri
                              (9.11.1), a refresh 412 (10.4) */
    TP_DAV_ENOSPC    = -4, /* disk full or a store quota: 507 Insufficient
                              Storage (RFC 4918 11.5) */
    TP_DAV_ETOOBIG   = -5, /* a name, value or owner over its limit */
    TP_DAV_EINVAL    = -6, /* malformed path or argument: a caller bug */
    TP_DAV_EBUSY     = -7, /* database busy past the timeout: 503 */
    TP_DAV_ENOMEM    = -8, /* 500 */
    TP_DAV_EIO       = -9, /* any other database failure: 500 */
} tp_dav_rc;

/* A short English name for a tp_dav_rc, for logs. */
const char *tp_dav_rc_str(int rc);

typedef struct tp_dav_store tp_dav_store;

/*
 * Opens (creating if needed) the database at db_path, with its schema and
 * a schema version for later migrations.  On failure returns NULL and
 * writes a reason into why[cap] (if why is not NULL); a database written
 * by a newer schema is refused rather than misread.
 */
tp_dav_store *tp_dav_store_open(const char *db_path, char *why, size_t cap);
void tp_dav_store_close(tp_dav_store *st);

/* Replaces the clock (seconds since the epoch; time(NULL) by default)
 * used for lock timeouts; tests use it to make time pass. */
typedef int64_t (*tp_dav_clock_fn)(void *ud);
void tp_dav_store_set_clock(tp_dav_store *st, tp_dav_clock_fn now, void *ud);

/* Whether `path` follows the path convention above. */
bool tp_dav_store_path_ok(const char *path);
/* Whether path a lies strictly below path b ("/x" below "/"). */
bool tp_dav_path_below(const char *a, const char *b);

/* ---- dead properties (RFC 4918 4, 9.1, 9.2) ------------------------- */

/* A property is named by (namespace URI, local name); ns "" is no
 * namespace.  The value is the property element serialised as XML, kept
 * as opaque bytes. */
typedef struct tp_dav_prop {
    const char *ns;
    const char *name;
    const void *value;
    size_t value_len;
} tp_dav_prop;

/* Callbacks return 0 to go on; any other value stops the walk and is
 * returned by the function that called them (use positive values). */
typedef int (*tp_dav_prop_cb)(void *ud, const tp_dav_prop *prop);

/* The value of one property in *value (malloc'd, the caller frees; a
 * NUL follows the bytes) and *len.  TP_DAV_ENOENT when it is not set. */
int tp_dav_prop_get(tp_dav_store *st, const char *path, const char *ns,
                    const char *name, void **value, size_t *len);

/* Every dead property of `path`, ordered by (ns, name), for allprop and
 * propname (9.1).  The pointers live until the callback returns. */
int tp_dav_prop_list(tp_dav_store *st, const char *path, tp_dav_prop_cb cb,
                     void *ud);

/*
 * PROPPATCH (RFC 4918 9.2): the instructions are collected, then applied
 * in document order in one transaction, so either all of them take effect
 * or none does.  set/remove check their arguments at once, so the caller
 * can answer for the offending property (507 for TP_DAV_ETOOBIG) and give
 * up (rollback) before anything is written.  Removing a property that is
 * not there is not an error (9.2).  commit and rollback free the patch.
 */
typedef struct tp_dav_patch tp_dav_patch;

/* NULL when path is invalid (errno EINVAL) or memory runs out. */
tp_dav_patch *tp_dav_patch_begin(tp_dav_store *st, const char *path);
int tp_dav_patch_set(tp_dav_patch *p, const char *ns, const char *name,
                     const void *value, size_t len);
int tp_dav_patch_remove(tp_dav_patch *p, const char *ns, const char *name);
/* TP_DAV_OK, or an error after which nothing changed: TP_DAV_ENOSPC when
 * the disk is full or the resource would pass TP_DAV_PROPS_PER_RESOURCE. */
int tp_dav_patch_commit(tp_dav_patch *p);
void tp_dav_patch_rollback(tp_dav_patch *p);

/* ---- the namespace changes (RFC 4918 9.6, 9.8, 9.9) ---------------- */

/*
 * Each runs in one transaction, after the caller changed the files.  The
 * destination's overwritten tree loses its properties, and the locks
 * rooted strictly below it are destroyed with the resources they were on
 * (9.8.4, 9.9.3: overwriting is a DELETE, and 9.6 destroys locks rooted on
 * deleted resources).  Locks rooted at the destination itself or covering
 * it from above stay, and the new resources join their scope (7.5).
 * Locks are never copied nor moved (7.5).  src and dst must not be equal
 * or inside one another: TP_DAV_EINVAL (the caller answers 403, 9.8.5).
 */

/* COPY: the properties of src (and, at depth infinity, of every resource
 * below it) are copied to the matching dst paths.  depth is 0 or
 * TP_DAV_DEPTH_INFINITY (9.8.3). */
int tp_dav_store_copy(tp_dav_store *st, const char *src, const char *dst,
                      int depth);
/* MOVE: properties follow the resources; the locks rooted at src or below
 * are destroyed with the source (7.5, 9.9). */
int tp_dav_store_move(tp_dav_store *st, const char *src, const char *dst);
/* DELETE: drops the properties of path and everything below it, and the
 * locks rooted there (9.6.1). */
int tp_dav_store_delete(tp_dav_store *st, const char *path);

/* ---- write locks (RFC 4918 6, 7, 9.10, 9.11) ----------------------- */

#define TP_DAV_DEPTH_INFINITY   (-1)
#define TP_DAV_TIMEOUT_INFINITE (-1)
#define TP_DAV_TOKEN_SIZE       46 /* "urn:uuid:" + 36 + NUL (RFC 4918 6.5) */

typedef enum tp_dav_scope {
    TP_DAV_SCOPE_EXCLUSIVE = 1,
    TP_DAV_SCOPE_SHARED = 2,
} tp_dav_scope;

/* A write lock (the only lock type RFC 4918 defines, 7). */
typedef struct tp_dav_lock {
    char token[TP_DAV_TOKEN_SIZE]; /* "urn:uuid:..." (6.5, RFC 4122) */
    const char *root;          /* the lock root (6.1) */
    int depth;                 /* 0 or TP_DAV_DEPTH_INFINITY */
    tp_dav_scope scope;
    const void *owner;         /* the DAV:owner element as sent, opaque */
    size_t owner_len;
    const char *principal;     /* who created it, "" if anonymous (6.4) */
    int64_t timeout;           /* seconds granted, or TP_DAV_TIMEOUT_INFINITE */
    int64_t expires;           /* epoch seconds; 0 when infinite */
    void *mem_;                /* private: what tp_dav_lock_release frees */
} tp_dav_lock;

typedef int (*tp_dav_lock_cb)(void *ud, const tp_dav_lock *lock);

/* Frees the copies held by a lock the store filled in; harmless twice. */
void tp_dav_lock_release(tp_dav_lock *lock);

/* Whether `lock` applies to `path`: path is its root, or below a root
 * locked at depth infinity (6.1, 7). */
bool tp_dav_lock_applies(const tp_dav_lock *lock, const char *path);

/*
 * LOCK (9.10): the caller fills root, depth, scope, owner, owner_len,
 * principal (NULL for anonymous) and timeout (> 0 or infinite); on
 * TP_DAV_OK the store wrote token and expires.  The conflict check and the
 * insert are one transaction (6.2, 7): an exclusive lock conflicts with
 * every lock that applies to its root or to anything below it (when it is
 * depth infinity), or whose own scope covers its root; a shared lock
 * conflicts only with exclusive ones in the same places.  On conflict
 * returns TP_DAV_ELOCKED and, if on_conflict is not NULL, calls it for
 * each conflicting lock (for no-conflicting-lock, 16).  Expired locks are
 * purged here.
 */
int tp_dav_lock_create(tp_dav_store *st, tp_dav_lock *lock,
                       tp_dav_lock_cb on_conflict, void *ud);

/* The live lock with this token into *out (release it after). */
int tp_dav_lock_get(tp_dav_store *st, const char *token, tp_dav_lock *out);

/* Refresh (9.10.2): a new timeout, counted from now, for the lock with
 * this token, which must apply to path.  *out (if not NULL) receives the
 * refreshed lock.  TP_DAV_ENOENT, TP_DAV_EMISMATCH. */
int tp_dav_lock_refresh(tp_dav_store *st, const char *token,
                        const char *path, int64_t timeout, tp_dav_lock *out);

/* UNLOCK (9.11): removes the lock if it applies to path.  TP_DAV_ENOENT
 * (unknown or expired), TP_DAV_EMISMATCH (9.11.1: 409). */
int tp_dav_lock_remove(tp_dav_store *st, const char *token,
                       const char *path);

/* Every live lock that applies to path: rooted at it, or at an ancestor
 * with depth infinity.  For lockdiscovery (15.8) and the If header (10.4).
 * Order: the nearest root last, i.e. from "/" down to path. */
int tp_dav_locks_covering(tp_dav_store *st, const char *path,
                          tp_dav_lock_cb cb, void *ud);

/* Every live lock rooted strictly below path, ordered by root: what a
 * DELETE or MOVE of a collection must hold tokens for (9.6, 9.9). */
int tp_dav_locks_below(tp_dav_store *st, const char *path, tp_dav_lock_cb cb,
                       void *ud);

#ifdef __cplusplus
}
#endif
#endif
