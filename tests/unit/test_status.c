/*
 * test_status.c - the status-code registry against RFC 9110 and the IANA
 * HTTP Status Code Registry.
 *
 * Each test states one requirement of the RFCs (or of the registry) and
 * checks the table against it, independently of how the table is built.
 */
#include <criterion/criterion.h>

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "teapot/status.h"

/* The IANA registry, code by code, with the reason phrase each defining
 * document gives (RFC 9110's phrases where it renamed older ones). */
static const struct {
    int code;
    const char *reason;
} iana[] = {
    {100, "Continue"},
    {101, "Switching Protocols"},
    {102, "Processing"},
    {103, "Early Hints"},
    {104, "Upload Resumption Supported"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {203, "Non-Authoritative Information"},
    {204, "No Content"},
    {205, "Reset Content"},
    {206, "Partial Content"},
    {207, "Multi-Status"},
    {208, "Already Reported"},
    {226, "IM Used"},
    {300, "Multiple Choices"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {305, "Use Proxy"},
    {306, "Unused"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Range Not Satisfiable"},
    {417, "Expectation Failed"},
    {418, "I'm a teapot"},
    {421, "Misdirected Request"},
    {422, "Unprocessable Content"},
    {423, "Locked"},
    {424, "Failed Dependency"},
    {425, "Too Early"},
    {426, "Upgrade Required"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {451, "Unavailable For Legal Reasons"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
    {506, "Variant Also Negotiates"},
    {507, "Insufficient Storage"},
    {508, "Loop Detected"},
    {510, "Not Extended"},
    {511, "Network Authentication Required"},
};
#define IANA_COUNT (sizeof iana / sizeof iana[0])

/* RFC 9110 15.1's heuristically cacheable codes, and 451 (RFC 7725 3). */
static const int cacheable[] = {200, 203, 204, 206, 300, 301,
                                308, 404, 405, 410, 414, 451, 501};

static bool in_list(int code, const int *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == code)
            return true;
    return false;
}

static bool registered(int code)
{
    for (size_t i = 0; i < IANA_COUNT; i++)
        if (iana[i].code == code)
            return true;
    return false;
}

/* The field entry named `name` for `code`, or NULL. */
static const tp_status_field *field_of(int code, const char *name)
{
    const tp_status_info *info = tp_status_lookup(code);
    if (!info)
        return NULL;
    for (size_t i = 0; i < TP_STATUS_MAX_FIELDS && info->fields[i].name; i++)
        if (strcasecmp(info->fields[i].name, name) == 0)
            return &info->fields[i];
    return NULL;
}

static void expect_field(int code, const char *name, tp_field_need need)
{
    const tp_status_field *f = field_of(code, name);
    cr_assert_not_null(f, "%d has no %s field", code, name);
    cr_expect_eq(f->need, need, "%d: %s has need %d, expected %d", code,
                 name, (int)f->need, (int)need);
}

/* ---- the registry itself ---- */

Test(registry, holds_exactly_the_iana_codes_in_order)
{
    cr_assert_eq(tp_status_count(), IANA_COUNT, "table has %zu codes, "
                 "the registry %zu", tp_status_count(), IANA_COUNT);
    for (size_t i = 0; i < IANA_COUNT; i++) {
        const tp_status_info *info = tp_status_at(i);
        cr_assert_not_null(info);
        cr_expect_eq(info->code, iana[i].code, "slot %zu holds %d, not %d",
                     i, info->code, iana[i].code);
        cr_expect_str_eq(info->reason, iana[i].reason, "%d", info->code);
    }
    cr_expect_null(tp_status_at(IANA_COUNT));
    cr_expect_null(tp_status_at((size_t)-1));
}

Test(registry, every_code_is_found_by_lookup)
{
    for (size_t i = 0; i < IANA_COUNT; i++) {
        const tp_status_info *info = tp_status_lookup(iana[i].code);
        cr_assert_not_null(info, "%d missing", iana[i].code);
        cr_expect_eq(info->code, iana[i].code);
        cr_expect_str_eq(tp_status_reason(iana[i].code), iana[i].reason);
    }
}

Test(registry, table_is_sorted_and_unique)
{
    for (size_t i = 1; i < tp_status_count(); i++)
        cr_expect_lt(tp_status_at(i - 1)->code, tp_status_at(i)->code,
                     "slots %zu and %zu out of order", i - 1, i);
}

Test(registry, lookup_agrees_with_the_table_for_every_code)
{
    for (int code = 0; code <= 1000; code++) {
        const tp_status_info *want = NULL;
        for (size_t i = 0; i < tp_status_count(); i++)
            if (tp_status_at(i)->code == code)
                want = tp_status_at(i);
        cr_expect_eq(tp_status_lookup(code), want, "lookup(%d)", code);
        cr_expect_eq(want != NULL, registered(code), "%d", code);
    }
}

/* RFC 9112 4: reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ); teapot
 * sends no obs-text. */
Test(registry, reasons_are_valid_reason_phrases)
{
    for (size_t i = 0; i < tp_status_count(); i++) {
        const tp_status_info *info = tp_status_at(i);
        cr_assert_not_null(info->reason);
        cr_expect_gt(strlen(info->reason), 0, "%d: empty reason", info->code);
        for (const char *p = info->reason; *p; p++) {
            unsigned char c = (unsigned char)*p;
            cr_expect(c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7e),
                      "%d: byte 0x%02x in reason", info->code, c);
        }
        cr_expect(info->reason[0] != ' ' && info->reason[0] != '\t',
                  "%d: reason starts with whitespace", info->code);
    }
}

Test(registry, every_entry_has_reference_and_summary)
{
    for (size_t i = 0; i < tp_status_count(); i++) {
        const tp_status_info *info = tp_status_at(i);
        cr_assert_not_null(info->reference, "%d", info->code);
        cr_expect(strncmp(info->reference, "RFC ", 4) == 0 ||
                      strncmp(info->reference, "draft-", 6) == 0,
                  "%d: reference \"%s\"", info->code, info->reference);
        cr_assert_not_null(info->summary, "%d", info->code);
        size_t n = strlen(info->summary);
        cr_expect_gt(n, 10, "%d: summary too short", info->code);
        cr_expect_eq(info->summary[n - 1], '.', "%d: summary is not a "
                     "sentence", info->code);
        cr_expect_not_null(info->texts, "%d has no reference entry",
                           info->code);
    }
}

Test(registry, rfc9110_codes_cite_rfc9110)
{
    cr_expect_str_eq(tp_status_lookup(405)->reference,
                     "RFC 9110, Section 15.5.6");
    cr_expect_str_eq(tp_status_lookup(421)->reference,
                     "RFC 9110, Section 15.5.20");
    cr_expect_str_eq(tp_status_lookup(426)->reference,
                     "RFC 9110, Section 15.5.22");
    cr_expect_str_eq(tp_status_lookup(308)->reference,
                     "RFC 9110, Section 15.4.9");
    cr_expect_str_eq(tp_status_lookup(510)->reference, "RFC 2774, Section 7");
    cr_expect_str_eq(tp_status_lookup(451)->reference, "RFC 7725, Section 3");
    cr_expect_str_eq(tp_status_lookup(425)->reference, "RFC 8470, Section 5.2");
    const char *teapot = tp_status_lookup(418)->reference;
    cr_expect_not_null(strstr(teapot, "RFC 9110, Section 15.5.19"));
    cr_expect_not_null(strstr(teapot, "RFC 2324, Section 2.3.2"));
}

Test(registry, fields_are_well_formed)
{
    for (size_t i = 0; i < tp_status_count(); i++) {
        const tp_status_info *info = tp_status_at(i);
        bool ended = false;
        for (size_t j = 0; j < TP_STATUS_MAX_FIELDS; j++) {
            const tp_status_field *f = &info->fields[j];
            if (!f->name) {
                ended = true;
                continue;
            }
            cr_expect(!ended, "%d: field after the end marker", info->code);
            cr_expect(f->need == TP_FIELD_REQUIRED ||
                          f->need == TP_FIELD_RECOMMENDED,
                      "%d: %s has need %d", info->code, f->name, (int)f->need);
            /* A field name is a token (RFC 9110 5.1). */
            cr_expect_gt(strlen(f->name), 0);
            for (const char *p = f->name; *p; p++)
                cr_expect(strchr("!#$%&'*+-.^_`|~", *p) ||
                              (*p >= '0' && *p <= '9') ||
                              (*p >= 'a' && *p <= 'z') ||
                              (*p >= 'A' && *p <= 'Z'),
                          "%d: bad field name %s", info->code, f->name);
        }
    }
}

/* ---- classes and the x00 fallback (RFC 9110 15) ---- */

Test(classes, first_digit_is_the_class)
{
    cr_expect_eq(tp_status_class_of(100), TP_CLASS_INFORMATIONAL);
    cr_expect_eq(tp_status_class_of(199), TP_CLASS_INFORMATIONAL);
    cr_expect_eq(tp_status_class_of(200), TP_CLASS_SUCCESSFUL);
    cr_expect_eq(tp_status_class_of(399), TP_CLASS_REDIRECTION);
    cr_expect_eq(tp_status_class_of(418), TP_CLASS_CLIENT_ERROR);
    cr_expect_eq(tp_status_class_of(599), TP_CLASS_SERVER_ERROR);
    cr_expect_eq(tp_status_class_of(99), TP_CLASS_NONE);
    cr_expect_eq(tp_status_class_of(600), TP_CLASS_NONE);
    cr_expect_eq(tp_status_class_of(0), TP_CLASS_NONE);
    cr_expect_eq(tp_status_class_of(-200), TP_CLASS_NONE);
    cr_expect_eq(tp_status_class_of(INT_MIN), TP_CLASS_NONE);
    cr_expect_eq(tp_status_class_of(INT_MAX), TP_CLASS_NONE);
}

Test(classes, names)
{
    cr_expect_str_eq(tp_status_class_name(TP_CLASS_INFORMATIONAL),
                     "Informational");
    cr_expect_str_eq(tp_status_class_name(TP_CLASS_SUCCESSFUL), "Successful");
    cr_expect_str_eq(tp_status_class_name(TP_CLASS_REDIRECTION),
                     "Redirection");
    cr_expect_str_eq(tp_status_class_name(TP_CLASS_CLIENT_ERROR),
                     "Client Error");
    cr_expect_str_eq(tp_status_class_name(TP_CLASS_SERVER_ERROR),
                     "Server Error");
    cr_expect_str_eq(tp_status_class_name(TP_CLASS_NONE), "Unknown");
    cr_expect_str_eq(tp_status_class_name((tp_status_class)42), "Unknown");
}

Test(classes, every_x00_code_is_registered)
{
    for (int c = 100; c <= 500; c += 100)
        cr_expect_not_null(tp_status_lookup(c), "%d", c);
}

/* RFC 9110 15: a code nobody registered means what its class's x00 code
 * means. */
Test(classes, unregistered_codes_take_the_x00_semantics)
{
    for (int code = 100; code <= 599; code++) {
        const tp_status_info *info = tp_status_get(code);
        cr_assert_not_null(info, "get(%d)", code);
        if (registered(code))
            cr_expect_eq(info, tp_status_lookup(code), "%d", code);
        else
            cr_expect_eq(info, tp_status_lookup(code / 100 * 100), "%d",
                         code);
    }
    cr_expect_eq(tp_status_get(299)->code, 200);
    cr_expect_eq(tp_status_get(150)->code, 100);
    cr_expect_eq(tp_status_get(499), tp_status_lookup(400));
    cr_expect_null(tp_status_lookup(499));
    cr_expect_str_eq(tp_status_reason(599), "Internal Server Error");
    cr_expect_str_eq(tp_status_reason(471), "Bad Request");
    cr_expect_str_eq(tp_status_reason(309), "Multiple Choices");
}

Test(classes, out_of_range_is_never_a_status)
{
    const int bad[] = {INT_MIN, -1, 0, 1, 10, 99, 600, 700, 999, 1000,
                       INT_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_expect_null(tp_status_lookup(bad[i]), "lookup(%d)", bad[i]);
        cr_expect_null(tp_status_get(bad[i]), "get(%d)", bad[i]);
        cr_expect_str_eq(tp_status_reason(bad[i]), "Unknown", "%d", bad[i]);
        cr_expect_null(tp_status_missing_field(bad[i], NULL, NULL));
    }
}

/* ---- content and caching ---- */

/* RFC 9110 6.4.1: 1xx, 204 and 304 responses do not include content. */
Test(content, no_content_set_is_exactly_1xx_204_304)
{
    for (int code = 100; code <= 599; code++) {
        bool none = code < 200 || code == 204 || code == 304;
        cr_expect_eq(tp_status_allows_content(code), !none, "%d", code);
        const tp_status_info *info = tp_status_lookup(code);
        if (info)
            cr_expect_eq(!!(info->flags & TP_STATUS_NO_CONTENT), none,
                         "%d flag", code);
    }
}

Test(content, unregistered_1xx_has_no_content)
{
    cr_expect_not(tp_status_allows_content(150));
    cr_expect_not(tp_status_allows_content(199));
    cr_expect(tp_status_allows_content(299));
    cr_expect(tp_status_allows_content(205));
}

Test(content, interim_is_exactly_1xx)
{
    for (size_t i = 0; i < tp_status_count(); i++) {
        const tp_status_info *info = tp_status_at(i);
        cr_expect_eq(!!(info->flags & TP_STATUS_INTERIM), info->code < 200,
                     "%d", info->code);
    }
}

/* RFC 9110 15.1 lists the heuristically cacheable codes; RFC 7725 3 adds
 * 451.  All other codes are not heuristically cacheable. */
Test(content, cacheable_set_is_exactly_rfc9110_plus_451)
{
    size_t n = sizeof cacheable / sizeof cacheable[0];
    for (size_t i = 0; i < tp_status_count(); i++) {
        const tp_status_info *info = tp_status_at(i);
        cr_expect_eq(!!(info->flags & TP_STATUS_CACHEABLE),
                     in_list(info->code, cacheable, n), "%d", info->code);
    }
}

/* ---- registry status of individual codes ---- */

#define REGISTRY_FLAGS                                                        \
    (TP_STATUS_UNUSED | TP_STATUS_DEPRECATED | TP_STATUS_OBSOLETE |           \
     TP_STATUS_PROVISIONAL | TP_STATUS_UNREGISTERED)

Test(flags, registry_status_of_special_codes)
{
    cr_expect_eq(tp_status_lookup(305)->flags & REGISTRY_FLAGS,
                 TP_STATUS_DEPRECATED);
    cr_expect_eq(tp_status_lookup(306)->flags & REGISTRY_FLAGS,
                 TP_STATUS_UNUSED);
    cr_expect_eq(tp_status_lookup(418)->flags & REGISTRY_FLAGS,
                 TP_STATUS_UNUSED);
    cr_expect_eq(tp_status_lookup(510)->flags & REGISTRY_FLAGS,
                 TP_STATUS_OBSOLETE);
    cr_expect_eq(tp_status_lookup(104)->flags & REGISTRY_FLAGS,
                 TP_STATUS_PROVISIONAL);
    cr_expect_eq(tp_status_lookup(104)->flags,
                 TP_STATUS_INTERIM | TP_STATUS_NO_CONTENT |
                     TP_STATUS_PROVISIONAL);
}

Test(flags, other_codes_are_plain_permanent_registrations)
{
    const int special[] = {104, 305, 306, 418, 510};
    for (size_t i = 0; i < tp_status_count(); i++) {
        const tp_status_info *info = tp_status_at(i);
        if (in_list(info->code, special, 5))
            continue;
        cr_expect_eq(info->flags & REGISTRY_FLAGS, 0, "%d", info->code);
    }
}

Test(flags, reserved_codes_have_printable_phrases)
{
    cr_expect_str_eq(tp_status_reason(306), "Unused");
    cr_expect_str_eq(tp_status_reason(418), "I'm a teapot");
}

/* ---- header fields the codes ask for ---- */

/* RFC 9110 15.2.2 and 7.8. */
Test(fields, switching_protocols_requires_upgrade)
{
    expect_field(101, "Upgrade", TP_FIELD_REQUIRED);
    expect_field(101, "Connection", TP_FIELD_REQUIRED);
}

/* RFC 9110 15.5.22 and 7.8. */
Test(fields, upgrade_required_requires_upgrade)
{
    expect_field(426, "Upgrade", TP_FIELD_REQUIRED);
    expect_field(426, "Connection", TP_FIELD_REQUIRED);
}

/* RFC 9110 15.5.2. */
Test(fields, unauthorized_requires_www_authenticate)
{
    expect_field(401, "WWW-Authenticate", TP_FIELD_REQUIRED);
}

/* RFC 9110 15.5.6. */
Test(fields, method_not_allowed_requires_allow)
{
    expect_field(405, "Allow", TP_FIELD_REQUIRED);
}

/* RFC 9110 15.5.8. */
Test(fields, proxy_auth_requires_proxy_authenticate)
{
    expect_field(407, "Proxy-Authenticate", TP_FIELD_REQUIRED);
}

/* RFC 9110 15.4: the redirects that point somewhere carry Location. */
Test(fields, redirects_require_location)
{
    const int redirects[] = {301, 302, 303, 307, 308};
    for (size_t i = 0; i < 5; i++)
        expect_field(redirects[i], "Location", TP_FIELD_REQUIRED);
    expect_field(300, "Location", TP_FIELD_RECOMMENDED);
    expect_field(201, "Location", TP_FIELD_RECOMMENDED);
    cr_expect_null(field_of(304, "Location"));
    cr_expect_null(field_of(305, "Location"));
    cr_expect_null(field_of(306, "Location"));
}

/* RFC 9110 15.3.7.1 and 15.5.17. */
Test(fields, ranges)
{
    expect_field(206, "Content-Range", TP_FIELD_REQUIRED);
    expect_field(416, "Content-Range", TP_FIELD_RECOMMENDED);
    cr_expect_str_eq(field_of(416, "Content-Range")->value_hint,
                     "bytes */length");
}

/* RFC 9110 15.5.14, RFC 6585 4, RFC 9110 15.6.4. */
Test(fields, retry_after_is_recommended)
{
    expect_field(413, "Retry-After", TP_FIELD_RECOMMENDED);
    expect_field(429, "Retry-After", TP_FIELD_RECOMMENDED);
    expect_field(503, "Retry-After", TP_FIELD_RECOMMENDED);
}

Test(fields, early_hints_and_legal_block_links)
{
    expect_field(103, "Link", TP_FIELD_RECOMMENDED);
    expect_field(451, "Link", TP_FIELD_RECOMMENDED);
    cr_expect_str_eq(field_of(451, "Link")->value_hint, "rel=\"blocked-by\"");
}

/* RFC 6585 6: a 511 should not carry a challenge. */
Test(fields, network_auth_has_no_challenge)
{
    cr_expect_null(field_of(511, "WWW-Authenticate"));
    cr_expect_null(tp_status_missing_field(511, NULL, NULL));
}

Test(fields, informational_and_no_content_codes_require_nothing_odd)
{
    cr_expect_null(tp_status_missing_field(100, NULL, NULL));
    cr_expect_null(tp_status_missing_field(204, NULL, NULL));
    cr_expect_null(tp_status_missing_field(304, NULL, NULL));
    cr_expect_null(tp_status_missing_field(200, NULL, NULL));
    cr_expect_null(tp_status_missing_field(500, NULL, NULL));
}

/* ---- tp_status_missing_field ---- */

struct present {
    const char *const *names;
    size_t n;
    int calls;
    const char *asked[8];
};

static bool has(const char *name, void *ctx)
{
    struct present *p = ctx;
    if (p->calls < 8)
        p->asked[p->calls] = name;
    p->calls++;
    for (size_t i = 0; i < p->n; i++)
        if (strcasecmp(p->names[i], name) == 0)
            return true;
    return false;
}

Test(missing_field, names_the_absent_required_field)
{
    struct present p = {NULL, 0, 0, {0}};
    cr_expect_str_eq(tp_status_missing_field(405, has, &p), "Allow");
    cr_expect_eq(p.calls, 1);

    const char *const allow[] = {"allow"};
    struct present q = {allow, 1, 0, {0}};
    cr_expect_null(tp_status_missing_field(405, has, &q));
}

Test(missing_field, reports_the_first_missing_in_order)
{
    const char *const upgrade[] = {"Upgrade"};
    struct present p = {upgrade, 1, 0, {0}};
    cr_expect_str_eq(tp_status_missing_field(101, has, &p), "Connection");

    const char *const both[] = {"Connection", "Upgrade"};
    struct present q = {both, 2, 0, {0}};
    cr_expect_null(tp_status_missing_field(101, has, &q));
    cr_expect_null(tp_status_missing_field(426, has, &q));
}

Test(missing_field, asks_only_about_required_fields)
{
    struct present p = {NULL, 0, 0, {0}};
    cr_expect_null(tp_status_missing_field(413, has, &p));
    cr_expect_null(tp_status_missing_field(503, has, &p));
    cr_expect_null(tp_status_missing_field(304, has, &p));
    cr_expect_eq(p.calls, 0, "recommended fields were asked about");

    cr_expect_str_eq(tp_status_missing_field(226, has, &p), "ETag");
    cr_expect_eq(p.calls, 1);
    cr_expect_str_eq(p.asked[0], "ETag");
}

Test(missing_field, follows_the_class_fallback)
{
    struct present p = {NULL, 0, 0, {0}};
    /* 399 behaves as 300, which only recommends Location. */
    cr_expect_null(tp_status_missing_field(399, has, &p));
    /* 499 behaves as 400, which requires nothing. */
    cr_expect_null(tp_status_missing_field(499, has, &p));
    cr_expect_eq(p.calls, 0);
    cr_expect_null(tp_status_missing_field(600, has, &p));
    cr_expect_null(tp_status_missing_field(42, has, &p));
}

Test(missing_field, without_a_callback_every_required_field_is_absent)
{
    cr_expect_str_eq(tp_status_missing_field(401, NULL, NULL),
                     "WWW-Authenticate");
    cr_expect_str_eq(tp_status_missing_field(308, NULL, NULL), "Location");
}
