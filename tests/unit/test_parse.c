/*
 * test_parse.c - the request line, the header section and the framing
 * rules, one test per requirement of RFC 9112 and RFC 9110.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static tp_request_head req;
static const char *why;

/* Every parse runs on an exact-size heap copy, so that a read past the end
 * is caught by the sanitizers instead of landing on a NUL. */
static int parse_n(const char *s, size_t n, size_t prev_len)
{
    char *copy = malloc(n ? n : 1);
    cr_assert(copy);
    memcpy(copy, s, n);
    why = NULL;
    int r = tp_parse_request(copy, n, prev_len, &req, &why);
    if (r < 0)
        cr_assert(why != NULL, "an error must come with a reason");
    free(copy);
    return r;
}

static int parse(const char *s)
{
    return parse_n(s, strlen(s), 0);
}

/* Parses in place (the slices in req stay valid while s lives). */
static int parse_keep(const char *s)
{
    why = NULL;
    return tp_parse_request(s, strlen(s), 0, &req, &why);
}

static int frame(const char *s)
{
    int r = parse_keep(s);
    cr_assert_gt(r, 0, "parse of %s failed: %d (%s)", s, r, why ? why : "");
    why = NULL;
    int f = tp_request_framing(&req, &why);
    if (f)
        cr_assert(why != NULL);
    return f;
}

static bool str_is(tp_str s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(s.ptr, lit, s.len) == 0;
}

#define assert_str(s, lit)                                                     \
    cr_assert(str_is((s), (lit)), "expected \"%s\", got \"%.*s\"", (lit),      \
              (int)(s).len, (s).ptr)

/* Appends a field line whose content (name ':' SP value, no CRLF) is
 * exactly `content` bytes. */
static char *put_field(char *p, const char *name, size_t content)
{
    size_t nl = strlen(name);
    cr_assert_geq(content, nl + 2);
    memcpy(p, name, nl);
    p += nl;
    *p++ = ':';
    *p++ = ' ';
    memset(p, 'a', content - nl - 2);
    p += content - nl - 2;
    *p++ = '\r';
    *p++ = '\n';
    return p;
}

static const char simple_get[] =
    "GET /index.html?x=1&y=2 HTTP/1.1\r\n"
    "Host: example.com\r\n"
    "User-Agent: test/1.0\r\n"
    "Accept: */*\r\n"
    "\r\n";

/* ---- the request line (RFC 9112 3) ---- */

Test(request_line, simple_get_is_sliced_without_copying)
{
    int r = parse_keep(simple_get);
    cr_assert_eq(r, (int)strlen(simple_get));
    assert_str(req.method, "GET");
    cr_assert_eq(req.method_id, TP_M_GET);
    assert_str(req.target, "/index.html?x=1&y=2");
    cr_assert_eq(req.form, TP_TARGET_ORIGIN);
    assert_str(req.path, "/index.html");
    assert_str(req.query, "x=1&y=2");
    cr_assert_eq(req.authority.len, 0);
    cr_assert_eq(req.version_major, 1);
    cr_assert_eq(req.version_minor, 1);
    cr_assert_eq(req.nfields, 3);
    assert_str(req.fields[0].name, "Host");
    assert_str(req.fields[0].value, "example.com");
    assert_str(req.fields[2].name, "Accept");
    assert_str(req.fields[2].value, "*/*");
    cr_assert(req.method.ptr >= simple_get
              && req.method.ptr < simple_get + sizeof simple_get);
    cr_assert(req.fields[1].value.ptr > simple_get
              && req.fields[1].value.ptr < simple_get + sizeof simple_get);
}

