/*
 * ta_auth.c - the authentication endpoints of the client-testing API:
 * /basic-auth and /hidden-basic-auth (Basic, RFC 7617), /digest-auth
 * (Digest, RFC 7616) and /bearer (RFC 6750).
 *
 * Every 401 here carries the WWW-Authenticate challenge RFC 9110 15.5.2
 * requires.  Secrets are compared in constant time, and Digest nonces are
 * checked without server state: a nonce is its creation time and some
 * randomness, plus an HMAC of both under a key drawn at random when the
 * process starts.  Without state, nonce-counts are not remembered: a
 * replayed request is accepted until its nonce goes stale, which is fine
 * for a testing API and is what /digest-auth's stale_after builds on (the
 * client's own nc says how often it used the nonce).
 */
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ta.h"

#define TA_REALM "teapot"
/* A Digest nonce older than this is stale: 401 with stale=true, so that
 * the client retries with a fresh nonce without asking its user again
 * (RFC 7616 3.3). */
#define TA_NONCE_TTL_S 300
/* stale_after counts nonce uses; nc is 8 hex digits (RFC 7616 3.4). */
#define TA_STALE_AFTER_MAX 0xffffffffu

/* ---- small helpers ---- */

static bool is_tchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool str_eq(tp_str a, const char *b)
{
    return a.len == strlen(b) && !memcmp(a.ptr, b, a.len);
}

static bool str_ieq(tp_str a, const char *b)
{
    return a.len == strlen(b) && !strncasecmp(a.ptr, b, a.len);
}

