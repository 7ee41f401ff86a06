/*
 * negotiate.c - proactive negotiation (RFC 9110 12): the weight that
 * Accept, Accept-Encoding and Accept-Language give one candidate.  Which
 * candidate to choose, and whether to answer 406 or send a default, is
 * the caller's decision (RFC 9110 12.1 leaves it to the server).
 *
 * Weights are integers 0..1000, the qvalue times 1000 (RFC 9110 12.4.2
 * allows three decimals).  A list element that does not parse is skipped,
 * the rest of the field still counts.
 */
#include <string.h>
#include <strings.h>

#include "engine.h"

/* An Accept element with more media-type parameters than this is skipped:
 * no registered type needs so many, and each costs a comparison. */
#define NEG_MAX_PARAMS 8
/* A parameter value longer than this is never equal to a candidate's. */
#define NEG_MAX_PARAM_VALUE 256
/* The largest weight: q=1. */
#define Q_MAX 1000

static bool alpha(char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool seq(tp_str a, tp_str b)
{
    return a.len == b.len && !strncasecmp(a.ptr, b.ptr, a.len);
}

static bool seq_c(tp_str a, const char *b)
{
    return seq(a, (tp_str){b, strlen(b)});
}

/*
 * qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
 * (RFC 9110 12.4.2); -1 for anything else, "1.5" and ".5" included.
 */
static int qvalue(tp_str v)
{
    if (!v.len || (v.ptr[0] != '0' && v.ptr[0] != '1'))
        return -1;
    int q = (v.ptr[0] - '0') * Q_MAX;
    if (v.len == 1)
        return q;
    if (v.ptr[1] != '.' || v.len > 5)
        return -1;
    int scale = 100;
    for (size_t i = 2; i < v.len; i++) {
        char d = v.ptr[i];
        if (d < '0' || d > '9' || (v.ptr[0] == '1' && d != '0'))
            return -1;
        q += (d - '0') * scale;
        scale /= 10;
    }
    return q;
}

/* quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (RFC 9110
 * 5.6.4), starting at p[i]; the index after it, or 0 if unterminated. */
static size_t quoted_end(const char *p, size_t i, size_t n)
{
    for (i++; i < n; i++) {
        if (p[i] == '\\') {
            if (++i >= n)
                return 0;
        } else if (p[i] == '"') {
            return i + 1;
        }
    }
    return 0;
}

/* Past the end of the current list element: the next comma outside a
 * quoted string. */
static size_t element_end(const char *p, size_t i, size_t n)
{
    while (i < n && p[i] != ',') {
        if (p[i] == '"') {
            size_t e = quoted_end(p, i, n);
            if (!e)
                return n;
            i = e;
        } else {
            i++;
        }
    }
    return i;
}

typedef struct neg_param {
    tp_str name, value; /* value as received, maybe quoted */
} neg_param;

typedef struct neg_elem {
    tp_str value; /* content-coding, language-range or media-range */
    neg_param params[NEG_MAX_PARAMS]; /* media-type parameters (Accept) */
    size_t nparams;
    int q;
} neg_elem;

/*
 * The next element of a #( value *( OWS ";" OWS [ parameter ] ) ) list
 * from *pos.  Returns false at the end of the list; otherwise *ok tells
 * whether the element parsed (an invalid one is to be skipped).  Empty
 * elements are passed over (RFC 9110 5.6.1.2).  Parameters after the
 * weight are the accept-ext of RFC 7231 and are ignored; other parameters
 * are only allowed where `media` says (Accept's media-type parameters).
 */
static bool neg_next(tp_str f, size_t *pos, bool media, neg_elem *e, bool *ok)
{
    const char *p = f.ptr;
    size_t n = f.len, i = *pos;
    while (i < n && (tp_is_ows(p[i]) || p[i] == ','))
        i++;
    if (i >= n) {
        *pos = i;
        return false;
    }
    *ok = false;
    e->nparams = 0;
    e->q = Q_MAX;
    size_t start = i;
    while (i < n && (tp_is_tchar((unsigned char)p[i]) || p[i] == '/'))
        i++;
    e->value = (tp_str){p + start, i - start};
    bool weighted = false;
    if (!e->value.len)
        goto bad;
    for (;;) {
        while (i < n && tp_is_ows(p[i]))
            i++;
        if (i >= n || p[i] == ',')
            break;
        if (p[i] != ';')
            goto bad;
        i++;
        while (i < n && tp_is_ows(p[i]))
            i++;
        if (i >= n || p[i] == ',' || p[i] == ';')
            continue; /* an empty parameter */
        size_t ns = i;
        while (i < n && tp_is_tchar((unsigned char)p[i]))
            i++;
        tp_str name = {p + ns, i - ns};
        /* parameter = parameter-name "=" parameter-value, no whitespace */
        if (!name.len || i >= n || p[i] != '=')
            goto bad;
        size_t vs = ++i;
        if (i < n && p[i] == '"') {
            size_t end = quoted_end(p, i, n);
            if (!end) {
                i = n; /* an unterminated string runs to the end */
                goto bad;
            }
            i = end;
        } else {
            while (i < n && tp_is_tchar((unsigned char)p[i]))
                i++;
            if (i == vs)
                goto bad;
        }
        tp_str value = {p + vs, i - vs};
        if (weighted)
            continue;
        /* weight = OWS ";" OWS "q=" qvalue; "q" is case-insensitive like
         * every ABNF literal. */
        if (name.len == 1 && (name.ptr[0] | 0x20) == 'q') {
            e->q = qvalue(value);
            if (e->q < 0)
                goto bad;
            weighted = true;
            continue;
        }
        if (!media || e->nparams == NEG_MAX_PARAMS)
            goto bad;
        e->params[e->nparams].name = name;
        e->params[e->nparams].value = value;
        e->nparams++;
    }
    *pos = i;
    *ok = true;
    return true;
bad:
    *pos = element_end(p, i, n);
    return true;
}

/* ---- Accept-Encoding (RFC 9110 12.5.3) ---- */

static bool is_token(tp_str s)
{
    for (size_t i = 0; i < s.len; i++)
        if (!tp_is_tchar((unsigned char)s.ptr[i]))
            return false;
    return s.len > 0;
}

/* RFC 9110 8.4.1.1 and 8.4.1.3: "x-compress" and "x-gzip" are the same
 * codings as "compress" and "gzip". */
static const char *coding_alias(const char *coding)
{
    if (!strcasecmp(coding, "gzip"))
        return "x-gzip";
    if (!strcasecmp(coding, "x-gzip"))
        return "gzip";
    if (!strcasecmp(coding, "compress"))
        return "x-compress";
    if (!strcasecmp(coding, "x-compress"))
        return "compress";
    return NULL;
}

/* The weight of a coding the field leaves "acceptable by default"
 * (identity, 12.5.3) without naming it: the lowest that is still
 * acceptable, so that any coding the client named is preferred. */
#define Q_IDENTITY_DEFAULT 1

int tp_accept_encoding_q(tp_str field, bool present, const char *coding)
{
    /* "If no Accept-Encoding header field is in the request, any content
     * coding is considered acceptable by the user agent." */
    if (!present)
        return Q_MAX;
    bool identity = !strcasecmp(coding, "identity");
    const char *alias = coding_alias(coding);
    int exact = -1, aliased = -1, star = -1;
    size_t pos = 0;
    neg_elem e;
    bool ok;
    while (neg_next(field, &pos, false, &e, &ok)) {
        if (!ok || !is_token(e.value))
            continue;
        /* A coding named twice: the first mention counts. */
        if (seq_c(e.value, "*")) {
            if (star < 0)
                star = e.q;
        } else if (seq_c(e.value, coding)) {
            if (exact < 0)
                exact = e.q;
        } else if (alias && seq_c(e.value, alias)) {
            if (aliased < 0)
                aliased = e.q;
        }
    }
    if (exact >= 0)
        return exact;
    if (aliased >= 0)
        return aliased;
    /* "*" matches any coding not listed, identity included: "*;q=0"
     * excludes identity unless identity itself is listed. */
    if (star >= 0)
        return star;
    /* Not listed: identity stays acceptable (even for an empty field,
     * which "implies that the user agent does not want any content
     * coding"), every other coding is not. */
    return identity ? Q_IDENTITY_DEFAULT : 0;
}

/* ---- Accept-Language (RFC 9110 12.5.4, RFC 4647) ---- */

/* language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*" (RFC 4647 2.1) */
static bool language_range(tp_str r)
{
    if (r.len == 1 && r.ptr[0] == '*')
        return true;
    size_t i = 0, sub = 0, run = 0;
    for (; i <= r.len; i++) {
        if (i == r.len || r.ptr[i] == '-') {
            if (run == 0 || run > 8)
                return false;
            run = 0;
            sub++;
            continue;
        }
        char c = r.ptr[i];
        bool ok = sub == 0 ? alpha(c) : alpha(c) || (c >= '0' && c <= '9');
        if (!ok)
            return false;
        run++;
    }
    return true;
}

int tp_accept_language_q(tp_str field, bool present, const char *tag)
{
    if (!present)
        return Q_MAX;
    size_t tl = strlen(tag);
    int best_q = -1;
    long best_len = -1;
    size_t pos = 0;
    neg_elem e;
    bool ok;
    while (neg_next(field, &pos, false, &e, &ok)) {
        if (!ok || !language_range(e.value))
            continue;
        long len;
        /* RFC 4647 3.3.1 basic filtering: "*" matches every tag; a range
         * matches a tag equal to it or having it as a prefix followed by
         * "-", compared case-insensitively. */
        if (e.value.len == 1 && e.value.ptr[0] == '*')
            len = 0;
        else if (e.value.len <= tl && !strncasecmp(e.value.ptr, tag, e.value.len) &&
                 (tag[e.value.len] == '\0' || tag[e.value.len] == '-'))
            len = (long)e.value.len;
        else
            continue;
        /* The longest matching range decides the weight; among equal
         * ones, the first. */
        if (len > best_len) {
            best_len = len;
            best_q = e.q;
        }
    }
    return best_q;
}

tp_lang tp_accept_lang(tp_str field, bool present)
{
    if (!present)
        return TP_LANG_EN;
    /* Per language: the weight of the most specific range that covers it
     * (as basic filtering would), and where that range stood in the field,
     * so that among equal weights the one the client listed first wins. */
    int q[TP_LANG_COUNT], spec[TP_LANG_COUNT], order[TP_LANG_COUNT];
    for (int l = 0; l < TP_LANG_COUNT; l++)
        q[l] = spec[l] = order[l] = -1;
    size_t pos = 0;
    neg_elem e;
    bool ok;
    for (int idx = 0; neg_next(field, &pos, false, &e, &ok); idx++) {
        if (!ok || !language_range(e.value))
            continue;
        int covers[TP_LANG_COUNT] = {0};
        int s;
        if (e.value.len == 1 && e.value.ptr[0] == '*') {
            s = 0;
            for (int l = 0; l < TP_LANG_COUNT; l++)
                covers[l] = 1;
        } else if (e.value.len == 2 && !strncasecmp(e.value.ptr, "zh", 2)) {
            /* "zh" covers both scripts; zh-CN comes first on a tie. */
            s = 1;
            covers[TP_LANG_ZH_CN] = covers[TP_LANG_ZH_TW] = 1;
        } else {
            /* zh-Hant, zh-HK, zh-SG and the like name one of the two
             * scripts even though basic filtering would not match them to
             * the tags zh-TW and zh-CN; the tag itself ("zh-TW") is the
             * most specific of all. */
            int l = tp_lang_parse(e.value.ptr, e.value.len);
            if (l < 0)
                continue;
            const char *tag = tp_lang_tag((tp_lang)l);
            s = e.value.len == strlen(tag) &&
                        !strncasecmp(e.value.ptr, tag, e.value.len)
                    ? 3
                    : 2;
            covers[l] = 1;
        }
        for (int l = 0; l < TP_LANG_COUNT; l++) {
            /* Among ranges equally specific for a language, the most
             * favourable weight counts: "zh-HK;q=0, zh-TW" still takes
             * Traditional Chinese. */
            if (covers[l] && (s > spec[l] || (s == spec[l] && e.q > q[l]))) {
                spec[l] = s;
                q[l] = e.q;
                order[l] = idx;
            }
        }
    }
    int best = TP_LANG_EN, best_q = 0, best_order = 0;
    for (int l = 0; l < TP_LANG_COUNT; l++) {
        if (q[l] > best_q || (q[l] == best_q && q[l] > 0 && order[l] < best_order)) {
            best = l;
            best_q = q[l];
            best_order = order[l];
        }
    }
    /* Nothing acceptable: English, disregarding the field as RFC 9110
     * 12.5.4 allows rather than answering 406 for want of a language. */
    return (tp_lang)best;
}

/* ---- Accept (RFC 9110 12.5.1) ---- */

/* Parameter values compared after removing the quoting of a quoted-string
 * (RFC 9110 5.6.6: token and quoted-string forms are equivalent), without
 * regard to case. */
static size_t unquote(tp_str v, char *out, size_t cap)
{
    if (!v.len || v.ptr[0] != '"') {
        if (v.len > cap)
            return (size_t)-1;
        memcpy(out, v.ptr, v.len);
        return v.len;
    }
    size_t n = 0;
    for (size_t i = 1; i + 1 < v.len; i++) {
        if (v.ptr[i] == '\\')
            i++;
        if (n == cap)
            return (size_t)-1;
        out[n++] = v.ptr[i];
    }
    return n;
}

static bool param_eq(tp_str a, tp_str b)
{
    char ua[NEG_MAX_PARAM_VALUE], ub[NEG_MAX_PARAM_VALUE];
    size_t la = unquote(a, ua, sizeof(ua)), lb = unquote(b, ub, sizeof(ub));
    return la != (size_t)-1 && la == lb && !strncasecmp(ua, ub, la);
}

/* Splits "type/subtype" into its two tokens; false if it is not that. */
static bool split_type(tp_str v, tp_str *type, tp_str *sub)
{
    const char *slash = memchr(v.ptr, '/', v.len);
    if (!slash)
        return false;
    *type = (tp_str){v.ptr, (size_t)(slash - v.ptr)};
    *sub = (tp_str){slash + 1, v.len - type->len - 1};
    return is_token(*type) && is_token(*sub);
}

int tp_accept_q(tp_str field, bool present, const char *type)
{
    /* "A request without any Accept header field implies that the user
     * agent will accept any media type in response." */
    if (!present)
        return Q_MAX;
    neg_elem cand;
    bool ok;
    size_t cpos = 0;
    tp_str ct, cs;
    if (!neg_next((tp_str){type, strlen(type)}, &cpos, true, &cand, &ok) ||
        !ok || !split_type(cand.value, &ct, &cs))
        return -1;

    int best_q = -1;
    long best_spec = -1;
    size_t pos = 0;
    neg_elem e;
    while (neg_next(field, &pos, true, &e, &ok)) {
        tp_str rt, rs;
        if (!ok || !split_type(e.value, &rt, &rs))
            continue;
        bool rt_star = seq_c(rt, "*"), rs_star = seq_c(rs, "*");
        /* media-range = "*" "/" "*" / type "/" "*" / type "/" subtype;
         * "*" "/" subtype is not a range. */
        if (rt_star && !rs_star)
            continue;
        long spec;
        if (rt_star)
            spec = 0;
        else if (!seq(rt, ct))
            continue;
        else if (rs_star)
            spec = 1;
        else if (!seq(rs, cs))
            continue;
        else
            spec = 2;
        /* A range with parameters applies only to a type that has them
         * all, and is the more specific for each (the text/html;level=1
         * example of 12.5.1). */
        if (e.nparams && spec < 2)
            continue;
        bool all = true;
        for (size_t i = 0; i < e.nparams && all; i++) {
            bool found = false;
            for (size_t j = 0; j < cand.nparams && !found; j++)
                found = seq(e.params[i].name, cand.params[j].name) &&
                        param_eq(e.params[i].value, cand.params[j].value);
            all = found;
        }
        if (!all)
            continue;
        spec += (long)e.nparams;
        /* "the most specific reference has precedence"; among equal
         * ones, the first. */
        if (spec > best_spec) {
            best_spec = spec;
            best_q = e.q;
        }
    }
    return best_q;
}

bool tp_list_has(tp_str list, const char *token)
{
    size_t tl = strlen(token);
    const char *p = list.ptr, *end = list.ptr + list.len;
    while (p < end) {
        while (p < end && (*p == ',' || *p == ' ' || *p == '\t'))
            p++;
        const char *s = p;
        while (p < end && *p != ',')
            p++;
        const char *e = p;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if ((size_t)(e - s) == tl && !strncasecmp(s, token, tl))
            return true;
    }
    return false;
}
