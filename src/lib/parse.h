/*
 * parse.h - the RFC 9112 request parser and the chunked decoder.
 *
 * The parser never copies: every name, value and target is a slice into the
 * caller's read buffer, valid as long as that buffer is.  It never writes a
 * response either; it returns the status code the writer must send and a
 * short explanation, and the connection decides what happens next.
 */
#ifndef TEAPOT_PARSE_H
#define TEAPOT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "teapot/server.h" /* tp_str */

/*
 * Limits.  Each names the status code it produces when exceeded.
 */
/* 414 URI Too Long: RFC 9112 3 recommends accepting at least 8000 octets. */
#define TP_MAX_TARGET 16384
/* 501 Not Implemented: RFC 9112 3 asks for 501 for a method longer than
 * any the server implements.  Up to this length the method is parsed and
 * answered 501 on a connection that stays open; beyond it the parser gives
 * up on the request line and the connection closes after the 501. */
#define TP_MAX_METHOD 1024
/* 431 Request Header Fields Too Large: one field line. */
#define TP_MAX_FIELD_LINE 8192
/* 431: the whole header section (request line excluded). */
#define TP_MAX_HEADER_SECTION 32768
/* 431: the number of field lines. */
#define TP_MAX_FIELDS 100
/* The read buffer must hold the request line and header section at once. */
#define TP_MAX_HEAD (TP_MAX_TARGET + TP_MAX_METHOD + 16 + TP_MAX_HEADER_SECTION)

typedef struct tp_field {
    tp_str name;
    tp_str value; /* without leading and trailing whitespace */
} tp_field;

/* Methods the engine knows by name (the IANA HTTP Method Registry plus BREW
 * of RFC 2324).  An unknown token is TP_M_OTHER and gets 501. */
typedef enum tp_method {
    TP_M_OTHER = 0,
    TP_M_GET,
    TP_M_HEAD,
    TP_M_POST,
    TP_M_PUT,
    TP_M_DELETE,
    TP_M_CONNECT,
    TP_M_OPTIONS,
    TP_M_TRACE,
    TP_M_PATCH,
    TP_M_PROPFIND,
    TP_M_PROPPATCH,
    TP_M_MKCOL,
    TP_M_COPY,
    TP_M_MOVE,
    TP_M_LOCK,
    TP_M_UNLOCK,
    TP_M_QUERY,
    TP_M_BREW,
    TP_M_REGISTERED, /* any other method of the IANA registry: ACL, BIND,
                        REPORT, SEARCH, MKCALENDAR, ... */
} tp_method;

/* What kind of request-target arrived (RFC 9112 3.2). */
typedef enum tp_target_form {
    TP_TARGET_ORIGIN = 1,    /* /path?query */
    TP_TARGET_ABSOLUTE,      /* http://host/path?query */
    TP_TARGET_AUTHORITY,     /* host:port, CONNECT only */
    TP_TARGET_ASTERISK,      /* *, OPTIONS only */
} tp_target_form;

typedef struct tp_request_head {
    tp_str method;
    tp_method method_id;
    tp_str target;       /* as received */
    tp_target_form form;
    tp_str path;         /* origin-form path, or the path of an absolute-form
                            target ("/" when it has none); raw, not decoded */
    tp_str query;        /* after '?', without it; empty when absent */
    tp_str authority;    /* authority of an absolute- or authority-form
                            target; empty otherwise */
    int version_major;   /* always 1 after a successful parse */
    int version_minor;   /* 0 or 1; HTTP/1.2 and later are read as 1.1 */
    tp_field fields[TP_MAX_FIELDS];
    size_t nfields;

    /* Derived by tp_request_framing(): */
    tp_str host;            /* authority of the target, else the Host field */
    int64_t content_length; /* -1 when absent */
    bool chunked;           /* Transfer-Encoding: chunked */
    bool keep_alive;        /* persistence after this exchange (RFC 9112 9.3) */
    bool expect_continue;   /* Expect: 100-continue from an HTTP/1.1 client */
    bool upgrade;           /* Connection: upgrade together with Upgrade */
} tp_request_head;

