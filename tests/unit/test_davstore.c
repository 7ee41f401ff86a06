/*
 * test_davstore.c - the WebDAV state store: dead properties change all or
 * nothing (RFC 4918 9.2), follow COPY, MOVE and DELETE exactly (9.6, 9.8,
 * 9.9) whatever bytes the names hold, and write locks conflict, refresh,
 * expire and survive a restart as RFC 4918 6, 7, 9.10 and 9.11 say.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "davstore.h"

static char dir[64], db[128];
static int64_t fake_now;

static int64_t fake_clock(void *ud)
{
    (void)ud;
    return fake_now;
}

static void setup(void)
{
    strcpy(dir, "/tmp/davstore-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(db, sizeof(db), "%s/dav.db", dir);
    fake_now = 1000;
}

static void teardown(void)
{
    char p[160];
    const char *sfx[] = { "", "-wal", "-shm", "-journal" };
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof(p), "%s%s", db, sfx[i]);
        unlink(p);
    }
    rmdir(dir);
}

TestSuite(davstore, .init = setup, .fini = teardown);

static tp_dav_store *open_store(void)
{
    char why[256] = "";
    tp_dav_store *st = tp_dav_store_open(db, why, sizeof(why));
    cr_assert_not_null(st, "open: %s", why);
    tp_dav_store_set_clock(st, fake_clock, NULL);
    return st;
}

static int put(tp_dav_store *st, const char *path, const char *name,
               const char *value)
{
    tp_dav_patch *p = tp_dav_patch_begin(st, path);
    cr_assert_not_null(p);
    cr_assert_eq(tp_dav_patch_set(p, "urn:x", name, value, strlen(value)),
                 TP_DAV_OK);
    return tp_dav_patch_commit(p);
}

/* The value of urn:x <name> on path, or NULL (static buffer). */
static const char *get(tp_dav_store *st, const char *path, const char *name)
{
    static char buf[256];
    void *v = NULL;
    size_t n = 0;
    int rc = tp_dav_prop_get(st, path, "urn:x", name, &v, &n);
    if (rc == TP_DAV_ENOENT)
        return NULL;
    cr_assert_eq(rc, TP_DAV_OK, "get %s: %s", path, tp_dav_rc_str(rc));
    cr_assert_lt(n, sizeof(buf));
    memcpy(buf, v, n);
    buf[n] = '\0';
    free(v);
    return buf;
}

typedef struct names {
    char all[1024];
    int n;
} names;

static int collect_prop(void *ud, const tp_dav_prop *p)
{
    names *c = ud;
    size_t len = strlen(c->all);
    snprintf(c->all + len, sizeof(c->all) - len, "%s{%s}%s=%.*s",
             c->n ? " " : "", p->ns, p->name, (int)p->value_len,
             (const char *)p->value);
    c->n++;
    return 0;
}

Test(davstore, properties_set_get_list_remove)
{
    tp_dav_store *st = open_store();
    cr_assert_null(get(st, "/doc", "author"), "nothing before a PROPPATCH");

    tp_dav_patch *p = tp_dav_patch_begin(st, "/doc");
    cr_assert_eq(tp_dav_patch_set(p, "urn:x", "author", "<a>Ann</a>", 10), 0);
    cr_assert_eq(tp_dav_patch_set(p, "", "plain", "<plain/>", 8), 0,
                 "a property in no namespace is a property too");
    cr_assert_eq(tp_dav_patch_set(p, "urn:a", "author", "<b/>", 4), 0);
    cr_assert_eq(tp_dav_patch_commit(p), TP_DAV_OK);
    cr_assert_str_eq(get(st, "/doc", "author"), "<a>Ann</a>");

    names c = { .n = 0 };
    cr_assert_eq(tp_dav_prop_list(st, "/doc", collect_prop, &c), 0);
    cr_assert_eq(c.n, 3, "(ns, name) pairs are distinct names (4.5)");
    cr_assert_str_eq(c.all, "{}plain=<plain/> {urn:a}author=<b/> "
                            "{urn:x}author=<a>Ann</a>");

    /* replacing keeps one value; removing twice is fine (9.2) */
    cr_assert_eq(put(st, "/doc", "author", "<a>Bob</a>"), 0);
    cr_assert_str_eq(get(st, "/doc", "author"), "<a>Bob</a>");
    p = tp_dav_patch_begin(st, "/doc");
    cr_assert_eq(tp_dav_patch_remove(p, "urn:x", "author"), 0);
    cr_assert_eq(tp_dav_patch_remove(p, "urn:x", "never-set"), 0);
    cr_assert_eq(tp_dav_patch_commit(p), TP_DAV_OK);
    cr_assert_null(get(st, "/doc", "author"));
    cr_assert_null(get(st, "/other", "author"), "props belong to one path");
    tp_dav_store_close(st);
}

