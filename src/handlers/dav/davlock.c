/*
 * davlock.c - write locks (RFC 4918 6, 7): LOCK and UNLOCK (9.10, 9.11),
 * the If header (10.4), the checks every write makes before it changes
 * anything (7.4, 7.5), and the lockdiscovery and supportedlock
 * properties (15.8, 15.10).
 *
 * The locks themselves live in the store (davstore.h), which decides
 * conflicts in one transaction.  What this file adds is the protocol
 * around them: which tokens a request has submitted, whether the
 * conditions of its If header hold, and the XML that describes a lock.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "davint.h"

/* The lock timeout granted when the mount does not set one (seconds). */
#define LOCK_TIMEOUT_DEFAULT 3600
/* A LOCK response: one activelock, whose owner is at most
 * TP_DAV_LOCK_OWNER_MAX bytes; the rest is well under this. */
#define LOCK_DOC_MAX (64u * 1024u)
#define XML_TYPE "application/xml; charset=utf-8"

/* ====================================================================== */
/* Small helpers                                                          */
/* ====================================================================== */

static bool is_ws(char c) { return c == ' ' || c == '\t'; }

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && is_ws(*p))
        p++;
    return p;
}

/* Whether `s` (n bytes) is an absolute-URI (RFC 3986 4.3) as far as a
 * Coded-URL needs one: a scheme, a colon, and then no byte that cannot
 * appear in a URI (white space, controls, angle brackets, quotes). */
static bool is_absolute_uri(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0 || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
        return false;
    while (i < n && s[i] != ':') {
        char c = s[i];
        bool ok = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
                  (c >= '0' && c <= '9') || c == '+' || c == '-' ||
                  c == '.';
        if (!ok)
            return false;
        i++;
    }
    if (i == n)
        return false;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '"')
            return false;
    }
    return true;
}

/* The status a store error answers with (davstore.h names them). */
static int store_status(int rc)
{
    switch (rc) {
    case TP_DAV_ELOCKED:
        return 423;
    case TP_DAV_ENOSPC:
        return 507;
    case TP_DAV_ETOOBIG:
        return 400;
    case TP_DAV_EBUSY:
        return 503;
    default:
        return 500;
    }
}

/* RFC 4918 6.4: a lock belongs to the principal that created it; only
 * that principal's requests may use its token.  A lock taken without
 * authentication (principal "") can be used by anyone holding the token,
 * the token itself being the only proof (mod_dav behaves the same). */
static bool principal_may_use(const dav_req *r, const tp_dav_lock *lk)
{
    if (!lk->principal || !lk->principal[0])
        return true;
    const char *user = tp_request_user(r->req);
    return user && strcmp(user, lk->principal) == 0;
}

/* Whether a store path names a collection, for the trailing slash of its
 * href (RFC 4918 8.3: collections are named with one). */
static bool path_is_collection(const dav_req *r, const char *path)
{
    struct stat st;
    char *rel = dav_rel(r->req, path);
    return rel && dav_stat(r->d, rel, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ====================================================================== */
/* Collecting locks from the store                                        */
/* ====================================================================== */

/* Copies of locks, in the request's arena.  The store calls back with its
 * mutex held, so the callback only copies. */
typedef struct lock_set {
    tp_request *req;
    tp_dav_lock *v;
    size_t n, cap;
    bool nomem;
} lock_set;

static bool lock_set_has(const lock_set *s, const char *token)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].token, token) == 0)
            return true;
    return false;
}

static bool lock_set_grow(lock_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : 8;
    tp_dav_lock *v = tp_request_alloc(s->req, cap * sizeof(*v));
    if (!v)
        return false;
    if (s->n)
        memcpy(v, s->v, s->n * sizeof(*v));
    s->v = v;
    s->cap = cap;
    return true;
}

/* A copy of lk whose strings live in the arena; false when out of
 * memory. */
static bool lock_copy(tp_request *req, const tp_dav_lock *lk,
                      tp_dav_lock *out)
{
    *out = *lk;
    out->mem_ = NULL;
    out->root = tp_request_strdup(req, (tp_str){ lk->root,
                                                 strlen(lk->root) });
    out->principal = tp_request_strdup(
        req, (tp_str){ lk->principal, strlen(lk->principal) });
    out->owner = lk->owner_len
                     ? tp_request_strdup(req, (tp_str){ lk->owner,
                                                        lk->owner_len })
                     : "";
    return out->root && out->principal && out->owner;
}

static int lock_set_add(void *ud, const tp_dav_lock *lk)
{
    lock_set *s = ud;
    if (lock_set_has(s, lk->token))
        return 0;
    if (s->n == s->cap && !lock_set_grow(s)) {
        s->nomem = true;
        return 1;
    }
    if (!lock_copy(s->req, lk, &s->v[s->n])) {
        s->nomem = true;
        return 1;
    }
    s->n++;
    return 0;
}

/* The store's answer for a walk into a lock_set: 0, or a status. */
static int lock_set_status(const lock_set *s, int rc)
{
    if (s->nomem)
        return 500;
    return rc == 0 ? 0 : store_status(rc);
}

static int locks_covering(const dav_req *r, const char *path, lock_set *s)
{
    int rc = tp_dav_locks_covering(r->d->store, path, lock_set_add, s);
    return lock_set_status(s, rc);
}

static int locks_below(const dav_req *r, const char *path, lock_set *s)
{
    int rc = tp_dav_locks_below(r->d->store, path, lock_set_add, s);
    return lock_set_status(s, rc);
}

