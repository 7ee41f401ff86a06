/*
 * config.c - the teapot command's settings: the table of every setting
 * (its YAML key, its flag, its type), the parser and check of each value
 * shared by the flags and the file, and the YAML loader, which reads the
 * file into a small tree with line numbers and then checks it all,
 * reporting every problem rather than the first.
 */
#define _GNU_SOURCE
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "teapot/status.h"

/* A configuration file is a page of text, not a data set. */
#define MAX_FILE (1024 * 1024)
/* Deeper nesting than any setting needs is a mistake, and the tree is
 * read recursively. */
#define MAX_DEPTH 32
/* The testing API's prefix buffer holds 127 bytes (tp_testapi_mount
 * refuses longer ones). */
#define MAX_PREFIX 127
/* The same bounds as the server's own: a day for a timeout, ten years for
 * Cache-Control: max-age. */
#define MAX_SECONDS 86400.0
/* The longest WebDAV lock a client may be granted: a week.  A lock whose
 * client went away blocks every other writer until it expires (RFC 4918
 * 6.6), so an administrator may shorten it, never make it endless. */
#define MAX_LOCK_TIMEOUT 604800

/* ---- the settings ---- */

enum kind {
    K_LISTEN,  /* ADDR:PORT, one or a list */
    K_INT,     /* a decimal integer from min to max */
    K_SIZE,    /* bytes, with an optional k, M or G (binary multiples) */
    K_SECONDS, /* a decimal number, 0 < s <= MAX_SECONDS, kept in ms */
    K_BOOL,
    K_LOG,     /* a path, "-" or off */
    K_PATH,    /* a path or "-" (a log that cannot be off) */
    K_FORMAT,  /* an access log format: combined or json */
    K_LEVEL,   /* an error log level: error, warn, info or debug */
    K_DIR,     /* an existing directory */
    K_FILE,    /* a file to create or open, in an existing directory */
    K_PREFIX,  /* a path starting with '/' */
    K_HOST,    /* a host name, one or a list */
};

typedef struct setting {
    tp_config_key id;
    const char *section; /* NULL at the top level */
    const char *key;
    const char *flag;    /* the long flag that sets it, without "--" */
    enum kind kind;
    long min, max;       /* K_INT; K_SIZE: min only */
} setting;

static const setting SETTINGS[] = {
    {TP_CFG_LISTEN, NULL, "listen", "listen", K_LISTEN, 0, 0},
    {TP_CFG_THREADS, NULL, "threads", "threads", K_INT, 1, 256},
    {TP_CFG_ACCESS_LOG, NULL, "access_log", "access-log", K_LOG, 0, 0},
    {TP_CFG_ACCESS_LOG_FORMAT, NULL, "access_log_format",
     "access-log-format", K_FORMAT, 0, 0},
    {TP_CFG_ERROR_LOG, NULL, "error_log", "error-log", K_PATH, 0, 0},
    {TP_CFG_ERROR_LOG_LEVEL, NULL, "error_log_level", "error-log-level",
     K_LEVEL, 0, 0},
    {TP_CFG_MAX_BODY, "limits", "max_body", "max-body", K_SIZE, 0, 0},
    {TP_CFG_HEADER_TIMEOUT, "limits", "header_timeout", "header-timeout",
     K_SECONDS, 0, 0},
    {TP_CFG_BODY_TIMEOUT, "limits", "body_timeout", "body-timeout",
     K_SECONDS, 0, 0},
    {TP_CFG_KEEPALIVE_TIMEOUT, "limits", "keepalive_timeout",
     "keepalive-timeout", K_SECONDS, 0, 0},
    {TP_CFG_MAX_CONNECTIONS, "limits", "max_connections", "max-connections",
     K_INT, 0, 10000000},
    {TP_CFG_MAX_CONNECTIONS_PER_CLIENT, "limits", "max_connections_per_client",
     "max-connections-per-client", K_INT, 0, 10000000},
    {TP_CFG_ROOT, "files", "root", "root", K_DIR, 0, 0},
    {TP_CFG_MAX_AGE, "files", "max_age", "max-age", K_INT, 0, 315360000},
    {TP_CFG_LIST, "files", "list", NULL, K_BOOL, 0, 0},
    {TP_CFG_FOLLOW_SYMLINKS, "files", "follow_symlinks", NULL, K_BOOL, 0, 0},
    {TP_CFG_DOTFILES, "files", "dotfiles", NULL, K_BOOL, 0, 0},
    {TP_CFG_TESTAPI_ENABLED, "testapi", "enabled", NULL, K_BOOL, 0, 0},
    {TP_CFG_TESTAPI_PREFIX, "testapi", "prefix", NULL, K_PREFIX, 0, 0},
    {TP_CFG_MAX_DELAY, "testapi", "max_delay", "max-delay", K_SECONDS, 0, 0},
    {TP_CFG_REDIRECT_ALLOW, "testapi", "redirect_allow", "redirect-allow",
     K_HOST, 0, 0},
    {TP_CFG_REFERENCE, NULL, "reference", NULL, K_BOOL, 0, 0},
    {TP_CFG_DAV_ENABLED, "dav", "enabled", NULL, K_BOOL, 0, 0},
    {TP_CFG_DAV_DB, "dav", "db", "dav-db", K_FILE, 0, 0},
    {TP_CFG_DAV_QUOTA, "dav", "quota", "dav-quota", K_SIZE, 0, 0},
    {TP_CFG_DAV_DEPTH_INFINITY, "dav", "depth_infinity", NULL, K_BOOL, 0, 0},
    {TP_CFG_DAV_PROCESSING_INTERVAL, "dav", "processing_interval",
     "dav-processing-interval", K_SECONDS, 0, 0},
    {TP_CFG_DAV_MAX_LOCK_TIMEOUT, "dav", "max_lock_timeout",
     "dav-max-lock-timeout", K_INT, 1, MAX_LOCK_TIMEOUT},
    {TP_CFG_DAV_MAX_PUT, "dav", "max_put", "dav-max-put", K_SIZE, 1, 0},
};
#define NSETTINGS (sizeof(SETTINGS) / sizeof(SETTINGS[0]))

/* The mappings that group settings; later steps add more. */
static const char *const SECTIONS[] = {"limits", "files", "testapi", "dav"};
#define NSECTIONS (sizeof(SECTIONS) / sizeof(SECTIONS[0]))

/* Flags that take no value and set a boolean (or the flag's value is
 * fixed, such as --no-list for list: false). */
static const struct {
    const char *flag;
    tp_config_key id;
    const char *value;
} SWITCHES[] = {
    {"no-list", TP_CFG_LIST, "false"},
    {"follow-symlinks", TP_CFG_FOLLOW_SYMLINKS, "true"},
    {"dotfiles", TP_CFG_DOTFILES, "true"},
    {"reference", TP_CFG_REFERENCE, "true"},
    {"dav", TP_CFG_DAV_ENABLED, "true"},
    {"dav-depth-infinity", TP_CFG_DAV_DEPTH_INFINITY, "true"},
};

static const setting *setting_by_id(tp_config_key id)
{
    for (size_t i = 0; i < NSETTINGS; i++)
        if (SETTINGS[i].id == id)
            return &SETTINGS[i];
    return NULL;
}

