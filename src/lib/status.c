/*
 * status.c - the status-code registry behind teapot/status.h.
 *
 * This file owns the one table of HTTP status codes: every code of the IANA
 * HTTP Status Code Registry with its reason phrase, defining reference,
 * wire-level flags, a one-sentence summary and the header fields the
 * defining document requires or recommends.  The table is written once, as
 * an X-macro list, and both the sorted array and the constant-time
 * code-to-entry index are generated from that list at compile time, so the
 * two can never disagree and no runtime initialisation is needed.
 */
#include "teapot/status.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

/* Shorthands used only while the table is expanded. */
#define INTERIM TP_STATUS_INTERIM
#define NOBODY TP_STATUS_NO_CONTENT
#define CACHE TP_STATUS_CACHEABLE
#define UNUSED TP_STATUS_UNUSED
#define DEPRECATED TP_STATUS_DEPRECATED
#define OBSOLETE TP_STATUS_OBSOLETE
#define PROVISIONAL TP_STATUS_PROVISIONAL

/* Fields are macro arguments, so they are wrapped in parentheses (which
 * protect their commas) and turned into braces only when the table is
 * built. */
#define REQ(name, hint) {(name), TP_FIELD_REQUIRED, (hint)}
#define REC(name, hint) {(name), TP_FIELD_RECOMMENDED, (hint)}
#define FIELDS(...) {__VA_ARGS__}
#define NO_FIELDS {{NULL, 0, NULL}}

/*
 * The registry, in ascending code order (the unit tests hold it to that,
 * since tp_status_at() promises it).  Each row:
 *   X(code, reason, reference, flags, summary, fields)
 *
 * Reasons follow RFC 9110 section 15 (which replaced several older
 * phrases, e.g. 413, 416, 422) or the extension RFC.  The two codes the
 * registry lists as "(Unused)" get a phrase without parentheses, since the
 * phrase may end up on a status line.
 *
 * CACHEABLE is exactly the heuristically cacheable list of RFC 9110 15.1
 * plus 451, which RFC 7725 section 3 makes cacheable by default.
 */
