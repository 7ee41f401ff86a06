/*
 * teapot.c - the teapot command: serve (the default, from flags and a
 * configuration file), check-config, codes, explain.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "config.h"
#include "handlers.h"
#include "teapot/teapot.h"

static void usage(FILE *out)
{
    fputs("usage: teapot [options]          serve HTTP\n"
          "       teapot --check-config FILE  check a configuration file\n"
          "       teapot codes [--json]     list the status-code registry\n"
          "       teapot explain CODE|Nxx [--lang en|zh-CN|zh-TW] [--json]\n"
          "                                 explain a status code or a class\n"
          "\n"
          "options:\n"
          "  -l, --listen ADDR:PORT     listen here (repeatable; IPv6 as [::1]:8080;\n"
          "                             default 127.0.0.1:8080)\n"
          "  -t, --threads N            worker threads (default: one per CPU)\n"
          "      --access-log PATH      the access log: PATH, '-' for standard output\n"
          "                             (the default), 'off' for none\n"
          "      --access-log-format combined|json\n"
          "                             its lines (default: combined)\n"
          "      --error-log PATH       the error log: PATH, '-' for standard error\n"
          "                             (the default)\n"
          "      --error-log-level error|warn|info|debug\n"
          "                             what it holds (default: info)\n"
          "      --max-body BYTES       larger request bodies get 413 (default 1048576;\n"
          "                             k, M, G multiply by 1024, 1024^2, 1024^3)\n"
          "      --header-timeout SEC   408 when a request head takes longer (10)\n"
          "      --body-timeout SEC     408 when a request body stalls longer (30)\n"
          "      --keepalive-timeout SEC  idle connections close after (75)\n"
          "      --max-connections N    past N open connections, a new one gets 503\n"
          "                             with Retry-After (default: no limit)\n"
          "      --max-connections-per-client N  the same per client address\n"
          "  -r, --root DIR             serve the files under DIR (read-only)\n"
          "      --max-age SECONDS      Cache-Control: max-age for files\n"
          "      --no-list              403 for directories without index.html\n"
          "      --follow-symlinks      let symbolic links lead out of the root\n"
          "      --dotfiles             serve and list names starting with '.'\n"
          "      --dav                  make the --root tree writable (WebDAV, RFC 4918:\n"
          "                             PUT, DELETE, MKCOL, COPY, MOVE, properties, locks)\n"
          "      --dav-db FILE          its properties and locks, outside the tree\n"
          "                             (default: DIR.davdb beside the root)\n"
          "      --dav-quota BYTES      507 once the tree holds this much (default: none;\n"
          "                             k, M, G as for --max-body)\n"
          "      --dav-max-put BYTES    413 for a larger PUT body (default 1T)\n"
          "      --dav-depth-infinity   allow PROPFIND with Depth: infinity (else 403)\n"
          "      --dav-processing-interval SEC|off  102 Processing this often while\n"
          "                             a long COPY, MOVE or DELETE runs (1)\n"
          "      --dav-max-lock-timeout SEC  the longest lock granted (3600; at most\n"
          "                             604800)\n"
          "      --testapi PREFIX       mount the client-testing API at PREFIX (it is\n"
          "                             at / without --root; 'off' for none)\n"
          "      --max-delay SEC        longest /delay, /drip or ?sleep_ms (10)\n"
          "      --redirect-allow HOST  /redirect-to may send clients to HOST with\n"
          "                             an absolute URL (repeatable)\n"
          "      --reference            mount the status-code reference at /codes\n"
          "                             beside --root (it is there without --root)\n"
          "      --config FILE          the settings of the YAML file FILE; flags\n"
          "                             given as well win over the file\n"
          "      --check-config FILE    check FILE, report every problem, and exit\n"
          "  -h, --help                 this text\n"
          "  -V, --version              the version\n",
          out);
}

/* The flags that are settings go through tp_config_flag by their long
 * name, exactly as the file's keys go through the same table. */
enum {
    OPT_SETTING = 256,
    OPT_CONFIG,
    OPT_CHECK_CONFIG,
};

