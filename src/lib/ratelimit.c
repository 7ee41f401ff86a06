/*
 * ratelimit.c - token buckets per key in a bounded table, behind 429 Too
 * Many Requests (RFC 6585 4) and the RateLimit fields.
 *
 * The table is a hash of keys with a least-recently-used list through the
 * same entries: a hit moves the entry to the front, a new key beyond
 * max_keys reuses the entry at the back.  One mutex guards it; the work
 * under it is a hash lookup and a few arithmetic operations.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "teapot/ratelimit.h"

/* The longest key (an address and a path prefix fit); longer ones are
 * refused rather than cut, which would merge distinct keys. */
#define RL_KEY_MAX 128

typedef struct rl_entry {
    struct rl_entry *hnext;           /* hash chain */
    struct rl_entry *prev, *next;     /* LRU list, most recent first */
    double tokens;
    uint64_t at_ms;                   /* when tokens was computed */
    uint16_t key_len;
    unsigned char key[RL_KEY_MAX];
} rl_entry;

struct tp_ratelimit {
    double rate;       /* tokens per millisecond */
    unsigned burst;
    size_t max_keys, nkeys, nbuckets;
    uint32_t seed;     /* random: a client cannot aim keys at one chain */
    rl_entry **buckets;
    rl_entry lru;      /* list head */
    pthread_mutex_t lock;
};

static uint32_t rl_hash(uint32_t seed, const unsigned char *k, size_t n)
{
    uint32_t h = 2166136261u ^ seed;
    for (size_t i = 0; i < n; i++)
        h = (h ^ k[i]) * 16777619u;
    return h;
}

tp_ratelimit *tp_ratelimit_new(double rate, unsigned burst, size_t max_keys)
{
    if (!(rate > 0) || burst < 1 || max_keys < 1) {
        errno = EINVAL;
        return NULL;
    }
    tp_ratelimit *rl = calloc(1, sizeof(*rl));
    if (!rl)
        return NULL;
    rl->rate = rate / 1000.0;
    rl->burst = burst;
    rl->max_keys = max_keys;
    rl->nbuckets = 64;
    while (rl->nbuckets < max_keys && rl->nbuckets < (1u << 20))
        rl->nbuckets <<= 1;
    rl->buckets = calloc(rl->nbuckets, sizeof(*rl->buckets));
    if (!rl->buckets) {
        free(rl);
        return NULL;
    }
    rl->lru.prev = rl->lru.next = &rl->lru;
    if (getrandom(&rl->seed, sizeof(rl->seed), GRND_NONBLOCK) !=
        (ssize_t)sizeof(rl->seed))
        rl->seed = (uint32_t)(uintptr_t)rl;
    pthread_mutex_init(&rl->lock, NULL);
    return rl;
}

void tp_ratelimit_free(tp_ratelimit *rl)
{
    if (!rl)
        return;
    for (rl_entry *e = rl->lru.next, *n; e != &rl->lru; e = n) {
        n = e->next;
        free(e);
    }
    free(rl->buckets);
    pthread_mutex_destroy(&rl->lock);
    free(rl);
}

static void lru_unlink(rl_entry *e)
{
    e->prev->next = e->next;
    e->next->prev = e->prev;
}

static void lru_front(tp_ratelimit *rl, rl_entry *e)
{
    e->next = rl->lru.next;
    e->prev = &rl->lru;
    rl->lru.next->prev = e;
    rl->lru.next = e;
}

static void hash_remove(tp_ratelimit *rl, rl_entry *e)
{
    rl_entry **pp = &rl->buckets[rl_hash(rl->seed, e->key, e->key_len) &
                                 (rl->nbuckets - 1)];
    while (*pp != e)
        pp = &(*pp)->hnext;
    *pp = e->hnext;
}

/* The entry for a key, made (or taken from the least recently used one)
 * when absent, at the front of the LRU list; NULL only when out of memory
 * with an empty table. */
