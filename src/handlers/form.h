/*
 * form.h - HTML form submissions: application/x-www-form-urlencoded (the
 * WHATWG URL Standard's parser, which also reads query strings) and
 * multipart/form-data (RFC 7578), plus the small pieces of Content-Type
 * they need.  The parsers know nothing of JSON or of what a field is for:
 * they hand each field to a callback.  Everything they return lives in the
 * request's arena.
 */
#ifndef TEAPOT_FORM_H
#define TEAPOT_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "teapot/server.h"

/* multipart/form-data: a boundary is 1 to 70 characters (RFC 2046 5.1.1);
 * anything else makes the body malformed (400). */
#define TP_FORM_MAX_BOUNDARY 70

/* One field of a form.  The name is NUL-terminated; the value is too for
 * a urlencoded field, while a multipart part's value points into the body.
 * Either may hold NUL bytes (a urlencoded "%00", a binary file), so the
 * lengths are what counts. */
typedef struct tp_form_field {
    const char *name;
    size_t name_len;
    const char *value;
    size_t len;
    const char *filename;     /* a multipart part with a filename (a file
                                 upload), else NULL */
    const char *content_type; /* a multipart part's Content-Type (default
                                 "text/plain", RFC 7578 4.4); NULL for
                                 urlencoded fields */
} tp_form_field;

/* Called with each field in order.  Returns 0 to go on, or a status code
 * that stops the parse and becomes its result (with *why set to what is
 * wrong, text that lives as long as the request). */
typedef int (*tp_form_fn)(tp_request *req, const tp_form_field *f,
                          void *arg, const char **why);

/* Percent-decodes `src` into a new NUL-terminated string in the arena;
 * '+' becomes a space when `plus` is set.  A '%' not followed by two hex
 * digits is kept as it is when `lenient` (what browsers do), else the
 * result is NULL with errno EINVAL (ENOMEM when the arena is full). */
char *tp_form_decode(tp_request *req, tp_str src, bool plus, bool lenient,
                     size_t *len);

/*
 * application/x-www-form-urlencoded: name=value pairs separated by '&',
 * '+' for a space, percent-encoded bytes.  Empty pairs are skipped; a
 * pair without '=' has an empty value.  `strict` refuses a '%' that is
 * not followed by two hex digits (a request body should be well formed)
 * where the lenient form keeps it (a query string typed by hand).
 * Returns 0; 400 with *why for bad percent-encoding; 500 when out of
 * memory; or the status fn stopped with.
 */
int tp_form_urlencoded(tp_request *req, tp_str s, bool strict,
                       tp_form_fn fn, void *arg, const char **why);

/*
 * multipart/form-data (RFC 7578, framing of RFC 2046 5.1.1): each part
 * needs a Content-Disposition of type form-data with a name (RFC 7578
 * 4.2); one with a filename is a file.  Returns 0; 400 with *why when the
 * body is malformed (no boundary in it, no close delimiter, a part
 * without a name or of another disposition, a parameter with an
 * unterminated quoted string or a NUL, ...); 500 when out of memory; or
 * the status fn stopped with.
 */
int tp_form_multipart(tp_request *req, const char *boundary, const char *body,
                      size_t len, tp_form_fn fn, void *arg, const char **why);

/* The value of parameter `name` (case-insensitive) in a field value such
 * as `multipart/form-data; boundary="x"`, unquoted.  NULL with errno
 * ENOENT when it is absent, EINVAL when the field value is malformed (a
 * quoted string that does not end, or a NUL, raw or escaped, which would
 * cut the value short), ENOMEM when the arena is full. */
char *tp_form_param(tp_request *req, tp_str value, const char *name);

/* Whether a Content-Type value is `type` (compared without case),
 * parameters aside. */
bool tp_form_media_is(tp_str content_type, const char *type);

#endif