/* ====================================================================== */
/* The If header (RFC 4918 10.4)                                          */
/* ====================================================================== */

/*
 * If = "If" ":" ( 1*No-tag-list | 1*Tagged-list )
 * No-tag-list = List
 * Tagged-list = Resource-Tag 1*List
 * List = "(" 1*Condition ")"
 * Condition = ["Not"] (State-token | "[" entity-tag "]")
 * State-token = Coded-URL
 * Resource-Tag = "<" Simple-ref ">"
 *
 * The header is parsed once into lists of conditions, each list knowing
 * the resource it is tested against: the request URI for untagged lists,
 * the tag's resource for tagged ones.
 */

/* The resource a list is evaluated against, resolved when first needed. */
typedef struct if_res {
    struct if_res *next; /* the header's other tags */
    const char *ref;     /* the tag as sent, or NULL: the request URI */
    bool resolved;
    bool known;          /* names a resource of this mount */
    const char *path;    /* its store path */
    bool exists;
    struct stat st;
    bool locks_read;
    lock_set locks;      /* the locks that apply to it */
} if_res;

typedef struct if_cond {
    struct if_cond *next;
    bool negate;        /* "Not" */
    bool etag;          /* an entity-tag, else a state token */
    char *value;        /* the entity-tag with quotes (and W/), or the
                           Coded-URL's URI without the angle brackets */
} if_cond;

typedef struct if_list {
    struct if_list *next;
    if_res *res;
    if_cond *conds;
} if_list;

typedef struct if_header {
    if_list *lists;     /* in the order they were sent */
} if_header;

typedef struct if_parser {
    tp_request *req;
    const char *p, *end;
    if_list **tail;
    if_res *tags;       /* each distinct tag once: resolved once */
} if_parser;

/* "<...>" at the parser's position: the bytes inside in *in. */
static bool if_angle(if_parser *ps, tp_str *in)
{
    if (ps->p >= ps->end || *ps->p != '<')
        return false;
    const char *s = ps->p + 1;
    const char *e = memchr(s, '>', (size_t)(ps->end - s));
    if (!e)
        return false;
    *in = (tp_str){ s, (size_t)(e - s) };
    ps->p = e + 1;
    return true;
}

/* "[" entity-tag "]": the tag in c->value. */
static bool if_etag(if_parser *ps, if_cond *c)
{
    tp_str tag, rest = { ps->p + 1, (size_t)(ps->end - ps->p - 1) };
    size_t used = tp_etag_scan(rest, &tag);
    if (used == 0)
        return false;
    ps->p = skip_ws(rest.ptr + used, ps->end);
    if (ps->p >= ps->end || *ps->p != ']')
        return false;
    ps->p++;
    c->etag = true;
    c->value = tp_request_strdup(ps->req, tag);
    return c->value != NULL;
}

/* Condition = ["Not"] (State-token | "[" entity-tag "]").  ABNF literals
 * are case-insensitive (RFC 5234 2.3), so "not" is "Not". */
static bool if_condition(if_parser *ps, if_cond *c)
{
    if (ps->end - ps->p >= 3 && strncasecmp(ps->p, "not", 3) == 0) {
        c->negate = true;
        ps->p = skip_ws(ps->p + 3, ps->end);
    }
    if (ps->p < ps->end && *ps->p == '[')
        return if_etag(ps, c);
    tp_str uri;
    if (!if_angle(ps, &uri) || !is_absolute_uri(uri.ptr, uri.len))
        return false;
    c->value = tp_request_strdup(ps->req, uri);
    return c->value != NULL;
}

/* List = "(" 1*Condition ")", appended to the header's lists. */
static bool if_list_parse(if_parser *ps, if_res *res)
{
    if_list *l = tp_request_alloc(ps->req, sizeof(*l));
    if (!l)
        return false;
    memset(l, 0, sizeof(*l));
    l->res = res;
    if_cond **tail = &l->conds;
    ps->p = skip_ws(ps->p + 1, ps->end); /* past "(" */
    while (ps->p < ps->end && *ps->p != ')') {
        if_cond *c = tp_request_alloc(ps->req, sizeof(*c));
        if (!c)
            return false;
        memset(c, 0, sizeof(*c));
        if (!if_condition(ps, c))
            return false;
        *tail = c;
        tail = &c->next;
        ps->p = skip_ws(ps->p, ps->end);
    }
    if (ps->p >= ps->end || !l->conds)
        return false;
    ps->p++; /* past ")" */
    *ps->tail = l;
    ps->tail = &l->next;
    return true;
}

/* Resource-Tag = "<" Simple-ref ">", Simple-ref = absolute-URI |
 * ( path-absolute [ "?" query ] ) (RFC 4918 10.4.2, 8.3). */
static if_res *if_tag(if_parser *ps)
{
    tp_str ref;
    if (!if_angle(ps, &ref) || ref.len == 0)
        return NULL;
    if (ref.ptr[0] != '/' && !is_absolute_uri(ref.ptr, ref.len))
        return NULL;
    for (size_t i = 0; i < ref.len; i++)
        if ((unsigned char)ref.ptr[i] <= ' ')
            return NULL;
    for (if_res *t = ps->tags; t; t = t->next)
        if (strlen(t->ref) == ref.len && !memcmp(t->ref, ref.ptr, ref.len))
            return t;
    if_res *res = tp_request_alloc(ps->req, sizeof(*res));
    if (!res)
        return NULL;
    memset(res, 0, sizeof(*res));
    res->ref = tp_request_strdup(ps->req, ref);
    if (!res->ref)
        return NULL;
    res->next = ps->tags;
    ps->tags = res;
    return res;
}

