/*
 * test_access.c - client networks (the most specific match decides, deny
 * wins a tie, IPv4-mapped clients meet IPv4 rules), htpasswd files (the
 * accepted schemes, and every refusal with its line), password checks
 * (right, wrong, unknown, cached) and Basic credentials (RFC 7617 2).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <arpa/inet.h>
#include <crypt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "access.h"
#include "exchange.h"

/* ---- client networks ---- */

static tp_net net1(const char *v)
{
    tp_net out[2];
    size_t n = 9;
    char why[256] = "";
    cr_assert_eq(tp_net_parse(v, out, &n, why, sizeof(why)), 0,
                 "'%s' refused: %s", v, why);
    cr_assert_eq(n, 1, "'%s' is one network", v);
    return out[0];
}

static void refused(const char *v, const char *needle)
{
    tp_net out[2];
    size_t n = 9;
    char why[256] = "";
    char quoted[128];
    cr_assert_eq(tp_net_parse(v, out, &n, why, sizeof(why)), -1,
                 "'%s' accepted", v);
    cr_assert_eq(n, 0);
    cr_assert(!strncmp(why, "wants ", 6), "'%s': why follows a key: %s", v,
              why);
    snprintf(quoted, sizeof(quoted), "not '%s'", v);
    cr_assert(strstr(why, quoted), "'%s': why quotes it: %s", v, why);
    cr_assert(strstr(why, needle), "'%s': why says '%s': %s", v, needle, why);
}

static void assert_net(tp_net n, int family, unsigned bits, const char *addr)
{
    unsigned char want[16] = {0};
    cr_assert_eq(inet_pton(family, addr, want), 1);
    cr_assert_eq(n.family, family);
    cr_assert_eq(n.bits, bits);
    cr_assert_arr_eq(n.addr, want, sizeof(want));
}

Test(net, addresses_and_networks_of_both_families)
{
    assert_net(net1("192.0.2.7"), AF_INET, 32, "192.0.2.7");
    assert_net(net1("10.0.0.0/8"), AF_INET, 8, "10.0.0.0");
    assert_net(net1("10.128.0.0/9"), AF_INET, 9, "10.128.0.0");
    assert_net(net1("0.0.0.0/0"), AF_INET, 0, "0.0.0.0");
    assert_net(net1("2001:db8::/32"), AF_INET6, 32, "2001:db8::");
    assert_net(net1("::1"), AF_INET6, 128, "::1");
    assert_net(net1("::/0"), AF_INET6, 0, "::");
    /* An IPv4-mapped network is the IPv4 network it carries: its prefix
     * counts the 96 bits in front. */
    assert_net(net1("::ffff:192.0.2.0/120"), AF_INET, 24, "192.0.2.0");
    assert_net(net1("::ffff:192.0.2.9"), AF_INET, 32, "192.0.2.9");
}