static bool same_section(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static const setting *setting_by_key(const char *section, const char *key)
{
    for (size_t i = 0; i < NSETTINGS; i++)
        if (same_section(SETTINGS[i].section, section) &&
            !strcmp(SETTINGS[i].key, key))
            return &SETTINGS[i];
    return NULL;
}

/* ---- owned strings ---- */

struct tp_config_copy {
    struct tp_config_copy *next;
    /* Aligned for any object: own() keeps arrays of structs here too. */
    _Alignas(max_align_t) char s[];
};

/* `n` zeroed bytes that live as long as `cfg`. */
static void *own(tp_config *cfg, size_t n)
{
    struct tp_config_copy *c = calloc(1, sizeof(*c) + n);
    if (!c)
        return NULL;
    c->next = cfg->copies;
    cfg->copies = c;
    return c->s;
}

static const char *copy(tp_config *cfg, const char *s)
{
    size_t n = strlen(s) + 1;
    struct tp_config_copy *c = malloc(sizeof(*c) + n);
    if (!c)
        return NULL;
    memcpy(c->s, s, n);
    c->next = cfg->copies;
    cfg->copies = c;
    return c->s;
}

void tp_config_init(tp_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->access_log = "-";
    /* The command says when it is listening, and what reloads do. */
    cfg->error_log_level = TP_LOG_INFO;
    cfg->files.max_age = -1;
    cfg->files.list = true;
}

void tp_config_free(tp_config *cfg)
{
    while (cfg->copies) {
        struct tp_config_copy *c = cfg->copies;
        cfg->copies = c->next;
        free(c);
    }
    tp_config_init(cfg);
}

/* ---- values: one parser and check per type, for flags and file alike.
 * Each returns 0, or -1 with a reason that follows the setting's name
 * ("wants ..., not '...'"). ---- */


static bool all_digits(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* The syntax tp_server_listen takes, checked without binding: ADDR:PORT
 * with an IPv4 address, '*', "localhost", or [IPv6]; port 0-65535. */
static bool listen_syntax(const char *v)
{
    const char *colon = strrchr(v, ':');
    if (!colon || colon == v)
        return false;
    const char *port = colon + 1;
    size_t pl = strlen(port);
    if (pl > 5 || !all_digits(port, pl) || atol(port) > 65535)
        return false;
    size_t hl = (size_t)(colon - v);
    char host[INET6_ADDRSTRLEN + 2];
    if (hl >= sizeof(host))
        return false;
    memcpy(host, v, hl);
    host[hl] = '\0';
    unsigned char addr[sizeof(struct in6_addr)];
    if (host[0] == '[') {
        if (hl < 3 || host[hl - 1] != ']')
            return false;
        host[hl - 1] = '\0';
        return inet_pton(AF_INET6, host + 1, addr) == 1;
    }
    return !strcmp(host, "*") || !strcmp(host, "localhost") ||
           inet_pton(AF_INET, host, addr) == 1;
}

static int parse_int(const char *v, long min, long max, long *out,
                     char *why, size_t cap)
{
    size_t n = strlen(v);
    bool neg = v[0] == '-';
    if (!all_digits(v + neg, n - neg) || n - neg > 12)
        return tp_refuse(why, cap, "wants an integer from %ld to %ld, not '%s'",
                      min, max, v);
    long x = strtol(v, NULL, 10);
    if (x < min || x > max)
        return tp_refuse(why, cap, "wants an integer from %ld to %ld, not %ld",
                      min, max, x);
    *out = x;
    return 0;
}

static int parse_size(const char *v, int64_t *out, char *why, size_t cap)
{
    size_t n = strlen(v);
    int shift = 0;
    if (n && strchr("kMG", v[n - 1])) {
        shift = v[n - 1] == 'k' ? 10 : v[n - 1] == 'M' ? 20 : 30;
        n--;
    }
    if (!all_digits(v, n) || n > 18)
        return tp_refuse(why, cap, "wants a byte count (an integer, optionally "
                      "followed by k, M or G), not '%s'", v);
    long long x = strtoll(v, NULL, 10);
    if (x > (INT64_MAX >> shift))
        return tp_refuse(why, cap, "wants a byte count below 2^63, not '%s'", v);
    *out = (int64_t)x << shift;
    return 0;
}

static int parse_seconds(const char *v, int *ms, char *why, size_t cap)
{
    size_t whole = strspn(v, "0123456789");
    size_t frac = 0;
    if (v[whole] == '.')
        frac = strspn(v + whole + 1, "0123456789");
    bool shaped = whole + frac > 0 && whole <= 5 &&
                  (v[whole] == '\0' ||
                   (v[whole] == '.' && v[whole + 1 + frac] == '\0'));
    double s = shaped ? strtod(v, NULL) : 0;
    if (!shaped || s <= 0 || s > MAX_SECONDS)
        return tp_refuse(why, cap, "wants seconds (a number above 0, at most "
                      "%g), not '%s'", MAX_SECONDS, v);
    int m = (int)(s * 1000 + 0.5);
    *ms = m > 0 ? m : 1;
    return 0;
}

/* YAML 1.2's booleans (core schema), and nothing else: "yes", "on" and
 * misspellings are refused rather than guessed. */
static int parse_bool(const char *v, bool *out, char *why, size_t cap)
{
    if (!strcmp(v, "true") || !strcmp(v, "True") || !strcmp(v, "TRUE"))
        *out = true;
    else if (!strcmp(v, "false") || !strcmp(v, "False") ||
             !strcmp(v, "FALSE"))
        *out = false;
    else
        return tp_refuse(why, cap, "wants true or false, not '%s'", v);
    return 0;
}

static int check_dir(const char *v, char *why, size_t cap)
{
    struct stat st;
    if (!*v)
        return tp_refuse(why, cap, "wants a directory, not ''");
    if (stat(v, &st) < 0)
        return errno == ENOENT
                   ? tp_refuse(why, cap, "names '%s', which does not exist", v)
                   : tp_refuse(why, cap, "names '%s', which cannot be used: %s",
                            v, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return tp_refuse(why, cap, "names '%s', which is not a directory", v);
    return 0;
}

static int check_prefix(const char *v, char *why, size_t cap)
{
    if (v[0] != '/' || strpbrk(v, " \t\r\n?#"))
        return tp_refuse(why, cap, "wants a path starting with '/' (such as "
                      "/httpbin), not '%s'", v);
    if (strlen(v) > MAX_PREFIX)
        return tp_refuse(why, cap, "wants a path of at most %d characters",
                      MAX_PREFIX);
    return 0;
}

/* /redirect-to compares it with the Host of the target URL, with or
 * without the port: a URL or a path can never match. */
static int check_host(const char *v, char *why, size_t cap)
{
    if (!*v || strpbrk(v, "/ \t\r\n?#@"))
        return tp_refuse(why, cap, "wants a host name (such as example.com or "
                      "example.com:8443), not '%s'", v);
    return 0;
}

/* A file the server opens (creating it if needed) when it starts or
 * reloads, such as a log or a database: its directory must be there, and
 * the path must not name a directory. */
static int check_file_path(const char *v, char *why, size_t cap)
{
    struct stat st;
    if (!*v)
        return tp_refuse(why, cap, "wants a path, not ''");
    if (stat(v, &st) == 0 && S_ISDIR(st.st_mode))
        return tp_refuse(why, cap, "names '%s', which is a directory", v);
    const char *slash = strrchr(v, '/');
    char *dir = slash ? strndup(v, slash == v ? 1 : (size_t)(slash - v))
                      : strdup(".");
    if (!dir)
        return tp_refuse(why, cap, "cannot be kept: out of memory");
    int r = 0;
    if (stat(dir, &st) < 0)
        r = tp_refuse(why, cap, "names '%s', whose directory %s", v,
                      errno == ENOENT || errno == ENOTDIR
                          ? "does not exist" : "cannot be used");
    else if (!S_ISDIR(st.st_mode))
        r = tp_refuse(why, cap, "names '%s', whose directory does not "
                      "exist", v);
    free(dir);
    return r;
}

/* A log is a file, or "-" for the standard stream. */
static int check_log_path(const char *v, char *why, size_t cap)
{
    if (!*v)
        return tp_refuse(why, cap, "wants a path or '-', not ''");
    if (!strcmp(v, "-"))
        return 0;
    return check_file_path(v, why, cap);
}

/* A database is opened in place: an existing path must be a regular file
 * (SQLite would refuse anything else only when the site is built). */
static int check_db_path(const char *v, char *why, size_t cap)
{
    struct stat st;
    if (check_file_path(v, why, cap) < 0)
        return -1;
    if (stat(v, &st) == 0 && !S_ISREG(st.st_mode))
        return tp_refuse(why, cap, "names '%s', which is not a regular "
                         "file", v);
    return 0;
}

static const char *const FORMAT_NAMES[] = {"combined", "json"};
static const char *const LEVEL_NAMES[] = {"error", "warn", "info", "debug"};

/* The index of `v` among `names`, or -1. */
static int name_index(const char *v, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v, names[i]))
            return (int)i;
    return -1;
}

/* Stores one value of setting `s`, given as text. */
static int set_value(tp_config *cfg, const setting *s, const char *v,
                     char *why, size_t cap)
{
    long n = 0;
    int64_t bytes = 0;
    int ms = 0;
    bool b = false;
    const char *str = NULL;
    switch (s->kind) {
    case K_LISTEN:
        if (!listen_syntax(v))
            return tp_refuse(why, cap, "wants ADDR:PORT (such as 127.0.0.1:8080,"
                          " [::1]:8080 or *:8080), not '%s'", v);
        if (cfg->nlisten == TP_CONFIG_MAX_LISTEN)
            return tp_refuse(why, cap, "takes at most %d addresses",
                          TP_CONFIG_MAX_LISTEN);
        break;
    case K_INT:
        if (parse_int(v, s->min, s->max, &n, why, cap) < 0)
            return -1;
        break;
    case K_SIZE:
        if (parse_size(v, &bytes, why, cap) < 0)
            return -1;
        if (bytes < s->min)
            return tp_refuse(why, cap, "wants a byte count of at least %ld, "
                             "not '%s'", s->min, v);
        break;
    case K_SECONDS:
        /* 102 Processing (RFC 2518 10.1) is a hint some clients do
         * without: "off" sends none, as mod_dav does. */
        if (s->id == TP_CFG_DAV_PROCESSING_INTERVAL && !strcmp(v, "off"))
            ms = -1;
        else if (parse_seconds(v, &ms, why, cap) < 0)
            return s->id == TP_CFG_DAV_PROCESSING_INTERVAL
                       ? tp_refuse(why, cap, "wants seconds (a number above "
                                   "0, at most %g) or off, not '%s'",
                                   MAX_SECONDS, v)
                       : -1;
        break;
    case K_BOOL:
        if (parse_bool(v, &b, why, cap) < 0)
            return -1;
        break;
    case K_LOG:
        if (!*v)
            return tp_refuse(why, cap, "wants a path, '-' or off, not ''");
        if (strcmp(v, "off") && check_log_path(v, why, cap) < 0)
            return -1;
        break;
    case K_PATH:
        if (!strcmp(v, "off"))
            return tp_refuse(why, cap, "wants a path or '-' (this log "
                             "cannot be turned off), not off");
        if (check_log_path(v, why, cap) < 0)
            return -1;
        break;
    case K_FORMAT:
        if ((n = name_index(v, FORMAT_NAMES, 2)) < 0)
            return tp_refuse(why, cap, "wants combined or json, not '%s'", v);
        break;
    case K_LEVEL:
        if ((n = name_index(v, LEVEL_NAMES, 4)) < 0)
            return tp_refuse(why, cap, "wants error, warn, info or debug, "
                             "not '%s'", v);
        break;
    case K_DIR:
        if (check_dir(v, why, cap) < 0)
            return -1;
        break;
    case K_FILE:
        if (check_db_path(v, why, cap) < 0)
            return -1;
        break;
    case K_PREFIX:
        if (check_prefix(v, why, cap) < 0)
            return -1;
        break;
    case K_HOST:
        if (check_host(v, why, cap) < 0)
            return -1;
        if (cfg->nredirect == TP_CONFIG_MAX_REDIRECT)
            return tp_refuse(why, cap, "takes at most %d hosts",
                          TP_CONFIG_MAX_REDIRECT);
        break;
    }
    if (s->kind == K_LISTEN || s->kind == K_LOG || s->kind == K_DIR ||
        s->kind == K_PREFIX || s->kind == K_HOST || s->kind == K_PATH ||
        s->kind == K_FILE) {
        if (s->kind == K_LOG && !strcmp(v, "off")) {
            str = NULL;
        } else if (s->kind == K_DIR) {
            /* "www/" and "www" are one tree; without the slash, the
             * database WebDAV keeps beside it by default ("www.davdb")
             * stays outside it. */
            size_t l = strlen(v);
            while (l > 1 && v[l - 1] == '/')
                l--;
            char *tmp = strndup(v, l);
            str = tmp ? copy(cfg, tmp) : NULL;
            free(tmp);
            if (!str)
                return tp_refuse(why, cap, "cannot be kept: out of memory");
        } else if (s->kind == K_PREFIX) {
            /* The API strips trailing slashes; so does the reference's
             * "try it", which is given the same prefix. */
            char tmp[MAX_PREFIX + 1];
            size_t l = strlen(v);
            while (l && v[l - 1] == '/')
                l--;
            memcpy(tmp, v, l);
            tmp[l] = '\0';
            if (!(str = copy(cfg, tmp)))
                return tp_refuse(why, cap, "cannot be kept: out of memory");
        } else if (!(str = copy(cfg, v))) {
            return tp_refuse(why, cap, "cannot be kept: out of memory");
        }
    }
    switch (s->id) {
    case TP_CFG_LISTEN: cfg->listen[cfg->nlisten++] = str; break;
    case TP_CFG_THREADS: cfg->threads = (int)n; break;
    case TP_CFG_ACCESS_LOG: cfg->access_log = str; break;
    case TP_CFG_ACCESS_LOG_FORMAT:
        cfg->access_log_format = (tp_log_format)n;
        break;
    case TP_CFG_ERROR_LOG:
        cfg->error_log = strcmp(str, "-") ? str : NULL;
        break;
    case TP_CFG_ERROR_LOG_LEVEL: cfg->error_log_level = (tp_log_level)n; break;
    case TP_CFG_MAX_BODY: cfg->max_body = bytes; break;
    case TP_CFG_HEADER_TIMEOUT: cfg->header_timeout_ms = ms; break;
    case TP_CFG_BODY_TIMEOUT: cfg->body_timeout_ms = ms; break;
    case TP_CFG_KEEPALIVE_TIMEOUT: cfg->keepalive_timeout_ms = ms; break;
    case TP_CFG_MAX_CONNECTIONS: cfg->max_connections = (int)n; break;
    case TP_CFG_MAX_CONNECTIONS_PER_CLIENT:
        cfg->max_connections_per_client = (int)n;
        break;
    case TP_CFG_ROOT: cfg->files.root = str; break;
    case TP_CFG_MAX_AGE: cfg->files.max_age = (int)n; break;
    case TP_CFG_LIST: cfg->files.list = b; break;
    case TP_CFG_FOLLOW_SYMLINKS: cfg->files.follow_symlinks = b; break;
    case TP_CFG_DOTFILES: cfg->files.dotfiles = b; break;
    case TP_CFG_TESTAPI_ENABLED: cfg->testapi = b; break;
    case TP_CFG_TESTAPI_PREFIX: cfg->testapi_prefix = str; break;
    case TP_CFG_MAX_DELAY: cfg->max_delay_ms = ms; break;
    case TP_CFG_REDIRECT_ALLOW:
        cfg->redirect_allow[cfg->nredirect++] = str;
        break;
    case TP_CFG_REFERENCE: cfg->reference = b; break;
    case TP_CFG_DAV_ENABLED: cfg->dav.enabled = b; break;
    case TP_CFG_DAV_DB: cfg->dav.opt.db = str; break;
    case TP_CFG_DAV_QUOTA: cfg->dav.opt.quota = bytes; break;
    case TP_CFG_DAV_DEPTH_INFINITY: cfg->dav.opt.depth_infinity = b; break;
    case TP_CFG_DAV_PROCESSING_INTERVAL:
        cfg->dav.opt.processing_ms = ms;
        break;
    case TP_CFG_DAV_MAX_LOCK_TIMEOUT:
        cfg->dav.opt.max_lock_timeout = (int)n;
        break;
    case TP_CFG_DAV_MAX_PUT: cfg->dav.opt.max_put = bytes; break;
    case TP_CFG_NKEYS: break;
    }
    cfg->set |= (uint64_t)1 << s->id;
    return 0;
}

/* ---- flags ---- */

int tp_config_flag(tp_config *cfg, const char *flag, const char *value,
                   char *why, size_t cap)
{
    /* --testapi PREFIX|off is two settings at once: enabled and prefix. */
    if (!strcmp(flag, "testapi")) {
        const setting *on = setting_by_id(TP_CFG_TESTAPI_ENABLED);
        if (!strcmp(value, "off"))
            return set_value(cfg, on, "false", why, cap);
        if (set_value(cfg, setting_by_id(TP_CFG_TESTAPI_PREFIX), value, why,
                      cap) < 0)
            return tp_refuse(why, cap, "wants a path starting with '/' (such "
                          "as /httpbin), or off, not '%s'", value);
        return set_value(cfg, on, "true", why, cap);
    }
    for (size_t i = 0; i < sizeof(SWITCHES) / sizeof(SWITCHES[0]); i++)
        if (!strcmp(flag, SWITCHES[i].flag))
            return set_value(cfg, setting_by_id(SWITCHES[i].id),
                             SWITCHES[i].value, why, cap);
    for (size_t i = 0; i < NSETTINGS; i++)
        if (SETTINGS[i].flag && !strcmp(flag, SETTINGS[i].flag))
            return set_value(cfg, &SETTINGS[i], value, why, cap);
    return tp_refuse(why, cap, "is not a setting");
}

/* ---- merging ---- */

/* A NULL-ended list of strings, copied into cfg (NULL stays NULL). */
static int copy_list(tp_config *cfg, const char *const *src,
                     const char *const **out)
{
    *out = NULL;
    if (!src)
        return 0;
    size_t n = 0;
    while (src[n])
        n++;
    const char **l = own(cfg, (n + 1) * sizeof(*l));
    if (!l)
        return -ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (!(l[i] = copy(cfg, src[i])))
            return -ENOMEM;
    *out = l;
    return 0;
}

/* Rules, with all their strings, copied into cfg. */
static int copy_rules(tp_config *cfg, const tp_rule *src, size_t n,
                      tp_rule **out)
{
    *out = NULL;
    if (!n)
        return 0;
    tp_rule *r = own(cfg, n * sizeof(*r));
    if (!r)
        return -ENOMEM;
    for (size_t i = 0; i < n; i++) {
        r[i] = src[i];
        const char **strs[] = {&r[i].path, &r[i].prefix, &r[i].to,
                               &r[i].link, &r[i].text, &r[i].content_type,
                               &r[i].file, &r[i].rate_limit.name,
                               &r[i].portal.cookie, &r[i].portal.login,
                               &r[i].auth.realm, &r[i].auth.htpasswd};
        for (size_t k = 0; k < sizeof(strs) / sizeof(strs[0]); k++)
            if (*strs[k] && !(*strs[k] = copy(cfg, *strs[k])))
                return -ENOMEM;
        if (copy_list(cfg, src[i].methods, &r[i].methods) < 0 ||
            copy_list(cfg, src[i].hints, &r[i].hints) < 0 ||
            copy_list(cfg, src[i].teapot.teas, &r[i].teapot.teas) < 0 ||
            copy_list(cfg, src[i].teapot.additions,
                      &r[i].teapot.additions) < 0 ||
            copy_list(cfg, src[i].auth.users, &r[i].auth.users) < 0)
            return -ENOMEM;
        const tp_net **nets[] = {&r[i].access.allow, &r[i].access.deny};
        size_t counts[] = {r[i].access.nallow, r[i].access.ndeny};
        for (size_t k = 0; k < 2; k++) {
            if (!*nets[k])
                continue;
            tp_net *c = own(cfg, counts[k] * sizeof(*c));
            if (!c)
                return -ENOMEM;
            memcpy(c, *nets[k], counts[k] * sizeof(*c));
            *nets[k] = c;
        }
    }
    *out = r;
    return 0;
}

/* over's hosts, copied into cfg in place of its own. */
static int copy_hosts(tp_config *cfg, const tp_config *over)
{
    tp_config_host *h = own(cfg, over->nhosts * sizeof(*h));
    if (!h)
        return -ENOMEM;
    for (size_t i = 0; i < over->nhosts; i++) {
        const tp_config_host *o = &over->hosts[i];
        size_t n = 0;
        while (o->names[n])
            n++;
        h[i] = *o;
        if (!(h[i].names = own(cfg, (n + 1) * sizeof(*h[i].names))) ||
            !(h[i].files.root = copy(cfg, o->files.root)) ||
            (o->access_log && !(h[i].access_log = copy(cfg, o->access_log))) ||
            (o->dav.opt.db && !(h[i].dav.opt.db = copy(cfg, o->dav.opt.db))))
            return -ENOMEM;
        for (size_t k = 0; k < n; k++)
            if (!(h[i].names[k] = copy(cfg, o->names[k])))
                return -ENOMEM;
        if (copy_rules(cfg, o->rules, o->nrules, &h[i].rules) < 0)
            return -ENOMEM;
    }
    cfg->hosts = h;
    cfg->nhosts = over->nhosts;
    return 0;
}

int tp_config_merge(tp_config *cfg, const tp_config *over)
{
    for (size_t i = 0; i < NSETTINGS; i++) {
        tp_config_key id = SETTINGS[i].id;
        if (!tp_config_has(over, id))
            continue;
        switch (id) {
        case TP_CFG_LISTEN:
            cfg->nlisten = 0;
            for (size_t j = 0; j < over->nlisten; j++)
                if (!(cfg->listen[cfg->nlisten++] = copy(cfg, over->listen[j])))
                    return -ENOMEM;
            break;
        case TP_CFG_REDIRECT_ALLOW:
            memset(cfg->redirect_allow, 0, sizeof(cfg->redirect_allow));
            cfg->nredirect = 0;
            for (size_t j = 0; j < over->nredirect; j++)
                if (!(cfg->redirect_allow[cfg->nredirect++] =
                          copy(cfg, over->redirect_allow[j])))
                    return -ENOMEM;
            break;
        case TP_CFG_ACCESS_LOG:
            cfg->access_log = over->access_log;
            if (over->access_log && !(cfg->access_log = copy(cfg, over->access_log)))
                return -ENOMEM;
            break;
        case TP_CFG_ACCESS_LOG_FORMAT:
            cfg->access_log_format = over->access_log_format;
            break;
        case TP_CFG_ERROR_LOG:
            cfg->error_log = over->error_log;
            if (over->error_log &&
                !(cfg->error_log = copy(cfg, over->error_log)))
                return -ENOMEM;
            break;
        case TP_CFG_ERROR_LOG_LEVEL:
            cfg->error_log_level = over->error_log_level;
            break;
        case TP_CFG_ROOT:
            if (!(cfg->files.root = copy(cfg, over->files.root)))
                return -ENOMEM;
            break;
        case TP_CFG_TESTAPI_PREFIX:
            if (!(cfg->testapi_prefix = copy(cfg, over->testapi_prefix)))
                return -ENOMEM;
            break;
        case TP_CFG_THREADS: cfg->threads = over->threads; break;
        case TP_CFG_MAX_BODY: cfg->max_body = over->max_body; break;
        case TP_CFG_HEADER_TIMEOUT:
            cfg->header_timeout_ms = over->header_timeout_ms;
            break;
        case TP_CFG_BODY_TIMEOUT:
            cfg->body_timeout_ms = over->body_timeout_ms;
            break;
        case TP_CFG_KEEPALIVE_TIMEOUT:
            cfg->keepalive_timeout_ms = over->keepalive_timeout_ms;
            break;
        case TP_CFG_MAX_CONNECTIONS:
            cfg->max_connections = over->max_connections;
            break;
        case TP_CFG_MAX_CONNECTIONS_PER_CLIENT:
            cfg->max_connections_per_client = over->max_connections_per_client;
            break;
        case TP_CFG_MAX_AGE: cfg->files.max_age = over->files.max_age; break;
        case TP_CFG_LIST: cfg->files.list = over->files.list; break;
        case TP_CFG_FOLLOW_SYMLINKS:
            cfg->files.follow_symlinks = over->files.follow_symlinks;
            break;
        case TP_CFG_DOTFILES: cfg->files.dotfiles = over->files.dotfiles; break;
        case TP_CFG_TESTAPI_ENABLED: cfg->testapi = over->testapi; break;
        case TP_CFG_MAX_DELAY: cfg->max_delay_ms = over->max_delay_ms; break;
        case TP_CFG_REFERENCE: cfg->reference = over->reference; break;
        case TP_CFG_DAV_ENABLED: cfg->dav.enabled = over->dav.enabled; break;
        case TP_CFG_DAV_DB:
            if (!(cfg->dav.opt.db = copy(cfg, over->dav.opt.db)))
                return -ENOMEM;
            break;
        case TP_CFG_DAV_QUOTA: cfg->dav.opt.quota = over->dav.opt.quota; break;
        case TP_CFG_DAV_DEPTH_INFINITY:
            cfg->dav.opt.depth_infinity = over->dav.opt.depth_infinity;
            break;
        case TP_CFG_DAV_PROCESSING_INTERVAL:
            cfg->dav.opt.processing_ms = over->dav.opt.processing_ms;
            break;
        case TP_CFG_DAV_MAX_LOCK_TIMEOUT:
            cfg->dav.opt.max_lock_timeout = over->dav.opt.max_lock_timeout;
            break;
        case TP_CFG_DAV_MAX_PUT:
            cfg->dav.opt.max_put = over->dav.opt.max_put;
            break;
        case TP_CFG_NKEYS: break;
        }
        cfg->set |= (uint64_t)1 << id;
    }
    if (over->nrules) {
        if (copy_rules(cfg, over->rules, over->nrules, &cfg->rules) < 0)
            return -ENOMEM;
        cfg->nrules = over->nrules;
    }
    if (over->nhosts)
        return copy_hosts(cfg, over);
    return 0;
}

/* ---- the YAML tree ---- */

enum node_kind { N_SCALAR, N_SEQ, N_MAP, N_ALIAS };

typedef struct node {
    enum node_kind kind;
    int line;      /* 1-based */
    char *text;    /* N_SCALAR: the value; N_ALIAS: the anchor's name */
    bool plain;    /* a plain scalar without a tag: its type is resolved
                      from its text (null, a boolean, a number) */
    struct node **kids; /* N_SEQ: the items; N_MAP: key, value, key, ... */
    size_t n, cap;
} node;

static void node_free(node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        node_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n);
}