#define TP_STATUS_TABLE(X)                                                    \
    /* ---- 1xx: Informational (RFC 9110 15.2) ---- */                       \
    X(100, "Continue", "RFC 9110, Section 15.2.1", INTERIM | NOBODY,          \
      "The start of the request has arrived and nothing has been refused "    \
      "yet, so the client should go on sending its content.",                 \
      NO_FIELDS)                                                              \
    /* 15.2.2 makes Upgrade a MUST; 7.8 adds that whoever sends Upgrade      \
     * MUST also list "upgrade" in Connection. */                             \
    X(101, "Switching Protocols", "RFC 9110, Section 15.2.2",                 \
      INTERIM | NOBODY,                                                       \
      "The server agrees to switch this connection to the protocol named in " \
      "Upgrade, starting right after this response.",                        \
      FIELDS(REQ("Upgrade", "the protocol(s) in effect after this response"), \
             REQ("Connection", "upgrade")))                                   \
    X(102, "Processing", "RFC 2518, Section 10.1", INTERIM | NOBODY,          \
      "The server has the whole request and is still working on it; the "     \
      "final response will follow later.",                                    \
      NO_FIELDS)                                                              \
    X(103, "Early Hints", "RFC 8297, Section 2", INTERIM | NOBODY,            \
      "Header fields the final response is likely to carry, sent ahead so "   \
      "the client can start fetching linked resources early.",               \
      FIELDS(REC("Link", "rel=preload and similar hints")))                   \
    /* A temporary IANA registration.  The draft makes Location a MUST only  \
     * when the 104 announces a newly created upload resource, and forbids    \
     * it in progress reports on an append, so it cannot be REQUIRED here. */ \
    X(104, "Upload Resumption Supported",                                     \
      "draft-ietf-httpbis-resumable-upload-05",                               \
      INTERIM | NOBODY | PROVISIONAL,                                         \
      "The server can resume this upload if the transfer breaks off, and "    \
      "says where the upload resource is or how much it has received.",      \
      FIELDS(REC("Location", "the upload resource, when one is created"),     \
             REC("Upload-Limit", "limits of the upload resource"),            \
             REC("Upload-Offset", "bytes received so far")))                  \
                                                                              \
    /* ---- 2xx: Successful (RFC 9110 15.3) ---- */                          \
    X(200, "OK", "RFC 9110, Section 15.3.1", CACHE,                           \
      "The request succeeded, and what the content holds depends on the "     \
      "request method.",                                                      \
      FIELDS(REC("ETag", "for GET or HEAD, when a validator exists"),         \
             REC("Last-Modified", "for GET or HEAD, when known")))            \
    X(201, "Created", "RFC 9110, Section 15.3.2", 0,                          \
      "The request succeeded and created at least one new resource, the "     \
      "primary one named by Location or else by the target URI.",            \
      FIELDS(REC("Location", "the primary resource created")))                \
    X(202, "Accepted", "RFC 9110, Section 15.3.3", 0,                         \
      "The request was taken in for processing that has not finished and "   \
      "might still not be carried out.",                                      \
      NO_FIELDS)                                                              \
    X(203, "Non-Authoritative Information", "RFC 9110, Section 15.3.4",       \
      CACHE,                                                                  \
      "The request succeeded, but a transforming proxy changed the content "  \
      "the origin server sent.",                                              \
      NO_FIELDS)                                                              \
    X(204, "No Content", "RFC 9110, Section 15.3.5", NOBODY | CACHE,          \
      "The request succeeded and there is nothing to send beyond the header " \
      "fields.",                                                              \
      NO_FIELDS)                                                              \
    /* 205 must not carry content (15.3.6), yet its framing is that of an    \
     * ordinary response (RFC 9112 6.3), so an empty body has to be framed    \
     * explicitly if the connection is to stay open. */                      \
    X(205, "Reset Content", "RFC 9110, Section 15.3.6", 0,                    \
      "The request succeeded and the client should reset the form or view "   \
      "that sent it; no content follows.",                                    \
      FIELDS(REC("Content-Length", "0")))                                     \
    /* 15.3.7.1: a single-part 206 MUST carry Content-Range; a multipart one \
     * MUST NOT (15.3.7.2), the field going into each part instead. */       \
    X(206, "Partial Content", "RFC 9110, Section 15.3.7", CACHE,              \
      "Only the requested range or ranges of the selected representation "    \
      "are enclosed.",                                                        \
      FIELDS(REQ("Content-Range",                                             \
                 "bytes first-last/length; single part only")))               \
    X(207, "Multi-Status", "RFC 4918, Section 11.1", 0,                       \
      "The content is an XML document that gives a separate status for each " \
      "of several independent operations.",                                  \
      NO_FIELDS)                                                              \
    X(208, "Already Reported", "RFC 5842, Section 7.1", 0,                    \
      "The members of this binding were already listed earlier in the same "  \
      "multistatus reply and are not repeated.",                              \
      NO_FIELDS)                                                              \
    /* RFC 3229 10.4.1: the response MUST carry the entity tag of the        \
     * current instance; IM (10.5.2) names the manipulations applied. */      \
    X(226, "IM Used", "RFC 3229, Section 10.4.1", 0,                          \
      "The content is the result of instance manipulations, such as a "       \
      "delta, applied to the current representation.",                       \
      FIELDS(REQ("ETag", "the entity tag of the current instance"),           \
             REC("IM", "the instance manipulations applied")))                \
                                                                              \
    /* ---- 3xx: Redirection (RFC 9110 15.4) ---- */                         \
    X(300, "Multiple Choices", "RFC 9110, Section 15.4.1", CACHE,             \
      "Several representations exist, each with its own URI, and the client " \
      "is invited to pick one.",                                              \
      FIELDS(REC("Location", "the server's preferred choice, if any")))       \
    /* For 301, 302, 307 and 308 RFC 9110 only says SHOULD, and 303 defines  \
     * itself through the Location it points to.  A redirect without a       \
     * target is useless, so this server treats Location as required for all \
     * five. */                                                               \
    X(301, "Moved Permanently", "RFC 9110, Section 15.4.2", CACHE,            \
      "The resource has a new permanent URI, and references to it should be " \
      "updated.",                                                             \
      FIELDS(REQ("Location", "the new permanent URI")))                       \
    X(302, "Found", "RFC 9110, Section 15.4.3", 0,                            \
      "The resource is temporarily at another URI, and the original URI "     \
      "should still be used for future requests.",                           \
      FIELDS(REQ("Location", "the temporary URI")))                           \
    X(303, "See Other", "RFC 9110, Section 15.4.4", 0,                        \
      "The answer to this request is a different resource, which the client " \
      "can retrieve with GET.",                                               \
      FIELDS(REQ("Location", "the resource that holds the answer")))          \
    /* 15.4.5: each of these MUST be sent when a 200 to the same request      \
     * would have carried it, which only the caller can know; Content-Location \
     * and Expires belong to the same list but fall outside the four slots. */ \
    X(304, "Not Modified", "RFC 9110, Section 15.4.5", NOBODY,                \
      "The client's stored copy is still valid, so the representation is "    \
      "not sent again.",                                                      \
      FIELDS(REC("ETag", "as a 200 would have sent it"),                      \
             REC("Date", "as a 200 would have sent it"),                      \
             REC("Cache-Control", "as a 200 would have sent it"),             \
             REC("Vary", "as a 200 would have sent it")))                     \
    X(305, "Use Proxy", "RFC 9110, Section 15.4.6", DEPRECATED,               \
      "Once told the client to repeat the request through a given proxy; it " \
      "is deprecated and must not be relied on.",                             \
      NO_FIELDS)                                                              \
    X(306, "Unused", "RFC 9110, Section 15.4.7", UNUSED,                      \
      "Defined by an earlier version of HTTP, no longer used, and kept "      \
      "reserved.",                                                            \
      NO_FIELDS)                                                              \
    X(307, "Temporary Redirect", "RFC 9110, Section 15.4.8", 0,               \
      "The resource is temporarily at another URI, and the request should "   \
      "be repeated there with the same method.",                             \
      FIELDS(REQ("Location", "the temporary URI")))                           \
    X(308, "Permanent Redirect", "RFC 9110, Section 15.4.9", CACHE,           \
      "The resource has a new permanent URI, and the request should be "      \
      "repeated there with the same method.",                                \
      FIELDS(REQ("Location", "the new permanent URI")))                       \
                                                                              \
    /* ---- 4xx: Client Error (RFC 9110 15.5) ---- */                        \
    X(400, "Bad Request", "RFC 9110, Section 15.5.1", 0,                      \
      "The server will not process the request because of what looks like a " \
      "client error, such as malformed syntax or framing.",                  \
      NO_FIELDS)                                                              \
    X(401, "Unauthorized", "RFC 9110, Section 15.5.2", 0,                     \
      "The request lacks valid credentials for the target resource, and the " \
      "challenge says how to supply them.",                                   \
      FIELDS(REQ("WWW-Authenticate", "at least one challenge")))              \
    X(402, "Payment Required", "RFC 9110, Section 15.5.3", 0,                 \
      "Reserved for future use.",                                             \
      NO_FIELDS)                                                              \
    X(403, "Forbidden", "RFC 9110, Section 15.5.4", 0,                        \
      "The server understood the request but refuses to carry it out.",      \
      NO_FIELDS)                                                              \
    X(404, "Not Found", "RFC 9110, Section 15.5.5", CACHE,                    \
      "The server has no current representation of the target resource, or "  \
      "will not say whether one exists.",                                     \
      NO_FIELDS)                                                              \
    X(405, "Method Not Allowed", "RFC 9110, Section 15.5.6", CACHE,           \
      "The server knows the method, but the target resource does not "        \
      "support it.",                                                          \
      FIELDS(REQ("Allow", "the methods the resource supports")))              \
    X(406, "Not Acceptable", "RFC 9110, Section 15.5.7", 0,                   \
      "No representation matches what the request's negotiation fields "      \
      "accept, and the server will not fall back to a default.",             \
      NO_FIELDS)                                                              \
    X(407, "Proxy Authentication Required", "RFC 9110, Section 15.5.8", 0,    \
      "The client has to authenticate with the proxy before the request is "  \
      "passed on.",                                                           \
      FIELDS(REQ("Proxy-Authenticate", "a challenge for this proxy")))        \
    X(408, "Request Timeout", "RFC 9110, Section 15.5.9", 0,                  \
      "The complete request did not arrive within the time the server was "   \
      "willing to wait.",                                                     \
      NO_FIELDS)                                                              \
    X(409, "Conflict", "RFC 9110, Section 15.5.10", 0,                        \
      "The request clashes with the current state of the resource, and "      \
      "resolving the clash may let it succeed.",                              \
      NO_FIELDS)                                                              \
    X(410, "Gone", "RFC 9110, Section 15.5.11", CACHE,                        \
      "The resource is no longer available here, and that is likely to be "   \
      "permanent.",                                                           \
      NO_FIELDS)                                                              \
    X(411, "Length Required", "RFC 9110, Section 15.5.12", 0,                 \
      "The server refuses the request unless it states its length in "        \
      "Content-Length.",                                                      \
      NO_FIELDS)                                                              \
    X(412, "Precondition Failed", "RFC 9110, Section 15.5.13", 0,             \
      "A condition in the request header fields turned out false, so the "    \
      "method was not applied.",                                              \
      NO_FIELDS)                                                              \
    X(413, "Content Too Large", "RFC 9110, Section 15.5.14", 0,               \
      "The request content is larger than the server is willing or able to "  \
      "process.",                                                             \
      FIELDS(REC("Retry-After", "when the condition is temporary")))          \
    X(414, "URI Too Long", "RFC 9110, Section 15.5.15", CACHE,                \
      "The target URI is longer than the server is willing to interpret.",   \
      NO_FIELDS)                                                              \
    /* 15.5.16 names Accept-Encoding for a bad content coding and Accept for \
     * a bad media type.  Accept-Post (W3C LDP) and Accept-Patch (RFC 5789)  \
     * are the method-specific forms of the latter. */                        \
    X(415, "Unsupported Media Type", "RFC 9110, Section 15.5.16", 0,          \
      "The request content is in a format or coding that this method on "     \
      "this resource does not support.",                                      \
      FIELDS(REC("Accept", "media types accepted; Accept-Post or "            \
                           "Accept-Patch for POST or PATCH"),                 \
             REC("Accept-Encoding", "when a content coding was the problem"))) \
    X(416, "Range Not Satisfiable", "RFC 9110, Section 15.5.17", 0,           \
      "None of the requested ranges can be served, or the set of ranges was " \
      "refused as excessive.",                                                \
      FIELDS(REC("Content-Range", "bytes */length")))                         \
    X(417, "Expectation Failed", "RFC 9110, Section 15.5.18", 0,              \
      "An expectation in the request's Expect field could not be met.",      \
      NO_FIELDS)                                                              \
    X(418, "I'm a teapot",                                                    \
      "RFC 9110, Section 15.5.19; RFC 2324, Section 2.3.2", UNUSED,           \
      "An April Fools' joke about a teapot asked to brew coffee, now "        \
      "reserved so that no real meaning gets attached to it.",               \
      NO_FIELDS)                                                              \
    X(421, "Misdirected Request", "RFC 9110, Section 15.5.20", 0,             \
      "This server cannot give an authoritative response for the target "     \
      "URI, at least not over this connection.",                              \
      NO_FIELDS)                                                              \
    X(422, "Unprocessable Content", "RFC 9110, Section 15.5.21", 0,           \
      "The content is of a supported type and well formed, but its "          \
      "instructions could not be carried out.",                              \
      NO_FIELDS)                                                              \
    X(423, "Locked", "RFC 4918, Section 11.3", 0,                             \
      "The source or destination resource of the method is locked.",         \
      NO_FIELDS)                                                              \
    X(424, "Failed Dependency", "RFC 4918, Section 11.4", 0,                  \
      "The method could not be applied because another action it depended "   \
      "on failed.",                                                           \
      NO_FIELDS)                                                              \
    X(425, "Too Early", "RFC 8470, Section 5.2", 0,                           \
      "The server will not risk processing a request that may be a replay "   \
      "of TLS early data.",                                                   \
      NO_FIELDS)                                                              \
    /* 15.5.22 makes Upgrade a MUST; 7.8 then requires Connection too. */    \
    X(426, "Upgrade Required", "RFC 9110, Section 15.5.22", 0,                \
      "The server refuses the request over the current protocol and names "   \
      "in Upgrade the protocol it requires.",                                 \
      FIELDS(REQ("Upgrade", "the protocol(s) required"),                      \
             REQ("Connection", "upgrade")))                                   \
    X(428, "Precondition Required", "RFC 6585, Section 3", 0,                 \
      "The server requires the request to be conditional, so that updates "   \
      "are not lost.",                                                        \
      NO_FIELDS)                                                              \
    X(429, "Too Many Requests", "RFC 6585, Section 4", 0,                     \
      "The client has sent more requests in a given time than the server "    \
      "allows.",                                                              \
      FIELDS(REC("Retry-After", "how long to wait")))                         \
    X(431, "Request Header Fields Too Large", "RFC 6585, Section 5", 0,       \
      "One header field, or the header section as a whole, is too large to "  \
      "be processed.",                                                        \
      NO_FIELDS)                                                              \
    /* RFC 7725 section 3: SHOULD identify the blocking entity in a Link     \
     * whose rel MUST then be "blocked-by". */                                \
    X(451, "Unavailable For Legal Reasons", "RFC 7725, Section 3", CACHE,     \
      "Access to the resource is denied because of a legal demand.",         \
      FIELDS(REC("Link", "rel=\"blocked-by\"")))                              \
                                                                              \
    /* ---- 5xx: Server Error (RFC 9110 15.6) ---- */                        \
    X(500, "Internal Server Error", "RFC 9110, Section 15.6.1", 0,            \
      "An unexpected condition kept the server from fulfilling the "          \
      "request.",                                                             \
      NO_FIELDS)                                                              \
    X(501, "Not Implemented", "RFC 9110, Section 15.6.2", CACHE,              \
      "The server does not support the functionality the request needs, "     \
      "such as its method.",                                                  \
      NO_FIELDS)                                                              \
    X(502, "Bad Gateway", "RFC 9110, Section 15.6.3", 0,                      \
      "A gateway or proxy got an invalid response from the server it "        \
      "contacted.",                                                           \
      NO_FIELDS)                                                              \
    X(503, "Service Unavailable", "RFC 9110, Section 15.6.4", 0,              \
      "The server cannot handle the request for now, for instance because "   \
      "of overload or maintenance.",                                          \
      FIELDS(REC("Retry-After", "when to try again")))                        \
    X(504, "Gateway Timeout", "RFC 9110, Section 15.6.5", 0,                  \
      "A gateway or proxy did not get a timely response from the server it "  \
      "contacted.",                                                           \
      NO_FIELDS)                                                              \
    X(505, "HTTP Version Not Supported", "RFC 9110, Section 15.6.6", 0,       \
      "The server does not support, or will not use, the major HTTP version " \
      "of the request.",                                                      \
      NO_FIELDS)                                                              \
    X(506, "Variant Also Negotiates", "RFC 2295, Section 8.1", 0,             \
      "Transparent content negotiation is misconfigured: the chosen variant " \
      "itself negotiates.",                                                   \
      NO_FIELDS)                                                              \
    X(507, "Insufficient Storage", "RFC 4918, Section 11.5", 0,               \
      "The server cannot store what it needs to complete the request.",      \
      NO_FIELDS)                                                              \
    X(508, "Loop Detected", "RFC 5842, Section 7.2", 0,                       \
      "The server stopped the operation because it ran into an infinite "     \
      "loop.",                                                                \
      NO_FIELDS)                                                              \
    /* RFC 2774 was moved to Historic; the registry marks 510 obsoleted. */  \
    X(510, "Not Extended", "RFC 2774, Section 7", OBSOLETE,                   \
      "The request did not meet the policy for using the resource under the " \
      "HTTP extension framework.",                                            \
      NO_FIELDS)                                                              \
    /* RFC 6585 section 6 wants no challenge in a 511, so WWW-Authenticate   \
     * is deliberately absent; the content should link to the login page. */ \
    X(511, "Network Authentication Required", "RFC 6585, Section 6", 0,       \
      "The client has to authenticate to gain network access, as at a "       \
      "captive portal.",                                                      \
      NO_FIELDS)

