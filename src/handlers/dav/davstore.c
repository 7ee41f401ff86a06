/*
 * davstore.c - dead properties and write locks of a WebDAV tree in SQLite
 * (RFC 4918 4, 6, 7, 9.2, 9.6, 9.8-9.11).
 *
 * One connection per store, serialised by a mutex, with every statement
 * prepared once at open.  Subtrees are selected by a byte range instead of
 * LIKE or GLOB, so no character in a name needs escaping: the members of
 * "/a" are exactly the paths in ["/a/", "/a0"), since '0' is the byte
 * after '/' and SQLite compares TEXT with memcmp (BINARY collation).
 */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "davstore.h"

/* The schema this code reads and writes; a newer number in the file means
 * a newer teapot wrote it, and guessing at its meaning could lose locks. */
#define DS_SCHEMA_VERSION 1

/* Room for a path plus the "/" or "0" of a subtree bound. */
#define DS_BOUND_SIZE (TP_DAV_STORE_PATH_MAX + 2)

static const char ds_schema[] =
    "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS props("
    "  path TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL,"
    "  value BLOB NOT NULL, PRIMARY KEY(path, ns, name)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS locks("
    "  token TEXT PRIMARY KEY, root TEXT NOT NULL, depth INTEGER NOT NULL,"
    "  scope INTEGER NOT NULL, owner BLOB NOT NULL, principal TEXT NOT NULL,"
    "  timeout INTEGER NOT NULL, expires INTEGER);" /* NULL: infinite */
    "CREATE INDEX IF NOT EXISTS locks_root ON locks(root);";

#define DS_LOCK_COLS \
    "token, root, depth, scope, owner, principal, timeout, expires"
#define DS_LIVE "(expires IS NULL OR expires > ?9)"

enum {
    Q_BEGIN, Q_COMMIT, Q_ROLLBACK,
    Q_PROP_GET, Q_PROP_LIST, Q_PROP_SET, Q_PROP_DEL, Q_PROP_COUNT,
    Q_TREE_PROP_DEL, Q_TREE_PROP_COPY, Q_TREE_PROP_MOVE,
    Q_TREE_LOCK_DEL, Q_BELOW_LOCK_DEL,
    Q_LOCK_PURGE, Q_LOCK_COUNT, Q_LOCK_AT, Q_LOCK_BELOW, Q_LOCK_TOKEN,
    Q_LOCK_INSERT, Q_LOCK_REFRESH, Q_LOCK_DELETE,
    Q_COUNT
};

/* Subtree parameters: ?1 the path itself, ?2 and ?3 the bounds of what
 * lies below it; the clock is always ?9. */
static const char *const ds_sql[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_PROP_GET] =
        "SELECT value FROM props WHERE path = ?1 AND ns = ?2 AND name = ?3",
    [Q_PROP_LIST] =
        "SELECT ns, name, value FROM props WHERE path = ?1 ORDER BY ns, name",
    [Q_PROP_SET] = "INSERT OR REPLACE INTO props(path, ns, name, value) "
                   "VALUES(?1, ?2, ?3, ?4)",
    [Q_PROP_DEL] =
        "DELETE FROM props WHERE path = ?1 AND ns = ?2 AND name = ?3",
    [Q_PROP_COUNT] = "SELECT count(*) FROM props WHERE path = ?1",
    [Q_TREE_PROP_DEL] = "DELETE FROM props WHERE path = ?1 OR "
                        "(path >= ?2 AND path < ?3)",
    /* The tail after src is cut as bytes (substr of a BLOB counts bytes,
     * of TEXT characters); ?5 is strlen(src) + 1. */
    [Q_TREE_PROP_COPY] =
        "INSERT OR REPLACE INTO props(path, ns, name, value) "
        "SELECT CAST(?4 AS BLOB) || substr(CAST(path AS BLOB), ?5), "
        "ns, name, value FROM props "
        "WHERE path = ?1 OR (?6 AND path >= ?2 AND path < ?3)",
    [Q_TREE_PROP_MOVE] =
        "UPDATE props SET path = CAST(?4 AS BLOB) || "
        "substr(CAST(path AS BLOB), ?5) "
        "WHERE path = ?1 OR (path >= ?2 AND path < ?3)",
    [Q_TREE_LOCK_DEL] = "DELETE FROM locks WHERE root = ?1 OR "
                        "(root >= ?2 AND root < ?3)",
    [Q_BELOW_LOCK_DEL] = "DELETE FROM locks WHERE root <> ?1 AND "
                         "root >= ?2 AND root < ?3",
    [Q_LOCK_PURGE] = "DELETE FROM locks WHERE expires <= ?9",
    [Q_LOCK_COUNT] = "SELECT count(*) FROM locks",
    [Q_LOCK_AT] = "SELECT " DS_LOCK_COLS " FROM locks WHERE root = ?1 AND "
                  DS_LIVE " ORDER BY token",
    [Q_LOCK_BELOW] = "SELECT " DS_LOCK_COLS " FROM locks WHERE root <> ?1 "
                     "AND root >= ?2 AND root < ?3 AND " DS_LIVE
                     " ORDER BY root, token",
    [Q_LOCK_TOKEN] = "SELECT " DS_LOCK_COLS " FROM locks WHERE token = ?1 "
                     "AND " DS_LIVE,
    [Q_LOCK_INSERT] = "INSERT INTO locks(" DS_LOCK_COLS ") "
                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_LOCK_REFRESH] =
        "UPDATE locks SET timeout = ?2, expires = ?3 WHERE token = ?1",
    [Q_LOCK_DELETE] = "DELETE FROM locks WHERE token = ?1",
};