/* What a node is, for "wants X, not ...": a scalar by its (clipped)
 * text. */
static const char *node_noun(const node *n, char *buf, size_t cap)
{
    switch (n->kind) {
    case N_SEQ: return "a list";
    case N_MAP: return "a mapping";
    case N_ALIAS:
        snprintf(buf, cap, "an alias (*%.40s; aliases are not supported)",
                 n->text);
        return buf;
    case N_SCALAR: break;
    }
    snprintf(buf, cap, "'%.60s'", n->text);
    return buf;
}

/* YAML 1.2 core schema: a plain scalar that is empty, ~ or null. */
static bool is_null(const node *n)
{
    return n->kind == N_SCALAR && n->plain &&
           (!*n->text || !strcmp(n->text, "~") || !strcmp(n->text, "null") ||
            !strcmp(n->text, "Null") || !strcmp(n->text, "NULL"));
}

/* ---- loading ---- */

typedef struct problem {
    int line; /* 0: the file as a whole */
    size_t seq;
    char *msg;
} problem;

typedef struct loader {
    const char *path;
    char *dir;           /* the file's directory, NULL when it is "." */
    const char *text;
    size_t len;
    yaml_parser_t parser;
    problem *p;
    size_t np, cap;
    bool nomem;
    const char *scope; /* "hosts[2]." while a host's files are read, so
                          that messages name the setting of that host */
} loader;

static void report(loader *L, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(loader *L, int line, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (L->np == L->cap) {
        size_t cap = L->cap ? L->cap * 2 : 8;
        problem *p = realloc(L->p, cap * sizeof(*p));
        if (!p) {
            L->nomem = true;
            return;
        }
        L->p = p;
        L->cap = cap;
    }
    char *msg = strdup(buf);
    if (!msg) {
        L->nomem = true;
        return;
    }
    L->p[L->np] = (problem){line, L->np, msg};
    L->np++;
}

static int line_of_offset(const loader *L, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off && i < L->len; i++)
        line += L->text[i] == '\n';
    return line;
}

static void syntax_error(loader *L)
{
    yaml_parser_t *p = &L->parser;
    if (p->error == YAML_MEMORY_ERROR) {
        L->nomem = true;
    } else if (p->error == YAML_READER_ERROR) {
        report(L, line_of_offset(L, p->problem_offset), "%s",
               p->problem ? p->problem : "unreadable text");
    } else if (p->context) {
        report(L, (int)p->problem_mark.line + 1, "%s (%s on line %d)",
               p->problem ? p->problem : "syntax error", p->context,
               (int)p->context_mark.line + 1);
    } else {
        report(L, (int)p->problem_mark.line + 1, "%s",
               p->problem ? p->problem : "syntax error");
    }
}

static bool next_event(loader *L, yaml_event_t *ev)
{
    if (yaml_parser_parse(&L->parser, ev))
        return true;
    syntax_error(L);
    return false;
}

static node *node_new(loader *L, enum node_kind kind, int line)
{
    node *n = calloc(1, sizeof(*n));
    if (!n)
        L->nomem = true;
    else {
        n->kind = kind;
        n->line = line;
    }
    return n;
}

static bool add_kid(loader *L, node *parent, node *kid)
{
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 8;
        node **k = realloc(parent->kids, cap * sizeof(*k));
        if (!k) {
            L->nomem = true;
            node_free(kid);
            return false;
        }
        parent->kids = k;
        parent->cap = cap;
    }
    parent->kids[parent->n++] = kid;
    return true;
}

/* The node that starts with `ev`, with everything inside it; NULL after a
 * syntax error (reported) or when memory ran out. */
static node *read_node(loader *L, const yaml_event_t *ev, int depth)
{
    int line = (int)ev->start_mark.line + 1;
    node *n;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        if (!(n = node_new(L, N_SCALAR, line)))
            return NULL;
        n->plain = ev->data.scalar.plain_implicit;
        n->text = strndup((const char *)ev->data.scalar.value,
                          ev->data.scalar.length);
        if (!n->text) {
            L->nomem = true;
            node_free(n);
            return NULL;
        }
        if (strlen(n->text) != ev->data.scalar.length) {
            /* A "\0" escape: C strings cannot hold it, and no setting
             * has a use for it. */
            report(L, line, "a value holds a NUL character");
            n->text[0] = '\0';
            n->plain = false;
        }
        return n;
    case YAML_ALIAS_EVENT:
        if (!(n = node_new(L, N_ALIAS, line)))
            return NULL;
        if (!(n->text = strdup((const char *)ev->data.alias.anchor))) {
            L->nomem = true;
            node_free(n);
            return NULL;
        }
        return n;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool map = ev->type == YAML_MAPPING_START_EVENT;
        if (depth >= MAX_DEPTH) {
            report(L, line, "nested more than %d levels deep", MAX_DEPTH);
            return NULL;
        }
        if (!(n = node_new(L, map ? N_MAP : N_SEQ, line)))
            return NULL;
        for (;;) {
            yaml_event_t e;
            if (!next_event(L, &e)) {
                node_free(n);
                return NULL;
            }
            if (e.type == YAML_SEQUENCE_END_EVENT ||
                e.type == YAML_MAPPING_END_EVENT) {
                yaml_event_delete(&e);
                return n;
            }
            node *kid = read_node(L, &e, depth + 1);
            yaml_event_delete(&e);
            if (!kid || !add_kid(L, n, kid)) {
                node_free(n);
                return NULL;
            }
        }
    }
    default:
        report(L, line, "unexpected YAML event");
        return NULL;
    }
}

/* The one document of the file: its root node, or NULL when the file has
 * none (or after a problem, reported). */
static node *read_document(loader *L, bool *ok)
{
    yaml_event_t ev;
    node *root = NULL;
    *ok = false;
    if (!next_event(L, &ev)) /* stream start */
        return NULL;
    yaml_event_delete(&ev);
    if (!next_event(L, &ev))
        return NULL;
    if (ev.type == YAML_STREAM_END_EVENT) { /* empty, or comments only */
        yaml_event_delete(&ev);
        *ok = true;
        return NULL;
    }
    yaml_event_delete(&ev); /* document start */
    if (!next_event(L, &ev))
        return NULL;
    root = read_node(L, &ev, 0);
    yaml_event_delete(&ev);
    if (!root)
        return NULL;
    if (!next_event(L, &ev)) /* document end */
        goto fail;
    yaml_event_delete(&ev);
    if (!next_event(L, &ev))
        goto fail;
    if (ev.type != YAML_STREAM_END_EVENT) {
        report(L, (int)ev.start_mark.line + 1,
               "a second YAML document: the file must hold one");
        yaml_event_delete(&ev);
        goto fail;
    }
    yaml_event_delete(&ev);
    *ok = true;
    return root;
fail:
    node_free(root);
    return NULL;
}

/* ---- checking the tree ---- */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static bool is_section(const char *key)
{
    for (size_t i = 0; i < NSECTIONS; i++)
        if (!strcmp(SECTIONS[i], key))
            return true;
    return false;
}

static void unknown_key(loader *L, const node *key, const char *section)
{
    const char *best = NULL;
    size_t bestd = 3; /* suggest at edit distance 2 or less */
    for (size_t i = 0; i < NSETTINGS; i++) {
        if (!same_section(SETTINGS[i].section, section))
            continue;
        size_t d = edit_distance(key->text, SETTINGS[i].key);
        if (d < bestd) {
            bestd = d;
            best = SETTINGS[i].key;
        }
    }
    for (size_t i = 0; !section && i < NSECTIONS; i++) {
        size_t d = edit_distance(key->text, SECTIONS[i]);
        if (d < bestd) {
            bestd = d;
            best = SECTIONS[i];
        }
    }
    /* The mappings of whole values, beside the sections. */
    static const char *const top[] = {"hosts", "rules", "error_pages"};
    for (size_t i = 0; !section && i < sizeof(top) / sizeof(top[0]); i++) {
        size_t d = edit_distance(key->text, top[i]);
        if (d < bestd) {
            bestd = d;
            best = top[i];
        }
    }
    char where[96] = "";
    if (section)
        snprintf(where, sizeof(where), " in '%s%s'",
                 L->scope ? L->scope : "", section);
    /* A distance as long as the word itself is no resemblance. */
    if (best && bestd < strlen(key->text)) {
        report(L, key->line, "unknown key '%s'%s (did you mean '%s'?)",
               key->text, where, best);
        return;
    }
    /* A known setting in the wrong place. */
    for (size_t i = 0; i < NSETTINGS; i++) {
        if (!strcmp(SETTINGS[i].key, key->text) &&
            !same_section(SETTINGS[i].section, section)) {
            if (SETTINGS[i].section)
                report(L, key->line, "unknown key '%s'%s (it belongs in "
                       "'%s')", key->text, where, SETTINGS[i].section);
            else
                report(L, key->line, "unknown key '%s'%s (it belongs at the "
                       "top level)", key->text, where);
            return;
        }
    }
    /* A near miss of a setting that lives elsewhere. */
    for (size_t i = 0; i < NSETTINGS; i++) {
        if (!same_section(SETTINGS[i].section, section) &&
            edit_distance(key->text, SETTINGS[i].key) <= 2 &&
            edit_distance(key->text, SETTINGS[i].key) < strlen(key->text)) {
            report(L, key->line, "unknown key '%s'%s (did you mean '%s' %s"
                   "%s%s?)", key->text, where, SETTINGS[i].key,
                   SETTINGS[i].section ? "in '" : "at the top level",
                   SETTINGS[i].section ? SETTINGS[i].section : "",
                   SETTINGS[i].section ? "'" : "");
            return;
        }
    }
    report(L, key->line, "unknown key '%s'%s", key->text, where);
}

static const char *kind_noun(enum kind k)
{
    switch (k) {
    case K_LISTEN: return "ADDR:PORT or a list of them";
    case K_INT: return "an integer";
    case K_SIZE: return "a byte count";
    case K_SECONDS: return "seconds";
    case K_BOOL: return "true or false";
    case K_LOG: return "a path, '-' or off";
    case K_PATH: return "a path or '-'";
    case K_FORMAT: return "combined or json";
    case K_LEVEL: return "error, warn, info or debug";
    case K_DIR: return "a directory";
    case K_FILE: return "a file path";
    case K_PREFIX: return "a path starting with '/'";
    case K_HOST: return "a host name or a list of them";
    }
    return "a value";
}

