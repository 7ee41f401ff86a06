/*
 * test_negotiate.c - the weights of Accept, Accept-Encoding and
 * Accept-Language (RFC 9110 12.4.2, 12.5.1, 12.5.3, 12.5.4; RFC 4647
 * 3.3.1).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"

static tp_str S(const char *s)
{
    return (tp_str){s, strlen(s)};
}

static int enc(const char *field, const char *coding)
{
    return tp_accept_encoding_q(S(field), true, coding);
}

static int lang(const char *field, const char *tag)
{
    return tp_accept_language_q(S(field), true, tag);
}

static int acc(const char *field, const char *type)
{
    return tp_accept_q(S(field), true, type);
}

/* ---- qvalues (12.4.2), through Accept-Encoding ---- */

Test(qvalue, valid_forms)
{
    static const struct {
        const char *q;
        int w;
    } t[] = {
        {"0", 0},       {"0.", 0},     {"0.5", 500},  {"0.25", 250},
        {"0.125", 125}, {"0.001", 1},  {"0.000", 0},  {"1", 1000},
        {"1.", 1000},   {"1.0", 1000}, {"1.00", 1000}, {"1.000", 1000},
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        char f[64];
        snprintf(f, sizeof(f), "gzip;q=%s", t[i].q);
        cr_assert_eq(enc(f, "gzip"), t[i].w, "%s", f);
    }
}

Test(qvalue, invalid_forms_skip_the_element)
{
    static const char *const bad[] = {
        "gzip;q=1.5",  "gzip;q=1.001", "gzip;q=0.1234", "gzip;q=.5",
        "gzip;q=2",    "gzip;q=-1",    "gzip;q=",       "gzip;q=0,5",
        "gzip;q=\"1\"", "gzip;q= 0.5", "gzip;q =0.5",   "gzip;q=0.5x",
        "gzip;q=1e0",  "gzip;q=01",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char f[64];
        snprintf(f, sizeof(f), "%s, br", bad[i]);
        cr_assert_eq(enc(f, "gzip"), 0, "'%s': gzip is skipped", f);
        cr_assert_eq(enc(f, "br"), 1000, "'%s': the rest still counts", f);
    }
    /* "gzip;q=0,5" is gzip with q=0 followed by an element "5". */
}

Test(qvalue, whitespace_and_case)
{
    cr_assert_eq(enc("gzip; q=0.5", "gzip"), 500);
    cr_assert_eq(enc("gzip ;q=0.5", "gzip"), 500);
    cr_assert_eq(enc("gzip\t;\tq=0.5", "gzip"), 500);
    cr_assert_eq(enc("gzip;Q=0.5", "gzip"), 500);
}

/* ---- Accept-Encoding (12.5.3) ---- */

Test(accept_encoding, absent_accepts_everything)
{
    cr_assert_eq(tp_accept_encoding_q(S(""), false, "gzip"), 1000);
    cr_assert_eq(tp_accept_encoding_q(S(""), false, "br"), 1000);
    cr_assert_eq(tp_accept_encoding_q(S(""), false, "identity"), 1000);
}

Test(accept_encoding, empty_field_wants_identity_only)
{
    cr_assert_eq(enc("", "gzip"), 0);
    cr_assert_gt(enc("", "identity"), 0);
}

Test(accept_encoding, listed_codings)
{
    const char *f = "gzip;q=0.5, br, zstd;q=0";
    cr_assert_eq(enc(f, "gzip"), 500);
    cr_assert_eq(enc(f, "br"), 1000);
    cr_assert_eq(enc(f, "zstd"), 0);
    cr_assert_eq(enc(f, "compress"), 0, "not listed, no *");
    cr_assert_gt(enc(f, "identity"), 0, "identity is acceptable by default");
    cr_assert_lt(enc(f, "identity"), 500, "but below what was asked for");
    cr_assert_eq(enc("GZIP", "gzip"), 1000, "codings are case-insensitive");
    cr_assert_eq(enc("gzip", "GZip"), 1000);
    cr_assert_eq(enc("gzip;q=0.3, gzip", "gzip"), 300, "the first mention");
}