struct tp_dav_store {
    sqlite3 *db;
    sqlite3_stmt *q[Q_COUNT];
    pthread_mutex_t mu;
    tp_dav_clock_fn clock;
    void *clock_ud;
};

typedef struct ds_op {
    char *ns, *name;
    void *value; /* NULL: remove */
    size_t len;
} ds_op;

struct tp_dav_patch {
    tp_dav_store *st;
    char *path;
    ds_op *ops;
    size_t n, cap;
};

const char *tp_dav_rc_str(int rc)
{
    switch (rc) {
    case TP_DAV_OK: return "ok";
    case TP_DAV_ENOENT: return "not found";
    case TP_DAV_ELOCKED: return "locked";
    case TP_DAV_EMISMATCH: return "lock does not apply to the path";
    case TP_DAV_ENOSPC: return "insufficient storage";
    case TP_DAV_ETOOBIG: return "over a size limit";
    case TP_DAV_EINVAL: return "invalid argument";
    case TP_DAV_EBUSY: return "database busy";
    case TP_DAV_ENOMEM: return "out of memory";
    case TP_DAV_EIO: return "database error";
    default: return rc > 0 ? "stopped by callback" : "unknown error";
    }
}

/* SQLite's code as ours.  A full disk surfaces as SQLITE_FULL only for
 * ENOSPC; a quota (EDQUOT) or file size limit (EFBIG) comes back as
 * SQLITE_IOERR_WRITE, often with the errno already lost.  Every refused
 * write means the state could not be stored: 507. */
static int ds_err(tp_dav_store *st, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK: case SQLITE_DONE: case SQLITE_ROW: return TP_DAV_OK;
    case SQLITE_FULL: return TP_DAV_ENOSPC;
    case SQLITE_BUSY: case SQLITE_LOCKED: return TP_DAV_EBUSY;
    case SQLITE_NOMEM: return TP_DAV_ENOMEM;
    case SQLITE_TOOBIG: return TP_DAV_ETOOBIG;
    case SQLITE_IOERR: {
        if (rc == SQLITE_IOERR_WRITE)
            return TP_DAV_ENOSPC;
        int e = st ? sqlite3_system_errno(st->db) : 0;
        return (e == ENOSPC || e == EDQUOT || e == EFBIG) ? TP_DAV_ENOSPC
                                                         : TP_DAV_EIO;
    }
    default: return TP_DAV_EIO;
    }
}

static int64_t ds_time(void *ud)
{
    (void)ud;
    return (int64_t)time(NULL);
}

static int64_t ds_now(tp_dav_store *st)
{
    return st->clock(st->clock_ud);
}

bool tp_dav_store_path_ok(const char *path)
{
    if (!path || path[0] != '/')
        return false;
    size_t len = strlen(path);
    if (len >= TP_DAV_STORE_PATH_MAX)
        return false;
    if (len == 1)
        return true;
    if (path[len - 1] == '/')
        return false;
    for (const char *s = path + 1;;) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.') ||
            (n == 2 && s[0] == '.' && s[1] == '.'))
            return false;
        if (!e)
            return true;
        s = e + 1;
    }
}

bool tp_dav_path_below(const char *a, const char *b)
{
    size_t n = strlen(b);
    if (n == 1) /* b is "/" */
        return a[1] != '\0';
    return strncmp(a, b, n) == 0 && a[n] == '/';
}

/* The half-open range [lo, hi) of every path strictly below path (plus
 * path itself when it is "/"; queries name ?1 separately anyway). */
static void ds_bounds(const char *path, char *lo, char *hi)
{
    size_t n = strlen(path);
    if (n == 1) {
        strcpy(lo, "/");
        strcpy(hi, "0");
        return;
    }
    memcpy(lo, path, n);
    memcpy(hi, path, n);
    lo[n] = '/';
    hi[n] = '0';
    lo[n + 1] = hi[n + 1] = '\0';
}

static sqlite3_stmt *ds_q(tp_dav_store *st, int which)
{
    return st->q[which];
}