static const struct option OPTS[] = {
    {"listen", required_argument, NULL, 'l'},
    {"threads", required_argument, NULL, 't'},
    {"access-log", required_argument, NULL, OPT_SETTING},
    {"access-log-format", required_argument, NULL, OPT_SETTING},
    {"error-log", required_argument, NULL, OPT_SETTING},
    {"error-log-level", required_argument, NULL, OPT_SETTING},
    {"max-body", required_argument, NULL, OPT_SETTING},
    {"header-timeout", required_argument, NULL, OPT_SETTING},
    {"body-timeout", required_argument, NULL, OPT_SETTING},
    {"keepalive-timeout", required_argument, NULL, OPT_SETTING},
    {"max-connections", required_argument, NULL, OPT_SETTING},
    {"max-connections-per-client", required_argument, NULL, OPT_SETTING},
    {"root", required_argument, NULL, 'r'},
    {"max-age", required_argument, NULL, OPT_SETTING},
    {"no-list", no_argument, NULL, OPT_SETTING},
    {"follow-symlinks", no_argument, NULL, OPT_SETTING},
    {"dotfiles", no_argument, NULL, OPT_SETTING},
    {"dav", no_argument, NULL, OPT_SETTING},
    {"dav-db", required_argument, NULL, OPT_SETTING},
    {"dav-quota", required_argument, NULL, OPT_SETTING},
    {"dav-max-put", required_argument, NULL, OPT_SETTING},
    {"dav-depth-infinity", no_argument, NULL, OPT_SETTING},
    {"dav-processing-interval", required_argument, NULL, OPT_SETTING},
    {"dav-max-lock-timeout", required_argument, NULL, OPT_SETTING},
    {"testapi", required_argument, NULL, OPT_SETTING},
    {"max-delay", required_argument, NULL, OPT_SETTING},
    {"redirect-allow", required_argument, NULL, OPT_SETTING},
    {"reference", no_argument, NULL, OPT_SETTING},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"check-config", required_argument, NULL, OPT_CHECK_CONFIG},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {0},
};

/* The server, once it serves: from then on the command's messages go to
 * its error log.  Before, they go to standard error, where whoever starts
 * it is looking. */
static tp_server *serving_srv;

static void say(tp_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(tp_log_level level, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (serving_srv)
        tp_server_log(serving_srv, level, "%s", msg);
    else
        fprintf(stderr, "teapot: %s\n", msg);
}

static void free_config(void *cfg)
{
    tp_config_free(cfg);
    free(cfg);
}

/* The site's own pages for error codes, read now: a reload reads them
 * again, so a page edited on disk takes effect with the next SIGHUP. */
static int mount_error_pages(tp_server *srv, tp_host *host,
                             const tp_config_page *pages, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(pages[i].file, "rb");
        char *body = NULL;
        size_t len = 0;
        int err = errno;
        if (f) {
            struct stat st;
            if (fstat(fileno(f), &st) < 0)
                err = errno;
            else if (!S_ISREG(st.st_mode))
                err = EINVAL; /* replaced since the check */
            else if (!(body = malloc((size_t)st.st_size + 1)))
                err = ENOMEM;
            else
                len = fread(body, 1, (size_t)st.st_size, f);
            if (body && ferror(f)) {
                err = EIO;
                free(body);
                body = NULL;
            }
            fclose(f);
        }
        int r = body ? tp_server_error_page(srv, host, pages[i].code,
                                            tp_mime_type(pages[i].file),
                                            body, len)
                     : -err;
        free(body);
        if (r < 0) {
            say(TP_LOG_ERROR, "cannot use %s as the %d page: %s",
                pages[i].file, pages[i].code, strerror(-r));
            return -1;
        }
    }
    return 0;
}

/* A tree of files on `host` (NULL: the top-level site): read-only by the
 * static handler, or, with WebDAV enabled, writable by tp_dav_mount,
 * which answers GET and HEAD with the same static handler and options.
 * `whose` names the host in messages ("" for the top level). */
