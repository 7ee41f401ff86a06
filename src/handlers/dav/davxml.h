/*
 * davxml.h - the XML of WebDAV (RFC 4918): request bodies parsed into a
 * small namespace-aware tree, and a writer for multistatus, property
 * values and lock discovery.
 *
 * Reading: names are (namespace URI, local name) pairs, so `D:prop` and
 * `<prop xmlns="DAV:">` are the same element (RFC 4918 8.3 and the
 * Namespaces in XML recommendation).  DTDs are refused outright, which
 * rules out external entities and entity expansion bombs (RFC 4918 20.6).
 *
 * Writing: the writer chooses every prefix itself.  `DAV:` is bound to
 * `D:` on the root element; any other namespace is declared, with a
 * generated prefix (ns1, ns2, ...), on the element where it is first
 * needed.  The default namespace is never bound to a URI, so an element
 * with no namespace is written unprefixed.  A dead property value is kept
 * as a self-contained fragment (tp_dav_node_to_xml) and inserted verbatim
 * (tp_dav_out_raw), which preserves its namespaces and xml:lang
 * (RFC 4918 4.3, 4.4).
 */
#ifndef TEAPOT_DAVXML_H
#define TEAPOT_DAVXML_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TP_DAV_NS "DAV:"
#define TP_DAV_XML_NS "http://www.w3.org/XML/1998/namespace"

/*
 * Limits of a request body.  Every one of them answers 413 Content Too
 * Large (RFC 9110 15.5.14): a document over them is well-formed, merely
 * more than this server is willing to process, so 400 (which blames the
 * syntax) would be wrong.
 */
#define TP_DAV_XML_MAX_BYTES    (1024u * 1024u) /* whole body */
#define TP_DAV_XML_MAX_DEPTH    64u             /* nested elements */
#define TP_DAV_XML_MAX_ELEMENTS 100000u         /* elements in all */
#define TP_DAV_XML_MAX_ATTRS    64u             /* attributes per element */
#define TP_DAV_XML_MAX_NAME     256u            /* bytes of a local name */
#define TP_DAV_XML_MAX_NS       2048u           /* bytes of a namespace URI */

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

typedef struct tp_dav_xml tp_dav_xml;   /* a parsed document */
typedef struct tp_dav_node tp_dav_node; /* one element of it */

typedef struct tp_dav_attr {
    const char *ns;    /* namespace URI, "" for none */
    const char *name;  /* local name */
    const char *value; /* normalised value, UTF-8 */
} tp_dav_attr;

/*
 * Parses a request body of `len` bytes (any encoding expat knows; the
 * tree is UTF-8).  Returns 0 with *doc set (free it with
 * tp_dav_xml_free), or, with *doc NULL and a one-line reason in
 * why[cap] (line and column where expat has them):
 *   400  not well-formed or not namespace-well-formed (unclosed tags,
 *        bad UTF-8, two roots, text after the root, an undeclared
 *        prefix, ...) or carrying a DTD (RFC 4918 20.6);
 *   413  over one of the limits above;
 *   -ENOMEM when memory runs out (the caller answers 500).
 * An empty body (len == 0) is not a document and gets 400 here; methods
 * where an empty body means something (PROPFIND = allprop, RFC 4918
 * 9.1; LOCK = refresh, 9.10.2) check len == 0 before calling.
 */
int tp_dav_xml_parse(const char *data, size_t len, tp_dav_xml **doc,
                     char *why, size_t cap);
void tp_dav_xml_free(tp_dav_xml *doc);

const tp_dav_node *tp_dav_xml_root(const tp_dav_xml *doc);

/* Namespace URI ("" for none) and local name; never NULL. */
const char *tp_dav_node_ns(const tp_dav_node *n);
const char *tp_dav_node_name(const tp_dav_node *n);

/* The element's own character data, concatenated in order (entities and
 * CDATA resolved).  Never NULL.  An element with child elements whose
 * text is only white space (indentation) has "" here. */
const char *tp_dav_node_text(const tp_dav_node *n);

/* The xml:lang in scope (its own or inherited), or NULL. */
const char *tp_dav_node_lang(const tp_dav_node *n);

/* Navigation over child elements (text is not a node here); NULL at
 * the end.  tp_dav_node_parent of the root is NULL. */