static void hex(char *out, const unsigned char *in, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

/* Decoded path segments become JSON strings and C strings: UTF-8, and
 * no NUL that would cut them short. */
static bool utf8_text(const char *s, size_t len)
{
    if (strlen(s) != len)
        return false;
    json_t *j = json_stringn(s, len);
    json_decref(j);
    return j != NULL;
}

static json_t *authenticated_json(const char *key, const char *value)
{
    json_t *o = json_object();
    json_object_set_new(o, "authenticated", json_true());
    json_object_set_new(o, key, json_string(value));
    return o;
}

/* The credentials of the Authorization field when its auth-scheme is
 * `scheme` (case-insensitive, RFC 9110 11.1): what follows the scheme and
 * its spaces, possibly empty.  False when the field is absent or names
 * another scheme. */
static bool credentials(tp_request *req, const char *scheme, tp_str *rest)
{
    tp_str v;
    if (!tp_request_header(req, "Authorization", &v))
        return false;
    size_t n = strlen(scheme);
    if (v.len < n || strncasecmp(v.ptr, scheme, n) ||
        (v.len > n && v.ptr[n] != ' '))
        return false;
    size_t i = n;
    while (i < v.len && v.ptr[i] == ' ')
        i++;
    *rest = (tp_str){v.ptr + i, v.len - i};
    return true;
}

/* ---- Basic (RFC 7617) ---- */

/* token68 as base64 (RFC 4648 4), decoded as the rules' Basic
 * authentication does, except that the padding may be left out here:
 * clients that build the field by hand often do.  NULL when it is not
 * base64. */
static char *b64_decode(tp_request *req, tp_str in, size_t *len)
{
    size_t pad = in.len % 4 ? 4 - in.len % 4 : 0;
    if (pad == 3 || (pad && memchr(in.ptr, '=', in.len)))
        return NULL;
    size_t n = in.len + pad, cap = n / 4 * 3 + 1;
    char *b64 = tp_request_alloc(req, n), *out = tp_request_alloc(req, cap);
    if (!b64 || !out)
        return NULL;
    memcpy(b64, in.ptr, in.len);
    memset(b64 + in.len, '=', pad);
    return tp_basic_decode(b64, n, out, cap, len) < 0 ? NULL : out;
}

/* Equal in constant time, lengths included: both sides are hashed first. */
static bool secret_eq(const char *a, size_t al, const char *b, size_t bl)
{
    unsigned char ha[32], hb[32];
    unsigned int n = 0;
    if (!EVP_Digest(a, al, ha, &n, EVP_sha256(), NULL) ||
        !EVP_Digest(b, bl, hb, &n, EVP_sha256(), NULL))
        return false;
    return CRYPTO_memcmp(ha, hb, sizeof(ha)) == 0;
}

/* "{user}/{passwd}", percent-decoded; false (and a response) when the
 * path is not of that shape. */
static bool user_passwd(tp_request *req, tp_str rest, const char *shape,
                        char **user, char **passwd)
{
    tp_str u = ta_segment(&rest);
    tp_str p = ta_segment(&rest);
    if (!u.len || !p.len || rest.len || rest.ptr[-1] == '/') {
        ta_error(req, 404, "expected %s", shape);
        return false;
    }
    size_t ul, pl;
    *user = ta_decode(req, u, false, &ul);
    *passwd = ta_decode(req, p, false, &pl);
    if (!*user || !*passwd) {
        ta_bad(req, "malformed percent-encoding in the path");
        return false;
    }
    if (!utf8_text(*user, ul) || !utf8_text(*passwd, pl)) {
        ta_bad(req, "the user and password must be UTF-8 without NUL");
        return false;
    }
    return true;
}

static void basic(tp_request *req, const ta_ctx *ctx, tp_str rest, bool hidden)
{
    (void)ctx;
    char *user, *passwd;
    if (!user_passwd(req, rest,
                     hidden ? "/hidden-basic-auth/{user}/{passwd}"
                            : "/basic-auth/{user}/{passwd}",
                     &user, &passwd))
        return;
    /* RFC 7617 2: a user-id containing a colon cannot be sent. */
    if (strchr(user, ':')) {
        ta_bad(req, "a Basic user-id cannot contain ':' (RFC 7617 2)");
        return;
    }
    size_t ul = strlen(user), pl = strlen(passwd);
    char *expected = tp_request_alloc(req, ul + pl + 2);
    if (!expected) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    snprintf(expected, ul + pl + 2, "%s:%s", user, passwd);

    /* Malformed credentials are simply credentials that do not match. */
    tp_str cred;
    char *given = NULL;
    size_t gl = 0;
    if (credentials(req, "Basic", &cred) && cred.len)
        given = b64_decode(req, cred, &gl);
    if (given && memchr(given, ':', gl) &&
        secret_eq(given, gl, expected, ul + pl + 1)) {
        ta_respond_json(req, 200, authenticated_json("user", user));
        return;
    }
    if (hidden) {
        /* httpbin's variant hides that the resource wants credentials. */
        tp_respond_error(req, 404, NULL);
        return;
    }
    /* RFC 7617 2.1: charset="UTF-8" tells the client how to encode a
     * user-id and password beyond ASCII. */
    tp_response_header(req, "WWW-Authenticate",
                       "Basic realm=\"" TA_REALM "\", charset=\"UTF-8\"");
    tp_respond_error(req, 401, "valid Basic credentials are required");
}

static void basic_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    basic(req, ctx, rest, false);
}

static void hidden_basic_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    basic(req, ctx, rest, true);
}

/* ---- Bearer (RFC 6750) ---- */

/* b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 * (RFC 6750 2.1) */
static bool is_b64token(tp_str t)
{
    size_t i = 0;
    while (i < t.len) {
        unsigned char c = (unsigned char)t.ptr[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
              (c >= 'A' && c <= 'Z') || (c && strchr("-._~+/", c))))
            break;
        i++;
    }
    if (i == 0)
        return false;
    while (i < t.len && t.ptr[i] == '=')
        i++;
    return i == t.len;
}

static void bearer_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)ctx;
    (void)rest;
    tp_str token;
    if (!credentials(req, "Bearer", &token)) {
        /* RFC 6750 3.1: a request without any authentication information
         * gets a challenge with no error code. */
        tp_response_header(req, "WWW-Authenticate",
                           "Bearer realm=\"" TA_REALM "\"");
        tp_respond_error(req, 401, "a Bearer token is required");
        return;
    }
    if (!is_b64token(token)) {
        /* RFC 6750 3.1: a malformed request is invalid_request, and "the
         * resource server SHOULD respond with the HTTP 400 (Bad Request)
         * status code", still with the challenge that names the error. */
        tp_response_header(req, "WWW-Authenticate",
                           "Bearer realm=\"" TA_REALM "\", "
                           "error=\"invalid_request\", "
                           "error_description=\"the token is not a "
                           "b64token\"");
        tp_respond_error(req, 400,
                         "the Bearer credentials are not a b64token "
                         "(RFC 6750 2.1)");
        return;
    }
    char *t = tp_request_strdup(req, token);
    ta_respond_json(req, 200, authenticated_json("token", t ? t : ""));
}