static int mount_tree(tp_server *srv, tp_host *host,
                      const tp_static_options *files,
                      const tp_config_dav *dav, const char *whose)
{
    if (!dav->enabled) {
        int r = tp_static_mount_host(srv, host, "*", files);
        if (r < 0)
            say(TP_LOG_ERROR, "cannot serve %s%s: %s", files->root, whose,
                strerror(-r));
        return r < 0 ? -1 : 0;
    }
    tp_dav_options opt = dav->opt;
    opt.root = files->root;
    opt.files = *files;
    char why[512] = "";
    int r = tp_dav_mount(srv, host, "*", &opt, why, sizeof(why));
    if (r < 0) {
        say(TP_LOG_ERROR, "cannot serve %s writable (WebDAV)%s: %s",
            files->root, whose, *why ? why : strerror(-r));
        return -1;
    }
    return 0;
}

/* The virtual hosts (RFC 9110 7.2), each with its rules and its own tree
 * of files; the default one answers the names no host has
 * (tp_server_set_fallback). */
static int mount_hosts(tp_server *srv, const tp_config *cfg)
{
    for (size_t i = 0; i < cfg->nhosts; i++) {
        const tp_config_host *ch = &cfg->hosts[i];
        tp_host *h = tp_server_host(srv, ch->names);
        if (!h) {
            say(TP_LOG_ERROR, "cannot add the host %s: %s",
                ch->names[0], strerror(errno));
            return -1;
        }
        /* The host's rules come before its files, as filters do. */
        int r = tp_rules_mount(srv, h, ch->rules, ch->nrules);
        if (r < 0) {
            say(TP_LOG_ERROR, "cannot add the rules of %s: %s",
                ch->names[0], strerror(-r));
            return -1;
        }
        char whose[300];
        snprintf(whose, sizeof(whose), " for %s", ch->names[0]);
        if (mount_tree(srv, h, &ch->files, &ch->dav, whose) < 0)
            return -1;
        if (mount_error_pages(srv, h, ch->error_pages, ch->nerror_pages) < 0)
            return -1;
        /* Its own log, or none ("off"); else the top-level one. */
        r = ch->log_set ? tp_server_access_log(srv, h,
                                               ch->access_log ? ch->access_log
                                                              : "",
                                               ch->access_log_format)
                        : 0;
        if (r < 0) {
            say(TP_LOG_ERROR, "cannot open the access log %s of %s: %s",
                ch->access_log, ch->names[0], strerror(-r));
            return -1;
        }
        if (ch->fallback)
            tp_server_set_fallback(srv, h);
    }
    return 0;
}

/* The site `cfg` describes (everything a reload may change: rules, the
 * testing API, the reference, files, hosts and the access logs) onto
 * srv's site being built.  The site owns `cfg` from here on, whatever the
 * outcome (handlers keep pointers into it), and frees it when it goes.
 * Returns 0 or -1 after saying why (say()). */
