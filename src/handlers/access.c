/*
 * access.c - the building blocks of access control: client networks
 * (allow and deny lists decided by the most specific match, answered 403
 * by the rules), htpasswd files (loaded strictly, every problem with its
 * line) and the password check behind HTTP Basic authentication
 * (RFC 7617), whose failures the rules answer with 401 and a challenge.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <crypt.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "access.h"
#include "handlers.h"

/* ---- client networks ---- */

/* Longer than any address with a prefix: a typo, refused before parsing. */
#define MAX_NET_TEXT 64

/* The first `bits` bits of a and b are equal. */
static bool prefix_eq(const unsigned char *a, const unsigned char *b,
                      unsigned bits)
{
    unsigned whole = bits / 8, rest = bits % 8;
    if (memcmp(a, b, whole) != 0)
        return false;
    if (!rest)
        return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return ((a[whole] ^ b[whole]) & mask) == 0;
}

static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0,
                                            0, 0, 0xff, 0xff};

/* An address as text into a net of full length; an IPv4-mapped IPv6
 * address becomes the IPv4 address it carries, so that a client reaching
 * a dual-stack listener over IPv4 meets the IPv4 rules. */
static bool parse_addr(const char *s, tp_net *out)
{
    memset(out, 0, sizeof(*out));
    if (strchr(s, ':')) {
        if (inet_pton(AF_INET6, s, out->addr) != 1)
            return false;
        if (!memcmp(out->addr, v4_mapped, sizeof(v4_mapped))) {
            memmove(out->addr, out->addr + 12, 4);
            memset(out->addr + 4, 0, 12);
            out->family = AF_INET;
            out->bits = 32;
            return true;
        }
        out->family = AF_INET6;
        out->bits = 128;
        return true;
    }
    if (inet_pton(AF_INET, s, out->addr) != 1)
        return false;
    out->family = AF_INET;
    out->bits = 32;
    return true;
}

int tp_net_parse(const char *v, tp_net out[2], size_t *n, char *why,
                 size_t cap)
{
    static const char wants[] = "wants an address such as 192.0.2.7 or "
                                "2001:db8::1, a network such as 10.0.0.0/8 "
                                "or 2001:db8::/32, or all";
    *n = 0;
    if (!strcmp(v, "all")) {
        memset(out, 0, 2 * sizeof(*out));
        out[0].family = AF_INET;
        out[1].family = AF_INET6;
        *n = 2;
        return 0;
    }
    size_t len = strlen(v);
    if (len == 0 || len > MAX_NET_TEXT)
        return tp_refuse(why, cap, "%s, not '%.*s%s'", wants, MAX_NET_TEXT, v,
                         len > MAX_NET_TEXT ? "..." : "");

    char addr[MAX_NET_TEXT + 1];
    const char *slash = strchr(v, '/');
    size_t alen = slash ? (size_t)(slash - v) : len;
    memcpy(addr, v, alen);
    addr[alen] = '\0';

    tp_net net;
    if (!parse_addr(addr, &net))
        return tp_refuse(why, cap, "%s, not '%s'", wants, v);
    /* A mapped address was written in IPv6 notation: its prefix counts
     * the 96 bits before the IPv4 address. */
    unsigned shift = net.family == AF_INET && strchr(addr, ':') ? 96 : 0;
    unsigned maxbits = net.family == AF_INET ? 32 : 128;
    unsigned bits = maxbits;
    if (slash) {
        const char *p = slash + 1;
        unsigned long b = 0;
        /* Decimal digits only, without a sign or a leading zero, so that
         * a prefix reads one way. */
        bool ok = *p >= '0' && *p <= '9' && !(p[0] == '0' && p[1]);
        for (; ok && *p; p++) {
            ok = *p >= '0' && *p <= '9' && b <= 1000;
            b = b * 10 + (unsigned long)(*p - '0');
        }
        if (!ok || b < shift || b - shift > maxbits)
            return tp_refuse(why, cap, "wants a prefix length from %u to %u "
                             "after an %s address, not '%s'", shift,
                             maxbits + shift, shift || maxbits == 128
                                 ? "IPv6" : "IPv4", v);
        bits = (unsigned)(b - shift);
    }
    net.bits = (uint8_t)bits;
    /* "10.0.0.1/8" is probably a host written where a network was meant:
     * say which network it would be rather than guess. */
    tp_net base = net;
    unsigned whole = bits / 8;
    if (bits % 8)
        base.addr[whole++] &= (unsigned char)(0xff << (8 - bits % 8));
    memset(base.addr + whole, 0, sizeof(base.addr) - whole);
    if (memcmp(base.addr, net.addr, sizeof(net.addr)) != 0) {
        char text[INET6_ADDRSTRLEN];
        inet_ntop(net.family, base.addr, text, sizeof(text));
        return tp_refuse(why, cap, "wants a network with no address bits "
                         "set beyond its prefix (write %s/%u), not '%s'",
                         text, bits, v);
    }
    out[0] = net;
    *n = 1;
    return 0;
}

