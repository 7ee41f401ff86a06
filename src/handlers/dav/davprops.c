/*
 * davprops.c - PROPFIND and PROPPATCH (RFC 4918 9.1, 9.2).
 *
 * A resource has two kinds of properties (RFC 4918 4).  Live ones are
 * computed here from the file system and the lock table, every time they
 * are asked for; the server enforces their values, so they are protected
 * and PROPPATCH refuses to touch them.  Dead ones are whatever a client
 * stored with PROPPATCH: the store keeps each as the XML fragment of the
 * property element, which goes back into a response byte for byte, its
 * namespaces and xml:lang included (4.3, 4.4).
 *
 * The live properties, and which resources have them:
 *
 *   creationdate      all   RFC 3339 (15.1), from the file's birth time
 *                           where the file system records one (statx
 *                           btime), else its modification time: the
 *                           inode change time would move on a chmod or a
 *                           rename, and a creation date must not.
 *   displayname       all   the last segment of the path, decoded; the
 *                           mount point's is the last segment of the mount
 *                           path, or "/" at the server's root (15.2).
 *   getcontentlength  files the size in octets (15.4).
 *   getcontenttype    files the media type GET sends (15.5).
 *   getetag           files the entity-tag GET sends (15.6).  A
 *                           collection's GET is a listing without a
 *                           validator, so a collection has no getetag,
 *                           which keeps the two consistent.
 *   getlastmodified   all   the HTTP-date of the modification time, the
 *                           same as GET's Last-Modified (15.7).
 *   resourcetype      all   <D:collection/> for a directory (15.9).
 *   supportedlock     all   and lockdiscovery (15.10, 15.8): davlock.c.
 *   lockdiscovery     all
 *
 * PROPFIND walks the tree inline with dav_walk (Depth 0 and 1 touch one
 * directory; Depth infinity is off unless the mount allows it) and builds
 * the whole 207 in memory.  Each resource costs one stat (the walker's),
 * at most one statx, one query for its dead properties and, only when
 * some lock lies in the walked tree, one for its lockdiscovery; nothing
 * grows with the number of siblings.  The fixed DAV: parts of the
 * document are written as text (see "Raw output").
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "davint.h"

/* ------------------------------------------------------------------ */
/* Shared pieces                                                       */
/* ------------------------------------------------------------------ */

/* Character data outside child elements that is more than white space:
 * the DTDs of propfind, prop, propertyupdate, set and remove (RFC 4918
 * 14) give them element content only. */
static bool has_text(const tp_dav_node *n)
{
    for (const char *t = tp_dav_node_text(n); *t; t++)
        if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\r')
            return true;
    return false;
}

/* <D:propstat><D:prop> ... and its end with the status line (14.22). */
static int propstat_open(tp_dav_out *o)
{
    tp_dav_out_open(o, TP_DAV_NS, "propstat");
    return tp_dav_out_open(o, TP_DAV_NS, "prop");
}

static int propstat_close(tp_dav_out *o, int code, const char *precondition)
{
    char line[64];
    dav_status_text(code, line);
    tp_dav_out_close(o); /* prop */
    tp_dav_out_elem(o, TP_DAV_NS, "status", line);
    if (precondition) {
        tp_dav_out_open(o, TP_DAV_NS, "error");
        tp_dav_out_elem(o, TP_DAV_NS, precondition, NULL);
        tp_dav_out_close(o);
    }
    return tp_dav_out_close(o); /* propstat */
}

/* An empty element naming a property: how names are listed (9.1). */
static int prop_name(tp_dav_out *o, const char *ns, const char *name)
{
    return tp_dav_out_elem(o, ns, name, NULL);
}

/*
 * Raw output.  A PROPFIND of a large collection writes tens of elements
 * per member, and the writer's general path (checking each name, looking
 * up each namespace binding) would dominate its cost.  The structure of a
 * multistatus and the live properties are DAV: elements with fixed names,
 * and davxml.h guarantees that DAV: is bound to the prefix D on the root
 * of every document, so they are written here as text, escaped as the
 * writer would.  Only names that come from clients (any namespace) go
 * through the writer, which declares their namespaces.
 */
static int raw_str(tp_dav_out *o, const char *s)
{
    return tp_dav_out_raw(o, s, strlen(s));
}

/* <D:name>text</D:name>; text must be XML characters
 * (tp_dav_xml_chars_ok). */
static int raw_dav_elem(tp_dav_out *o, const char *name, const char *text)
{
    char tag[48]; /* "</D:name>" */
    size_t n = strlen(name);
    if (n + 5 > sizeof(tag))
        return -EINVAL;
    memcpy(tag, "</D:", 4);
    memcpy(tag + 4, name, n);
    tag[n + 4] = '>';
    tp_dav_out_raw(o, "<", 1);
    tp_dav_out_raw(o, tag + 2, n + 3);
    tp_dav_out_raw_text(o, text, strlen(text));
    return tp_dav_out_raw(o, tag, n + 5);
}

static int raw_propstat_open(tp_dav_out *o)
{
    return raw_str(o, "<D:propstat><D:prop>");
}

static int raw_propstat_close(tp_dav_out *o, int code)
{
    char line[64];
    dav_status_text(code, line);
    raw_str(o, "</D:prop><D:status>");
    raw_str(o, line);
    return raw_str(o, "</D:status></D:propstat>");
}