/* The whole header: either untagged lists only, or tagged lists only;
 * a header mixing the two productions is malformed. */
static bool if_parse(if_parser *ps, if_res *self)
{
    bool tagged = false, untagged = false;
    if_res *cur = NULL;
    ps->p = skip_ws(ps->p, ps->end);
    if (ps->p >= ps->end)
        return false;
    while (ps->p < ps->end) {
        if (*ps->p == '<') {
            if (untagged || !(cur = if_tag(ps)))
                return false;
            tagged = true;
            ps->p = skip_ws(ps->p, ps->end);
            if (ps->p >= ps->end || *ps->p != '(')
                return false; /* a tag needs at least one list */
        } else if (*ps->p == '(') {
            if (!tagged)
                untagged = true;
            if (!if_list_parse(ps, tagged ? cur : self))
                return false;
        } else {
            return false;
        }
        ps->p = skip_ws(ps->p, ps->end);
    }
    return true;
}

/* Every If field line, joined: the field is not a list (no commas in its
 * grammar), so lines are put side by side with a space, as if one. */
static char *if_field(tp_request *req)
{
    size_t n = tp_request_header_count(req), total = 0, k = 0;
    tp_str name, value;
    for (size_t i = 0; i < n; i++) {
        tp_request_header_at(req, i, &name, &value);
        if (name.len == 2 && strncasecmp(name.ptr, "If", 2) == 0) {
            total += value.len + 1;
            k++;
        }
    }
    if (k == 0)
        return NULL;
    char *out = tp_request_alloc(req, total + 1), *w = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        tp_request_header_at(req, i, &name, &value);
        if (name.len != 2 || strncasecmp(name.ptr, "If", 2) != 0)
            continue;
        memcpy(w, value.ptr, value.len);
        w += value.len;
        *w++ = ' ';
    }
    *w = '\0';
    return out;
}

/* ---- resolving a tag -------------------------------------------------- */

/* Whether an authority names this server as the request did (its Host or
 * absolute-form authority): compared without case, a port equal to the
 * scheme's default counting as absent (RFC 3986 6.2.3). */
static tp_str strip_port(tp_str a, const char *port)
{
    size_t pl = strlen(port);
    if (a.len > pl + 1 && a.ptr[a.len - pl - 1] == ':' &&
        memcmp(a.ptr + a.len - pl, port, pl) == 0)
        a.len -= pl + 1;
    return a;
}

static bool same_authority(tp_str tag, tp_str host, const char *port)
{
    tag = strip_port(tag, port);
    host = strip_port(host, port);
    return tag.len == host.len && tag.len > 0 &&
           strncasecmp(tag.ptr, host.ptr, tag.len) == 0;
}

/* The URL path of a tag that names something on this server ("/" for an
 * absolute URI with an empty path); false for another scheme or
 * authority, which can name nothing here (10.4.4 identifies a resource by
 * its tag: such lists are never true on this server). */
static bool tag_url_path(const dav_req *r, const char *ref, tp_str *out)
{
    const char *p = ref;
    if (*p != '/') {
        const char *port;
        if (strncasecmp(p, "http://", 7) == 0)
            port = "80", p += 7;
        else if (strncasecmp(p, "https://", 8) == 0)
            port = "443", p += 8;
        else
            return false;
        size_t alen = strcspn(p, "/?#");
        tp_str auth = { p, alen };
        if (!same_authority(auth, tp_request_host(r->req), port))
            return false;
        p += alen;
    }
    size_t plen = strcspn(p, "?#");
    *out = plen ? (tp_str){ p, plen } : (tp_str){ "/", 1 };
    return true;
}

/* Fills in what a list needs of its resource: its store path and file
 * state; a tag that does not map to this mount stays unknown. */
static void if_resolve(dav_req *r, if_res *res)
{
    if (res->resolved)
        return;
    res->resolved = true;
    res->locks.req = r->req;
    if (!res->ref) {
        res->known = true;
        res->path = r->path;
        res->exists = r->exists;
        res->st = r->st;
        return;
    }
    tp_str url;
    char *path, *rel;
    bool slash;
    const char *why = NULL;
    if (!tag_url_path(r, res->ref, &url) ||
        dav_map(r->req, r->d, url, &path, &rel, &slash, &why) != 0)
        return;
    res->known = true;
    res->path = path;
    res->exists = dav_stat(r->d, rel, &res->st) == 0;
}

/* ---- evaluating ------------------------------------------------------- */

/* A state token is true when it names a lock that currently applies to
 * the resource (10.4.4: "anywhere in the scope of the lock"). */
static int if_token_true(dav_req *r, if_res *res, const char *token,
                         bool *truth)
{
    *truth = false;
    if (!res->known)
        return 0;
    if (!res->locks_read) {
        int st = locks_covering(r, res->path, &res->locks);
        if (st)
            return st;
        res->locks_read = true;
    }
    *truth = lock_set_has(&res->locks, token);
    return 0;
}

/* An entity-tag is true when it matches the resource's current one; an
 * unmapped URL has none (10.4.4).  10.4.4 lets the server choose the
 * comparison: the weak one, as mod_dav, since the If header tests state,
 * not the bytes a range would read. */