Test(net, all_is_every_address_of_both_families)
{
    tp_net out[2];
    size_t n = 0;
    char why[256];
    cr_assert_eq(tp_net_parse("all", out, &n, why, sizeof(why)), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(out[0].family, AF_INET);
    cr_assert_eq(out[0].bits, 0);
    cr_assert_eq(out[1].family, AF_INET6);
    cr_assert_eq(out[1].bits, 0);
}

Test(net, anything_else_is_refused_with_why)
{
    const char *const junk[] = {
        "", "localhost", "10.0.0", "10.0.0.256", "10.0.0.1.2", "fe80::1%eth0",
        " 10.0.0.1", "10.0.0.1 ", "ALL", "all ", "2001:db8:::1", "[::1]",
        "0x0a.0.0.1", "10.0.0.1,10.0.0.2",
    };
    for (size_t i = 0; i < sizeof(junk) / sizeof(*junk); i++)
        refused(junk[i], "10.0.0.0/8");
}

Test(net, a_prefix_length_is_decimal_and_in_range)
{
    refused("10.0.0.0/", "prefix length from 0 to 32");
    refused("10.0.0.0/33", "prefix length from 0 to 32");
    refused("10.0.0.0/08", "prefix length");
    refused("10.0.0.0/+8", "prefix length");
    refused("10.0.0.0/-1", "prefix length");
    refused("10.0.0.0/8/8", "prefix length");
    refused("10.0.0.0/99999999999999999999", "prefix length");
    refused("2001:db8::/129", "prefix length from 0 to 128");
    refused("::ffff:10.0.0.0/95", "prefix length from 96 to 128");
}

Test(net, bits_beyond_the_prefix_are_refused_with_the_network_meant)
{
    refused("10.0.0.1/8", "write 10.0.0.0/8");
    refused("10.192.0.0/9", "write 10.128.0.0/9");
    refused("192.0.2.7/0", "write 0.0.0.0/0");
    refused("2001:db8::1/32", "write 2001:db8::/32");
    refused("::ffff:10.0.0.1/104", "write 10.0.0.0/8");
}

/* Builds the lists from NULL-ended texts and asks about `peer`. */
static bool allowed(const char *const *allow, const char *const *deny,
                    const char *peer)
{
    tp_net a[32], d[32];
    size_t na = 0, nd = 0, k;
    char why[256];
    for (; allow && *allow; allow++, na += k)
        cr_assert_eq(tp_net_parse(*allow, a + na, &k, why, sizeof(why)), 0);
    for (; deny && *deny; deny++, nd += k)
        cr_assert_eq(tp_net_parse(*deny, d + nd, &k, why, sizeof(why)), 0);
    return tp_net_allowed(a, na, d, nd, peer);
}

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

Test(net, without_lists_everyone_may_pass)
{
    cr_assert(allowed(NULL, NULL, "192.0.2.1"));
    cr_assert(allowed(NULL, NULL, "::1"));
}

Test(net, an_allow_list_turns_away_whoever_it_does_not_name)
{
    const char *const *allow = LIST("10.0.0.0/8", "2001:db8::/32");
    cr_assert(allowed(allow, NULL, "10.1.2.3"));
    cr_assert(allowed(allow, NULL, "2001:db8:1::5"));
    cr_assert_not(allowed(allow, NULL, "192.0.2.1"));
    cr_assert_not(allowed(allow, NULL, "2001:db9::1"));
    cr_assert_not(allowed(allow, NULL, "11.0.0.1"));
}

Test(net, a_deny_list_alone_lets_the_rest_pass)
{
    const char *const *deny = LIST("192.0.2.0/24", "::1");
    cr_assert_not(allowed(NULL, deny, "192.0.2.200"));
    cr_assert_not(allowed(NULL, deny, "::1"));
    cr_assert(allowed(NULL, deny, "198.51.100.1"));
    cr_assert(allowed(NULL, deny, "::2"));
}

Test(net, the_most_specific_network_decides)
{
    const char *const *allow = LIST("10.0.0.0/8", "10.1.2.0/24");
    const char *const *deny = LIST("10.1.0.0/16", "10.1.2.66");
    cr_assert(allowed(allow, deny, "10.2.0.1"), "/8 allows");
    cr_assert_not(allowed(allow, deny, "10.1.3.3"), "/16 beats /8");
    cr_assert(allowed(allow, deny, "10.1.2.3"), "/24 beats /16");
    cr_assert_not(allowed(allow, deny, "10.1.2.66"), "/32 beats /24");
    /* The order of the lists plays no part. */
    cr_assert(allowed(LIST("10.1.2.0/24", "10.0.0.0/8"), deny, "10.1.2.3"));
}

Test(net, a_deny_wins_a_tie)
{
    cr_assert_not(allowed(LIST("10.0.0.0/8"), LIST("10.0.0.0/8"), "10.0.0.1"));
    cr_assert_not(allowed(LIST("all"), LIST("all"), "::1"));
}

Test(net, deny_all_but_one)
{
    const char *const *allow = LIST("127.0.0.1");
    const char *const *deny = LIST("all");
    cr_assert(allowed(allow, deny, "127.0.0.1"));
    cr_assert_not(allowed(allow, deny, "127.0.0.2"));
    cr_assert_not(allowed(allow, deny, "::1"));
}

Test(net, ipv4_mapped_peers_meet_the_ipv4_networks)
{
    /* A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d. */
    cr_assert(allowed(LIST("192.0.2.0/24"), NULL, "::ffff:192.0.2.1"));
    cr_assert_not(allowed(LIST("192.0.2.0/24"), NULL, "::ffff:198.51.100.1"));
    cr_assert_not(allowed(NULL, LIST("192.0.2.1"), "::ffff:192.0.2.1"));
    cr_assert(allowed(LIST("::ffff:192.0.2.0/120"), NULL, "192.0.2.5"));
}

Test(net, an_unparsable_peer_is_denied)
{
    cr_assert_not(allowed(NULL, NULL, ""));
    cr_assert_not(allowed(NULL, NULL, "unix"));
    cr_assert_not(allowed(NULL, NULL, "192.0.2.1:8080"));
    cr_assert_not(allowed(NULL, NULL, "fe80::1%eth0"));
    cr_assert_not(tp_net_allowed(NULL, 0, NULL, 0, NULL));
}

/* ---- htpasswd files ---- */

/* A hash of `pass` made by libcrypt with a fresh salt. */
static char *mkhash(const char *prefix, unsigned long count, const char *pass)
{
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    struct crypt_data *cd = calloc(1, sizeof(*cd));
    cr_assert_not_null(crypt_gensalt_rn(prefix, count, NULL, 0, salt,
                                        sizeof(salt)), "%s", prefix);
    char *h = crypt_rn(pass, salt, cd, sizeof(*cd));
    cr_assert(h && h[0] != '*', "%s", prefix);
    char *r = strdup(h);
    free(cd);
    return r;
}

static char *temp_file(const char *text, size_t len)
{
    char *path = strdup("/tmp/teapot-htpasswd-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

typedef struct reports {
    int n;
    int line[32];
    char msg[32][512];
} reports;

static void collect(void *arg, int line, const char *msg)
{
    reports *r = arg;
    cr_assert_lt(r->n, 32);
    r->line[r->n] = line;
    snprintf(r->msg[r->n], sizeof(r->msg[0]), "%s", msg);
    r->n++;
}

static tp_htpasswd *load_text(const char *text, reports *r)
{
    char *path = temp_file(text, strlen(text));
    memset(r, 0, sizeof(*r));
    tp_htpasswd *pw = tp_htpasswd_load(path, collect, r);
    unlink(path);
    free(path);
    return pw;
}

static int verify(tp_htpasswd *pw, const char *user, const char *pass)
{
    return tp_htpasswd_verify(pw, user, strlen(user), pass, strlen(pass));
}

static void assert_report(const reports *r, int i, int line,
                          const char *needle)
{
    cr_assert_lt(i, r->n, "report %d of %d", i, r->n);
    cr_assert_eq(r->line[i], line, "report %d: line %d, not %d (%s)", i,
                 r->line[i], line, r->msg[i]);
    cr_assert(strstr(r->msg[i], needle), "line %d says '%s', not '%s'", line,
              r->msg[i], needle);
}

Test(htpasswd, every_accepted_scheme_loads_and_checks)
{
    static const struct {
        const char *user, *prefix, *pass;
        unsigned long count;
    } s[] = {
        {"bc2a", "$2a$", "pw-2a", 4}, {"bc2b", "$2b$", "pw-2b", 4},
        {"bc2y", "$2y$", "pw-2y", 5}, {"sha256", "$5$", "pw-5", 1000},
        {"sha512", "$6$", "pw-6", 0}, {"yes", "$y$", "pw-y", 1},
    };
    /* One file a scheme (a file has one setting), with a second user of
     * the same setting. */
    for (size_t i = 0; i < sizeof(s) / sizeof(*s); i++) {
        char *h = mkhash(s[i].prefix, s[i].count, s[i].pass);
        char *o = mkhash(s[i].prefix, s[i].count, "other");
        char text[1024];
        snprintf(text, sizeof(text), "%s:%s\nother:%s\n", s[i].user, h, o);
        reports r;
        tp_htpasswd *pw = load_text(text, &r);
        cr_assert_eq(r.n, 0, "%s: first problem: %s", s[i].user, r.msg[0]);
        cr_assert_not_null(pw);
        cr_assert(tp_htpasswd_has_user(pw, s[i].user));
        cr_assert_eq(verify(pw, s[i].user, s[i].pass), 1, "%s", s[i].user);
        cr_assert_eq(verify(pw, s[i].user, "wrong"), 0, "%s", s[i].user);
        /* Another user's password is not this one's. */
        cr_assert_eq(verify(pw, s[i].user, "other"), 0, "%s", s[i].user);
        cr_assert_eq(verify(pw, "other", "other"), 1, "%s", s[i].user);
        cr_assert_not(tp_htpasswd_has_user(pw, "nobody"));
        tp_htpasswd_free(pw);
        free(h);
        free(o);
    }
    /* bcrypt's three spellings of one cost are one setting, and so are
     * sha-crypt's default rounds written out and left out. */
    char *a = mkhash("$2a$", 4, "a"), *b = mkhash("$2b$", 4, "b");
    char *y = mkhash("$2y$", 4, "y");
    char *d = mkhash("$6$", 0, "d");
    /* libcrypt leaves the default out; written out, it is the same. */
    struct crypt_data *cd = calloc(1, sizeof(*cd));
    char *f = strdup(crypt_rn("f", "$6$rounds=5000$saltsalt", cd,
                              sizeof(*cd)));
    free(cd);
    char text[1024];
    snprintf(text, sizeof(text), "a:%s\nb:%s\ny:%s\n", a, b, y);
    reports r;
    tp_htpasswd *pw = load_text(text, &r);
    cr_assert_eq(r.n, 0, "first problem: %s", r.msg[0]);
    cr_assert_eq(verify(pw, "b", "b"), 1);
    cr_assert_not(tp_htpasswd_has_user(pw, "BC2A"), "names are exact");
    tp_htpasswd_free(pw);
    cr_assert(!strncmp(f, "$6$rounds=5000$", 15), "%s", f);
    snprintf(text, sizeof(text), "d:%s\nf:%s\n", d, f);
    pw = load_text(text, &r);
    cr_assert_eq(r.n, 0, "first problem: %s", r.msg[0]);
    cr_assert_eq(verify(pw, "f", "f"), 1);
    tp_htpasswd_free(pw);
    free(a);
    free(b);
    free(y);
    free(d);
    free(f);
}

/* An unknown user is checked against a hash of the file's setting: were
 * a cheap user's check faster, the time of a 401 would tell that user
 * exists.  So every user shares one scheme and cost. */
Test(htpasswd, users_of_other_schemes_or_costs_are_refused)
{
    char *b4 = mkhash("$2b$", 4, "pw"), *b5 = mkhash("$2b$", 5, "pw");
    char *sha = mkhash("$6$", 0, "pw"), *b4b = mkhash("$2y$", 4, "pw");
    char text[1024];
    snprintf(text, sizeof(text), "a:%s\n# comment\nb:%s\nc:%s\nd:%s\n",
             b4, sha, b4b, b5);
    reports r;
    cr_assert_null(load_text(text, &r));
    assert_report(&r, 0, 3, "all users of a file must share one hash scheme "
                            "and cost, so that checking a user who does not "
                            "exist takes as long as checking one who does; "
                            "found $2b$04 (line 1) and $6$ rounds=5000 "
                            "(line 3)");
    assert_report(&r, 1, 5, "found $2b$04 (line 1) and $2b$05 (line 5)");
    cr_assert_eq(r.n, 2, "line 4 shares line 1's setting");
    free(b4);
    free(b5);
    free(sha);
    free(b4b);
}

Test(htpasswd, comments_blank_lines_and_crlf_ends)
{
    char *a = mkhash("$2b$", 4, "alpha"), *b = mkhash("$2b$", 4, "beta");
    char text[1024];
    snprintf(text, sizeof(text),
             "# who may edit\n\n   \n\t# indented comment\r\n"
             "alice:%s\r\n"
             "bob:%s", a, b); /* no newline after the last line */
    reports r;
    tp_htpasswd *pw = load_text(text, &r);
    cr_assert_eq(r.n, 0, "first problem: %s", r.msg[0]);
    cr_assert_eq(verify(pw, "alice", "alpha"), 1);
    cr_assert_eq(verify(pw, "bob", "beta"), 1);
    cr_assert_not(tp_htpasswd_has_user(pw, "# who may edit"));
    tp_htpasswd_free(pw);
    free(a);
    free(b);
}

Test(htpasswd, every_problem_is_reported_on_its_line_in_order)
{
    char *ok = mkhash("$2y$", 4, "fine");
    char *sha = mkhash("$6$", 1000, "fine");
    char *md5 = mkhash("$1$", 0, "md5pass");
    /* A sha512-crypt hash with a 17-character salt, and bcrypt hashes
     * whose last salt or hash character carries bits no hash has. */
    char longsalt[256], badsalt[64], badend[64];
    snprintf(longsalt, sizeof(longsalt), "$6$abcdefghijklmnopq$%s",
             strrchr(sha, '$') + 1);
    snprintf(badsalt, sizeof(badsalt), "%s", ok);
    badsalt[28] = badsalt[28] == 'v' ? 'w' : 'v';
    snprintf(badend, sizeof(badend), "%s", ok);
    badend[59] = badend[59] == 'b' ? 'd' : 'b';
    char text[8192];
    snprintf(text, sizeof(text),
             "# line 1\n"
             "alice:%s\n"                         /* 2 fine */
             "plain:secret123\n"                  /* 3 */
             "des:abJnggxhB/yWI\n"                /* 4 */
             "md5:%s\n"                           /* 5 */
             "apr:$apr1$Xy3Tq8vB$Mkl5kN0h2Hc1R7Rr4wUuS/\n" /* 6 */
             "sha1:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n"     /* 7 */
             "argon:$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA\n" /* 8 */
             "alice:%s\n"                         /* 9 duplicate */
             ":%s\n"                              /* 10 */
             "bob:smith:%s\n"                     /* 11 */
             "c\x01r:%s\n"                        /* 12 */
             "nocolon\n"                          /* 13 */
             "trunc:$2y$05$abcdefghij\n"          /* 14 */
             "long:%s\n"                          /* 15 */
             "empty:\n"                           /* 16 */
             "badsalt:%s\n"                       /* 17 */
             "badend:%s\n"                        /* 18 */
             "carol:%s\n",                        /* 19 fine */
             ok, md5, ok, ok, ok, ok, longsalt, badsalt, badend, ok);
    reports r;
    cr_assert_null(load_text(text, &r));
    int i = 0;
    assert_report(&r, i++, 3, "plain-text password");
    assert_report(&r, i++, 4, "DES crypt");
    assert_report(&r, i++, 5, "MD5-crypt");
    assert_report(&r, i++, 6, "MD5-crypt");
    assert_report(&r, i++, 7, "{SHA}");
    assert_report(&r, i++, 8, "scheme $argon2id$");
    assert_report(&r, i++, 9, "already on line 2");
    assert_report(&r, i++, 10, "empty user name");
    assert_report(&r, i++, 11, "user name with ':'");
    assert_report(&r, i++, 12, "control character");
    assert_report(&r, i++, 13, "no ':'");
    assert_report(&r, i++, 14, "malformed bcrypt");
    assert_report(&r, i++, 15, "malformed sha512-crypt");
    assert_report(&r, i++, 16, "no password hash");
    assert_report(&r, i++, 17, "malformed bcrypt");
    assert_report(&r, i++, 18, "malformed bcrypt");
    cr_assert_eq(r.n, i, "one report a problem: %d", r.n);
    /* Nothing secret is ever repeated. */
    for (int k = 0; k < r.n; k++) {
        cr_assert_null(strstr(r.msg[k], "secret123"), "%s", r.msg[k]);
        cr_assert_null(strstr(r.msg[k], "abJnggxhB"), "%s", r.msg[k]);
        cr_assert_null(strstr(r.msg[k], "W6ph5Mm5"), "%s", r.msg[k]);
        cr_assert_null(strstr(r.msg[k], "Xy3Tq8vB"), "%s", r.msg[k]);
        cr_assert_null(strstr(r.msg[k], md5 + 3), "%s", r.msg[k]);
        cr_assert_null(strstr(r.msg[k], ok + 7), "%s", r.msg[k]);
        cr_assert_null(strstr(r.msg[k], "c2FsdA"), "%s", r.msg[k]);
    }
    free(ok);
    free(sha);
    free(md5);
}

Test(htpasswd, a_file_that_cannot_be_opened_is_line_0)
{
    reports r = {0};
    cr_assert_null(tp_htpasswd_load("/nonexistent/teapot/htpasswd", collect,
                                    &r));
    assert_report(&r, 0, 0, "cannot open: No such file or directory");
    cr_assert_eq(r.n, 1);

    memset(&r, 0, sizeof(r));
    cr_assert_null(tp_htpasswd_load("/", collect, &r), "a directory");
    assert_report(&r, 0, 0, "Is a directory");
}

Test(htpasswd, a_file_without_users_is_refused)
{
    reports r;
    cr_assert_null(load_text("", &r));
    assert_report(&r, 0, 0, "has no users");
    cr_assert_null(load_text("# nobody yet\n\n", &r));
    assert_report(&r, 0, 0, "has no users");
    cr_assert_eq(r.n, 1);
}

Test(htpasswd, a_line_over_4096_bytes_is_refused_and_counting_goes_on)
{
    char *h = mkhash("$2b$", 4, "pw");
    char *text = malloc(16384);
    size_t len = 0;
    /* Line 1 is exactly 4096 bytes: a user name of 4096 - 61. */
    memset(text, 'u', 4096 - 61);
    len = 4096 - 61;
    len += (size_t)sprintf(text + len, ":%s\n", h);
    memset(text + len, 'x', 9000); /* line 2 */
    len += 9000;
    len += (size_t)sprintf(text + len, "\nplain:oops\n"); /* line 3 */
    char *path = temp_file(text, len);
    reports r = {0};
    cr_assert_null(tp_htpasswd_load(path, collect, &r));
    assert_report(&r, 0, 2, "longer than 4096 bytes");
    assert_report(&r, 1, 3, "plain-text password");
    cr_assert_eq(r.n, 2);
    unlink(path);
    free(path);
    free(text);
    free(h);
}

/* A check runs on the worker that serves other clients too: a cost that
 * would hold it up for long is refused at load. */
Test(htpasswd, costs_that_would_stall_a_worker_are_refused, .timeout = 20)
{
    char *b = mkhash("$2b$", 4, "pw"), *y = mkhash("$y$", 1, "pw");
    char *s = mkhash("$6$", 1000, "pw");
    char bcrypt11[64], bcrypt31[64], sha[256], yes[256];
    snprintf(bcrypt11, sizeof(bcrypt11), "$2b$11%s", b + 6);
    snprintf(bcrypt31, sizeof(bcrypt31), "$2b$31%s", b + 6);
    snprintf(sha, sizeof(sha), "$6$rounds=200001%s", strchr(s + 3, '$'));
    /* "jCT" asks for 2^15 blocks of 32 * 128 bytes: 128 MiB (mkpasswd's
     * default, "j9T", is 16 MiB). */
    snprintf(yes, sizeof(yes), "$y$jCT%s", strchr(y + 3, '$'));
    char text[1024];
    snprintf(text, sizeof(text), "a:%s\nb:%s\nc:%s\nd:%s\n", bcrypt11,
             bcrypt31, sha, yes);
    reports r;
    cr_assert_null(load_text(text, &r));
    assert_report(&r, 0, 1, "bcrypt cost 11");
    assert_report(&r, 0, 1, "use at most 10");
    assert_report(&r, 1, 2, "bcrypt cost 31");
    assert_report(&r, 2, 3, "200001 sha512-crypt rounds");
    assert_report(&r, 2, 3, "use at most 200000");
    assert_report(&r, 3, 4, "32 MiB");
    cr_assert_eq(r.n, 4);
    /* The ceilings themselves are taken. */
    char *b10 = mkhash("$2b$", 10, "pw");
    char *s5 = mkhash("$6$", 200000, "pw");
    snprintf(text, sizeof(text), "a:%s\n", b10);
    tp_htpasswd *pw = load_text(text, &r);
    cr_assert_not_null(pw, "%s", r.msg[0]);
    tp_htpasswd_free(pw);
    snprintf(text, sizeof(text), "a:%s\n", s5);
    pw = load_text(text, &r);
    cr_assert_not_null(pw, "%s", r.msg[0]);
    tp_htpasswd_free(pw);
    free(b10);
    free(s5);
    free(b);
    free(y);
    free(s);
}

static tp_htpasswd *two_users(void)
{
    char *a = mkhash("$2b$", 5, "correct horse"), *b = mkhash("$2b$", 5, "b");
    char text[512];
    snprintf(text, sizeof(text), "alice:%s\nbob:%s\n", a, b);
    reports r;
    tp_htpasswd *pw = load_text(text, &r);
    cr_assert_not_null(pw, "%s", r.msg[0]);
    free(a);
    free(b);
    return pw;
}

Test(htpasswd, right_wrong_and_unknown)
{
    tp_htpasswd *pw = two_users();
    cr_assert_eq(verify(pw, "alice", "correct horse"), 1);
    cr_assert_eq(verify(pw, "alice", "correct horse "), 0);
    cr_assert_eq(verify(pw, "alice", "Correct horse"), 0);
    cr_assert_eq(verify(pw, "alice", ""), 0);
    cr_assert_eq(verify(pw, "Alice", "correct horse"), 0);
    cr_assert_eq(verify(pw, "carol", "correct horse"), 0, "unknown user");
    cr_assert_eq(verify(pw, "", ""), 0);
    /* Lengths count, not NULs: the user "alice" is not "alice\0x". */
    cr_assert_eq(tp_htpasswd_verify(pw, "alicex", 5, "correct horse", 13), 1);
    cr_assert_eq(tp_htpasswd_verify(pw, "alice\0x", 7, "correct horse", 13),
                 0);
    cr_assert_eq(tp_htpasswd_verify(pw, "alice", 5, "correct horse\0", 14),
                 0, "a password with a NUL is nobody's");
    tp_htpasswd_free(pw);
}

Test(htpasswd, an_overlong_password_is_nobodys)
{
    tp_htpasswd *pw = two_users();
    char big[CRYPT_MAX_PASSPHRASE_SIZE + 10];
    memset(big, 'p', sizeof(big));
    cr_assert_eq(tp_htpasswd_verify(pw, "alice", 5, big, sizeof(big)), 0);
    tp_htpasswd_free(pw);
}

Test(htpasswd, a_remembered_success_admits_nothing_else)
{
    tp_htpasswd *pw = two_users();
    cr_assert_eq(verify(pw, "alice", "correct horse"), 1);
    cr_assert_eq(verify(pw, "alice", "correct horse"), 1, "again, cached");
    cr_assert_eq(verify(pw, "alice", "wrong"), 0, "a wrong one still fails");
    /* The cache key keeps user and password apart: "alic" + "ecorrect
     * horse" is the same bytes without the separator. */
    cr_assert_eq(verify(pw, "alic", "ecorrect horse"), 0);
    cr_assert_eq(verify(pw, "alicecorrect horse", ""), 0);
    cr_assert_eq(verify(pw, "bob", "correct horse"), 0);
    cr_assert_eq(verify(pw, "alice", "correct horse"), 1);
    tp_htpasswd_free(pw);
}

Test(htpasswd, each_file_remembers_on_its_own)
{
    /* Two loads of the same file: a success cached in one is not a
     * success in a file where the password differs. */
    char *h1 = mkhash("$2b$", 4, "one"), *h2 = mkhash("$2b$", 4, "two");
    char t1[128], t2[128];
    snprintf(t1, sizeof(t1), "alice:%s\n", h1);
    snprintf(t2, sizeof(t2), "alice:%s\n", h2);
    reports r;
    tp_htpasswd *p1 = load_text(t1, &r), *p2 = load_text(t2, &r);
    cr_assert_eq(verify(p1, "alice", "one"), 1);
    cr_assert_eq(verify(p2, "alice", "one"), 0);
    cr_assert_eq(verify(p2, "alice", "two"), 1);
    cr_assert_eq(verify(p1, "alice", "two"), 0);
    tp_htpasswd_free(p1);
    tp_htpasswd_free(p2);
    free(h1);
    free(h2);
}

typedef struct worker_arg {
    tp_htpasswd *pw;
    int bad;
} worker_arg;

static void *worker(void *p)
{
    worker_arg *a = p;
    for (int i = 0; i < 20; i++) {
        char pass[16];
        snprintf(pass, sizeof(pass), "pw%d", i % 4);
        int want = i % 4 == 0;
        if (verify(a->pw, "alice", pass) != want)
            a->bad++;
        if (verify(a->pw, "nobody", "pw0") != 0)
            a->bad++;
    }
    return NULL;
}

Test(htpasswd, workers_check_at_the_same_time)
{
    char *h = mkhash("$2b$", 4, "pw0");
    char text[128];
    snprintf(text, sizeof(text), "alice:%s\n", h);
    reports r;
    tp_htpasswd *pw = load_text(text, &r);
    pthread_t t[6];
    worker_arg a[6];
    for (int i = 0; i < 6; i++) {
        a[i] = (worker_arg){pw, 0};
        pthread_create(&t[i], NULL, worker, &a[i]);
    }
    for (int i = 0; i < 6; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(a[i].bad, 0, "thread %d", i);
    }
    tp_htpasswd_free(pw);
    free(h);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
           (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * An unknown user costs what a known one does, so that the time of a 401
 * does not say whether the name exists.  Measured, not asserted (timing
 * on a shared machine is noise): with bcrypt cost 8, a wrong password
 * for a user and any password for an unknown one both take some 20 ms
 * per check, within a millisecond or two of each other; a remembered
 * success about 0.1 ms.
 */
Test(htpasswd, unknown_users_cost_what_known_ones_do)
{
    char *h = mkhash("$2b$", 8, "pw"), *other = mkhash("$2b$", 8, "pw2");
    char text[256];
    snprintf(text, sizeof(text), "other:%s\nalice:%s\n", other, h);
    reports r;
    tp_htpasswd *pw = load_text(text, &r);
    cr_assert_not_null(pw, "%s", r.msg[0]);
    struct timespec t0;
    double known = 0, unknown = 0;
    for (int i = 0; i < 5; i++) {
        clock_gettime(CLOCK_MONOTONIC, &t0);
        cr_assert_eq(verify(pw, "alice", "nope"), 0);
        known += ms_since(&t0);
        clock_gettime(CLOCK_MONOTONIC, &t0);
        cr_assert_eq(verify(pw, "mallory", "nope"), 0);
        unknown += ms_since(&t0);
    }
    cr_assert_eq(verify(pw, "alice", "pw"), 1);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cr_assert_eq(verify(pw, "alice", "pw"), 1);
    double cached = ms_since(&t0);
    cr_log_info("known user, wrong password: %.1f ms; unknown user: %.1f ms; "
                "remembered success: %.3f ms", known / 5, unknown / 5, cached);
    tp_htpasswd_free(pw);
    free(h);
    free(other);
}

/* ---- Basic credentials ---- */

static fixture *fx;

static void basic_setup(void) { fx = fx_new("GET"); }
static void basic_teardown(void) { fx_free(fx); }

/* "Basic " + base64 of `len` bytes of `raw`. */
static const char *basic_of(const char *raw, size_t len)
{
    static char buf[512];
    strcpy(buf, "Basic ");
    EVP_EncodeBlock((unsigned char *)buf + 6, (const unsigned char *)raw,
                    (int)len);
    return buf;
}

static bool creds(const char *value, char **user, size_t *ulen, char **pass,
                  size_t *plen)
{
    return tp_basic_credentials(fx->x, fx_str(value), user, ulen, pass, plen);
}

static void accepts(const char *value, const char *u, size_t ul,
                    const char *p, size_t pl)
{
    char *user = NULL, *pass = NULL;
    size_t ulen = 99, plen = 99;
    cr_assert(creds(value, &user, &ulen, &pass, &plen), "'%s' refused",
              value);
    cr_assert_eq(ulen, ul, "'%s'", value);
    cr_assert_eq(plen, pl, "'%s'", value);
    cr_assert_arr_eq(user, u, ul + 1, "'%s': user, NUL-terminated", value);
    cr_assert_arr_eq(pass, p, pl + 1, "'%s': password, NUL-terminated", value);
}

static void rejects(const char *value)
{
    char *user = NULL, *pass = NULL;
    size_t ulen = 0, plen = 0;
    cr_assert_not(creds(value, &user, &ulen, &pass, &plen), "'%s' accepted",
                  value);
}

TestSuite(basic, .init = basic_setup, .fini = basic_teardown);

Test(basic, the_user_id_and_password_of_rfc_7617)
{
    /* RFC 7617 2: "Aladdin" with "open sesame". */
    accepts("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "Aladdin", 7,
            "open sesame", 11);
    /* RFC 7617 2.1: UTF-8 "test" with "123\u00a3". */
    accepts("Basic dGVzdDoxMjPCow==", "test", 4, "123\xc2\xa3", 5);
}

Test(basic, the_scheme_is_case_insensitive_and_spaces_may_repeat)
{
    accepts("basic YWxpY2U6c2VjcmV0", "alice", 5, "secret", 6);
    accepts("BASIC YWxpY2U6c2VjcmV0", "alice", 5, "secret", 6);
    accepts("Basic    YWxpY2U6c2VjcmV0", "alice", 5, "secret", 6);
    accepts("  Basic YWxpY2U6c2VjcmV0 ", "alice", 5, "secret", 6);
}

Test(basic, the_split_is_at_the_first_colon)
{
    accepts(basic_of("a:b:c", 5), "a", 1, "b:c", 3);
    accepts(basic_of("alice:", 6), "alice", 5, "", 0);
    accepts(basic_of(":pw", 3), "", 0, "pw", 2);
    accepts(basic_of("jos\xc3\xa9:x", 7), "jos\xc3\xa9", 5, "x", 1);
    /* The password is whatever follows, checked against the file later. */
    accepts(basic_of("u:p\tq", 5), "u", 1, "p\tq", 3);
}

Test(basic, other_schemes_and_malformed_values_are_not_credentials)
{
    rejects("");
    rejects("Basic");
    rejects("Basic ");
    rejects("Bearer YWxpY2U6c2VjcmV0");
    rejects("Digest username=\"alice\"");
    rejects("BasicYWxpY2U6c2VjcmV0");
    rejects("Basic\tYWxpY2U6c2VjcmV0");
    rejects("Basics YWxpY2U6c2VjcmV0");
    rejects("Basic YWxpY2U6c2VjcmV0 extra");
    rejects("Basic YWxpY2U6c2VjcmV0,");
    rejects("Basic realm=\"x\"");
    rejects("Basic YWxpY2U6c2VjcmV"); /* not whole groups of four */
    rejects("Basic YWxpY2U6c2VjcmV0=");
    rejects("Basic YWxpY2U6c2VjcmU");  /* padding left out */
    rejects("Basic YW=xpY2U6c2VjcmU="); /* '=' inside */
    rejects("Basic YWxpY2U6c2VjcmU==="); /* too much padding */
    rejects("Basic ====");
    rejects("Basic YWxp-2U6c2VjcmV0"); /* base64url is not base64 */
    rejects("Basic YWxp_2U6c2VjcmV0");
    rejects("Basic YWxpY2U="); /* "alice": no ':' */
    rejects(basic_of("al\x01ice:pw", 9)); /* control character in the id */
    rejects(basic_of("al\x7fice:pw", 9));
    rejects(basic_of("alice\0:pw", 9));
}

Test(basic, a_credential_has_one_encoding)
{
    char out[16];
    size_t n = 99;
    cr_assert_eq(tp_basic_decode("Og==", 4, out, sizeof(out), &n), 0);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(out, ":");
    /* "Oh==" decodes to ':' too, with bits the padding should have left
     * zero (RFC 4648 3.5). */
    cr_assert_eq(tp_basic_decode("Oh==", 4, out, sizeof(out), &n), -1);
    cr_assert_eq(tp_basic_decode("YWI=", 4, out, sizeof(out), &n), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(tp_basic_decode("YWJ=", 4, out, sizeof(out), &n), -1);
    cr_assert_eq(tp_basic_decode("YWJj", 4, out, sizeof(out), &n), 0);
    cr_assert_str_eq(out, "abc");
    cr_assert_eq(tp_basic_decode("", 0, out, sizeof(out), &n), -1);
    cr_assert_eq(tp_basic_decode("YWJj", 4, out, 3, &n), -1, "no room");
}