static void ds_done(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

static void ds_text(sqlite3_stmt *s, int i, const char *v)
{
    sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

/* Binds ?1..?3 to path and the bounds of its subtree. */
static void ds_tree(sqlite3_stmt *s, const char *path, char *lo, char *hi)
{
    ds_bounds(path, lo, hi);
    ds_text(s, 1, path);
    ds_text(s, 2, lo);
    ds_text(s, 3, hi);
}

/* Steps a statement that returns no rows, then resets it.  The error is
 * read first: the reset forgets the system errno behind an I/O error. */
static int ds_exec(tp_dav_store *st, sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    rc = rc == SQLITE_DONE ? TP_DAV_OK : ds_err(st, rc);
    ds_done(s);
    return rc;
}

static int ds_begin(tp_dav_store *st)
{
    return ds_exec(st, ds_q(st, Q_BEGIN));
}

static int ds_commit(tp_dav_store *st)
{
    int rc = ds_exec(st, ds_q(st, Q_COMMIT));
    if (rc != TP_DAV_OK && !sqlite3_get_autocommit(st->db))
        ds_exec(st, ds_q(st, Q_ROLLBACK));
    return rc;
}

/* Ends the transaction: commits when rc is TP_DAV_OK, else rolls back and
 * keeps rc. */
static int ds_end(tp_dav_store *st, int rc)
{
    if (rc == TP_DAV_OK)
        return ds_commit(st);
    if (!sqlite3_get_autocommit(st->db))
        ds_exec(st, ds_q(st, Q_ROLLBACK));
    return rc;
}

static int ds_count(tp_dav_store *st, sqlite3_stmt *s, int64_t *n)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *n = sqlite3_column_int64(s, 0);
        rc = TP_DAV_OK;
    } else {
        rc = ds_err(st, rc);
        if (rc == TP_DAV_OK)
            rc = TP_DAV_EIO;
    }
    ds_done(s);
    return rc;
}

static void ds_why(char *why, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void ds_why(char *why, size_t cap, const char *fmt, ...)
{
    if (!why || cap == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
}

/* Creates the schema on a new file, checks the version of an old one. */
static int ds_schema_setup(tp_dav_store *st, char *why, size_t cap)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) !=
        SQLITE_OK)
        goto fail;
    if (sqlite3_exec(st->db, ds_schema, NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT max(version) FROM schema_version",
                           -1, &s, NULL) != SQLITE_OK)
        goto fail;
    int64_t version = 0;
    bool empty = true;
    if (sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_type(s, 0) != SQLITE_NULL) {
        version = sqlite3_column_int64(s, 0);
        empty = false;
    }
    sqlite3_finalize(s);
    if (empty) {
        char ins[64];
        snprintf(ins, sizeof(ins),
                 "INSERT INTO schema_version VALUES(%d)", DS_SCHEMA_VERSION);
        if (sqlite3_exec(st->db, ins, NULL, NULL, &msg) != SQLITE_OK)
            goto fail;
    } else if (version > DS_SCHEMA_VERSION) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        ds_why(why, cap, "schema version %lld is newer than %d",
               (long long)version, DS_SCHEMA_VERSION);
        return -1;
    }
    /* Migrations from older versions go here, inside this transaction. */
    if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    return 0;
fail:
    ds_why(why, cap, "schema: %s", msg ? msg : sqlite3_errmsg(st->db));
    sqlite3_free(msg);
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

tp_dav_store *tp_dav_store_open(const char *db_path, char *why, size_t cap)
{
    if (!db_path || !*db_path) {
        ds_why(why, cap, "no database path");
        return NULL;
    }
    tp_dav_store *st = calloc(1, sizeof(*st));
    if (!st) {
        ds_why(why, cap, "out of memory");
        return NULL;
    }
    st->clock = ds_time;
    /* Our mutex already serialises every use of the connection. */
    int rc = sqlite3_open_v2(db_path, &st->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                 SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                             NULL);
    if (rc != SQLITE_OK) {
        ds_why(why, cap, "%s: %s", db_path,
               st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(st->db, TP_DAV_STORE_BUSY_MS);
    sqlite3_stmt *s = NULL;
    /* WAL lets readers in other connections proceed during a write. */
    if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode=WAL", -1, &s,
                           NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW ||
        strcmp((const char *)sqlite3_column_text(s, 0), "wal") != 0) {
        ds_why(why, cap, "%s: cannot use WAL: %s", db_path,
               sqlite3_errmsg(st->db));
        sqlite3_finalize(s);
        goto fail;
    }
    sqlite3_finalize(s);
    /* FULL: a granted lock is on disk before the client hears of it. */
    if (sqlite3_exec(st->db, "PRAGMA synchronous=FULL", NULL, NULL, NULL) !=
        SQLITE_OK) {
        ds_why(why, cap, "%s: %s", db_path, sqlite3_errmsg(st->db));
        goto fail;
    }
    if (ds_schema_setup(st, why, cap) != 0)
        goto fail;
    for (int i = 0; i < Q_COUNT; i++) {
        if (sqlite3_prepare_v3(st->db, ds_sql[i], -1,
                               SQLITE_PREPARE_PERSISTENT, &st->q[i],
                               NULL) != SQLITE_OK) {
            ds_why(why, cap, "prepare: %s", sqlite3_errmsg(st->db));
            goto fail;
        }
    }
    if (pthread_mutex_init(&st->mu, NULL) != 0) {
        ds_why(why, cap, "mutex");
        goto fail;
    }
    return st;
fail:
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(st->q[i]);
    sqlite3_close(st->db);
    free(st);
    return NULL;
}

void tp_dav_store_close(tp_dav_store *st)
{
    if (!st)
        return;
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(st->q[i]);
    sqlite3_close(st->db);
    pthread_mutex_destroy(&st->mu);
    free(st);
}

void tp_dav_store_set_clock(tp_dav_store *st, tp_dav_clock_fn now, void *ud)
{
    pthread_mutex_lock(&st->mu);
    st->clock = now ? now : ds_time;
    st->clock_ud = now ? ud : NULL;
    pthread_mutex_unlock(&st->mu);
}

/* ---- properties --------------------------------------------------- */

static int ds_name_check(const char *ns, const char *name)
{
    if (!ns || !name || !*name)
        return TP_DAV_EINVAL;
    if (strlen(ns) > TP_DAV_PROP_NAME_MAX ||
        strlen(name) > TP_DAV_PROP_NAME_MAX)
        return TP_DAV_ETOOBIG;
    return TP_DAV_OK;
}

int tp_dav_prop_get(tp_dav_store *st, const char *path, const char *ns,
                    const char *name, void **value, size_t *len)
{
    if (!tp_dav_store_path_ok(path) || !value || !len)
        return TP_DAV_EINVAL;
    int rc = ds_name_check(ns, name);
    if (rc != TP_DAV_OK)
        return rc == TP_DAV_ETOOBIG ? TP_DAV_ENOENT : rc;
    pthread_mutex_lock(&st->mu);
    sqlite3_stmt *s = ds_q(st, Q_PROP_GET);
    ds_text(s, 1, path);
    ds_text(s, 2, ns);
    ds_text(s, 3, name);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(s, 0);
        const void *v = sqlite3_column_blob(s, 0);
        char *copy = malloc(n + 1);
        if (!copy) {
            rc = TP_DAV_ENOMEM;
        } else {
            if (n)
                memcpy(copy, v, n);
            copy[n] = '\0';
            *value = copy;
            *len = n;
            rc = TP_DAV_OK;
        }
    } else {
        rc = step == SQLITE_DONE ? TP_DAV_ENOENT : ds_err(st, step);
    }
    ds_done(s);
    pthread_mutex_unlock(&st->mu);
    return rc;
}