static bool if_etag_true(const if_res *res, const char *tag)
{
    if (!res->known || !res->exists)
        return false;
    char cur[96];
    dav_etag(&res->st, cur);
    return tp_etag_weak_eq((tp_str){ tag, strlen(tag) },
                           (tp_str){ cur, strlen(cur) });
}

/* A list is true when every condition is (10.4.3).  Returns 0 or the
 * status of a store failure. */
static int if_list_eval(dav_req *r, if_list *l, bool *truth)
{
    if_resolve(r, l->res);
    *truth = true;
    for (if_cond *c = l->conds; c; c = c->next) {
        bool t;
        if (c->etag) {
            t = if_etag_true(l->res, c->value);
        } else {
            int st = if_token_true(r, l->res, c->value, &t);
            if (st)
                return st;
        }
        if (t == c->negate) {
            *truth = false;
            return 0;
        }
    }
    return 0;
}

int dav_if_check(dav_req *r)
{
    r->ifh = NULL;
    char *field = if_field(r->req);
    if (!field)
        return 0;
    if_header *h = tp_request_alloc(r->req, sizeof(*h));
    if_res *self = tp_request_alloc(r->req, sizeof(*self));
    if (!h || !self) {
        tp_respond_error(r->req, 500, NULL);
        return 500;
    }
    memset(h, 0, sizeof(*h));
    memset(self, 0, sizeof(*self));
    if_parser ps = { .req = r->req, .p = field,
                     .end = field + strlen(field), .tail = &h->lists };
    if (!if_parse(&ps, self)) {
        tp_respond_error(r->req, 400,
                         "The If header does not follow the grammar of "
                         "RFC 4918 10.4.2.");
        return 400;
    }
    r->ifh = h;
    /* 10.4.3: the header is true when any one of its lists is; false,
     * the request fails with 412 (10.4.1). */
    for (if_list *l = h->lists; l; l = l->next) {
        bool t;
        int st = if_list_eval(r, l, &t);
        if (st) {
            tp_respond_error(r->req, st, NULL);
            return st;
        }
        if (t)
            return 0;
    }
    tp_respond_error(r->req, 412,
                     "No list of the If header holds (RFC 4918 10.4).");
    return 412;
}

/*
 * RFC 4918 10.4.1 and 7.5: a lock token is submitted when it appears in
 * the If header.  Every state token of the header counts, in whichever
 * list and whatever that list's tag: a client names the tokens it holds
 * for every resource the request touches (the destination of a MOVE, the
 * members of a collection), and the header as a whole must already hold
 * for the request to get this far.  A token under "Not" does not count:
 * it says the client does not hold that lock.
 */
bool dav_token_submitted(const dav_req *r, const char *token)
{
    const if_header *h = r->ifh;
    if (!h || !token)
        return false;
    for (const if_list *l = h->lists; l; l = l->next)
        for (const if_cond *c = l->conds; c; c = c->next)
            if (!c->etag && !c->negate && strcmp(c->value, token) == 0)
                return true;
    return false;
}

/* ====================================================================== */
/* The write-lock check (RFC 4918 7)                                      */
/* ====================================================================== */

/* Store paths a write touches, whose locks must each be satisfied. */
typedef struct check_targets {
    const char **v;
    size_t n, cap;
} check_targets;

static bool targets_add(tp_request *req, check_targets *t, const char *p)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i], p) == 0)
            return true;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        const char **v = tp_request_alloc(req, cap * sizeof(*v));
        if (!v)
            return false;
        if (t->n)
            memcpy(v, t->v, t->n * sizeof(*v));
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = p;
    return true;
}

/* Whether the request holds the lock: its token submitted, by the
 * principal that owns it (6.4). */
static bool lock_held(const dav_req *r, const tp_dav_lock *lk)
{
    return dav_token_submitted(r, lk->token) && principal_may_use(r, lk);
}

/*
 * Whether the request may change `target`: every resource carries either
 * one exclusive lock or any number of shared ones (6.2), and one held
 * lock among those that apply to it is enough (7: "the lock token of a
 * lock that applies"; for shared locks, as mod_dav, any one of them).
 * When none is held, the roots of the locks that apply are added to
 * `roots` (NULL-terminated by the caller).
 */
static bool target_allowed(const dav_req *r, const lock_set *locks,
                           const char *target, check_targets *roots,
                           bool *nomem)
{
    bool any = false;
    for (size_t i = 0; i < locks->n; i++) {
        if (!tp_dav_lock_applies(&locks->v[i], target))
            continue;
        any = true;
        if (lock_held(r, &locks->v[i]))
            return true;
    }
    if (!any)
        return true;
    for (size_t i = 0; i < locks->n; i++)
        if (tp_dav_lock_applies(&locks->v[i], target) &&
            !targets_add(r->req, roots, locks->v[i].root))
            *nomem = true;
    return false;
}

/* Gathers the locks a write of `path` with `flags` must satisfy, and the
 * resources they are checked at.  Returns 0 or a status. */
static int check_gather(dav_req *r, const char *path, unsigned flags,
                        lock_set *locks, check_targets *targets)
{
    int st = locks_covering(r, path, locks);
    if (st)
        return st;
    if (!targets_add(r->req, targets, path))
        return 500;
    /* 7.4: even a depth-0 lock on a collection protects its membership,
     * so a new or removed member needs the collection's tokens too. */
    if ((flags & DAV_LOCK_MEMBER) && strcmp(path, "/") != 0) {
        char *parent = dav_parent(r->req, path);
        if (!parent || !targets_add(r->req, targets, parent))
            return 500;
        if ((st = locks_covering(r, parent, locks)))
            return st;
    }
    if (flags & DAV_LOCK_DEEP) {
        size_t before = locks->n;
        if ((st = locks_below(r, path, locks)))
            return st;
        for (size_t i = before; i < locks->n; i++)
            if (!targets_add(r->req, targets, locks->v[i].root))
                return 500;
    }
    return 0;
}