/* The prefix length of the most specific net in the list containing a,
 * or -1. */
static int best_match(const tp_net *nets, size_t n, const tp_net *a)
{
    int best = -1;
    for (size_t i = 0; i < n; i++)
        if (nets[i].family == a->family && (int)nets[i].bits > best &&
            prefix_eq(nets[i].addr, a->addr, nets[i].bits))
            best = nets[i].bits;
    return best;
}

bool tp_net_allowed(const tp_net *allow, size_t nallow, const tp_net *deny,
                    size_t ndeny, const char *peer)
{
    tp_net a;
    if (!peer || strlen(peer) >= INET6_ADDRSTRLEN || !parse_addr(peer, &a))
        return false;
    int yes = best_match(allow, nallow, &a);
    int no = best_match(deny, ndeny, &a);
    if (yes < 0 && no < 0)
        return nallow == 0;
    return yes > no;
}

/* ---- htpasswd files ---- */

/* A longer line is refused (a pasted key or a binary file, not a user). */
#define MAX_LINE 4096
/* Cost ceilings.  A password is checked on the worker thread that also
 * serves every other client of its connections: while crypt runs, they
 * all wait.  A file asking for more than this is refused at load rather
 * than stalling every authenticated request later.  Measured on one core
 * of a current machine, each ceiling is below 100 ms: bcrypt cost 10 some
 * 80 ms (each step doubles it); 200000 sha512-crypt rounds some 80 ms;
 * yescrypt with 32 MiB some 60 ms (mkpasswd's default is 16 MiB).  htpasswd
 * -B writes cost 5 unless told otherwise. */
#define MAX_BCRYPT_COST 10
#define MAX_SHA_ROUNDS 200000UL
#define MAX_YESCRYPT_MIB 32
#define MAX_YESCRYPT_T 4
/* "$2b$10", "$6$ rounds=5000", "$y$j9T": a setting as a message shows it. */
#define MAX_COST_LABEL 112
/* Distinct hash prefixes each checked once with libcrypt at load: a file
 * has one setting, spelt at most three ways ($2a$, $2b$, $2y$). */
#define MAX_SETTINGS 4
/* Remembered successes: a browser repeats its credentials on every
 * request, and a bcrypt per request would be the server's main cost. */
#define CACHE_SIZE 1024
#define CACHE_BUCKETS 2048
#define CACHE_TTL_MS (5 * 60 * 1000)
#define MAC_LEN 32

typedef struct entry {
    char *user;
    size_t ulen;
    char *hash;
    int line;
} entry;

typedef struct cache_slot {
    unsigned char mac[MAC_LEN];
    uint64_t expires_ms;
    uint16_t next;  /* next slot in the bucket, + 1; 0 ends */
    bool used;
} cache_slot;

struct tp_htpasswd {
    entry *e;
    size_t n, cap;
    size_t *table;   /* open addressing: index + 1, 0 empty */
    size_t tcap;     /* a power of two, at least twice n */
    char *dummy;     /* checked for unknown users */
    unsigned char key[MAC_LEN];
    pthread_mutex_t lock;
    cache_slot slots[CACHE_SIZE];
    uint16_t buckets[CACHE_BUCKETS]; /* slot + 1 */
    size_t oldest;   /* the slot replaced next */
};

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static entry *lookup(const tp_htpasswd *pw, const char *user, size_t ulen)
{
    if (!pw->tcap)
        return NULL;
    size_t mask = pw->tcap - 1;
    for (size_t i = hash_bytes(user, ulen) & mask;; i = (i + 1) & mask) {
        size_t k = pw->table[i];
        if (!k)
            return NULL;
        entry *e = &pw->e[k - 1];
        if (e->ulen == ulen && !memcmp(e->user, user, ulen))
            return e;
    }
}

static int table_put(tp_htpasswd *pw, size_t idx)
{
    if (2 * (pw->n + 1) > pw->tcap) {
        size_t ncap = pw->tcap ? pw->tcap * 2 : 64;
        size_t *t = calloc(ncap, sizeof(*t));
        if (!t)
            return -1;
        for (size_t i = 0; i < pw->tcap; i++)
            if (pw->table[i]) {
                const entry *e = &pw->e[pw->table[i] - 1];
                size_t j = hash_bytes(e->user, e->ulen) & (ncap - 1);
                while (t[j])
                    j = (j + 1) & (ncap - 1);
                t[j] = pw->table[i];
            }
        free(pw->table);
        pw->table = t;
        pw->tcap = ncap;
    }
    const entry *e = &pw->e[idx];
    size_t j = hash_bytes(e->user, e->ulen) & (pw->tcap - 1);
    while (pw->table[j])
        j = (j + 1) & (pw->tcap - 1);
    pw->table[j] = idx + 1;
    return 0;
}