/* What the grammar checks below return when memory, not the request,
 * failed: 500 rather than 422. */
static const char out_of_memory[] = "out of memory";

/* The status a store failure stands for (davstore.h). */
static int store_status(int rc)
{
    switch (rc) {
    case TP_DAV_EBUSY: return 503;
    case TP_DAV_ENOSPC:
    case TP_DAV_ETOOBIG: return 507;
    default: return 500;
    }
}

/* ------------------------------------------------------------------ */
/* Live properties                                                     */
/* ------------------------------------------------------------------ */

enum {
    LIVE_CREATIONDATE,
    LIVE_DISPLAYNAME,
    LIVE_GETCONTENTLENGTH,
    LIVE_GETCONTENTTYPE,
    LIVE_GETETAG,
    LIVE_GETLASTMODIFIED,
    LIVE_RESOURCETYPE,
    LIVE_SUPPORTEDLOCK,
    LIVE_LOCKDISCOVERY,
    LIVE_COUNT
};

static const struct {
    const char *name;
    bool files_only; /* a collection does not have it */
} live_props[LIVE_COUNT] = {
    [LIVE_CREATIONDATE] = { "creationdate", false },
    [LIVE_DISPLAYNAME] = { "displayname", false },
    [LIVE_GETCONTENTLENGTH] = { "getcontentlength", true },
    [LIVE_GETCONTENTTYPE] = { "getcontenttype", true },
    [LIVE_GETETAG] = { "getetag", true },
    [LIVE_GETLASTMODIFIED] = { "getlastmodified", false },
    [LIVE_RESOURCETYPE] = { "resourcetype", false },
    [LIVE_SUPPORTEDLOCK] = { "supportedlock", false },
    [LIVE_LOCKDISCOVERY] = { "lockdiscovery", false },
};

/* The live property (ns, name) names, or -1 for a dead one. */
static int live_id(const char *ns, const char *name)
{
    if (strcmp(ns, TP_DAV_NS))
        return -1;
    for (int i = 0; i < LIVE_COUNT; i++)
        if (!strcmp(live_props[i].name, name))
            return i;
    return -1;
}

/* One resource being reported. */
typedef struct pf_res {
    const dav_entry *e;
    bool dir;
    const char *name; /* displayname */
} pf_res;

static bool live_applies(int id, const pf_res *res)
{
    return !(res->dir && live_props[id].files_only);
}

/* 200 when the resource has the property and it can be written, 404
 * when it does not have it, 500 when its value is not writable. */
/* A file name may hold anything but '/' and NUL, so a displayname is
 * checked (tp_dav_xml_chars_ok) before it is written; so is a dead value,
 * against a database changed behind the server's back.  One bad value
 * must cost one property (500), not the whole document. */
static int live_status(int id, const pf_res *res)
{
    if (!live_applies(id, res))
        return 404;
    if (id == LIVE_DISPLAYNAME &&
        !tp_dav_xml_chars_ok(res->name, strlen(res->name)))
        return 500;
    if (id == LIVE_GETCONTENTTYPE) {
        const char *type = tp_static_type(res->name); /* from mime.types */
        if (!tp_dav_xml_chars_ok(type, strlen(type)))
            return 500;
    }
    return 200;
}

/* RFC 4918 15.1: creationdate is an RFC 3339 date-time, here in UTC. */
static void creation_date(const dav *d, const dav_entry *e, char out[32])
{
    time_t t = e->st->st_mtim.tv_sec;
    struct statx sx;
    if (statx(d->rootfd, e->rel, AT_NO_AUTOMOUNT, STATX_BTIME, &sx) == 0
        && (sx.stx_mask & STATX_BTIME))
        t = (time_t)sx.stx_btime.tv_sec;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* ------------------------------------------------------------------ */
/* PROPFIND: where the locks are                                       */
/* ------------------------------------------------------------------ */

/*
 * lockdiscovery lists the locks that apply to a resource (15.8): those
 * rooted at it and the depth-infinity ones rooted above it (7).  Asking
 * the store costs a query per ancestor, for every resource, though
 * almost all have no lock.  So the walk first reads where the locks are,
 * with two queries: those that apply to its start, and those rooted
 * below it.  Only a resource that some lock applies to is then asked
 * about, and the store writes its lockdiscovery.
 */
typedef struct lock_root {
    char *root;
    bool deep; /* one of its locks has depth infinity */
} lock_root;

typedef struct lock_map {
    bool all;        /* a depth-infinity lock covers the whole walk */
    bool start;      /* some lock applies to the start */
    lock_root *v;    /* the roots below the start, sorted, unique */
    size_t n, cap;
    bool nomem;
} lock_map;

static int lock_map_covering(void *ud, const tp_dav_lock *lock)
{
    lock_map *m = ud;
    m->start = true;
    if (lock->depth == TP_DAV_DEPTH_INFINITY)
        m->all = true;
    return 0;
}

/* Called with the store's lock held: memory only. */
static int lock_map_below(void *ud, const tp_dav_lock *lock)
{
    lock_map *m = ud;
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 8;
        lock_root *v = realloc(m->v, cap * sizeof(*v));
        if (!v) {
            m->nomem = true;
            return 1;
        }
        m->v = v;
        m->cap = cap;
    }
    char *root = strdup(lock->root);
    if (!root) {
        m->nomem = true;
        return 1;
    }
    m->v[m->n++] = (lock_root){ root,
                                lock->depth == TP_DAV_DEPTH_INFINITY };
    return 0;
}