/* The hrefs of lock roots, NULL-ended, for lock-token-submitted. */
static const char **root_hrefs(dav_req *r, const check_targets *roots)
{
    const char **h = tp_request_alloc(r->req, (roots->n + 1) * sizeof(*h));
    if (!h)
        return NULL;
    for (size_t i = 0; i < roots->n; i++) {
        const char *p = roots->v[i];
        h[i] = dav_href(r->req, r->d, p, path_is_collection(r, p));
        if (!h[i])
            return NULL;
    }
    h[roots->n] = NULL;
    return h;
}

/* Answers (or, with ms, reports for path) a failure of the check. */
static int check_fail(dav_req *r, const char *path, tp_dav_out *ms, int code,
                      const char *const *hrefs)
{
    const char *cond = code == 423 ? "lock-token-submitted" : NULL;
    if (!ms) {
        if (cond)
            dav_respond_condition(r->req, code, cond, hrefs);
        else
            tp_respond_error(r->req, code, NULL);
        return code;
    }
    const char *href = dav_href(r->req, r->d, path,
                                path_is_collection(r, path));
    if (href)
        dav_ms_status(ms, href, code, cond, hrefs);
    return code;
}

int dav_lock_check(dav_req *r, const char *path, unsigned flags,
                   tp_dav_out *ms)
{
    lock_set locks = { .req = r->req };
    check_targets targets = { 0 }, roots = { 0 };
    int st = check_gather(r, path, flags, &locks, &targets);
    if (st)
        return check_fail(r, path, ms, st, NULL);
    if (locks.n == 0)
        return 0;
    bool nomem = false;
    for (size_t i = 0; i < targets.n; i++)
        target_allowed(r, &locks, targets.v[i], &roots, &nomem);
    if (nomem)
        return check_fail(r, path, ms, 500, NULL);
    if (roots.n == 0)
        return 0;
    const char **hrefs = root_hrefs(r, &roots);
    if (!hrefs)
        return check_fail(r, path, ms, 500, NULL);
    return check_fail(r, path, ms, 423, hrefs);
}

/* ====================================================================== */
/* lockdiscovery and supportedlock (RFC 4918 15.8, 15.10)                 */
/* ====================================================================== */

/* An empty DAV: element inside a new DAV: element: <outer><inner/></outer>. */
static int write_wrapped(tp_dav_out *o, const char *outer, const char *inner)
{
    tp_dav_out_open(o, TP_DAV_NS, outer);
    tp_dav_out_elem(o, TP_DAV_NS, inner, NULL);
    return tp_dav_out_close(o);
}

static int write_href_in(tp_dav_out *o, const char *outer, const char *href)
{
    tp_dav_out_open(o, TP_DAV_NS, outer);
    tp_dav_out_elem(o, TP_DAV_NS, "href", href);
    return tp_dav_out_close(o);
}

/* TimeType (10.7): "Second-N", or "Infinite" (-1). */
static void timeout_text(int64_t seconds, char out[32])
{
    if (seconds == TP_DAV_TIMEOUT_INFINITE)
        snprintf(out, 32, "Infinite");
    else
        snprintf(out, 32, "Second-%" PRId64, seconds < 0 ? 0 : seconds);
}

/*
 * One DAV:activelock (14.1): type, scope, depth, the owner as the client
 * gave it, the timeout, the token and the lock root (14.12).  `shown` is
 * the timeout to write: what a LOCK just granted, or what remains of it
 * in lockdiscovery.
 */
static int write_activelock(dav_req *r, tp_dav_out *o, const tp_dav_lock *lk,
                            int64_t shown)
{
    char tmo[32];
    timeout_text(shown, tmo);
    const char *root = dav_href(r->req, r->d, lk->root,
                                path_is_collection(r, lk->root));
    if (!root)
        return -ENOMEM;
    tp_dav_out_open(o, TP_DAV_NS, "activelock");
    write_wrapped(o, "locktype", "write");
    write_wrapped(o, "lockscope", lk->scope == TP_DAV_SCOPE_SHARED
                                      ? "shared" : "exclusive");
    tp_dav_out_elem(o, TP_DAV_NS, "depth",
                    lk->depth == 0 ? "0" : "infinity");
    if (lk->owner_len)
        tp_dav_out_raw(o, lk->owner, lk->owner_len);
    tp_dav_out_elem(o, TP_DAV_NS, "timeout", tmo);
    write_href_in(o, "locktoken", lk->token);
    write_href_in(o, "lockroot", root);
    return tp_dav_out_close(o);
}

/* What remains of a lock's time (15.8 reports the lock as it is now). */
static int64_t lock_remaining(const tp_dav_lock *lk)
{
    if (lk->timeout == TP_DAV_TIMEOUT_INFINITE || lk->expires == 0)
        return TP_DAV_TIMEOUT_INFINITE;
    int64_t left = lk->expires - (int64_t)time(NULL);
    return left < 0 ? 0 : left;
}