/* ---- Digest (RFC 7616) ---- */

static unsigned char nonce_key[32];
static bool nonce_key_ok;
static pthread_once_t nonce_once = PTHREAD_ONCE_INIT;

static void nonce_key_init(void)
{
    nonce_key_ok = RAND_bytes(nonce_key, sizeof(nonce_key)) == 1;
}

static uint64_t now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec;
}

/* 32 hex digits of HMAC-SHA-256(key, data). */
static void mac_hex(const char *data, size_t len, char out[33])
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    HMAC(EVP_sha256(), nonce_key, sizeof(nonce_key),
         (const unsigned char *)data, len, mac, &n);
    hex(out, mac, 16);
}

/* nonce = 16 hex digits of its creation time, 16 of randomness (so that
 * a fresh challenge never repeats a stale nonce, even within a second),
 * then a MAC of both. */
#define NONCE_DATA 32
#define NONCE_LEN (NONCE_DATA + 32)

static bool make_nonce(char out[NONCE_LEN + 1])
{
    unsigned char r[8];
    if (RAND_bytes(r, sizeof(r)) != 1)
        return false;
    snprintf(out, 17, "%016llx", (unsigned long long)now_s());
    hex(out + 16, r, sizeof(r));
    mac_hex(out, NONCE_DATA, out + NONCE_DATA);
    return true;
}

/* The opaque value is only echoed by clients; a MAC shows it is ours. */
static void make_opaque(char out[33])
{
    mac_hex("opaque", 6, out);
}

enum nonce_state { NONCE_BAD, NONCE_FRESH, NONCE_OLD };

static enum nonce_state check_nonce(const char *nonce)
{
    if (strlen(nonce) != NONCE_LEN)
        return NONCE_BAD;
    if (strspn(nonce, "0123456789abcdef") < NONCE_DATA)
        return NONCE_BAD;
    char mac[33];
    mac_hex(nonce, NONCE_DATA, mac);
    if (CRYPTO_memcmp(mac, nonce + NONCE_DATA, 32) != 0)
        return NONCE_BAD;
    char ts[17];
    memcpy(ts, nonce, 16);
    ts[16] = '\0';
    uint64_t t = strtoull(ts, NULL, 16);
    uint64_t now = now_s();
    if (t > now)
        return NONCE_BAD;
    return now - t > TA_NONCE_TTL_S ? NONCE_OLD : NONCE_FRESH;
}

typedef struct digest_alg {
    const char *name; /* as the challenge spells it */
    const EVP_MD *(*md)(void);
    bool sess;
} digest_alg;

/* RFC 7616 6.1's algorithms, and SHA-512, which httpbin offers too. */
static const digest_alg digest_algs[] = {
    {"MD5", EVP_md5, false},
    {"MD5-sess", EVP_md5, true},
    {"SHA-256", EVP_sha256, false},
    {"SHA-256-sess", EVP_sha256, true},
    {"SHA-512-256", EVP_sha512_256, false},
    {"SHA-512-256-sess", EVP_sha512_256, true},
    {"SHA-512", EVP_sha512, false},
    {"SHA-512-sess", EVP_sha512, true},
};

static const digest_alg *find_alg(tp_str name)
{
    for (size_t i = 0; i < sizeof(digest_algs) / sizeof(digest_algs[0]); i++)
        if (str_ieq(name, digest_algs[i].name))
            return &digest_algs[i];
    return NULL;
}

/* What the path asks for. */
typedef struct digest_spec {
    bool auth, auth_int;    /* the qop values offered */
    char *user, *passwd;
    const digest_alg *alg;
    uint64_t stale_after;   /* nonce uses allowed, or UINT64_MAX */
} digest_spec;

#define DIGEST_SHAPE \
    "/digest-auth/{qop}/{user}/{passwd}[/{algorithm}[/{stale_after}]]"

/* Parses the part of the path after "/digest-auth/"; false after sending
 * the answer (404 for another shape, 400 for a bad value). */