/* Relative paths in the file are relative to the file's directory, so
 * that it means the same wherever teapot is started. */
static char *resolve(loader *L, const char *v)
{
    if (v[0] == '/' || !L->dir)
        return strdup(v);
    char *out;
    if (asprintf(&out, "%s/%s", L->dir, v) < 0)
        return NULL;
    return out;
}

/* One scalar value of setting `s` at `val`, named `name` in messages. */
static void set_scalar(loader *L, tp_config *cfg, const setting *s,
                       const char *name, const node *val, int null_line)
{
    char why[400], noun[120];
    if (val->kind != N_SCALAR) {
        report(L, val->line, "'%s' wants %s, not %s", name, kind_noun(s->kind),
               node_noun(val, noun, sizeof(noun)));
        return;
    }
    if (is_null(val)) {
        report(L, null_line, "'%s' has no value (it wants %s)", name,
               kind_noun(s->kind));
        return;
    }
    const char *v = val->text;
    bool numeric = s->kind == K_INT || s->kind == K_SIZE ||
                   s->kind == K_SECONDS || s->kind == K_BOOL;
    if (numeric && !val->plain) {
        /* "5" and "true" are strings in YAML: saying so beats guessing. */
        report(L, val->line, "'%s' wants %s, not a quoted string", name,
               kind_noun(s->kind));
        return;
    }
    if (s->kind == K_LOG && val->plain) {
        bool b;
        if (parse_bool(v, &b, why, sizeof(why)) == 0) {
            if (b) {
                report(L, val->line, "'%s' wants a path, '-' or off, not %s",
                       name, v);
                return;
            }
            v = "off";
        }
    }
    bool off;
    if (s->kind == K_PATH && val->plain &&
        (!strcmp(v, "off") || parse_bool(v, &off, why, sizeof(why)) == 0)) {
        /* "off" and false turn the access log off; not this one. */
        report(L, val->line, "'%s' wants a path or '-' (this log cannot be "
               "turned off), not %s", name, v);
        return;
    }
    char *path = NULL;
    if ((s->kind == K_DIR || s->kind == K_LOG || s->kind == K_PATH ||
         s->kind == K_FILE) &&
        strcmp(v, "-") && (s->kind != K_LOG || strcmp(v, "off"))) {
        if (!(path = resolve(L, v))) {
            L->nomem = true;
            return;
        }
        v = path;
    }
    if (set_value(cfg, s, v, why, sizeof(why)) < 0)
        report(L, val->line, "'%s' %s", name, why);
    free(path);
}

static void set_setting(loader *L, tp_config *cfg, const setting *s,
                        const node *key, const node *val)
{
    char name[96];
    const char *scope = L->scope ? L->scope : "";
    if (s->section)
        snprintf(name, sizeof(name), "%s%s.%s", scope, s->section, s->key);
    else
        snprintf(name, sizeof(name), "%s%s", scope, s->key);
    bool list = s->kind == K_LISTEN || s->kind == K_HOST;
    if (!list || val->kind != N_SEQ) {
        /* A missing value sits after the key, possibly on the next line:
         * the key's line is the one to point at. */
        set_scalar(L, cfg, s, name, val, key->line);
        return;
    }
    if (val->n == 0 && s->kind == K_LISTEN) {
        report(L, val->line, "'%s' wants at least one address", name);
        return;
    }
    /* Written as a list, it says every value: none is kept from before. */
    cfg->set |= (uint64_t)1 << s->id;
    for (size_t i = 0; i < val->n; i++)
        set_scalar(L, cfg, s, name, val->kids[i], val->kids[i]->line);
}

/* Whether the i-th key of `map` is a name not seen before in it (else
 * reported). */
static bool key_ok(loader *L, const node *map, size_t i)
{
    char noun[120];
    const node *key = map->kids[i];
    if (key->kind != N_SCALAR || is_null(key)) {
        report(L, key->line, "a key must be a name, not %s",
               is_null(key) ? "empty" : node_noun(key, noun, sizeof(noun)));
        return false;
    }
    for (size_t j = 0; j < i; j += 2)
        if (map->kids[j]->kind == N_SCALAR &&
            !strcmp(map->kids[j]->text, key->text)) {
            report(L, key->line, "duplicate key '%s' (first on line %d)",
                   key->text, map->kids[j]->line);
            return false;
        }
    return true;
}

static void check_hosts(loader *L, tp_config *cfg, const node *key,
                        const node *val);
static void check_rules(loader *L, tp_config *cfg, const char *scope,
                        const node *key, const node *val, tp_rule **out,
                        size_t *nout);

static void check_error_pages(loader *L, tp_config *cfg, const char *scope,
                              const node *key, const node *val,
                              tp_config_page **out, size_t *nout);
static void check_mapping(loader *L, tp_config *cfg, const node *map,
                          const char *section)
{
    char noun[120];
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const node *key = map->kids[i], *val = map->kids[i + 1];
        if (!key_ok(L, map, i))
            continue;
        if (!section && !strcmp(key->text, "hosts")) {
            check_hosts(L, cfg, key, val);
            continue;
        }
        if (!section && !strcmp(key->text, "rules")) {
            check_rules(L, cfg, "", key, val, &cfg->rules, &cfg->nrules);
            continue;
        }
        if (!section && !strcmp(key->text, "error_pages")) {
            check_error_pages(L, cfg, "", key, val, &cfg->error_pages,
                              &cfg->nerror_pages);
            continue;
        }
        if (!section && is_section(key->text)) {
            if (val->kind == N_MAP)
                check_mapping(L, cfg, val, key->text);
            else if (is_null(val))
                report(L, key->line, "'%s' has no value (it wants a mapping "
                       "of settings)", key->text);
            else
                report(L, val->line, "'%s' wants a mapping of settings, not "
                       "%s", key->text, node_noun(val, noun, sizeof(noun)));
            continue;
        }
        const setting *s = setting_by_key(section, key->text);
        if (!s)
            unknown_key(L, key, section);
        else
            set_setting(L, cfg, s, key, val);
    }
}

/* ---- request rules ---- */

/* What a rule may say: how it matches, and what it does.  The answering
 * actions come first; early_hints and rate_limit go with any of them, or
 * alone, and so do the checks access and auth. */
static const char *const RULE_KEYS[] = {
    "path", "prefix", "methods", "redirect", "gone", "legal", "return",
    "maintenance", "require_conditional", "teapot", "inbox",
    "captive_portal", "early_hints", "rate_limit", "access", "auth",
};
#define NRULE_KEYS (sizeof(RULE_KEYS) / sizeof(RULE_KEYS[0]))
enum { RK_PATH, RK_PREFIX, RK_METHODS, RK_REDIRECT, RK_GONE, RK_LEGAL,
       RK_RETURN, RK_MAINTENANCE, RK_REQUIRE_CONDITIONAL, RK_TEAPOT,
       RK_INBOX, RK_CAPTIVE_PORTAL, RK_HINTS, RK_RATE, RK_ACCESS, RK_AUTH,
       RK_FIRST_ACTION = RK_REDIRECT, RK_LAST_ACTION = RK_CAPTIVE_PORTAL };

/* A rate limit's bucket and table: a million is far beyond any policy,
 * and bounds the memory of the table (a few hundred bytes a client). */
#define MAX_BURST 1000000
#define MAX_CLIENTS 1000000

/* The longest a rule's Retry-After may say: a week. */
#define MAX_RETRY_AFTER 604800

/* A key of `map` among `keys` (its index), else reported as unknown in
 * `name` with the closest key suggested; -1 then. */
static int known_key(loader *L, const node *map, size_t i, const char *name,
                     const char *const *keys, size_t nkeys)
{
    if (!key_ok(L, map, i))
        return -1;
    const node *key = map->kids[i];
    const char *best = NULL;
    size_t bestd = 3;
    for (size_t k = 0; k < nkeys; k++) {
        if (!strcmp(key->text, keys[k]))
            return (int)k;
        size_t d = edit_distance(key->text, keys[k]);
        if (d < bestd && d < strlen(key->text)) {
            bestd = d;
            best = keys[k];
        }
    }
    char list[200] = "";
    for (size_t k = 0, o = 0; k < nkeys && o < sizeof(list); k++)
        o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
                              k ? (k + 1 == nkeys ? " and " : ", ") : "",
                              keys[k]);
    if (best)
        report(L, key->line, "unknown key '%s' in '%s' (did you mean "
               "'%s'?)", key->text, name, best);
    else
        report(L, key->line, "unknown key '%s' in '%s' (it takes %s)",
               key->text, name, list);
    return -1;
}

/* A scalar that is a string (plain or quoted); NULL after a report. */
static const char *rule_string(loader *L, const char *name, const node *key,
                               const node *val, const char *wants)
{
    char noun[120];
    if (val->kind != N_SCALAR) {
        report(L, val->line, "'%s' wants %s, not %s", name, wants,
               node_noun(val, noun, sizeof(noun)));
        return NULL;
    }
    if (is_null(val)) {
        report(L, key->line, "'%s' has no value (it wants %s)", name, wants);
        return NULL;
    }
    return val->text;
}

static bool rule_int(loader *L, const char *name, const node *key,
                     const node *val, long min, long max, long *out)
{
    char why[400];
    const char *v = rule_string(L, name, key, val, "an integer");
    if (!v)
        return false;
    if (!val->plain) {
        report(L, val->line, "'%s' wants an integer, not a quoted string",
               name);
        return false;
    }
    if (parse_int(v, min, max, out, why, sizeof(why)) < 0) {
        report(L, val->line, "'%s' %s", name, why);
        return false;
    }
    return true;
}

/* `gone: true`, `require_conditional: true`: the action is on. */
static bool rule_true(loader *L, const char *name, const node *key,
                      const node *val)
{
    char why[400];
    bool b = false;
    const char *v = rule_string(L, name, key, val, "true");
    if (!v)
        return false;
    if (!val->plain || parse_bool(v, &b, why, sizeof(why)) < 0 || !b) {
        report(L, val->line, "'%s' wants true (leave the key out for "
               "nothing), not '%.60s'", name, v);
        return false;
    }
    return true;
}

/* How many items `val` has, one scalar or a non-empty list of them
 * (`what` names an item, `wants` describes one); 0 after a report. */
static size_t list_count(loader *L, const char *name, const node *val,
                         const char *what, const char *wants)
{
    char noun[120];
    if (val->kind == N_SEQ && val->n == 0) {
        report(L, val->line, "'%s' wants at least one %s", name, what);
        return 0;
    }
    if (val->kind != N_SEQ && val->kind != N_SCALAR) {
        report(L, val->line, "'%s' wants %s or a list of them, not %s", name,
               wants, node_noun(val, noun, sizeof(noun)));
        return 0;
    }
    return val->kind == N_SEQ ? val->n : 1;
}

/* Item i of what list_count counted. */
static const node *list_item(const node *val, size_t i)
{
    return val->kind == N_SEQ ? val->kids[i] : val;
}

/* One string, or a list of them (`what` names one, `wants` describes
 * one), each checked by `check`, into a NULL-ended list that cfg owns. */
static void rule_list(loader *L, tp_config *cfg, const char *name,
                      const node *key, const node *val, const char *what,
                      const char *wants,
                      int (*check)(const char *, char *, size_t),
                      const char *const **out)
{
    char why[400];
    size_t n = list_count(L, name, val, what, wants);
    if (!n)
        return;
    const char **l = own(cfg, (n + 1) * sizeof(*l));
    if (!l) {
        L->nomem = true;
        return;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const node *item = list_item(val, i);
        const char *v = rule_string(L, name, key, item, wants);
        if (!v) {
            ok = false;
            continue;
        }
        if (check(v, why, sizeof(why)) < 0) {
            report(L, item->line, "'%s' %s", name, why);
            ok = false;
            continue;
        }
        if (!(l[i] = copy(cfg, v)))
            L->nomem = true;
    }
    if (ok)
        *out = l;
}

/* The mapping of an action ({to, code} and the like), with its own keys;
 * false (reported) when it is not one. */
static bool action_map(loader *L, const char *name, const node *key,
                       const node *val, const char *wants)
{
    char noun[120];
    if (is_null(val)) {
        report(L, key->line, "'%s' has no value (it wants %s)", name, wants);
        return false;
    }
    if (val->kind != N_MAP) {
        report(L, val->line, "'%s' wants %s, not %s", name, wants,
               node_noun(val, noun, sizeof(noun)));
        return false;
    }
    return true;
}

/* What the callbacks of walk_rule_map write to. */
typedef struct rule_ctx {
    tp_config *cfg;
    tp_rule *r;
} rule_ctx;

/* Called with a known key of a rule's mapping: its index in the keys,
 * its full name ("rules[0].teapot.teas"), its key and value. */
typedef void (*sub_key_fn)(loader *L, rule_ctx *c, int k, const char *sub,
                           const node *key, const node *val);

/* An action or a check whose value is a mapping of its own keys. */
typedef struct rule_map {
    const char *what;         /* the rule's key: "teapot" */
    const char *wants;        /* what its value should be */
    const char *const *keys;  /* the mapping's keys */
    size_t nkeys;
    sub_key_fn fn;            /* called with each known key, or NULL */
} rule_map;

/* Names rule `rname`'s `m->what` in `name` ("rules[0].teapot") and walks
 * its mapping: reports each key not among m->keys, hands each known one
 * to m->fn and notes it in `kv` (when not NULL: kv[k] = {key, value}).
 * Returns the set of keys seen, bit k for keys[k]; -1 (reported) when the
 * value is not a mapping. */
static long walk_rule_map(loader *L, tp_config *cfg, tp_rule *r,
                          const char *rname, const rule_map *m,
                          const node *key, const node *val, char *name,
                          size_t cap, const node *(*kv)[2])
{
    snprintf(name, cap, "%s.%s", rname, m->what);
    if (!action_map(L, name, key, val, m->wants))
        return -1;
    rule_ctx c = {cfg, r};
    unsigned long seen = 0;
    char sub[140];
    for (size_t i = 0; i + 1 < val->n; i += 2) {
        int k = known_key(L, val, i, name, m->keys, m->nkeys);
        if (k < 0)
            continue;
        seen |= 1ul << k;
        if (kv) {
            kv[k][0] = val->kids[i];
            kv[k][1] = val->kids[i + 1];
        }
        snprintf(sub, sizeof(sub), "%s.%s", name, m->keys[k]);
        if (m->fn)
            m->fn(L, &c, k, sub, val->kids[i], val->kids[i + 1]);
    }
    return (long)seen;
}

