/*
 * teapot/status.h - the status-code registry.
 *
 * One table holds every code of the IANA HTTP Status Code Registry (RFC 9110
 * section 15 and the extension RFCs), together with what each code means for
 * the wire: its reason phrase, whether it may carry content, whether it is
 * heuristically cacheable, and the header fields it requires or recommends.
 * Every other part of teapot asks this table instead of hard-coding a code.
 */
#ifndef TEAPOT_STATUS_H
#define TEAPOT_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* RFC 9110 section 15: the first digit of the code is its class. */
typedef enum tp_status_class {
    TP_CLASS_NONE = 0, /* outside 100..599 */
    TP_CLASS_INFORMATIONAL = 1,
    TP_CLASS_SUCCESSFUL = 2,
    TP_CLASS_REDIRECTION = 3,
    TP_CLASS_CLIENT_ERROR = 4,
    TP_CLASS_SERVER_ERROR = 5,
} tp_status_class;

enum tp_status_flag {
    /* 1xx: an interim response; a final one follows (RFC 9110 15.2). */
    TP_STATUS_INTERIM = 1u << 0,
    /* Never has content: 1xx, 204, 304 (RFC 9110 6.4.1). */
    TP_STATUS_NO_CONTENT = 1u << 1,
    /* Heuristically cacheable (RFC 9110 15.1, plus 451 by RFC 7725). */
    TP_STATUS_CACHEABLE = 1u << 2,
    /* Registry status of the code itself. */
    TP_STATUS_UNUSED = 1u << 3,      /* reserved, given no meaning: 306, 418 */
    TP_STATUS_DEPRECATED = 1u << 4,  /* 305 */
    TP_STATUS_OBSOLETE = 1u << 5,    /* 510: RFC 2774 moved to Historic */
    TP_STATUS_PROVISIONAL = 1u << 6, /* a temporary registration: 104 */
    /* Not in the registry: the class's x00 semantics apply (RFC 9110 15). */
    TP_STATUS_UNREGISTERED = 1u << 7,
};

/* How strongly the defining document asks for a header field. */
typedef enum tp_field_need {
    TP_FIELD_REQUIRED = 1,    /* MUST: a response without it is a bug */
    TP_FIELD_RECOMMENDED = 2, /* SHOULD or MAY: sent where it helps */
} tp_field_need;

typedef struct tp_status_field {
    const char *name;  /* "Allow"; NULL ends the list */
    tp_field_need need;
    const char *value_hint; /* e.g. "rel=\"blocked-by\"" or NULL */
} tp_status_field;

#define TP_STATUS_MAX_FIELDS 4

/* ---- the reference texts ---- */

/* The languages the reference is written in. */
typedef enum tp_lang {
    TP_LANG_EN = 0, /* English */
    TP_LANG_ZH_CN,  /* Simplified Chinese (zh-CN, zh-Hans) */
    TP_LANG_ZH_TW,  /* Traditional Chinese (zh-TW, zh-Hant) */
    TP_LANG_COUNT
} tp_lang;

/* What the reference says of a code (or of a class) in one language.  All
 * UTF-8, none empty. */
typedef struct tp_status_words {
    const char *name;     /* the reason phrase in this language ("未找到") */
    const char *meaning;  /* what the code means: one or two sentences;
                             in English, the registry's summary itself */
    const char *when;     /* when a server sends it, concretely */
    const char *client;   /* what a client should do with it */
    const char *confused; /* how it differs from the codes in see_also */
} tp_status_words;

#define TP_STATUS_SEE_ALSO 4

struct tp_status_text {
    short see_also[TP_STATUS_SEE_ALSO]; /* codes people confuse it with;
                                           0 ends the list; never empty */
    tp_status_words words[TP_LANG_COUNT];
};

typedef struct tp_status_info {
    int code;
    const char *reason;    /* the phrase RFC 9110 (or the defining RFC) gives */
    const char *reference; /* "RFC 9110, Section 15.5.6" */
    unsigned flags;        /* enum tp_status_flag */
    const char *summary;   /* one English sentence: what the code says */
    tp_status_field fields[TP_STATUS_MAX_FIELDS];
    const struct tp_status_text *texts; /* the reference's entry */
} tp_status_info;

/* The reference entry of a class (1..5): what the class means, and that an
 * unregistered code of the class is treated as its x00 code (RFC 9110 15).
 * see_also lists the class's most common codes.  NULL outside 1..5. */
const struct tp_status_text *tp_status_class_text(tp_status_class cls);

/* The words for a language; English when `lang` is out of range. */
const tp_status_words *tp_status_words_of(const struct tp_status_text *t,
                                          tp_lang lang);

/* "en", "zh-CN", "zh-TW": the tag a language is announced with. */
const char *tp_lang_tag(tp_lang lang);
/* The language a tag asks for ("zh-Hans", "zh-SG", "zh_CN.UTF-8" ->
 * TP_LANG_ZH_CN; "zh-Hant", "zh-HK", "zh-MO" -> TP_LANG_ZH_TW; "en*" ->
 * TP_LANG_EN), or -1 when none of the three fits. */
int tp_lang_parse(const char *tag, size_t len);


/* The registered entry for `code`, or NULL when the code is not registered. */
const tp_status_info *tp_status_lookup(int code);

/* Like tp_status_lookup, but a code in 100..599 that is not registered
 * yields its class's x00 entry (RFC 9110 section 15: "a client MUST treat
 * an unrecognized status code as being equivalent to the x00 status code of
 * that class").  NULL only outside 100..599. */
const tp_status_info *tp_status_get(int code);

/* The class of a code, or TP_CLASS_NONE outside 100..599. */
tp_status_class tp_status_class_of(int code);
const char *tp_status_class_name(tp_status_class cls); /* "Client Error" */

/* The reason phrase to put on the status line; never NULL.  For an
 * unregistered code in 100..599 it is the x00 phrase of its class. */
const char *tp_status_reason(int code);

/* Whether a response with this code may carry content at all. */
bool tp_status_allows_content(int code);

/* Iteration in ascending code order: 0 <= i < tp_status_count(). */
size_t tp_status_count(void);
const tp_status_info *tp_status_at(size_t i);

/* The first header field with need TP_FIELD_REQUIRED that `has_field`
 * reports absent, or NULL when all are present.  `has_field` is asked with
 * the field name; `ctx` is passed through. */
const char *tp_status_missing_field(int code,
                                    bool (*has_field)(const char *name,
                                                      void *ctx),
                                    void *ctx);

#ifdef __cplusplus
}
#endif
#endif
