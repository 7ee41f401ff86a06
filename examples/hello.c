/*
 * hello.c - the smallest program that embeds libteapot: "hello" on every
 * path, for every method.  The engine answers everything else (framing,
 * 400s, 408, 413, 414, 431, 501, 505, OPTIONS *, HEAD, 100 Continue).
 *
 *   cc hello.c $(pkg-config --cflags --libs libteapot) -o hello
 *   ./hello 127.0.0.1:8080
 */
#include <stdio.h>
#include <stdlib.h>

#include <teapot/teapot.h>

static void hello(tp_request *req, void *arg)
{
    (void)arg;
    tp_respond_static(req, 200, "text/plain", "hello\n", 6);
}

int main(int argc, char **argv)
{
    const char *listen = argc > 1 ? argv[1] : "127.0.0.1:8080";
    tp_server *srv = tp_server_new();
    if (!srv)
        return 1;
    int r = tp_server_listen(srv, listen);
    if (r < 0) {
        fprintf(stderr, "hello: cannot listen on %s (error %d)\n", listen, -r);
        return 1;
    }
    if (argc > 2)
        tp_server_set_threads(srv, atoi(argv[2]));
    tp_server_handle(srv, NULL, "*", hello, NULL);
    tp_server_stop_on_signals(srv);
    fprintf(stderr, "hello: listening on port %d\n", tp_server_port(srv, 0));
    r = tp_server_run(srv);
    tp_server_free(srv);
    return r < 0 ? 1 : 0;
}