static void rule_redirect(loader *L, tp_config *cfg, const char *rname,
                          tp_rule *r, const node *key, const node *val,
                          const node **to_node)
{
    static const char *const keys[] = {"to", "code"};
    char name[120], sub[140], why[400];
    snprintf(name, sizeof(name), "%s.redirect", rname);
    r->action = TP_RULE_REDIRECT;
    r->code = 302;
    if (!action_map(L, name, key, val, "a mapping with to and code"))
        return;
    bool has_to = false;
    for (size_t i = 0; i + 1 < val->n; i += 2) {
        int k = known_key(L, val, i, name, keys, 2);
        const node *kk = val->kids[i], *v = val->kids[i + 1];
        snprintf(sub, sizeof(sub), "%s.%s", name, k >= 0 ? keys[k] : "");
        if (k == 0) {
            has_to = true;
            const char *t = rule_string(L, sub, kk, v, "a URL template");
            if (t && !(r->to = copy(cfg, t)))
                L->nomem = true;
            *to_node = t ? v : NULL;
        } else if (k == 1) {
            long code;
            if (!rule_int(L, sub, kk, v, 300, 399, &code))
                continue;
            if (tp_rule_check_redirect_code(code, why, sizeof(why)) < 0)
                report(L, v->line, "'%s' %s", sub, why);
            else
                r->code = (int)code;
        }
    }
    if (!has_to)
        report(L, val->line, "'%s' has no 'to' (where the client goes)",
               name);
}

static void rule_legal(loader *L, tp_config *cfg, const char *rname,
                       tp_rule *r, const node *key, const node *val)
{
    static const char *const keys[] = {"link", "reason"};
    char name[120], sub[140], why[400];
    snprintf(name, sizeof(name), "%s.legal", rname);
    r->action = TP_RULE_LEGAL;
    if (!action_map(L, name, key, val, "a mapping with link and reason"))
        return;
    bool has_link = false;
    for (size_t i = 0; i + 1 < val->n; i += 2) {
        int k = known_key(L, val, i, name, keys, 2);
        const node *kk = val->kids[i], *v = val->kids[i + 1];
        snprintf(sub, sizeof(sub), "%s.%s", name, k >= 0 ? keys[k] : "");
        if (k < 0)
            continue;
        has_link |= k == 0;
        const char *t = rule_string(L, sub, kk, v, k ? "text" : "a URL");
        if (!t)
            continue;
        if (k == 0 && tp_rule_check_link(t, why, sizeof(why)) < 0) {
            report(L, v->line, "'%s' %s", sub, why);
            continue;
        }
        if (!(*(k ? &r->text : &r->link) = copy(cfg, t)))
            L->nomem = true;
    }
    /* RFC 7725 4: the response names who blocks the resource. */
    if (!has_link)
        report(L, val->line, "'%s' has no 'link' (the URL of whoever "
               "demands the block, sent as rel=\"blocked-by\")", name);
}

static void rule_return(loader *L, tp_config *cfg, const char *rname,
                        tp_rule *r, const node *key, const node *val)
{
    static const char *const keys[] = {"status", "body", "content_type"};
    char name[120], sub[140], why[400];
    snprintf(name, sizeof(name), "%s.return", rname);
    r->action = TP_RULE_RETURN;
    if (!action_map(L, name, key, val,
                    "a mapping with status, body and content_type"))
        return;
    const node *status = NULL, *ctype = NULL;
    long code = 0;
    for (size_t i = 0; i + 1 < val->n; i += 2) {
        int k = known_key(L, val, i, name, keys, 3);
        const node *kk = val->kids[i], *v = val->kids[i + 1];
        snprintf(sub, sizeof(sub), "%s.%s", name, k >= 0 ? keys[k] : "");
        if (k == 0) {
            if (rule_int(L, sub, kk, v, 0, 999, &code))
                status = v;
        } else if (k == 1) {
            const char *t = rule_string(L, sub, kk, v, "text");
            if (t && !(r->text = copy(cfg, t)))
                L->nomem = true;
        } else if (k == 2) {
            ctype = kk;
            const char *t = rule_string(L, sub, kk, v, "a media type");
            if (!t)
                continue;
            if (tp_rule_check_media_type(t, why, sizeof(why)) < 0)
                report(L, v->line, "'%s' %s", sub, why);
            else if (!(r->content_type = copy(cfg, t)))
                L->nomem = true;
        }
    }
    if (!status) {
        bool given = false;
        for (size_t i = 0; i + 1 < val->n; i += 2)
            given |= val->kids[i]->kind == N_SCALAR &&
                     !strcmp(val->kids[i]->text, "status");
        if (!given)
            report(L, val->line, "'%s' has no 'status' (the code to answer "
                   "with)", name);
    } else {
        snprintf(sub, sizeof(sub), "%s.status", name);
        if (tp_rule_check_return(code, r->text != NULL, why, sizeof(why)) < 0)
            report(L, status->line, "'%s' %s", sub, why);
        else
            r->code = (int)code;
    }
    if (ctype && !r->text)
        report(L, ctype->line, "'%s.content_type' describes a body, and "
               "there is none", name);
}

static void rule_maintenance(loader *L, tp_config *cfg, const char *rname,
                             tp_rule *r, const node *key, const node *val)
{
    static const char *const keys[] = {"retry_after", "file"};
    char name[120], sub[140];
    snprintf(name, sizeof(name), "%s.maintenance", rname);
    r->action = TP_RULE_MAINTENANCE;
    r->retry_after = 60;
    if (val->kind == N_SCALAR && !is_null(val)) {
        rule_true(L, name, key, val);
        return;
    }
    if (!action_map(L, name, key, val,
                    "true, or a mapping with retry_after and file"))
        return;
    for (size_t i = 0; i + 1 < val->n; i += 2) {
        int k = known_key(L, val, i, name, keys, 2);
        const node *kk = val->kids[i], *v = val->kids[i + 1];
        snprintf(sub, sizeof(sub), "%s.%s", name, k >= 0 ? keys[k] : "");
        if (k == 0) {
            long s;
            if (rule_int(L, sub, kk, v, 0, MAX_RETRY_AFTER, &s))
                r->retry_after = (int)s;
        } else if (k == 1) {
            const char *t = rule_string(L, sub, kk, v, "a path");
            if (!t)
                continue;
            char *path = resolve(L, t);
            if (!path || !(r->file = copy(cfg, path)))
                L->nomem = true;
            free(path);
        }
    }
}

/* `rate: 2.5`: a plain decimal number, no exponent, no sign. */
static bool rule_rate(loader *L, const char *name, const node *key,
                      const node *val, double *out)
{
    char why[400];
    const char *v = rule_string(L, name, key, val, "requests per second");
    if (!v)
        return false;
    size_t whole = strspn(v, "0123456789"), frac = 0;
    if (v[whole] == '.')
        frac = strspn(v + whole + 1, "0123456789");
    bool shaped = val->plain && whole + frac > 0 && whole <= 7 &&
                  frac <= 6 && v[whole + (v[whole] == '.') + frac] == '\0';
    if (!shaped) {
        report(L, val->line, "'%s' wants requests per second, a decimal "
               "number such as 10 or 0.5, not '%.60s'", name, v);
        return false;
    }
    double x = strtod(v, NULL);
    if (tp_rule_check_rate(x, why, sizeof(why)) < 0) {
        report(L, val->line, "'%s' %s", name, why);
        return false;
    }
    *out = x;
    return true;
}

static void rule_rate_limit(loader *L, tp_config *cfg, const char *rname,
                            tp_rule *r, const node *key, const node *val)
{
    static const char *const keys[] = {"rate", "burst", "per", "max_clients",
                                       "name"};
    char name[120], sub[140], why[400];
    snprintf(name, sizeof(name), "%s.rate_limit", rname);
    if (!action_map(L, name, key, val, "a mapping with rate, burst, per, "
                    "max_clients and name"))
        return;
    tp_rule_rate *rr = &r->rate_limit;
    bool has_rate = false;
    for (size_t i = 0; i + 1 < val->n; i += 2) {
        int k = known_key(L, val, i, name, keys, 5);
        const node *kk = val->kids[i], *v = val->kids[i + 1];
        snprintf(sub, sizeof(sub), "%s.%s", name, k >= 0 ? keys[k] : "");
        long x;
        const char *t;
        switch (k) {
        case 0:
            has_rate = true;
            rule_rate(L, sub, kk, v, &rr->rate);
            break;
        case 1:
            if (rule_int(L, sub, kk, v, 1, MAX_BURST, &x))
                rr->burst = (unsigned)x;
            break;
        case 2:
            if (!(t = rule_string(L, sub, kk, v, "client or "
                                  "client_and_path")))
                break;
            if (!strcmp(t, "client_and_path"))
                rr->per_path = true;
            else if (strcmp(t, "client"))
                report(L, v->line, "'%s' wants client or client_and_path, "
                       "not '%.60s'", sub, t);
            break;
        case 3:
            if (rule_int(L, sub, kk, v, 1, MAX_CLIENTS, &x))
                rr->max_clients = (size_t)x;
            break;
        case 4:
            if (!(t = rule_string(L, sub, kk, v, "a name")))
                break;
            if (tp_rule_check_limit_name(t, why, sizeof(why)) < 0)
                report(L, v->line, "'%s' %s", sub, why);
            else if (!(rr->name = copy(cfg, t)))
                L->nomem = true;
            break;
        }
    }
    if (!has_rate)
        report(L, val->line, "'%s' has no 'rate' (requests per second)",
               name);
}

/* HTCPCP-TEA (RFC 7168 2): a pot with its varieties of tea and the
 * additions it honours. */
static void teapot_key(loader *L, rule_ctx *c, int k, const char *sub,
                       const node *key, const node *val)
{
    rule_list(L, c->cfg, sub, key, val, "value", k ? "an addition" : "a tea",
              tp_htcpcp_check_name,
              k ? &c->r->teapot.additions : &c->r->teapot.teas);
}

static void rule_teapot(loader *L, tp_config *cfg, const char *rname,
                        tp_rule *r, const node *key, const node *val)
{
    static const char *const keys[] = {"teas", "additions"};
    static const rule_map m = {"teapot", "a mapping with teas and additions",
                               keys, 2, teapot_key};
    char name[120];
    r->action = TP_RULE_TEAPOT;
    long has = walk_rule_map(L, cfg, r, rname, &m, key, val, name,
                             sizeof(name), NULL);
    if (has < 0)
        return;
    if (!(has & 1))
        report(L, val->line, "'%s' has no 'teas' (the varieties the pot "
               "brews, RFC 7168 2.1.1)", name);
    /* The varieties are resources below the pot (RFC 7168 2.1.1): a rule
     * matching one exact path would list teas nobody could reach. */
    if (r->path && !r->prefix)
        report(L, key->line, "'%s' needs 'prefix' (the pot's URI, with its "
               "teas below it), not 'path'", name);
    for (const char *const *t = r->teapot.teas; t && *t; t++)
        for (const char *const *u = t + 1; *u; u++)
            if (!strcmp(*t, *u))
                report(L, val->line, "'%s.teas' has '%s' twice", name, *t);
}

/* A user name as htpasswd files hold them: no ':' and no control
 * characters (RFC 7617 2). */
static int check_user_name(const char *v, char *why, size_t cap)
{
    bool ok = *v != '\0' && !strchr(v, ':');
    for (const unsigned char *p = (const unsigned char *)v; ok && *p; p++)
        ok = *p >= 0x20 && *p != 0x7f;
    if (!ok)
        return tp_refuse(why, cap, "wants a user name (no ':' or control "
                      "characters), not '%.80s'", v);
    return 0;
}

/* The inbox's file: its directory must take new files now, so that the
 * first submission is not the first to find out it cannot be stored. */
static void inbox_file(loader *L, rule_ctx *c, int k, const char *sub,
                       const node *kk, const node *v)
{
    (void)k;
    tp_rule *r = c->r;
    const char *t = rule_string(L, sub, kk, v, "a path");
    if (!t)
        return;
    char *path = resolve(L, t);
    if (!path) {
        L->nomem = true;
        return;
    }
    struct stat st;
    char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1
                                                : (size_t)(slash - path))
                      : strdup(".");
    if (!dir) {
        L->nomem = true;
    } else if (slash && !slash[1]) {
        report(L, v->line, "'%s' wants a file, not the directory '%.80s'",
               sub, t);
    } else if (stat(dir, &st) < 0) {
        report(L, v->line, "'%s' is in %s, which cannot be used: %s",
               sub, dir, strerror(errno));
    } else if (!S_ISDIR(st.st_mode)) {
        report(L, v->line, "'%s' is in %s, which is not a directory",
               sub, dir);
    } else if (access(dir, W_OK | X_OK) < 0) {
        report(L, v->line, "'%s' is in %s, where this user cannot "
               "create files: %s", sub, dir, strerror(errno));
    } else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        report(L, v->line, "'%s' is %s, which is not a regular file",
               sub, path);
    } else if (stat(path, &st) == 0 && access(path, W_OK) < 0) {
        report(L, v->line, "'%s' is %s, which this user cannot write: "
               "%s", sub, path, strerror(errno));
    } else if (!(r->file = copy(c->cfg, path))) {
        L->nomem = true;
    }
    free(dir);
    free(path);
}

/* A form inbox: where its submissions go. */
static void rule_inbox(loader *L, tp_config *cfg, const char *rname,
                       tp_rule *r, const node *key, const node *val)
{
    static const char *const keys[] = {"file"};
    static const rule_map m = {"inbox", "a mapping with file", keys, 1,
                               inbox_file};
    char name[120];
    r->action = TP_RULE_INBOX;
    if (!walk_rule_map(L, cfg, r, rname, &m, key, val, name, sizeof(name),
                       NULL))
        report(L, val->line, "'%s' has no 'file' (where the submissions "
               "are appended)", name);
}

/* A captive portal (RFC 6585 6): the cookie that lets a client through,
 * and the login page the 511 sends it to. */
static void portal_key(loader *L, rule_ctx *c, int k, const char *sub,
                       const node *kk, const node *v)
{
    char why[400];
    const char *t = rule_string(L, sub, kk, v,
                                k ? "a path starting with '/'"
                                  : "a cookie name");
    if (!t)
        return;
    if ((k ? tp_rule_check_path : tp_rule_check_cookie_name)(
            t, why, sizeof(why)) < 0)
        report(L, v->line, "'%s' %s", sub, why);
    else if (!(*(k ? &c->r->portal.login : &c->r->portal.cookie) =
                   copy(c->cfg, t)))
        L->nomem = true;
}

