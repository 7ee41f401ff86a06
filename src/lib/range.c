/*
 * range.c - the Range header field (RFC 9110 14.1, 14.2): which bytes a
 * request asks for, whether that makes a 206, a 416, or a 200 because the
 * field is ignored.  Producing the 206 itself is serve.c's.
 */
#include <string.h>
#include <strings.h>

#include "engine.h"

/*
 * Cheap guards against a Range field built to cost work (RFC 9110 14.2
 * allows ignoring "a set of many small ranges"): beyond either limit the
 * field is ignored and the answer is 200 with the whole representation.
 */
/* 200: a Range field value longer than this many bytes. */
#define TP_RANGE_MAX_FIELD 8192
/* 200: more range-specs than this, before coalescing. */
#define TP_RANGE_MAX_SPECS 256

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1*DIGIT at s[*i]; false when there is none or it overflows 64 bits. */
static bool read_pos(tp_str s, size_t *i, uint64_t *out, bool *overflow)
{
    size_t start = *i;
    uint64_t v = 0;
    while (*i < s.len && digit(s.ptr[*i])) {
        unsigned d = (unsigned)(s.ptr[*i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            *overflow = true;
        else
            v = v * 10 + d;
        (*i)++;
    }
    *out = v;
    return *i > start;
}

/* Two ranges that overlap or are adjacent, which one range can replace
 * (RFC 9110 14.2).  `last` never reaches UINT64_MAX: it is below the
 * length. */
static bool touch(const tp_range *a, const tp_range *b)
{
    return a->first <= b->last + 1 && b->first <= a->last + 1;
}

typedef struct span {
    tp_range r;
    size_t order; /* the earliest range-spec merged into it */
} span;

/*
 * Coalesces overlapping and adjacent ranges in place.  A merged range
 * takes the place of the earliest range-spec that went into it, and the
 * rest keep the order of the request (RFC 9110 15.3.7.2: parts in the
 * order the range-specs appeared, less those coalesced).
 */
static size_t coalesce(span *s, size_t n)
{
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        span cur = s[i];
        /* The kept spans never touch one another, but `cur` grows as it
         * absorbs them, so a span passed over may touch it later. */
        for (size_t j = 0; j < out;) {
            if (!touch(&s[j].r, &cur.r)) {
                j++;
                continue;
            }
            if (s[j].r.first < cur.r.first)
                cur.r.first = s[j].r.first;
            if (s[j].r.last > cur.r.last)
                cur.r.last = s[j].r.last;
            if (s[j].order < cur.order)
                cur.order = s[j].order;
            s[j] = s[--out];
            j = 0;
        }
        s[out++] = cur;
    }
    /* Back into request order: insertion sort, n is small. */
    for (size_t i = 1; i < out; i++) {
        span t = s[i];
        size_t j = i;
        while (j > 0 && s[j - 1].order > t.order) {
            s[j] = s[j - 1];
            j--;
        }
        s[j] = t;
    }
    return out;
}

int tp_range_parse(tp_str value, uint64_t length, tp_range_set *set)
{
    set->n = 0;
    if (!value.ptr || value.len > TP_RANGE_MAX_FIELD)
        return 200;

    /* ranges-specifier = range-unit "=" range-set; unit names are
     * case-insensitive (14.1) and "bytes" is the only one defined.  An
     * unknown unit is ignored (14.2). */
    size_t i = 0;
    while (i < value.len && tp_is_tchar((unsigned char)value.ptr[i]))
        i++;
    if (i == 0 || i >= value.len || value.ptr[i] != '=')
        return 200;
    if (i != 5 || strncasecmp(value.ptr, "bytes", 5))
        return 200;
    i++;

    span spans[TP_RANGE_MAX_SPECS];
    size_t nspecs = 0, nsat = 0;
    bool overflow = false, empty_suffix = false;
    /* range-set = 1#range-spec; empty list elements are tolerated
     * (RFC 9110 5.6.1.2) but do not count as members. */
    while (i < value.len) {
        char c = value.ptr[i];
        if (c == ' ' || c == '\t' || c == ',') {
            i++;
            continue;
        }
        if (++nspecs > TP_RANGE_MAX_SPECS)
            return 200;
        uint64_t first, last;
        bool sat;
        tp_range r = {0, 0};
        if (c == '-') {
            /* suffix-range = "-" suffix-length: the last N bytes; a
             * zero length selects nothing (14.1.1). */
            i++;
            if (!read_pos(value, &i, &last, &overflow))
                return 200;
            sat = last > 0 && length > 0;
            if (last > 0 && length == 0)
                empty_suffix = true;
            if (sat) {
                r.first = last >= length ? 0 : length - last;
                r.last = length - 1;
            }
        } else {
            /* int-range = first-pos "-" [ last-pos ] */
            if (!read_pos(value, &i, &first, &overflow))
                return 200;
            if (i >= value.len || value.ptr[i] != '-')
                return 200;
            i++;
            bool has_last = read_pos(value, &i, &last, &overflow);
            /* "invalid if the last-pos value is present and less than
             * the first-pos" (14.1.1) */
            if (has_last && last < first)
                return 200;
            sat = first < length;
            if (sat) {
                r.first = first;
                r.last = has_last && last < length ? last : length - 1;
            }
        }
        /* Anything after a range-spec but OWS and a comma is a syntax
         * error, which makes the whole field invalid. */
        while (i < value.len && (value.ptr[i] == ' ' || value.ptr[i] == '\t'))
            i++;
        if (i < value.len && value.ptr[i] != ',')
            return 200;
        if (overflow)
            return 200;
        if (sat) {
            spans[nsat].r = r;
            spans[nsat].order = nsat;
            nsat++;
        }
    }
    if (nspecs == 0)
        return 200;
    if (nsat == 0) {
        /* 14.1.1: for a zero-length representation a suffix-range with a
         * non-zero length is satisfiable, but no Content-Range can name
         * an empty range (14.4), so such a request gets the whole, empty,
         * representation (14.2 lets a server ignore Range). */
        return empty_suffix ? 200 : 416;
    }
    size_t n = coalesce(spans, nsat);
    if (n > TP_MAX_RANGES)
        return 200;
    for (size_t k = 0; k < n; k++)
        set->r[k] = spans[k].r;
    set->n = n;
    return 206;
}