static int build_site(tp_server *srv, tp_config *cfg)
{
    if (tp_server_at_free(srv, free_config, cfg) < 0) {
        free_config(cfg);
        say(TP_LOG_ERROR, "out of memory");
        return -1;
    }
    if (mount_error_pages(srv, NULL, cfg->error_pages, cfg->nerror_pages) < 0)
        return -1;
    /* The access log is the site's: a reload opens the one it names. */
    int lr = tp_server_access_log(srv, NULL, cfg->access_log,
                                  cfg->access_log_format);
    if (lr < 0) {
        say(TP_LOG_ERROR, "cannot open the access log %s: %s",
            cfg->access_log, strerror(-lr));
        return -1;
    }
    /* The rules are the first filter of the top-level site: they apply
     * whatever would answer the path, and a 103 they send is the first
     * thing the client hears. */
    int r = tp_rules_mount(srv, NULL, cfg->rules, cfg->nrules);
    if (r < 0) {
        say(TP_LOG_ERROR, "cannot add the rules: %s", strerror(-r));
        return -1;
    }
    /* The testing API goes first: its paths win over the files.  It is
     * there without a root, and beside one when a prefix asks for it. */
    bool api_on = tp_config_has(cfg, TP_CFG_TESTAPI_ENABLED)
                      ? cfg->testapi
                      : tp_config_has(cfg, TP_CFG_TESTAPI_PREFIX) ||
                            !cfg->files.root;
    const char *api_prefix = tp_config_has(cfg, TP_CFG_TESTAPI_PREFIX)
                                 ? cfg->testapi_prefix
                                 : "";
    if (api_on) {
        tp_testapi_options api;
        tp_testapi_defaults(&api);
        api.prefix = api_prefix;
        if (tp_config_has(cfg, TP_CFG_MAX_DELAY))
            api.max_delay_ms = cfg->max_delay_ms;
        api.redirect_hosts = cfg->redirect_allow;
        r = tp_testapi_mount(srv, &api);
        if (r < 0) {
            say(TP_LOG_ERROR, "cannot mount the testing API at '%s': "
                "%s", api_prefix, strerror(-r));
            return -1;
        }
    }
    /* With hosts, a name none of them has (and no default host) reaches
     * this top-level site; if it has neither the API nor files, it has
     * nothing to say either, and such names get 421 (RFC 9110 15.5.20)
     * instead of a home page or a reference nobody asked for. */
    bool top_empty = cfg->nhosts && !api_on && !cfg->files.root;
    /* The reference comes before the files too, so that /codes is its.
     * "try it" asks this server over loopback: the first listener, with a
     * wildcard address replaced by the loopback one of its family. */
    if (cfg->reference || (!cfg->files.root && !top_empty)) {
        char self[80] = "";
        tp_server_address(srv, 0, self, sizeof(self));
        if (!strncmp(self, "0.0.0.0:", 8))
            snprintf(self, sizeof(self), "127.0.0.1:%d",
                     tp_server_port(srv, 0));
        else if (!strncmp(self, "[::]:", 5))
            snprintf(self, sizeof(self), "[::1]:%d", tp_server_port(srv, 0));
        tp_reference_options ref = {
            .testapi_prefix = api_on ? api_prefix : NULL,
            .self = self,
        };
        r = tp_reference_mount(srv, &ref);
        if (r < 0) {
            say(TP_LOG_ERROR, "cannot mount the reference at /codes: "
                "%s", strerror(-r));
            return -1;
        }
    }
    if (cfg->files.root) {
        if (mount_tree(srv, NULL, &cfg->files, &cfg->dav, "") < 0)
            return -1;
    } else if (!top_empty && tp_home_mount(srv) < 0) {
        say(TP_LOG_ERROR, "cannot mount the default site");
        return -1;
    }
    return mount_hosts(srv, cfg);
}

/* What the server keeps for a reload: where the settings come from, and
 * the settings it runs with. */
typedef struct serving {
    const char *config;    /* the file, or NULL: flags only */
    const tp_config *flags;
    const tp_config *cfg;  /* the current site's (it owns it) */
} serving;

