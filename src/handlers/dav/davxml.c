/*
 * davxml.c - WebDAV request bodies parsed with expat in namespace mode
 * into an arena-held tree, and the XML writer for responses and stored
 * property values (RFC 4918 14, 4.3).
 *
 * The tree keeps text runs as hidden children so that mixed content in a
 * dead property survives a round trip; the public navigation skips them.
 */
#include <errno.h>
#include <expat.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "davxml.h"

/* Expat joins "URI<SEP>local".  U+0001 cannot occur in an XML 1.0
 * document, so it cannot occur in a namespace URI either. */
#define DX_SEP '\x01'

/* Arena chunks; bigger requests get a chunk of their own. */
#define DX_CHUNK 16384u

/* Initial sizes of growing buffers. */
#define DX_BUF_INIT 1024u

/* ------------------------------------------------------------------ */
/* The tree                                                            */
/* ------------------------------------------------------------------ */

typedef struct dx_chunk {
    struct dx_chunk *next;
    size_t used, size;
    max_align_t data[];
} dx_chunk;

struct tp_dav_node {
    bool is_text;              /* a text run: only text and next are set */
    const char *ns, *name, *text, *lang;
    tp_dav_node *parent, *first, *last, *next; /* all children, in order */
    tp_dav_attr *attrs;
    size_t nattrs;
};

struct tp_dav_xml {
    dx_chunk *chunks;
    tp_dav_node *root;
};