static int stop_at_first(void *ud, const tp_dav_prop *p)
{
    (void)p;
    ++*(int *)ud;
    return 7;
}

Test(davstore, list_stops_when_the_callback_says_so)
{
    tp_dav_store *st = open_store();
    put(st, "/f", "a", "1");
    put(st, "/f", "b", "2");
    int calls = 0;
    cr_assert_eq(tp_dav_prop_list(st, "/f", stop_at_first, &calls), 7);
    cr_assert_eq(calls, 1);
    tp_dav_store_close(st);
}

Test(davstore, instructions_apply_in_document_order)
{
    tp_dav_store *st = open_store();
    tp_dav_patch *p = tp_dav_patch_begin(st, "/f");
    tp_dav_patch_set(p, "urn:x", "a", "1", 1);
    tp_dav_patch_remove(p, "urn:x", "a");
    tp_dav_patch_set(p, "urn:x", "b", "1", 1);
    tp_dav_patch_set(p, "urn:x", "b", "2", 1);
    cr_assert_eq(tp_dav_patch_commit(p), 0);
    cr_assert_null(get(st, "/f", "a"), "set then remove: removed (9.2)");
    cr_assert_str_eq(get(st, "/f", "b"), "2");
    tp_dav_store_close(st);
}

Test(davstore, proppatch_rolled_back_changes_nothing)
{
    tp_dav_store *st = open_store();
    put(st, "/f", "keep", "old");
    tp_dav_patch *p = tp_dav_patch_begin(st, "/f");
    tp_dav_patch_set(p, "urn:x", "keep", "new", 3);
    tp_dav_patch_set(p, "urn:x", "added", "x", 1);
    tp_dav_patch_remove(p, "urn:x", "keep");
    tp_dav_patch_rollback(p);
    cr_assert_str_eq(get(st, "/f", "keep"), "old");
    cr_assert_null(get(st, "/f", "added"));
    tp_dav_store_close(st);
}

Test(davstore, proppatch_failing_at_commit_changes_nothing)
{
    tp_dav_store *st = open_store();
    put(st, "/f", "keep", "old");
    tp_dav_patch *p = tp_dav_patch_begin(st, "/f");
    tp_dav_patch_set(p, "urn:x", "keep", "new", 3);
    char name[32];
    for (unsigned i = 0; i < TP_DAV_PROPS_PER_RESOURCE; i++) {
        snprintf(name, sizeof(name), "p%u", i);
        cr_assert_eq(tp_dav_patch_set(p, "urn:x", name, "v", 1), 0);
    }
    cr_assert_eq(tp_dav_patch_commit(p), TP_DAV_ENOSPC,
                 "one property too many: 507 (9.2.1)");
    cr_assert_str_eq(get(st, "/f", "keep"), "old", "all or nothing (9.2)");
    cr_assert_null(get(st, "/f", "p0"));
    tp_dav_store_close(st);
}

Test(davstore, oversized_values_and_names_are_refused_before_commit)
{
    tp_dav_store *st = open_store();
    size_t big = TP_DAV_PROP_VALUE_MAX + 1;
    char *v = calloc(1, big);
    char name[TP_DAV_PROP_NAME_MAX + 2];
    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    tp_dav_patch *p = tp_dav_patch_begin(st, "/f");
    cr_assert_eq(tp_dav_patch_set(p, "urn:x", "v", v, big), TP_DAV_ETOOBIG);
    cr_assert_eq(tp_dav_patch_set(p, "urn:x", "v", v, big - 1), TP_DAV_OK);
    cr_assert_eq(tp_dav_patch_set(p, "urn:x", name, "1", 1), TP_DAV_ETOOBIG);
    cr_assert_eq(tp_dav_patch_set(p, "urn:x", "", "1", 1), TP_DAV_EINVAL);
    cr_assert_eq(tp_dav_patch_commit(p), TP_DAV_OK);
    void *got;
    size_t n;
    cr_assert_eq(tp_dav_prop_get(st, "/f", "urn:x", "v", &got, &n), 0);
    cr_assert_eq(n, big - 1, "binary values keep their length");
    free(got);
    free(v);
    tp_dav_store_close(st);
}