static bool same_string(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Listeners, threads, limits and the error log are the server's, not the
 * site's (the access logs are): a reload leaves them as they are, and
 * says so when the file asks for something else. */
static void restart_only(const tp_config *old, const tp_config *cfg)
{
    bool same_listen = old->nlisten == cfg->nlisten;
    for (size_t i = 0; same_listen && i < cfg->nlisten; i++)
        same_listen = same_string(old->listen[i], cfg->listen[i]);
    const char *changed[8];
    size_t n = 0;
    if (!same_listen)
        changed[n++] = "listen";
    if (old->threads != cfg->threads)
        changed[n++] = "threads";
    if (!same_string(old->error_log, cfg->error_log))
        changed[n++] = "error_log";
    if (old->error_log_level != cfg->error_log_level)
        changed[n++] = "error_log_level";
    if (old->max_body != cfg->max_body ||
        old->header_timeout_ms != cfg->header_timeout_ms ||
        old->body_timeout_ms != cfg->body_timeout_ms ||
        old->keepalive_timeout_ms != cfg->keepalive_timeout_ms ||
        old->max_connections != cfg->max_connections ||
        old->max_connections_per_client != cfg->max_connections_per_client)
        changed[n++] = "limits";
    for (size_t i = 0; i < n; i++)
        say(TP_LOG_WARN, "reload: '%s' changed; it takes effect when "
            "the server restarts", changed[i]);
}

/* SIGHUP: the file again, checked whole; a valid one becomes the site of
 * the requests that start from now on (those in flight finish on the old
 * one), an invalid one is refused with its problems and the running site
 * stays. */
static void reload(tp_server *srv, void *arg)
{
    serving *sv = arg;
    tp_config *cfg = malloc(sizeof(*cfg));
    if (!cfg) {
        say(TP_LOG_ERROR, "reload refused: out of memory");
        return;
    }
    tp_config_init(cfg);
    struct stat st;
    if (sv->config && stat(sv->config, &st) == 0 && st.st_size == 0) {
        /* More likely caught half written than meant to drop every
         * setting. */
        say(TP_LOG_ERROR, "reload refused: %s is empty; serving on with "
            "the running configuration", sv->config);
        free_config(cfg);
        return;
    }
    if (sv->config) {
        char *report = NULL;
        size_t report_len = 0;
        FILE *out = open_memstream(&report, &report_len);
        int problems = out ? tp_config_load(cfg, sv->config, out) : 1;
        if (out)
            fclose(out);
        if (!out)
            say(TP_LOG_ERROR, "reload refused: out of memory");
        for (char *line = report, *nl; line && *line; line = nl) {
            nl = strchr(line, '\n');
            if (nl)
                *nl++ = '\0';
            else
                nl = line + strlen(line);
            say(TP_LOG_ERROR, "%s", line);
        }
        free(report);
        if (problems) {
            say(TP_LOG_ERROR, "reload refused: %d problem%s in %s; "
                "serving on with the running configuration",
                problems, problems == 1 ? "" : "s", sv->config);
            free_config(cfg);
            return;
        }
    }
    if (tp_config_merge(cfg, sv->flags) < 0) {
        say(TP_LOG_ERROR, "reload refused: out of memory");
        free_config(cfg);
        return;
    }
    /* The file alone was checked; with the flags, WebDAV's trees may
     * relate differently (--dav with the file's root). */
    char why[600];
    if (tp_config_check_dav(cfg, why, sizeof(why)) < 0) {
        say(TP_LOG_ERROR, "reload refused: %s; serving on with the "
            "running configuration", why);
        free_config(cfg);
        return;
    }
    if (tp_server_site_begin(srv) < 0) {
        say(TP_LOG_ERROR, "reload refused: out of memory");
        free_config(cfg);
        return;
    }
    restart_only(sv->cfg, cfg);
    if (build_site(srv, cfg) < 0) {
        tp_server_site_abort(srv);
        say(TP_LOG_ERROR, "reload refused; serving on with the running "
            "configuration");
        return;
    }
    tp_server_site_commit(srv);
    sv->cfg = cfg;
    say(TP_LOG_INFO, "reloaded %s",
        sv->config ? sv->config : "the command-line settings");
}

/* Builds the server `cfg` describes and runs it until a signal stops it.
 * What `cfg` does not set keeps the server's and handlers' defaults.  The
 * first site owns `cfg`. */
static int run(tp_config *cfg, serving *sv)
{
    tp_server *srv = tp_server_new();
    if (!srv) {
        fputs("teapot: out of memory\n", stderr);
        free_config(cfg);
        return 1;
    }
    int status = 1;
    int er = tp_server_set_error_log(srv, cfg->error_log,
                                     cfg->error_log_level);
    if (er < 0) {
        say(TP_LOG_ERROR, "cannot open the error log %s: %s",
            cfg->error_log, strerror(-er));
        free_config(cfg);
        goto out;
    }
    tp_limits *lim = tp_server_limits(srv);
    if (tp_config_has(cfg, TP_CFG_THREADS))
        tp_server_set_threads(srv, cfg->threads);
    if (tp_config_has(cfg, TP_CFG_MAX_BODY))
        lim->max_body = cfg->max_body;
    if (tp_config_has(cfg, TP_CFG_HEADER_TIMEOUT))
        lim->header_timeout_ms = cfg->header_timeout_ms;
    if (tp_config_has(cfg, TP_CFG_BODY_TIMEOUT))
        lim->body_timeout_ms = cfg->body_timeout_ms;
    if (tp_config_has(cfg, TP_CFG_KEEPALIVE_TIMEOUT))
        lim->keepalive_timeout_ms = cfg->keepalive_timeout_ms;
    if (tp_config_has(cfg, TP_CFG_MAX_CONNECTIONS))
        lim->max_connections = cfg->max_connections;
    if (tp_config_has(cfg, TP_CFG_MAX_CONNECTIONS_PER_CLIENT))
        lim->max_connections_per_client = cfg->max_connections_per_client;
    static const char *const fallback[] = {"127.0.0.1:8080"};
    const char *const *listen = cfg->nlisten ? cfg->listen : fallback;
    size_t nlisten = cfg->nlisten ? cfg->nlisten : 1;
    for (size_t i = 0; i < nlisten; i++) {
        int r = tp_server_listen(srv, listen[i]);
        if (r < 0) {
            say(TP_LOG_ERROR, "cannot listen on %s: %s", listen[i],
                r == -EINVAL ? "not ADDR:PORT" : strerror(-r));
            free_config(cfg);
            goto out;
        }
    }
    sv->cfg = cfg;
    if (build_site(srv, cfg) < 0)
        goto out;
    tp_server_on_reload(srv, reload, sv);
    tp_server_stop_on_signals(srv);
    serving_srv = srv;
    for (size_t i = 0; i < nlisten; i++) {
        char addr[64];
        tp_server_address(srv, i, addr, sizeof(addr));
        say(TP_LOG_INFO, "listening on http://%s/", addr);
    }
    int r = tp_server_run(srv);
    serving_srv = NULL;
    if (r < 0)
        say(TP_LOG_ERROR, "%s", strerror(-r));
    else
        status = 0;
out:
    tp_server_free(srv);
    return status;
}

/* Defaults, then the file (--config), then the flags: a flag given on the
 * command line wins over the file's setting. */
static int serve(int argc, char **argv)
{
    tp_config flags, *cfg = malloc(sizeof(*cfg));
    if (!cfg) {
        fputs("teapot: out of memory\n", stderr);
        return 1;
    }
    tp_config_init(&flags);
    tp_config_init(cfg);
    const char *config = NULL;
    bool check = false;
    int c, idx, status = 0;
    while (idx = -1, (c = getopt_long(argc, argv, "l:t:r:hV", OPTS, &idx)) != -1) {
        const char *name;
        switch (c) {
        case 'l':
            name = "listen";
            break;
        case 't':
            name = "threads";
            break;
        case 'r':
            name = "root";
            break;
        case OPT_SETTING:
            name = OPTS[idx].name;
            break;
        case OPT_CONFIG:
        case OPT_CHECK_CONFIG:
            if (config) {
                fputs("teapot: give one --config or --check-config\n", stderr);
                status = 2;
                goto out;
            }
            config = optarg;
            check = c == OPT_CHECK_CONFIG;
            continue;
        case 'h':
            usage(stdout);
            goto out;
        case 'V':
            printf("teapot %s\n", TP_VERSION);
            goto out;
        default:
            usage(stderr);
            status = 2;
            goto out;
        }
        char why[400];
        if (tp_config_flag(&flags, name, optarg, why, sizeof(why)) < 0) {
            fprintf(stderr, "teapot: --%s %s\n", name, why);
            status = 2;
            goto out;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "teapot: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        status = 2;
        goto out;
    }
    if (config) {
        int problems = tp_config_load(cfg, config, stderr);
        if (check) {
            if (!problems)
                printf("%s: ok\n", config);
            status = problems ? 1 : 0;
            goto out;
        }
        if (problems) {
            fprintf(stderr, "teapot: not started: %d problem%s in %s\n",
                    problems, problems == 1 ? "" : "s", config);
            status = 1;
            goto out;
        }
    }
    if (tp_config_merge(cfg, &flags) < 0) {
        fputs("teapot: out of memory\n", stderr);
        status = 1;
        goto out;
    }
    /* Flags and file together: --dav needs a root, and no database may
     * lie in a served tree. */
    char why[600];
    if (tp_config_check_dav(cfg, why, sizeof(why)) < 0) {
        fprintf(stderr, "teapot: %s\n", why);
        status = 2;
        goto out;
    }
    serving sv = {.config = config, .flags = &flags};
    status = run(cfg, &sv);
    cfg = NULL; /* the server's sites owned it */
out:
    tp_config_free(&flags);
    if (cfg)
        free_config(cfg);
    return status;
}

int main(int argc, char **argv)
{
    setvbuf(stderr, NULL, _IOLBF, 0);
    if (argc > 1 && !strcmp(argv[1], "codes"))
        return tp_cmd_codes(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "explain"))
        return tp_cmd_explain(argc - 1, argv + 1);
    return serve(argc, argv);
}