Test(accept_encoding, x_gzip_is_gzip)
{
    cr_assert_eq(enc("x-gzip", "gzip"), 1000);
    cr_assert_eq(enc("gzip;q=0.4", "x-gzip"), 400);
    cr_assert_eq(enc("x-compress;q=0.2", "compress"), 200);
    cr_assert_eq(enc("x-gzip;q=0.1, gzip;q=0.9", "gzip"), 900,
                 "the exact name first");
}

Test(accept_encoding, star)
{
    cr_assert_eq(enc("*", "br"), 1000);
    cr_assert_eq(enc("*", "identity"), 1000);
    cr_assert_eq(enc("br;q=0.8, gzip;q=0.9, *;q=0.1", "zstd"), 100);
    cr_assert_eq(enc("br;q=0.8, gzip;q=0.9, *;q=0.1", "gzip"), 900);
    cr_assert_eq(enc("*;q=0", "gzip"), 0);
    cr_assert_eq(enc("*;q=0", "identity"), 0, "*;q=0 excludes identity");
    cr_assert_eq(enc("*;q=0, identity", "identity"), 1000,
                 "unless identity is listed");
    cr_assert_eq(enc("identity;q=0, *", "identity"), 0);
    cr_assert_eq(enc("identity;q=0", "identity"), 0);
    cr_assert_eq(enc("identity;q=0", "gzip"), 0);
}

Test(accept_encoding, invalid_elements)
{
    cr_assert_eq(enc("gzip;level=9, br", "gzip"), 0,
                 "only a weight may follow a coding");
    cr_assert_eq(enc("gzip;level=9, br", "br"), 1000);
    cr_assert_eq(enc("gz/ip, br", "br"), 1000);
    cr_assert_eq(enc(",,, gzip ,,", "gzip"), 1000, "empty elements");
    cr_assert_eq(enc("gzip br", "gzip"), 0);
}

/* ---- Accept-Language (12.5.4, RFC 4647 3.3.1) ---- */

Test(accept_language, absent_matches_everything)
{
    cr_assert_eq(tp_accept_language_q(S(""), false, "fr"), 1000);
}

Test(accept_language, example_of_rfc9110)
{
    /* "Accept-Language: da, en-gb;q=0.8, en;q=0.7": Danish, then British
     * English, then other English. */
    const char *f = "da, en-gb;q=0.8, en;q=0.7";
    cr_assert_eq(lang(f, "da"), 1000);
    cr_assert_eq(lang(f, "en-GB"), 800);
    cr_assert_eq(lang(f, "en-gb-oed"), 800);
    cr_assert_eq(lang(f, "en-US"), 700);
    cr_assert_eq(lang(f, "en"), 700);
    cr_assert_eq(lang(f, "fr"), -1);
    cr_assert_eq(lang(f, "dan"), -1, "a prefix must end at a '-'");
}

Test(accept_language, basic_filtering)
{
    cr_assert_eq(lang("en-US", "en"), -1, "a range is not a prefix of itself");
    cr_assert_eq(lang("EN", "en-us"), 1000, "case-insensitive");
    cr_assert_eq(lang("en-u", "en-us"), -1);
    cr_assert_eq(lang("de-CH", "de-CH-1996"), 1000);
    cr_assert_eq(lang("zh-Hant", "zh-Hant-TW"), 1000);
    cr_assert_eq(lang("zh-Hant", "zh-Hans"), -1);
}