/* Result of the parser: bytes consumed (> 0), incomplete (0), or an error
 * given as the negated status code: -400, -414, -431, -501, -505. */
enum { TP_PARSE_INCOMPLETE = 0 };

/*
 * Parses the request line and header section at the start of buf[0..len).
 *
 * prev_len is the length of the buffer at the previous call that returned
 * TP_PARSE_INCOMPLETE for the same request (0 the first time): the parser
 * uses it so that a client sending one byte at a time costs linear, not
 * quadratic, work.  On error *why points at a static explanation.
 *
 * One empty line before the request line is ignored (RFC 9112 2.2).  A
 * field line folded with obs-fold, a bare CR, whitespace before the colon,
 * NUL/CR/LF in a value, a non-token field name or method, or a malformed
 * request line or version is 400.  A major version other than 1 is 505.
 * Limits overflowing give 414 or 431 as soon as they are certain, even on
 * incomplete input.
 */
int tp_parse_request(const char *buf, size_t len, size_t prev_len,
                     tp_request_head *req, const char **why);

/*
 * The message-framing and semantic checks that need the whole header
 * section (RFC 9112 6, RFC 9110 7.2 and 10.1.1).  Returns 0, or a status
 * code with *why set:
 *   400  missing (HTTP/1.1) or repeated Host, invalid Host; Content-Length
 *        with Transfer-Encoding; invalid, signed, overflowing or conflicting
 *        Content-Length; Transfer-Encoding whose last coding is not chunked,
 *        chunked applied twice, or Transfer-Encoding in HTTP/1.0
 *   501  a transfer coding other than chunked before the final chunked
 *   417  an Expect other than 100-continue
 *   510  RFC 2774 mandatory extension declarations (M- method, Man field)
 */
int tp_request_framing(tp_request_head *req, const char **why);

/* The first field named `name` (case-insensitive), or NULL. */
const tp_field *tp_request_field(const tp_request_head *req,
                                 const char *name);

tp_method tp_method_lookup(const char *p, size_t n);
const char *tp_method_name(tp_method m); /* NULL for OTHER/REGISTERED */

/*
 * The chunked transfer coding (RFC 9112 7.1), decoded in place.
 */
/* 400: hex digits in a chunk size beyond what fits 2^63. */
#define TP_MAX_CHUNK_SIZE_DIGITS 16
/* 400: a chunk extension longer than this. */
#define TP_MAX_CHUNK_EXT 4096
/* 431: the trailer section (fields accepted, checked, not merged). */
#define TP_MAX_TRAILER_SECTION 8192

typedef struct tp_chunked {
    int state;          /* private */
    uint64_t remaining; /* data bytes left in the current chunk */
    size_t line;        /* bytes in the current size/ext/trailer line */
    size_t trailer;     /* bytes of trailer section so far */
    unsigned digits;
    size_t nfields_trailer;
} tp_chunked;

/*
 * Decodes chunked data in buf[0..*len).  On return buf[0..*out) holds the
 * decoded data (moved to the front, in place), and *len is set to the number
 * of input bytes consumed.  Returns 0 when more input is needed, 1 when the
 * last chunk and its trailer section have been consumed (bytes after that
 * belong to the next request), or a negated status code (-400, -431) with
 * *why set.
 */
int tp_chunked_decode(tp_chunked *c, char *buf, size_t *len, size_t *out,
                      const char **why);

/* tchar of RFC 9110 5.6.2, the characters of a token: the one table the
 * parser uses, shared with every other field parser. */
bool tp_is_tchar(unsigned char c);

/* OWS: optional whitespace (RFC 9110 5.6.3). */
static inline bool tp_is_ows(char c) { return c == ' ' || c == '\t'; }

/* Case-insensitive comparison of a slice with a NUL-terminated ASCII
 * string. */
bool tp_str_ieq(tp_str s, const char *lit);

#endif