int tp_dav_prop_list(tp_dav_store *st, const char *path, tp_dav_prop_cb cb,
                     void *ud)
{
    if (!tp_dav_store_path_ok(path) || !cb)
        return TP_DAV_EINVAL;
    pthread_mutex_lock(&st->mu);
    sqlite3_stmt *s = ds_q(st, Q_PROP_LIST);
    ds_text(s, 1, path);
    int rc = TP_DAV_OK, step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        tp_dav_prop p = {
            .ns = (const char *)sqlite3_column_text(s, 0),
            .name = (const char *)sqlite3_column_text(s, 1),
            .value = sqlite3_column_blob(s, 2),
            .value_len = (size_t)sqlite3_column_bytes(s, 2),
        };
        if (!p.ns || !p.name) {
            rc = TP_DAV_ENOMEM;
            break;
        }
        if ((rc = cb(ud, &p)) != 0)
            break;
    }
    if (rc == TP_DAV_OK && step != SQLITE_DONE)
        rc = ds_err(st, step);
    ds_done(s);
    pthread_mutex_unlock(&st->mu);
    return rc;
}

tp_dav_patch *tp_dav_patch_begin(tp_dav_store *st, const char *path)
{
    if (!st || !tp_dav_store_path_ok(path)) {
        errno = EINVAL;
        return NULL;
    }
    tp_dav_patch *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->st = st;
    p->path = strdup(path);
    if (!p->path) {
        free(p);
        return NULL;
    }
    return p;
}

static int ds_patch_add(tp_dav_patch *p, const char *ns, const char *name,
                        const void *value, size_t len, bool set)
{
    if (!p)
        return TP_DAV_EINVAL;
    int rc = ds_name_check(ns, name);
    if (rc != TP_DAV_OK)
        return rc;
    if (set && (!value || len > TP_DAV_PROP_VALUE_MAX))
        return value ? TP_DAV_ETOOBIG : TP_DAV_EINVAL;
    if (p->n >= TP_DAV_PATCH_OPS_MAX)
        return TP_DAV_ETOOBIG;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        ds_op *ops = realloc(p->ops, cap * sizeof(*ops));
        if (!ops)
            return TP_DAV_ENOMEM;
        p->ops = ops;
        p->cap = cap;
    }
    ds_op op = { .ns = strdup(ns), .name = strdup(name), .len = len };
    if (set) {
        op.value = malloc(len ? len : 1);
        if (op.value && len)
            memcpy(op.value, value, len);
    }
    if (!op.ns || !op.name || (set && !op.value)) {
        free(op.ns);
        free(op.name);
        free(op.value);
        return TP_DAV_ENOMEM;
    }
    p->ops[p->n++] = op;
    return TP_DAV_OK;
}

int tp_dav_patch_set(tp_dav_patch *p, const char *ns, const char *name,
                     const void *value, size_t len)
{
    return ds_patch_add(p, ns, name, value, len, true);
}

int tp_dav_patch_remove(tp_dav_patch *p, const char *ns, const char *name)
{
    return ds_patch_add(p, ns, name, NULL, 0, false);
}

void tp_dav_patch_rollback(tp_dav_patch *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->ops[i].ns);
        free(p->ops[i].name);
        free(p->ops[i].value);
    }
    free(p->ops);
    free(p->path);
    free(p);
}

