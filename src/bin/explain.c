/*
 * explain.c - `teapot explain`: the status-code reference in a terminal.
 *
 * `teapot explain 404` prints the entry of a code, `teapot explain 4xx`
 * the class and its codes, in English, Simplified or Traditional Chinese
 * (--lang, else LC_ALL / LC_MESSAGES / LANG), or as JSON (--json, the same
 * JSON as the site's /codes/404.json).  Every word comes from the registry
 * (src/lib/status.c and src/lib/texts/) through refdata.c, so the terminal
 * says what the site and the server's error pages say.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "refdata.h"

/* Text is wrapped to this many columns (CJK characters take two). */
#define WRAP_COLUMNS 76
#define INDENT "  "

static void usage(FILE *out)
{
    fputs("usage: teapot explain CODE|Nxx [--lang en|zh-CN|zh-TW] [--json]\n"
          "\n"
          "Explain an HTTP status code (404) or list a class (4xx): what it\n"
          "means, when a server sends it, what a client should do, the\n"
          "header fields it needs, and the codes it is confused with.\n"
          "\n"
          "  --lang L    en, zh-CN or zh-TW (default: from LC_ALL,\n"
          "              LC_MESSAGES or LANG, else en)\n"
          "  --json      print JSON (the site's /codes/CODE.json)\n"
          "  -h, --help  show this help and exit\n"
          "\n"
          "An unknown code exits with status 2.  Colour is used only on a\n"
          "terminal, and a non-empty NO_COLOR turns it off.\n",
          out);
}

typedef struct style {
    const char *bold, *dim, *reset;
} style;

/* Display columns of the UTF-8 sequence starting at s (its byte length in
 * *n): East Asian wide characters take two. */
