/*
 * test_chunked.c - the chunked transfer coding (RFC 9112 7.1), decoded in
 * place, fed whole, byte by byte and in arbitrary pieces.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

typedef struct result {
    int rc;
    size_t consumed; /* input bytes consumed in total */
    char *data;      /* decoded bytes */
    size_t ndata;
    const char *why;
} result;

/* Feeds s to a fresh decoder in pieces of the sizes `step` returns, each
 * piece in its own exact-size heap buffer, and stops at the first non-zero
 * result. */
static result decode_steps(const char *s, size_t n, size_t (*step)(size_t, void *),
                           void *arg)
{
    tp_chunked c;
    memset(&c, 0, sizeof c);
    result r = {0, 0, malloc(n + 1), 0, NULL};
    size_t off = 0;
    while (off < n) {
        size_t k = step(off, arg);
        if (k > n - off)
            k = n - off;
        char *piece = malloc(k ? k : 1);
        memcpy(piece, s + off, k);
        size_t len = k, out = 0;
        r.why = NULL;
        r.rc = tp_chunked_decode(&c, piece, &len, &out, &r.why);
        cr_assert_leq(out, len, "decoded more than consumed");
        cr_assert_leq(len, k);
        memcpy(r.data + r.ndata, piece, out);
        r.ndata += out;
        free(piece);
        r.consumed += len;
        if (r.rc != 0) {
            if (r.rc < 0)
                cr_assert_not_null(r.why);
            return r;
        }
        cr_assert_eq(len, k, "an incomplete call consumes everything");
        off += k;
    }
    return r;
}

static size_t step_all(size_t off, void *arg)
{
    (void)off;
    (void)arg;
    return (size_t)-1;
}

static size_t step_one(size_t off, void *arg)
{
    (void)off;
    (void)arg;
    return 1;
}

static size_t step_random(size_t off, void *arg)
{
    unsigned *seed = arg;
    (void)off;
    *seed = *seed * 1103515245u + 12345u;
    return 1 + (*seed >> 16) % 7;
}

static result decode(const char *s)
{
    return decode_steps(s, strlen(s), step_all, NULL);
}

/* Decodes whole, byte by byte and in 200 random splittings, and checks
 * all agree before returning the whole result. */
static result decode_all_ways(const char *s)
{
    size_t n = strlen(s);
    result whole = decode_steps(s, n, step_all, NULL);
    result bytes = decode_steps(s, n, step_one, NULL);
    cr_assert_eq(bytes.rc, whole.rc, "byte by byte: %d, whole: %d", bytes.rc, whole.rc);
    cr_assert_eq(bytes.consumed, whole.consumed);
    cr_assert_eq(bytes.ndata, whole.ndata);
    cr_assert(memcmp(bytes.data, whole.data, whole.ndata) == 0);
    free(bytes.data);
    for (unsigned seed = 1; seed <= 200; seed++) {
        unsigned st = seed;
        result r = decode_steps(s, n, step_random, &st);
        cr_assert_eq(r.rc, whole.rc, "seed %u", seed);
        cr_assert_eq(r.consumed, whole.consumed, "seed %u", seed);
        cr_assert_eq(r.ndata, whole.ndata, "seed %u", seed);
        cr_assert(memcmp(r.data, whole.data, whole.ndata) == 0, "seed %u", seed);
        free(r.data);
    }
    return whole;
}

#define assert_decoded(r, lit)                                                 \
    do {                                                                       \
        cr_assert_eq((r).ndata, sizeof(lit) - 1, "decoded %zu bytes", (r).ndata); \
        cr_assert(memcmp((r).data, (lit), (r).ndata) == 0);                    \
    } while (0)

/* ---- accepted forms ---- */

Test(chunked, single_chunk)
{
    const char *s = "5\r\nhello\r\n0\r\n\r\n";
    result r = decode_all_ways(s);
    cr_assert_eq(r.rc, 1);
    cr_assert_eq(r.consumed, strlen(s));
    assert_decoded(r, "hello");
    free(r.data);
}

