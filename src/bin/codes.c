/*
 * codes.c - `teapot codes`: the status-code registry for people and tools.
 *
 * Without options it prints an aligned table grouped by class; with --json
 * it prints the same registry as a JSON array.  Everything shown comes from
 * the library's table, so the tool can never drift from what the server
 * actually sends.
 */
#include "cli.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "teapot/status.h"

static const struct {
    unsigned flag;
    const char *word;
} flag_words[] = {
    {TP_STATUS_INTERIM, "interim"},
    {TP_STATUS_NO_CONTENT, "no-content"},
    {TP_STATUS_CACHEABLE, "cacheable"},
    {TP_STATUS_UNUSED, "unused"},
    {TP_STATUS_DEPRECATED, "deprecated"},
    {TP_STATUS_OBSOLETE, "obsolete"},
    {TP_STATUS_PROVISIONAL, "provisional"},
    {TP_STATUS_UNREGISTERED, "unregistered"},
};
#define FLAG_WORDS (sizeof flag_words / sizeof flag_words[0])

/* Long enough for every flag word at once. */
#define FLAGS_TEXT_MAX 96

static void usage(FILE *out)
{
    fputs("usage: teapot codes [--json]\n"
          "\n"
          "Print every code of the IANA HTTP Status Code Registry with its\n"
          "reason phrase, flags and defining reference, grouped by class.\n"
          "\n"
          "  --json      print a JSON array instead of a table\n"
          "  -h, --help  show this help and exit\n"
          "\n"
          "Colour is used only on a terminal, and a non-empty NO_COLOR\n"
          "turns it off.\n",
          out);
}

static void flags_text(unsigned flags, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < FLAG_WORDS; i++) {
        if (!(flags & flag_words[i].flag))
            continue;
        int n = snprintf(buf + len, size - len, "%s%s", len ? " " : "",
                         flag_words[i].word);
        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
    }
}

/* https://no-color.org: a non-empty NO_COLOR turns colour off. */
bool tp_cli_colour(void)
{
    const char *no_colour = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    if (no_colour && *no_colour)
        return false;
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(fileno(stdout)) == 1;
}

const char *tp_cli_class_colour(tp_status_class cls)
{
    switch (cls) {
    case TP_CLASS_INFORMATIONAL:
        return "\033[36m"; /* cyan */
    case TP_CLASS_SUCCESSFUL:
        return "\033[32m"; /* green */
    case TP_CLASS_REDIRECTION:
        return "\033[34m"; /* blue */
    case TP_CLASS_CLIENT_ERROR:
        return "\033[33m"; /* yellow */
    case TP_CLASS_SERVER_ERROR:
        return "\033[31m"; /* red */
    case TP_CLASS_NONE:
        break;
    }
    return "";
}

static void print_table(void)
{
    bool colour = tp_cli_colour();
    const char *bold = colour ? "\033[1m" : "";
    const char *reset = colour ? "\033[0m" : "";
    char flags[FLAGS_TEXT_MAX];
    int reason_w = 0, flags_w = 0;

    for (size_t i = 0; i < tp_status_count(); i++) {
        const tp_status_info *info = tp_status_at(i);
        int n = (int)strlen(info->reason);
        if (n > reason_w)
            reason_w = n;
        flags_text(info->flags, flags, sizeof flags);
        n = (int)strlen(flags);
        if (n > flags_w)
            flags_w = n;
    }

    tp_status_class current = TP_CLASS_NONE;
    for (size_t i = 0; i < tp_status_count(); i++) {
        const tp_status_info *info = tp_status_at(i);
        tp_status_class cls = tp_status_class_of(info->code);
        const char *tint = colour ? tp_cli_class_colour(cls) : "";
        if (cls != current) {
            if (current != TP_CLASS_NONE)
                putchar('\n');
            printf("%s%s%s (%dxx)%s\n", bold, tint, tp_status_class_name(cls),
                   (int)cls, reset);
            current = cls;
        }
        flags_text(info->flags, flags, sizeof flags);
        printf("  %s%d%s  %-*s  %-*s  %s\n", tint, info->code, reset,
               reason_w, info->reason, flags_w, flags, info->reference);
    }
}

/*
 * jansson's *_set_new and *_append_new take ownership of the value even
 * when they fail (including when the container itself is NULL), so errors
 * can be collected and only the outermost object released.
 */
static json_t *field_json(const tp_status_field *f)
{
    json_t *obj = json_object();
    int err = json_object_set_new(obj, "name", json_string(f->name));
    err |= json_object_set_new(obj, "need",
                               json_string(f->need == TP_FIELD_REQUIRED
                                               ? "required"
                                               : "recommended"));
    if (f->value_hint)
        err |= json_object_set_new(obj, "hint", json_string(f->value_hint));
    if (err) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

/* One registry entry; NULL when memory runs out. */
static json_t *entry_json(const tp_status_info *info)
{
    json_t *flags = json_array();
    json_t *fields = json_array();
    int err = 0;

    for (size_t i = 0; i < FLAG_WORDS; i++)
        if (info->flags & flag_words[i].flag)
            err |= json_array_append_new(flags,
                                         json_string(flag_words[i].word));
    for (size_t i = 0; i < TP_STATUS_MAX_FIELDS && info->fields[i].name; i++)
        err |= json_array_append_new(fields, field_json(&info->fields[i]));

    json_t *obj = json_object();
    const char *cls = tp_status_class_name(tp_status_class_of(info->code));
    err |= json_object_set_new(obj, "code", json_integer(info->code));
    err |= json_object_set_new(obj, "reason", json_string(info->reason));
    err |= json_object_set_new(obj, "class", json_string(cls));
    err |= json_object_set_new(obj, "reference", json_string(info->reference));
    err |= json_object_set_new(obj, "summary", json_string(info->summary));
    err |= json_object_set_new(obj, "flags", flags);
    err |= json_object_set_new(obj, "fields", fields);
    if (err) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

static int print_json(void)
{
    json_t *all = json_array();
    if (!all)
        goto oom;
    for (size_t i = 0; i < tp_status_count(); i++) {
        json_t *entry = entry_json(tp_status_at(i));
        if (!entry || json_array_append_new(all, entry) != 0) {
            json_decref(all);
            goto oom;
        }
    }
    int rc = json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(all);
    if (rc != 0)
        return 1;
    putchar('\n');
    return 0;
oom:
    fputs("teapot codes: out of memory\n", stderr);
    return 1;
}

int tp_cmd_codes(int argc, char **argv)
{
    bool json = false;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--json") == 0) {
            json = true;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            return fflush(stdout) == 0 ? 0 : 1;
        } else if (arg[0] == '-') {
            fprintf(stderr,
                    "teapot codes: unknown option '%s'\n"
                    "Try 'teapot codes --help'.\n",
                    arg);
            return 2;
        } else {
            fprintf(stderr,
                    "teapot codes: unexpected argument '%s'\n"
                    "Try 'teapot codes --help'.\n",
                    arg);
            return 2;
        }
    }

    int rc = 0;
    if (json)
        rc = print_json();
    else
        print_table();

    /* A full disk or a closed pipe must not look like success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("teapot codes: error writing output\n", stderr);
        return 1;
    }
    return rc;
}
