/*
 * teapot/ratelimit.h - token-bucket rate limits, keyed by client (and
 * whatever else a key holds), behind 429 Too Many Requests (RFC 6585 4).
 *
 * Each key has a bucket of `burst` tokens refilled at `rate` per second; a
 * request takes one.  The table of keys is bounded: when it is full, the
 * key used least recently is forgotten (it starts again with a full
 * bucket), so a flood of addresses costs a bounded amount of memory.  The
 * limiter is shared by all worker threads.
 */
#ifndef TEAPOT_RATELIMIT_H
#define TEAPOT_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "teapot/server.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tp_ratelimit tp_ratelimit;

/* `rate` tokens per second (> 0), buckets of `burst` tokens (>= 1), at
 * most `max_keys` keys remembered (>= 1).  NULL with errno on error. */
tp_ratelimit *tp_ratelimit_new(double rate, unsigned burst, size_t max_keys);
void tp_ratelimit_free(tp_ratelimit *rl);

typedef struct tp_ratelimit_state {
    unsigned remaining; /* tokens left after this request */
    unsigned reset_s;   /* seconds until the bucket is full again */
    unsigned retry_s;   /* when refused: seconds until a token is there */
} tp_ratelimit_state;

/* Takes a token for `key` (at most 128 bytes) at time `now_ms` (any
 * monotonic clock in milliseconds).  Returns 1 when the request may go on,
 * 0 when it is over the limit (*st says where the bucket stands either
 * way), -EINVAL for a longer key. */
int tp_ratelimit_take(tp_ratelimit *rl, const void *key, size_t key_len,
                      uint64_t now_ms, tp_ratelimit_state *st);

/* How many keys the table holds now (never more than max_keys). */
size_t tp_ratelimit_keys(tp_ratelimit *rl);

/*
 * The fields of draft-ietf-httpapi-ratelimit-headers on `req`:
 * RateLimit-Policy ("name";q=burst;w=window) and RateLimit
 * ("name";r=remaining;t=reset), for any response under the policy.
 */
void tp_ratelimit_fields(tp_request *req, const tp_ratelimit *rl,
                         const char *name, const tp_ratelimit_state *st);

/* 429 Too Many Requests with Retry-After (RFC 6585 4) and the fields
 * above, explained by Accept like every error. */
void tp_ratelimit_refuse(tp_request *req, const tp_ratelimit *rl,
                         const char *name, const tp_ratelimit_state *st);

#ifdef __cplusplus
}
#endif
#endif