Test(chunked, several_chunks_and_hex_sizes)
{
    result r = decode_all_ways("3\r\nabc\r\nA\r\n0123456789\r\na\r\nABCDEFGHIJ\r\n"
                               "1f\r\n0123456789012345678901234567890\r\n0\r\n\r\n");
    cr_assert_eq(r.rc, 1);
    assert_decoded(r, "abc0123456789ABCDEFGHIJ0123456789012345678901234567890");
    free(r.data);
}

Test(chunked, empty_body)
{
    result r = decode_all_ways("0\r\n\r\n");
    cr_assert_eq(r.rc, 1);
    cr_assert_eq(r.ndata, 0);
    free(r.data);
}

Test(chunked, leading_zeros_are_not_significant)
{
    result r = decode_all_ways("00000000000000000000000003\r\nabc\r\n000\r\n\r\n");
    cr_assert_eq(r.rc, 1);
    assert_decoded(r, "abc");
    free(r.data);
}

Test(chunked, bare_lf_line_endings_are_accepted)
{
    result r = decode_all_ways("3\nabc\n0\n\n");
    cr_assert_eq(r.rc, 1);
    assert_decoded(r, "abc");
    free(r.data);
}

Test(chunked, data_may_hold_any_octet)
{
    const char s[] = "4\r\n\r\n\0\xff\r\n0\r\n\r\n";
    result r = decode_steps(s, sizeof s - 1, step_one, NULL);
    cr_assert_eq(r.rc, 1);
    cr_assert_eq(r.ndata, 4);
    cr_assert(memcmp(r.data, "\r\n\0\xff", 4) == 0);
    free(r.data);
}

Test(chunked, bytes_after_the_end_belong_to_the_next_request)
{
    const char *s = "2\r\nhi\r\n0\r\n\r\nGET / HTTP/1.1\r\n";
    result r = decode_all_ways(s);
    cr_assert_eq(r.rc, 1);
    cr_assert_eq(r.consumed, strlen("2\r\nhi\r\n0\r\n\r\n"));
    assert_decoded(r, "hi");
    free(r.data);
}

Test(chunked, incomplete_input_returns_0_and_consumes_it)
{
    result r = decode_all_ways("5\r\nhel");
    cr_assert_eq(r.rc, 0);
    cr_assert_eq(r.consumed, 6);
    assert_decoded(r, "hel");
    free(r.data);
    r = decode_all_ways("5\r\nhello\r\n0\r\n");
    cr_assert_eq(r.rc, 0);
    free(r.data);
}

Test(chunked, decoded_data_moves_to_the_front_in_place)
{
    char buf[] = "3\r\nabc\r\n4\r\ndefg\r\n";
    tp_chunked c;
    memset(&c, 0, sizeof c);
    size_t len = strlen(buf), out = 0;
    const char *why = NULL;
    cr_assert_eq(tp_chunked_decode(&c, buf, &len, &out, &why), 0);
    cr_assert_eq(len, strlen("3\r\nabc\r\n4\r\ndefg\r\n"));
    cr_assert_eq(out, 7);
    cr_assert(memcmp(buf, "abcdefg", 7) == 0);
}

Test(chunked, finished_decoder_consumes_nothing_more)
{
    tp_chunked c;
    memset(&c, 0, sizeof c);
    char buf[] = "0\r\n\r\nX";
    size_t len = 6, out;
    const char *why;
    cr_assert_eq(tp_chunked_decode(&c, buf, &len, &out, &why), 1);
    cr_assert_eq(len, 5);
    char more[] = "abc";
    len = 3;
    cr_assert_eq(tp_chunked_decode(&c, more, &len, &out, &why), 1);
    cr_assert_eq(len, 0);
    cr_assert_eq(out, 0);
}

Test(chunked, a_rejected_body_stays_rejected)
{
    tp_chunked c;
    memset(&c, 0, sizeof c);
    char buf[] = "g\r\n";
    size_t len = 3, out;
    const char *why;
    cr_assert_eq(tp_chunked_decode(&c, buf, &len, &out, &why), -400);
    char more[] = "0\r\n\r\n";
    len = 5;
    cr_assert_eq(tp_chunked_decode(&c, more, &len, &out, &why), -400);
    cr_assert_eq(len, 0);
}