/* Position of every entry, used both as the array index and in the lookup
 * index below. */
enum tp_status_slot {
#define X(code, ...) TP_SLOT_##code,
    TP_STATUS_TABLE(X)
#undef X
    TP_SLOT_COUNT
};

/* The reference texts live in src/lib/texts/, one file per class; every
 * registered code must have one, or this does not link. */
#define X(code, ...) extern const struct tp_status_text tp_text_##code;
TP_STATUS_TABLE(X)
#undef X

static const tp_status_info tp_status_table[TP_SLOT_COUNT] = {
#define X(code_, reason_, reference_, flags_, summary_, fields_)              \
    [TP_SLOT_##code_] = {                                                     \
        .code = (code_),                                                      \
        .reason = (reason_),                                                  \
        .reference = (reference_),                                            \
        .flags = (flags_),                                                    \
        .summary = (summary_),                                                \
        .fields = fields_,                                                    \
        .texts = &tp_text_##code_,                                            \
    },
    TP_STATUS_TABLE(X)
#undef X
};

/* code - 100 -> slot + 1, with 0 meaning "not registered".  Built by
 * designated initializers, so nothing has to run before the first lookup.
 * A code listed twice does not compile: its enumerator above would be
 * declared twice. */
#define TP_FIRST_CODE 100
#define TP_LAST_CODE 599
_Static_assert(TP_SLOT_COUNT < 255, "slot index must fit in a byte");

