/* access.h - who may reach a path: client networks (allow/deny by address
 * and CIDR, answered 403) and HTTP Basic authentication (RFC 7617) against
 * htpasswd files (401 with a challenge, 403 for a user not allowed). */
#ifndef TEAPOT_ACCESS_H
#define TEAPOT_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "teapot/server.h"

typedef struct tp_net {
    uint8_t family;        /* AF_INET or AF_INET6 */
    uint8_t bits;          /* prefix length: 0..32 or 0..128 */
    unsigned char addr[16];
} tp_net;

/* "192.0.2.7", "10.0.0.0/8", "2001:db8::/32", "::1", or "all" (two nets:
 * 0.0.0.0/0 and ::/0 -- so `out` has room for 2; *n gets 1 or 2).  Refuses,
 * with why in `why` worded to follow a key name ("wants ..., not '...'"),
 * anything else, including a prefix length out of range and an address
 * with bits set beyond its prefix ("10.0.0.1/8": write 10.0.0.0/8). */
int tp_net_parse(const char *v, tp_net out[2], size_t *n, char *why, size_t cap);

/* Whether the client at `peer` (the text of tp_request_peer: "127.0.0.1",
 * "::1", and IPv4-mapped "::ffff:192.0.2.1" which must match IPv4 nets)
 * may pass: the most specific network of either list that contains it
 * decides (a deny wins a tie); no match: allowed when `allow` is empty,
 * denied otherwise.  An unparsable peer is denied. */
bool tp_net_allowed(const tp_net *allow, size_t nallow, const tp_net *deny,
                    size_t ndeny, const char *peer);

typedef struct tp_htpasswd tp_htpasswd;

/* Reads an htpasswd file: "user:hash" lines, '#' comment lines and blank
 * lines.  Accepted hashes: bcrypt ($2a$, $2b$, $2y$), sha512-crypt ($6$),
 * sha256-crypt ($5$) and yescrypt ($y$), each checked to be a well-formed
 * hash that crypt_r (libcrypt) takes.  Refused, each with its own
 * message: plain text, DES crypt (13 characters), MD5 ($1$, $apr1$),
 * {SHA}, unknown schemes, duplicate users, empty user names, user names
 * with ':' or control characters, lines longer than 4096 bytes, files
 * with no users, costs that would hold up a worker (and every client it
 * serves) on every check (bcrypt cost above 12, sha-crypt rounds above
 * 500000, yescrypt above 64 MiB), and users whose settings (scheme and
 * cost) differ: an unknown user is checked against the file's one
 * setting, so that the time of the answer does not tell whether the user
 * exists.  The setting is hashed once at load, so a setting libcrypt
 * refuses is reported too.
 * Every problem is passed to `report(arg, line, message)`
 * (line 0: the file as a whole, e.g. cannot open: strerror), in order;
 * returns NULL if there was any, with errno ENOMEM when memory ran out
 * and EINVAL otherwise.  Never reveals a hash in a message. */
tp_htpasswd *tp_htpasswd_load(const char *path,
                              void (*report)(void *arg, int line,
                                             const char *msg),
                              void *arg);
void tp_htpasswd_free(tp_htpasswd *pw);

/* 1 when `pass` is the password of `user`, 0 when not.  Thread-safe:
 * the workers call it concurrently (crypt_rn with a struct crypt_data of
 * the call's own).  The outcome does not reveal whether the user exists:
 * an unknown user is checked against a dummy hash made at load with the
 * file's one setting, so it costs the same time, and the final
 * comparison is constant-time.  A success is remembered for 5 minutes in
 * a cache of 1024 entries (the oldest goes first), keyed by an
 * HMAC-SHA-256 of user NUL password under a random key of this file --
 * never the password itself -- so that a browser sending the same
 * credentials with every request does not pay bcrypt each time; failures
 * are not remembered.  An uncached check costs one hash on the calling
 * thread (a bcrypt of cost 10 is some 80 ms).  A password with a NUL or
 * of 512 bytes or more (CRYPT_MAX_PASSPHRASE_SIZE) is nobody's. */
int tp_htpasswd_verify(tp_htpasswd *pw, const char *user, size_t ulen,
                       const char *pass, size_t plen);
bool tp_htpasswd_has_user(const tp_htpasswd *pw, const char *user); /* for
   the config check: a rule's `users:` must exist in the file */

/* The credentials of an Authorization field value "Basic <token68>"
 * (RFC 7617 2: scheme case-insensitive, one or more spaces, base64 with
 * padding; user-id and password split at the first ':'; the decoded
 * user-id must not hold control characters).  Copies them NUL-terminated
 * into the request's arena.  false when the value is not Basic or is
 * malformed. */
bool tp_basic_credentials(tp_request *req, tp_str value, char **user,
                          size_t *ulen, char **pass, size_t *plen);

/* The arena-free core of tp_basic_credentials: strict base64 with padding
 * (RFC 4648 4; groups of four, at most two '=' at the end, the bits they
 * leave over zero) into `out`, NUL-terminated.  0, or -1 when malformed
 * or when `cap` is below len / 4 * 3 + 1. */
int tp_basic_decode(const char *b64, size_t len, char *out, size_t cap,
                    size_t *outlen);

#endif
