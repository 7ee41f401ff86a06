/*
 * test_writer.c - the response writer's framing rules, checked on the bytes
 * it queues for a connection (RFC 9110 6.4.1, 8.6, 9.3.2, 15.2, 15.3.5,
 * 15.3.6, 15.4.5; RFC 9112 6.3, 7.1, 9.6).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "exchange.h"

/* An exchange as the writer tests want it: a fixed Date, a version, and
 * optionally an Accept field. */
static fixture *fx_writer(int minor, const char *method, const char *accept)
{
    fixture *f = fx_new(method);
    tp_date_update(&f->w, 784111777);
    f->x->head.version_minor = minor;
    if (accept)
        fx_hdr(f, "Accept", accept);
    return f;
}

static bool has_line(const char *text, const char *line)
{
    const char *p = strstr(text, line);
    return p && p > text && p[-1] == '\n' && p[strlen(line)] == '\r';
}

static bool has_name(const char *text, const char *name)
{
    char pat[64];
    snprintf(pat, sizeof(pat), "\n%s:", name);
    return strcasestr(text, pat) != NULL;
}

Test(writer, every_response_has_date)
{
    fixture *f = fx_writer(1, "GET", NULL);
    tp_respond(f->x, 200, "text/plain", "hi", 2);
    cr_assert(has_line(fx_out(f), "Date: Sun, 06 Nov 1994 08:49:37 GMT"));
    cr_assert(!strncmp(fx_out(f), "HTTP/1.1 200 OK\r\n", 17));
    cr_assert(has_line(fx_out(f), "Content-Length: 2"));
    cr_assert_str_eq(fx_body(f), "hi");
    fx_free(f);
}

Test(writer, no_content_on_204)
{
    fixture *f = fx_writer(1, "GET", NULL);
    tp_respond(f->x, 204, "text/plain", "must vanish", 11);
    const char *t = fx_out(f);
    cr_assert(!strncmp(t, "HTTP/1.1 204 No Content\r\n", 25));
    cr_assert(!has_name(t, "Content-Length"), "204 MUST NOT carry Content-Length");
    cr_assert(!has_name(t, "Transfer-Encoding"));
    cr_assert(!has_name(t, "Content-Type"));
    cr_assert_str_eq(fx_body(f), "");
    fx_free(f);
}

Test(writer, no_content_on_304_but_validators_stay)
{
    fixture *f = fx_writer(1, "GET", NULL);
    tp_response_header(f->x, "ETag", "\"abc\"");
    tp_response_header(f->x, "Cache-Control", "max-age=60");
    tp_respond(f->x, 304, "text/plain", "must vanish", 11);
    const char *t = fx_out(f);
    cr_assert(!strncmp(t, "HTTP/1.1 304 Not Modified\r\n", 27));
    cr_assert(has_line(t, "ETag: \"abc\""));
    cr_assert(has_line(t, "Cache-Control: max-age=60"));
    cr_assert(!has_name(t, "Content-Length"));
    cr_assert(!has_name(t, "Content-Type"));
    cr_assert_str_eq(fx_body(f), "");
    fx_free(f);
}

Test(writer, reset_content_205_says_zero)
{
    fixture *f = fx_writer(1, "GET", NULL);
    tp_respond(f->x, 205, "text/plain", "must vanish", 11);
    cr_assert(has_line(fx_out(f), "Content-Length: 0"));
    cr_assert_str_eq(fx_body(f), "");
    fx_free(f);
}

Test(writer, head_has_get_headers_without_content)
{
    fixture *f = fx_writer(1, "HEAD", NULL);
    tp_respond(f->x, 200, "text/plain", "hello", 5);
    cr_assert(has_line(fx_out(f), "Content-Length: 5"));
    cr_assert(has_line(fx_out(f), "Content-Type: text/plain"));
    cr_assert_str_eq(fx_body(f), "");
    fx_free(f);
}

static ssize_t two_pieces(tp_request *req, char *buf, size_t cap, void *arg)
{
    int *n = arg;
    if (*n >= 2)
        return 0;
    (*n)++;
    memcpy(buf, "abc", 3);
    return 3;
}

