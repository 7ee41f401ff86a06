/*
 * test_texts.c - the status-code reference: every registered code and
 * every class has its entry in English, Simplified Chinese and Traditional
 * Chinese, with no field left empty, all of it valid UTF-8, and the
 * English entry agreeing with the registry itself.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "teapot/status.h"

/* RFC 3629: well-formed UTF-8, no overlongs, no surrogates. */
static bool utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, n, cp, min;
        if (c < 0x80) {
            p++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            n = 1, cp = c & 0x1f, min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2, cp = c & 0x0f, min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        for (unsigned i = 1; i <= n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        p += n + 1;
    }
    return true;
}

/* Whether the text holds a CJK unified ideograph (U+4E00..U+9FFF). */
static bool has_han(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((p[0] & 0xf0) == 0xe0 && p[0] >= 0xe4 && p[0] <= 0xe9)
            return true;
    return false;
}

/* Characters each script has and the other does not: a zh-CN text holds
 * none of the Traditional ones, a zh-TW text none of the Simplified. */
static const char simplified_only[] =
    "这为们个对应头过时发请响缓连从会说码据间认证网关错误处语类务";
static const char traditional_only[] =
    "這為們個對應頭過時發請響緩連從會說碼據間認證網關錯誤處語類務";

/* The first character of `set` (3-byte UTF-8 each) that occurs in s. */
static const char *script_clash(const char *s, const char *set)
{
    static char one[4];
    for (const char *c = set; *c; c += 3) {
        memcpy(one, c, 3);
        one[3] = '\0';
        if (strstr(s, one))
            return one;
    }
    return NULL;
}

static void check_entry(const struct tp_status_text *t, const char *what)
{
    cr_assert_not_null(t, "%s has no reference entry", what);
    /* Every problem is reported, not only the first. */
    cr_expect_neq(t->see_also[0], 0, "%s lists no look-alike codes", what);
    for (int i = 0; i < TP_STATUS_SEE_ALSO && t->see_also[i]; i++)
        cr_expect_not_null(tp_status_lookup(t->see_also[i]),
                           "%s: see_also %d is not registered", what,
                           t->see_also[i]);
    for (int l = 0; l < TP_LANG_COUNT; l++) {
        const tp_status_words *w = tp_status_words_of(t, (tp_lang)l);
        const char *f[] = {w->name, w->meaning, w->when, w->client,
                           w->confused};
        const char *fn[] = {"name", "meaning", "when", "client", "confused"};
        for (int i = 0; i < 5; i++) {
            cr_expect(f[i] && *f[i], "%s %s: %s is empty", what,
                      tp_lang_tag((tp_lang)l), fn[i]);
            cr_expect(f[i] && utf8_ok(f[i]), "%s %s: %s is not UTF-8", what,
                      tp_lang_tag((tp_lang)l), fn[i]);
            if (l != TP_LANG_EN)
                cr_expect(f[i] && has_han(f[i]), "%s %s: %s is not in Chinese", what,
                          tp_lang_tag((tp_lang)l), fn[i]);
            const char *clash =
                !f[i] || l == TP_LANG_EN ? NULL
                : l == TP_LANG_ZH_CN     ? script_clash(f[i], traditional_only)
                                         : script_clash(f[i], simplified_only);
            cr_expect_null(clash, "%s %s: %s mixes in the other script (%s)",
                           what, tp_lang_tag((tp_lang)l), fn[i], clash);
        }
    }
    /* The two scripts are written separately, not one copied as the other. */
    const tp_status_words *cn = tp_status_words_of(t, TP_LANG_ZH_CN);
    const tp_status_words *tw = tp_status_words_of(t, TP_LANG_ZH_TW);
    cr_expect(strcmp(cn->when, tw->when) || strcmp(cn->meaning, tw->meaning),
              "%s: zh-TW is a copy of zh-CN", what);
}

Test(texts, every_code_in_three_languages)
{
    for (size_t i = 0; i < tp_status_count(); i++) {
        const tp_status_info *si = tp_status_at(i);
        char what[16];
        snprintf(what, sizeof(what), "%d", si->code);
        check_entry(si->texts, what);
        const tp_status_words *en = tp_status_words_of(si->texts, TP_LANG_EN);
        /* One source of truth: the English entry is the registry's. */
        cr_expect_str_eq(en->name, si->reason, "%d: name", si->code);
        cr_expect_str_eq(en->meaning, si->summary, "%d: meaning", si->code);
        for (int k = 0; k < TP_STATUS_SEE_ALSO; k++)
            cr_expect_neq(si->texts->see_also[k], si->code,
                          "%d lists itself", si->code);
    }
}

Test(texts, every_class_in_three_languages)
{
    for (int c = TP_CLASS_INFORMATIONAL; c <= TP_CLASS_SERVER_ERROR; c++) {
        char what[16];
        snprintf(what, sizeof(what), "class %dxx", c);
        const struct tp_status_text *t = tp_status_class_text(c);
        check_entry(t, what);
        cr_expect_str_eq(tp_status_words_of(t, TP_LANG_EN)->name,
                         tp_status_class_name(c));
        for (int k = 0; k < TP_STATUS_SEE_ALSO && t->see_also[k]; k++)
            cr_expect_eq(tp_status_class_of(t->see_also[k]), c,
                         "%s lists %d of another class", what, t->see_also[k]);
    }
    cr_assert_null(tp_status_class_text(TP_CLASS_NONE));
}

Test(texts, unregistered_codes_fall_back_to_the_class_entry)
{
    /* 299 is not registered: its entry is 200's, as RFC 9110 15 says a
     * client must treat it. */
    cr_assert_null(tp_status_lookup(299));
    cr_assert_eq(tp_status_get(299)->texts, tp_status_lookup(200)->texts);
}

Test(texts, language_tags)
{
    static const struct {
        const char *tag;
        int lang;
    } cases[] = {
        {"en", TP_LANG_EN},          {"en-US", TP_LANG_EN},
        {"EN-gb", TP_LANG_EN},       {"en_US.UTF-8", TP_LANG_EN},
        {"zh", TP_LANG_ZH_CN},       {"zh-CN", TP_LANG_ZH_CN},
        {"zh-Hans", TP_LANG_ZH_CN},  {"zh-SG", TP_LANG_ZH_CN},
        {"zh_CN.UTF-8", TP_LANG_ZH_CN}, {"zh-Hans-TW", TP_LANG_ZH_CN},
        {"zh-TW", TP_LANG_ZH_TW},    {"zh-Hant", TP_LANG_ZH_TW},
        {"zh-HK", TP_LANG_ZH_TW},    {"zh-MO", TP_LANG_ZH_TW},
        {"zh_TW.UTF-8", TP_LANG_ZH_TW}, {"zh-Hant-CN", TP_LANG_ZH_TW},
        {"zh-yue-HK", TP_LANG_ZH_TW},   {"zh-cmn-Hans", TP_LANG_ZH_CN},
        {"zh-cmn", TP_LANG_ZH_CN},
        {"fr", -1},                  {"english", -1},
        {"zhx", -1},                 {"", -1},
        {"C", -1},                   {"POSIX", -1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        cr_assert_eq(tp_lang_parse(cases[i].tag, strlen(cases[i].tag)),
                     cases[i].lang, "%s", cases[i].tag);
    cr_assert_str_eq(tp_lang_tag(TP_LANG_ZH_TW), "zh-TW");
    cr_assert_str_eq(tp_lang_tag(TP_LANG_ZH_CN), "zh-CN");
    cr_assert_str_eq(tp_lang_tag(TP_LANG_EN), "en");
}