static bool digest_path(tp_request *req, tp_str rest, digest_spec *d)
{
    memset(d, 0, sizeof(*d));
    tp_str seg[6];
    size_t n = 0;
    while (rest.len && n < 6)
        seg[n++] = ta_segment(&rest);
    if (n < 3 || n > 5 || rest.len ||
        tp_request_path(req).ptr[tp_request_path(req).len - 1] == '/') {
        ta_error(req, 404, "expected " DIGEST_SHAPE);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!seg[i].len) {
            ta_error(req, 404, "expected " DIGEST_SHAPE);
            return false;
        }
    }
    size_t ul = 0, pl = 0;
    char *qop = ta_decode(req, seg[0], false, NULL);
    d->user = ta_decode(req, seg[1], false, &ul);
    d->passwd = ta_decode(req, seg[2], false, &pl);
    char *alg = n > 3 ? ta_decode(req, seg[3], false, NULL) : "MD5";
    char *stale = n > 4 ? ta_decode(req, seg[4], false, NULL) : "never";
    if (!qop || !d->user || !d->passwd || !alg || !stale) {
        ta_bad(req, "malformed percent-encoding in the path");
        return false;
    }
    if (!utf8_text(d->user, ul) || !utf8_text(d->passwd, pl)) {
        ta_bad(req, "the user and password must be UTF-8 without NUL");
        return false;
    }
    /* qop: "auth", "auth-int" or both, comma-separated. */
    for (char *save, *q = strtok_r(qop, ", ", &save); q;
         q = strtok_r(NULL, ", ", &save)) {
        if (!strcmp(q, "auth")) {
            d->auth = true;
        } else if (!strcmp(q, "auth-int")) {
            d->auth_int = true;
        } else {
            ta_bad(req, "qop must be auth, auth-int or auth,auth-int");
            return false;
        }
    }
    if (!d->auth && !d->auth_int) {
        ta_bad(req, "qop must be auth, auth-int or auth,auth-int");
        return false;
    }
    d->alg = find_alg((tp_str){alg, strlen(alg)});
    if (!d->alg) {
        ta_bad(req, "algorithm must be one of MD5, SHA-256, SHA-512-256, "
                    "SHA-512, optionally with -sess");
        return false;
    }
    if (!strcmp(stale, "never")) {
        d->stale_after = UINT64_MAX;
    } else if (!ta_uint((tp_str){stale, strlen(stale)}, TA_STALE_AFTER_MAX,
                        &d->stale_after)) {
        ta_bad(req, "stale_after must be \"never\" or a count of at most %u",
               TA_STALE_AFTER_MAX);
        return false;
    }
    return true;
}

/* A quoted-string (RFC 9110 5.6.4) holding s. */
static char *quote(tp_request *req, const char *s)
{
    size_t n = strlen(s);
    char *out = tp_request_alloc(req, 2 * n + 3);
    if (!out)
        return NULL;
    size_t o = 0;
    out[o++] = '"';
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            out[o++] = '\\';
        out[o++] = *s;
    }
    out[o++] = '"';
    out[o] = '\0';
    return out;
}

static void challenge(tp_request *req, const digest_spec *d, bool stale,
                      const char *why)
{
    char nonce[NONCE_LEN + 1], opaque[33];
    if (!make_nonce(nonce)) {
        tp_respond_error(req, 500, "no randomness for a Digest nonce");
        return;
    }
    make_opaque(opaque);
    const char *qop = d->auth && d->auth_int ? "auth, auth-int"
                      : d->auth              ? "auth"
                                             : "auth-int";
    tp_response_headerf(req, "WWW-Authenticate",
                        "Digest realm=\"" TA_REALM "\", qop=\"%s\", "
                        "algorithm=%s, nonce=\"%s\", opaque=\"%s\"%s",
                        qop, d->alg->name, nonce, opaque,
                        stale ? ", stale=true" : "");
    tp_respond_error(req, 401, why);
}

/* The directives of Digest credentials (RFC 7616 3.4). */
enum {
    P_USERNAME, P_USERNAME_EXT, P_USERHASH, P_REALM, P_NONCE, P_URI,
    P_RESPONSE, P_ALGORITHM, P_CNONCE, P_OPAQUE, P_QOP, P_NC, P_N
};
static const char *const param_names[P_N] = {
    "username", "username*", "userhash", "realm",  "nonce", "uri",
    "response", "algorithm", "cnonce",   "opaque", "qop",   "nc",
};