Test(writer, unknown_length_is_chunked_for_http11)
{
    fixture *f = fx_writer(1, "GET", NULL);
    int n = 0;
    tp_respond_stream(f->x, 200, "text/plain", -1, two_pieces, &n);
    while (tp_fill_body(f->x))
        ;
    cr_assert(has_line(fx_out(f), "Transfer-Encoding: chunked"));
    cr_assert(!has_name(fx_out(f), "Content-Length"));
    cr_assert_str_eq(fx_body(f), "3\r\nabc\r\n3\r\nabc\r\n0\r\n\r\n");
    fx_free(f);
}

Test(writer, unknown_length_is_close_delimited_for_http10)
{
    fixture *f = fx_writer(0, "GET", NULL);
    int n = 0;
    tp_respond_stream(f->x, 200, "text/plain", -1, two_pieces, &n);
    while (tp_fill_body(f->x))
        ;
    const char *t = fx_out(f);
    cr_assert(!has_name(t, "Transfer-Encoding"), "no chunked to HTTP/1.0");
    cr_assert(!has_name(t, "Content-Length"));
    cr_assert(has_line(t, "Connection: close"));
    cr_assert(f->x->close_after);
    cr_assert_str_eq(fx_body(f), "abcabc");
    fx_free(f);
}

Test(writer, http10_keep_alive_is_announced)
{
    fixture *f = fx_writer(0, "GET", NULL);
    tp_respond(f->x, 200, NULL, "x", 1);
    cr_assert(has_line(fx_out(f), "Connection: keep-alive"));
    fx_free(f);
}

Test(writer, closing_says_connection_close)
{
    fixture *f = fx_writer(1, "GET", NULL);
    tp_response_header(f->x, "Connection", "close");
    tp_respond(f->x, 200, NULL, "x", 1);
    cr_assert(has_line(fx_out(f), "Connection: close"));
    fx_free(f);
}

Test(writer, engine_owned_fields_are_refused)
{
    fixture *f = fx_writer(1, "GET", NULL);
    cr_assert_lt(tp_response_header(f->x, "Content-Length", "99"), 0);
    cr_assert_lt(tp_response_header(f->x, "Transfer-Encoding", "chunked"), 0);
    cr_assert_lt(tp_response_header(f->x, "Date", "yesterday"), 0);
    cr_assert_lt(tp_response_header(f->x, "X-Bad", "a\r\nInjected: 1"), 0,
                 "CR LF in a value would split the header section");
    cr_assert_lt(tp_response_header(f->x, "Bad Name", "v"), 0);
    fx_free(f);
}

Test(writer, missing_required_field_is_a_bug)
{
    fixture *f = fx_writer(1, "GET", NULL);
    unsigned long before = atomic_load(&tp_bug_count);
    tp_respond(f->x, 405, "text/plain", "no", 2);
    cr_assert_eq(atomic_load(&tp_bug_count), before + 1,
                 "405 without Allow must be reported");
    fx_free(f);

    f = fx_writer(1, "GET", NULL);
    before = atomic_load(&tp_bug_count);
    tp_response_header(f->x, "Allow", "GET, HEAD");
    tp_respond(f->x, 405, "text/plain", "no", 2);
    cr_assert_eq(atomic_load(&tp_bug_count), before);
    fx_free(f);
}

Test(writer, upgrade_brings_connection_upgrade)
{
    fixture *f = fx_writer(1, "GET", NULL);
    unsigned long before = atomic_load(&tp_bug_count);
    tp_response_header(f->x, "Upgrade", "HTTP/2.0");
    tp_respond(f->x, 426, "text/plain", "upgrade", 7);
    cr_assert(has_line(fx_out(f), "Connection: upgrade"));
    cr_assert_eq(atomic_load(&tp_bug_count), before);
    fx_free(f);
}

Test(writer, error_without_body_gets_an_explanation)
{
    fixture *f = fx_writer(1, "GET", NULL);
    tp_respond(f->x, 404, NULL, NULL, 0);
    cr_assert(has_line(fx_out(f), "Content-Type: text/plain; charset=utf-8"));
    cr_assert(!strncmp(fx_body(f), "404 Not Found\n", 14));
    fx_free(f);
}

