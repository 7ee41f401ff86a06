/*
 * fuzz_parse.c - libFuzzer target for the request parser, the framing
 * checks and the chunked decoder.
 *
 * Besides memory errors it checks the properties the connection relies
 * on, and aborts when one fails:
 *   - the parse of a request split in two (with prev_len) or fed one byte
 *     at a time equals the parse of the whole;
 *   - a result on a prefix is the result on the whole;
 *   - every slice lies inside the consumed bytes and values carry no
 *     surrounding whitespace;
 *   - the chunked decoder gives the same output, result and consumption
 *     whether fed at once or byte by byte.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
    if (!ok)
        abort();
}

static tp_request_head whole_req, part_req;

/* Two slices at the same offset from their buffers. */
static bool same_slice(tp_str a, const char *abase, tp_str b, const char *bbase)
{
    return a.len == b.len && (a.len == 0 || a.ptr - abase == b.ptr - bbase);
}

static bool same_head(const tp_request_head *a, const char *abase,
                      const tp_request_head *b, const char *bbase)
{
    if (a->method_id != b->method_id || a->form != b->form
        || a->version_major != b->version_major
        || a->version_minor != b->version_minor || a->nfields != b->nfields)
        return false;
    if (!same_slice(a->method, abase, b->method, bbase)
        || !same_slice(a->target, abase, b->target, bbase)
        || !same_slice(a->query, abase, b->query, bbase)
        || !same_slice(a->authority, abase, b->authority, bbase))
        return false;
    /* the path of an absolute-form target without one is a constant "/" */
    if (a->path.len != b->path.len)
        return false;
    for (size_t i = 0; i < a->nfields; i++)
        if (!same_slice(a->fields[i].name, abase, b->fields[i].name, bbase)
            || !same_slice(a->fields[i].value, abase, b->fields[i].value, bbase))
            return false;
    return true;
}

static bool inside(tp_str s, const char *base, size_t n)
{
    return s.len == 0 || (s.ptr >= base && s.ptr + s.len <= base + n);
}

static void check_head(const tp_request_head *r, const char *buf, int rc)
{
    size_t n = (size_t)rc;
    check(r->version_major == 1);
    check(r->version_minor == 0 || r->version_minor == 1);
    check(r->nfields <= TP_MAX_FIELDS);
    check(r->method.len > 0 && r->method.len <= TP_MAX_METHOD);
    check(r->target.len > 0 && r->target.len <= TP_MAX_TARGET);
    check(inside(r->method, buf, n) && inside(r->target, buf, n));
    check(inside(r->query, buf, n) && inside(r->authority, buf, n));
    check(r->method_id == tp_method_lookup(r->method.ptr, r->method.len));
    for (size_t i = 0; i < r->nfields; i++) {
        tp_str nm = r->fields[i].name, v = r->fields[i].value;
        check(nm.len > 0 && inside(nm, buf, n) && inside(v, buf, n));
        check(nm.len + v.len <= TP_MAX_FIELD_LINE);
        if (v.len) {
            check(v.ptr[0] != ' ' && v.ptr[0] != '\t');
            check(v.ptr[v.len - 1] != ' ' && v.ptr[v.len - 1] != '\t');
        }
        for (size_t j = 0; j < v.len; j++) {
            unsigned char c = (unsigned char)v.ptr[j];
            check(c == '\t' || (c >= 0x20 && c != 0x7f));
        }
    }
}

static bool known_parse_error(int rc)
{
    return rc == -400 || rc == -414 || rc == -431 || rc == -501 || rc == -505;
}

static void check_chunked(const uint8_t *d, size_t n)
{
    char *w = malloc(n ? n : 1);
    memcpy(w, d, n);
    tp_chunked c;
    memset(&c, 0, sizeof c);
    size_t len = n, out = 0;
    const char *why = NULL;
    int rc = tp_chunked_decode(&c, w, &len, &out, &why);
    check(out <= len && len <= n);
    check(rc == 0 || rc == 1 || rc == -400 || rc == -431);
    if (rc == 0)
        check(len == n);
    if (rc < 0)
        check(why != NULL);

    tp_chunked c2;
    memset(&c2, 0, sizeof c2);
    char *acc = malloc(n ? n : 1);
    size_t got = 0, consumed = 0;
    int rc2 = 0;
    for (size_t i = 0; i < n && rc2 == 0; i++) {
        char b = (char)d[i];
        size_t l = 1, o = 0;
        rc2 = tp_chunked_decode(&c2, &b, &l, &o, &why);
        check(o <= l && l <= 1);
        if (o)
            acc[got++] = b;
        consumed += l;
    }
    check(rc2 == rc);
    check(consumed == len);
    check(got == out);
    check(memcmp(acc, w, out) == 0);
    free(acc);
    free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;

    char *buf = malloc(size);
    memcpy(buf, data, size);
    const char *why = NULL;

    int whole = tp_parse_request(buf, size, 0, &whole_req, &why);
    check(whole >= 0 || known_parse_error(whole));
    if (whole < 0)
        check(why != NULL);
    if (whole > 0) {
        check((size_t)whole <= size);
        check_head(&whole_req, buf, whole);
    }

    /* split in two at a position the input chooses; the first part gets
     * an exact-size copy, so a read past its end is a sanitizer report */
    size_t k = (size_t)data[0] * size / 256;
    char *pre = malloc(k ? k : 1);
    memcpy(pre, data, k);
    int first = tp_parse_request(pre, k, 0, &part_req, &why);
    if (first > 0) {
        check(first == whole);
        check(same_head(&part_req, pre, &whole_req, buf));
    } else if (first < 0) {
        check(first == whole);
    } else if (k > 0) {
        int second = tp_parse_request(buf, size, k, &part_req, &why);
        check(second == whole);
        if (whole > 0)
            check(same_head(&part_req, buf, &whole_req, buf));
    }
    free(pre);

    /* one byte at a time, each call told the previous length */
    if (size <= 8192) {
        size_t prev = 0;
        int rc = 0;
        for (size_t i = 1; i <= size && rc == 0; i++) {
            rc = tp_parse_request(buf, i, prev, &part_req, &why);
            prev = i;
        }
        check(rc == whole);
        if (whole > 0)
            check(same_head(&part_req, buf, &whole_req, buf));
    }

    if (whole > 0) {
        int f = tp_request_framing(&whole_req, &why);
        check(f == 0 || f == 400 || f == 417 || f == 501 || f == 510);
        if (f) {
            check(why != NULL);
        } else {
            check(whole_req.content_length >= -1);
            check(!whole_req.chunked || whole_req.content_length == -1);
            check(!whole_req.chunked || whole_req.version_minor == 1);
            check(!whole_req.expect_continue || whole_req.version_minor == 1);
            if (whole_req.form == TP_TARGET_ABSOLUTE
                || whole_req.form == TP_TARGET_AUTHORITY)
                check(whole_req.host.ptr == whole_req.authority.ptr
                      && whole_req.host.len == whole_req.authority.len);
            else if (whole_req.version_minor == 1)
                check(tp_request_field(&whole_req, "host") != NULL);
        }
        check_chunked(data + whole, size - (size_t)whole);
    } else {
        check_chunked(data, size);
    }

    free(buf);
    return 0;
}