Test(accept_language, longest_range_wins)
{
    cr_assert_eq(lang("en;q=0.1, en-US;q=0.9", "en-US"), 900);
    cr_assert_eq(lang("en-US;q=0.9, en;q=0.1", "en-US"), 900);
    cr_assert_eq(lang("en;q=0.1, en-US;q=0.9", "en-GB"), 100);
    cr_assert_eq(lang("*;q=0.5, fr", "de"), 500);
    cr_assert_eq(lang("*;q=0.5, fr", "fr-CA"), 1000);
    cr_assert_eq(lang("fr, *;q=0.5", "fr"), 1000, "* is the least specific");
    cr_assert_eq(lang("*", "x-klingon"), 1000);
    cr_assert_eq(lang("fr;q=0, *", "fr-BE"), 0, "excluded, not unmatched");
    cr_assert_eq(lang("fr;q=0.2, fr;q=0.9", "fr"), 200, "the first of equals");
}

Test(accept_language, invalid_ranges_are_skipped)
{
    cr_assert_eq(lang("en_US, fr", "en-US"), -1);
    cr_assert_eq(lang("en_US, fr", "fr"), 1000);
    cr_assert_eq(lang("toolongxx, fr;q=0.5", "toolongxx"), -1);
    cr_assert_eq(lang("en-toolongxx", "en-toolongxx"), -1);
    cr_assert_eq(lang("en-1234", "en-1234"), 1000, "subtags may have digits");
    cr_assert_eq(lang("1en", "1en"), -1, "the first may not");
    cr_assert_eq(lang("en;q=2, de", "en"), -1);
    cr_assert_eq(lang("en-, de", "en"), -1);
    cr_assert_eq(lang("*-CH", "de-CH"), -1, "extended ranges are not basic");
    cr_assert_eq(lang("", "en"), -1);
}

/* ---- Accept (12.5.1) ---- */

Test(accept, absent_accepts_everything)
{
    cr_assert_eq(tp_accept_q(S(""), false, "image/png"), 1000);
}

Test(accept, most_specific_range_wins)
{
    /* The example of RFC 9110 12.5.1. */
    const char *f = "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, "
                    "text/plain;format=fixed;q=0.4, */*;q=0.5";
    cr_assert_eq(acc(f, "text/plain;format=flowed"), 1000);
    cr_assert_eq(acc(f, "text/plain"), 700);
    cr_assert_eq(acc(f, "text/html"), 300);
    cr_assert_eq(acc(f, "image/jpeg"), 500);
    cr_assert_eq(acc(f, "text/plain;format=fixed"), 400);
    /* The RFC's table gives 0.7 for text/html;level=3, left over from the
     * text/html example of RFC 7231; by its own rule only the text range with
     * the star matches. */
    cr_assert_eq(acc(f, "text/html;level=3"), 300);
}

Test(accept, matching)
{
    cr_assert_eq(acc("text/html", "text/html"), 1000);
    cr_assert_eq(acc("TEXT/HTML", "text/html"), 1000);
    cr_assert_eq(acc("text/html", "application/json"), -1);
    cr_assert_eq(acc("text/*", "text/css"), 1000);
    cr_assert_eq(acc("text/*", "image/png"), -1);
    cr_assert_eq(acc("*/*;q=0.1", "image/png"), 100);
    cr_assert_eq(acc("text/html;q=0", "text/html"), 0);
    cr_assert_eq(acc("application/json", "application/json; charset=utf-8"),
                 1000, "the candidate's parameters need no range match");
    cr_assert_eq(acc("text/plain;charset=utf-8", "text/plain"), -1,
                 "a range with parameters needs them");
    cr_assert_eq(acc("text/plain;format=\"flowed\"", "text/plain;format=flowed"),
                 1000, "quoted-string and token are the same value");
    cr_assert_eq(acc("text/plain;FORMAT=Flowed", "text/plain;format=flowed"),
                 1000);
    cr_assert_eq(acc("text/html;q=0.5;ext=1", "text/html"), 500,
                 "what follows the weight is ignored");
    cr_assert_eq(acc("", "text/html"), -1);
}

