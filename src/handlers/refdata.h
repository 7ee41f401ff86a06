/*
 * refdata.h - what `teapot explain` and the reference site share: the
 * labels of the reference in each language, a code's standing, and the
 * JSON of an entry, so the terminal, the pages and /codes.json say the
 * same thing from the one registry.
 */
#ifndef TEAPOT_REFDATA_H
#define TEAPOT_REFDATA_H

#include <jansson.h>

#include "teapot/status.h"

typedef enum tp_ref_label {
    TP_L_TITLE,       /* "HTTP status codes" */
    TP_L_CLASS,       /* "Class" */
    TP_L_STANDING,    /* "Status" (standard, deprecated, ...) */
    TP_L_DEFINED_IN,  /* "Defined in" */
    TP_L_MEANING,     /* "What it means" */
    TP_L_WHEN,        /* "When a server sends it" */
    TP_L_CLIENT,      /* "What a client should do" */
    TP_L_FIELDS,      /* "Header fields" */
    TP_L_REQUIRED,    /* "required" */
    TP_L_RECOMMENDED, /* "recommended" */
    TP_L_NO_FIELDS,   /* "none required" */
    TP_L_CACHEABLE,   /* "Cacheable by default" */
    TP_L_CONTENT,     /* "May carry content" */
    TP_L_YES,
    TP_L_NO,
    TP_L_CONFUSED,    /* "Often confused with" */
    TP_L_TRY,         /* "Try it" */
    TP_L_TRY_NOTE,    /* "The exact bytes teapot sends for this code" */
    TP_L_FILTER,      /* "Filter" (placeholder of the filter box) */
    TP_L_LANGUAGE,    /* "Language" */
    TP_L_UNREGISTERED, /* "not registered; treated as" */
    TP_L_STANDARD,    /* standing values */
    TP_L_DEPRECATED,
    TP_L_UNUSED,
    TP_L_OBSOLETE,
    TP_L_PROVISIONAL,
    TP_L_INTERIM,     /* "interim response" */
    TP_L_LANG_NAME,   /* the language's own name: "English", "简体中文" */
    TP_L_COUNT
} tp_ref_label;

/* The label in a language (English when out of range); never NULL. */
const char *tp_ref_label_text(tp_lang lang, tp_ref_label label);

/* A code's standing in the registry, as a label: standard, deprecated
 * (305), unused (306, 418), obsolete (510) or provisional (104). */
tp_ref_label tp_ref_standing(const tp_status_info *si);
/* The same as a stable token for JSON: "standard", "deprecated", ... */
const char *tp_ref_standing_token(const tp_status_info *si);

/*
 * An entry as JSON: code, reason, class, reference, standing, interim,
 * cacheable, content (may carry content), fields [{name, need, hint}],
 * see_also, and "texts": {"en": {name, meaning, when, client, confused},
 * "zh-CN": ..., "zh-TW": ...}, with only `lang` when lang >= 0.
 */
json_t *tp_ref_code_json(const tp_status_info *si, int lang);
/* Every registered code, in order, as an array of tp_ref_code_json. */
json_t *tp_ref_all_json(int lang);
/* A class (1..5): class, name, see_also and texts, as above. */
json_t *tp_ref_class_json(tp_status_class cls, int lang);

/* The language LC_ALL, LC_MESSAGES or LANG (in that order) asks for;
 * English when none of the three fits. */
tp_lang tp_ref_env_lang(void);

#endif