/* auth-param *( OWS "," OWS auth-param ), auth-param = token BWS "=" BWS
 * ( token / quoted-string ) (RFC 9110 11.2).  NULL, or what is wrong. */
static const char *parse_params(tp_request *req, tp_str s, char *v[P_N])
{
    size_t i = 0;
    for (;;) {
        while (i < s.len && (s.ptr[i] == ' ' || s.ptr[i] == '\t' ||
                             s.ptr[i] == ','))
            i++;
        if (i == s.len)
            return NULL;
        size_t ns = i;
        while (i < s.len && is_tchar((unsigned char)s.ptr[i]))
            i++;
        tp_str name = {s.ptr + ns, i - ns};
        while (i < s.len && (s.ptr[i] == ' ' || s.ptr[i] == '\t'))
            i++;
        if (!name.len || i == s.len || s.ptr[i] != '=')
            return "a directive is not name=value";
        i++;
        while (i < s.len && (s.ptr[i] == ' ' || s.ptr[i] == '\t'))
            i++;
        char *val = tp_request_alloc(req, s.len - i + 1);
        if (!val)
            return "out of memory";
        size_t o = 0;
        if (i < s.len && s.ptr[i] == '"') {
            for (i++;; i++) {
                if (i == s.len)
                    return "an unterminated quoted-string";
                if (s.ptr[i] == '"')
                    break;
                if (s.ptr[i] == '\\' && i + 1 < s.len)
                    i++;
                val[o++] = s.ptr[i];
            }
            i++;
        } else {
            while (i < s.len && is_tchar((unsigned char)s.ptr[i]))
                val[o++] = s.ptr[i++];
            if (!o)
                return "a directive has an empty value";
        }
        val[o] = '\0';
        while (i < s.len && (s.ptr[i] == ' ' || s.ptr[i] == '\t'))
            i++;
        if (i < s.len && s.ptr[i] != ',')
            return "directives must be separated by commas";
        for (int k = 0; k < P_N; k++) {
            if (str_ieq(name, param_names[k])) {
                if (v[k])
                    return "a directive is repeated";
                v[k] = val;
            }
        }
    }
}

/* username* = ext-value (RFC 8187 3.2): only UTF-8 is allowed here
 * (RFC 7616 3.4.4). */
static char *ext_value(tp_request *req, const char *s)
{
    if (strncasecmp(s, "UTF-8'", 6))
        return NULL;
    const char *q = strchr(s + 6, '\'');
    if (!q)
        return NULL;
    return ta_decode(req, (tp_str){q + 1, strlen(q + 1)}, false, NULL);
}

/* H(p0 ":" p1 ":" ...) in lower-case hex (RFC 7616 3.4.1). */
static void h_join(const EVP_MD *md, char *out, size_t n, const char *const *p)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dl = 0;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    bool ok = c && EVP_DigestInit_ex(c, md, NULL);
    for (size_t i = 0; ok && i < n; i++) {
        if (i)
            ok = EVP_DigestUpdate(c, ":", 1);
        ok = ok && EVP_DigestUpdate(c, p[i], strlen(p[i]));
    }
    ok = ok && EVP_DigestFinal_ex(c, d, &dl);
    EVP_MD_CTX_free(c);
    if (!ok)
        dl = 0;
    hex(out, d, dl);
}

static void h_bytes(const EVP_MD *md, char *out, const char *data, size_t len)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dl = 0;
    if (!EVP_Digest(data, len, d, &dl, md, NULL))
        dl = 0;
    hex(out, d, dl);
}

#define HEXMAX (2 * EVP_MAX_MD_SIZE + 1)

/* request-digest (RFC 7616 3.4.1), or with a2_method NULL the rspauth of
 * Authentication-Info (3.5), whose A2 has no method. */