int tp_dav_patch_commit(tp_dav_patch *p)
{
    if (!p)
        return TP_DAV_EINVAL;
    tp_dav_store *st = p->st;
    pthread_mutex_lock(&st->mu);
    int rc = ds_begin(st);
    for (size_t i = 0; rc == TP_DAV_OK && i < p->n; i++) {
        const ds_op *op = &p->ops[i];
        sqlite3_stmt *s = ds_q(st, op->value ? Q_PROP_SET : Q_PROP_DEL);
        ds_text(s, 1, p->path);
        ds_text(s, 2, op->ns);
        ds_text(s, 3, op->name);
        if (op->value)
            sqlite3_bind_blob64(s, 4, op->value, op->len, SQLITE_STATIC);
        rc = ds_exec(st, s);
    }
    if (rc == TP_DAV_OK && p->n) {
        int64_t n = 0;
        sqlite3_stmt *s = ds_q(st, Q_PROP_COUNT);
        ds_text(s, 1, p->path);
        rc = ds_count(st, s, &n);
        if (rc == TP_DAV_OK && n > (int64_t)TP_DAV_PROPS_PER_RESOURCE)
            rc = TP_DAV_ENOSPC;
    }
    rc = ds_end(st, rc);
    pthread_mutex_unlock(&st->mu);
    tp_dav_patch_rollback(p);
    return rc;
}

/* ---- tree operations ---------------------------------------------- */

static int ds_tree_args(const char *src, const char *dst)
{
    if (!tp_dav_store_path_ok(src) || !tp_dav_store_path_ok(dst))
        return TP_DAV_EINVAL;
    if (strcmp(src, dst) == 0 || tp_dav_path_below(src, dst) ||
        tp_dav_path_below(dst, src))
        return TP_DAV_EINVAL;
    return TP_DAV_OK;
}

/* What overwriting dst destroys (9.8.4, 9.9.3): its tree's properties and
 * the locks rooted below it.  Locks rooted at dst stay (7.5). */
static int ds_clear_dst(tp_dav_store *st, const char *dst)
{
    char lo[DS_BOUND_SIZE], hi[DS_BOUND_SIZE];
    sqlite3_stmt *s = ds_q(st, Q_TREE_PROP_DEL);
    ds_tree(s, dst, lo, hi);
    int rc = ds_exec(st, s);
    if (rc != TP_DAV_OK)
        return rc;
    s = ds_q(st, Q_BELOW_LOCK_DEL);
    ds_tree(s, dst, lo, hi);
    return ds_exec(st, s);
}

static int ds_relocate(tp_dav_store *st, int which, const char *src,
                       const char *dst, bool members)
{
    char lo[DS_BOUND_SIZE], hi[DS_BOUND_SIZE];
    sqlite3_stmt *s = ds_q(st, which);
    ds_tree(s, src, lo, hi);
    ds_text(s, 4, dst);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)strlen(src) + 1);
    if (which == Q_TREE_PROP_COPY)
        sqlite3_bind_int(s, 6, members);
    return ds_exec(st, s);
}

int tp_dav_store_copy(tp_dav_store *st, const char *src, const char *dst,
                      int depth)
{
    int rc = ds_tree_args(src, dst);
    if (rc != TP_DAV_OK)
        return rc;
    if (depth != 0 && depth != TP_DAV_DEPTH_INFINITY)
        return TP_DAV_EINVAL;
    pthread_mutex_lock(&st->mu);
    rc = ds_begin(st);
    if (rc == TP_DAV_OK)
        rc = ds_clear_dst(st, dst);
    if (rc == TP_DAV_OK)
        rc = ds_relocate(st, Q_TREE_PROP_COPY, src, dst,
                         depth == TP_DAV_DEPTH_INFINITY);
    rc = ds_end(st, rc);
    pthread_mutex_unlock(&st->mu);
    return rc;
}

int tp_dav_store_move(tp_dav_store *st, const char *src, const char *dst)
{
    int rc = ds_tree_args(src, dst);
    if (rc != TP_DAV_OK)
        return rc;
    char lo[DS_BOUND_SIZE], hi[DS_BOUND_SIZE];
    pthread_mutex_lock(&st->mu);
    rc = ds_begin(st);
    if (rc == TP_DAV_OK)
        rc = ds_clear_dst(st, dst);
    if (rc == TP_DAV_OK)
        rc = ds_relocate(st, Q_TREE_PROP_MOVE, src, dst, true);
    if (rc == TP_DAV_OK) {
        sqlite3_stmt *s = ds_q(st, Q_TREE_LOCK_DEL);
        ds_tree(s, src, lo, hi);
        rc = ds_exec(st, s);
    }
    rc = ds_end(st, rc);
    pthread_mutex_unlock(&st->mu);
    return rc;
}

int tp_dav_store_delete(tp_dav_store *st, const char *path)
{
    if (!tp_dav_store_path_ok(path))
        return TP_DAV_EINVAL;
    char lo[DS_BOUND_SIZE], hi[DS_BOUND_SIZE];
    pthread_mutex_lock(&st->mu);
    int rc = ds_begin(st);
    if (rc == TP_DAV_OK) {
        sqlite3_stmt *s = ds_q(st, Q_TREE_PROP_DEL);
        ds_tree(s, path, lo, hi);
        rc = ds_exec(st, s);
    }
    if (rc == TP_DAV_OK) {
        sqlite3_stmt *s = ds_q(st, Q_TREE_LOCK_DEL);
        ds_tree(s, path, lo, hi);
        rc = ds_exec(st, s);
    }
    rc = ds_end(st, rc);
    pthread_mutex_unlock(&st->mu);
    return rc;
}

