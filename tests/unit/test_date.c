/*
 * test_date.c - the HTTP-date of RFC 9110 5.6.7.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "engine.h"

Test(date, imf_fixdate)
{
    char out[32];
    tp_http_date(784111777, out);
    cr_assert_str_eq(out, "Sun, 06 Nov 1994 08:49:37 GMT",
                     "the example of RFC 9110 5.6.7");
    tp_http_date(0, out);
    cr_assert_str_eq(out, "Thu, 01 Jan 1970 00:00:00 GMT");
    tp_http_date(951782400, out);
    cr_assert_str_eq(out, "Tue, 29 Feb 2000 00:00:00 GMT");
}

Test(date, cached_per_second)
{
    tp_worker w;
    memset(&w, 0, sizeof(w));
    tp_date_update(&w, 784111777);
    cr_assert_str_eq(w.date, "Sun, 06 Nov 1994 08:49:37 GMT");
    cr_assert_eq(strlen(w.date), 29, "the writer copies exactly 29 bytes");
    tp_date_update(&w, 784111778);
    cr_assert_str_eq(w.date, "Sun, 06 Nov 1994 08:49:38 GMT");
}