int dav_write_lockdiscovery(dav_req *r, tp_dav_out *o, const char *path)
{
    lock_set locks = { .req = r->req };
    int st = locks_covering(r, path, &locks);
    if (st)
        return st == 500 ? -ENOMEM : -EIO;
    int rc = tp_dav_out_open(o, TP_DAV_NS, "lockdiscovery");
    for (size_t i = 0; i < locks.n && rc == 0; i++)
        rc = write_activelock(r, o, &locks.v[i],
                              lock_remaining(&locks.v[i]));
    int rc2 = tp_dav_out_close(o);
    return rc ? rc : rc2;
}

/* 15.10: the lock kinds this server grants: write locks, exclusive or
 * shared. */
int dav_write_supportedlock(tp_dav_out *o)
{
    static const char *const scopes[] = { "exclusive", "shared" };
    tp_dav_out_open(o, TP_DAV_NS, "supportedlock");
    for (size_t i = 0; i < 2; i++) {
        tp_dav_out_open(o, TP_DAV_NS, "lockentry");
        write_wrapped(o, "lockscope", scopes[i]);
        write_wrapped(o, "locktype", "write");
        tp_dav_out_close(o);
    }
    return tp_dav_out_close(o);
}

/* ====================================================================== */
/* LOCK (RFC 4918 9.10)                                                   */
/* ====================================================================== */

static int64_t max_lock_timeout(const dav_req *r)
{
    int m = r->d->opt.max_lock_timeout;
    return m > 0 ? m : LOCK_TIMEOUT_DEFAULT;
}

/* "Second-N" with N all digits, saturating; -1 when it is not that. */
static int64_t timeout_seconds(const char *s, size_t n)
{
    if (n <= 7 || strncasecmp(s, "Second-", 7) != 0)
        return -1;
    int64_t v = 0;
    for (size_t i = 7; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        if (v < TP_DAV_LOCK_TIMEOUT_MAX)
            v = v * 10 + (s[i] - '0');
    }
    return v;
}

/*
 * The Timeout header (10.7): a list of TimeTypes in order of preference.
 * The first one understood is taken and clamped to the mount's maximum;
 * "Infinite" gets the maximum too (10.7 lets the server refuse it), and
 * so does a request without the header or with nothing understood in it.
 * A zero is raised to one second: a lock must be live when granted.
 */
static int64_t lock_timeout(dav_req *r)
{
    int64_t max = max_lock_timeout(r);
    tp_str v;
    if (!tp_request_header_list(r->req, "Timeout", &v))
        return max;
    const char *p = v.ptr, *end = v.ptr + v.len;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *e = comma ? comma : end;
        const char *s = skip_ws(p, e);
        while (e > s && is_ws(e[-1]))
            e--;
        size_t n = (size_t)(e - s);
        if (n == 8 && strncasecmp(s, "Infinite", 8) == 0)
            return max;
        int64_t secs = timeout_seconds(s, n);
        if (secs >= 0)
            return secs < 1 ? 1 : secs > max ? max : secs;
        p = comma ? comma + 1 : end;
    }
    return max;
}

/* What a LOCK body asks for. */
typedef struct lock_request {
    tp_dav_scope scope;
    char *owner;        /* the DAV:owner element as a fragment, or NULL */
    size_t owner_len;
} lock_request;

/* The one element child of a lockscope or locktype, or NULL. */
static const tp_dav_node *only_child(const tp_dav_node *n)
{
    const tp_dav_node *c = tp_dav_node_first(n);
    return c && !tp_dav_node_next(c) ? c : NULL;
}

/*
 * DAV:lockinfo (14.11): lockscope, locktype, optional owner, in any
 * order, unknown elements ignored (17).  A well-formed body that is not
 * this gets 422 Unprocessable Content: the XML parsed, its meaning does
 * not (11.2).  The only lock type is write (7); asking for another one
 * is the same kind of error.
 */
static int lockinfo_parse(const tp_dav_node *root, lock_request *lq,
                          const char **why)
{
    if (!tp_dav_node_is(root, TP_DAV_NS, "lockinfo")) {
        *why = "The body of a LOCK is a DAV:lockinfo element.";
        return 422;
    }
    const tp_dav_node *scope = only_child(
        tp_dav_node_child(root, TP_DAV_NS, "lockscope"));
    if (tp_dav_node_is(scope, TP_DAV_NS, "exclusive")) {
        lq->scope = TP_DAV_SCOPE_EXCLUSIVE;
    } else if (tp_dav_node_is(scope, TP_DAV_NS, "shared")) {
        lq->scope = TP_DAV_SCOPE_SHARED;
    } else {
        *why = "DAV:lockscope must hold DAV:exclusive or DAV:shared.";
        return 422;
    }
    const tp_dav_node *type = only_child(
        tp_dav_node_child(root, TP_DAV_NS, "locktype"));
    if (!tp_dav_node_is(type, TP_DAV_NS, "write")) {
        *why = "DAV:locktype must hold DAV:write, the only lock type.";
        return 422;
    }
    const tp_dav_node *owner = tp_dav_node_child(root, TP_DAV_NS, "owner");
    if (owner && tp_dav_node_to_xml(owner, &lq->owner, &lq->owner_len)) {
        *why = NULL;
        return 500;
    }
    return 0;
}

/* Sends a lock as the LOCK response: 9.10.1 asks for the lockdiscovery
 * property in a DAV:prop; as mod_dav, it holds the lock this request
 * created or refreshed.  The Lock-Token header goes with a new lock only
 * (10.5). */
