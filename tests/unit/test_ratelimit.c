/*
 * test_ratelimit.c - token buckets per key: a burst is allowed, then one
 * request per 1/rate seconds; keys are independent; the table never holds
 * more than max_keys keys, forgetting the least recently used first.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "teapot/ratelimit.h"

static int take(tp_ratelimit *rl, const char *key, uint64_t ms,
                tp_ratelimit_state *st)
{
    return tp_ratelimit_take(rl, key, strlen(key), ms, st);
}

Test(ratelimit, burst_then_rate)
{
    tp_ratelimit *rl = tp_ratelimit_new(2.0, 3, 16); /* 2/s, burst 3 */
    tp_ratelimit_state st;
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(take(rl, "a", 1000, &st), 1, "request %d", i);
        cr_assert_eq(st.remaining, (unsigned)(2 - i));
    }
    cr_assert_eq(take(rl, "a", 1000, &st), 0, "the fourth is over");
    cr_assert_eq(st.remaining, 0);
    cr_assert_eq(st.retry_s, 1, "a token comes in half a second: 1 s");
    cr_assert_eq(st.reset_s, 2, "3 tokens at 2/s: full in 1.5 s -> 2");
    cr_assert_eq(take(rl, "a", 1400, &st), 0, "0.8 tokens after 400 ms");
    cr_assert_eq(take(rl, "a", 1500, &st), 1, "one token after 500 ms");
    /* a long pause refills to the burst, not beyond */
    cr_assert_eq(take(rl, "a", 100000, &st), 1);
    cr_assert_eq(st.remaining, 2);
    tp_ratelimit_free(rl);
}

Test(ratelimit, keys_are_independent)
{
    tp_ratelimit *rl = tp_ratelimit_new(1.0, 1, 16);
    tp_ratelimit_state st;
    cr_assert_eq(take(rl, "10.0.0.1", 0, &st), 1);
    cr_assert_eq(take(rl, "10.0.0.1", 0, &st), 0);
    cr_assert_eq(take(rl, "10.0.0.2", 0, &st), 1);
    cr_assert_eq(take(rl, "10.0.0.1", 999, &st), 0);
    cr_assert_eq(take(rl, "10.0.0.1", 1000, &st), 1);
    tp_ratelimit_free(rl);
}

Test(ratelimit, table_is_bounded_and_forgets_the_least_recent)
{
    tp_ratelimit *rl = tp_ratelimit_new(0.001, 1, 100);
    tp_ratelimit_state st;
    char key[32];
    cr_assert_eq(take(rl, "kept", 0, &st), 1);
    for (int i = 0; i < 10000; i++) {
        snprintf(key, sizeof(key), "flood-%d", i);
        take(rl, key, 1, &st);
        if (i % 50 == 0) /* "kept" stays recent */
            take(rl, "kept", 1, &st);
        cr_assert_leq(tp_ratelimit_keys(rl), 100);
    }
    cr_assert_eq(tp_ratelimit_keys(rl), 100);
    /* "kept" is still remembered, its bucket empty */
    cr_assert_eq(take(rl, "kept", 2, &st), 0);
    /* an early flood key was forgotten: it starts with a full bucket */
    cr_assert_eq(take(rl, "flood-0", 2, &st), 1);
    tp_ratelimit_free(rl);
}

Test(ratelimit, bad_settings_are_refused)
{
    errno = 0;
    cr_assert_null(tp_ratelimit_new(0, 1, 1));
    cr_assert_eq(errno, EINVAL);
    cr_assert_null(tp_ratelimit_new(1, 0, 1));
    cr_assert_null(tp_ratelimit_new(1, 1, 0));
    cr_assert_null(tp_ratelimit_new(-1, 1, 1));
}

Test(ratelimit, long_keys_are_refused_not_cut)
{
    tp_ratelimit *rl = tp_ratelimit_new(1.0, 1, 16);
    tp_ratelimit_state st;
    char key[200];
    memset(key, 'k', sizeof(key));
    cr_assert_eq(tp_ratelimit_take(rl, key, sizeof(key), 0, &st), -EINVAL);
    cr_assert_eq(tp_ratelimit_take(rl, key, 128, 0, &st), 1);
    cr_assert_eq(tp_ratelimit_take(rl, key, 127, 0, &st), 1,
                 "a key one byte shorter is another key");
    tp_ratelimit_free(rl);
}

Test(ratelimit, a_very_slow_rate_does_not_overflow)
{
    tp_ratelimit *rl = tp_ratelimit_new(1e-12, 1, 4);
    tp_ratelimit_state st;
    take(rl, "a", 0, &st);
    cr_assert_eq(take(rl, "a", 0, &st), 0);
    cr_assert_eq(st.retry_s, 4294967295u);
    tp_ratelimit_free(rl);
}

/* The answer itself, through the writer. */
#include "exchange.h"

Test(ratelimit, refusal_is_429_with_retry_after_and_ratelimit_fields)
{
    tp_ratelimit *rl = tp_ratelimit_new(0.5, 2, 4); /* 2 per 4 s */
    tp_ratelimit_state st;
    take(rl, "a", 0, &st);
    take(rl, "a", 0, &st);
    cr_assert_eq(take(rl, "a", 0, &st), 0);
    fixture *f = fx_new("GET");
    tp_ratelimit_refuse(f->x, rl, "api", &st);
    const char *t = fx_out(f);
    cr_assert(!strncmp(t, "HTTP/1.1 429 Too Many Requests\r\n", 32), "%s", t);
    cr_assert(strstr(t, "\r\nRetry-After: 2\r\n"), "%s", t);
    cr_assert(strstr(t, "\r\nRateLimit-Policy: \"api\";q=2;w=4\r\n"), "%s", t);
    cr_assert(strstr(t, "\r\nRateLimit: \"api\";r=0;t=4\r\n"), "%s", t);
    fx_free(f);

    /* a name that would break the structured field is replaced */
    f = fx_new("GET");
    tp_ratelimit_fields(f->x, rl, "a\"b", &st);
    tp_respond(f->x, 200, NULL, "", 0);
    cr_assert(strstr(fx_out(f), "RateLimit-Policy: \"default\";"), "%s",
              fx_out(f));
    fx_free(f);
    tp_ratelimit_free(rl);
}