static int lock_root_cmp(const void *a, const void *b)
{
    return strcmp(((const lock_root *)a)->root,
                  ((const lock_root *)b)->root);
}

/* Sorts the roots and merges the locks sharing one (shared locks). */
static void lock_map_index(lock_map *m)
{
    if (m->n == 0)
        return;
    qsort(m->v, m->n, sizeof(*m->v), lock_root_cmp);
    size_t w = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (w > 0 && !strcmp(m->v[w - 1].root, m->v[i].root)) {
            m->v[w - 1].deep |= m->v[i].deep;
            free(m->v[i].root);
        } else {
            m->v[w++] = m->v[i];
        }
    }
    m->n = w;
}

static void lock_map_free(lock_map *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i].root);
    free(m->v);
    m->v = NULL;
    m->n = m->cap = 0;
}

/* Returns 0, or -1 when the store or memory failed. */
static int lock_map_build(lock_map *m, tp_dav_store *st, const char *start)
{
    int rc = tp_dav_locks_covering(st, start, lock_map_covering, m);
    if (rc == 0 && !m->all)
        rc = tp_dav_locks_below(st, start, lock_map_below, m);
    if (rc != 0 || m->nomem)
        return -1;
    lock_map_index(m);
    return 0;
}

/* The root among the map's equal to the first len bytes of path. */
static const lock_root *lock_map_find(const lock_map *m, const char *path,
                                      size_t len)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *root = m->v[mid].root;
        int c = strncmp(path, root, len);
        if (c == 0)
            c = root[len] ? -1 : 0;
        if (c == 0)
            return &m->v[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* Whether some lock may apply to path, a resource of the walk from
 * start: path's own locks, or a depth-infinity one on an ancestor
 * between start and path. */
static bool lock_map_applies(const lock_map *m, const char *start,
                             const char *path)
{
    size_t sl = strlen(start), n = strlen(path);
    if (m->all || n == sl)
        return m->all || m->start;
    if (m->n == 0)
        return false;
    for (size_t i = sl + 1; i < n; i++) {
        if (path[i] != '/')
            continue;
        const lock_root *lr = lock_map_find(m, path, i);
        if (lr && lr->deep)
            return true;
    }
    return lock_map_find(m, path, n) != NULL;
}

/* ------------------------------------------------------------------ */
/* PROPFIND: the request                                               */
/* ------------------------------------------------------------------ */

typedef enum pf_mode { PF_ALLPROP, PF_PROPNAME, PF_PROP } pf_mode;

/* A property the request names, in DAV:prop or DAV:include. */
typedef struct pf_name {
    const char *ns, *name;
    int live;  /* live_id() */
    bool dup;  /* named before in the same request: reported once */
    int code;  /* for the resource being reported: 404 while nothing
                  was found, 0 once it is reported (or failed) */
} pf_name;

typedef struct pf_fail {
    const char *ns, *name;
} pf_fail;

typedef struct propfind {
    dav_req *r;
    pf_mode mode;
    pf_name *names;      /* DAV:prop's, or DAV:include's with allprop */
    size_t nnames;
    pf_name **dead;      /* the dead ones, not dup, sorted by (ns, name) */
    size_t ndead;
    tp_dav_out *o;
    /* the resource being reported */
    const pf_res *res;
    bool ok_open;        /* its 200 propstat is open */
    pf_fail *fails;      /* its properties that could not be written */
    size_t nfails, fails_cap;
    bool fail_oom;
    lock_map locks;      /* where the locks are, when lockdiscovery is
                            wanted */
    char *slock;         /* supportedlock, written once (malloc'd) */
    size_t slock_len;
    char root_name[256]; /* displayname of the mount point */
} propfind;

static int name_cmp(const char *ns1, const char *n1, const char *ns2,
                    const char *n2)
{
    int c = strcmp(ns1, ns2);
    return c ? c : strcmp(n1, n2);
}

/* Sorting by name, ties by position, so the first of equal names comes
 * first and the later ones are the duplicates. */
static int name_ptr_cmp(const void *a, const void *b)
{
    const pf_name *x = *(pf_name *const *)a, *y = *(pf_name *const *)b;
    int c = name_cmp(x->ns, x->name, y->ns, y->name);
    return c ? c : (x > y) - (x < y);
}

/* Marks repeated names and builds the sorted index of dead ones that
 * matches a stored property to the name asking for it in O(log n). */
static bool pf_index_names(propfind *pf)
{
    if (pf->nnames == 0)
        return true;
    tp_request *req = pf->r->req;
    pf_name **all = tp_request_alloc(req, pf->nnames * sizeof(*all));
    if (!all)
        return false;
    for (size_t i = 0; i < pf->nnames; i++)
        all[i] = &pf->names[i];
    qsort(all, pf->nnames, sizeof(*all), name_ptr_cmp);
    pf->dead = all; /* compacted in place: dead survivors only */
    pf->ndead = 0;
    for (size_t i = 0; i < pf->nnames; i++) {
        pf_name *n = all[i];
        n->dup = i > 0 && !name_cmp(n->ns, n->name, all[i - 1]->ns,
                                    all[i - 1]->name);
        if (!n->dup && n->live < 0)
            all[pf->ndead++] = n;
    }
    return true;
}

static pf_name *pf_find_dead(const propfind *pf, const char *ns,
                             const char *name)
{
    size_t lo = 0, hi = pf->ndead;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = name_cmp(ns, name, pf->dead[mid]->ns, pf->dead[mid]->name);
        if (c == 0)
            return pf->dead[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* The property names among n's children (RFC 4918 14.18: in PROPFIND a
 * DAV:prop holds names, whose content, if any, is ignored). */
static const char *pf_collect(propfind *pf, const tp_dav_node *n)
{
    if (has_text(n))
        return "text where only property names belong";
    size_t count = tp_dav_node_count(n);
    if (count == 0)
        return NULL;
    pf->names = tp_request_alloc(pf->r->req, count * sizeof(*pf->names));
    if (!pf->names)
        return out_of_memory;
    for (const tp_dav_node *c = tp_dav_node_first(n); c;
         c = tp_dav_node_next(c)) {
        pf_name *pn = &pf->names[pf->nnames++];
        pn->ns = tp_dav_node_ns(c);
        pn->name = tp_dav_node_name(c);
        pn->live = live_id(pn->ns, pn->name);
        pn->dup = false;
        pn->code = 0;
    }
    return NULL;
}

/*
 * RFC 4918 14.20: <!ELEMENT propfind ( propname | (allprop, include?) |
 * prop ) >.  Returns NULL when the body follows it, else why not (422,
 * RFC 4918 11.2: well-formed XML that makes no sense as a request).
 * Elements the grammar does not name are ignored, in whatever namespace
 * (RFC 4918 17: unknown elements are skipped, so that later extensions
 * do not break old servers).
 */
static const char *pf_parse(propfind *pf, const tp_dav_node *root)
{
    static const char *const kinds[] = { "allprop", "propname", "prop",
                                         "include" };
    const tp_dav_node *seen[4] = { NULL, NULL, NULL, NULL };
    if (!tp_dav_node_is(root, TP_DAV_NS, "propfind"))
        return "the root element is not DAV:propfind";
    if (has_text(root))
        return "text inside DAV:propfind";
    for (const tp_dav_node *c = tp_dav_node_first(root); c;
         c = tp_dav_node_next(c)) {
        for (size_t k = 0; k < 4; k++) {
            if (!tp_dav_node_is(c, TP_DAV_NS, kinds[k]))
                continue;
            if (seen[k])
                return "an element of DAV:propfind appears twice";
            seen[k] = c;
        }
    }
    if (!!seen[0] + !!seen[1] + !!seen[2] != 1)
        return "DAV:propfind needs exactly one of DAV:allprop, "
               "DAV:propname and DAV:prop";
    if (seen[3] && !seen[0])
        return "DAV:include goes only with DAV:allprop";
    const char *why = NULL;
    if (seen[0]) {
        pf->mode = PF_ALLPROP;
        if (seen[3])
            why = pf_collect(pf, seen[3]);
    } else if (seen[1]) {
        pf->mode = PF_PROPNAME;
    } else {
        pf->mode = PF_PROP;
        why = pf_collect(pf, seen[2]);
        if (!why && pf->nnames == 0)
            why = "DAV:prop names no property";
    }
    return why;
}

/* ------------------------------------------------------------------ */
/* PROPFIND: one resource                                              */
/* ------------------------------------------------------------------ */

static int live_write(propfind *pf, int id)
{
    const pf_res *res = pf->res;
    tp_dav_out *o = pf->o;
    const char *name = live_props[id].name;
    const struct stat *st = res->e->st;
    char buf[96];
    switch (id) {
    case LIVE_CREATIONDATE:
        creation_date(pf->r->d, res->e, buf);
        return raw_dav_elem(o, name, buf);
    case LIVE_DISPLAYNAME:
        return raw_dav_elem(o, name, res->name);
    case LIVE_GETCONTENTLENGTH:
        snprintf(buf, sizeof(buf), "%jd", (intmax_t)st->st_size);
        return raw_dav_elem(o, name, buf);
    case LIVE_GETCONTENTTYPE:
        return raw_dav_elem(o, name, tp_static_type(res->name));
    case LIVE_GETETAG:
        dav_etag(st, buf);
        return raw_dav_elem(o, name, buf);
    case LIVE_GETLASTMODIFIED:
        tp_http_date(st->st_mtim.tv_sec, buf);
        return raw_dav_elem(o, name, buf);
    case LIVE_RESOURCETYPE:
        return raw_str(o, res->dir ? "<D:resourcetype><D:collection/>"
                                     "</D:resourcetype>"
                                   : "<D:resourcetype/>");
    case LIVE_SUPPORTEDLOCK:
        if (pf->slock)
            return tp_dav_out_raw(o, pf->slock, pf->slock_len);
        return dav_write_supportedlock(o);
    default:
        if (!lock_map_applies(&pf->locks, pf->r->path, res->e->path))
            return raw_str(o, "<D:lockdiscovery/>");
        return dav_write_lockdiscovery(pf->r, o, res->e->path);
    }
}

static int pf_ok_open(propfind *pf)
{
    if (pf->ok_open)
        return 0;
    pf->ok_open = true;
    return raw_propstat_open(pf->o);
}

static int pf_ok_close(propfind *pf)
{
    if (!pf->ok_open)
        return 0;
    pf->ok_open = false;
    return raw_propstat_close(pf->o, 200);
}

/* Remembers a property for the 500 propstat.  The names of dead ones
 * live only as long as the store's callback, so they are copied. */
static void pf_fail_add(propfind *pf, const char *ns, const char *name,
                        bool copy)
{
    if (pf->nfails == pf->fails_cap) {
        size_t cap = pf->fails_cap ? 2 * pf->fails_cap : 4;
        pf_fail *f = realloc(pf->fails, cap * sizeof(*f));
        if (!f) {
            pf->fail_oom = true;
            return;
        }
        pf->fails = f;
        pf->fails_cap = cap;
    }
    if (copy) {
        tp_request *req = pf->r->req;
        ns = tp_request_strdup(req, (tp_str){ ns, strlen(ns) });
        name = tp_request_strdup(req, (tp_str){ name, strlen(name) });
        if (!ns || !name) {
            pf->fail_oom = true;
            return;
        }
    }
    pf->fails[pf->nfails++] = (pf_fail){ ns, name };
}

/* Called by the store for each dead property of the resource, with the
 * store's lock held: it writes into the document and nothing else. */
static int pf_dead_cb(void *ud, const tp_dav_prop *p)
{
    propfind *pf = ud;
    pf_name *asked = pf_find_dead(pf, p->ns, p->name);
    if (pf->mode == PF_PROP && !asked)
        return 0;
    if (asked)
        asked->code = 0;
    if (pf->mode == PF_PROPNAME) {
        pf_ok_open(pf);
        prop_name(pf->o, p->ns, p->name);
        return 0;
    }
    if (!tp_dav_xml_chars_ok(p->value, p->value_len)) {
        pf_fail_add(pf, p->ns, p->name, true);
        return 0;
    }
    pf_ok_open(pf);
    tp_dav_out_raw(pf->o, p->value, p->value_len);
    return 0;
}

/* The dead properties: all of them for allprop and propname, the asked
 * ones for prop.  Returns 0 or the status of a store failure. */
static int pf_dead(propfind *pf)
{
    if (pf->mode == PF_PROP && pf->ndead == 0)
        return 0;
    int rc = tp_dav_prop_list(pf->r->d->store, pf->res->e->path, pf_dead_cb,
                              pf);
    return rc < 0 ? store_status(rc) : 0;
}

/* The live properties that allprop and propname report (RFC 4918 9.1:
 * allprop gives every live property this specification defines). */
static int pf_live_all(propfind *pf)
{
    const pf_res *res = pf->res;
    for (int id = 0; id < LIVE_COUNT; id++) {
        if (!live_applies(id, res))
            continue;
        if (pf->mode == PF_PROPNAME) {
            pf_ok_open(pf);
            raw_str(pf->o, "<D:");
            raw_str(pf->o, live_props[id].name);
            raw_str(pf->o, "/>");
        } else if (live_status(id, res) == 500) {
            pf_fail_add(pf, TP_DAV_NS, live_props[id].name, false);
        } else {
            pf_ok_open(pf);
            int rc = live_write(pf, id);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

/* The live properties DAV:prop names. */
static int pf_live_asked(propfind *pf)
{
    for (size_t i = 0; i < pf->nnames; i++) {
        pf_name *n = &pf->names[i];
        if (n->dup || n->live < 0)
            continue;
        n->code = live_status(n->live, pf->res);
        if (n->code == 404)
            continue;
        if (n->code == 500) {
            pf_fail_add(pf, n->ns, n->name, false);
        } else {
            pf_ok_open(pf);
            int rc = live_write(pf, n->live);
            if (rc < 0)
                return rc;
        }
        n->code = 0;
    }
    return 0;
}

/* The asked names nothing was found for, in a 404 propstat (9.1: "a
 * response for each property, saying it does not exist"). */
static int pf_missing(propfind *pf)
{
    bool open = false;
    for (size_t i = 0; i < pf->nnames; i++) {
        const pf_name *n = &pf->names[i];
        if (n->dup || n->code != 404)
            continue;
        if (!open)
            raw_propstat_open(pf->o);
        open = true;
        prop_name(pf->o, n->ns, n->name);
    }
    return open ? raw_propstat_close(pf->o, 404) : 0;
}

static int pf_failed(propfind *pf)
{
    if (pf->nfails == 0)
        return 0;
    raw_propstat_open(pf->o);
    for (size_t i = 0; i < pf->nfails; i++)
        prop_name(pf->o, pf->fails[i].ns, pf->fails[i].name);
    return raw_propstat_close(pf->o, 500);
}

/* Where an included live property goes with allprop: the ones allprop
 * already reports are done, the others are missing. */
static void pf_include_live(propfind *pf)
{
    for (size_t i = 0; i < pf->nnames; i++) {
        pf_name *n = &pf->names[i];
        if (n->live >= 0)
            n->code = live_applies(n->live, pf->res) ? 0 : 404;
    }
}

/* The name of the resource: its last segment.  The store path is already
 * decoded, so it is a suffix of the path. */
static const char *pf_display(const propfind *pf, const char *path)
{
    if (!strcmp(path, "/"))
        return pf->root_name;
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The propstats of one resource.  Returns 0, a negative writer error,
 * or the status of a store failure. */
static int pf_propstats(propfind *pf)
{
    for (size_t i = 0; i < pf->nnames; i++)
        pf->names[i].code = pf->names[i].live < 0 ? 404 : 0;
    pf->nfails = 0;
    pf->ok_open = false;
    int rc = 0;
    if (pf->mode == PF_PROP) {
        rc = pf_live_asked(pf);
    } else {
        rc = pf_live_all(pf);
        pf_include_live(pf);
    }
    if (rc == 0)
        rc = pf_dead(pf);
    if (rc != 0)
        return rc;
    if (pf->fail_oom)
        return -ENOMEM;
    pf_ok_close(pf);
    pf_missing(pf);
    return pf_failed(pf);
}

static int pf_visit(void *ud, const dav_entry *e)
{
    propfind *pf = ud;
    tp_request *req = pf->r->req;
    bool dir = S_ISDIR(e->st->st_mode);
    const char *href = dav_href(req, pf->r->d, e->path, dir);
    if (!href)
        return 500;
    if (e->repeated) {
        /* RFC 5842 7.1: a collection met again through another binding
         * is named, not described again, and not entered. */
        dav_ms_status(pf->o, href, 208, NULL, NULL);
        return DAV_WALK_SKIP;
    }
    pf_res res = { .e = e, .dir = dir, .name = pf_display(pf, e->path) };
    pf->res = &res;
    raw_str(pf->o, "<D:response><D:href>");
    tp_dav_out_raw_text(pf->o, href, strlen(href));
    raw_str(pf->o, "</D:href>");
    int rc = pf_propstats(pf);
    pf->res = NULL;
    if (rc != 0)
        return rc > 0 ? rc : 500;
    /* the writer's error sticks: stop at once rather than walk on */
    return raw_str(pf->o, "</D:response>") < 0 ? 500 : 0;
}

/* Whether the request reports the value of live property id. */
static bool pf_wants(const propfind *pf, int id)
{
    if (pf->mode != PF_PROP)
        return pf->mode == PF_ALLPROP;
    for (size_t i = 0; i < pf->nnames; i++)
        if (pf->names[i].live == id)
            return true;
    return false;
}

/* supportedlock is the same for every resource, so it is written once and
 * copied into each response.  Written alone it declares DAV: on its own
 * start tag; inside the multistatus, where D is DAV: already, that
 * declaration is left out when it is exactly the one expected.  On any
 * failure each response writes its own. */
static void pf_render_supportedlock(propfind *pf)
{
    static const char head[] = "<D:supportedlock";
    static const char decl[] = " xmlns:D=\"DAV:\"";
    tp_dav_out *f = tp_dav_out_new_fragment(4096);
    const char *data;
    size_t len;
    if (!f || dav_write_supportedlock(f) < 0
        || tp_dav_out_finish(f, &data, &len) < 0
        || !(pf->slock = malloc(len))) {
        tp_dav_out_free(f);
        return;
    }
    size_t hl = strlen(head), dl = strlen(decl);
    if (len > hl + dl && !memcmp(data, head, hl)
        && !memcmp(data + hl, decl, dl)) {
        memcpy(pf->slock, head, hl);
        memcpy(pf->slock + hl, data + hl + dl, len - hl - dl);
        pf->slock_len = len - dl;
    } else {
        memcpy(pf->slock, data, len);
        pf->slock_len = len;
    }
    tp_dav_out_free(f);
}

/* The mount point's displayname: the last segment of its URL path,
 * decoded, or "/" for a mount at the server's root. */
static void pf_root_name(const dav *d, char *out, size_t cap)
{
    const char *seg = strrchr(d->prefix, '/');
    seg = seg ? seg + 1 : d->prefix;
    size_t n = strlen(seg), o = 0;
    if (n == 0) {
        snprintf(out, cap, "/");
        return;
    }
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        int c = tp_pct_decode(seg + i, n - i);
        if (c >= 0) {
            out[o++] = (char)c;
            i += 2;
        } else {
            out[o++] = seg[i];
        }
    }
    out[o] = '\0';
}

/* ------------------------------------------------------------------ */
/* PROPFIND                                                            */
/* ------------------------------------------------------------------ */

/* RFC 4918 9.1: no Depth header means infinity. */
static int pf_depth(const dav_req *r)
{
    return r->depth == DAV_DEPTH_ABSENT ? TP_DAV_DEPTH_INFINITY : r->depth;
}

static void pf_answer_walk(propfind *pf, int rc)
{
    tp_request *req = pf->r->req;
    if (rc == 0) {
        dav_ms_send(req, pf->o);
        pf->o = NULL;
        return;
    }
    /* whatever was built is dropped: a partial multistatus would read as
     * a complete answer about fewer resources */
    tp_dav_out_free(pf->o);
    pf->o = NULL;
    if (rc == 508)
        tp_respond_error(req, 508, "the collection contains itself through "
                                   "a link; send \"DAV: bind\" to have "
                                   "repeated members reported as 208");
    else if (rc == -ENOENT || rc == -ENOTDIR)
        tp_respond_error(req, 404, NULL);
    else if (rc == -EACCES)
        tp_respond_error(req, 403, "the collection cannot be read");
    else if (rc == 503)
        tp_respond_error(req, 503, "the property store is busy");
    else
        tp_respond_error(req, 500, "the multistatus response could not be "
                                   "built");
}

static void pf_run(propfind *pf)
{
    dav_req *r = pf->r;
    if (!pf_index_names(pf)) {
        tp_respond_error(r->req, 500, NULL);
        return;
    }
    pf_root_name(r->d, pf->root_name, sizeof(pf->root_name));
    if (pf_wants(pf, LIVE_LOCKDISCOVERY)
        && lock_map_build(&pf->locks, r->d->store, r->path) < 0) {
        tp_respond_error(r->req, 500, NULL);
        return;
    }
    if (pf_wants(pf, LIVE_SUPPORTEDLOCK))
        pf_render_supportedlock(pf);
    pf->o = dav_ms_begin();
    if (!pf->o) {
        tp_respond_error(r->req, 500, NULL);
        return;
    }
    int rc = dav_walk(r->d, r->path, r->rel, pf_depth(r), r->bind, 0,
                      pf_visit, pf);
    pf_answer_walk(pf, rc);
}

static void pf_body(dav_req *r, const char *data, size_t len)
{
    propfind pf = { .r = r, .mode = PF_ALLPROP };
    tp_dav_xml *doc = NULL;
    if (len > 0) {
        /* RFC 4918 9.1: no body means allprop */
        doc = dav_parse_or_respond(r, data, len);
        if (!doc)
            return;
        const char *why = pf_parse(&pf, tp_dav_xml_root(doc));
        if (why) {
            tp_respond_error(r->req, why == out_of_memory ? 500 : 422, why);
            tp_dav_xml_free(doc);
            return;
        }
    }
    pf_run(&pf);
    free(pf.fails);
    free(pf.slock);
    lock_map_free(&pf.locks);
    tp_dav_xml_free(doc);
}

void dav_propfind(dav_req *r)
{
    int depth = pf_depth(r); /* dav.c refused any other value */
    if (!r->exists) {
        tp_respond_error(r->req, 404, NULL);
        return;
    }
    if (depth == TP_DAV_DEPTH_INFINITY && !r->d->opt.depth_infinity) {
        /* RFC 4918 9.1: a server may refuse Depth infinity, with this
         * precondition (16); an absent Depth counts as infinity. */
        dav_respond_condition(r->req, 403, "propfind-finite-depth", NULL);
        return;
    }
    dav_read_xml_body(r, pf_body);
}

/* ------------------------------------------------------------------ */
/* PROPPATCH                                                           */
/* ------------------------------------------------------------------ */

/* One instruction: set or remove one property. */
typedef struct pp_op {
    const tp_dav_node *prop; /* the property element */
    bool set;
    int code;                /* its outcome */
} pp_op;

typedef struct proppatch {
    dav_req *r;
    pp_op *ops;
    size_t nops;
} proppatch;

/* The one DAV:prop of a DAV:set or DAV:remove, or NULL if there is not
 * exactly one. */
static const tp_dav_node *pp_prop_of(const tp_dav_node *instr)
{
    const tp_dav_node *prop = NULL;
    for (const tp_dav_node *c = tp_dav_node_first(instr); c;
         c = tp_dav_node_next(c)) {
        if (!tp_dav_node_is(c, TP_DAV_NS, "prop"))
            continue;
        if (prop)
            return NULL;
        prop = c;
    }
    return prop;
}

static bool pp_is_instruction(const tp_dav_node *n)
{
    return tp_dav_node_is(n, TP_DAV_NS, "set")
           || tp_dav_node_is(n, TP_DAV_NS, "remove");
}

/* Checks every DAV:set and DAV:remove and counts their properties. */
static const char *pp_check(const tp_dav_node *root, size_t *count)
{
    *count = 0;
    for (const tp_dav_node *c = tp_dav_node_first(root); c;
         c = tp_dav_node_next(c)) {
        if (!pp_is_instruction(c))
            continue;
        const tp_dav_node *prop = pp_prop_of(c);
        if (!prop)
            return "each DAV:set and DAV:remove holds one DAV:prop";
        if (has_text(c) || has_text(prop))
            return "text where only elements belong";
        if (tp_dav_node_count(prop) == 0)
            return "a DAV:prop of DAV:propertyupdate names no property";
        *count += tp_dav_node_count(prop);
    }
    return *count ? NULL : "DAV:propertyupdate holds no DAV:set or "
                           "DAV:remove";
}

/*
 * RFC 4918 14.19: <!ELEMENT propertyupdate (remove | set)+ >, each with
 * one DAV:prop holding the properties (14.23, 14.26).  Returns NULL or
 * why the body does not follow it (422).  Unknown elements are ignored
 * (17).
 */
static const char *pp_parse(proppatch *pp, const tp_dav_node *root)
{
    if (!tp_dav_node_is(root, TP_DAV_NS, "propertyupdate"))
        return "the root element is not DAV:propertyupdate";
    if (has_text(root))
        return "text inside DAV:propertyupdate";
    size_t count;
    const char *why = pp_check(root, &count);
    if (why)
        return why;
    pp->ops = tp_request_alloc(pp->r->req, count * sizeof(*pp->ops));
    if (!pp->ops)
        return out_of_memory;
    for (const tp_dav_node *c = tp_dav_node_first(root); c;
         c = tp_dav_node_next(c)) {
        if (!pp_is_instruction(c))
            continue;
        bool set = tp_dav_node_is(c, TP_DAV_NS, "set");
        for (const tp_dav_node *p = tp_dav_node_first(pp_prop_of(c)); p;
             p = tp_dav_node_next(p))
            pp->ops[pp->nops++] = (pp_op){ .prop = p, .set = set,
                                           .code = 200 };
    }
    return NULL;
}

/* The 207 (RFC 4918 9.2.1): every property of the request in a propstat
 * with its outcome; a protected one carries the precondition it broke. */
static void pp_send(proppatch *pp)
{
    static const int order[] = { 403, 507, 424, 200 };
    dav_req *r = pp->r;
    tp_dav_out *o = dav_ms_begin();
    if (!o) {
        tp_respond_error(r->req, 500, NULL);
        return;
    }
    tp_dav_out_open(o, TP_DAV_NS, "response");
    tp_dav_out_elem(o, TP_DAV_NS, "href",
                    dav_href(r->req, r->d, r->path, S_ISDIR(r->st.st_mode)));
    for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
        bool open = false;
        for (size_t i = 0; i < pp->nops; i++) {
            const pp_op *op = &pp->ops[i];
            if (op->code != order[k])
                continue;
            if (!open)
                propstat_open(o);
            open = true;
            prop_name(o, tp_dav_node_ns(op->prop),
                      tp_dav_node_name(op->prop));
        }
        if (open)
            propstat_close(o, order[k],
                           order[k] == 403 ? "cannot-modify-protected-property"
                                           : NULL);
    }
    tp_dav_out_close(o);
    dav_ms_send(r->req, o);
}

/* Every property that did not fail on its own fails with the request:
 * 424 Failed Dependency (RFC 4918 9.2, 11.4). */
static void pp_fail_others(proppatch *pp)
{
    for (size_t i = 0; i < pp->nops; i++)
        if (pp->ops[i].code == 200)
            pp->ops[i].code = 424;
}

/* RFC 4918 9.2.1, 15: the live properties are computed by the server and
 * cannot be set or removed.  True when one of them is in the request. */
static bool pp_protected(proppatch *pp)
{
    bool any = false;
    for (size_t i = 0; i < pp->nops; i++) {
        pp_op *op = &pp->ops[i];
        if (live_id(tp_dav_node_ns(op->prop), tp_dav_node_name(op->prop))
            >= 0) {
            op->code = 403;
            any = true;
        }
    }
    return any;
}

/* Adds one instruction to the patch.  Returns 0 (or 507 recorded on the
 * property: too large for the store) or the status of a failure that
 * ends the request. */
static int pp_add(tp_dav_patch *p, pp_op *op)
{
    const char *ns = tp_dav_node_ns(op->prop);
    const char *name = tp_dav_node_name(op->prop);
    int rc;
    if (op->set) {
        /* the value is the whole element, so its attributes, xml:lang
         * and namespaces come back as they were sent (4.3, 4.4) */
        char *xml;
        size_t len;
        if (tp_dav_node_to_xml(op->prop, &xml, &len) < 0)
            return 500;
        rc = tp_dav_patch_set(p, ns, name, xml, len);
        free(xml);
    } else {
        rc = tp_dav_patch_remove(p, ns, name);
    }
    if (rc == TP_DAV_ETOOBIG) {
        op->code = 507;
        return 0;
    }
    return rc < 0 ? store_status(rc) : 0;
}

/* RFC 4918 9.2: the instructions in document order, all or none. */
static void pp_apply(proppatch *pp)
{
    dav_req *r = pp->r;
    tp_dav_patch *p = tp_dav_patch_begin(r->d->store, r->path);
    if (!p) {
        tp_respond_error(r->req, 500, NULL);
        return;
    }
    bool refused = false;
    for (size_t i = 0; i < pp->nops; i++) {
        int st = pp_add(p, &pp->ops[i]);
        if (st) {
            tp_dav_patch_rollback(p);
            tp_respond_error(r->req, st, NULL);
            return;
        }
        refused |= pp->ops[i].code != 200;
    }
    if (refused) {
        tp_dav_patch_rollback(p);
        pp_fail_others(pp);
        pp_send(pp);
        return;
    }
    int rc = tp_dav_patch_commit(p);
    if (rc == TP_DAV_ENOSPC) {
        /* 9.2.1: 507 for every property when none could be stored */
        for (size_t i = 0; i < pp->nops; i++)
            pp->ops[i].code = 507;
    } else if (rc < 0) {
        tp_respond_error(r->req, store_status(rc), NULL);
        return;
    }
    pp_send(pp);
}

static void pp_run(proppatch *pp, const tp_dav_node *root)
{
    dav_req *r = pp->r;
    const char *why = pp_parse(pp, root);
    if (why) {
        tp_respond_error(r->req, why == out_of_memory ? 500 : 422, why);
        return;
    }
    /* RFC 4918 7: a locked resource changes only for a lock holder */
    if (dav_lock_check(r, r->path, 0, NULL) != 0)
        return;
    if (pp_protected(pp)) {
        pp_fail_others(pp);
        pp_send(pp);
        return;
    }
    pp_apply(pp);
}

static void pp_body(dav_req *r, const char *data, size_t len)
{
    if (len == 0) {
        /* 9.2: the body is the propertyupdate; there is nothing to do
         * without one (400, as mod_dav answers) */
        tp_respond_error(r->req, 400, "PROPPATCH needs a "
                                      "DAV:propertyupdate body");
        return;
    }
    tp_dav_xml *doc = dav_parse_or_respond(r, data, len);
    if (!doc)
        return;
    proppatch pp = { .r = r };
    pp_run(&pp, tp_dav_xml_root(doc));
    tp_dav_xml_free(doc);
}

void dav_proppatch(dav_req *r)
{
    if (!r->exists) {
        tp_respond_error(r->req, 404, NULL);
        return;
    }
    dav_read_xml_body(r, pp_body);
}