const tp_dav_node *tp_dav_node_first(const tp_dav_node *n);
const tp_dav_node *tp_dav_node_next(const tp_dav_node *n);
const tp_dav_node *tp_dav_node_parent(const tp_dav_node *n);
size_t tp_dav_node_count(const tp_dav_node *n); /* child elements */

/* True when n is non-NULL and named (ns, name); ns "" for none. */
bool tp_dav_node_is(const tp_dav_node *n, const char *ns, const char *name);

/* The first child element named (ns, name), or NULL. */
const tp_dav_node *tp_dav_node_child(const tp_dav_node *n, const char *ns,
                                     const char *name);

/* Attributes other than namespace declarations, in document order;
 * xml:lang is one of them (namespace TP_DAV_XML_NS). */
size_t tp_dav_node_nattrs(const tp_dav_node *n);
const tp_dav_attr *tp_dav_node_attr(const tp_dav_node *n, size_t i);
const char *tp_dav_node_attr_value(const tp_dav_node *n, const char *ns,
                                   const char *name);

/*
 * Serialises n and its subtree (mixed content kept in order) as a
 * self-contained fragment: no XML declaration, every namespace it uses
 * declared inside it, and the xml:lang in scope repeated on its root when
 * it was inherited (RFC 4918 4.3).  This is what PROPPATCH stores for a
 * dead property and the LOCK owner, and what tp_dav_out_raw emits again.
 * Returns 0 with *xml a NUL-terminated malloc'd string (free() it) of
 * *len bytes, or a negative errno.
 */
int tp_dav_node_to_xml(const tp_dav_node *n, char **xml, size_t *len);

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

typedef struct tp_dav_out tp_dav_out;

/* A document: starts with <?xml version="1.0" encoding="utf-8"?> and
 * binds DAV: to D: on its root.  It never grows beyond max_bytes.  NULL
 * when out of memory. */
tp_dav_out *tp_dav_out_new(size_t max_bytes);
/* A fragment: no XML declaration, nothing bound outside it; several
 * top-level elements are allowed. */
tp_dav_out *tp_dav_out_new_fragment(size_t max_bytes);
void tp_dav_out_free(tp_dav_out *o);

/*
 * Each call returns 0 or a negative errno, and the first error sticks:
 * later calls do nothing and return it, so a caller may check only
 * tp_dav_out_finish.
 *   -ENOMEM  out of memory, or the output would pass max_bytes;
 *   -EINVAL  a name that is not an NCName, a reserved namespace, an
 *            attribute outside a start tag, close with nothing open, a
 *            second root in a document;
 *   -EILSEQ  text, a value or a URI that is not UTF-8 made of XML
 *            characters (XML 1.0 2.2: control characters cannot be
 *            written at all, not even escaped).
 * ns is the namespace URI, "" (or NULL) for no namespace.
 */
int tp_dav_out_open(tp_dav_out *o, const char *ns, const char *name);
/* An attribute of the element just opened (before any content).  The
 * caller does not repeat an attribute on one element. */
int tp_dav_out_attr(tp_dav_out *o, const char *ns, const char *name,
                    const char *value);
int tp_dav_out_text(tp_dav_out *o, const char *text, size_t len);
/* A fragment from tp_dav_node_to_xml (or another self-contained,
 * well-formed piece), inserted as it is. */
int tp_dav_out_raw(tp_dav_out *o, const char *xml, size_t len);
/* Character data escaped as tp_dav_out_text does, inserted as
 * tp_dav_out_raw inserts (beside raw markup), without checking the
 * characters: the caller did, with tp_dav_xml_chars_ok. */
int tp_dav_out_raw_text(tp_dav_out *o, const char *text, size_t len);
/* Whether s holds only UTF-8 encoded XML characters (XML 1.0 2.2): what
 * tp_dav_out_text accepts. */
bool tp_dav_xml_chars_ok(const char *s, size_t n);
int tp_dav_out_close(tp_dav_out *o);
/* open + text (when text is not NULL) + close. */
int tp_dav_out_elem(tp_dav_out *o, const char *ns, const char *name,
                    const char *text);
/* A parsed element and its subtree, as tp_dav_node_to_xml writes it. */
int tp_dav_out_node(tp_dav_out *o, const tp_dav_node *n);

/* Checks that every element is closed and gives the bytes (valid until
 * tp_dav_out_free; NUL-terminated).  Returns 0 or the sticky error. */
int tp_dav_out_finish(tp_dav_out *o, const char **data, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