static void request_digest(const digest_spec *d, char *const v[P_N],
                           const char *a2_method, const char *body_hash,
                           char out[HEXMAX])
{
    const EVP_MD *md = d->alg->md();
    char ha1[HEXMAX], ha2[HEXMAX];
    const char *a1[] = {d->user, TA_REALM, d->passwd};
    h_join(md, ha1, 3, a1);
    if (d->alg->sess) {
        const char *s[] = {ha1, v[P_NONCE], v[P_CNONCE]};
        h_join(md, ha1, 3, s);
    }
    bool integrity = !strcmp(v[P_QOP], "auth-int");
    const char *a2[] = {a2_method ? a2_method : "", v[P_URI], body_hash};
    h_join(md, ha2, integrity ? 3 : 2, a2);
    const char *kd[] = {ha1, v[P_NONCE], v[P_NC], v[P_CNONCE], v[P_QOP], ha2};
    h_join(md, out, 6, kd);
}

/* The uri directive against the request-target: equal, or the path and
 * query of an absolute-form target (RFC 9112 3.2.2). */
static bool same_target(tp_str target, const char *uri)
{
    if (str_eq(target, uri))
        return true;
    size_t skip = 0;
    if (target.len > 7 && !strncasecmp(target.ptr, "http://", 7))
        skip = 7;
    else if (target.len > 8 && !strncasecmp(target.ptr, "https://", 8))
        skip = 8;
    if (!skip)
        return false;
    const char *slash = memchr(target.ptr + skip, '/', target.len - skip);
    if (!slash)
        return false;
    return str_eq((tp_str){slash, target.len - (size_t)(slash - target.ptr)},
                  uri);
}

