/*
 * config.h - the settings of the teapot command: the YAML file (--config),
 * the command-line flags, and the one place that parses and checks each
 * value, so that a setting means the same thing from either side.
 */
#ifndef TEAPOT_CONFIG_H
#define TEAPOT_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "handlers.h"

/* The server takes at most this many listeners (tp_server_listen). */
#define TP_CONFIG_MAX_LISTEN 16
#define TP_CONFIG_MAX_REDIRECT 32

/* One bit per setting in tp_config.set: what was given, by the file or by
 * a flag.  What was not given keeps the server's and handlers' defaults. */
typedef enum tp_config_key {
    TP_CFG_LISTEN,
    TP_CFG_THREADS,
    TP_CFG_ACCESS_LOG,
    TP_CFG_ACCESS_LOG_FORMAT,
    TP_CFG_ERROR_LOG,
    TP_CFG_ERROR_LOG_LEVEL,
    TP_CFG_MAX_BODY,
    TP_CFG_HEADER_TIMEOUT,
    TP_CFG_BODY_TIMEOUT,
    TP_CFG_KEEPALIVE_TIMEOUT,
    TP_CFG_MAX_CONNECTIONS,
    TP_CFG_MAX_CONNECTIONS_PER_CLIENT,
    TP_CFG_ROOT,
    TP_CFG_MAX_AGE,
    TP_CFG_LIST,
    TP_CFG_FOLLOW_SYMLINKS,
    TP_CFG_DOTFILES,
    TP_CFG_TESTAPI_ENABLED,
    TP_CFG_TESTAPI_PREFIX,
    TP_CFG_MAX_DELAY,
    TP_CFG_REDIRECT_ALLOW,
    TP_CFG_REFERENCE,
    TP_CFG_DAV_ENABLED,
    TP_CFG_DAV_DB,
    TP_CFG_DAV_QUOTA,
    TP_CFG_DAV_DEPTH_INFINITY,
    TP_CFG_DAV_PROCESSING_INTERVAL,
    TP_CFG_DAV_MAX_LOCK_TIMEOUT,
    TP_CFG_DAV_MAX_PUT,
    TP_CFG_NKEYS
} tp_config_key;

/* WebDAV (RFC 4918) on a tree of files: `dav:` at the top level, or in a
 * host.  With `enabled`, the tree is served writable by tp_dav_mount
 * instead of read-only by the static handler; the other values only
 * matter then. */
typedef struct tp_config_dav {
    bool enabled;
    tp_dav_options opt; /* db (NULL: the library's default beside the
                           root), quota, max_put, depth_infinity,
                           processing_ms, max_lock_timeout; root and files
                           are the tree's, filled in when it is mounted */
} tp_config_dav;

/* One item of `error_pages:`: the page sent for a 4xx or 5xx code instead
 * of the built-in explanation. */
typedef struct tp_config_page {
    int code;
    const char *file; /* a readable regular file (resolved) */
} tp_config_page;

/* One item of `hosts:` (a virtual host, RFC 9110 7.2): the file is its
 * only source, no flag sets it. */
typedef struct tp_config_host {
    const char **names;      /* NULL-ended, as written (valid, no port) */
    bool fallback;           /* default: true, it answers unknown names */
    tp_static_options files; /* files.root is always set */
    tp_config_dav dav;       /* the host's `dav:` */
    tp_rule *rules;          /* the host's `rules:`, in order */
    size_t nrules;
    bool log_set;            /* `access_log` given: a log of its own */
    const char *access_log;  /* with log_set: a path, "-", or NULL: none;
                                without: the top-level log */
    tp_log_format access_log_format;
    tp_config_page *error_pages; /* the host's own; the others are the
                                    top level's */
    size_t nerror_pages;
} tp_config_host;

typedef struct tp_config {
    uint64_t set; /* 1 << tp_config_key for each setting given */
    const char *listen[TP_CONFIG_MAX_LISTEN];
    size_t nlisten;
    int threads;
    const char *access_log; /* a path, "-" for standard output, NULL: off */
    tp_log_format access_log_format;
    const char *error_log;  /* a path, or NULL: standard error */
    tp_log_level error_log_level;
    int64_t max_body;
    int header_timeout_ms;
    int body_timeout_ms;
    int keepalive_timeout_ms;
    int max_connections;            /* 0: no limit */
    int max_connections_per_client; /* 0: no limit */
    tp_static_options files; /* files.root NULL: no files */
    tp_config_dav dav;       /* the top-level files, writable */
    bool testapi;            /* mounted (default: when there is no root) */
    const char *testapi_prefix; /* "/httpbin"; "/" is the root */
    int max_delay_ms;
    const char *redirect_allow[TP_CONFIG_MAX_REDIRECT + 1]; /* NULL-ended */
    size_t nredirect;
    bool reference;
    tp_rule *rules;        /* the top-level `rules:`, in order; only the
                              file has them */
    size_t nrules;
    tp_config_host *hosts; /* nhosts items, in the file's order */
    size_t nhosts;
    tp_config_page *error_pages; /* `error_pages:`, for the whole site */
    size_t nerror_pages;
    struct tp_config_copy *copies; /* the strings above, owned */
} tp_config;

/* No setting given; tp_config_free releases what the others add. */
void tp_config_init(tp_config *cfg);
void tp_config_free(tp_config *cfg);

static inline bool tp_config_has(const tp_config *cfg, tp_config_key k)
{
    return cfg->set & ((uint64_t)1 << k);
}

/* A command-line flag by its long name ("max-body", "no-list"); `value`
 * is its argument, NULL for the flags that take none.  Returns 0, or -1
 * with why the value is refused in `why`, worded to follow the flag's
 * name ("wants an integer from 1 to 256, not '0'"). */
int tp_config_flag(tp_config *cfg, const char *flag, const char *value,
                   char *why, size_t cap);

/* Reads the YAML file at `path` into `cfg` and writes every problem to
 * `report`, one a line, as "PATH:LINE: message" (or "PATH: message" when
 * no line applies), in the order of the lines.  Returns the number of
 * problems: 0 means `cfg` holds the file's settings; otherwise it must not
 * be used (only freed).  Keeps no state between calls. */
int tp_config_load(tp_config *cfg, const char *path, FILE *report);

/* The settings given in `over` replace those of `cfg` (a list replaces
 * the whole list, and hosts and rules, when `over` has any, replace all
 * of cfg's);
 * strings are copied.  Returns 0 or -ENOMEM. */
int tp_config_merge(tp_config *cfg, const tp_config *over);

/* The checks that relate WebDAV settings to the trees, which flags and a
 * file can only pass together (tp_config_load makes them on the file
 * alone, with lines): a `dav` that is enabled has a root to make
 * writable, and no database lies inside a served tree (a client could
 * read or overwrite it) or is shared by two trees.  Returns 0, or -1 with
 * the first problem in `why`. */
int tp_config_check_dav(const tp_config *cfg, char *why, size_t cap);

#endif