static void rule_portal(loader *L, tp_config *cfg, const char *rname,
                        tp_rule *r, const node *key, const node *val)
{
    static const char *const keys[] = {"cookie", "login"};
    static const rule_map m = {"captive_portal",
                               "a mapping with cookie and login", keys, 2,
                               portal_key};
    char name[120];
    r->action = TP_RULE_CAPTIVE_PORTAL;
    long has = walk_rule_map(L, cfg, r, rname, &m, key, val, name,
                             sizeof(name), NULL);
    for (int k = 0; has >= 0 && k < 2; k++)
        if (!(has & (1l << k)))
            report(L, val->line, "'%s' has no '%s' (%s)", name, keys[k],
                   k ? "the login page, which the 511 links to"
                     : "the cookie that lets a client through");
}

/* A network, checked as rule_list checks each item. */
static int check_net(const char *v, char *why, size_t cap)
{
    tp_net out[2];
    size_t n;
    return tp_net_parse(v, out, &n, why, cap);
}

/* `allow:` or `deny:`: a network or a list of them, checked, into an
 * array that cfg owns. */
static void rule_nets(loader *L, tp_config *cfg, const char *name,
                      const node *key, const node *val, const tp_net **out,
                      size_t *nout)
{
    const char *const *list = NULL;
    rule_list(L, cfg, name, key, val, "network", "an address or network "
              "(127.0.0.1, 10.0.0.0/8, ::1, all)", check_net, &list);
    size_t n = 0, got = 0;
    while (list && list[n])
        n++;
    if (!n)
        return;
    tp_net *nets = own(cfg, 2 * n * sizeof(*nets)); /* "all" is two */
    if (!nets) {
        L->nomem = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char why[400];
        size_t k = 0;
        tp_net_parse(list[i], nets + got, &k, why, sizeof(why));
        got += k;
    }
    *out = nets;
    *nout = got;
}

static void access_key(loader *L, rule_ctx *c, int k, const char *sub,
                       const node *kk, const node *v)
{
    tp_rule_access *a = &c->r->access;
    if (k == 0)
        rule_nets(L, c->cfg, sub, kk, v, &a->allow, &a->nallow);
    else
        rule_nets(L, c->cfg, sub, kk, v, &a->deny, &a->ndeny);
}

/* Whether the networks hold every address of both families ("all"). */
static bool nets_all(const tp_net *nets, size_t n)
{
    bool v4 = false, v6 = false;
    for (size_t i = 0; i < n; i++) {
        v4 |= nets[i].bits == 0 && nets[i].family == AF_INET;
        v6 |= nets[i].bits == 0 && nets[i].family == AF_INET6;
    }
    return v4 && v6;
}

/* Client networks: allowed, denied, or both. */
static void rule_access(loader *L, tp_config *cfg, const char *rname,
                        tp_rule *r, const node *key, const node *val)
{
    static const char *const keys[] = {"allow", "deny"};
    static const rule_map m = {"access", "a mapping with allow and deny",
                               keys, 2, access_key};
    char name[120];
    const node *kv[2][2] = {{NULL}};
    long has = walk_rule_map(L, cfg, r, rname, &m, key, val, name,
                             sizeof(name), kv);
    if (has < 0)
        return;
    r->access.on = true;
    if (!has) {
        report(L, val->line, "'%s' has neither 'allow' nor 'deny' (the "
               "client networks it lets in or keeps out)", name);
        return;
    }
    /* A deny wins a tie: with all denied, only a more specific allow lets
     * anyone in. */
    const tp_rule_access *a = &r->access;
    if (!nets_all(a->deny, a->ndeny))
        return;
    if (nets_all(a->allow, a->nallow))
        report(L, kv[1][1]->line, "'%s' has allow: all and deny: all: deny "
               "wins every tie, so nobody could pass; leave one out", name);
    else if (!(has & 1))
        report(L, kv[1][1]->line, "'%s' has deny: all and no allow, so "
               "nobody could pass; to refuse every request, answer with "
               "return: {status: 403}", name);
}

/* The htpasswd file's problems, each as a problem of the key that names
 * it: "'rules[0].auth.htpasswd' FILE:LINE: message". */
typedef struct htpasswd_report {
    loader *L;
    const char *name, *path;
    int line;
} htpasswd_report;

static void htpasswd_problem(void *arg, int line, const char *msg)
{
    htpasswd_report *h = arg;
    if (line > 0)
        report(h->L, h->line, "'%s' %s:%d: %s", h->name, h->path, line, msg);
    else
        report(h->L, h->line, "'%s' %s: %s", h->name, h->path, msg);
}

/* HTTP Basic authentication (RFC 7617) against an htpasswd file, which
 * is read now so that its problems are found by the check; the rules
 * read it again when they are mounted. */
static void rule_auth(loader *L, tp_config *cfg, const char *rname,
                      tp_rule *r, const node *key, const node *val)
{
    static const char *const keys[] = {"realm", "htpasswd", "users"};
    static const rule_map m = {"auth", "a mapping with realm, htpasswd and "
                               "users", keys, 3, NULL};
    char name[120], sub[140], why[400];
    const node *kv[3][2] = {{NULL}};
    /* The keys in their order, not the file's: the users need the file. */
    if (walk_rule_map(L, cfg, r, rname, &m, key, val, name, sizeof(name),
                      kv) < 0)
        return;
    for (int k = 0; k < 2; k++)
        if (!kv[k][0])
            report(L, val->line, "'%s' has no '%s' (%s)", name, keys[k],
                   k ? "the file of users and password hashes"
                     : "the name of the protected area, shown by browsers");
    const char *t;
    snprintf(sub, sizeof(sub), "%s.realm", name);
    if (kv[0][0] && (t = rule_string(L, sub, kv[0][0], kv[0][1], "a name"))) {
        if (tp_rule_check_realm(t, why, sizeof(why)) < 0)
            report(L, kv[0][1]->line, "'%s' %s", sub, why);
        else if (!(r->auth.realm = copy(cfg, t)))
            L->nomem = true;
    }
    tp_htpasswd *pw = NULL;
    snprintf(sub, sizeof(sub), "%s.htpasswd", name);
    if (kv[1][0] && (t = rule_string(L, sub, kv[1][0], kv[1][1], "a path"))) {
        char *path = resolve(L, t);
        if (!path) {
            L->nomem = true;
        } else {
            htpasswd_report h = {L, sub, path, kv[1][0]->line};
            pw = tp_htpasswd_load(path, htpasswd_problem, &h);
            if (pw && !(r->auth.htpasswd = copy(cfg, path)))
                L->nomem = true;
            free(path);
        }
    }
    snprintf(sub, sizeof(sub), "%s.users", name);
    if (kv[2][0]) {
        rule_list(L, cfg, sub, kv[2][0], kv[2][1], "value", "a user name",
                  check_user_name, &r->auth.users);
        /* Each must be in the file: a typo would lock its user out.
         * Every well-formed name is looked up, even beside a bad one. */
        const node *v = kv[2][1];
        size_t n = v->kind == N_SEQ ? v->n : v->kind == N_SCALAR;
        for (size_t i = 0; pw && i < n; i++) {
            const node *item = list_item(v, i);
            if (item->kind == N_SCALAR && !is_null(item) &&
                check_user_name(item->text, why, sizeof(why)) == 0 &&
                !tp_htpasswd_has_user(pw, item->text))
                report(L, item->line, "'%s' names '%.80s', who is not in "
                       "%s", sub, item->text, r->auth.htpasswd);
        }
    }
    tp_htpasswd_free(pw);
}

/* One item of a rules list. */
static void check_rule(loader *L, tp_config *cfg, const char *rname,
                       const node *item, tp_rule *r)
{
    char noun[120], why[400], sub[140];
    if (is_null(item)) {
        report(L, item->line, "'%s' is empty (it wants path or prefix, and "
               "an action)", rname);
        return;
    }
    if (item->kind != N_MAP) {
        report(L, item->line, "'%s' wants a mapping (path or prefix, and an "
               "action), not %s", rname, node_noun(item, noun, sizeof(noun)));
        return;
    }
    const node *keys[NRULE_KEYS] = {0}, *vals[NRULE_KEYS] = {0};
    for (size_t i = 0; i + 1 < item->n; i += 2) {
        int k = known_key(L, item, i, rname, RULE_KEYS, NRULE_KEYS);
        if (k >= 0) {
            keys[k] = item->kids[i];
            vals[k] = item->kids[i + 1];
        }
    }
    /* How it matches: exactly one of path and prefix. */
    if (keys[RK_PATH] && keys[RK_PREFIX])
        report(L, keys[RK_PREFIX]->line, "'%s' has both 'path' (line %d) "
               "and 'prefix'; a rule matches one way", rname,
               keys[RK_PATH]->line);
    else if (!keys[RK_PATH] && !keys[RK_PREFIX])
        report(L, item->line, "'%s' has neither 'path' nor 'prefix' (what "
               "it matches)", rname);
    for (int k = RK_PATH; k <= RK_PREFIX; k++) {
        if (!keys[k] || (k == RK_PREFIX && keys[RK_PATH]))
            continue;
        snprintf(sub, sizeof(sub), "%s.%s", rname, RULE_KEYS[k]);
        const char *v = rule_string(L, sub, keys[k], vals[k],
                                    "a path starting with '/'");
        if (!v)
            continue;
        if (tp_rule_check_path(v, why, sizeof(why)) < 0)
            report(L, vals[k]->line, "'%s' %s", sub, why);
        else if (!(*(k == RK_PATH ? &r->path : &r->prefix) = copy(cfg, v)))
            L->nomem = true;
    }
    if (keys[RK_METHODS]) {
        snprintf(sub, sizeof(sub), "%s.methods", rname);
        rule_list(L, cfg, sub, keys[RK_METHODS], vals[RK_METHODS], "value",
                  "a method", tp_rule_check_method, &r->methods);
    }
    if (keys[RK_HINTS]) {
        snprintf(sub, sizeof(sub), "%s.early_hints", rname);
        rule_list(L, cfg, sub, keys[RK_HINTS], vals[RK_HINTS], "value",
                  "a Link field value", tp_rule_check_hint, &r->hints);
    }
    if (keys[RK_RATE])
        rule_rate_limit(L, cfg, rname, r, keys[RK_RATE], vals[RK_RATE]);
    if (keys[RK_ACCESS])
        rule_access(L, cfg, rname, r, keys[RK_ACCESS], vals[RK_ACCESS]);
    if (keys[RK_AUTH])
        rule_auth(L, cfg, rname, r, keys[RK_AUTH], vals[RK_AUTH]);
    /* What it does: one answering action at most, and something. */
    int first = -1;
    for (int k = RK_FIRST_ACTION; k <= RK_LAST_ACTION; k++) {
        if (!keys[k])
            continue;
        if (first >= 0) {
            report(L, keys[k]->line, "'%s' has two actions, '%s' (line %d) "
                   "and '%s'; a rule takes one", rname, RULE_KEYS[first],
                   keys[first]->line, RULE_KEYS[k]);
            continue;
        }
        first = k;
    }
    if (first < 0) {
        if (!keys[RK_HINTS] && !keys[RK_RATE] && !keys[RK_ACCESS] &&
            !keys[RK_AUTH])
            report(L, item->line, "'%s' has no action (one of redirect, "
                   "gone, legal, return, maintenance, require_conditional, "
                   "teapot, inbox, captive_portal, early_hints, "
                   "rate_limit, access or auth)", rname);
        r->action = TP_RULE_HINTS_ONLY;
        return;
    }
    const node *k = keys[first], *v = vals[first];
    snprintf(sub, sizeof(sub), "%s.%s", rname, RULE_KEYS[first]);
    const node *to = NULL;
    switch (first) {
    case RK_REDIRECT:
        rule_redirect(L, cfg, rname, r, k, v, &to);
        /* {rest} needs a prefix: known only now that the match is read. */
        if (to && r->to &&
            tp_rule_check_template(r->to, keys[RK_PREFIX] != NULL, why,
                                   sizeof(why)) < 0) {
            report(L, to->line, "'%s.redirect.to' %s", rname, why);
            r->to = NULL;
        }
        break;
    case RK_GONE:
        r->action = TP_RULE_GONE;
        rule_true(L, sub, k, v);
        break;
    case RK_LEGAL:
        rule_legal(L, cfg, rname, r, k, v);
        break;
    case RK_RETURN:
        rule_return(L, cfg, rname, r, k, v);
        break;
    case RK_MAINTENANCE:
        rule_maintenance(L, cfg, rname, r, k, v);
        break;
    case RK_REQUIRE_CONDITIONAL:
        r->action = TP_RULE_REQUIRE_CONDITIONAL;
        rule_true(L, sub, k, v);
        break;
    case RK_TEAPOT:
        rule_teapot(L, cfg, rname, r, k, v);
        /* RFC 2324 2.1, RFC 9110 15.5.6: the pot takes its methods and
         * answers the others with 405 and Allow; a rule that let some
         * methods past it would hand its URIs to other handlers. */
        if (keys[RK_METHODS])
            report(L, keys[RK_METHODS]->line, "'%s.methods' cannot go with "
                   "teapot: the pot answers every method itself (405 with "
                   "Allow for those it does not take)", rname);
        break;
    case RK_INBOX:
        rule_inbox(L, cfg, rname, r, k, v);
        break;
    case RK_CAPTIVE_PORTAL:
        rule_portal(L, cfg, rname, r, k, v);
        break;
    }
}

/* `rules:` at the top level (scope "") or in a host ("hosts[1]."). */
static void check_rules(loader *L, tp_config *cfg, const char *scope,
                        const node *key, const node *val, tp_rule **out,
                        size_t *nout)
{
    char noun[120], rname[80];
    if (is_null(val)) {
        report(L, key->line, "'%srules' has no value (it wants a list of "
               "rules)", scope);
        return;
    }
    if (val->kind != N_SEQ) {
        report(L, val->line, "'%srules' wants a list of rules, not %s",
               scope, node_noun(val, noun, sizeof(noun)));
        return;
    }
    if (val->n == 0)
        return;
    tp_rule *r = own(cfg, val->n * sizeof(*r));
    if (!r) {
        L->nomem = true;
        return;
    }
    for (size_t i = 0; i < val->n; i++) {
        snprintf(rname, sizeof(rname), "%srules[%zu]", scope, i);
        check_rule(L, cfg, rname, val->kids[i], &r[i]);
    }
    *out = r;
    *nout = val->n;
}

/* ---- error pages ---- */

/* An error page bigger than this is a mistake (a video, a log file). */
#define MAX_ERROR_PAGE (1024 * 1024)

/* `error_pages:` at the top level (scope "") or in a host: a mapping
 * from a 4xx or 5xx code to the file sent instead of the built-in
 * explanation. */