/* The alphabet of the crypt hashes other than bcrypt, in value order. */
static const char crypt64[] =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/* bcrypt's own order of the same characters. */
static const char bcrypt64[] =
    "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

static int index64(const char *alphabet, char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

static bool all64(const char *alphabet, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (index64(alphabet, s[i]) < 0)
            return false;
    return true;
}

/* The encoded hashes end in a character whose unused low-order bits are
 * zero; any other ending is a hash no password produces, which would lock
 * its user out without a word. */
static bool canonical_end(const char *s, size_t n, int limit)
{
    return n && index64(crypt64, s[n - 1]) >= 0 &&
           index64(crypt64, s[n - 1]) < limit;
}

/* One yescrypt parameter: an unsigned integer in a variable-length
 * encoding over crypt64, where the first character's value says how many
 * characters follow (0..47 none, then 48..55 one, 56..59 two, 60..61
 * three, 62 four, 63 five).  Returns the rest of s, or NULL. */
static const char *yes_param(const char *s, uint32_t min, uint64_t *out)
{
    static const int start[] = {0, 48, 56, 60, 62, 63, 64};
    int c = index64(crypt64, *s);
    if (c < 0)
        return NULL;
    uint64_t v = min, span = 48;
    int k = 0;
    while (c >= start[k + 1]) {
        v += span;
        k++;
        span = (uint64_t)(start[k + 1] - start[k]) << (6 * k);
    }
    uint64_t low = 0;
    for (int i = 0; i < k; i++) {
        int d = index64(crypt64, *++s);
        if (d < 0)
            return NULL;
        low = low << 6 | (uint64_t)d;
    }
    *out = v + ((uint64_t)(c - start[k]) << (6 * k)) + low;
    return s + 1;
}

enum scheme { S_BCRYPT, S_SHA256, S_SHA512, S_YESCRYPT };

/* Checks a hash of an accepted scheme: 0 with the length of its setting
 * (scheme and cost, before the salt) in *plen, or -1 with why. */
static int check_hash(const char *h, enum scheme s, size_t *plen, char *why,
                      size_t cap)
{
    size_t n = strlen(h);
    if (s == S_BCRYPT) {
        /* "$2b$" two-digit cost "$" 22 salt characters 31 hash ones; the
         * salt carries 128 bits in 132, the hash 184 in 186. */
        if (n != 60 || h[4] < '0' || h[4] > '9' || h[5] < '0' ||
            h[5] > '9' || h[6] != '$' || !all64(bcrypt64, h + 7, 53) ||
            index64(bcrypt64, h[28]) % 16 || index64(bcrypt64, h[59]) % 4)
            return tp_refuse(why, cap, "has a malformed bcrypt hash "
                             "(60 characters: $2y$, a two-digit cost, '$', "
                             "a 22-character salt and a 31-character hash)");
        int cost = (h[4] - '0') * 10 + (h[5] - '0');
        if (cost < 4 || cost > 31)
            return tp_refuse(why, cap, "has bcrypt cost %d; bcrypt takes 4 "
                             "to 31", cost);
        if (cost > MAX_BCRYPT_COST)
            return tp_refuse(why, cap, "has bcrypt cost %d: each check would "
                             "hold up the worker, and every client it "
                             "serves, too long; use at most %d",
                             cost, MAX_BCRYPT_COST);
        *plen = 7;
        return 0;
    }
    if (s == S_SHA256 || s == S_SHA512) {
        const char *name = s == S_SHA256 ? "sha256-crypt" : "sha512-crypt";
        const char *p = h + 3;
        if (!strncmp(p, "rounds=", 7)) {
            p += 7;
            unsigned long r = 0;
            bool ok = *p >= '1' && *p <= '9';
            for (; ok && *p != '$'; p++) {
                ok = *p >= '0' && *p <= '9' && r < 1000000000UL;
                r = r * 10 + (unsigned long)(*p - '0');
            }
            if (!ok || r < 1000 || r > 999999999UL)
                return tp_refuse(why, cap, "has a malformed %s hash "
                                 "(rounds= takes 1000 to 999999999)", name);
            if (r > MAX_SHA_ROUNDS)
                return tp_refuse(why, cap, "has %lu %s rounds: each check "
                                 "would hold up the worker, and every "
                                 "client it serves, too long; use at most "
                                 "%lu", r, name, MAX_SHA_ROUNDS);
            p++;
        }
        *plen = (size_t)(p - h);
        const char *salt = p, *end = strchr(salt, '$');
        size_t want = s == S_SHA256 ? 43 : 86;
        /* 32 bytes end in a character of 4 bits, 64 in one of 2. */
        int last = s == S_SHA256 ? 16 : 4;
        if (!end || (size_t)(end - salt) > 16 ||
            !all64(crypt64, salt, (size_t)(end - salt)) ||
            strlen(end + 1) != want || !all64(crypt64, end + 1, want) ||
            !canonical_end(end + 1, want, last))
            return tp_refuse(why, cap, "has a malformed %s hash (%s, a "
                             "salt of up to 16 characters, '$' and a "
                             "%zu-character hash)", name, h[1] == '5'
                                 ? "$5$" : "$6$", want);
        return 0;
    }
    /* yescrypt: "$y$" parameters "$" salt "$" 43-character hash. */
    const char *p = h + 3;
    uint64_t flavor, nlog2, r, have = 0, par = 1, t = 0, g = 0;
    bool ok = (p = yes_param(p, 0, &flavor)) &&
              (p = yes_param(p, 1, &nlog2)) && (p = yes_param(p, 1, &r));
    if (ok && *p != '$') {
        ok = (p = yes_param(p, 1, &have)) != NULL && have < 16;
        if (ok && (have & 1))
            ok = (p = yes_param(p, 2, &par)) != NULL;
        if (ok && (have & 2))
            ok = (p = yes_param(p, 1, &t)) != NULL;
        if (ok && (have & 4))
            ok = (p = yes_param(p, 1, &g)) != NULL;
        if (ok && (have & 8))
            return tp_refuse(why, cap, "has a yescrypt hash that needs a ROM, "
                             "which password checks here do not have");
    }
    (void)g;
    ok = ok && *p == '$';
    const char *salt = ok ? p + 1 : NULL;
    const char *end = salt ? strchr(salt, '$') : NULL;
    size_t slen = end ? (size_t)(end - salt) : 0;
    /* The salt is bytes in crypt64, low bits first: a final group of two
     * characters holds one byte, of three two bytes, and the bits left
     * over are zero. */
    ok = end && slen <= 86 && slen % 4 != 1 && all64(crypt64, salt, slen) &&
         (slen % 4 != 2 || index64(crypt64, salt[slen - 1]) < 4) &&
         (slen % 4 != 3 || index64(crypt64, salt[slen - 1]) < 16) &&
         strlen(end + 1) == 43 && all64(crypt64, end + 1, 43) &&
         canonical_end(end + 1, 43, 16);
    if (!ok)
        return tp_refuse(why, cap, "has a malformed yescrypt hash ($y$, "
                         "parameters, '$', a salt, '$' and a 43-character "
                         "hash)");
    /* Memory is 128 * r * N * p bytes, in units of 128 bytes here. */
    uint64_t units = (uint64_t)MAX_YESCRYPT_MIB << 13;
    if (nlog2 > 40 || r > units || par > units || r * par > units ||
        (r * par) << nlog2 > units || t > MAX_YESCRYPT_T)
        return tp_refuse(why, cap, "has yescrypt parameters asking for more "
                         "than %d MiB or time factor %d per check: each check "
                         "holds up the worker, and every client it serves; "
                         "use mkpasswd's default cost",
                         MAX_YESCRYPT_MIB, MAX_YESCRYPT_T);
    *plen = (size_t)(salt - h);
    return 0;
}

/* A well-formed hash's setting as a message shows it ("$2b$10",
 * "$6$ rounds=5000", "$y$j9T") into `label`, and into `key` what makes
 * two settings cost the same: the label, except that bcrypt's $2a$, $2b$
 * and $2y$ differ only in how they treat bugs of old implementations and
 * that sha-crypt without rounds= has 5000. */
static void cost_label(const char *h, enum scheme s, size_t plen, char *label,
                       char *key)
{
    if (s == S_BCRYPT) {
        snprintf(label, MAX_COST_LABEL, "%.6s", h);
        snprintf(key, MAX_COST_LABEL, "bcrypt %.2s", h + 4);
    } else if (s == S_YESCRYPT) {
        snprintf(label, MAX_COST_LABEL, "%.*s", (int)plen - 1, h);
        snprintf(key, MAX_COST_LABEL, "%s", label);
    } else {
        const char *r = !strncmp(h + 3, "rounds=", 7) ? h + 10 : "5000$";
        snprintf(label, MAX_COST_LABEL, "%.3s rounds=%.*s", h,
                 (int)strcspn(r, "$"), r);
        snprintf(key, MAX_COST_LABEL, "%s", label);
    }
}

/* Which accepted scheme a hash names; -1 with why for everything else,
 * each refused scheme with its own reason, never quoting the hash. */
static int classify(const char *h, char *why, size_t cap)
{
    size_t n = strlen(h);
    if (!n)
        return tp_refuse(why, cap, "has no password hash after ':'");
    if (!strncmp(h, "$2a$", 4) || !strncmp(h, "$2b$", 4) ||
        !strncmp(h, "$2y$", 4))
        return S_BCRYPT;
    if (!strncmp(h, "$5$", 3))
        return S_SHA256;
    if (!strncmp(h, "$6$", 3))
        return S_SHA512;
    if (!strncmp(h, "$y$", 3))
        return S_YESCRYPT;
    if (!strncmp(h, "$1$", 3) || !strncmp(h, "$apr1$", 6))
        return tp_refuse(why, cap, "has an MD5-crypt hash, which is fast "
                         "enough to guess passwords from; make it again with "
                         "htpasswd -B (bcrypt)");
    if (!strncmp(h, "{SHA}", 5))
        return tp_refuse(why, cap, "has a {SHA} hash (unsalted SHA-1, "
                         "guessed at billions a second); make it again with "
                         "htpasswd -B (bcrypt)");
    if (h[0] == '$') {
        const char *e = strchr(h + 1, '$');
        size_t idn = e ? (size_t)(e - h - 1) : 0;
        bool shown = idn && idn <= 8;
        for (size_t i = 0; shown && i < idn; i++)
            shown = index64(crypt64, h[1 + i]) >= 2 || h[1 + i] == '-';
        return tp_refuse(why, cap, "has a hash of %s%.*s%s, which is not "
                         "taken here: use bcrypt ($2y$), yescrypt ($y$), "
                         "sha512-crypt ($6$) or sha256-crypt ($5$)",
                         shown ? "scheme $" : "an unknown scheme",
                         shown ? (int)idn : 0, h + 1, shown ? "$" : "");
    }
    if (n == 13 && all64(crypt64, h, n))
        return tp_refuse(why, cap, "has a DES crypt hash, which counts only 8 "
                         "characters of a password and is quickly guessed; "
                         "make it again with htpasswd -B (bcrypt)");
    return tp_refuse(why, cap, "has a plain-text password rather than a "
                     "hash; make one with htpasswd -B (bcrypt)");
}

/* A distinct setting (scheme and cost) seen in the file: checked once by
 * computing a hash with it, which also tells what a check costs. */
typedef struct setting {
    char prefix[96];
    bool ok;
    double ms;
    char *hash;  /* of a random password and a fresh salt */
} setting;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int random_bytes(void *buf, size_t n)
{
    unsigned char *p = buf;
    while (n) {
        ssize_t r = getrandom(p, n, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

/* Hashes a random password with `prefix` and a fresh salt of the same
 * scheme; NULL when libcrypt does not take the setting. */
static char *hash_with(const char *prefix, double *ms)
{
    static const char *const schemes[] = {"$2a$", "$2b$", "$2y$", "$5$",
                                          "$6$", "$y$"};
    const char *scheme = NULL;
    for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++)
        if (!strncmp(prefix, schemes[i], strlen(schemes[i])))
            scheme = schemes[i];
    char gen[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!scheme || !crypt_gensalt_rn(scheme, 0, NULL, 0, gen, sizeof(gen)))
        return NULL;
    const char *salt = strrchr(gen, '$') + 1;
    char set[sizeof(((setting *)0)->prefix) + CRYPT_GENSALT_OUTPUT_SIZE];
    snprintf(set, sizeof(set), "%s%s", prefix, salt);

    unsigned char rnd[16];
    char pass[2 * sizeof(rnd) + 1];
    if (random_bytes(rnd, sizeof(rnd)) < 0)
        return NULL;
    for (size_t i = 0; i < sizeof(rnd); i++)
        snprintf(pass + 2 * i, 3, "%02x", rnd[i]);

    struct crypt_data *cd = calloc(1, sizeof(*cd));
    if (!cd)
        return NULL;
    double t0 = now_ms();
    char *h = crypt_rn(pass, set, cd, sizeof(*cd));
    *ms = now_ms() - t0;
    char *out = h && h[0] != '*' ? strdup(h) : NULL;
    OPENSSL_cleanse(cd, sizeof(*cd));
    OPENSSL_cleanse(pass, sizeof(pass));
    free(cd);
    return out;
}

typedef struct loader {
    void (*report)(void *arg, int line, const char *msg);
    void *arg;
    int problems;
    bool nomem;
    /* The setting of the file's first user, which all others share. */
    char label[MAX_COST_LABEL], key[MAX_COST_LABEL];
    int line;
} loader;

static void problem(loader *ld, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(loader *ld, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ld->problems++;
    if (ld->report)
        ld->report(ld->arg, line, msg);
}

static void out_of_memory(loader *ld)
{
    ld->nomem = true;
    problem(ld, 0, "%s", strerror(ENOMEM));
}

/* One "user:hash" line (without its end of line).  The split is at the
 * last ':', since no accepted hash holds one: a user name with ':' is
 * then found and refused, because Basic credentials split user-id and
 * password at the first ':' (RFC 7617 2) and such a user could never
 * sign in. */
static void add_line(tp_htpasswd *pw, loader *ld, setting *sets,
                     size_t *nsets, char *l, size_t len, int line)
{
    char *colon = NULL;
    for (size_t i = 0; i < len; i++)
        if (l[i] == ':')
            colon = l + i;
    if (!colon) {
        problem(ld, line, "wants user:hash, and has no ':'");
        return;
    }
    size_t ulen = (size_t)(colon - l);
    char *hash = colon + 1;
    if (!ulen) {
        problem(ld, line, "has an empty user name");
        return;
    }
    for (size_t i = 0; i < ulen; i++) {
        unsigned char c = (unsigned char)l[i];
        if (c < 0x20 || c == 0x7f) {
            problem(ld, line, "has a user name with a control character");
            return;
        }
        if (c == ':') {
            problem(ld, line, "has a user name with ':', which Basic "
                    "authentication cannot carry (RFC 7617 2)");
            return;
        }
    }
    *colon = '\0';
    /* A NUL inside the hash would hide the rest of it from the checks. */
    if (memchr(hash, '\0', len - ulen - 1)) {
        problem(ld, line, "user '%.64s' has a NUL byte in its hash", l);
        return;
    }
    const entry *dup = lookup(pw, l, ulen);
    if (dup) {
        problem(ld, line, "user '%.64s' is already on line %d", l, dup->line);
        return;
    }
    char why[256];
    int s = classify(hash, why, sizeof(why));
    size_t plen = 0;
    if (s < 0 || check_hash(hash, (enum scheme)s, &plen, why, sizeof(why))) {
        problem(ld, line, "user '%.64s' %s", l, why);
        return;
    }
    if (crypt_checksalt(hash) == CRYPT_SALT_INVALID) {
        problem(ld, line, "user '%.64s' has a hash this libcrypt does not "
                "take", l);
        return;
    }
    /* An unknown user is checked against a hash of the file's setting: if
     * users had settings of different costs, the time of an answer would
     * tell a cheap user that exists from one that does not. */
    char label[MAX_COST_LABEL], key[MAX_COST_LABEL];
    cost_label(hash, (enum scheme)s, plen, label, key);
    if (!ld->line) {
        memcpy(ld->label, label, sizeof(label));
        memcpy(ld->key, key, sizeof(key));
        ld->line = line;
    } else if (strcmp(key, ld->key)) {
        problem(ld, line, "all users of a file must share one hash scheme "
                "and cost, so that checking a user who does not exist takes "
                "as long as checking one who does; found %s (line %d) and %s "
                "(line %d)", ld->label, ld->line, label, line);
        return;
    }
    /* The setting's cost is checked by computing one hash with it. */
    setting *st = NULL;
    for (size_t i = 0; i < *nsets && !st; i++)
        if (strlen(sets[i].prefix) == plen &&
            !strncmp(sets[i].prefix, hash, plen))
            st = &sets[i];
    if (!st && *nsets < MAX_SETTINGS && plen < sizeof(sets->prefix)) {
        st = &sets[(*nsets)++];
        memcpy(st->prefix, hash, plen);
        st->prefix[plen] = '\0';
        st->hash = hash_with(st->prefix, &st->ms);
        st->ok = st->hash != NULL;
    }
    if (st && !st->ok) {
        problem(ld, line, "user '%.64s' has hash parameters this libcrypt "
                "does not take", l);
        return;
    }
    if (pw->n == pw->cap) {
        size_t ncap = pw->cap ? pw->cap * 2 : 16;
        entry *e = realloc(pw->e, ncap * sizeof(*e));
        if (!e) {
            out_of_memory(ld);
            return;
        }
        pw->e = e;
        pw->cap = ncap;
    }
    entry *e = &pw->e[pw->n];
    e->user = strndup(l, ulen);
    e->hash = strdup(hash);
    e->ulen = ulen;
    e->line = line;
    if (!e->user || !e->hash || table_put(pw, pw->n) < 0) {
        free(e->user);
        free(e->hash);
        out_of_memory(ld);
        return;
    }
    pw->n++;
}

void tp_htpasswd_free(tp_htpasswd *pw)
{
    if (!pw)
        return;
    for (size_t i = 0; i < pw->n; i++) {
        OPENSSL_cleanse(pw->e[i].hash, strlen(pw->e[i].hash));
        free(pw->e[i].user);
        free(pw->e[i].hash);
    }
    free(pw->e);
    free(pw->table);
    free(pw->dummy);
    pthread_mutex_destroy(&pw->lock);
    OPENSSL_cleanse(pw, sizeof(*pw));
    free(pw);
}

tp_htpasswd *tp_htpasswd_load(const char *path,
                              void (*report)(void *arg, int line,
                                             const char *msg),
                              void *arg)
{
    loader ld = {.report = report, .arg = arg};
    FILE *f = fopen(path, "re");
    if (!f) {
        int err = errno;
        problem(&ld, 0, "cannot open: %s", strerror(err));
        errno = err == ENOMEM ? ENOMEM : EINVAL;
        return NULL;
    }
    tp_htpasswd *pw = calloc(1, sizeof(*pw));
    if (pw)
        pthread_mutex_init(&pw->lock, NULL);
    char *buf = malloc(MAX_LINE + 1);
    setting *sets = calloc(MAX_SETTINGS, sizeof(*sets));
    size_t nsets = 0;
    if (!pw || !buf || !sets) {
        out_of_memory(&ld);
        goto out;
    }

    int line = 0, users = 0;
    for (;;) {
        size_t len = 0;
        bool too_long = false;
        int c;
        while ((c = getc_unlocked(f)) != EOF && c != '\n') {
            if (len < MAX_LINE + 1)
                buf[len++] = (char)c;
            else
                too_long = true;
        }
        if (c == EOF && len == 0)
            break;
        line++;
        if (len && buf[len - 1] == '\r')
            len--; /* a file edited on Windows */
        if (too_long || len > MAX_LINE) {
            users++;
            problem(&ld, line, "is longer than %d bytes", MAX_LINE);
            continue;
        }
        buf[len] = '\0';
        size_t i = 0;
        while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
            i++;
        if (i == len || buf[i] == '#')
            continue;
        users++;
        add_line(pw, &ld, sets, &nsets, buf, len, line);
    }
    if (ferror(f))
        problem(&ld, 0, "cannot read: %s", strerror(errno));
    else if (!users)
        problem(&ld, 0, "has no users");
    if (ld.problems)
        goto out;

    /* Unknown users are checked against a hash of the file's one setting
     * (its bcrypt variants aside, which cost the same), so that the time
     * of an answer does not tell whether a user exists. */
    setting *slow = NULL;
    for (size_t i = 0; i < nsets; i++)
        if (sets[i].ok && (!slow || sets[i].ms > slow->ms))
            slow = &sets[i];
    if (slow) {
        pw->dummy = slow->hash;
        slow->hash = NULL;
    } else {
        pw->dummy = strdup(pw->e[0].hash); /* not reached: the first
                                               entry made a setting */
    }
    int err = random_bytes(pw->key, sizeof(pw->key));
    if (err < 0)
        problem(&ld, 0, "cannot get random bytes: %s", strerror(-err));
    else if (!pw->dummy)
        out_of_memory(&ld);

out:
    fclose(f);
    if (buf)
        OPENSSL_cleanse(buf, MAX_LINE + 1);
    free(buf);
    for (size_t i = 0; sets && i < nsets; i++)
        free(sets[i].hash);
    free(sets);
    if (ld.problems) {
        tp_htpasswd_free(pw);
        errno = ld.nomem ? ENOMEM : EINVAL;
        return NULL;
    }
    return pw;
}

bool tp_htpasswd_has_user(const tp_htpasswd *pw, const char *user)
{
    return pw && user && lookup(pw, user, strlen(user)) != NULL;
}

/* ---- the cache of successful checks ---- */

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static size_t bucket_of(const unsigned char *mac)
{
    return ((size_t)mac[0] << 8 | mac[1]) % CACHE_BUCKETS;
}

/* Called with the lock held. */
static bool cache_has(tp_htpasswd *pw, const unsigned char *mac,
                      uint64_t now)
{
    uint16_t k = pw->buckets[bucket_of(mac)];
    for (; k; k = pw->slots[k - 1].next) {
        const cache_slot *s = &pw->slots[k - 1];
        if (!CRYPTO_memcmp(s->mac, mac, MAC_LEN))
            return s->expires_ms > now;
    }
    return false;
}

/* Called with the lock held: replaces the oldest slot. */
static void cache_put(tp_htpasswd *pw, const unsigned char *mac, uint64_t now)
{
    uint16_t *head = &pw->buckets[bucket_of(mac)];
    for (uint16_t k = *head; k; k = pw->slots[k - 1].next)
        if (!CRYPTO_memcmp(pw->slots[k - 1].mac, mac, MAC_LEN)) {
            pw->slots[k - 1].expires_ms = now + CACHE_TTL_MS;
            return; /* another worker was first */
        }
    size_t i = pw->oldest;
    pw->oldest = (pw->oldest + 1) % CACHE_SIZE;
    cache_slot *s = &pw->slots[i];
    if (s->used) {
        uint16_t *p = &pw->buckets[bucket_of(s->mac)];
        while (*p != i + 1)
            p = &pw->slots[*p - 1].next;
        *p = s->next;
    }
    memcpy(s->mac, mac, MAC_LEN);
    s->expires_ms = now + CACHE_TTL_MS;
    s->used = true;
    s->next = *head;
    *head = (uint16_t)(i + 1);
}

int tp_htpasswd_verify(tp_htpasswd *pw, const char *user, size_t ulen,
                       const char *pass, size_t plen)
{
    /* Refusals that depend on the input alone, never on the file: crypt
     * takes neither a NUL nor a passphrase of CRYPT_MAX_PASSPHRASE_SIZE
     * bytes or more. */
    if (!pw || !user || !pass || ulen > MAX_LINE ||
        plen >= CRYPT_MAX_PASSPHRASE_SIZE || memchr(user, '\0', ulen) ||
        memchr(pass, '\0', plen))
        return 0;

    /* The cache is keyed by a MAC of user NUL password under a key of this
     * file: neither the password nor an unkeyed hash of it stays in
     * memory, and "ab" + "c" is not "a" + "bc". */
    unsigned char msg[MAX_LINE + 1 + CRYPT_MAX_PASSPHRASE_SIZE];
    memcpy(msg, user, ulen);
    msg[ulen] = '\0';
    memcpy(msg + ulen + 1, pass, plen);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned maclen = 0;
    bool have_mac = HMAC(EVP_sha256(), pw->key, sizeof(pw->key), msg,
                         ulen + 1 + plen, mac, &maclen) && maclen == MAC_LEN;
    OPENSSL_cleanse(msg, ulen + 1 + plen);

    uint64_t now = mono_ms();
    if (have_mac) {
        pthread_mutex_lock(&pw->lock);
        bool hit = cache_has(pw, mac, now);
        pthread_mutex_unlock(&pw->lock);
        if (hit) {
            OPENSSL_cleanse(mac, sizeof(mac));
            return 1;
        }
    }

    const entry *e = lookup(pw, user, ulen);
    const char *hash = e ? e->hash : pw->dummy;
    char phrase[CRYPT_MAX_PASSPHRASE_SIZE];
    memcpy(phrase, pass, plen);
    phrase[plen] = '\0';
    /* On the heap: struct crypt_data is some 32 KiB, and each worker
     * thread needs its own. */
    struct crypt_data *cd = calloc(1, sizeof(*cd));
    int ok = 0;
    if (cd) {
        const char *out = crypt_rn(phrase, hash, cd, sizeof(*cd));
        size_t hl = strlen(hash);
        int same = out && strnlen(out, CRYPT_OUTPUT_SIZE) == hl &&
                   CRYPTO_memcmp(out, hash, hl) == 0;
        ok = same & (e != NULL);
        OPENSSL_cleanse(cd, sizeof(*cd));
        free(cd);
    }
    OPENSSL_cleanse(phrase, sizeof(phrase));
    if (ok && have_mac) {
        pthread_mutex_lock(&pw->lock);
        cache_put(pw, mac, mono_ms());
        pthread_mutex_unlock(&pw->lock);
    }
    OPENSSL_cleanse(mac, sizeof(mac));
    return ok;
}

/* ---- Basic credentials (RFC 7617 2) ---- */

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

int tp_basic_decode(const char *b64, size_t len, char *out, size_t cap,
                    size_t *outlen)
{
    /* Base64 with padding (RFC 4648 4): whole groups of four, '=' only
     * at the end and at most two, and the bits the padding leaves over
     * zero (RFC 4648 3.5), so that a credential has one encoding. */
    if (!len || len % 4)
        return -1;
    size_t pad = b64[len - 1] == '=' ? (b64[len - 2] == '=' ? 2 : 1) : 0;
    for (size_t i = 0; i < len - pad; i++)
        if (b64_value(b64[i]) < 0)
            return -1;
    int last = b64_value(b64[len - pad - 1]);
    if ((pad == 1 && (last & 3)) || (pad == 2 && (last & 15)))
        return -1;
    size_t n = len / 4 * 3;
    if (cap < n + 1 || len > INT_MAX)
        return -1;
    if (EVP_DecodeBlock((unsigned char *)out, (const unsigned char *)b64,
                        (int)len) != (int)n)
        return -1;
    *outlen = n - pad;
    out[*outlen] = '\0';
    return 0;
}

bool tp_basic_credentials(tp_request *req, tp_str value, char **user,
                          size_t *ulen, char **pass, size_t *plen)
{
    const char *p = value.ptr, *end = value.ptr + value.len;
    /* The field value's own whitespace is not part of it (RFC 9110 5.5). */
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    /* credentials = auth-scheme 1*SP token68 (RFC 9110 11.4); the scheme
     * is case-insensitive (RFC 9110 11.1). */
    if (end - p < 6 || strncasecmp(p, "Basic", 5) != 0 || p[5] != ' ')
        return false;
    p += 5;
    while (p < end && *p == ' ')
        p++;
    size_t len = (size_t)(end - p);
    if (!len || !req)
        return false;
    size_t cap = len / 4 * 3 + 1;
    char *buf = tp_request_alloc(req, cap);
    size_t n;
    if (!buf || tp_basic_decode(p, len, buf, cap, &n) < 0)
        return false;
    char *colon = memchr(buf, ':', n);
    if (!colon)
        return false;
    /* The user-id may hold no control character (RFC 7617 2): it ends up
     * in logs and in comparisons with names from a file. */
    for (char *q = buf; q < colon; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f)
            return false;
    *colon = '\0';
    *user = buf;
    *ulen = (size_t)(colon - buf);
    *pass = colon + 1;
    *plen = n - *ulen - 1;
    return true;
}
