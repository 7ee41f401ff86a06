/*
 * test_mime.c - media types from file names: the system's mime.types
 * where present, the built-in table for what it lacks, and the charset
 * parameter on text.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"

#define OCTETS "application/octet-stream"

Test(mime, common_types)
{
    static const struct {
        const char *name, *type;
    } t[] = {
        {"index.html", "text/html; charset=utf-8"},
        {"a.htm", "text/html; charset=utf-8"},
        {"style.css", "text/css; charset=utf-8"},
        {"data.json", "application/json; charset=utf-8"},
        {"logo.svg", "image/svg+xml; charset=utf-8"},
        {"a.png", "image/png"},
        {"a.jpg", "image/jpeg"},
        {"a.jpeg", "image/jpeg"},
        {"a.gif", "image/gif"},
        {"a.webp", "image/webp"},
        {"a.avif", "image/avif"},
        {"notes.txt", "text/plain; charset=utf-8"},
        {"doc.pdf", "application/pdf"},
        {"app.wasm", "application/wasm"},
        {"f.woff", "font/woff"},
        {"f.woff2", "font/woff2"},
        {"v.mp4", "video/mp4"},
        {"v.webm", "video/webm"},
        {"s.mp3", "audio/mpeg"},
        {"a.zip", "application/zip"},
        {"README.md", "text/markdown; charset=utf-8"},
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        cr_assert_str_eq(tp_mime_type(t[i].name), t[i].type, "%s",
                         t[i].name);
}

Test(mime, javascript_and_xml_are_text)
{
    /* Older mime.types say application/javascript; either way it is
     * labelled UTF-8. */
    const char *js = tp_mime_type("app.js");
    cr_assert(!strcmp(js, "text/javascript; charset=utf-8") ||
                  !strcmp(js, "application/javascript; charset=utf-8"),
              "%s", js);
    const char *xml = tp_mime_type("feed.xml");
    cr_assert(!strcmp(xml, "application/xml; charset=utf-8") ||
                  !strcmp(xml, "text/xml; charset=utf-8"),
              "%s", xml);
}

Test(mime, extension_rules)
{
    cr_assert_str_eq(tp_mime_type("INDEX.HTML"), "text/html; charset=utf-8",
                     "case-insensitive");
    cr_assert_str_eq(tp_mime_type("Photo.JpG"), "image/jpeg");
    cr_assert_str_eq(tp_mime_type("archive.tar.gz"),
                     tp_mime_type("x.gz"), "the last dot only");
    cr_assert_str_eq(tp_mime_type("/srv/www/site.d/index.html"),
                     "text/html; charset=utf-8");
    cr_assert_str_eq(tp_mime_type("/srv/www/site.d/README"), OCTETS,
                     "a dot in a directory is not an extension");
    cr_assert_str_eq(tp_mime_type("Makefile"), OCTETS);
    cr_assert_str_eq(tp_mime_type("file."), OCTETS);
    cr_assert_str_eq(tp_mime_type(".html"), OCTETS, "a hidden file");
    cr_assert_str_eq(tp_mime_type("a.no-such-extension"), OCTETS);
    cr_assert_str_eq(tp_mime_type("a.thisextensionislongerthanthirtytwobytes"),
                     OCTETS);
    cr_assert_str_eq(tp_mime_type(""), OCTETS);
    cr_assert_str_eq(tp_mime_type(NULL), OCTETS);
}

Test(mime, charset_only_on_text)
{
    static const char *const names[] = {"a.png", "a.pdf", "a.zip", "a.mp4",
                                        "a.wasm", "a.woff2", "a.gif"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        cr_assert_null(strstr(tp_mime_type(names[i]), "charset"), "%s",
                       names[i]);
}

Test(mime, strings_are_interned)
{
    const char *a = tp_mime_type("a.html");
    const char *b = tp_mime_type("b.HTML");
    cr_assert_eq(a, b, "the same string, not a copy per call");
}

/* Every mapping of the system file, first mention first, is what
 * tp_mime_type gives. */
Test(mime, agrees_with_the_system_file)
{
    FILE *f = fopen("/etc/mime.types", "r");
    if (!f) {
        cr_skip_test("no /etc/mime.types here");
        return;
    }
    char line[4096];
    size_t checked = 0;
    /* Extensions seen so far: only the first mention counts. */
    static char seen[1 << 20];
    size_t seen_len = 0;
    while (fgets(line, sizeof(line), f)) {
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *save = NULL;
        char *type = strtok_r(line, " \t\r\n", &save);
        if (!type || !strchr(type, '/'))
            continue;
        for (char *ext; (ext = strtok_r(NULL, " \t\r\n", &save));) {
            /* "cwl.json": only the last dot counts, so x.cwl.json is a
             * .json file. */
            if (strlen(ext) > 32 || strchr(ext, '.'))
                continue;
            for (char *p = ext; *p; p++)
                *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
            char key[40];
            snprintf(key, sizeof(key), "|%s|", ext);
            if (memmem(seen, seen_len, key, strlen(key)))
                continue;
            seen_len += (size_t)sprintf(seen + seen_len, "%s", key);
            char name[64];
            snprintf(name, sizeof(name), "x.%s", ext);
            const char *got = tp_mime_type(name);
            cr_assert(!strncmp(got, type, strlen(type)) &&
                          (got[strlen(type)] == '\0' ||
                           !strcmp(got + strlen(type), "; charset=utf-8")),
                      "%s: %s, file says %s", name, got, type);
            bool text = !strncasecmp(type, "text/", 5);
            if (text)
                cr_assert(strstr(got, "; charset=utf-8"), "%s", name);
            checked++;
        }
    }
    fclose(f);
    cr_assert_gt(checked, 0);
}

static void *lookup_many(void *arg)
{
    const char **out = arg;
    for (int i = 0; i < 1000; i++)
        out[0] = tp_mime_type("x.css");
    return NULL;
}

Test(mime, first_use_from_many_threads)
{
    pthread_t t[8];
    const char *got[8];
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, lookup_many, &got[i]);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    for (int i = 1; i < 8; i++)
        cr_assert_eq(got[i], got[0]);
    cr_assert_str_eq(got[0], "text/css; charset=utf-8");
}