/* ---- locks -------------------------------------------------------- */

void tp_dav_lock_release(tp_dav_lock *lock)
{
    if (!lock)
        return;
    free(lock->mem_);
    lock->mem_ = NULL;
    lock->root = lock->principal = NULL;
    lock->owner = NULL;
    lock->owner_len = 0;
}

bool tp_dav_lock_applies(const tp_dav_lock *lock, const char *path)
{
    if (!lock || !lock->root || !path)
        return false;
    if (strcmp(lock->root, path) == 0)
        return true;
    return lock->depth == TP_DAV_DEPTH_INFINITY &&
           tp_dav_path_below(path, lock->root);
}

/* A view of the current row; the pointers live until the next step. */
static int ds_lock_row(sqlite3_stmt *s, tp_dav_lock *lk)
{
    const char *tok = (const char *)sqlite3_column_text(s, 0);
    const char *root = (const char *)sqlite3_column_text(s, 1);
    const char *principal = (const char *)sqlite3_column_text(s, 5);
    if (!tok || !root || !principal)
        return TP_DAV_ENOMEM;
    if (strlen(tok) >= TP_DAV_TOKEN_SIZE)
        return TP_DAV_EIO;
    memset(lk, 0, sizeof(*lk));
    strcpy(lk->token, tok);
    lk->root = root;
    lk->depth = sqlite3_column_int(s, 2);
    lk->scope = (tp_dav_scope)sqlite3_column_int(s, 3);
    lk->owner = sqlite3_column_blob(s, 4);
    lk->owner_len = (size_t)sqlite3_column_bytes(s, 4);
    lk->principal = principal;
    lk->timeout = sqlite3_column_int64(s, 6);
    lk->expires = sqlite3_column_type(s, 7) == SQLITE_NULL
                      ? 0 : sqlite3_column_int64(s, 7);
    return TP_DAV_OK;
}

/* A copy of a row view that outlives the statement, in one block. */
static int ds_lock_keep(const tp_dav_lock *v, tp_dav_lock *out)
{
    size_t rl = strlen(v->root) + 1, pl = strlen(v->principal) + 1;
    char *mem = malloc(rl + pl + v->owner_len + 1);
    if (!mem)
        return TP_DAV_ENOMEM;
    *out = *v;
    memcpy(mem, v->root, rl);
    memcpy(mem + rl, v->principal, pl);
    if (v->owner_len)
        memcpy(mem + rl + pl, v->owner, v->owner_len);
    mem[rl + pl + v->owner_len] = '\0';
    out->root = mem;
    out->principal = mem + rl;
    out->owner = mem + rl + pl;
    out->mem_ = mem;
    return TP_DAV_OK;
}

/* Which rows of a lock query count: at an ancestor only depth-infinity
 * locks apply (6.1); against a shared request only exclusive locks
 * conflict (6.2). */
typedef struct ds_filter {
    bool infinite_only;
    bool exclusive_only;
} ds_filter;

static bool ds_keep(const tp_dav_lock *lk, const ds_filter *f)
{
    if (f && f->infinite_only && lk->depth != TP_DAV_DEPTH_INFINITY)
        return false;
    if (f && f->exclusive_only && lk->scope != TP_DAV_SCOPE_EXCLUSIVE)
        return false;
    return true;
}

/* Calls cb for each live row of a prepared lock query that f keeps. */
static int ds_lock_walk(tp_dav_store *st, sqlite3_stmt *s, int64_t now,
                        const ds_filter *f, tp_dav_lock_cb cb, void *ud)
{
    sqlite3_bind_int64(s, 9, now);
    int rc = TP_DAV_OK, step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        tp_dav_lock lk;
        if ((rc = ds_lock_row(s, &lk)) != TP_DAV_OK)
            break;
        if (!ds_keep(&lk, f))
            continue;
        if ((rc = cb(ud, &lk)) != 0)
            break;
    }
    if (rc == TP_DAV_OK && step != SQLITE_DONE)
        rc = ds_err(st, step);
    ds_done(s);
    return rc;
}

/* The locks that apply to path: each ancestor's depth-infinity locks from
 * "/" down, then the locks rooted at path.  Ancestors are looked up one
 * by one (a path has few), each an exact match on the root index. */
static int ds_covering(tp_dav_store *st, const char *path, int64_t now,
                       bool exclusive_only, tp_dav_lock_cb cb, void *ud)
{
    char anc[TP_DAV_STORE_PATH_MAX];
    size_t n = strlen(path);
    sqlite3_stmt *s = ds_q(st, Q_LOCK_AT);
    ds_filter above = { .infinite_only = true,
                        .exclusive_only = exclusive_only };
    for (size_t i = 0; i < n; i++) {
        if (path[i] != '/')
            continue;
        size_t len = i ? i : 1; /* the first ancestor is "/" */
        if (len == n)
            break; /* path is "/" itself */
        memcpy(anc, path, len);
        anc[len] = '\0';
        ds_text(s, 1, anc);
        int rc = ds_lock_walk(st, s, now, &above, cb, ud);
        if (rc != 0)
            return rc;
    }
    ds_filter at = { .exclusive_only = exclusive_only };
    ds_text(s, 1, path);
    return ds_lock_walk(st, s, now, &at, cb, ud);
}