Test(request_line, no_query_gives_empty_query)
{
    cr_assert_gt(parse_keep("GET /a/b HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
    assert_str(req.path, "/a/b");
    cr_assert_eq(req.query.len, 0);
}

Test(request_line, empty_query_after_question_mark)
{
    cr_assert_gt(parse_keep("GET /a? HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
    assert_str(req.path, "/a");
    cr_assert_eq(req.query.len, 0);
}

Test(request_line, pipelined_requests_consume_only_the_first)
{
    const char *one = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n";
    char two[256];
    snprintf(two, sizeof two, "%sGET /2 HTTP/1.1\r\nHost: a\r\n\r\n", one);
    cr_assert_eq(parse(two), (int)strlen(one));
}

Test(request_line, one_leading_empty_line_is_ignored)
{
    const char *s = "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n";
    cr_assert_eq(parse_keep(s), (int)strlen(s));
    assert_str(req.method, "GET");
    cr_assert_eq(parse("\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
                 (int)strlen(s) - 1);
}

Test(request_line, two_leading_empty_lines_are_400)
{
    cr_assert_eq(parse("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("\r\n\r"), -400);
}

Test(request_line, bare_lf_is_accepted_as_line_terminator)
{
    const char *s = "GET / HTTP/1.1\nHost: a\nX: y\n\n";
    cr_assert_eq(parse_keep(s), (int)strlen(s));
    cr_assert_eq(req.nfields, 2);
    assert_str(req.fields[1].value, "y");
}

Test(request_line, bare_cr_is_400)
{
    cr_assert_eq(parse("GET / HTTP/1.1\rHost: a\r\n\r\n"), -400);
    cr_assert_str_eq(why, "bare CR");
    cr_assert_eq(parse("\rGET / HTTP/1.1\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1\r\nHost: a\r\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1\r\nHost: a\r\n\rX"), -400);
    cr_assert_eq(parse("GET /a\rb HTTP/1.1\r\n\r\n"), -400);
}

Test(request_line, exactly_one_space_between_parts)
{
    cr_assert_eq(parse("GET  / HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("GET /  HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1 \r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse(" GET / HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("GET /\tHTTP/1.1\r\nHost: a\r\n\r\n"), -400);
}

Test(request_line, method_must_be_a_token)
{
    cr_assert_eq(parse("GE(T / HTTP/1.1\r\n\r\n"), -400);
    cr_assert_str_eq(why, "invalid character in method");
    cr_assert_eq(parse("G\x80T / HTTP/1.1\r\n\r\n"), -400);
    cr_assert_eq(parse("GE:T / HTTP/1.1\r\n\r\n"), -400);
    /* every tchar is allowed; unknown methods are the router's business */
    cr_assert_gt(parse("!#$%&'*+-.^_`|~09azAZ / HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
    cr_assert_eq(req.method_id, TP_M_OTHER);
}

Test(request_line, invalid_method_is_reported_before_the_line_ends)
{
    cr_assert_eq(parse("GE(T"), -400);
    cr_assert_eq(parse("G@"), -400);
}

Test(request_line, methods_are_case_sensitive)
{
    cr_assert_gt(parse("get / HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
    cr_assert_eq(req.method_id, TP_M_OTHER);
}

Test(request_line, method_length_limit)
{
    /* RFC 9112 3: a method longer than any implemented SHOULD get 501. */
    char buf[TP_MAX_METHOD + 64], m[TP_MAX_METHOD + 2];
    memset(m, 'X', TP_MAX_METHOD);
    m[TP_MAX_METHOD] = 0;
    snprintf(buf, sizeof buf, "%s / HTTP/1.1\r\nHost: a\r\n\r\n", m);
    cr_assert_gt(parse(buf), 0);
    m[TP_MAX_METHOD] = 'X';
    m[TP_MAX_METHOD + 1] = 0;
    snprintf(buf, sizeof buf, "%s / HTTP/1.1\r\nHost: a\r\n\r\n", m);
    cr_assert_eq(parse(buf), -501);
    cr_assert_str_eq(why, "method too long");
    /* certain before the space arrives */
    cr_assert_eq(parse(m), -501);
    m[TP_MAX_METHOD] = 0;
    cr_assert_eq(parse(m), 0);
}

Test(request_line, target_must_be_visible_ascii)
{
    cr_assert_eq(parse("GET /\x80 HTTP/1.1\r\n\r\n"), -400);
    cr_assert_eq(parse("GET /\xff HTTP/1.1\r\n\r\n"), -400);
    cr_assert_eq(parse("GET /\x7f HTTP/1.1\r\n\r\n"), -400);
    cr_assert_eq(parse("GET /\x01 HTTP/1.1\r\n\r\n"), -400);
    cr_assert_eq(parse_n("GET /\0 HTTP/1.1\r\n\r\n", 20, 0), -400);
    cr_assert_eq(parse("GET /a\x80"), -400, "reported on partial input");
    cr_assert_gt(parse("GET /!\"$%&'()*+,-./:;<=>?@[\\]^_`{|}~ HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
}

Test(request_line, fragment_in_target_is_400)
{
    cr_assert_eq(parse("GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_str_eq(why, "fragment in request-target");
    cr_assert_eq(parse("GET /a#"), -400);
}

Test(request_line, missing_version_is_400)
{
    /* the HTTP/0.9 simple request has no version at all */
    cr_assert_eq(parse("GET /\r\n\r\n"), -400);
    cr_assert_eq(parse("GET /\n\n"), -400);
    cr_assert_eq(parse("GET\r\n\r\n"), -400);
}

Test(request_line, target_length_limit_is_414)
{
    size_t n = TP_MAX_TARGET;
    char *buf = malloc(n + 64);
    memcpy(buf, "GET /", 5);
    memset(buf + 5, 'a', n - 1);
    strcpy(buf + 4 + n, " HTTP/1.1\r\nHost: a\r\n\r\n");
    cr_assert_gt(parse_keep(buf), 0, "exactly TP_MAX_TARGET is accepted");
    cr_assert_eq(req.target.len, n);

    memset(buf + 5, 'a', n);
    strcpy(buf + 5 + n, " HTTP/1.1\r\nHost: a\r\n\r\n");
    cr_assert_eq(parse(buf), -414);
    cr_assert_str_eq(why, "request-target too long");

    /* certain before the SP arrives */
    cr_assert_eq(parse_n(buf, 5 + n, 0), -414);
    cr_assert_eq(parse_n(buf, 4 + n, 0), 0);
    free(buf);
}

Test(request_line, versions)
{
    cr_assert_gt(parse("GET / HTTP/1.0\r\n\r\n"), 0);
    cr_assert_eq(req.version_minor, 0);
    cr_assert_gt(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
    cr_assert_eq(req.version_minor, 1);
}

Test(request_line, later_minor_versions_are_read_as_1_1)
{
    for (char d = '2'; d <= '9'; d++) {
        char buf[64];
        snprintf(buf, sizeof buf, "GET / HTTP/1.%c\r\nHost: a\r\n\r\n", d);
        cr_assert_gt(parse(buf), 0);
        cr_assert_eq(req.version_major, 1);
        cr_assert_eq(req.version_minor, 1);
    }
}

Test(request_line, other_major_versions_are_505)
{
    cr_assert_eq(parse("GET / HTTP/2.0\r\n\r\n"), -505);
    cr_assert_eq(parse("GET / HTTP/0.9\r\n\r\n"), -505);
    cr_assert_eq(parse("GET / HTTP/3.0\r\n\r\n"), -505);
    cr_assert_eq(parse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), -400,
                 "asterisk-form is for OPTIONS only, checked first");
}

Test(request_line, malformed_versions_are_400)
{
    const char *bad[] = {
        "GET / http/1.1\r\n\r\n", "GET / HTTP/1.10\r\n\r\n",
        "GET / HTTP/11\r\n\r\n",  "GET / HTTP/1\r\n\r\n",
        "GET / HTTP/a.1\r\n\r\n", "GET / HTTP/1.a\r\n\r\n",
        "GET / HTTP 1.1\r\n\r\n", "GET / HTTPS/1.1\r\n\r\n",
        "GET / HTTP/1,1\r\n\r\n", "GET / HTTP/+1.1\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cr_assert_eq(parse(bad[i]), -400, "%s", bad[i]);
    }
    cr_assert_eq(parse("GET / HTTX"), -400, "reported on partial input");
}

/* ---- request-target forms (RFC 9112 3.2) ---- */

Test(target, absolute_form_splits_authority_path_query)
{
    cr_assert_gt(parse_keep("GET http://example.com:8080/a/b?c=d HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
    cr_assert_eq(req.form, TP_TARGET_ABSOLUTE);
    assert_str(req.authority, "example.com:8080");
    assert_str(req.path, "/a/b");
    assert_str(req.query, "c=d");
}

Test(target, absolute_form_without_path_has_path_slash)
{
    cr_assert_gt(parse_keep("GET http://example.com HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
    assert_str(req.path, "/");
    cr_assert_eq(req.query.len, 0);
    cr_assert_gt(parse_keep("GET HTTPS://example.com?q HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
    assert_str(req.authority, "example.com");
    assert_str(req.path, "/");
    assert_str(req.query, "q");
}

Test(target, absolute_form_other_schemes_and_ip_literals)
{
    cr_assert_gt(parse_keep("GET ftp+x.y-z://[::1]:21/f HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
    assert_str(req.authority, "[::1]:21");
    assert_str(req.path, "/f");
}

Test(target, absolute_form_must_be_well_formed)
{
    const char *bad[] = {
        "GET http:/example.com/ HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http:example.com HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET 1http://a/ HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET ://a/ HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET example.com:80 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http:// HTTP/1.1\r\nHost: x\r\n\r\n",        /* empty host */
        "GET http:///a HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http://u:p@a/ HTTP/1.1\r\nHost: x\r\n\r\n",  /* userinfo */
        "GET http://a:8x/ HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http://[::1/ HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http://a%zz/ HTTP/1.1\r\nHost: x\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert_eq(parse(bad[i]), -400, "%s", bad[i]);
}

Test(target, asterisk_form_only_with_options)
{
    cr_assert_gt(parse_keep("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
    cr_assert_eq(req.form, TP_TARGET_ASTERISK);
    cr_assert_eq(parse("GET * HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("OPTIONS *x HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("OPTIONS ** HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_gt(parse("OPTIONS /x HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
}

Test(target, connect_takes_authority_form)
{
    cr_assert_gt(parse_keep("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"), 0);
    cr_assert_eq(req.form, TP_TARGET_AUTHORITY);
    assert_str(req.authority, "example.com:443");
    cr_assert_eq(req.path.len, 0);
    cr_assert_gt(parse_keep("CONNECT [2001:db8::1]:443 HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
    cr_assert_gt(parse_keep("CONNECT 192.0.2.1:80 HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
}

Test(target, connect_with_any_other_form_is_400)
{
    cr_assert_eq(parse("CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("CONNECT http://a:1/ HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("CONNECT * HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    /* RFC 9110 9.3.6: the port is not optional */
    cr_assert_eq(parse("CONNECT example.com HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("CONNECT example.com: HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("CONNECT :443 HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
    cr_assert_eq(parse("CONNECT a:b HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
}

/* ---- methods ---- */

Test(methods, lookup_covers_the_registry)
{
    static const struct { const char *name; tp_method id; } known[] = {
        {"GET", TP_M_GET},         {"HEAD", TP_M_HEAD},
        {"POST", TP_M_POST},       {"PUT", TP_M_PUT},
        {"DELETE", TP_M_DELETE},   {"CONNECT", TP_M_CONNECT},
        {"OPTIONS", TP_M_OPTIONS}, {"TRACE", TP_M_TRACE},
        {"PATCH", TP_M_PATCH},     {"PROPFIND", TP_M_PROPFIND},
        {"PROPPATCH", TP_M_PROPPATCH}, {"MKCOL", TP_M_MKCOL},
        {"COPY", TP_M_COPY},       {"MOVE", TP_M_MOVE},
        {"LOCK", TP_M_LOCK},       {"UNLOCK", TP_M_UNLOCK},
        {"QUERY", TP_M_QUERY},     {"BREW", TP_M_BREW},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        cr_assert_eq(tp_method_lookup(known[i].name, strlen(known[i].name)),
                     known[i].id, "%s", known[i].name);
        cr_assert_str_eq(tp_method_name(known[i].id), known[i].name);
    }
    static const char *registered[] = {
        "ACL", "BASELINE-CONTROL", "BIND", "CHECKIN", "CHECKOUT", "LABEL",
        "LINK", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKREDIRECTREF",
        "MKWORKSPACE", "ORDERPATCH", "PRI", "REBIND", "REPORT", "SEARCH",
        "UNBIND", "UNCHECKOUT", "UNLINK", "UPDATE", "UPDATEREDIRECTREF",
        "VERSION-CONTROL",
    };
    for (size_t i = 0; i < sizeof registered / sizeof *registered; i++)
        cr_assert_eq(tp_method_lookup(registered[i], strlen(registered[i])),
                     TP_M_REGISTERED, "%s", registered[i]);
    static const char *other[] = {
        "get", "Get", "GETS", "GE", "FOO", "POSTS", "X", "HEAD ", "*",
        "M-GET", "PROPFINE", "CONNECt", "BASELINE-CONTROLS",
    };
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        cr_assert_eq(tp_method_lookup(other[i], strlen(other[i])),
                     TP_M_OTHER, "%s", other[i]);
    cr_assert_null(tp_method_name(TP_M_OTHER));
    cr_assert_null(tp_method_name(TP_M_REGISTERED));
}

/* ---- field lines (RFC 9112 5, RFC 9110 5.5) ---- */

Test(fields, values_lose_leading_and_trailing_whitespace_only)
{
    const char *s = "GET / HTTP/1.1\r\nHost:a\r\nX: \t a  b \t \r\nY:\r\nZ:   \r\n\r\n";
    cr_assert_eq(parse_keep(s), (int)strlen(s));
    cr_assert_eq(req.nfields, 4);
    assert_str(req.fields[0].value, "a");
    assert_str(req.fields[1].value, "a  b");
    assert_str(req.fields[2].value, "");
    assert_str(req.fields[3].value, "");
}

Test(fields, obs_text_and_htab_are_allowed_in_values)
{
    cr_assert_gt(parse_keep("GET / HTTP/1.1\r\nHost: a\r\nX: caf\xc3\xa9\tb\x80\xff\r\n\r\n"), 0);
    assert_str(req.fields[1].value, "caf\xc3\xa9\tb\x80\xff");
}

Test(fields, whitespace_before_colon_is_400)
{
    cr_assert_eq(parse("GET / HTTP/1.1\r\nHost : a\r\n\r\n"), -400);
    cr_assert_str_eq(why, "whitespace between field name and colon");
    cr_assert_eq(parse("GET / HTTP/1.1\r\nHost\t: a\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1\r\nHost : a"), -400);
}

Test(fields, obs_fold_is_400)
{
    cr_assert_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n"), -400);
    cr_assert_str_eq(why, "obs-fold is not accepted");
    cr_assert_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n\tc\r\n\r\n"), -400);
    /* a folded first line too */
    cr_assert_eq(parse("GET / HTTP/1.1\r\n Host: a\r\n\r\n"), -400);
    cr_assert_str_eq(why, "whitespace before the first field line");
}

Test(fields, empty_field_name_is_400)
{
    cr_assert_eq(parse("GET / HTTP/1.1\r\n: a\r\n\r\n"), -400);
    cr_assert_str_eq(why, "empty field name");
}

Test(fields, field_name_must_be_a_token)
{
    cr_assert_eq(parse("GET / HTTP/1.1\r\nHo(st: a\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1\r\nH\x80: a\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1\r\n@: a\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1\r\nNoColon\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nX-A\x01"), -400,
                 "reported on partial input");
}

Test(fields, control_characters_in_values_are_400)
{
    cr_assert_eq(parse_n("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 26, 0), -400);
    cr_assert_str_eq(why, "invalid character in field value");
    cr_assert_eq(parse("GET / HTTP/1.1\r\nX: a\x01" "b\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1\r\nX: a\x1f" "b\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1\r\nX: a\x7f" "b\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1\r\nX: a\x0b"), -400,
                 "reported on partial input");
    /* a long value puts the bad byte in the vector part of the scan */
    cr_assert_eq(parse("GET / HTTP/1.1\r\nX: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\x7f" "b\r\n\r\n"), -400);
    cr_assert_eq(parse("GET / HTTP/1.1\r\nX: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\rb\r\n\r\n"), -400);
}

Test(fields, field_line_length_limit_is_431)
{
    size_t cap = TP_MAX_FIELD_LINE + 256;
    char *buf = malloc(cap), *p;
    strcpy(buf, "GET / HTTP/1.1\r\n");
    p = put_field(buf + 16, "X-Long", TP_MAX_FIELD_LINE);
    memcpy(p, "\r\n", 3);
    cr_assert_eq(parse(buf), (int)strlen(buf), "exactly the limit is accepted");

    p = put_field(buf + 16, "X-Long", TP_MAX_FIELD_LINE + 1);
    memcpy(p, "\r\n", 3);
    cr_assert_eq(parse(buf), -431);
    cr_assert_str_eq(why, "header field too long");

    /* certain before the line ends */
    cr_assert_eq(parse_n(buf, 16 + TP_MAX_FIELD_LINE + 1, 0), -431);
    cr_assert_eq(parse_n(buf, 16 + TP_MAX_FIELD_LINE, 0), 0);
    /* the CR of a line at the limit is not content */
    put_field(buf + 16, "X-Long", TP_MAX_FIELD_LINE);
    cr_assert_eq(parse_n(buf, 16 + TP_MAX_FIELD_LINE + 1, 0), 0);
    free(buf);
}

Test(fields, field_count_limit_is_431)
{
    char *buf = malloc(64 + 16 * (TP_MAX_FIELDS + 2)), *p;
    strcpy(buf, "GET / HTTP/1.1\r\n");
    p = buf + 16;
    for (int i = 0; i < TP_MAX_FIELDS; i++)
        p += sprintf(p, "X-%d: v\r\n", i);
    strcpy(p, "\r\n");
    cr_assert_eq(parse(buf), (int)strlen(buf), "exactly the limit is accepted");
    cr_assert_eq(req.nfields, TP_MAX_FIELDS);

    strcpy(p, "Y: v\r\n\r\n");
    cr_assert_eq(parse(buf), -431);
    cr_assert_str_eq(why, "too many header fields");
    /* certain as soon as one more field line begins */
    cr_assert_eq(parse_n(buf, (size_t)(p - buf) + 1, 0), -431);
    cr_assert_eq(parse_n(buf, (size_t)(p - buf), 0), 0);
    free(buf);
}

/* A request whose header section (field lines and final CRLF) is exactly
 * `size` bytes. */
static char *request_with_section(size_t size, size_t *total)
{
    const char *rl = "GET / HTTP/1.1\r\n";
    size_t rll = strlen(rl);
    char *buf = malloc(rll + size + 1), *p = buf;
    memcpy(p, rl, rll);
    p += rll;
    size_t left = size - 2;
    int i = 0;
    while (left > 0) {
        size_t line = left > 8002 ? 8000 : left - 2;
        if (left > 8002 && left - 8002 < 12)
            line = 7000;
        char name[16];
        snprintf(name, sizeof name, "X-%d", i++);
        p = put_field(p, name, line);
        left -= line + 2;
    }
    memcpy(p, "\r\n", 2);
    p += 2;
    *p = 0;
    *total = (size_t)(p - buf);
    return buf;
}

Test(fields, header_section_limit_is_431)
{
    size_t total;
    char *buf = request_with_section(TP_MAX_HEADER_SECTION, &total);
    cr_assert_eq(parse(buf), (int)total, "exactly the limit is accepted");
    free(buf);

    buf = request_with_section(TP_MAX_HEADER_SECTION + 1, &total);
    cr_assert_eq(parse(buf), -431);
    cr_assert_str_eq(why, "header section too large");
    /* one byte short of the final LF it could still be a bare CR */
    cr_assert_eq(parse_n(buf, total - 1, 0), 0);
    free(buf);

    /* certain as soon as the section holds one byte too many */
    buf = request_with_section(TP_MAX_HEADER_SECTION + 100, &total);
    cr_assert_eq(parse_n(buf, 16 + TP_MAX_HEADER_SECTION + 1, 0), -431);
    cr_assert_eq(parse_n(buf, 16 + TP_MAX_HEADER_SECTION, 0), 0);
    free(buf);
}

Test(fields, request_field_lookup_is_case_insensitive)
{
    cr_assert_gt(parse_keep("GET / HTTP/1.1\r\nHost: a\r\nX-Thing: 1\r\nx-thing: 2\r\n\r\n"), 0);
    const tp_field *f = tp_request_field(&req, "X-THING");
    cr_assert_not_null(f);
    assert_str(f->value, "1");
    cr_assert_null(tp_request_field(&req, "X-Thin"));
    cr_assert_null(tp_request_field(&req, "X-Things"));
}

Test(fields, str_ieq)
{
    cr_assert(tp_str_ieq((tp_str){"Chunked", 7}, "chunked"));
    cr_assert(tp_str_ieq((tp_str){"chunked", 7}, "CHUNKED"));
    cr_assert_not(tp_str_ieq((tp_str){"chunke", 6}, "chunked"));
    cr_assert_not(tp_str_ieq((tp_str){"chunkee", 7}, "chunked"));
    cr_assert(tp_str_ieq((tp_str){"", 0}, ""));
    /* only ASCII letters fold */
    cr_assert_not(tp_str_ieq((tp_str){"[", 1}, "{"));
    cr_assert_not(tp_str_ieq((tp_str){"\xc9", 1}, "\xe9"));
}

/* ---- incomplete input ---- */

static const char *const valid_requests[] = {
    ("GET /index.html?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t\r\n"
     "Accept: */*\r\nAccept-Encoding: gzip, br\r\nConnection: keep-alive\r\n\r\n"),
    "\r\nPOST /submit HTTP/1.0\r\nContent-Length: 5\r\n\r\n",
    "\nOPTIONS * HTTP/1.1\nHost: a\n\n",
    "CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\n\r\n",
    "GET http://h/p?q HTTP/1.9\r\nHost: h\r\nX: \t v \t\r\n\r\n",
};

static const char *const invalid_requests[] = {
    "GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n",
    "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n",
    "GET /a#b HTTP/1.1\r\n\r\n",
    "GET / HTTP/2.0\r\n\r\n",
    "GET / HTTP/1.1\r\nX: \x01\r\n\r\n",
    "GE@T / HTTP/1.1\r\n\r\n",
    "GET / HTTP/1.1\r\n: v\r\n\r\n",
    "\r\n\r\nGET / HTTP/1.1\r\n\r\n",
    "GET * HTTP/1.1\r\n\r\n",
};

Test(incomplete, every_prefix_of_a_valid_request_is_incomplete)
{
    for (size_t k = 0; k < sizeof valid_requests / sizeof *valid_requests; k++) {
        const char *s = valid_requests[k];
        size_t n = strlen(s);
        int whole = parse(s);
        cr_assert_eq(whole, (int)n, "%s", s);
        for (size_t i = 0; i < n; i++) {
            cr_assert_eq(parse_n(s, i, 0), 0, "request %zu split at %zu", k, i);
            /* and completing it after that split gives the same result */
            if (i > 0)
                cr_assert_eq(parse_n(s, n, i), whole, "request %zu prev_len %zu", k, i);
        }
    }
}

Test(incomplete, an_error_stands_however_the_input_is_split)
{
    for (size_t k = 0; k < sizeof invalid_requests / sizeof *invalid_requests; k++) {
        const char *s = invalid_requests[k];
        size_t n = strlen(s);
        int whole = parse(s);
        cr_assert_lt(whole, 0, "%s", s);
        for (size_t i = 1; i < n; i++) {
            int r = parse_n(s, i, 0);
            cr_assert(r == 0 || r == whole, "request %zu split at %zu: %d", k, i, r);
            if (r == 0)
                cr_assert_eq(parse_n(s, n, i), whole, "request %zu prev_len %zu", k, i);
        }
    }
}

/* Feeds s in pieces, passing the previous length as prev_len, and returns
 * the first non-zero result (or 0). */
static int feed(const char *s, size_t n, unsigned seed, size_t maxstep)
{
    size_t len = 0, prev = 0;
    while (len < n) {
        seed = seed * 1103515245u + 12345u;
        size_t step = 1 + (seed >> 16) % maxstep;
        len = len + step > n ? n : len + step;
        int r = parse_n(s, len, prev);
        if (r != 0)
            return r;
        prev = len;
    }
    return 0;
}

Test(incomplete, incremental_parse_agrees_with_whole_parse)
{
    for (unsigned seed = 1; seed < 40; seed++) {
        for (size_t k = 0; k < sizeof valid_requests / sizeof *valid_requests; k++) {
            const char *s = valid_requests[k];
            cr_assert_eq(feed(s, strlen(s), seed, 1 + seed % 9), parse(s));
        }
        for (size_t k = 0; k < sizeof invalid_requests / sizeof *invalid_requests; k++) {
            const char *s = invalid_requests[k];
            cr_assert_eq(feed(s, strlen(s), seed, 1 + seed % 9), parse(s));
        }
    }
}

/* ---- the slow-client guard ---- */

Test(guard, nothing_new_is_still_incomplete)
{
    const char *s = "GET / HTTP/1.1\r\nHost: a\r\n";
    cr_assert_eq(parse_n(s, strlen(s), strlen(s)), 0);
}

Test(guard, trickled_long_value_stays_incomplete_then_completes)
{
    size_t n = 16 + 6000 + 4;
    char *buf = malloc(n + 1);
    strcpy(buf, "GET / HTTP/1.1\r\n");
    put_field(buf + 16, "Host", 6000);
    memcpy(buf + 16 + 6002, "\r\n", 3);
    for (size_t len = 17, prev = 16; len < n; prev = len, len++)
        cr_assert_eq(parse_n(buf, len, prev), 0, "at %zu", len);
    cr_assert_eq(parse_n(buf, n, n - 1), (int)n);
    free(buf);
}

Test(guard, limits_still_trigger_as_the_buffer_grows)
{
    /* a field line growing past TP_MAX_FIELD_LINE */
    size_t n = 16 + TP_MAX_FIELD_LINE + 100;
    char *buf = malloc(n);
    memcpy(buf, "GET / HTTP/1.1\r\nX: ", 19);
    memset(buf + 19, 'a', n - 19);
    size_t prev = 0, len = 19;
    int r = 0;
    while (r == 0 && len < n) {
        r = parse_n(buf, len, prev);
        prev = len;
        len += 7;
    }
    cr_assert_eq(r, -431);
    cr_assert_gt(prev, 16 + (size_t)TP_MAX_FIELD_LINE);
    cr_assert_leq(prev, 16 + (size_t)TP_MAX_FIELD_LINE + 7);
    free(buf);

    /* a target growing past TP_MAX_TARGET */
    n = TP_MAX_TARGET + 100;
    buf = malloc(n);
    memcpy(buf, "GET /", 5);
    memset(buf + 5, 'a', n - 5);
    prev = 0;
    len = 5;
    r = 0;
    while (r == 0 && len < n) {
        r = parse_n(buf, len, prev);
        prev = len;
        len += 13;
    }
    cr_assert_eq(r, -414);
    cr_assert_gt(prev, 4 + (size_t)TP_MAX_TARGET);
    free(buf);
}

Test(guard, header_section_limit_triggers_under_the_guard)
{
    size_t total;
    char *buf = request_with_section(TP_MAX_HEADER_SECTION + 100, &total);
    size_t prev = 0, len = 1;
    int r = 0;
    while (r == 0 && len <= total) {
        r = parse_n(buf, len, prev);
        prev = len;
        len += 11;
    }
    cr_assert_eq(r, -431);
    free(buf);
}

Test(guard, invalid_bytes_in_new_data_are_still_reported)
{
    const char *s = "GET / HTTP/1.1\r\nHost: a\r\nX: abc\x01" "def";
    cr_assert_eq(parse_n(s, 29, 0), 0);
    cr_assert_eq(parse_n(s, strlen(s), 29), -400);
    const char *t = "GET /abcdef\x80gh";
    cr_assert_eq(parse_n(t, 8, 0), 0);
    cr_assert_eq(parse_n(t, strlen(t), 8), -400);
    const char *u = "GET / HTTP/1.1\r\nHost: a\r\nX-Na me: 1";
    cr_assert_eq(parse_n(u, 28, 0), 0);
    cr_assert_eq(parse_n(u, strlen(u), 28), -400);
}

/* ---- framing: Host (RFC 9112 3.2) ---- */

Test(host, http11_without_host_is_400)
{
    cr_assert_eq(frame("GET / HTTP/1.1\r\n\r\n"), 400);
    cr_assert_str_eq(why, "missing Host field");
}

Test(host, http10_without_host_is_fine)
{
    cr_assert_eq(frame("GET / HTTP/1.0\r\n\r\n"), 0);
    cr_assert_eq(req.host.len, 0);
}

Test(host, more_than_one_host_is_400)
{
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"), 400);
    cr_assert_eq(frame("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n"), 400);
}

Test(host, host_value_is_the_host)
{
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: example.com:8080\r\n\r\n"), 0);
    assert_str(req.host, "example.com:8080");
}

Test(host, valid_host_forms)
{
    const char *ok[] = {
        "example.com", "EXAMPLE.com", "a-b_c~d.e", "192.0.2.1", "192.0.2.1:80",
        "[::1]", "[::1]:8080", "[2001:db8::ff00:42:8329]", "[::ffff:192.0.2.1]",
        "[1:2:3:4:5:6:7:8]", "[1::]", "[v7.abc:def]", "ex%41mple", "h:",
        "!$&'()*+;=", "",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "GET / HTTP/1.1\r\nHost: %s\r\n\r\n", ok[i]);
        cr_assert_eq(frame(buf), 0, "Host: %s", ok[i]);
    }
}

Test(host, invalid_host_is_400)
{
    const char *bad[] = {
        "a,b", "a, b", "a b", "a/b", "a@b", "a:b", "a:80x", "a:-1", "[::1",
        "::1", "[::1]x", "[1:2:3:4:5:6:7:8:9]", "[1::2::3]", "[12345::]",
        "[::1.2.3]", "[::256.1.1.1]", "[::01.1.1.1]", "[v.x]", "[vz.x]",
        "[v7.]", "ex%4", "ex%zz", "a\"b", "[1:2:3:4:5:6:7::8]", "[v1.a,b]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "GET / HTTP/1.1\r\nHost: %s\r\n\r\n", bad[i]);
        cr_assert_eq(frame(buf), 400, "Host: %s", bad[i]);
        cr_assert_str_eq(why, "invalid Host field");
    }
}

Test(host, empty_host_is_accepted)
{
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost:\r\n\r\n"), 0);
    cr_assert_eq(req.host.len, 0);
}

Test(host, absolute_form_authority_overrides_host)
{
    cr_assert_eq(frame("GET http://real.example/x HTTP/1.1\r\nHost: other\r\n\r\n"), 0);
    assert_str(req.host, "real.example");
}

Test(host, absolute_form_still_needs_a_valid_host_in_1_1)
{
    cr_assert_eq(frame("GET http://real.example/x HTTP/1.1\r\n\r\n"), 400);
    cr_assert_eq(frame("GET http://real.example/x HTTP/1.1\r\nHost: a b\r\n\r\n"), 400);
    cr_assert_eq(frame("GET http://real.example/x HTTP/1.0\r\n\r\n"), 0);
    assert_str(req.host, "real.example");
}

/* ---- framing: Content-Length (RFC 9110 8.6, RFC 9112 6.3) ---- */

Test(content_length, plain_value)
{
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 42\r\n\r\n"), 0);
    cr_assert_eq(req.content_length, 42);
    cr_assert_not(req.chunked);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 007\r\n\r\n"), 0);
    cr_assert_eq(req.content_length, 7);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"), 0);
    cr_assert_eq(req.content_length, 0);
}

Test(content_length, absent_is_minus_one)
{
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
    cr_assert_eq(req.content_length, -1);
}

Test(content_length, largest_value_is_int64_max)
{
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9223372036854775807\r\n\r\n"), 0);
    cr_assert_eq(req.content_length, INT64_MAX);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9223372036854775808\r\n\r\n"), 400);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n"), 400);
}

Test(content_length, only_digits_are_allowed)
{
    const char *bad[] = {"+5", "-1", "5 5", "0x10", "5a", "", " ", "1.0", "5;", "\"5\""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: %s\r\n\r\n", bad[i]);
        cr_assert_eq(frame(buf), 400, "Content-Length: %s", bad[i]);
    }
}

Test(content_length, identical_duplicates_are_one_value)
{
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"), 0);
    cr_assert_eq(req.content_length, 5);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n"), 0);
    cr_assert_eq(req.content_length, 5);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5,5 , 05\r\n\r\n"), 0);
    cr_assert_eq(req.content_length, 5);
}

Test(content_length, differing_values_are_400)
{
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"), 400);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n"), 400);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5,\r\n\r\n"), 400);
}

/* ---- framing: Transfer-Encoding (RFC 9112 6.1, 6.3) ---- */

Test(transfer_encoding, chunked)
{
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"), 0);
    cr_assert(req.chunked);
    cr_assert_eq(req.content_length, -1);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\ntransfer-encoding: CHUNKED\r\n\r\n"), 0);
    cr_assert(req.chunked);
}

Test(transfer_encoding, empty_list_elements_are_ignored)
{
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , chunked ,\r\n\r\n"), 0);
    cr_assert(req.chunked);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,\r\n\r\n"), 400);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n"), 400);
}

Test(transfer_encoding, with_content_length_is_400)
{
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
    cr_assert_str_eq(why, "Content-Length with Transfer-Encoding");
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"), 400);
}

Test(transfer_encoding, in_http10_is_400)
{
    cr_assert_eq(frame("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
}

Test(transfer_encoding, final_coding_must_be_chunked)
{
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"), 400);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"), 400);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n"), 400);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n"), 400);
}

Test(transfer_encoding, chunked_twice_is_400)
{
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"), 400);
    cr_assert_str_eq(why, "chunked applied more than once");
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
}

Test(transfer_encoding, chunked_with_parameters_is_400)
{
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;x=1\r\n\r\n"), 400);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked ; x = \"1\"\r\n\r\n"), 400);
}

Test(transfer_encoding, malformed_codings_are_400)
{
    const char *bad[] = {"chu nked", "chunked;", "chunked;x", "chunked;=1",
                         "gzip;x=\"a, chunked", "\"chunked\"", "chunked/1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: %s\r\n\r\n", bad[i]);
        cr_assert_eq(frame(buf), 400, "Transfer-Encoding: %s", bad[i]);
    }
}

Test(transfer_encoding, other_codings_before_chunked_are_501)
{
    const char *codings[] = {"gzip, chunked", "deflate, chunked",
                             "compress, chunked", "x-unknown, chunked",
                             "gzip;level=\"9, 1\", chunked", "GZIP,chunked"};
    for (size_t i = 0; i < sizeof codings / sizeof *codings; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: %s\r\n\r\n", codings[i]);
        cr_assert_eq(frame(buf), 501, "Transfer-Encoding: %s", codings[i]);
        cr_assert_str_eq(why, "transfer coding not implemented");
    }
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"), 501);
}

/* ---- framing: Connection (RFC 9112 9.3) ---- */

Test(connection, persistence_defaults)
{
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
    cr_assert(req.keep_alive);
    cr_assert_eq(frame("GET / HTTP/1.0\r\n\r\n"), 0);
    cr_assert_not(req.keep_alive);
}

Test(connection, close_and_keep_alive)
{
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"), 0);
    cr_assert_not(req.keep_alive);
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, CLOSE\r\n\r\n"), 0);
    cr_assert_not(req.keep_alive);
    cr_assert_eq(frame("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"), 0);
    cr_assert(req.keep_alive);
    cr_assert_eq(frame("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n"), 0);
    cr_assert_not(req.keep_alive);
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n"), 0);
    cr_assert_not(req.keep_alive);
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n"), 0);
    cr_assert(req.keep_alive);
}

Test(connection, upgrade_needs_both_fields)
{
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"), 0);
    cr_assert(req.upgrade);
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\n\r\n"), 0);
    cr_assert_not(req.upgrade);
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n"), 0);
    cr_assert_not(req.upgrade);
    /* RFC 9110 7.8: Upgrade in an HTTP/1.0 request is ignored */
    cr_assert_eq(frame("GET / HTTP/1.0\r\nConnection: upgrade\r\nUpgrade: x\r\n\r\n"), 0);
    cr_assert_not(req.upgrade);
}

/* ---- framing: Expect (RFC 9110 10.1.1) ---- */

Test(expect, continue_from_http11)
{
    cr_assert_eq(frame("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\n"), 0);
    cr_assert(req.expect_continue);
    cr_assert_eq(frame("PUT / HTTP/1.1\r\nHost: a\r\nExpect:  100-Continue \r\n\r\n"), 0);
    cr_assert(req.expect_continue);
}

Test(expect, continue_from_http10_is_ignored)
{
    cr_assert_eq(frame("PUT / HTTP/1.0\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\n"), 0);
    cr_assert_not(req.expect_continue);
}

Test(expect, other_expectations_are_417)
{
    cr_assert_eq(frame("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\n\r\n"), 417);
    cr_assert_eq(frame("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue, foo\r\n\r\n"), 417);
    cr_assert_eq(frame("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue;x=1\r\n\r\n"), 417);
    cr_assert_eq(frame("PUT / HTTP/1.0\r\nExpect: foo\r\n\r\n"), 417);
}

Test(expect, absent_means_no_continue)
{
    cr_assert_eq(frame("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n"), 0);
    cr_assert_not(req.expect_continue);
}

/* ---- framing: RFC 2774 ---- */

Test(extensions, mandatory_declarations_are_510)
{
    cr_assert_eq(frame("M-GET / HTTP/1.1\r\nHost: a\r\n\r\n"), 510);
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nMan: \"http://x/\"; ns=16\r\n\r\n"), 510);
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nMAN: x\r\n\r\n"), 510);
}

Test(extensions, optional_declarations_are_ignored)
{
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nOpt: \"http://x/\"; ns=16\r\n\r\n"), 0);
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nC-Man: \"http://x/\"\r\n\r\n"), 0);
    cr_assert_eq(frame("GET / HTTP/1.1\r\nHost: a\r\nC-Opt: \"http://x/\"\r\n\r\n"), 0);
    cr_assert_eq(frame("MGET / HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
}

/* ---- framing: the order of the verdicts ---- */

Test(order, host_before_framing_before_510_before_417)
{
    cr_assert_eq(frame("M-POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\nExpect: x\r\n\r\n"), 400);
    cr_assert_str_eq(why, "missing Host field");
    cr_assert_eq(frame("M-POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\nExpect: x\r\n\r\n"), 400);
    cr_assert_str_eq(why, "Content-Length with Transfer-Encoding");
    cr_assert_eq(frame("M-POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\nExpect: x\r\n\r\n"), 501);
    cr_assert_eq(frame("M-POST / HTTP/1.1\r\nHost: a\r\nExpect: x\r\n\r\n"), 510);
    cr_assert_eq(frame("POST / HTTP/1.1\r\nHost: a\r\nExpect: x\r\n\r\n"), 417);
}