static const unsigned char tp_status_index[TP_LAST_CODE - TP_FIRST_CODE + 1] = {
#define X(code, ...) [(code) - TP_FIRST_CODE] = TP_SLOT_##code + 1,
    TP_STATUS_TABLE(X)
#undef X
};

#undef TP_STATUS_TABLE
#undef NO_FIELDS
#undef FIELDS
#undef REC
#undef REQ
#undef PROVISIONAL
#undef OBSOLETE
#undef DEPRECATED
#undef UNUSED
#undef CACHE
#undef NOBODY
#undef INTERIM

static bool tp_status_in_range(int code)
{
    return code >= TP_FIRST_CODE && code <= TP_LAST_CODE;
}

const tp_status_info *tp_status_lookup(int code)
{
    if (!tp_status_in_range(code))
        return NULL;
    unsigned slot = tp_status_index[code - TP_FIRST_CODE];
    return slot ? &tp_status_table[slot - 1] : NULL;
}

const tp_status_info *tp_status_get(int code)
{
    if (!tp_status_in_range(code))
        return NULL;
    const tp_status_info *info = tp_status_lookup(code);
    /* Every x00 code is registered, so the fallback always succeeds. */
    return info ? info : tp_status_lookup(code / 100 * 100);
}

tp_status_class tp_status_class_of(int code)
{
    if (!tp_status_in_range(code))
        return TP_CLASS_NONE;
    return (tp_status_class)(code / 100);
}