static void respond_lock(dav_req *r, int code, const tp_dav_lock *lk,
                         bool new_lock)
{
    tp_dav_out *o = tp_dav_out_new(LOCK_DOC_MAX);
    if (!o) {
        tp_respond_error(r->req, 500, NULL);
        return;
    }
    tp_dav_out_open(o, TP_DAV_NS, "prop");
    tp_dav_out_open(o, TP_DAV_NS, "lockdiscovery");
    write_activelock(r, o, lk, lk->timeout);
    tp_dav_out_close(o);
    tp_dav_out_close(o);
    const char *data;
    size_t len;
    if (tp_dav_out_finish(o, &data, &len) != 0) {
        tp_dav_out_free(o);
        tp_respond_error(r->req, 500, NULL);
        return;
    }
    if (new_lock)
        tp_response_headerf(r->req, "Lock-Token", "<%s>", lk->token);
    tp_respond(r->req, code, XML_TYPE, data, len);
    tp_dav_out_free(o);
}

/* ---- refresh (9.10.2) ------------------------------------------------- */

/* The first lock named in the If header (not under Not) that is live
 * and applies to the request URI, into *out.  Returns 0, 400 when the
 * header names no lock at all, 412 when none of them fits, or a store
 * status. */
static int refresh_find(dav_req *r, tp_dav_lock *out)
{
    const if_header *h = r->ifh;
    bool named = false;
    for (const if_list *l = h ? h->lists : NULL; l; l = l->next) {
        for (const if_cond *c = l->conds; c; c = c->next) {
            if (c->etag || c->negate)
                continue;
            named = true;
            int rc = tp_dav_lock_get(r->d->store, c->value, out);
            if (rc == TP_DAV_ENOENT)
                continue;
            if (rc != TP_DAV_OK)
                return store_status(rc);
            if (tp_dav_lock_applies(out, r->path))
                return 0;
            tp_dav_lock_release(out);
        }
    }
    return named ? 412 : 400;
}

/* A LOCK without a body renews the lock whose token the If header
 * names, with the Timeout asked for now (9.10.2); no Lock-Token header
 * (10.5: only a new lock gets one). */
static void lock_refresh(dav_req *r)
{
    tp_dav_lock lk = { 0 };
    int st = refresh_find(r, &lk);
    if (st == 400) {
        tp_respond_error(r->req, 400,
                         "A LOCK without a body refreshes a lock, whose "
                         "token the If header must name (RFC 4918 "
                         "9.10.2).");
        return;
    }
    if (st) {
        tp_respond_error(r->req, st, NULL);
        return;
    }
    bool mine = principal_may_use(r, &lk);
    char token[TP_DAV_TOKEN_SIZE];
    memcpy(token, lk.token, sizeof(token));
    tp_dav_lock_release(&lk);
    if (!mine) {
        tp_respond_error(r->req, 403,
                         "The lock belongs to another principal.");
        return;
    }
    int rc = tp_dav_lock_refresh(r->d->store, token, r->path,
                                 lock_timeout(r), &lk);
    if (rc == TP_DAV_ENOENT || rc == TP_DAV_EMISMATCH) {
        tp_respond_error(r->req, 412, NULL); /* expired meanwhile */
        return;
    }
    if (rc != TP_DAV_OK) {
        tp_respond_error(r->req, store_status(rc), NULL);
        return;
    }
    respond_lock(r, 200, &lk, false);
    tp_dav_lock_release(&lk);
}

/* ---- a new lock ------------------------------------------------------- */

/* The status a failed file creation answers with. */
static int create_status(int err)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR:
        return 409; /* 9.10.4 with 9.7.1: no parent collection */
    case EACCES:
    case EPERM:
    case EROFS:
        return 403;
    case ENOSPC:
    case EDQUOT:
        return 507;
    case ENAMETOOLONG:
        return 414;
    default:
        return 500;
    }
}

/*
 * 9.10.4: a LOCK of an unmapped URL creates an empty resource (RFC 2518's
 * lock-null resources are gone: it is an ordinary empty file).  Its
 * parent must be an existing collection (409 otherwise, as PUT, 9.7.1).
 * *created tells whether this request made the file; one that appeared
 * meanwhile is locked as it is.  Returns 0 or a status.
 */
static int create_empty(dav_req *r, bool *created)
{
    *created = false;
    int parent = dav_parent_check(r, r->path);
    if (parent < 0)
        return 500;
    if (parent == 0)
        return errno == ENOENT || errno == ENOTDIR ? 409 : 500;
    int fd = openat(r->d->rootfd, r->rel,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0666);
    if (fd < 0)
        return errno == EEXIST ? 0 : create_status(errno);
    close(fd);
    *created = true;
    return 0;
}

typedef struct conflicts {
    dav_req *r;
    check_targets roots;
    bool nomem;
} conflicts;

/* The store's on_conflict: the roots for no-conflicting-lock (16). */
static int conflict_add(void *ud, const tp_dav_lock *lk)
{
    conflicts *c = ud;
    char *root = tp_request_strdup(c->r->req,
                                   (tp_str){ lk->root, strlen(lk->root) });
    if (!root || !targets_add(c->r->req, &c->roots, root)) {
        c->nomem = true;
        return 1;
    }
    return 0;
}

/* 423 with no-conflicting-lock and the roots of the locks in the way. */
static void respond_conflict(dav_req *r, conflicts *c)
{
    const char **hrefs = c->nomem ? NULL : root_hrefs(r, &c->roots);
    dav_respond_condition(r->req, 423, "no-conflicting-lock", hrefs);
}