static int ds_below_walk(tp_dav_store *st, const char *path, int64_t now,
                         bool exclusive_only, tp_dav_lock_cb cb, void *ud)
{
    char lo[DS_BOUND_SIZE], hi[DS_BOUND_SIZE];
    sqlite3_stmt *s = ds_q(st, Q_LOCK_BELOW);
    ds_tree(s, path, lo, hi);
    ds_filter f = { .exclusive_only = exclusive_only };
    return ds_lock_walk(st, s, now, &f, cb, ud);
}

int tp_dav_locks_covering(tp_dav_store *st, const char *path,
                          tp_dav_lock_cb cb, void *ud)
{
    if (!tp_dav_store_path_ok(path) || !cb)
        return TP_DAV_EINVAL;
    pthread_mutex_lock(&st->mu);
    int rc = ds_covering(st, path, ds_now(st), false, cb, ud);
    pthread_mutex_unlock(&st->mu);
    return rc;
}

int tp_dav_locks_below(tp_dav_store *st, const char *path, tp_dav_lock_cb cb,
                       void *ud)
{
    if (!tp_dav_store_path_ok(path) || !cb)
        return TP_DAV_EINVAL;
    pthread_mutex_lock(&st->mu);
    int rc = ds_below_walk(st, path, ds_now(st), false, cb, ud);
    pthread_mutex_unlock(&st->mu);
    return rc;
}

/* A version 4 UUID (RFC 4122 4.4) as a urn:uuid: URI (RFC 4918 6.5).
 * Tokens must be unique across time (6.5), so a failing random source
 * fails the LOCK instead of falling back to something guessable. */
static int ds_token(char out[TP_DAV_TOKEN_SIZE])
{
    unsigned char b[16];
    size_t got = 0;
    while (got < sizeof(b)) {
        ssize_t r = getrandom(b + got, sizeof(b) - got, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return TP_DAV_EIO;
        }
        got += (size_t)r;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, TP_DAV_TOKEN_SIZE,
             "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
             b[10], b[11], b[12], b[13], b[14], b[15]);
    return TP_DAV_OK;
}

static bool ds_timeout_ok(int64_t timeout)
{
    return timeout == TP_DAV_TIMEOUT_INFINITE ||
           (timeout > 0 && timeout <= TP_DAV_LOCK_TIMEOUT_MAX);
}

static int64_t ds_expiry(int64_t now, int64_t timeout)
{
    return timeout == TP_DAV_TIMEOUT_INFINITE ? 0 : now + timeout;
}

typedef struct ds_conflicts {
    unsigned n;
    tp_dav_lock_cb cb;
    void *ud;
    bool quiet; /* the caller's callback asked to stop */
} ds_conflicts;

static int ds_conflict_cb(void *ud, const tp_dav_lock *lk)
{
    ds_conflicts *c = ud;
    c->n++;
    if (c->cb && !c->quiet && c->cb(c->ud, lk) != 0)
        c->quiet = true;
    return 0;
}

int tp_dav_lock_create(tp_dav_store *st, tp_dav_lock *lock,
                       tp_dav_lock_cb on_conflict, void *ud)
{
    if (!lock || !tp_dav_store_path_ok(lock->root) ||
        (lock->depth != 0 && lock->depth != TP_DAV_DEPTH_INFINITY) ||
        (lock->scope != TP_DAV_SCOPE_EXCLUSIVE &&
         lock->scope != TP_DAV_SCOPE_SHARED) ||
        !ds_timeout_ok(lock->timeout) || (lock->owner_len && !lock->owner))
        return TP_DAV_EINVAL;
    const char *principal = lock->principal ? lock->principal : "";
    if (lock->owner_len > TP_DAV_LOCK_OWNER_MAX ||
        strlen(principal) > TP_DAV_PRINCIPAL_MAX)
        return TP_DAV_ETOOBIG;
    char token[TP_DAV_TOKEN_SIZE];
    int rc = ds_token(token);
    if (rc != TP_DAV_OK)
        return rc;

    pthread_mutex_lock(&st->mu);
    int64_t now = ds_now(st);
    rc = ds_begin(st);
    if (rc == TP_DAV_OK) {
        sqlite3_stmt *s = ds_q(st, Q_LOCK_PURGE);
        sqlite3_bind_int64(s, 9, now);
        rc = ds_exec(st, s);
    }
    if (rc == TP_DAV_OK) {
        int64_t n = 0;
        rc = ds_count(st, ds_q(st, Q_LOCK_COUNT), &n);
        if (rc == TP_DAV_OK && n >= (int64_t)TP_DAV_LOCKS_MAX)
            rc = TP_DAV_ENOSPC;
    }
    /* 6.2: a shared lock only conflicts with exclusive ones; an exclusive
     * one with any.  The new lock meets those applying to its root and,
     * at depth infinity, those rooted below it. */
    ds_conflicts c = { .cb = on_conflict, .ud = ud };
    bool excl_only = lock->scope == TP_DAV_SCOPE_SHARED;
    if (rc == TP_DAV_OK)
        rc = ds_covering(st, lock->root, now, excl_only, ds_conflict_cb, &c);
    if (rc == TP_DAV_OK && lock->depth == TP_DAV_DEPTH_INFINITY)
        rc = ds_below_walk(st, lock->root, now, excl_only, ds_conflict_cb,
                           &c);
    if (rc == TP_DAV_OK && c.n)
        rc = TP_DAV_ELOCKED;
    int64_t expires = ds_expiry(now, lock->timeout);
    if (rc == TP_DAV_OK) {
        sqlite3_stmt *s = ds_q(st, Q_LOCK_INSERT);
        ds_text(s, 1, token);
        ds_text(s, 2, lock->root);
        sqlite3_bind_int(s, 3, lock->depth);
        sqlite3_bind_int(s, 4, (int)lock->scope);
        sqlite3_bind_blob64(s, 5, lock->owner_len ? lock->owner : "",
                            lock->owner_len, SQLITE_STATIC);
        ds_text(s, 6, principal);
        sqlite3_bind_int64(s, 7, lock->timeout);
        if (expires)
            sqlite3_bind_int64(s, 8, expires);
        else
            sqlite3_bind_null(s, 8);
        rc = ds_exec(st, s);
    }
    rc = ds_end(st, rc);
    pthread_mutex_unlock(&st->mu);
    if (rc == TP_DAV_OK) {
        memcpy(lock->token, token, sizeof(token));
        lock->expires = expires;
    }
    return rc;
}