static void check_error_pages(loader *L, tp_config *cfg, const char *scope,
                              const node *key, const node *val,
                              tp_config_page **out, size_t *nout)
{
    char name[80], sub[100];
    snprintf(name, sizeof(name), "%serror_pages", scope);
    if (!action_map(L, name, key, val, "a mapping from status codes to "
                    "files"))
        return;
    tp_config_page *pages = own(cfg, (val->n / 2 + 1) * sizeof(*pages));
    if (!pages) {
        L->nomem = true;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i + 1 < val->n; i += 2) {
        const node *k = val->kids[i], *v = val->kids[i + 1];
        if (!key_ok(L, val, i))
            continue;
        long code = 0;
        char *end = NULL;
        if (k->plain)
            code = strtol(k->text, &end, 10);
        if (!end || *end || code < 400 || code > 599) {
            report(L, k->line, "'%s' wants status codes from 400 to 599 as "
                   "keys, not '%.40s'", name, k->text);
            continue;
        }
        /* RFC 9110 6.4.1: a page for a code without content could never
         * be sent. */
        if (!tp_status_allows_content((int)code)) {
            report(L, k->line, "'%s' has %ld, whose responses carry no "
                   "content", name, code);
            continue;
        }
        bool twice = false;
        for (size_t j = 0; j < n; j++)
            twice |= pages[j].code == code;
        if (twice) {
            report(L, k->line, "'%s' has %ld twice", name, code);
            continue;
        }
        snprintf(sub, sizeof(sub), "%s.%ld", name, code);
        const char *path = rule_string(L, sub, k, v, "a file");
        if (!path)
            continue;
        char *file = resolve(L, path);
        struct stat st;
        if (!file) {
            L->nomem = true;
            continue;
        }
        if (stat(file, &st) < 0 || access(file, R_OK) < 0)
            report(L, v->line, "'%s' names '%s', which cannot be read: %s",
                   sub, path, strerror(errno));
        else if (!S_ISREG(st.st_mode))
            report(L, v->line, "'%s' names '%s', which is not a regular "
                   "file", sub, path);
        else if (st.st_size > MAX_ERROR_PAGE)
            report(L, v->line, "'%s' names '%s', which is larger than %d "
                   "bytes", sub, path, MAX_ERROR_PAGE);
        else if (!(pages[n].file = copy(cfg, file)))
            L->nomem = true;
        else
            pages[n++].code = (int)code;
        free(file);
    }
    *out = pages;
    *nout = n;
}

/* ---- virtual hosts ---- */

/* Host names as the server matches them (RFC 9110 7.2: reg-name,
 * IPv4address or IP-literal, without the port): a DNS name of letters,
 * digits and '-' in dot-separated labels, optionally after "*." (every
 * name below it), an IPv4 address, or an IPv6 address in brackets.  On
 * success `key` holds the name as it is compared: lower case, without a
 * trailing dot. */
static int check_host_name(const char *v, char *key, size_t cap, char *why,
                           size_t wcap)
{
    unsigned char addr[sizeof(struct in6_addr)];
    size_t n = strlen(v);
    if (v[0] == '[') {
        char inner[INET6_ADDRSTRLEN + 1];
        if (n < 3 || v[n - 1] != ']' || n - 2 >= sizeof(inner))
            goto bad;
        memcpy(inner, v + 1, n - 2);
        inner[n - 2] = '\0';
        if (inet_pton(AF_INET6, inner, addr) != 1)
            goto bad;
    } else if (strchr(v, ':')) {
        if (inet_pton(AF_INET6, v, addr) == 1)
            return tp_refuse(why, wcap, "wants an IPv6 address in brackets "
                          "([%s]), not '%s'", v, v);
        return tp_refuse(why, wcap, "wants a host name without a port (the "
                      "name matches on every listener), not '%s'", v);
    } else {
        const char *name = v;
        bool wild = name[0] == '*' && name[1] == '.';
        if (wild)
            name += 2;
        size_t len = strlen(name);
        if (len && name[len - 1] == '.')
            len--;
        if (len == 0 || len > 253)
            goto bad;
        bool numeric = true;
        size_t label = 0;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)name[i];
            /* RFC 1123 2.1: a label starts and ends with a letter or
             * digit. */
            if (c == '.') {
                if (label == 0 || name[i - 1] == '-')
                    goto bad;
                label = 0;
                continue;
            }
            if (!isalnum(c) && (c != '-' || label == 0))
                goto bad;
            numeric &= isdigit(c) != 0;
            if (++label > 63)
                goto bad;
        }
        if (label == 0 || name[len - 1] == '-')
            goto bad;
        /* All digits and dots: an IPv4 address, which has no names
         * below it. */
        if (numeric) {
            char ip[16];
            if (wild || len >= sizeof(ip))
                goto bad;
            memcpy(ip, name, len);
            ip[len] = '\0';
            if (inet_pton(AF_INET, ip, addr) != 1)
                goto bad;
        }
        n = (size_t)(name - v) + len;
    }
    if (n >= cap)
        goto bad;
    for (size_t i = 0; i < n; i++)
        key[i] = (char)tolower((unsigned char)v[i]);
    key[n] = '\0';
    return 0;
bad:
    return tp_refuse(why, wcap, "wants a host name (letters, digits, '-' and "
                  "'.', optionally after '*.'), an IPv4 address or an IPv6 "
                  "address in brackets, not '%s'", v);
}

/* Every name of every host so far, to find one given twice. */
typedef struct seen_name {
    char key[256];
    size_t host;
    int line;
} seen_name;

typedef struct hosts_check {
    seen_name *seen;
    size_t nseen, cap;
    const node *fallback; /* the value of the first default: true */
    size_t fallback_host;
} hosts_check;

static void add_name(loader *L, tp_config *cfg, hosts_check *hc, size_t idx,
                     tp_config_host *h, size_t *nnames, const node *val)
{
    char name[64], why[400], noun[120], key[256];
    snprintf(name, sizeof(name), "hosts[%zu].names", idx);
    if (val->kind != N_SCALAR) {
        report(L, val->line, "'%s' wants host names, not %s", name,
               node_noun(val, noun, sizeof(noun)));
        return;
    }
    if (is_null(val) || !*val->text) {
        report(L, val->line, "'%s' has an empty name", name);
        return;
    }
    if (check_host_name(val->text, key, sizeof(key), why, sizeof(why)) < 0) {
        report(L, val->line, "'%s' %s", name, why);
        return;
    }
    for (size_t i = 0; i < hc->nseen; i++) {
        const seen_name *o = &hc->seen[i];
        if (strcmp(o->key, key))
            continue;
        if (o->host == idx)
            report(L, val->line, "'%s' gives '%s' twice (first on line %d)",
                   name, val->text, o->line);
        else
            report(L, val->line, "'%s': '%s' is already a name of hosts[%zu] "
                   "(line %d); a name belongs to one host", name, val->text,
                   o->host, o->line);
        return;
    }
    if (hc->nseen == hc->cap) {
        size_t cap = hc->cap ? hc->cap * 2 : 16;
        seen_name *s = realloc(hc->seen, cap * sizeof(*s));
        if (!s) {
            L->nomem = true;
            return;
        }
        hc->seen = s;
        hc->cap = cap;
    }
    seen_name *s = &hc->seen[hc->nseen++];
    memcpy(s->key, key, strlen(key) + 1);
    s->host = idx;
    s->line = val->line;
    if (!(h->names[(*nnames)++] = copy(cfg, val->text)))
        L->nomem = true;
}

static void check_names(loader *L, tp_config *cfg, hosts_check *hc,
                        size_t idx, tp_config_host *h, const node *key,
                        const node *val)
{
    char noun[120];
    if (is_null(val)) {
        report(L, key->line, "'hosts[%zu].names' has no value (it wants a "
               "host name or a list of them)", idx);
        return;
    }
    if (val->kind == N_SEQ && val->n == 0) {
        report(L, val->line, "'hosts[%zu].names' wants at least one name",
               idx);
        return;
    }
    if (val->kind != N_SCALAR && val->kind != N_SEQ) {
        report(L, val->line, "'hosts[%zu].names' wants a host name or a "
               "list of them, not %s", idx, node_noun(val, noun, sizeof(noun)));
        return;
    }
    size_t n = val->kind == N_SEQ ? val->n : 1;
    if (!(h->names = own(cfg, (n + 1) * sizeof(*h->names)))) {
        L->nomem = true;
        return;
    }
    size_t nnames = 0;
    if (val->kind == N_SCALAR)
        add_name(L, cfg, hc, idx, h, &nnames, val);
    else
        for (size_t i = 0; i < val->n; i++)
            add_name(L, cfg, hc, idx, h, &nnames, val->kids[i]);
}

static void check_default(loader *L, hosts_check *hc, size_t idx,
                          tp_config_host *h, const node *key, const node *val)
{
    char why[400], noun[120];
    if (val->kind != N_SCALAR) {
        report(L, val->line, "'hosts[%zu].default' wants true or false, not "
               "%s", idx, node_noun(val, noun, sizeof(noun)));
        return;
    }
    if (is_null(val)) {
        report(L, key->line, "'hosts[%zu].default' has no value (it wants "
               "true or false)", idx);
        return;
    }
    if (!val->plain) {
        report(L, val->line, "'hosts[%zu].default' wants true or false, not "
               "a quoted string", idx);
        return;
    }
    if (parse_bool(val->text, &h->fallback, why, sizeof(why)) < 0) {
        report(L, val->line, "'hosts[%zu].default' %s", idx, why);
        return;
    }
    if (!h->fallback)
        return;
    if (hc->fallback) {
        report(L, val->line, "'hosts[%zu].default': hosts[%zu] is the "
               "default already (line %d); at most one host answers the "
               "names no host has", idx, hc->fallback_host,
               hc->fallback->line);
        return;
    }
    hc->fallback = val;
    hc->fallback_host = idx;
}

static void check_host_files(loader *L, tp_config *cfg, size_t idx,
                             tp_config_host *h, const node *key,
                             const node *val)
{
    char noun[120], scope[40];
    if (is_null(val)) {
        report(L, key->line, "'hosts[%zu].files' has no value (it wants a "
               "mapping with root)", idx);
        return;
    }
    if (val->kind != N_MAP) {
        report(L, val->line, "'hosts[%zu].files' wants a mapping of "
               "settings, not %s", idx, node_noun(val, noun, sizeof(noun)));
        return;
    }
    bool has_root = false;
    for (size_t i = 0; i + 1 < val->n; i += 2)
        has_root |= val->kids[i]->kind == N_SCALAR &&
                    !strcmp(val->kids[i]->text, "root");
    if (!has_root)
        report(L, key->line, "'hosts[%zu].files' has no 'root' (a host "
               "serves the directory it names)", idx);
    /* The same keys and checks as the top-level files, into a config of
     * its own, so that the host's settings start from the defaults. */
    tp_config one;
    tp_config_init(&one);
    snprintf(scope, sizeof(scope), "hosts[%zu].", idx);
    L->scope = scope;
    check_mapping(L, &one, val, "files");
    L->scope = NULL;
    h->files = one.files;
    h->files.root = one.files.root ? copy(cfg, one.files.root) : NULL;
    if (one.files.root && !h->files.root)
        L->nomem = true;
    tp_config_free(&one);
}

/* A host's own access log: the top-level keys, checked the same way
 * into a config of its own. */
static void check_host_log(loader *L, tp_config *cfg, size_t idx,
                           tp_config_host *h, const node *key,
                           const node *val, bool *format_set)
{
    char scope[40];
    tp_config one;
    tp_config_init(&one);
    snprintf(scope, sizeof(scope), "hosts[%zu].", idx);
    L->scope = scope;
    const setting *s = setting_by_key(NULL, key->text);
    set_setting(L, &one, s, key, val);
    L->scope = NULL;
    if (tp_config_has(&one, TP_CFG_ACCESS_LOG)) {
        h->log_set = true;
        h->access_log = one.access_log ? copy(cfg, one.access_log) : NULL;
        if (one.access_log && !h->access_log)
            L->nomem = true;
    }
    if (tp_config_has(&one, TP_CFG_ACCESS_LOG_FORMAT)) {
        *format_set = true;
        h->access_log_format = one.access_log_format;
    }
    tp_config_free(&one);
}

/* A host's WebDAV: the keys and checks of the top-level `dav`, into a
 * config of its own, so that the host's settings start from the
 * defaults.  How the tree and the database relate is checked once every
 * tree is known (check_dav_trees). */
static void check_host_dav(loader *L, tp_config *cfg, size_t idx,
                           tp_config_host *h, const node *key,
                           const node *val)
{
    char noun[120], scope[40];
    if (is_null(val)) {
        report(L, key->line, "'hosts[%zu].dav' has no value (it wants a "
               "mapping of settings, such as enabled: true)", idx);
        return;
    }
    if (val->kind != N_MAP) {
        report(L, val->line, "'hosts[%zu].dav' wants a mapping of "
               "settings, not %s", idx, node_noun(val, noun, sizeof(noun)));
        return;
    }
    tp_config one;
    tp_config_init(&one);
    snprintf(scope, sizeof(scope), "hosts[%zu].", idx);
    L->scope = scope;
    check_mapping(L, &one, val, "dav");
    L->scope = NULL;
    h->dav = one.dav;
    h->dav.opt.db = one.dav.opt.db ? copy(cfg, one.dav.opt.db) : NULL;
    if (one.dav.opt.db && !h->dav.opt.db)
        L->nomem = true;
    tp_config_free(&one);
}

/* The keys of a host, for "did you mean". */
static const char *const HOST_KEYS[] = {"names", "default", "files", "dav",
                                        "rules", "error_pages", "access_log",
                                        "access_log_format"};