Test(accept, invalid_elements_are_skipped)
{
    /* As sent by old Java clients: "*" and q=.2 are both invalid. */
    const char *f = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2";
    cr_assert_eq(acc(f, "text/html"), 1000);
    cr_assert_eq(acc(f, "image/gif"), 1000);
    cr_assert_eq(acc(f, "application/json"), -1);
    cr_assert_eq(acc("*/html, text/plain", "text/html"), -1);
    cr_assert_eq(acc("text/, text/plain", "text/plain"), 1000);
    cr_assert_eq(acc("text/html;level, text/plain", "text/html"), -1);
    /* A comma inside a quoted parameter value does not end the element. */
    const char *q = "text/plain;x=\"a,b\";q=0.5, text/html";
    cr_assert_eq(acc(q, "text/html"), 1000);
    cr_assert_eq(acc(q, "text/plain;x=\"a,b\""), 500);
    cr_assert_eq(acc("text/plain;x=\"a\\\"b\", text/html", "text/plain;x=\"a\\\"b\""),
                 1000);
    cr_assert_eq(acc("text/plain;x=\"unterminated, text/html", "text/html"), -1);
    cr_assert_eq(acc("text/html, text/plain;x=\"unterminated", "text/html"), 1000,
                 "an unterminated string ends the field, not the loop");
    cr_assert_eq(lang("SuSu;;te=\"x\";, *u;;te=\"x/j", "en"), -1);
}

/* ---- the reference's language (Accept-Language, RFC 9110 12.5.4) ---- */

Test(negotiate, reference_language)
{
    static const struct {
        const char *field;
        tp_lang want;
    } cases[] = {
        {"en", TP_LANG_EN},
        {"zh", TP_LANG_ZH_CN},
        {"zh-CN", TP_LANG_ZH_CN},
        {"zh-TW", TP_LANG_ZH_TW},
        {"zh-HK", TP_LANG_ZH_TW},
        {"zh-Hant", TP_LANG_ZH_TW},
        {"zh-Hans-CN", TP_LANG_ZH_CN},
        {"zh-SG", TP_LANG_ZH_CN},
        {"fr", TP_LANG_EN},                     /* none fits: English */
        {"fr, zh-TW;q=0.1", TP_LANG_ZH_TW},
        {"en;q=0.5, zh-TW", TP_LANG_ZH_TW},     /* weights decide */
        {"zh-TW, en", TP_LANG_ZH_TW},           /* a tie: listed first */
        {"en, zh-TW", TP_LANG_EN},
        {"zh, zh-CN;q=0", TP_LANG_ZH_TW},       /* the specific range wins */
        {"zh;q=0, en;q=0.1", TP_LANG_EN},
        {"*", TP_LANG_EN},
        {"*;q=0.5, zh-TW;q=0.4", TP_LANG_EN},
        {"de, *;q=0.1, en;q=0", TP_LANG_ZH_CN}, /* * covers the rest */
        {"zh-CN;q=0, zh-TW;q=0, en;q=0", TP_LANG_EN},
        {"", TP_LANG_EN},
        {"zh-TW;q=abc, zh-CN", TP_LANG_ZH_CN},  /* invalid elements skipped */
        {"zh-HK;q=0, zh-TW", TP_LANG_ZH_TW},    /* the tag itself decides */
        {"zh-TW;q=0, zh-HK", TP_LANG_EN},
        {"en-GB;q=0, en-US, zh-CN;q=0.5", TP_LANG_EN},
        {"zh-yue-HK", TP_LANG_ZH_TW},           /* extlang skipped */
        {"zh-cmn-Hant", TP_LANG_ZH_TW},
        {"zh-cmn-Hans-CN", TP_LANG_ZH_CN},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        tp_str f = {cases[i].field, strlen(cases[i].field)};
        cr_assert_eq(tp_accept_lang(f, true), cases[i].want, "%s -> %s",
                     cases[i].field, tp_lang_tag(tp_accept_lang(f, true)));
    }
    cr_assert_eq(tp_accept_lang((tp_str){NULL, 0}, false), TP_LANG_EN);
}
