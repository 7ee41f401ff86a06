/*
 * test_hosts.c - making virtual hosts: names are checked and normalised
 * when a host is made, so that a request can be matched by plain string
 * comparison.
 */
#include <criterion/criterion.h>
#include <errno.h>

#include "engine.h"

Test(hosts, names_are_normalised)
{
    tp_server *srv = tp_server_new();
    const char *const names[] = {"WWW.Example.ORG.", "example.org:8080",
                                 "[::1]:443", "*.Example.org", NULL};
    tp_host *h = tp_server_host(srv, names);
    cr_assert_not_null(h);
    cr_assert_eq(h->nnames, 4);
    cr_assert_str_eq(h->names[0], "www.example.org");
    cr_assert_str_eq(h->names[1], "example.org");
    cr_assert_str_eq(h->names[2], "[::1]");
    cr_assert_str_eq(h->names[3], "*.example.org");
    tp_server_free(srv);
}

Test(hosts, bad_names_are_refused)
{
    tp_server *srv = tp_server_new();
    const char *const empty[] = {NULL};
    errno = 0;
    cr_assert_null(tp_server_host(srv, empty));
    cr_assert_eq(errno, EINVAL);
    static const char *const bad[] = {"", ":8080", "*example.org", "a.*.org",
                                      "[::1", "."};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *const one[] = {bad[i], NULL};
        errno = 0;
        cr_assert_null(tp_server_host(srv, one), "%s", bad[i]);
        cr_assert_eq(errno, EINVAL, "%s", bad[i]);
    }
    tp_server_free(srv);
}

Test(hosts, a_name_belongs_to_one_host)
{
    tp_server *srv = tp_server_new();
    const char *const a[] = {"a.test", NULL};
    const char *const again[] = {"other.test", "A.TEST", NULL};
    cr_assert_not_null(tp_server_host(srv, a));
    errno = 0;
    cr_assert_null(tp_server_host(srv, again));
    cr_assert_eq(errno, EEXIST);
    cr_assert_eq(srv->next->nhosts, 1, "the refused host is not kept");
    tp_server_free(srv);
}