Test(chunked, a_431_stays_431)
{
    tp_chunked c;
    memset(&c, 0, sizeof c);
    size_t n = TP_MAX_TRAILER_SECTION + 16;
    char *buf = malloc(n);
    memcpy(buf, "0\r\nT:", 5);
    memset(buf + 5, 'v', n - 5);
    size_t len = n, out;
    const char *why;
    cr_assert_eq(tp_chunked_decode(&c, buf, &len, &out, &why), -431);
    len = 1;
    cr_assert_eq(tp_chunked_decode(&c, buf, &len, &out, &why), -431);
    free(buf);
}

/* ---- chunk extensions (RFC 9112 7.1.1) ---- */

Test(chunked, extensions_are_accepted_and_ignored)
{
    const char *ok[] = {
        "3;name\r\nabc\r\n0\r\n\r\n",
        "3;name=value\r\nabc\r\n0\r\n\r\n",
        "3;a=1;b;c=\"x y\"\r\nabc\r\n0\r\n\r\n",
        "3 ; name = value ; other\r\nabc\r\n0\r\n\r\n",
        "3\t;\tname\t=\t\"quoted \\\" string \\\\ with ; and =\"\r\nabc\r\n0\r\n\r\n",
        "3;n=\"\"\r\nabc\r\n0;last=1\r\n\r\n",
        "3;n=\"caf\xc3\xa9\"\r\nabc\r\n0\r\n\r\n",
        "3;n=\"\"   ;m\r\nabc\r\n0\r\n\r\n",
        "3;!#$%&'*+-.^_`|~=!#$%&'*+-.^_`|~\r\nabc\r\n0\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        result r = decode_all_ways(ok[i]);
        cr_assert_eq(r.rc, 1, "%s: %d (%s)", ok[i], r.rc, r.why ? r.why : "");
        assert_decoded(r, "abc");
        free(r.data);
    }
}

Test(chunked, malformed_extensions_are_400)
{
    const char *bad[] = {
        "3;\r\nabc\r\n0\r\n\r\n",          /* no name */
        "3;=v\r\nabc\r\n0\r\n\r\n",
        "3;n=\r\nabc\r\n0\r\n\r\n",        /* no value */
        "3;n=v w\r\nabc\r\n0\r\n\r\n",
        "3;n v\r\nabc\r\n0\r\n\r\n",
        "3;n=\"v\r\nabc\r\n0\r\n\r\n",     /* unterminated quote */
        "3;n=\"\x01\"\r\nabc\r\n0\r\n\r\n",
        "3;n=\"\\\x01\"\r\nabc\r\n0\r\n\r\n",
        "3;n=\"a\"b\r\nabc\r\n0\r\n\r\n",
        "3;n=(\r\nabc\r\n0\r\n\r\n",
        "3;n@\r\nabc\r\n0\r\n\r\n",
        "3 \r\nabc\r\n0\r\n\r\n",         /* BWS must lead to ';' */
        "3;n \r\nabc\r\n0\r\n\r\n",
        "3;n=v \r\nabc\r\n0\r\n\r\n",
        "3;n=\x80\r\nabc\r\n0\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        result r = decode_all_ways(bad[i]);
        cr_assert_eq(r.rc, -400, "%s: %d", bad[i], r.rc);
        free(r.data);
    }
}

static char *with_extension(size_t ext_len)
{
    /* "1;" + name padded to ext_len bytes of extension (the ';' counts) */
    char *s = malloc(ext_len + 32);
    char *p = s;
    *p++ = '1';
    *p++ = ';';
    memset(p, 'x', ext_len - 1);
    p += ext_len - 1;
    strcpy(p, "\r\nz\r\n0\r\n\r\n");
    return s;
}

Test(chunked, extension_length_limit)
{
    char *s = with_extension(TP_MAX_CHUNK_EXT);
    result r = decode_all_ways(s);
    cr_assert_eq(r.rc, 1, "exactly TP_MAX_CHUNK_EXT is accepted");
    free(r.data);
    free(s);
    s = with_extension(TP_MAX_CHUNK_EXT + 1);
    r = decode_all_ways(s);
    cr_assert_eq(r.rc, -400);
    cr_assert_str_eq(r.why, "chunk extension too long");
    free(r.data);
    free(s);
}