const char *tp_status_class_name(tp_status_class cls)
{
    switch (cls) {
    case TP_CLASS_INFORMATIONAL:
        return "Informational";
    case TP_CLASS_SUCCESSFUL:
        return "Successful";
    case TP_CLASS_REDIRECTION:
        return "Redirection";
    case TP_CLASS_CLIENT_ERROR:
        return "Client Error";
    case TP_CLASS_SERVER_ERROR:
        return "Server Error";
    case TP_CLASS_NONE:
        break;
    }
    return "Unknown";
}

const char *tp_status_reason(int code)
{
    const tp_status_info *info = tp_status_get(code);
    return info ? info->reason : "Unknown";
}

bool tp_status_allows_content(int code)
{
    /* Outside 100..599 there is no rule that forbids content; whether such a
     * code may be sent at all is the writer's question, not this one. */
    const tp_status_info *info = tp_status_get(code);
    return !info || !(info->flags & TP_STATUS_NO_CONTENT);
}

size_t tp_status_count(void)
{
    return TP_SLOT_COUNT;
}

const tp_status_info *tp_status_at(size_t i)
{
    return i < TP_SLOT_COUNT ? &tp_status_table[i] : NULL;
}

const char *tp_status_missing_field(int code,
                                    bool (*has_field)(const char *name,
                                                      void *ctx),
                                    void *ctx)
{
    const tp_status_info *info = tp_status_get(code);
    if (!info)
        return NULL;
    for (size_t i = 0; i < TP_STATUS_MAX_FIELDS && info->fields[i].name; i++) {
        const tp_status_field *f = &info->fields[i];
        if (f->need != TP_FIELD_REQUIRED)
            continue;
        /* Without a way to ask, the response is taken to have no fields. */
        if (!has_field || !has_field(f->name, ctx))
            return f->name;
    }
    return NULL;
}