static void *dx_alloc(tp_dav_xml *doc, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t)
        * sizeof(max_align_t);
    dx_chunk *c = doc->chunks;
    if (!c || c->size - c->used < n) {
        size_t size = n > DX_CHUNK ? n : DX_CHUNK;
        dx_chunk *nc = malloc(sizeof(*nc) + size);
        if (!nc)
            return NULL;
        nc->used = 0;
        nc->size = size;
        if (c && n > DX_CHUNK) { /* keep the current chunk's free space */
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            doc->chunks = nc;
        }
        c = nc;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

static char *dx_strndup(tp_dav_xml *doc, const char *s, size_t n)
{
    char *p = dx_alloc(doc, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void tp_dav_xml_free(tp_dav_xml *doc)
{
    if (!doc)
        return;
    for (dx_chunk *c = doc->chunks, *n; c; c = n) {
        n = c->next;
        free(c);
    }
    free(doc);
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

typedef struct dx_parse {
    XML_Parser p;
    tp_dav_xml *doc;
    tp_dav_node *cur;     /* the open element */
    unsigned depth;
    size_t elements;
    int status;           /* set by a handler that stopped the parser */
    char *why;
    size_t cap;
    char *run;            /* character data not yet attached */
    size_t run_len, run_cap;
} dx_parse;

static void dx_stop(dx_parse *ps, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void dx_stop(dx_parse *ps, int status, const char *fmt, ...)
{
    if (ps->status)
        return;
    ps->status = status;
    if (ps->cap) {
        int n = snprintf(ps->why, ps->cap, "line %lu, column %lu: ",
                         (unsigned long)XML_GetCurrentLineNumber(ps->p),
                         (unsigned long)XML_GetCurrentColumnNumber(ps->p) + 1);
        if (n >= 0 && (size_t)n < ps->cap) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(ps->why + n, ps->cap - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    XML_StopParser(ps->p, XML_FALSE);
}

/* Splits expat's "URI<SEP>local" (or "local") into arena strings. */
static int dx_split(dx_parse *ps, const char *qn, const char **ns,
                    const char **name)
{
    const char *sep = strrchr(qn, DX_SEP);
    const char *local = sep ? sep + 1 : qn;
    size_t ns_len = sep ? (size_t)(sep - qn) : 0;
    size_t local_len = strlen(local);
    if (ns_len > TP_DAV_XML_MAX_NS) {
        dx_stop(ps, 413, "namespace name longer than %u bytes",
                TP_DAV_XML_MAX_NS);
        return -1;
    }
    if (local_len > TP_DAV_XML_MAX_NAME) {
        dx_stop(ps, 413, "name longer than %u bytes", TP_DAV_XML_MAX_NAME);
        return -1;
    }
    *ns = ns_len ? dx_strndup(ps->doc, qn, ns_len) : "";
    *name = dx_strndup(ps->doc, local, local_len);
    if (!*ns || !*name) {
        dx_stop(ps, -ENOMEM, "out of memory");
        return -1;
    }
    return 0;
}

static void dx_append(tp_dav_node *parent, tp_dav_node *child)
{
    child->parent = parent;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

/* Attaches pending character data to the open element as a text run. */
static int dx_flush(dx_parse *ps)
{
    if (!ps->run_len || !ps->cur)
        return 0;
    tp_dav_node *t = dx_alloc(ps->doc, sizeof(*t));
    char *s = t ? dx_strndup(ps->doc, ps->run, ps->run_len) : NULL;
    if (!s) {
        dx_stop(ps, -ENOMEM, "out of memory");
        return -1;
    }
    memset(t, 0, sizeof(*t));
    t->is_text = true;
    t->text = s;
    dx_append(ps->cur, t);
    ps->run_len = 0;
    return 0;
}

static void XMLCALL dx_start(void *ud, const XML_Char *qn,
                             const XML_Char **atts)
{
    dx_parse *ps = ud;
    if (ps->status || dx_flush(ps) < 0)
        return;
    if (ps->depth >= TP_DAV_XML_MAX_DEPTH) {
        dx_stop(ps, 413, "elements nested deeper than %u",
                TP_DAV_XML_MAX_DEPTH);
        return;
    }
    if (ps->elements >= TP_DAV_XML_MAX_ELEMENTS) {
        dx_stop(ps, 413, "more than %u elements", TP_DAV_XML_MAX_ELEMENTS);
        return;
    }
    size_t na = 0;
    while (atts[2 * na])
        na++;
    if (na > TP_DAV_XML_MAX_ATTRS) {
        dx_stop(ps, 413, "more than %u attributes on one element",
                TP_DAV_XML_MAX_ATTRS);
        return;
    }
    tp_dav_node *n = dx_alloc(ps->doc, sizeof(*n));
    tp_dav_attr *a = na ? dx_alloc(ps->doc, na * sizeof(*a)) : NULL;
    if (!n || (na && !a)) {
        dx_stop(ps, -ENOMEM, "out of memory");
        return;
    }
    memset(n, 0, sizeof(*n));
    if (dx_split(ps, qn, &n->ns, &n->name) < 0)
        return;
    n->text = "";
    n->lang = ps->cur ? ps->cur->lang : NULL;
    for (size_t i = 0; i < na; i++) {
        if (dx_split(ps, atts[2 * i], &a[i].ns, &a[i].name) < 0)
            return;
        a[i].value = dx_strndup(ps->doc, atts[2 * i + 1],
                                strlen(atts[2 * i + 1]));
        if (!a[i].value) {
            dx_stop(ps, -ENOMEM, "out of memory");
            return;
        }
        if (!strcmp(a[i].ns, TP_DAV_XML_NS) && !strcmp(a[i].name, "lang"))
            n->lang = a[i].value;
    }
    n->attrs = a;
    n->nattrs = na;
    if (ps->cur)
        dx_append(ps->cur, n);
    else
        ps->doc->root = n;
    ps->cur = n;
    ps->depth++;
    ps->elements++;
}

static bool dx_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* Computes the element's text: its runs, concatenated.  Runs that are
 * all white space between child elements are indentation, not content
 * (RFC 4918 leaves white space in its examples for readability), so they
 * are dropped; mixed content with real text keeps every run. */
static void XMLCALL dx_end(void *ud, const XML_Char *qn)
{
    (void)qn;
    dx_parse *ps = ud;
    if (ps->status || dx_flush(ps) < 0)
        return;
    tp_dav_node *n = ps->cur;
    size_t total = 0;
    bool has_elem = false, blank = true;
    for (tp_dav_node *c = n->first; c; c = c->next) {
        if (c->is_text) {
            total += strlen(c->text);
            blank = blank && dx_blank(c->text);
        } else {
            has_elem = true;
        }
    }
    if (has_elem && blank) {
        /* unlink the indentation runs */
        tp_dav_node **pp = &n->first;
        n->last = NULL;
        while (*pp) {
            if ((*pp)->is_text) {
                *pp = (*pp)->next;
            } else {
                n->last = *pp;
                pp = &(*pp)->next;
            }
        }
    } else if (total) {
        char *s = dx_alloc(ps->doc, total + 1), *w = s;
        if (!s) {
            dx_stop(ps, -ENOMEM, "out of memory");
            return;
        }
        for (tp_dav_node *c = n->first; c; c = c->next) {
            if (c->is_text) {
                size_t l = strlen(c->text);
                memcpy(w, c->text, l);
                w += l;
            }
        }
        *w = '\0';
        n->text = s;
    }
    ps->cur = n->parent;
    ps->depth--;
}

static void XMLCALL dx_chars(void *ud, const XML_Char *s, int len)
{
    dx_parse *ps = ud;
    if (ps->status || len <= 0)
        return;
    size_t need = ps->run_len + (size_t)len;
    if (need > ps->run_cap) {
        size_t cap = ps->run_cap ? ps->run_cap : DX_BUF_INIT;
        while (cap < need)
            cap *= 2;
        char *r = realloc(ps->run, cap);
        if (!r) {
            dx_stop(ps, -ENOMEM, "out of memory");
            return;
        }
        ps->run = r;
        ps->run_cap = cap;
    }
    memcpy(ps->run + ps->run_len, s, (size_t)len);
    ps->run_len = need;
}

/* RFC 4918 20.6: DTDs open the door to external entities (XXE) and to
 * entity expansion bombs; a WebDAV body never needs one, so any DTD is
 * refused before its first declaration is read. */
static void XMLCALL dx_doctype(void *ud, const XML_Char *name,
                               const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    dx_stop(ud, 400, "DTDs are not accepted");
}

static void XMLCALL dx_entity(void *ud, const XML_Char *name, int is_param,
                              const XML_Char *value, int value_len,
                              const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base;
    (void)sysid, (void)pubid, (void)notation;
    dx_stop(ud, 400, "DTDs are not accepted");
}

static int XMLCALL dx_extref(XML_Parser p, const XML_Char *context,
                             const XML_Char *base, const XML_Char *sysid,
                             const XML_Char *pubid)
{
    (void)p, (void)context, (void)base, (void)sysid, (void)pubid;
    return XML_STATUS_ERROR; /* never fetch anything */
}

static void dx_why(char *why, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void dx_why(char *why, size_t cap, const char *fmt, ...)
{
    if (!cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
}

int tp_dav_xml_parse(const char *data, size_t len, tp_dav_xml **doc,
                     char *why, size_t cap)
{
    *doc = NULL;
    if (cap)
        why[0] = '\0';
    if (len == 0) {
        dx_why(why, cap, "empty body: an XML document was expected");
        return 400;
    }
    if (len > TP_DAV_XML_MAX_BYTES) {
        dx_why(why, cap, "body larger than %u bytes", TP_DAV_XML_MAX_BYTES);
        return 413;
    }
    dx_parse ps = { .why = why, .cap = cap };
    ps.doc = calloc(1, sizeof(*ps.doc));
    ps.p = ps.doc ? XML_ParserCreateNS(NULL, DX_SEP) : NULL;
    if (!ps.p) {
        free(ps.doc);
        dx_why(why, cap, "out of memory");
        return -ENOMEM;
    }
    XML_SetUserData(ps.p, &ps);
    XML_SetElementHandler(ps.p, dx_start, dx_end);
    XML_SetCharacterDataHandler(ps.p, dx_chars);
    XML_SetStartDoctypeDeclHandler(ps.p, dx_doctype);
    XML_SetEntityDeclHandler(ps.p, dx_entity);
    XML_SetExternalEntityRefHandler(ps.p, dx_extref);
    XML_SetParamEntityParsing(ps.p, XML_PARAM_ENTITY_PARSING_NEVER);

    enum XML_Status st = XML_Parse(ps.p, data, (int)len, XML_TRUE);
    int rc = 0;
    if (ps.status) {
        rc = ps.status;
    } else if (st != XML_STATUS_OK) {
        dx_why(why, cap, "line %lu, column %lu: %s",
               (unsigned long)XML_GetCurrentLineNumber(ps.p),
               (unsigned long)XML_GetCurrentColumnNumber(ps.p) + 1,
               XML_ErrorString(XML_GetErrorCode(ps.p)));
        rc = 400;
    } else if (!ps.doc->root) {
        dx_why(why, cap, "no root element");
        rc = 400;
    }
    XML_ParserFree(ps.p);
    free(ps.run);
    if (rc) {
        tp_dav_xml_free(ps.doc);
        return rc;
    }
    *doc = ps.doc;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */
/* ------------------------------------------------------------------ */

const tp_dav_node *tp_dav_xml_root(const tp_dav_xml *doc)
{
    return doc ? doc->root : NULL;
}

const char *tp_dav_node_ns(const tp_dav_node *n) { return n->ns; }
const char *tp_dav_node_name(const tp_dav_node *n) { return n->name; }
const char *tp_dav_node_text(const tp_dav_node *n) { return n->text; }
const char *tp_dav_node_lang(const tp_dav_node *n) { return n->lang; }

const tp_dav_node *tp_dav_node_parent(const tp_dav_node *n)
{
    return n ? n->parent : NULL;
}

static const tp_dav_node *dx_elem_from(const tp_dav_node *c)
{
    while (c && c->is_text)
        c = c->next;
    return c;
}

const tp_dav_node *tp_dav_node_first(const tp_dav_node *n)
{
    return n ? dx_elem_from(n->first) : NULL;
}

const tp_dav_node *tp_dav_node_next(const tp_dav_node *n)
{
    return n ? dx_elem_from(n->next) : NULL;
}

size_t tp_dav_node_count(const tp_dav_node *n)
{
    size_t k = 0;
    for (const tp_dav_node *c = tp_dav_node_first(n); c;
         c = tp_dav_node_next(c))
        k++;
    return k;
}

bool tp_dav_node_is(const tp_dav_node *n, const char *ns, const char *name)
{
    return n && !n->is_text && !strcmp(n->ns, ns ? ns : "")
           && !strcmp(n->name, name);
}

const tp_dav_node *tp_dav_node_child(const tp_dav_node *n, const char *ns,
                                     const char *name)
{
    for (const tp_dav_node *c = tp_dav_node_first(n); c;
         c = tp_dav_node_next(c))
        if (tp_dav_node_is(c, ns, name))
            return c;
    return NULL;
}

size_t tp_dav_node_nattrs(const tp_dav_node *n) { return n->nattrs; }

const tp_dav_attr *tp_dav_node_attr(const tp_dav_node *n, size_t i)
{
    return i < n->nattrs ? &n->attrs[i] : NULL;
}

const char *tp_dav_node_attr_value(const tp_dav_node *n, const char *ns,
                                   const char *name)
{
    for (size_t i = 0; i < n->nattrs; i++)
        if (!strcmp(n->attrs[i].ns, ns ? ns : "")
            && !strcmp(n->attrs[i].name, name))
            return n->attrs[i].value;
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

#define DX_XMLNS_NS "http://www.w3.org/2000/xmlns/"

/* A prefix bound on the open element at `depth`; prefix_no 0 is "D". */
typedef struct dx_binding {
    char *uri;
    unsigned prefix_no;
    unsigned depth;
} dx_binding;

struct tp_dav_out {
    char *buf;
    size_t len, cap, max;
    int err;
    bool fragment, in_tag, finished, had_root;
    unsigned depth;
    unsigned default_depth; /* where xmlns="" was written, 0: nowhere */
    unsigned next_prefix;
    char *names;            /* qualified names of open elements, NUL-ended */
    size_t names_len, names_cap;
    size_t *name_off;       /* one per open element */
    size_t name_off_cap;
    dx_binding *binds;
    size_t nbinds, binds_cap;
};

static int dx_fail(tp_dav_out *o, int err)
{
    if (!o->err)
        o->err = err;
    return o->err;
}

static int dx_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *np = realloc(*p, c * elem);
    if (!np)
        return -ENOMEM;
    *p = np;
    *cap = c;
    return 0;
}

static int dx_put(tp_dav_out *o, const char *s, size_t n)
{
    if (o->err)
        return o->err;
    if (o->len + n + 1 > o->max)
        return dx_fail(o, -ENOMEM);
    if (o->len + n + 1 > o->cap) {
        size_t c = o->cap ? o->cap : DX_BUF_INIT;
        while (c < o->len + n + 1)
            c *= 2;
        if (c > o->max)
            c = o->max;
        char *b = realloc(o->buf, c);
        if (!b)
            return dx_fail(o, -ENOMEM);
        o->buf = b;
        o->cap = c;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
    return 0;
}

static int dx_puts(tp_dav_out *o, const char *s)
{
    return dx_put(o, s, strlen(s));
}

/* Length of the XML character (XML 1.0 2.2 Char) at s, 0 if there is
 * none: invalid UTF-8, overlong forms, surrogates, controls, U+FFFE/F. */
static size_t dx_char(const unsigned char *s, size_t n)
{
    uint32_t c;
    size_t k;
    if (s[0] < 0x80) {
        c = s[0];
        k = 1;
    } else if ((s[0] & 0xe0) == 0xc0) {
        c = s[0] & 0x1fu;
        k = 2;
    } else if ((s[0] & 0xf0) == 0xe0) {
        c = s[0] & 0x0fu;
        k = 3;
    } else if ((s[0] & 0xf8) == 0xf0) {
        c = s[0] & 0x07u;
        k = 4;
    } else {
        return 0;
    }
    if (k > n)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3fu);
    }
    static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (c < min[k] || c > 0x10ffff)
        return 0;
    if (c < 0x20 && c != 0x9 && c != 0xa && c != 0xd)
        return 0;
    if ((c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff)
        return 0;
    return k;
}

static bool dx_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0, k; i < n; i += k)
        if (!(k = dx_char(u + i, n - i)))
            return false;
    return true;
}

/* Escapes for character data (&, <, and > so "]]>" never appears) and,
 * in attribute values, also the quote and the white space that
 * attribute-value normalisation would otherwise turn into spaces
 * (XML 1.0 3.3.3).  CR is escaped everywhere: line-end handling would
 * drop it (2.11). */
static int dx_escaped(tp_dav_out *o, const char *s, size_t n, bool attr)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '\r': rep = "&#13;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\t': rep = attr ? "&#9;" : NULL; break;
        case '\n': rep = attr ? "&#10;" : NULL; break;
        default: break;
        }
        if (rep) {
            dx_put(o, s + from, i - from);
            dx_puts(o, rep);
            from = i + 1;
        }
    }
    return dx_put(o, s + from, n - from);
}

/* An NCName (Namespaces in XML 3), with non-ASCII name characters taken
 * on trust once the bytes are valid UTF-8 XML characters. */
static bool dx_ncname(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > TP_DAV_XML_MAX_NAME || !dx_valid(s, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool start = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                     || c == '_' || c >= 0x80;
        bool rest = start || (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!(i == 0 ? start : rest))
            return false;
    }
    return true;
}

static tp_dav_out *dx_out_new(size_t max_bytes, bool fragment)
{
    tp_dav_out *o = calloc(1, sizeof(*o));
    if (!o)
        return NULL;
    o->max = max_bytes;
    o->fragment = fragment;
    o->next_prefix = 1;
    if (!fragment)
        dx_puts(o, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    return o;
}

tp_dav_out *tp_dav_out_new(size_t max_bytes)
{
    return dx_out_new(max_bytes, false);
}

tp_dav_out *tp_dav_out_new_fragment(size_t max_bytes)
{
    return dx_out_new(max_bytes, true);
}

void tp_dav_out_free(tp_dav_out *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->nbinds; i++)
        free(o->binds[i].uri);
    free(o->binds);
    free(o->names);
    free(o->name_off);
    free(o->buf);
    free(o);
}

static void dx_prefix(unsigned no, char *p, size_t cap)
{
    if (no == 0)
        snprintf(p, cap, "D");
    else
        snprintf(p, cap, "ns%u", no);
}

/* The prefix bound to uri in scope, declaring a new one on the open
 * start tag when there is none.  Prefixes are never reused for another
 * URI, so the innermost binding of a URI is always visible. */
static int dx_bind(tp_dav_out *o, const char *uri, char *prefix, size_t cap)
{
    if (!strcmp(uri, TP_DAV_XML_NS)) {
        snprintf(prefix, cap, "xml");
        return 0;
    }
    for (size_t i = o->nbinds; i-- > 0;) {
        if (!strcmp(o->binds[i].uri, uri)) {
            dx_prefix(o->binds[i].prefix_no, prefix, cap);
            return 0;
        }
    }
    if (dx_grow((void **)&o->binds, &o->binds_cap, o->nbinds + 1,
                sizeof(*o->binds)) < 0)
        return dx_fail(o, -ENOMEM);
    dx_binding *b = &o->binds[o->nbinds];
    b->uri = strdup(uri);
    if (!b->uri)
        return dx_fail(o, -ENOMEM);
    b->prefix_no = !strcmp(uri, TP_DAV_NS) ? 0 : o->next_prefix++;
    b->depth = o->depth;
    o->nbinds++;
    dx_prefix(b->prefix_no, prefix, cap);
    dx_puts(o, " xmlns:");
    dx_puts(o, prefix);
    dx_puts(o, "=\"");
    dx_escaped(o, uri, strlen(uri), true);
    return dx_puts(o, "\"");
}

/* Ends a start tag still waiting for attributes. */
static int dx_end_tag(tp_dav_out *o)
{
    if (o->in_tag) {
        o->in_tag = false;
        return dx_puts(o, ">");
    }
    return o->err;
}

static int dx_check_ns(tp_dav_out *o, const char *ns)
{
    if (!dx_valid(ns, strlen(ns)))
        return dx_fail(o, -EILSEQ);
    if (!strcmp(ns, DX_XMLNS_NS) || strlen(ns) > TP_DAV_XML_MAX_NS)
        return dx_fail(o, -EINVAL);
    return 0;
}

int tp_dav_out_open(tp_dav_out *o, const char *ns, const char *name)
{
    if (o->err)
        return o->err;
    ns = ns ? ns : "";
    if (!dx_ncname(name) || (!o->fragment && o->depth == 0 && o->had_root)
        || o->finished)
        return dx_fail(o, -EINVAL);
    if (dx_check_ns(o, ns) < 0)
        return o->err;
    dx_end_tag(o);
    o->depth++;
    o->had_root = true;
    o->in_tag = true;
    dx_puts(o, "<");
    size_t tag_at = o->len;
    char prefix[24] = "";
    if (*ns) {
        /* write the name after binding; the declaration goes after it */
        size_t before = o->len;
        if (dx_bind(o, ns, prefix, sizeof(prefix)) < 0)
            return o->err;
        /* move any declaration just written behind the name */
        size_t decl_len = o->len - before;
        char qname[TP_DAV_XML_MAX_NAME + 32];
        int ql = snprintf(qname, sizeof(qname), "%s:%s", prefix, name);
        if (dx_put(o, qname, (size_t)ql) < 0)
            return o->err;
        memmove(o->buf + before + (size_t)ql, o->buf + before, decl_len);
        memcpy(o->buf + before, qname, (size_t)ql);
    } else {
        dx_puts(o, name);
        if (o->fragment && !o->default_depth) {
            /* the fragment may land where a default namespace is bound */
            dx_puts(o, " xmlns=\"\"");
            o->default_depth = o->depth;
        }
    }
    if (!o->fragment && o->depth == 1 && strcmp(ns, TP_DAV_NS)) {
        char p[4];
        dx_bind(o, TP_DAV_NS, p, sizeof(p));
    }
    if (o->err)
        return o->err;
    /* remember the qualified name for the end tag */
    const char *q = o->buf + tag_at;
    size_t ql = strcspn(q, " ");
    if (dx_grow((void **)&o->name_off, &o->name_off_cap, o->depth,
                sizeof(*o->name_off)) < 0
        || dx_grow((void **)&o->names, &o->names_cap,
                   o->names_len + ql + 1, 1) < 0)
        return dx_fail(o, -ENOMEM);
    o->name_off[o->depth - 1] = o->names_len;
    memcpy(o->names + o->names_len, q, ql);
    o->names[o->names_len + ql] = '\0';
    o->names_len += ql + 1;
    return o->err;
}

int tp_dav_out_attr(tp_dav_out *o, const char *ns, const char *name,
                    const char *value)
{
    if (o->err)
        return o->err;
    ns = ns ? ns : "";
    /* an unprefixed "xmlns" would be a namespace declaration */
    if (!o->in_tag || !dx_ncname(name) || (!*ns && !strcmp(name, "xmlns")))
        return dx_fail(o, -EINVAL);
    if (dx_check_ns(o, ns) < 0)
        return o->err;
    size_t vlen = strlen(value);
    if (!dx_valid(value, vlen))
        return dx_fail(o, -EILSEQ);
    char prefix[24] = "";
    if (*ns && dx_bind(o, ns, prefix, sizeof(prefix)) < 0)
        return o->err;
    dx_puts(o, " ");
    if (*ns) {
        dx_puts(o, prefix);
        dx_puts(o, ":");
    }
    dx_puts(o, name);
    dx_puts(o, "=\"");
    dx_escaped(o, value, vlen, true);
    return dx_puts(o, "\"");
}

int tp_dav_out_text(tp_dav_out *o, const char *text, size_t len)
{
    if (o->err)
        return o->err;
    if (o->depth == 0)
        return dx_fail(o, -EINVAL);
    if (!dx_valid(text, len))
        return dx_fail(o, -EILSEQ);
    dx_end_tag(o);
    return dx_escaped(o, text, len, false);
}

int tp_dav_out_raw(tp_dav_out *o, const char *xml, size_t len)
{
    if (o->err)
        return o->err;
    if (o->depth == 0 && !o->fragment)
        return dx_fail(o, -EINVAL);
    dx_end_tag(o);
    return dx_put(o, xml, len);
}

int tp_dav_out_raw_text(tp_dav_out *o, const char *text, size_t len)
{
    if (o->err)
        return o->err;
    if (o->depth == 0 && !o->fragment)
        return dx_fail(o, -EINVAL);
    dx_end_tag(o);
    return dx_escaped(o, text, len, false);
}

bool tp_dav_xml_chars_ok(const char *s, size_t n)
{
    return dx_valid(s, n);
}

int tp_dav_out_close(tp_dav_out *o)
{
    if (o->err)
        return o->err;
    if (o->depth == 0)
        return dx_fail(o, -EINVAL);
    const char *q = o->names + o->name_off[o->depth - 1];
    if (o->in_tag) {
        o->in_tag = false;
        dx_puts(o, "/>");
    } else {
        dx_puts(o, "</");
        dx_puts(o, q);
        dx_puts(o, ">");
    }
    o->names_len = o->name_off[o->depth - 1];
    while (o->nbinds && o->binds[o->nbinds - 1].depth == o->depth)
        free(o->binds[--o->nbinds].uri);
    if (o->default_depth == o->depth)
        o->default_depth = 0;
    o->depth--;
    return o->err;
}

int tp_dav_out_elem(tp_dav_out *o, const char *ns, const char *name,
                    const char *text)
{
    tp_dav_out_open(o, ns, name);
    if (text)
        tp_dav_out_text(o, text, strlen(text));
    return tp_dav_out_close(o);
}

static int dx_out_tree(tp_dav_out *o, const tp_dav_node *n, bool top)
{
    if (tp_dav_out_open(o, n->ns, n->name) < 0)
        return o->err;
    bool own_lang = false;
    for (size_t i = 0; i < n->nattrs; i++) {
        const tp_dav_attr *a = &n->attrs[i];
        if (!strcmp(a->ns, TP_DAV_XML_NS) && !strcmp(a->name, "lang"))
            own_lang = true;
        tp_dav_out_attr(o, a->ns, a->name, a->value);
    }
    if (top && n->lang && !own_lang) /* RFC 4918 4.3: keep it in scope */
        tp_dav_out_attr(o, TP_DAV_XML_NS, "lang", n->lang);
    for (const tp_dav_node *c = n->first; c && !o->err; c = c->next) {
        if (c->is_text)
            tp_dav_out_text(o, c->text, strlen(c->text));
        else
            dx_out_tree(o, c, false);
    }
    return tp_dav_out_close(o);
}

int tp_dav_out_node(tp_dav_out *o, const tp_dav_node *n)
{
    if (o->err)
        return o->err;
    if (!n || n->is_text)
        return dx_fail(o, -EINVAL);
    return dx_out_tree(o, n, true);
}

int tp_dav_out_finish(tp_dav_out *o, const char **data, size_t *len)
{
    if (!o->err && (o->depth || !o->had_root))
        dx_fail(o, -EINVAL);
    if (!o->err && !o->finished && !o->fragment)
        dx_puts(o, "\n");
    if (o->err)
        return o->err;
    o->finished = true;
    *data = o->buf;
    *len = o->len;
    return 0;
}

int tp_dav_node_to_xml(const tp_dav_node *n, char **xml, size_t *len)
{
    *xml = NULL;
    *len = 0;
    /* the fragment cannot be larger than the body it came from, plus the
     * declarations it may gain at each level */
    tp_dav_out *o = tp_dav_out_new_fragment(SIZE_MAX);
    if (!o)
        return -ENOMEM;
    const char *data;
    size_t n_bytes;
    tp_dav_out_node(o, n);
    int rc = tp_dav_out_finish(o, &data, &n_bytes);
    if (rc == 0) {
        *xml = o->buf; /* the buffer is handed over */
        *len = n_bytes;
        o->buf = NULL;
    }
    tp_dav_out_free(o);
    return rc;
}