/* ---- chunk sizes ---- */

Test(chunked, malformed_sizes_are_400)
{
    const char *bad[] = {
        "\r\n\r\n", ";x\r\n", "g\r\n", "-1\r\n", "+1\r\n", "0x5\r\nhello\r\n",
        " 5\r\nhello\r\n", "5h\r\n", "\x80\r\n", "5\r\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        result r = decode_all_ways(bad[i]);
        cr_assert_eq(r.rc, -400, "%s: %d", bad[i], r.rc);
        free(r.data);
    }
}

Test(chunked, largest_size_is_int64_max)
{
    result r = decode_all_ways("7fffffffffffffff\r\nabc");
    cr_assert_eq(r.rc, 0, "accepted, waiting for data");
    assert_decoded(r, "abc");
    free(r.data);
    r = decode_all_ways("0007FFFFFFFFFFFFFFF\r\n");
    cr_assert_eq(r.rc, 0);
    free(r.data);
}

Test(chunked, size_overflow_is_400)
{
    result r = decode_all_ways("8000000000000000\r\n");
    cr_assert_eq(r.rc, -400);
    cr_assert_str_eq(r.why, "chunk size too large");
    free(r.data);
    r = decode_all_ways("ffffffffffffffff\r\n");
    cr_assert_eq(r.rc, -400);
    free(r.data);
    /* 17 significant digits, caught at the 17th without waiting */
    r = decode_all_ways("10000000000000000");
    cr_assert_eq(r.rc, -400);
    cr_assert_eq(r.consumed, 17);
    free(r.data);
}

/* ---- the CRLF after chunk data ---- */

Test(chunked, data_must_be_followed_by_crlf)
{
    const char *bad[] = {
        "3\r\nabcd\r\n0\r\n\r\n", "3\r\nabc\r0\r\n\r\n", "3\r\nabc0\r\n\r\n",
        "3\r\nabc \r\n0\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        result r = decode_all_ways(bad[i]);
        cr_assert_eq(r.rc, -400, "%s: %d", bad[i], r.rc);
        free(r.data);
    }
}

Test(chunked, bare_cr_in_lines_is_400)
{
    const char *bad[] = {
        "3\rabc\r\n0\r\n\r\n", "3;a\rabc\r\n", "0\r\n\rX", "0\r\nX: y\rz\r\n\r\n",
        "0\r\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        result r = decode_all_ways(bad[i]);
        cr_assert_eq(r.rc, -400, "%s: %d", bad[i], r.rc);
        free(r.data);
    }
}

/* ---- the trailer section (RFC 9112 7.1.2) ---- */

Test(chunked, trailer_fields_are_accepted_and_discarded)
{
    const char *s = "3\r\nabc\r\n0\r\nX-Checksum: abc123\r\nX-Empty:\r\nX-Ws: \t a b \t\r\n\r\nNEXT";
    result r = decode_all_ways(s);
    cr_assert_eq(r.rc, 1);
    assert_decoded(r, "abc");
    cr_assert_eq(r.consumed, strlen(s) - 4);
    free(r.data);
    r = decode_all_ways("0\nA: b\n\n");
    cr_assert_eq(r.rc, 1);
    free(r.data);
}

Test(chunked, malformed_trailer_fields_are_400)
{
    const char *bad[] = {
        "0\r\nX: a\r\n b\r\n\r\n",   /* obs-fold */
        "0\r\nX: a\r\n\tb\r\n\r\n",
        "0\r\n b: c\r\n\r\n",
        "0\r\nX : a\r\n\r\n",        /* whitespace before colon */
        "0\r\n: a\r\n\r\n",          /* empty name */
        "0\r\nNoColon\r\n\r\n",
        "0\r\nX(: a\r\n\r\n",
        "0\r\nX: a\x01\r\n\r\n",
        "0\r\nX: a\x7f\r\n\r\n",
        "0\r\n\x80: a\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        result r = decode_all_ways(bad[i]);
        cr_assert_eq(r.rc, -400, "%s: %d", bad[i], r.rc);
        free(r.data);
    }
}