Test(davstore, paths_follow_one_convention)
{
    const char *bad[] = { "", "a", "/a/", "//", "/a//b", "/./a", "/a/..",
                          "/a/../b", "/." };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
        cr_assert_not(tp_dav_store_path_ok(bad[i]), "%s", bad[i]);
    const char *good[] = { "/", "/a", "/a/b.txt", "/a/..b", "/%_[", "/é" };
    for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
        cr_assert(tp_dav_store_path_ok(good[i]), "%s", good[i]);
    tp_dav_store *st = open_store();
    void *v;
    size_t n;
    cr_assert_eq(tp_dav_prop_get(st, "/a/", "urn:x", "a", &v, &n),
                 TP_DAV_EINVAL);
    cr_assert_null(tp_dav_patch_begin(st, "docs"));
    tp_dav_store_close(st);
}

Test(davstore, properties_survive_a_restart)
{
    tp_dav_store *st = open_store();
    put(st, "/f", "a", "<a>1</a>");
    tp_dav_store_close(st);
    st = open_store();
    cr_assert_str_eq(get(st, "/f", "a"), "<a>1</a>");
    tp_dav_store_close(st);
}

Test(davstore, a_newer_schema_is_refused)
{
    tp_dav_store_close(open_store());
    sqlite3 *raw;
    cr_assert_eq(sqlite3_open(db, &raw), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(raw, "UPDATE schema_version SET version = 99",
                              NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    char why[128] = "";
    cr_assert_null(tp_dav_store_open(db, why, sizeof(why)));
    cr_assert(strstr(why, "99"), "why: %s", why);
}

/* A tree whose names hold LIKE and GLOB metacharacters, with neighbours
 * that sort right next to "/a" ('.' < '/' < '0'). */
static const char *const tree[] = {
    "/a", "/a/x%y", "/a/_", "/a/[b]", "/a/sub", "/a/sub/deep", "/a/é",
};
static const char *const neighbours[] = {
    "/a2", "/a2/x%y", "/a_", "/a%", "/a.b", "/a0", "/", "/b",
};

static void plant(tp_dav_store *st)
{
    for (size_t i = 0; i < sizeof(tree) / sizeof(*tree); i++)
        cr_assert_eq(put(st, tree[i], "p", tree[i]), 0);
    for (size_t i = 0; i < sizeof(neighbours) / sizeof(*neighbours); i++)
        cr_assert_eq(put(st, neighbours[i], "p", neighbours[i]), 0);
}

static void neighbours_untouched(tp_dav_store *st)
{
    for (size_t i = 0; i < sizeof(neighbours) / sizeof(*neighbours); i++) {
        const char *v = get(st, neighbours[i], "p");
        cr_assert_not_null(v, "%s lost its property", neighbours[i]);
        cr_assert_str_eq(v, neighbours[i]);
    }
}

static char *at(const char *prefix, const char *path)
{
    static char buf[128];
    snprintf(buf, sizeof(buf), "%s%s", prefix, path + 2);
    return buf;
}

Test(davstore, copy_depth_infinity_copies_the_whole_tree)
{
    tp_dav_store *st = open_store();
    plant(st);
    put(st, "/c/stale", "p", "old member of the destination");
    put(st, "/c", "q", "old property of the destination");
    cr_assert_eq(tp_dav_store_copy(st, "/a", "/c", TP_DAV_DEPTH_INFINITY), 0);
    for (size_t i = 0; i < sizeof(tree) / sizeof(*tree); i++) {
        cr_assert_str_eq(get(st, at("/c", tree[i]), "p"), tree[i],
                         "%s copied", tree[i]);
        cr_assert_str_eq(get(st, tree[i], "p"), tree[i], "source kept");
    }
    cr_assert_null(get(st, "/c/stale", "p"), "overwrite deletes (9.8.4)");
    cr_assert_null(get(st, "/c", "q"));
    cr_assert_null(get(st, "/c2", "p"));
    neighbours_untouched(st);
    tp_dav_store_close(st);
}

Test(davstore, copy_depth_zero_copies_only_the_collection)
{
    tp_dav_store *st = open_store();
    plant(st);
    cr_assert_eq(tp_dav_store_copy(st, "/a", "/c", 0), 0);
    cr_assert_str_eq(get(st, "/c", "p"), "/a");
    cr_assert_null(get(st, "/c/sub", "p"), "members not copied (9.8.3)");
    cr_assert_null(get(st, "/c/x%y", "p"));
    tp_dav_store_close(st);
}

Test(davstore, move_takes_the_properties_along)
{
    tp_dav_store *st = open_store();
    plant(st);
    cr_assert_eq(tp_dav_store_move(st, "/a", "/b/m"), 0);
    for (size_t i = 0; i < sizeof(tree) / sizeof(*tree); i++) {
        cr_assert_str_eq(get(st, at("/b/m", tree[i]), "p"), tree[i]);
        cr_assert_null(get(st, tree[i], "p"), "%s left behind", tree[i]);
    }
    neighbours_untouched(st);
    tp_dav_store_close(st);
}

Test(davstore, delete_drops_the_tree_and_nothing_else)
{
    tp_dav_store *st = open_store();
    plant(st);
    cr_assert_eq(tp_dav_store_delete(st, "/a"), 0);
    for (size_t i = 0; i < sizeof(tree) / sizeof(*tree); i++)
        cr_assert_null(get(st, tree[i], "p"), "%s", tree[i]);
    neighbours_untouched(st);
    cr_assert_eq(tp_dav_store_delete(st, "/"), 0);
    cr_assert_null(get(st, "/a2/x%y", "p"), "deleting / deletes all");
    tp_dav_store_close(st);
}

Test(davstore, overlapping_source_and_destination_are_refused)
{
    tp_dav_store *st = open_store();
    plant(st);
    cr_assert_eq(tp_dav_store_copy(st, "/a", "/a/sub/c", -1), TP_DAV_EINVAL);
    cr_assert_eq(tp_dav_store_copy(st, "/a", "/a", -1), TP_DAV_EINVAL);
    cr_assert_eq(tp_dav_store_move(st, "/a/sub", "/a"), TP_DAV_EINVAL);
    cr_assert_eq(tp_dav_store_move(st, "/a", "/"), TP_DAV_EINVAL);
    cr_assert_eq(tp_dav_store_copy(st, "/a", "/c", 2), TP_DAV_EINVAL);
    cr_assert_str_eq(get(st, "/a/sub/deep", "p"), "/a/sub/deep");
    /* "/a2" is no member of "/a": this is a move, not an overlap */
    cr_assert_eq(tp_dav_store_move(st, "/a", "/a2/in"), 0);
    cr_assert_str_eq(get(st, "/a2/in/sub/deep", "p"), "/a/sub/deep");
    tp_dav_store_close(st);
}

/* ---- locks ---- */

static int lock(tp_dav_store *st, const char *root, int depth,
                tp_dav_scope scope, int64_t timeout, char *token)
{
    tp_dav_lock lk = { .root = root, .depth = depth, .scope = scope,
                       .owner = "<D:href>me</D:href>", .owner_len = 19,
                       .timeout = timeout };
    int rc = tp_dav_lock_create(st, &lk, NULL, NULL);
    if (rc == TP_DAV_OK && token)
        strcpy(token, lk.token);
    return rc;
}

#define EXCL TP_DAV_SCOPE_EXCLUSIVE
#define SHARED TP_DAV_SCOPE_SHARED
#define INF TP_DAV_DEPTH_INFINITY

Test(davstore, tokens_are_unique_urn_uuids)
{
    tp_dav_store *st = open_store();
    char t1[TP_DAV_TOKEN_SIZE], t2[TP_DAV_TOKEN_SIZE];
    cr_assert_eq(lock(st, "/x", 0, SHARED, 60, t1), 0);
    cr_assert_eq(lock(st, "/x", 0, SHARED, 60, t2), 0);
    cr_assert_str_neq(t1, t2, "unique across time (6.5)");
    cr_assert_eq(strlen(t1), 45);
    cr_assert_eq(strncmp(t1, "urn:uuid:", 9), 0);
    cr_assert_eq(t1[9 + 14], '4', "version 4 (RFC 4122 4.4)");
    cr_assert(strchr("89ab", t1[9 + 19]), "RFC 4122 variant");
    tp_dav_store_close(st);
}

Test(davstore, exclusive_and_shared_conflicts)
{
    tp_dav_store *st = open_store();
    cr_assert_eq(lock(st, "/x", 0, EXCL, 60, NULL), 0);
    cr_assert_eq(lock(st, "/x", 0, EXCL, 60, NULL), TP_DAV_ELOCKED);
    cr_assert_eq(lock(st, "/x", 0, SHARED, 60, NULL), TP_DAV_ELOCKED);

    cr_assert_eq(lock(st, "/s", 0, SHARED, 60, NULL), 0);
    cr_assert_eq(lock(st, "/s", 0, SHARED, 60, NULL), 0,
                 "shared locks coexist (6.2)");
    cr_assert_eq(lock(st, "/s", 0, EXCL, 60, NULL), TP_DAV_ELOCKED);
    tp_dav_store_close(st);
}

Test(davstore, depth_infinity_covers_descendants)
{
    tp_dav_store *st = open_store();
    cr_assert_eq(lock(st, "/d", INF, EXCL, 60, NULL), 0);
    cr_assert_eq(lock(st, "/d/e/f", 0, EXCL, 60, NULL), TP_DAV_ELOCKED);
    cr_assert_eq(lock(st, "/d/e", INF, SHARED, 60, NULL), TP_DAV_ELOCKED);
    cr_assert_eq(lock(st, "/d2", 0, EXCL, 60, NULL), 0, "a sibling is free");
    cr_assert_eq(lock(st, "/d0", 0, EXCL, 60, NULL), 0);
    cr_assert_eq(lock(st, "/", 0, EXCL, 60, NULL), 0,
                 "a depth-0 lock on the parent does not reach /d");

    cr_assert_eq(lock(st, "/z", 0, EXCL, 60, NULL), 0);
    cr_assert_eq(lock(st, "/z/child", 0, EXCL, 60, NULL), 0,
                 "depth 0 does not cover members");

    cr_assert_eq(lock(st, "/q", INF, SHARED, 60, NULL), 0);
    cr_assert_eq(lock(st, "/q/c", 0, SHARED, 60, NULL), 0);
    cr_assert_eq(lock(st, "/q/c", 0, EXCL, 60, NULL), TP_DAV_ELOCKED);
    tp_dav_store_close(st);
}

typedef struct seen {
    int n;
    char roots[512];
} seen;

static int collect_lock(void *ud, const tp_dav_lock *lk)
{
    seen *s = ud;
    size_t len = strlen(s->roots);
    snprintf(s->roots + len, sizeof(s->roots) - len, "%s%s",
             s->n ? " " : "", lk->root);
    s->n++;
    return 0;
}

Test(davstore, a_locked_member_blocks_a_depth_infinity_lock_on_its_parent)
{
    tp_dav_store *st = open_store();
    cr_assert_eq(lock(st, "/p/c", 0, EXCL, 60, NULL), 0);
    tp_dav_lock lk = { .root = "/p", .depth = INF, .scope = EXCL,
                       .timeout = 60 };
    seen s = { 0 };
    cr_assert_eq(tp_dav_lock_create(st, &lk, collect_lock, &s),
                 TP_DAV_ELOCKED);
    cr_assert_str_eq(s.roots, "/p/c", "the conflict is named (16)");
    lk.scope = SHARED;
    cr_assert_eq(tp_dav_lock_create(st, &lk, NULL, NULL), TP_DAV_ELOCKED);
    cr_assert_eq(lock(st, "/p", 0, EXCL, 60, NULL), 0,
                 "depth 0 on the parent does not cover /p/c");
    cr_assert_eq(lock(st, "/", INF, EXCL, 60, NULL), TP_DAV_ELOCKED);
    tp_dav_store_close(st);
}

Test(davstore, covering_and_below)
{
    tp_dav_store *st = open_store();
    lock(st, "/", INF, SHARED, 60, NULL);
    lock(st, "/a", 0, SHARED, 60, NULL);       /* depth 0: not on /a/b */
    lock(st, "/a/b", INF, SHARED, 60, NULL);
    lock(st, "/a/b/c", 0, SHARED, 60, NULL);
    lock(st, "/a/b/c/d", 0, SHARED, 60, NULL);
    lock(st, "/a2", 0, SHARED, 60, NULL);
    seen s = { 0 };
    cr_assert_eq(tp_dav_locks_covering(st, "/a/b/c", collect_lock, &s), 0);
    cr_assert_str_eq(s.roots, "/ /a/b /a/b/c");
    memset(&s, 0, sizeof(s));
    cr_assert_eq(tp_dav_locks_below(st, "/a", collect_lock, &s), 0);
    cr_assert_str_eq(s.roots, "/a/b /a/b/c /a/b/c/d", "not /a2, not /a");
    memset(&s, 0, sizeof(s));
    cr_assert_eq(tp_dav_locks_covering(st, "/", collect_lock, &s), 0);
    cr_assert_str_eq(s.roots, "/");
    tp_dav_store_close(st);
}

Test(davstore, refresh_restarts_the_timeout)
{
    tp_dav_store *st = open_store();
    char t[TP_DAV_TOKEN_SIZE];
    cr_assert_eq(lock(st, "/r", INF, EXCL, 100, t), 0);
    fake_now = 1050;
    tp_dav_lock out;
    cr_assert_eq(tp_dav_lock_refresh(st, t, "/r/member", 100, &out), 0,
                 "a refresh may name any resource in the lock's scope");
    cr_assert_eq(out.expires, 1150);
    cr_assert_str_eq(out.root, "/r");
    cr_assert_eq(out.owner_len, 19);
    cr_assert_eq(memcmp(out.owner, "<D:href>me</D:href>", 19), 0);
    tp_dav_lock_release(&out);
    fake_now = 1120;
    cr_assert_eq(tp_dav_lock_get(st, t, &out), 0, "alive past the old end");
    tp_dav_lock_release(&out);
    cr_assert_eq(tp_dav_lock_refresh(st, t, "/other", 100, NULL),
                 TP_DAV_EMISMATCH);
    cr_assert_eq(tp_dav_lock_refresh(st, "urn:uuid:nope", "/r", 100, NULL),
                 TP_DAV_ENOENT);
    fake_now = 1150;
    cr_assert_eq(tp_dav_lock_refresh(st, t, "/r", 100, NULL), TP_DAV_ENOENT,
                 "an expired lock cannot be refreshed");
    tp_dav_store_close(st);
}

Test(davstore, unlock_needs_a_token_that_applies)
{
    tp_dav_store *st = open_store();
    char t1[TP_DAV_TOKEN_SIZE], t2[TP_DAV_TOKEN_SIZE];
    cr_assert_eq(lock(st, "/u", INF, EXCL, 60, t1), 0);
    cr_assert_eq(lock(st, "/v", 0, EXCL, 60, t2), 0);
    cr_assert_eq(tp_dav_lock_remove(st, "urn:uuid:wrong", "/u"),
                 TP_DAV_ENOENT);
    cr_assert_eq(tp_dav_lock_remove(st, t2, "/u"), TP_DAV_EMISMATCH,
                 "409 lock-token-matches-request-uri (9.11.1)");
    cr_assert_eq(tp_dav_lock_remove(st, t2, "/v/x"), TP_DAV_EMISMATCH,
                 "a depth-0 lock does not reach members");
    cr_assert_eq(lock(st, "/u", 0, SHARED, 60, NULL), TP_DAV_ELOCKED,
                 "a failed UNLOCK leaves the lock");
    cr_assert_eq(tp_dav_lock_remove(st, t1, "/u/in/scope"), 0);
    cr_assert_eq(tp_dav_lock_remove(st, t1, "/u"), TP_DAV_ENOENT, "gone");
    cr_assert_eq(lock(st, "/u", 0, EXCL, 60, NULL), 0);
    tp_dav_store_close(st);
}

Test(davstore, expired_locks_are_ignored_then_purged)
{
    tp_dav_store *st = open_store();
    char t[TP_DAV_TOKEN_SIZE], inf[TP_DAV_TOKEN_SIZE];
    cr_assert_eq(lock(st, "/e", 0, EXCL, 10, t), 0);
    cr_assert_eq(lock(st, "/forever", 0, EXCL, TP_DAV_TIMEOUT_INFINITE, inf),
                 0);
    tp_dav_lock out;
    fake_now = 1009;
    cr_assert_eq(tp_dav_lock_get(st, t, &out), 0);
    cr_assert_eq(out.expires, 1010);
    tp_dav_lock_release(&out);
    cr_assert_eq(lock(st, "/e", 0, EXCL, 10, NULL), TP_DAV_ELOCKED);
    fake_now = 1010;
    cr_assert_eq(tp_dav_lock_get(st, t, &out), TP_DAV_ENOENT);
    seen s = { 0 };
    tp_dav_locks_covering(st, "/e", collect_lock, &s);
    cr_assert_eq(s.n, 0, "an expired lock is not discovered");
    cr_assert_eq(lock(st, "/e", 0, EXCL, 10, NULL), 0);
    fake_now = INT64_C(1) << 40;
    cr_assert_eq(tp_dav_lock_get(st, inf, &out), 0, "infinite never ends");
    cr_assert_eq(out.expires, 0);
    cr_assert_eq(out.timeout, TP_DAV_TIMEOUT_INFINITE);
    tp_dav_lock_release(&out);
    tp_dav_store_close(st);

    sqlite3 *raw;
    sqlite3_stmt *q;
    cr_assert_eq(sqlite3_open(db, &raw), SQLITE_OK);
    sqlite3_prepare_v2(raw, "SELECT count(*) FROM locks WHERE token = ?1",
                       -1, &q, NULL);
    sqlite3_bind_text(q, 1, t, -1, SQLITE_STATIC);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(q, 0), 0, "purged on the next LOCK");
    sqlite3_finalize(q);
    sqlite3_close(raw);
}

Test(davstore, bad_lock_requests_are_refused)
{
    tp_dav_store *st = open_store();
    cr_assert_eq(lock(st, "/a/", 0, EXCL, 60, NULL), TP_DAV_EINVAL);
    cr_assert_eq(lock(st, "/a", 1, EXCL, 60, NULL), TP_DAV_EINVAL,
                 "depth 1 is not allowed on LOCK (9.10.3)");
    cr_assert_eq(lock(st, "/a", 0, EXCL, 0, NULL), TP_DAV_EINVAL);
    cr_assert_eq(lock(st, "/a", 0, (tp_dav_scope)9, 60, NULL),
                 TP_DAV_EINVAL);
    char *big = calloc(1, TP_DAV_LOCK_OWNER_MAX + 1);
    tp_dav_lock lk = { .root = "/a", .scope = EXCL, .timeout = 60,
                       .owner = big, .owner_len = TP_DAV_LOCK_OWNER_MAX + 1 };
    cr_assert_eq(tp_dav_lock_create(st, &lk, NULL, NULL), TP_DAV_ETOOBIG);
    free(big);
    tp_dav_store_close(st);
}

Test(davstore, locks_survive_a_restart)
{
    tp_dav_store *st = open_store();
    tp_dav_lock lk = { .root = "/l", .depth = INF, .scope = SHARED,
                       .owner = "<o/>", .owner_len = 4, .principal = "ann",
                       .timeout = 3600 };
    cr_assert_eq(tp_dav_lock_create(st, &lk, NULL, NULL), 0);
    tp_dav_store_close(st);

    st = open_store();
    tp_dav_lock out;
    cr_assert_eq(tp_dav_lock_get(st, lk.token, &out), 0);
    cr_assert_str_eq(out.token, lk.token);
    cr_assert_str_eq(out.root, "/l");
    cr_assert_eq(out.depth, INF);
    cr_assert_eq(out.scope, SHARED);
    cr_assert_eq(out.owner_len, 4);
    cr_assert_eq(memcmp(out.owner, "<o/>", 4), 0);
    cr_assert_str_eq(out.principal, "ann");
    cr_assert_eq(out.timeout, 3600);
    cr_assert_eq(out.expires, 4600);
    cr_assert(tp_dav_lock_applies(&out, "/l/x"));
    cr_assert_not(tp_dav_lock_applies(&out, "/l2"));
    tp_dav_lock_release(&out);
    tp_dav_lock_release(&out);
    cr_assert_eq(lock(st, "/l/m", 0, EXCL, 60, NULL), TP_DAV_ELOCKED);
    tp_dav_store_close(st);
}

static int count_covering(tp_dav_store *st, const char *path)
{
    seen s = { 0 };
    cr_assert_eq(tp_dav_locks_covering(st, path, collect_lock, &s), 0);
    return s.n;
}

Test(davstore, namespace_changes_and_locks)
{
    tp_dav_store *st = open_store();
    char dst_lock[TP_DAV_TOKEN_SIZE];
    cr_assert_eq(lock(st, "/src", INF, SHARED, 60, NULL), 0);
    cr_assert_eq(lock(st, "/src/in", 0, SHARED, 60, NULL), 0);
    lock(st, "/src2", 0, EXCL, 60, NULL);
    lock(st, "/dst", 0, EXCL, 60, dst_lock);
    lock(st, "/dst/old", 0, EXCL, 60, NULL);

    cr_assert_eq(tp_dav_store_copy(st, "/src", "/dst", INF), 0);
    cr_assert_eq(count_covering(st, "/src/in"), 2, "COPY leaves the source");
    cr_assert_eq(count_covering(st, "/dst/in"), 0, "locks not copied (7.5)");
    cr_assert_eq(count_covering(st, "/dst/old"), 0,
                 "locks on overwritten members are destroyed (9.6)");
    tp_dav_lock out;
    cr_assert_eq(tp_dav_lock_get(st, dst_lock, &out), 0,
                 "a lock at the destination stays (7.5)");
    tp_dav_lock_release(&out);

    cr_assert_eq(tp_dav_store_move(st, "/src", "/moved"), 0);
    cr_assert_eq(count_covering(st, "/moved"), 0, "locks do not move (7.5)");
    cr_assert_eq(count_covering(st, "/src/in"), 0, "the source's are gone");
    cr_assert_eq(count_covering(st, "/moved/in"), 0);
    cr_assert_eq(count_covering(st, "/src2"), 1, "a neighbour keeps its own");

    cr_assert_eq(lock(st, "/del/a", 0, EXCL, 60, NULL), 0);
    cr_assert_eq(lock(st, "/del", 0, SHARED, 60, NULL), 0);
    cr_assert_eq(lock(st, "/dela", 0, SHARED, 60, NULL), 0);
    cr_assert_eq(tp_dav_store_delete(st, "/del"), 0);
    cr_assert_eq(count_covering(st, "/del/a"), 0, "DELETE destroys (9.6)");
    cr_assert_eq(count_covering(st, "/del"), 0);
    cr_assert_eq(count_covering(st, "/dela"), 1, "a neighbour is untouched");
    tp_dav_store_close(st);
}

Test(davstore, a_full_disk_is_reported_as_such)
{
    tp_dav_store *st = open_store();
    put(st, "/f", "kept", "1");
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = { 256 * 1024, RLIM_INFINITY };
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    char *v = malloc(TP_DAV_PROP_VALUE_MAX);
    memset(v, 'v', TP_DAV_PROP_VALUE_MAX);
    int rc = TP_DAV_OK;
    char path[32];
    for (int i = 0; i < 64 && rc == TP_DAV_OK; i++) {
        tp_dav_patch *p = tp_dav_patch_begin(st, "/g");
        snprintf(path, sizeof(path), "p%d", i);
        tp_dav_patch_set(p, "urn:x", path, v, TP_DAV_PROP_VALUE_MAX);
        rc = tp_dav_patch_commit(p);
    }
    cr_assert_eq(rc, TP_DAV_ENOSPC, "507, not 500: %s", tp_dav_rc_str(rc));
    cr_assert_str_eq(get(st, "/f", "kept"), "1");
    free(v);
    tp_dav_store_close(st);
    rl.rlim_cur = RLIM_INFINITY;
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    st = open_store();
    cr_assert_str_eq(get(st, "/f", "kept"), "1");
    void *got;
    size_t n;
    cr_assert_eq(tp_dav_prop_get(st, "/g", "urn:x", "p0", &got, &n), 0,
                 "earlier PROPPATCHes stay");
    cr_assert_eq(n, TP_DAV_PROP_VALUE_MAX);
    free(got);
    cr_assert_eq(tp_dav_prop_get(st, "/g", "urn:x", path, &got, &n),
                 TP_DAV_ENOENT, "the failed one left nothing");
    tp_dav_store_close(st);
}

/* ---- threads ---- */

#define THREADS 4
#define ROUNDS 50

typedef struct worker {
    tp_dav_store *st;
    int id;
    int granted; /* exclusive locks won on the shared resource */
} worker;

static pthread_barrier_t barrier;

static void *work(void *arg)
{
    worker *w = arg;
    char path[64], tok[TP_DAV_TOKEN_SIZE];
    for (int r = 0; r < ROUNDS; r++) {
        snprintf(path, sizeof(path), "/t%d/f%d", w->id, r);
        tp_dav_patch *p = tp_dav_patch_begin(w->st, path);
        tp_dav_patch_set(p, "urn:x", "p", path, strlen(path));
        if (tp_dav_patch_commit(p) != TP_DAV_OK)
            return "patch failed";
        pthread_barrier_wait(&barrier);
        snprintf(path, sizeof(path), "/race/r%d", r);
        tp_dav_lock lk = { .root = path, .scope = EXCL, .timeout = 60 };
        int rc = tp_dav_lock_create(w->st, &lk, NULL, NULL);
        if (rc == TP_DAV_OK)
            w->granted++;
        else if (rc != TP_DAV_ELOCKED)
            return "lock failed";
        snprintf(path, sizeof(path), "/t%d", w->id);
        lk = (tp_dav_lock){ .root = path, .depth = TP_DAV_DEPTH_INFINITY,
                            .scope = EXCL, .timeout = 60 };
        if (tp_dav_lock_create(w->st, &lk, NULL, NULL) != TP_DAV_OK)
            return "own lock refused";
        strcpy(tok, lk.token);
        if (tp_dav_lock_remove(w->st, tok, path) != TP_DAV_OK)
            return "unlock failed";
    }
    return NULL;
}

Test(davstore, four_threads_on_two_connections)
{
    /* two stores on one file stand for two processes: WAL and the busy
     * timeout make them wait for each other instead of failing */
    tp_dav_store *a = open_store(), *b = open_store();
    pthread_barrier_init(&barrier, NULL, THREADS);
    pthread_t th[THREADS];
    worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){ .st = i % 2 ? b : a, .id = i };
        pthread_create(&th[i], NULL, work, &w[i]);
    }
    int granted = 0;
    for (int i = 0; i < THREADS; i++) {
        void *res;
        pthread_join(th[i], &res);
        cr_assert_null(res, "thread %d: %s", i, (char *)res);
        granted += w[i].granted;
    }
    pthread_barrier_destroy(&barrier);
    cr_assert_eq(granted, ROUNDS,
                 "each exclusive lock went to exactly one thread");
    char path[64];
    for (int i = 0; i < THREADS; i++)
        for (int r = 0; r < ROUNDS; r++) {
            snprintf(path, sizeof(path), "/t%d/f%d", i, r);
            cr_assert_str_eq(get(i % 2 ? a : b, path, "p"), path);
        }
    tp_dav_store_close(a);
    tp_dav_store_close(b);
}