static int char_width(const unsigned char *s, int *n)
{
    unsigned c = s[0];
    unsigned cp;
    if (c < 0x80) {
        *n = 1;
        return 1;
    }
    if ((c & 0xe0) == 0xc0) {
        *n = 2;
        return 1;
    }
    if ((c & 0xf0) == 0xe0) {
        *n = 3;
        cp = ((c & 0x0f) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
        /* Hangul Jamo through CJK, Hangul syllables, CJK compatibility,
         * fullwidth forms. */
        if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
            (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
            (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
            (cp >= 0xffe0 && cp <= 0xffe6))
            return 2;
        return 1;
    }
    *n = 4;
    return 2;
}

/* CJK line-breaking rules (kinsoku): no line starts with closing
 * punctuation, none ends with opening punctuation. */
static bool starts_with_any(const unsigned char *q, const char *const *set)
{
    for (; *set; set++)
        if (!strncmp((const char *)q, *set, strlen(*set)))
            return true;
    return false;
}

static const char *const closing[] = {
    "，", "。", "、", "：", "；", "）", "」", "』", "！", "？", "”", "’",
    "》", "〉", "…", ")", ",", ".", ":", ";", NULL,
};
static const char *const opening[] = {
    "（", "「", "『", "“", "‘", "《", "〈", NULL,
};

/* Prints text wrapped at WRAP_COLUMNS after `indent`: at spaces in
 * Latin text, between two wide characters in CJK text (not before closing
 * or after opening punctuation). */
static void wrapped(const char *text, const char *indent)
{
    const unsigned char *p = (const unsigned char *)text;
    int limit = WRAP_COLUMNS - (int)strlen(indent);
    while (*p) {
        const unsigned char *line = p, *cut = NULL, *q = p;
        int col = 0;
        while (*q) {
            int n, w = char_width(q, &n);
            if (col + w > limit)
                break;
            if (*q == ' ')
                cut = q; /* break here, dropping the space */
            else if (w == 2 && !starts_with_any(q, opening) &&
                     !starts_with_any(q + n, closing))
                cut = q + n; /* break after a wide character */
            col += w;
            q += n;
        }
        const unsigned char *end = *q ? (cut && cut > line ? cut : q) : q;
        printf("%s%.*s\n", indent, (int)(end - line), (const char *)line);
        p = end;
        while (*p == ' ')
            p++;
    }
}

static void heading(const style *st, tp_lang lang, tp_ref_label label)
{
    printf("\n%s%s%s\n", st->bold, tp_ref_label_text(lang, label), st->reset);
}

static void explain_code(const tp_status_info *si, tp_lang lang,
                         const style *st, bool colour)
{
    const tp_status_words *w = tp_status_words_of(si->texts, lang);
    tp_status_class cls = tp_status_class_of(si->code);
    const char *tint = colour ? tp_cli_class_colour(cls) : "";
    const tp_status_words *cw =
        tp_status_words_of(tp_status_class_text(cls), lang);

    printf("%s%s%d %s%s", st->bold, tint, si->code, si->reason, st->reset);
    if (lang != TP_LANG_EN)
        printf("  %s%s%s", st->bold, w->name, st->reset);
    char sub[256];
    snprintf(sub, sizeof(sub), "%s (%dxx) · %s · %s", cw->name, (int)cls,
             tp_ref_label_text(lang, tp_ref_standing(si)), si->reference);
    printf("\n%s", st->dim);
    wrapped(sub, "");
    fputs(st->reset, stdout);

    heading(st, lang, TP_L_MEANING);
    wrapped(w->meaning, INDENT);
    heading(st, lang, TP_L_WHEN);
    wrapped(w->when, INDENT);
    heading(st, lang, TP_L_CLIENT);
    wrapped(w->client, INDENT);

    heading(st, lang, TP_L_FIELDS);
    if (!si->fields[0].name)
        printf(INDENT "%s\n", tp_ref_label_text(lang, TP_L_NO_FIELDS));
    for (int i = 0; i < TP_STATUS_MAX_FIELDS && si->fields[i].name; i++) {
        const tp_status_field *f = &si->fields[i];
        char line[256];
        /* The hints are written in English only. */
        bool hint = f->value_hint && lang == TP_LANG_EN;
        snprintf(line, sizeof(line), "%s (%s)%s%s", f->name,
                 tp_ref_label_text(lang, f->need == TP_FIELD_REQUIRED
                                             ? TP_L_REQUIRED
                                             : TP_L_RECOMMENDED),
                 hint ? ": " : "", hint ? f->value_hint : "");
        wrapped(line, INDENT);
    }
    bool content = tp_status_allows_content(si->code) && si->code != 205;
    printf("\n%s%s:%s %s    %s%s:%s %s\n", st->bold,
           tp_ref_label_text(lang, TP_L_CACHEABLE), st->reset,
           tp_ref_label_text(lang, si->flags & TP_STATUS_CACHEABLE ? TP_L_YES
                                                                   : TP_L_NO),
           st->bold, tp_ref_label_text(lang, TP_L_CONTENT), st->reset,
           tp_ref_label_text(lang, content ? TP_L_YES : TP_L_NO));

    heading(st, lang, TP_L_CONFUSED);
    for (int i = 0; i < TP_STATUS_SEE_ALSO && si->texts->see_also[i]; i++) {
        const tp_status_info *o = tp_status_lookup(si->texts->see_also[i]);
        if (!o)
            continue;
        const char *ot = colour ? tp_cli_class_colour(tp_status_class_of(o->code))
                                : "";
        printf(INDENT "%s%d%s %s\n", ot, o->code, st->reset,
               tp_status_words_of(o->texts, lang)->name);
    }
    wrapped(w->confused, INDENT);
}

static void explain_class(tp_status_class cls, tp_lang lang, const style *st,
                          bool colour)
{
    const struct tp_status_text *t = tp_status_class_text(cls);
    const tp_status_words *w = tp_status_words_of(t, lang);
    const char *tint = colour ? tp_cli_class_colour(cls) : "";
    printf("%s%s%dxx %s%s\n", st->bold, tint, (int)cls, w->name, st->reset);
    heading(st, lang, TP_L_MEANING);
    wrapped(w->meaning, INDENT);
    heading(st, lang, TP_L_WHEN);
    wrapped(w->when, INDENT);
    heading(st, lang, TP_L_CLIENT);
    wrapped(w->client, INDENT);
    putchar('\n');
    for (size_t i = 0; i < tp_status_count(); i++) {
        const tp_status_info *si = tp_status_at(i);
        if (tp_status_class_of(si->code) != cls)
            continue;
        const tp_status_words *cw = tp_status_words_of(si->texts, lang);
        printf(INDENT "%s%d%s  %s", tint, si->code, st->reset, cw->name);
        if (lang != TP_LANG_EN)
            printf("  %s(%s)%s", st->dim, si->reason, st->reset);
        if (tp_ref_standing(si) != TP_L_STANDARD)
            printf("  %s[%s]%s", st->dim,
                   tp_ref_label_text(lang, tp_ref_standing(si)), st->reset);
        putchar('\n');
    }
}

static int print_json(json_t *j)
{
    if (!j || json_dumpf(j, stdout, JSON_INDENT(2)) < 0) {
        json_decref(j);
        fputs("teapot: out of memory\n", stderr);
        return 1;
    }
    putchar('\n');
    json_decref(j);
    return 0;
}

/* "404" -> code; "4xx" / "4XX" -> -class; anything else 0. */
static int parse_target(const char *s)
{
    if (strlen(s) != 3 || s[0] < '1' || s[0] > '5')
        return 0;
    if ((s[1] == 'x' || s[1] == 'X') && (s[2] == 'x' || s[2] == 'X'))
        return -(s[0] - '0');
    if (s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9')
        return 0;
    return atoi(s);
}

int tp_cmd_explain(int argc, char **argv)
{
    static const struct option opts[] = {
        {"lang", required_argument, NULL, 'L'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    int lang = -1, c;
    bool json = false;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'L':
            lang = tp_lang_parse(optarg, strlen(optarg));
            if (lang < 0) {
                fprintf(stderr, "teapot explain: --lang wants en, zh-CN or "
                                "zh-TW, not '%s'\n", optarg);
                return 2;
            }
            break;
        case 'j':
            json = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return 2;
    }
    const char *arg = argv[optind];
    int target = parse_target(arg);
    if (target == 0) {
        fprintf(stderr, "teapot explain: '%s' is neither a status code "
                        "(100-599) nor a class (1xx-5xx)\n", arg);
        return 2;
    }
    if (target > 0 && !tp_status_lookup(target)) {
        const tp_status_info *fb = tp_status_get(target);
        fprintf(stderr,
                "teapot explain: %d is not a registered status code; a "
                "client treats it as %d %s (RFC 9110 15): teapot explain "
                "%d\n",
                target, fb->code, fb->reason, fb->code);
        return 2;
    }

    if (json) {
        if (target > 0)
            return print_json(tp_ref_code_json(tp_status_lookup(target), lang));
        json_t *o = tp_ref_class_json((tp_status_class)-target, lang);
        json_t *codes = json_array();
        for (size_t i = 0; i < tp_status_count(); i++) {
            const tp_status_info *si = tp_status_at(i);
            if ((int)tp_status_class_of(si->code) == -target)
                json_array_append_new(codes, tp_ref_code_json(si, lang));
        }
        json_object_set_new(o, "codes", codes);
        return print_json(o);
    }

    tp_lang l = lang >= 0 ? (tp_lang)lang : tp_ref_env_lang();
    bool colour = tp_cli_colour();
    style st = {colour ? "\033[1m" : "", colour ? "\033[2m" : "",
                colour ? "\033[0m" : ""};
    if (target > 0)
        explain_code(tp_status_lookup(target), l, &st, colour);
    else
        explain_class((tp_status_class)-target, l, &st, colour);
    return 0;
}