/* ---- the reference texts ---- */

extern const struct tp_status_text tp_text_class1, tp_text_class2,
    tp_text_class3, tp_text_class4, tp_text_class5;

const struct tp_status_text *tp_status_class_text(tp_status_class cls)
{
    static const struct tp_status_text *const classes[] = {
        NULL, &tp_text_class1, &tp_text_class2, &tp_text_class3,
        &tp_text_class4, &tp_text_class5,
    };
    return cls >= TP_CLASS_INFORMATIONAL && cls <= TP_CLASS_SERVER_ERROR
               ? classes[cls]
               : NULL;
}

const tp_status_words *tp_status_words_of(const struct tp_status_text *t,
                                          tp_lang lang)
{
    if ((unsigned)lang >= TP_LANG_COUNT)
        lang = TP_LANG_EN;
    return &t->words[lang];
}

const char *tp_lang_tag(tp_lang lang)
{
    static const char *const tags[TP_LANG_COUNT] = {"en", "zh-CN", "zh-TW"};
    return (unsigned)lang < TP_LANG_COUNT ? tags[lang] : "en";
}

/* Case-insensitive prefix test for the subtags of a language tag; '_' (as
 * in LANG=zh_TW.UTF-8) counts as '-'. */
static bool tag_is(const char *tag, size_t len, const char *want)
{
    size_t n = strlen(want);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char a = tag[i] == '_' ? '-' : tag[i];
        if (tolower((unsigned char)a) != want[i])
            return false;
    }
    return len == n || tag[n] == '-' || tag[n] == '_' || tag[n] == '.' ||
           tag[n] == '@';
}