static rl_entry *entry_for(tp_ratelimit *rl, const unsigned char *key,
                           size_t n, uint64_t now_ms)
{
    size_t b = rl_hash(rl->seed, key, n) & (rl->nbuckets - 1);
    for (rl_entry *e = rl->buckets[b]; e; e = e->hnext) {
        if (e->key_len == n && !memcmp(e->key, key, n)) {
            lru_unlink(e);
            lru_front(rl, e);
            return e;
        }
    }
    rl_entry *e = NULL;
    if (rl->nkeys < rl->max_keys)
        e = malloc(sizeof(*e));
    if (e) {
        rl->nkeys++;
    } else {
        /* Full (or out of memory): forget the key used least recently. */
        e = rl->lru.prev;
        if (e == &rl->lru)
            return NULL;
        lru_unlink(e);
        hash_remove(rl, e);
    }
    e->key_len = (uint16_t)n;
    memcpy(e->key, key, n);
    e->tokens = rl->burst;
    e->at_ms = now_ms;
    e->hnext = rl->buckets[b];
    rl->buckets[b] = e;
    lru_front(rl, e);
    return e;
}

/* Whole seconds, rounded up, within what an unsigned holds. */
static unsigned seconds(double s)
{
    double c = ceil(s);
    return c <= 0 ? 0 : c >= 4294967295.0 ? 4294967295u : (unsigned)c;
}

int tp_ratelimit_take(tp_ratelimit *rl, const void *key, size_t key_len,
                      uint64_t now_ms, tp_ratelimit_state *st)
{
    if (key_len > RL_KEY_MAX)
        return -EINVAL;
    pthread_mutex_lock(&rl->lock);
    rl_entry *e = entry_for(rl, key, key_len, now_ms);
    int ok = 1;
    double tokens = rl->burst;
    if (e) {
        if (now_ms > e->at_ms) {
            e->tokens += (double)(now_ms - e->at_ms) * rl->rate;
            if (e->tokens > rl->burst)
                e->tokens = rl->burst;
            e->at_ms = now_ms;
        }
        if (e->tokens >= 1.0)
            e->tokens -= 1.0;
        else
            ok = 0;
        tokens = e->tokens;
    }
    pthread_mutex_unlock(&rl->lock);
    double per_s = rl->rate * 1000.0;
    st->remaining = (unsigned)floor(tokens);
    st->reset_s = seconds((rl->burst - tokens) / per_s);
    st->retry_s = ok ? 0 : seconds((1.0 - tokens) / per_s);
    if (!ok && st->retry_s < 1)
        st->retry_s = 1;
    return ok;
}

size_t tp_ratelimit_keys(tp_ratelimit *rl)
{
    pthread_mutex_lock(&rl->lock);
    size_t n = rl->nkeys;
    pthread_mutex_unlock(&rl->lock);
    return n;
}

void tp_ratelimit_fields(tp_request *req, const tp_ratelimit *rl,
                         const char *name, const tp_ratelimit_state *st)
{
    /* The bucket as a quota: `burst` requests per the time it takes to
     * refill from empty. */
    unsigned window = seconds(rl->burst / (rl->rate * 1000.0));
    /* The name is a structured-field string: keep it to characters that
     * need no escaping. */
    for (const char *p = name; *p; p++)
        if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\') {
            name = "default";
            break;
        }
    tp_response_headerf(req, "RateLimit-Policy", "\"%s\";q=%u;w=%u", name,
                        rl->burst, window ? window : 1);
    tp_response_headerf(req, "RateLimit", "\"%s\";r=%u;t=%u", name,
                        st->remaining, st->reset_s);
}

void tp_ratelimit_refuse(tp_request *req, const tp_ratelimit *rl,
                         const char *name, const tp_ratelimit_state *st)
{
    tp_ratelimit_fields(req, rl, name, st);
    tp_response_headerf(req, "Retry-After", "%u", st->retry_s);
    tp_respond_error(req, 429, "the request rate of this client is over "
                               "the limit; Retry-After says when to try "
                               "again");
}
