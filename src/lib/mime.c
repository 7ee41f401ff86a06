/*
 * mime.c - the media type (RFC 9110 8.3.1) of a file, from its name's
 * extension: the system's mime.types when there is one, completed by a
 * built-in table of the types a web server meets most, so that a system
 * without the file or with an old one still labels CSS, JavaScript, WASM
 * and modern image formats correctly.
 *
 * The table is read once, on first use, and never changes after: every
 * result is a string that lives as long as the process.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"

/* A system that keeps the file elsewhere can say so at build time. */
#ifndef TP_MIME_TYPES_FILE
#define TP_MIME_TYPES_FILE "/etc/mime.types"
#endif
/* An extension longer than this is not looked up: none is registered. */
#define TP_MIME_MAX_EXT 32
#define TP_MIME_DEFAULT "application/octet-stream"

/* What a file lacks, or everything when there is no file.  The file wins
 * where both name an extension. */
static const struct {
    const char *ext, *type;
} builtin[] = {
    {"html", "text/html"},
    {"htm", "text/html"},
    {"css", "text/css"},
    /* RFC 9239: text/javascript is the one to use. */
    {"js", "text/javascript"},
    {"mjs", "text/javascript"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"xml", "application/xml"},
    {"xhtml", "application/xhtml+xml"},
    {"rss", "application/rss+xml"},
    {"atom", "application/atom+xml"},
    {"txt", "text/plain"},
    {"md", "text/markdown"},
    {"csv", "text/csv"},
    {"ics", "text/calendar"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"jxl", "image/jxl"},
    {"bmp", "image/bmp"},
    {"tif", "image/tiff"},
    {"tiff", "image/tiff"},
    {"ico", "image/vnd.microsoft.icon"},
    {"pdf", "application/pdf"},
    {"wasm", "application/wasm"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"mp4", "video/mp4"},
    {"m4v", "video/mp4"},
    {"webm", "video/webm"},
    {"ogv", "video/ogg"},
    {"mov", "video/quicktime"},
    {"mp3", "audio/mpeg"},
    {"m4a", "audio/mp4"},
    {"ogg", "audio/ogg"},
    {"oga", "audio/ogg"},
    {"opus", "audio/ogg"},
    {"wav", "audio/wav"},
    {"flac", "audio/flac"},
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"tar", "application/x-tar"},
    {"bz2", "application/x-bzip2"},
    {"xz", "application/x-xz"},
    {"zst", "application/zstd"},
    {"7z", "application/x-7z-compressed"},
};

typedef struct mime_entry {
    char *ext;        /* lower case */
    const char *type; /* with "; charset=utf-8" where it applies */
    size_t order;     /* position of first appearance, for duplicates */
} mime_entry;

static mime_entry *table;
static size_t table_len, table_cap;
/* Every interned type, kept for the life of the process. */
static char **types;
static size_t types_len, types_cap;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

/* Text is served as UTF-8: the charset parameter keeps a recipient from
 * guessing (RFC 9110 8.3.2).  The non-text types listed are text in all
 * but name. */
static bool wants_charset(const char *type)
{
    return !strncasecmp(type, "text/", 5) ||
           !strcasecmp(type, "application/javascript") ||
           !strcasecmp(type, "application/json") ||
           !strcasecmp(type, "application/xml") ||
           !strcasecmp(type, "image/svg+xml");
}

static const char *intern_type(const char *type, size_t len)
{
    static const char suffix[] = "; charset=utf-8";
    char tmp[256];
    if (len >= sizeof(tmp))
        return NULL;
    memcpy(tmp, type, len);
    tmp[len] = '\0';
    bool cs = wants_charset(tmp);
    if (types_len == types_cap) {
        size_t cap = types_cap ? types_cap * 2 : 512;
        char **t = realloc(types, cap * sizeof(*t));
        if (!t)
            return NULL;
        types = t;
        types_cap = cap;
    }
    char *s = malloc(len + (cs ? sizeof(suffix) : 1));
    if (!s)
        return NULL;
    types[types_len++] = s;
    memcpy(s, type, len);
    if (cs)
        memcpy(s + len, suffix, sizeof(suffix));
    else
        s[len] = '\0';
    return s;
}

static void add(const char *ext, size_t len, const char *type)
{
    /* An extension with a dot ("cwl.json") can never be looked up: only
     * the last dot of a name counts. */
    if (!len || len > TP_MIME_MAX_EXT || !type || memchr(ext, '.', len))
        return;
    if (table_len == table_cap) {
        size_t cap = table_cap ? table_cap * 2 : 1024;
        mime_entry *t = realloc(table, cap * sizeof(*t));
        if (!t)
            return;
        table = t;
        table_cap = cap;
    }
    char *e = malloc(len + 1);
    if (!e)
        return;
    for (size_t i = 0; i < len; i++)
        e[i] = (char)((unsigned)ext[i] - 'A' < 26u ? ext[i] + 32 : ext[i]);
    e[len] = '\0';
    table[table_len].ext = e;
    table[table_len].type = type;
    table[table_len].order = table_len;
    table_len++;
}

/* mime.types: "type ext1 ext2 ...", blank lines and '#' comments. */
static void load_file(const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        const char *ws = " \t\r\n";
        char *p = line + strspn(line, ws);
        size_t tl = strcspn(p, ws);
        if (!tl || !memchr(p, '/', tl))
            continue;
        const char *type = NULL;
        char *q = p + tl;
        for (;;) {
            q += strspn(q, ws);
            size_t el = strcspn(q, ws);
            if (!el)
                break;
            /* One interned type per line, shared by its extensions. */
            if (!type && !(type = intern_type(p, tl)))
                break;
            add(q, el, type);
            q += el;
        }
    }
    free(line);
    fclose(f);
}

static int cmp_entry(const void *a, const void *b)
{
    const mime_entry *x = a, *y = b;
    int c = strcmp(x->ext, y->ext);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void build_table(void)
{
    load_file(TP_MIME_TYPES_FILE);
    /* The built-in entries come after the file's, so that after sorting
     * and removing duplicates the file's own choice is the one kept. */
    for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
        add(builtin[i].ext, strlen(builtin[i].ext),
            intern_type(builtin[i].type, strlen(builtin[i].type)));
    qsort(table, table_len, sizeof(*table), cmp_entry);
    /* An extension listed twice keeps its first appearance. */
    size_t out = 0;
    for (size_t i = 0; i < table_len; i++) {
        if (out && !strcmp(table[out - 1].ext, table[i].ext)) {
            free(table[i].ext);
            continue;
        }
        table[out++] = table[i];
    }
    table_len = out;
}

const char *tp_mime_type(const char *filename)
{
    if (!filename)
        return TP_MIME_DEFAULT;
    pthread_once(&table_once, build_table);
    /* The extension is what follows the last dot of the last path
     * segment; a leading dot (".profile") marks a hidden file, not an
     * extension. */
    const char *base = strrchr(filename, '/');
    base = base ? base + 1 : filename;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return TP_MIME_DEFAULT;
    const char *ext = dot + 1;
    size_t len = strlen(ext);
    if (!len || len > TP_MIME_MAX_EXT)
        return TP_MIME_DEFAULT;
    char key[TP_MIME_MAX_EXT + 1];
    for (size_t i = 0; i <= len; i++)
        key[i] = (char)((unsigned)ext[i] - 'A' < 26u ? ext[i] + 32 : ext[i]);
    size_t lo = 0, hi = table_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, table[mid].ext);
        if (!c)
            return table[mid].type;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return TP_MIME_DEFAULT;
}