static void lock_create(dav_req *r, const lock_request *lq)
{
    /* 10.2: Depth is 0 or infinity on LOCK; absent means infinity. */
    if (r->depth != 0 && r->depth != TP_DAV_DEPTH_INFINITY &&
        r->depth != DAV_DEPTH_ABSENT) {
        tp_respond_error(r->req, 400,
                         "LOCK takes Depth 0 or infinity (RFC 4918 "
                         "9.10.3).");
        return;
    }
    bool created = false;
    if (!r->exists) {
        /* 7.4: the new member changes its parent's membership, which a
         * lock on the parent protects (mod_dav checks the parent too). */
        if (dav_lock_check(r, r->path, DAV_LOCK_MEMBER, NULL))
            return;
        int st = create_empty(r, &created);
        if (st) {
            tp_respond_error(r->req, st, NULL);
            return;
        }
    }
    tp_dav_lock lk = {
        .root = r->path,
        .depth = r->depth == 0 ? 0 : TP_DAV_DEPTH_INFINITY,
        .scope = lq->scope,
        .owner = lq->owner,
        .owner_len = lq->owner_len,
        .principal = tp_request_user(r->req),
        .timeout = lock_timeout(r),
    };
    conflicts c = { .r = r };
    int rc = tp_dav_lock_create(r->d->store, &lk, conflict_add, &c);
    if (rc != TP_DAV_OK && created)
        unlinkat(r->d->rootfd, r->rel, 0);
    if (rc == TP_DAV_ELOCKED)
        respond_conflict(r, &c);
    else if (rc == TP_DAV_ENOSPC)
        tp_respond_error(r->req, 503, "Too many active locks.");
    else if (rc != TP_DAV_OK)
        tp_respond_error(r->req, store_status(rc), NULL);
    else {
        if (created) {
            /* RFC 9110 15.3.2: the new resource's URI. */
            char *href = dav_href(r->req, r->d, r->path, false);
            if (href)
                tp_response_header(r->req, "Location", href);
        }
        respond_lock(r, created ? 201 : 200, &lk, true);
    }
}

static void lock_body_done(dav_req *r, const char *data, size_t len)
{
    if (len == 0) {
        lock_refresh(r);
        return;
    }
    tp_dav_xml *doc = dav_parse_or_respond(r, data, len);
    if (!doc)
        return;
    lock_request lq = { 0 };
    const char *why = NULL;
    int st = lockinfo_parse(tp_dav_xml_root(doc), &lq, &why);
    tp_dav_xml_free(doc);
    if (st)
        tp_respond_error(r->req, st, why);
    else
        lock_create(r, &lq);
    free(lq.owner);
}

void dav_lock(dav_req *r)
{
    dav_read_xml_body(r, lock_body_done);
}

/* ====================================================================== */
/* UNLOCK (RFC 4918 9.11)                                                 */
/* ====================================================================== */

/* Lock-Token = "Lock-Token" ":" Coded-URL (10.5): the URI inside, in the
 * arena, or NULL when the field is missing or malformed. */
static char *lock_token_field(dav_req *r)
{
    tp_str v;
    if (!tp_request_header(r->req, "Lock-Token", &v))
        return NULL;
    /* The parser took the white space around the value. */
    const char *s = v.ptr, *e = v.ptr + v.len;
    if (e - s < 3 || *s != '<' || e[-1] != '>')
        return NULL;
    tp_str uri = { s + 1, (size_t)(e - s - 2) };
    if (!is_absolute_uri(uri.ptr, uri.len))
        return NULL;
    return tp_request_strdup(r->req, uri);
}

static void unlock_mismatch(dav_req *r)
{
    /* 9.11.1: the token names no lock that applies to the request URI. */
    dav_respond_condition(r->req, 409, "lock-token-matches-request-uri",
                          NULL);
}

void dav_unlock(dav_req *r)
{
    char *token = lock_token_field(r);
    if (!token) {
        tp_respond_error(r->req, 400,
                         "UNLOCK needs a Lock-Token header with the lock's "
                         "token in angle brackets (RFC 4918 10.5).");
        return;
    }
    tp_dav_lock lk = { 0 };
    int rc = tp_dav_lock_get(r->d->store, token, &lk);
    if (rc == TP_DAV_ENOENT) {
        unlock_mismatch(r);
        return;
    }
    if (rc != TP_DAV_OK) {
        tp_respond_error(r->req, store_status(rc), NULL);
        return;
    }
    bool applies = tp_dav_lock_applies(&lk, r->path);
    bool mine = principal_may_use(r, &lk);
    tp_dav_lock_release(&lk);
    if (!applies) {
        unlock_mismatch(r);
        return;
    }
    if (!mine) {
        /* 9.11.1 lets a server refuse to let one principal remove
         * another's lock: 403. */
        tp_respond_error(r->req, 403,
                         "The lock belongs to another principal.");
        return;
    }
    /* The resource itself may be gone (removed behind the server's
     * back): its lock is removed all the same. */
    rc = tp_dav_lock_remove(r->d->store, token, r->path);
    if (rc == TP_DAV_ENOENT || rc == TP_DAV_EMISMATCH)
        unlock_mismatch(r);
    else if (rc != TP_DAV_OK)
        tp_respond_error(r->req, store_status(rc), NULL);
    else
        tp_respond(r->req, 204, NULL, NULL, 0);
}