/* Everything after reading the body (or without it, for qop=auth). */
static void digest_verify(tp_request *req, const ta_ctx *ctx, char *body,
                          size_t body_len)
{
    pthread_once(&nonce_once, nonce_key_init);
    if (!nonce_key_ok) {
        tp_respond_error(req, 500, "no randomness for Digest nonces");
        return;
    }
    static const char base[] = "/digest-auth/";
    tp_str path = tp_request_path(req);
    size_t skip = ctx->prefix_len + sizeof(base) - 1;
    digest_spec d;
    if (!digest_path(req, (tp_str){path.ptr + skip, path.len - skip}, &d))
        return;

    tp_str cred;
    if (!credentials(req, "Digest", &cred)) {
        challenge(req, &d, false, "Digest credentials are required");
        return;
    }
    char *v[P_N] = {0};
    const char *why = parse_params(req, cred, v);
    if (why) {
        ta_bad(req, "malformed Digest credentials: %s", why);
        return;
    }
    /* RFC 7616 3.4: with a qop, all of these are required. */
    static const int required[] = {P_REALM, P_NONCE,  P_URI, P_RESPONSE,
                                   P_CNONCE, P_QOP, P_NC};
    for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
        if (!v[required[i]]) {
            ta_bad(req, "Digest credentials lack the %s directive",
                   param_names[required[i]]);
            return;
        }
    }
    if (!v[P_USERNAME] == !v[P_USERNAME_EXT]) {
        ta_bad(req, "Digest credentials need exactly one of username and "
                    "username* (RFC 7616 3.4)");
        return;
    }
    /* RFC 7616 3.4.6: the uri directive names the request-target, and
     * "if they are not, the server SHOULD return a 400 Bad Request". */
    if (!same_target(tp_request_target(req), v[P_URI])) {
        ta_bad(req, "the Digest uri directive is not the request-target");
        return;
    }
    size_t ncl = strlen(v[P_NC]);
    if (ncl != 8 || strspn(v[P_NC], "0123456789abcdefABCDEF") != 8) {
        ta_bad(req, "nc must be 8 hexadecimal digits (RFC 7616 3.4)");
        return;
    }
    if (!*v[P_CNONCE]) {
        ta_bad(req, "cnonce must not be empty");
        return;
    }
    const char *alg = v[P_ALGORITHM] ? v[P_ALGORITHM] : "MD5";
    if (strcasecmp(alg, d.alg->name)) {
        challenge(req, &d, false, "the credentials use another algorithm");
        return;
    }
    bool qop_ok = (!strcmp(v[P_QOP], "auth") && d.auth) ||
                  (!strcmp(v[P_QOP], "auth-int") && d.auth_int);
    if (!qop_ok) {
        challenge(req, &d, false, "the credentials use a qop not offered");
        return;
    }
    char opaque[33];
    make_opaque(opaque);
    if (strcmp(v[P_REALM], TA_REALM) ||
        (v[P_OPAQUE] && strcmp(v[P_OPAQUE], opaque))) {
        challenge(req, &d, false, "the credentials are for another realm");
        return;
    }
    enum nonce_state ns = check_nonce(v[P_NONCE]);
    if (ns == NONCE_BAD) {
        challenge(req, &d, false, "the nonce is not one this server made");
        return;
    }

    const EVP_MD *md = d.alg->md();
    char body_hash[HEXMAX] = "";
    h_bytes(md, body_hash, body ? body : "", body ? body_len : 0);
    char expect[HEXMAX];
    tp_str m = tp_request_method(req);
    char *method = tp_request_strdup(req, m);
    request_digest(&d, v, method ? method : "", body_hash, expect);

    /* The user: as sent, as username* (RFC 8187), or hashed (userhash). */
    char *user = v[P_USERNAME] ? v[P_USERNAME] : ext_value(req, v[P_USERNAME_EXT]);
    bool user_ok;
    if (v[P_USERHASH] && !strcasecmp(v[P_USERHASH], "true")) {
        char uh[HEXMAX];
        const char *p[] = {d.user, TA_REALM};
        h_join(md, uh, 2, p);
        user_ok = user && secret_eq(user, strlen(user), uh, strlen(uh));
    } else {
        user_ok = user && secret_eq(user, strlen(user), d.user, strlen(d.user));
    }
    size_t el = strlen(expect), rl = strlen(v[P_RESPONSE]);
    /* Clients send lower-case hex; compare without leaking where it
     * differs. */
    bool resp_ok = rl == el && CRYPTO_memcmp(expect, v[P_RESPONSE], el) == 0;
    if (!(user_ok && resp_ok)) {
        challenge(req, &d, false, "the Digest response does not match");
        return;
    }
    /* RFC 7616 3.3: stale=true only for a valid digest on a nonce that is
     * no longer accepted: the client may retry without asking its user. */
    uint64_t nc = strtoull(v[P_NC], NULL, 16);
    if (ns == NONCE_OLD || nc > d.stale_after) {
        challenge(req, &d, true, "the nonce is stale");
        return;
    }

    size_t len = 0;
    char *text = ta_json_text(req, authenticated_json("user", d.user),
                              TA_JSON_PRETTY, &len);
    if (!text) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    /* RFC 7616 3.5: rspauth proves the server knows the secret too; for
     * auth-int its A2 covers this response's content. */
    char content_hash[HEXMAX], rspauth[HEXMAX];
    h_bytes(md, content_hash, text, len);
    request_digest(&d, v, NULL, content_hash, rspauth);
    char *cn = quote(req, v[P_CNONCE]);
    tp_response_headerf(req, "Authentication-Info",
                        "rspauth=\"%s\", qop=%s, nc=%s, cnonce=%s", rspauth,
                        v[P_QOP], v[P_NC], cn ? cn : "\"\"");
    tp_respond_static(req, 200, "application/json", text, len);
}

static bool wants_integrity(tp_request *req)
{
    tp_str cred;
    if (!credentials(req, "Digest", &cred))
        return false;
    char *v[P_N] = {0};
    return !parse_params(req, cred, v) && v[P_QOP] &&
           !strcmp(v[P_QOP], "auth-int");
}

static void digest_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    /* Only auth-int needs the body (RFC 7616 3.4.3: A2 includes
     * H(entity-body)); otherwise it stays unread, and a client waiting
     * for 100 Continue is not told to send it before it is authorised. */
    if (wants_integrity(req))
        ta_read_body(req, ctx, digest_verify);
    else
        digest_verify(req, ctx, NULL, 0);
}

int ta_mount_auth(tp_server *srv, ta_ctx *ctx)
{
    pthread_once(&nonce_once, nonce_key_init);
    if (!nonce_key_ok)
        return -EIO;
    static const ta_endpoint eps[] = {
        {"GET", "/basic-auth/*", basic_ep},
        {"GET", "/hidden-basic-auth/*", hidden_basic_ep},
        {NULL, "/digest-auth/*", digest_ep},
        {"GET", "/bearer", bearer_ep},
    };
    return TA_ROUTES(srv, ctx, eps);
}