int tp_lang_parse(const char *tag, size_t len)
{
    if (tag_is(tag, len, "en"))
        return TP_LANG_EN;
    if (!tag_is(tag, len, "zh"))
        return -1;
    /* An extended language subtag (zh-yue-HK, zh-cmn-Hant; RFC 5646
     * 2.2.2) is three letters right after "zh": the script and region
     * that follow still decide. */
    if (len >= 6 && isalpha((unsigned char)tag[3]) &&
        isalpha((unsigned char)tag[4]) && isalpha((unsigned char)tag[5]) &&
        (len == 6 || tag[6] == '-' || tag[6] == '_')) {
        char shifted[64];
        size_t rest = len - 6;
        if (rest + 2 >= sizeof(shifted))
            return TP_LANG_ZH_CN;
        memcpy(shifted, "zh", 2);
        memcpy(shifted + 2, tag + 6, rest);
        return tp_lang_parse(shifted, rest + 2);
    }
    /* Script subtags decide first (RFC 5646 2.2.3), then regions. */
    if (tag_is(tag, len, "zh-hant"))
        return TP_LANG_ZH_TW;
    if (tag_is(tag, len, "zh-hans"))
        return TP_LANG_ZH_CN;
    if (tag_is(tag, len, "zh-tw") || tag_is(tag, len, "zh-hk") ||
        tag_is(tag, len, "zh-mo"))
        return TP_LANG_ZH_TW;
    return TP_LANG_ZH_CN; /* "zh", zh-CN, zh-SG and the rest */
}
