/*
 * teapot.c - the teapot command: serve (the default), codes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "handlers.h"
#include "teapot/teapot.h"

static void usage(FILE *out)
{
    fputs("usage: teapot [options]          serve HTTP\n"
          "       teapot codes [--json]     list the status-code registry\n"
          "       teapot explain CODE|Nxx [--lang en|zh-CN|zh-TW] [--json]\n"
          "                                 explain a status code or a class\n"
          "\n"
          "options:\n"
          "  -l, --listen ADDR:PORT     listen here (repeatable; IPv6 as [::1]:8080;\n"
          "                             default 127.0.0.1:8080)\n"
          "  -t, --threads N            worker threads (default: one per CPU)\n"
          "      --access-log PATH      Combined Log Format to PATH, '-' for standard\n"
          "                             output (the default), 'off' for none\n"
          "      --max-body BYTES       larger request bodies get 413 (default 1048576)\n"
          "      --header-timeout SEC   408 when a request head takes longer (10)\n"
          "      --body-timeout SEC     408 when a request body stalls longer (30)\n"
          "      --keepalive-timeout SEC  idle connections close after (75)\n"
          "  -r, --root DIR             serve the files under DIR (read-only)\n"
          "      --max-age SECONDS      Cache-Control: max-age for files\n"
          "      --no-list              403 for directories without index.html\n"
          "      --follow-symlinks      let symbolic links lead out of the root\n"
          "      --dotfiles             serve and list names starting with '.'\n"
          "      --testapi PREFIX       mount the client-testing API at PREFIX (it is\n"
          "                             at / without --root; 'off' for none)\n"
          "      --max-delay SEC        longest /delay, /drip or ?sleep_ms (10)\n"
          "      --redirect-allow HOST  /redirect-to may send clients to HOST with\n"
          "                             an absolute URL (repeatable)\n"
          "      --reference            mount the status-code reference at /codes\n"
          "                             beside --root (it is there without --root)\n"
          "  -h, --help                 this text\n"
          "  -V, --version              the version\n",
          out);
}

static int parse_seconds(const char *s, int *ms)
{
    char *end;
    double v = strtod(s, &end);
    if (*end || v <= 0 || v > 86400)
        return -1;
    *ms = (int)(v * 1000);
    return 0;
}

enum {
    OPT_ACCESS_LOG = 256,
    OPT_MAX_BODY,
    OPT_HEADER_TIMEOUT,
    OPT_BODY_TIMEOUT,
    OPT_KEEPALIVE_TIMEOUT,
    OPT_MAX_AGE,
    OPT_NO_LIST,
    OPT_FOLLOW_SYMLINKS,
    OPT_DOTFILES,
    OPT_TESTAPI,
    OPT_MAX_DELAY,
    OPT_REDIRECT_ALLOW,
    OPT_REFERENCE,
};

#define MAX_REDIRECT_HOSTS 32

static int serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"access-log", required_argument, NULL, OPT_ACCESS_LOG},
        {"max-body", required_argument, NULL, OPT_MAX_BODY},
        {"header-timeout", required_argument, NULL, OPT_HEADER_TIMEOUT},
        {"body-timeout", required_argument, NULL, OPT_BODY_TIMEOUT},
        {"keepalive-timeout", required_argument, NULL, OPT_KEEPALIVE_TIMEOUT},
        {"root", required_argument, NULL, 'r'},
        {"max-age", required_argument, NULL, OPT_MAX_AGE},
        {"no-list", no_argument, NULL, OPT_NO_LIST},
        {"follow-symlinks", no_argument, NULL, OPT_FOLLOW_SYMLINKS},
        {"dotfiles", no_argument, NULL, OPT_DOTFILES},
        {"testapi", required_argument, NULL, OPT_TESTAPI},
        {"max-delay", required_argument, NULL, OPT_MAX_DELAY},
        {"redirect-allow", required_argument, NULL, OPT_REDIRECT_ALLOW},
        {"reference", no_argument, NULL, OPT_REFERENCE},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {0},
    };
    tp_server *srv = tp_server_new();
    if (!srv) {
        fputs("teapot: out of memory\n", stderr);
        return 1;
    }
    tp_limits *lim = tp_server_limits(srv);
    const char *access_log = "-";
    tp_static_options files = {.root = NULL, .max_age = -1, .list = true};
    tp_testapi_options api;
    tp_testapi_defaults(&api);
    const char *api_prefix = NULL; /* NULL: at the root unless --root */
    const char *redirect_hosts[MAX_REDIRECT_HOSTS + 1] = {NULL};
    int nredirect = 0;
    api.redirect_hosts = redirect_hosts;
    bool reference = false; /* beside --root; always without it */
    int nlisten = 0, c, status = 0;
    while ((c = getopt_long(argc, argv, "l:t:r:hV", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'l': {
            int r = tp_server_listen(srv, optarg);
            if (r < 0) {
                fprintf(stderr, "teapot: cannot listen on %s: %s\n", optarg,
                        r == -EINVAL ? "not ADDR:PORT" : strerror(-r));
                status = 1;
                goto out;
            }
            nlisten++;
            break;
        }
        case 't': {
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 256) {
                fprintf(stderr, "teapot: --threads wants 1..256\n");
                status = 2;
                goto out;
            }
            tp_server_set_threads(srv, (int)n);
            break;
        }
        case OPT_ACCESS_LOG:
            access_log = strcmp(optarg, "off") ? optarg : NULL;
            break;
        case OPT_MAX_BODY: {
            long long n = strtoll(optarg, &end, 10);
            if (*end || n < 0) {
                fprintf(stderr, "teapot: --max-body wants a byte count\n");
                status = 2;
                goto out;
            }
            lim->max_body = n;
            break;
        }
        case OPT_HEADER_TIMEOUT:
        case OPT_BODY_TIMEOUT:
        case OPT_KEEPALIVE_TIMEOUT: {
            int *dst = c == OPT_HEADER_TIMEOUT  ? &lim->header_timeout_ms
                       : c == OPT_BODY_TIMEOUT ? &lim->body_timeout_ms
                                               : &lim->keepalive_timeout_ms;
            if (parse_seconds(optarg, dst) < 0) {
                fprintf(stderr, "teapot: %s wants seconds\n", argv[optind - 1]);
                status = 2;
                goto out;
            }
            break;
        }
        case 'r':
            files.root = optarg;
            break;
        case OPT_MAX_AGE: {
            long n = strtol(optarg, &end, 10);
            if (*end || n < 0 || n > 315360000) {
                fprintf(stderr, "teapot: --max-age wants seconds\n");
                status = 2;
                goto out;
            }
            files.max_age = (int)n;
            break;
        }
        case OPT_NO_LIST:
            files.list = false;
            break;
        case OPT_FOLLOW_SYMLINKS:
            files.follow_symlinks = true;
            break;
        case OPT_DOTFILES:
            files.dotfiles = true;
            break;
        case OPT_TESTAPI:
            if (strcmp(optarg, "off") && optarg[0] != '/') {
                fprintf(stderr, "teapot: --testapi wants a path such as "
                                "/httpbin, or 'off'\n");
                status = 2;
                goto out;
            }
            api_prefix = optarg;
            break;
        case OPT_MAX_DELAY:
            if (parse_seconds(optarg, &api.max_delay_ms) < 0) {
                fprintf(stderr, "teapot: --max-delay wants seconds\n");
                status = 2;
                goto out;
            }
            break;
        case OPT_REDIRECT_ALLOW:
            if (nredirect == MAX_REDIRECT_HOSTS) {
                fprintf(stderr, "teapot: at most %d --redirect-allow hosts\n",
                        MAX_REDIRECT_HOSTS);
                status = 2;
                goto out;
            }
            redirect_hosts[nredirect++] = optarg;
            break;
        case OPT_REFERENCE:
            reference = true;
            break;
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
    }
    if (optind < argc) {
        fprintf(stderr, "teapot: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        status = 2;
        goto out;
    }
    if (nlisten == 0) {
        int r = tp_server_listen(srv, "127.0.0.1:8080");
        if (r < 0) {
            fprintf(stderr, "teapot: cannot listen on 127.0.0.1:8080: %s\n",
                    strerror(-r));
            status = 1;
            goto out;
        }
        nlisten = 1;
    }
    if (access_log) {
        int r = tp_server_set_access_log(srv, access_log);
        if (r < 0) {
            fprintf(stderr, "teapot: cannot open %s: %s\n", access_log,
                    strerror(-r));
            status = 1;
            goto out;
        }
    }
    /* The testing API goes first: its paths win over the files. */
    if (!api_prefix && !files.root)
        api_prefix = "";
    bool api_on = api_prefix && strcmp(api_prefix, "off");
    if (api_on) {
        api.prefix = api_prefix;
        int r = tp_testapi_mount(srv, &api);
        if (r < 0) {
            fprintf(stderr, "teapot: cannot mount the testing API at '%s': "
                            "%s\n", api_prefix, strerror(-r));
            status = 1;
            goto out;
        }
    }
    /* The reference comes before the files too, so that /codes is its.
     * "try it" asks this server over loopback: the first listener, with a
     * wildcard address replaced by the loopback one of its family. */
    if (reference || !files.root) {
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
        int r = tp_reference_mount(srv, &ref);
        if (r < 0) {
            fprintf(stderr, "teapot: cannot mount the reference at /codes: "
                            "%s\n", strerror(-r));
            status = 1;
            goto out;
        }
    }
    if (files.root) {
        int r = tp_static_mount(srv, "*", &files);
        if (r < 0) {
            fprintf(stderr, "teapot: cannot serve %s: %s\n", files.root,
                    strerror(-r));
            status = 1;
            goto out;
        }
    } else if (tp_home_mount(srv) < 0) {
        fputs("teapot: cannot mount the default site\n", stderr);
        status = 1;
        goto out;
    }
    tp_server_stop_on_signals(srv);
    for (int i = 0; i < nlisten; i++) {
        char addr[64];
        tp_server_address(srv, (size_t)i, addr, sizeof(addr));
        fprintf(stderr, "teapot: listening on http://%s/\n", addr);
    }
    int r = tp_server_run(srv);
    if (r < 0) {
        fprintf(stderr, "teapot: %s\n", strerror(-r));
        status = 1;
    }
out:
    tp_server_free(srv);
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