static void check_host_item(loader *L, tp_config *cfg, hosts_check *hc,
                            size_t idx, const node *item)
{
    char noun[120];
    tp_config_host *h = &cfg->hosts[idx];
    if (is_null(item)) {
        report(L, item->line, "'hosts[%zu]' is empty (it wants names and "
               "files)", idx);
        return;
    }
    if (item->kind != N_MAP) {
        report(L, item->line, "'hosts[%zu]' wants a mapping (names, files, "
               "default), not %s", idx, node_noun(item, noun, sizeof(noun)));
        return;
    }
    bool names = false, files = false, format = false, log_key = false;
    const node *format_key = NULL;
    for (size_t i = 0; i + 1 < item->n; i += 2) {
        const node *key = item->kids[i], *val = item->kids[i + 1];
        if (!key_ok(L, item, i))
            continue;
        if (!strcmp(key->text, "access_log") ||
            !strcmp(key->text, "access_log_format")) {
            if (!strcmp(key->text, "access_log_format"))
                format_key = key;
            else
                log_key = true;
            check_host_log(L, cfg, idx, h, key, val, &format);
        } else if (!strcmp(key->text, "names")) {
            names = true;
            check_names(L, cfg, hc, idx, h, key, val);
        } else if (!strcmp(key->text, "default")) {
            check_default(L, hc, idx, h, key, val);
        } else if (!strcmp(key->text, "files")) {
            files = true;
            check_host_files(L, cfg, idx, h, key, val);
        } else if (!strcmp(key->text, "dav")) {
            check_host_dav(L, cfg, idx, h, key, val);
        } else if (!strcmp(key->text, "rules")) {
            char scope[40];
            snprintf(scope, sizeof(scope), "hosts[%zu].", idx);
            check_rules(L, cfg, scope, key, val, &h->rules, &h->nrules);
        } else if (!strcmp(key->text, "error_pages")) {
            char scope[40];
            snprintf(scope, sizeof(scope), "hosts[%zu].", idx);
            check_error_pages(L, cfg, scope, key, val, &h->error_pages,
                              &h->nerror_pages);
        } else if (setting_by_key("files", key->text) ||
                   setting_by_key("dav", key->text)) {
            report(L, key->line, "unknown key '%s' in 'hosts[%zu]' (it "
                   "belongs in '%s')", key->text, idx,
                   setting_by_key("files", key->text) ? "files" : "dav");
        } else {
            const char *best = NULL;
            size_t bestd = 3;
            for (size_t k = 0; k < sizeof(HOST_KEYS) / sizeof(HOST_KEYS[0]);
                 k++) {
                size_t d = edit_distance(key->text, HOST_KEYS[k]);
                if (d < bestd && d < strlen(key->text)) {
                    bestd = d;
                    best = HOST_KEYS[k];
                }
            }
            if (best)
                report(L, key->line, "unknown key '%s' in 'hosts[%zu]' (did "
                       "you mean '%s'?)", key->text, idx, best);
            else
                report(L, key->line, "unknown key '%s' in 'hosts[%zu]' (a "
                       "host has names, files, dav, default, rules, "
                       "error_pages, access_log and access_log_format)",
                       key->text, idx);
        }
    }
    /* Lines of two formats in one file would serve no tool. */
    if (format && !log_key)
        report(L, format_key->line, "'hosts[%zu].access_log_format' needs "
               "'access_log' beside it (without it, the host's requests go "
               "to the top-level log, in its format)", idx);
    if (!names)
        report(L, item->line, "'hosts[%zu]' has no 'names' (the host names "
               "it answers)", idx);
    if (!files)
        report(L, item->line, "'hosts[%zu]' has no 'files' (a host serves "
               "the directory of files.root)", idx);
}

static void check_hosts(loader *L, tp_config *cfg, const node *key,
                        const node *val)
{
    char noun[120];
    if (is_null(val)) {
        report(L, key->line, "'hosts' has no value (it wants a list of "
               "hosts)");
        return;
    }
    if (val->kind != N_SEQ) {
        report(L, val->line, "'hosts' wants a list of hosts, not %s",
               node_noun(val, noun, sizeof(noun)));
        return;
    }
    if (val->n == 0)
        return;
    if (!(cfg->hosts = own(cfg, val->n * sizeof(*cfg->hosts)))) {
        L->nomem = true;
        return;
    }
    cfg->nhosts = val->n;
    hosts_check hc = {0};
    for (size_t i = 0; i < val->n; i++)
        check_host_item(L, cfg, &hc, i, val->kids[i]);
    free(hc.seen);
}

/* ---- WebDAV: the trees and their databases ---- */

/* A tree the configuration serves (the top level's or a host's), with
 * where the file says what WebDAV needs to know about it. */
typedef struct dav_tree {
    char name[40];            /* "" or "hosts[1].", before a key */
    const char *root;         /* NULL: no tree */
    const tp_config_dav *dav;
    int root_line;            /* 0: not in the file */
    int dav_line;             /* `enabled`, else the `dav` key; 0: none */
    int db_line;              /* `db`; 0: not in the file */
    char *root_real;          /* the root with every link resolved */
    char *db_real;            /* the database likewise, or NULL */
} dav_tree;

/* Where the problems go: the loader's report, with lines, or, for flags
 * and file merged, the first one into `why`. */
typedef struct dav_check {
    loader *L;
    char *why;
    size_t cap;
    int problems;
} dav_check;

static void dav_problem(dav_check *c, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void dav_problem(dav_check *c, int line, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (c->L)
        report(c->L, line, "%s", buf);
    else if (!c->problems)
        snprintf(c->why, c->cap, "%s", buf);
    c->problems++;
}

/* How a message names `key` of tree t: as the file writes it, or, when
 * flags and file are checked together, the top level's by its flag as
 * well ("--dav-db (dav.db)"). */
static const char *key_name(const dav_check *c, const dav_tree *t,
                            const char *key, char *buf, size_t cap)
{
    static const char *const flags[][2] = {
        {"dav.db", "--dav-db"}, {"files.root", "--root"}, {"dav", "--dav"},
    };
    for (size_t i = 0; !c->L && !*t->name && i < 3; i++)
        if (!strcmp(key, flags[i][0])) {
            snprintf(buf, cap, "%s (%s)", flags[i][1], key);
            return buf;
        }
    snprintf(buf, cap, "'%s%s'", t->name, key);
    return buf;
}

/* A file's path with every link resolved: the file's own when it exists,
 * else its directory's followed by its name.  NULL when that cannot be
 * told (the directory is missing: reported by the value's own check). */
static char *real_file(const char *path)
{
    char *real = realpath(path, NULL);
    if (real || errno != ENOENT)
        return real;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1
                                                    : (size_t)(slash - path))
                      : strdup(".");
    char *rdir = dir ? realpath(dir, NULL) : NULL;
    char *out = NULL;
    if (rdir && asprintf(&out, "%s%s%s", rdir, strcmp(rdir, "/") ? "/" : "",
                         slash ? slash + 1 : path) < 0)
        out = NULL;
    free(rdir);
    free(dir);
    return out;
}

/* Whether `path` lies below the directory `dir` (both resolved). */
static bool path_inside(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (!strcmp(dir, "/"))
        return true;
    return !strncmp(path, dir, n) && path[n] == '/';
}

/* The database of a tree: its `db`, else the library's default beside
 * the root ("<root>.davdb"); NULL when it has none or cannot be told. */
static char *tree_db(const dav_tree *t)
{
    if (t->dav->opt.db)
        return real_file(t->dav->opt.db);
    if (!t->dav->enabled || !t->root_real)
        return NULL;
    char *out;
    if (asprintf(&out, "%s.davdb", t->root_real) < 0)
        return NULL;
    return out;
}

/* RFC 4918 gives the server the dead properties and locks to keep; here
 * they live in a database beside the files, which must never be one of
 * the files a client can GET, PUT or DELETE. */
static void check_db_outside(dav_check *c, const dav_tree *t,
                             const dav_tree *trees, size_t n)
{
    char db[80], dav[80], root[80];
    for (size_t i = 0; i < n; i++) {
        const dav_tree *o = &trees[i];
        if (!o->root_real || !path_inside(t->db_real, o->root_real))
            continue;
        key_name(c, o, "files.root", root, sizeof(root));
        if (t->dav->opt.db)
            dav_problem(c, t->db_line, "%s names '%s', inside the served "
                        "tree %s of %s: the database must be outside the "
                        "served tree, where no client can read or change "
                        "it", key_name(c, t, "dav.db", db, sizeof(db)),
                        t->dav->opt.db, o->root_real, root);
        else
            dav_problem(c, t->dav_line, "%s keeps its database at '%s' by "
                        "default, inside the served tree %s of %s: give "
                        "%s outside the served tree",
                        key_name(c, t, "dav", dav, sizeof(dav)), t->db_real,
                        o->root_real, root,
                        key_name(c, t, "dav.db", db, sizeof(db)));
        return;
    }
}

/* Properties and locks are kept by path: two trees in one database would
 * see each other's. */
static void check_db_shared(dav_check *c, const dav_tree *t,
                            const dav_tree *trees, size_t i)
{
    char db[80], root[80];
    for (size_t j = 0; j < i; j++) {
        const dav_tree *o = &trees[j];
        if (!o->dav->enabled || !o->db_real || !o->root_real ||
            !t->root_real || strcmp(o->db_real, t->db_real) ||
            !strcmp(o->root_real, t->root_real))
            continue;
        dav_problem(c, t->db_line ? t->db_line : t->dav_line, "%s is '%s', "
                    "the database of the tree of %s too: each tree needs "
                    "a database of its own, as properties and locks are "
                    "kept by path", key_name(c, t, "dav.db", db, sizeof(db)),
                    t->db_real, key_name(c, o, "files.root", root,
                                         sizeof(root)));
        return;
    }
}

static void check_trees(dav_check *c, dav_tree *trees, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        dav_tree *t = &trees[i];
        if (t->root && !(t->root_real = realpath(t->root, NULL)) &&
            errno == ENOMEM && c->L)
            c->L->nomem = true;
    }
    for (size_t i = 0; i < n; i++) {
        dav_tree *t = &trees[i];
        /* A root that the file gives but that was refused is reported
         * already, and so is a host without one; a top level without one
         * is this problem. */
        if (i == 0 && t->dav->enabled && !t->root && !t->root_line) {
            if (c->L)
                dav_problem(c, t->dav_line, "'%sdav.enabled' needs "
                            "'%sfiles.root': WebDAV makes that tree "
                            "writable", t->name, t->name);
            else
                dav_problem(c, 0, "--dav needs --root (files.root): "
                            "WebDAV makes that tree writable");
            continue;
        }
        if (!(t->db_real = tree_db(t)))
            continue;
        check_db_outside(c, t, trees, n);
        if (t->dav->enabled)
            check_db_shared(c, t, trees, i);
    }
}

static void free_trees(dav_tree *trees, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(trees[i].root_real);
        free(trees[i].db_real);
    }
    free(trees);
}

/* The trees of cfg: the top level's first, then each host's. */
static dav_tree *list_trees(const tp_config *cfg, size_t *n)
{
    dav_tree *trees = calloc(1 + cfg->nhosts, sizeof(*trees));
    if (!trees)
        return NULL;
    trees[0].root = cfg->files.root;
    trees[0].dav = &cfg->dav;
    for (size_t i = 0; i < cfg->nhosts; i++) {
        dav_tree *t = &trees[1 + i];
        snprintf(t->name, sizeof(t->name), "hosts[%zu].", i);
        t->root = cfg->hosts[i].files.root;
        t->dav = &cfg->hosts[i].dav;
    }
    *n = 1 + cfg->nhosts;
    return trees;
}

/* The value of `key` in `map`, or NULL. */
static const node *map_get(const node *map, const char *key)
{
    if (!map || map->kind != N_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (map->kids[i]->kind == N_SCALAR && !strcmp(map->kids[i]->text, key))
            return map->kids[i + 1];
    return NULL;
}

/* The line of `key` in `map` (the key's own), or 0. */
static int key_line(const node *map, const char *key)
{
    if (!map || map->kind != N_MAP)
        return 0;
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (map->kids[i]->kind == N_SCALAR && !strcmp(map->kids[i]->text, key))
            return map->kids[i]->line;
    return 0;
}

/* Where `item` (the top-level mapping or a host's) says what its tree
 * needs. */
static void tree_lines(dav_tree *t, const node *item)
{
    const node *files = map_get(item, "files"), *dav = map_get(item, "dav");
    t->root_line = key_line(files, "root");
    const node *enabled = map_get(dav, "enabled"), *db = map_get(dav, "db");
    t->dav_line = enabled ? enabled->line : key_line(item, "dav");
    t->db_line = db ? db->line : 0;
}

static void check_dav_trees(loader *L, const tp_config *cfg, const node *top)
{
    size_t n;
    dav_tree *trees = list_trees(cfg, &n);
    if (!trees) {
        L->nomem = true;
        return;
    }
    tree_lines(&trees[0], top);
    const node *hosts = map_get(top, "hosts");
    for (size_t i = 0; hosts && i < cfg->nhosts && i < hosts->n; i++)
        tree_lines(&trees[1 + i], hosts->kids[i]);
    dav_check c = {.L = L};
    check_trees(&c, trees, n);
    free_trees(trees, n);
}

int tp_config_check_dav(const tp_config *cfg, char *why, size_t cap)
{
    size_t n;
    dav_tree *trees = list_trees(cfg, &n);
    if (!trees)
        return tp_refuse(why, cap, "out of memory");
    dav_check c = {.why = why, .cap = cap};
    check_trees(&c, trees, n);
    free_trees(trees, n);
    return c.problems ? -1 : 0;
}

static int compare_problems(const void *a, const void *b)
{
    const problem *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static char *read_file(const char *path, size_t *len, int *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = errno;
        return NULL;
    }
    char *buf = malloc(MAX_FILE + 1);
    size_t n = buf ? fread(buf, 1, MAX_FILE + 1, f) : 0;
    *err = !buf ? ENOMEM : ferror(f) ? (errno ? errno : EIO)
                         : n > MAX_FILE ? EFBIG : 0;
    fclose(f);
    if (*err) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int tp_config_load(tp_config *cfg, const char *path, FILE *out)
{
    loader L = {.path = path};
    int err;
    char *text = read_file(path, &L.len, &err);
    if (!text) {
        if (err == EFBIG)
            fprintf(out, "%s: larger than %d bytes: not a configuration\n",
                    path, MAX_FILE);
        else
            fprintf(out, "%s: cannot read: %s\n", path, strerror(err));
        return 1;
    }
    L.text = text;
    const char *slash = strrchr(path, '/');
    if (slash && !(L.dir = strndup(path, (size_t)(slash - path)))) {
        free(text);
        fprintf(out, "%s: out of memory\n", path);
        return 1;
    }
    node *root = NULL;
    if (!yaml_parser_initialize(&L.parser)) {
        L.nomem = true;
    } else {
        yaml_parser_set_input_string(&L.parser, (const unsigned char *)text,
                                     L.len);
        bool ok;
        char noun[120];
        root = read_document(&L, &ok);
        yaml_parser_delete(&L.parser);
        /* An empty file, or one whose document is empty, sets nothing. */
        if (ok && root && !is_null(root)) {
            if (root->kind == N_MAP) {
                check_mapping(&L, cfg, root, NULL);
                check_dav_trees(&L, cfg, root);
            } else
                report(&L, root->line, "the file must be a mapping of "
                       "settings (such as 'listen: ...'), not %s",
                       node_noun(root, noun, sizeof(noun)));
        }
    }
    if (L.nomem)
        report(&L, 0, "out of memory");
    if (L.np)
        qsort(L.p, L.np, sizeof(*L.p), compare_problems);
    int problems = 0;
    for (size_t i = 0; i < L.np; i++) {
        if (L.p[i].line > 0)
            fprintf(out, "%s:%d: %s\n", path, L.p[i].line, L.p[i].msg);
        else
            fprintf(out, "%s: %s\n", path, L.p[i].msg);
        free(L.p[i].msg);
        problems++;
    }
    if (L.nomem && problems == 0) {
        fprintf(out, "%s: out of memory\n", path);
        problems = 1;
    }
    free(L.p);
    node_free(root);
    free(L.dir);
    free(text);
    return problems;
}