Test(writer, error_explanation_follows_accept)
{
    fixture *f = fx_writer(1, "GET", "application/json");
    tp_respond_error(f->x, 503, "down for tea");
    cr_assert(has_line(fx_out(f), "Content-Type: application/json"));
    cr_assert(has_line(fx_out(f), "Vary: Accept"));
    json_error_t err;
    json_t *j = json_loads(fx_body(f), 0, &err);
    cr_assert_not_null(j, "body is JSON: %s", err.text);
    cr_assert_eq(json_integer_value(json_object_get(j, "code")), 503);
    cr_assert_str_eq(json_string_value(json_object_get(j, "reason")),
                     "Service Unavailable");
    cr_assert_str_eq(json_string_value(json_object_get(j, "description")),
                     "down for tea");
    json_decref(j);
    fx_free(f);

    f = fx_writer(1, "GET", "text/html,application/xhtml+xml,*/*;q=0.8");
    tp_respond_error(f->x, 400, "<script>");
    cr_assert(has_line(fx_out(f), "Content-Type: text/html; charset=utf-8"));
    cr_assert(strstr(fx_body(f), "&lt;script&gt;"), "detail is escaped");
    cr_assert(!strstr(fx_body(f), "<script>"));
    fx_free(f);
}

Test(writer, accept_picks_error_media)
{
    struct {
        const char *accept;
        int want;
    } cases[] = {
        {"", 0},
        {"*/*", 0},
        {"text/html", 1},
        {"application/json", 2},
        {"text/html;q=0.1, application/json", 2},
        {"application/json;q=0, text/plain;q=0.5", 0},
        {"text/*", 0},
        {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", 1},
        {"image/png", 0},
        {"application/*;q=0.9, text/html;q=0.8", 2},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        tp_str a = {cases[i].accept, strlen(cases[i].accept)};
        cr_assert_eq(tp_error_media(a), cases[i].want, "Accept: %s",
                     cases[i].accept);
    }
}

Test(writer, interim_only_to_http11)
{
    fixture *f = fx_writer(0, "GET", NULL);
    tp_response_header(f->x, "Link", "</a.css>; rel=preload");
    cr_assert_eq(tp_response_interim(f->x, 103), -EPROTO,
                 "RFC 9110 15.2: no 1xx to an HTTP/1.0 client");
    cr_assert_str_eq(fx_out(f), "");
    fx_free(f);

    f = fx_writer(1, "GET", NULL);
    tp_response_header(f->x, "Link", "</a.css>; rel=preload");
    cr_assert_eq(tp_response_interim(f->x, 103), 0);
    tp_respond(f->x, 200, "text/plain", "ok", 2);
    const char *t = fx_out(f);
    static const char want[] = "HTTP/1.1 103 Early Hints\r\n"
                               "Link: </a.css>; rel=preload\r\n\r\n"
                               "HTTP/1.1 200 OK\r\n";
    cr_assert(!strncmp(t, want, sizeof(want) - 1), "got: %s", t);
    cr_assert(!strstr(t + 60, "Link:"), "interim fields do not leak into the final response");
    fx_free(f);
}

Test(writer, final_response_cannot_be_1xx)
{
    fixture *f = fx_writer(1, "GET", NULL);
    tp_respond(f->x, 100, "text/plain", "x", 1);
    cr_assert(!strncmp(fx_out(f), "HTTP/1.1 500 ", 13));
    fx_free(f);
}

Test(writer, status_line_of_unregistered_code)
{
    char buf[128];
    size_t n = tp_status_line(buf, 299);
    buf[n] = '\0';
    cr_assert_str_eq(buf, "HTTP/1.1 299 \r\n",
                     "RFC 9112 4: the reason phrase may be empty");
    n = tp_status_line(buf, 418);
    buf[n] = '\0';
    cr_assert_str_eq(buf, "HTTP/1.1 418 I'm a teapot\r\n");
}

Test(writer, one_final_response_only)
{
    fixture *f = fx_writer(1, "GET", NULL);
    tp_respond(f->x, 200, NULL, "a", 1);
    size_t len = strlen(fx_out(f));
    tp_respond(f->x, 404, NULL, "b", 1);
    cr_assert_eq(strlen(fx_out(f)), len);
    fx_free(f);
}

/* ---- trailers (RFC 9110 6.5, RFC 9112 7.1.2) ---- */

Test(writer, trailers_follow_the_last_chunk)
{
    fixture *f = fx_writer(1, "GET", NULL);
    int n = 0;
    tp_response_header(f->x, "Trailer", "Server-Timing, X-Checksum");
    tp_respond_stream(f->x, 200, "text/plain", -1, two_pieces, &n);
    cr_assert_eq(tp_response_trailer(f->x, "Server-Timing", "db;dur=53"), 0);
    cr_assert_eq(tp_response_trailer(f->x, "X-Checksum", "abc"), 0);
    cr_assert_str_eq(fx_body(f), "3\r\nabc\r\n3\r\nabc\r\n0\r\n"
                                 "Server-Timing: db;dur=53\r\n"
                                 "X-Checksum: abc\r\n\r\n");
    cr_assert_eq(tp_response_trailer(f->x, "X-Late", "1"), -EALREADY,
                 "the trailer section is gone once the last chunk is out");
    fx_free(f);
}

Test(writer, trailers_need_chunking)
{
    /* Without chunked coding there is no trailer section to carry them. */
    fixture *f = fx_writer(0, "GET", NULL);
    int n = 0;
    tp_respond_stream(f->x, 200, "text/plain", -1, two_pieces, &n);
    tp_response_trailer(f->x, "X-Checksum", "abc");
    cr_assert_str_eq(fx_body(f), "abcabc");
    fx_free(f);

    f = fx_writer(1, "GET", NULL);
    n = 0;
    tp_respond_stream(f->x, 200, "text/plain", 6, two_pieces, &n);
    tp_response_trailer(f->x, "X-Checksum", "abc");
    cr_assert_str_eq(fx_body(f), "abcabc");
    fx_free(f);
}

Test(writer, forbidden_trailer_fields_are_refused)
{
    fixture *f = fx_writer(1, "GET", NULL);
    static const char *const bad[] = {
        "Content-Length", "transfer-encoding", "Host", "Authorization",
        "Set-Cookie", "Content-Type", "Content-Encoding", "Cache-Control",
        "Location", "Retry-After", "Trailer", "If-None-Match", "Date", "Vary",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_assert(tp_trailer_forbidden(bad[i]), "%s", bad[i]);
        cr_assert_eq(tp_response_trailer(f->x, bad[i], "x"), -EINVAL, "%s",
                     bad[i]);
    }
    cr_assert(!tp_trailer_forbidden("Server-Timing"));
    cr_assert(!tp_trailer_forbidden("Digest"));
    cr_assert_eq(tp_response_trailer(f->x, "Bad Name", "x"), -EINVAL);
    cr_assert_eq(tp_response_trailer(f->x, "X-Ok", "a\r\nInjected: 1"), -EINVAL);
    fx_free(f);
}

/* ---- 100 sent on request, 101 reserved ---- */

Test(writer, interim_100_on_request_is_sent_once)
{
    fixture *f = fx_writer(1, "POST", NULL);
    f->x->head.expect_continue = true;
    cr_assert_eq(tp_response_interim(f->x, 100), 0);
    cr_assert(f->x->sent_continue, "the engine must not send a second 100");
    cr_assert_eq(tp_response_interim(f->x, 100), 0);
    cr_assert_eq(tp_response_interim(f->x, 101), -EINVAL,
                 "101 switches protocols: only tp_request_upgrade sends it");
    tp_respond(f->x, 204, NULL, NULL, 0);
    const char *t = fx_out(f);
    cr_assert(!strncmp(t, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 ", 38),
              "got: %s", t);
    cr_assert_eq(tp_response_interim(f->x, 102), -EINVAL,
                 "no interim response after the final one");
    fx_free(f);
}

/* ---- explanations for any code ---- */

Test(writer, status_explanation_for_success_codes)
{
    fixture *f = fx_writer(1, "GET", "application/json");
    tp_respond_status(f->x, 200, NULL);
    cr_assert(!strncmp(fx_out(f), "HTTP/1.1 200 OK\r\n", 17));
    cr_assert(has_line(fx_out(f), "Content-Type: application/json"));
    cr_assert(!strncmp(fx_body(f), "{\"code\":200,\"reason\":\"OK\"", 25),
              "got: %s", fx_body(f));
    fx_free(f);

    f = fx_writer(1, "GET", NULL);
    tp_respond_status(f->x, 205, NULL);
    cr_assert(has_line(fx_out(f), "Content-Length: 0"),
              "RFC 9110 15.3.6: 205 has no content");
    cr_assert_str_eq(fx_body(f), "");
    fx_free(f);
}