/* "0\r\n" then a trailer section of exactly `size` bytes. */
static char *with_trailer(size_t size)
{
    char *s = malloc(size + 16), *p = s;
    memcpy(p, "0\r\n", 3);
    p += 3;
    size_t left = size - 2;
    while (left > 0) {
        size_t line = left > 1002 ? 1000 : left - 2; /* content of a line */
        if (left > 1002 && left - 1002 < 6)
            line = 900;
        memcpy(p, "T:", 2);
        memset(p + 2, 'v', line - 2);
        p += line;
        memcpy(p, "\r\n", 2);
        p += 2;
        left -= line + 2;
    }
    memcpy(p, "\r\n", 3);
    return s;
}

Test(chunked, trailer_section_limit_is_431)
{
    char *s = with_trailer(TP_MAX_TRAILER_SECTION);
    result r = decode_steps(s, strlen(s), step_all, NULL);
    cr_assert_eq(r.rc, 1, "exactly the limit is accepted: %d", r.rc);
    free(r.data);
    free(s);
    s = with_trailer(TP_MAX_TRAILER_SECTION + 1);
    r = decode_steps(s, strlen(s), step_all, NULL);
    cr_assert_eq(r.rc, -431);
    cr_assert_str_eq(r.why, "trailer section too large");
    result b = decode_steps(s, strlen(s), step_one, NULL);
    cr_assert_eq(b.rc, -431);
    cr_assert_eq(b.consumed, r.consumed);
    free(b.data);
    free(r.data);
    free(s);
}

Test(chunked, trailer_field_count_limit_is_431)
{
    char *s = malloc(16 + 6 * (TP_MAX_FIELDS + 1)), *p = s;
    p += sprintf(p, "0\r\n");
    for (int i = 0; i < TP_MAX_FIELDS; i++)
        p += sprintf(p, "T:v\r\n");
    strcpy(p, "\r\n");
    result r = decode(s);
    cr_assert_eq(r.rc, 1);
    free(r.data);
    strcpy(p, "T:v\r\n\r\n");
    r = decode(s);
    cr_assert_eq(r.rc, -431);
    free(r.data);
    free(s);
}

/* ---- random bodies ---- */

Test(chunked, random_bodies_survive_any_split)
{
    unsigned seed = 12345;
    for (int round = 0; round < 50; round++) {
        char *in = malloc(1 << 16), *expect = malloc(1 << 16);
        size_t n = 0, ne = 0;
        int chunks = 1 + round % 6;
        for (int k = 0; k < chunks; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t sz = 1 + (seed >> 16) % 300;
            n += (size_t)sprintf(in + n, "%zx", sz);
            if (seed & 1)
                n += (size_t)sprintf(in + n, ";k%d=\"v,%d\"", k, round);
            n += (size_t)sprintf(in + n, (seed & 2) ? "\n" : "\r\n");
            for (size_t j = 0; j < sz; j++) {
                seed = seed * 1103515245u + 12345u;
                in[n++] = expect[ne++] = (char)(seed >> 16);
            }
            n += (size_t)sprintf(in + n, "\r\n");
        }
        n += (size_t)sprintf(in + n, "0\r\nTrailer-%d: x\r\n\r\n", round);
        in[n] = 0;

        result whole = decode_steps(in, n, step_all, NULL);
        cr_assert_eq(whole.rc, 1);
        cr_assert_eq(whole.consumed, n);
        cr_assert_eq(whole.ndata, ne);
        cr_assert(memcmp(whole.data, expect, ne) == 0);
        result bytes = decode_steps(in, n, step_one, NULL);
        cr_assert_eq(bytes.rc, 1);
        cr_assert_eq(bytes.ndata, ne);
        cr_assert(memcmp(bytes.data, expect, ne) == 0);
        unsigned st = seed;
        result rnd = decode_steps(in, n, step_random, &st);
        cr_assert_eq(rnd.rc, 1);
        cr_assert_eq(rnd.ndata, ne);
        cr_assert(memcmp(rnd.data, expect, ne) == 0);
        free(whole.data);
        free(bytes.data);
        free(rnd.data);
        free(in);
        free(expect);
    }
}