static int ds_keep_cb(void *ud, const tp_dav_lock *lk)
{
    int rc = ds_lock_keep(lk, ud);
    return rc == TP_DAV_OK ? 1 : rc;
}

/* The live lock with this token, copied into *out: TP_DAV_OK or
 * TP_DAV_ENOENT or an error.  Called with the mutex held. */
static int ds_by_token(tp_dav_store *st, const char *token, int64_t now,
                       tp_dav_lock *out)
{
    sqlite3_stmt *s = ds_q(st, Q_LOCK_TOKEN);
    ds_text(s, 1, token);
    int rc = ds_lock_walk(st, s, now, NULL, ds_keep_cb, out);
    return rc == 1 ? TP_DAV_OK : rc == 0 ? TP_DAV_ENOENT : rc;
}

int tp_dav_lock_get(tp_dav_store *st, const char *token, tp_dav_lock *out)
{
    if (!token || !out)
        return TP_DAV_EINVAL;
    pthread_mutex_lock(&st->mu);
    int rc = ds_by_token(st, token, ds_now(st), out);
    pthread_mutex_unlock(&st->mu);
    return rc;
}

int tp_dav_lock_refresh(tp_dav_store *st, const char *token,
                        const char *path, int64_t timeout, tp_dav_lock *out)
{
    if (!token || !tp_dav_store_path_ok(path) || !ds_timeout_ok(timeout))
        return TP_DAV_EINVAL;
    tp_dav_lock lk = { 0 };
    pthread_mutex_lock(&st->mu);
    int64_t now = ds_now(st);
    int rc = ds_begin(st);
    if (rc == TP_DAV_OK)
        rc = ds_by_token(st, token, now, &lk);
    if (rc == TP_DAV_OK && !tp_dav_lock_applies(&lk, path))
        rc = TP_DAV_EMISMATCH;
    if (rc == TP_DAV_OK) {
        lk.timeout = timeout;
        lk.expires = ds_expiry(now, timeout);
        sqlite3_stmt *s = ds_q(st, Q_LOCK_REFRESH);
        ds_text(s, 1, token);
        sqlite3_bind_int64(s, 2, timeout);
        if (lk.expires)
            sqlite3_bind_int64(s, 3, lk.expires);
        else
            sqlite3_bind_null(s, 3);
        rc = ds_exec(st, s);
    }
    rc = ds_end(st, rc);
    pthread_mutex_unlock(&st->mu);
    if (rc == TP_DAV_OK && out)
        *out = lk;
    else
        tp_dav_lock_release(&lk);
    return rc;
}

int tp_dav_lock_remove(tp_dav_store *st, const char *token, const char *path)
{
    if (!token || !tp_dav_store_path_ok(path))
        return TP_DAV_EINVAL;
    tp_dav_lock lk = { 0 };
    pthread_mutex_lock(&st->mu);
    int rc = ds_begin(st);
    if (rc == TP_DAV_OK)
        rc = ds_by_token(st, token, ds_now(st), &lk);
    if (rc == TP_DAV_OK && !tp_dav_lock_applies(&lk, path))
        rc = TP_DAV_EMISMATCH;
    if (rc == TP_DAV_OK) {
        sqlite3_stmt *s = ds_q(st, Q_LOCK_DELETE);
        ds_text(s, 1, token);
        rc = ds_exec(st, s);
    }
    rc = ds_end(st, rc);
    pthread_mutex_unlock(&st->mu);
    tp_dav_lock_release(&lk);
    return rc;
}
