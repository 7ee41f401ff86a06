/*
 * reference.c - the status-code reference at /codes: an index grouped by
 * class, a page for every code and every class in English, Simplified and
 * Traditional Chinese (chosen by Accept-Language, or named in the URL), the
 * same entries as JSON, and "try it", which shows the bytes this server's
 * testing API sends for a code, fetched live over a loopback connection.
 *
 * The pages of the registered codes, the classes and the index, and their
 * JSON, are rendered once at mount time and served from memory through
 * tp_serve() (304, 412, Range, HEAD) under a strong entity-tag that hashes
 * their bytes.  The texts are the registry's (refdata.h, status.h); this
 * file only lays them out.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "handlers.h"
#include "refdata.h"
#include "teapot/http.h"
#include "teapot/status.h"

#define REF_BASE "/codes"
#define CODE_MIN 100
#define CODE_MAX 599
#define CLASS_MAX 5

/* "try it": the loopback connection is polled this often, answered with
 * 504 when no complete response came within the deadline (RFC 9110
 * 15.6.5: a gateway that did not receive a timely response), and with 502
 * when the response outgrows the cap (15.6.3: not a response this gateway
 * can relay). */
#define TRY_POLL_MS 5
#define TRY_DEADLINE_MS 3000
#define TRY_CAP (64 * 1024)
#define TRY_REQ_MAX 1024

/* A strong entity-tag: 128 bits of SHA-256 in hex, quoted. */
#define ETAG_HEX 32
#define ETAG_SIZE (ETAG_HEX + 3)

#define HTML_TYPE "text/html; charset=utf-8"
#define JSON_TYPE "application/json"

/* One representation held in memory for the life of the process. */
typedef struct ref_doc {
    char *data;
    size_t len;
    char etag[ETAG_SIZE];
} ref_doc;

typedef struct ref_site {
    const tp_server *srv;
    bool try_on;              /* the testing API is mounted and reachable */
    char api_prefix[128];     /* where it is ("" at the root) */
    char self[80];            /* "127.0.0.1:8080": Host of "try it" */
    struct sockaddr_storage self_addr;
    socklen_t self_len;
    char ws_key[32];          /* the key shown in the 101 curl command */

    ref_doc index[TP_LANG_COUNT];
    ref_doc index_json;
    ref_doc cls[CLASS_MAX + 1][TP_LANG_COUNT]; /* 1..5 */
    ref_doc cls_json[CLASS_MAX + 1];
    size_t ncodes;
    ref_doc *pages;          /* [ncodes][TP_LANG_COUNT] */
    ref_doc *code_json;      /* [ncodes] */
    short slot[CODE_MAX + 1]; /* code -> registry index + 1; 0: none */
} ref_site;

/* ---- a small HTML builder ---- */

typedef struct buf {
    char *p;
    size_t len, cap;
    bool oom;
} buf;

static void put_n(buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 8192;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void put(buf *b, const char *s)
{
    put_n(b, s, strlen(s));
}

static void putf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(tmp)) {
        b->oom = true; /* never silently truncated */
        return;
    }
    put_n(b, tmp, (size_t)n);
}

/* Text made safe for element content and quoted attribute values alike. */
static void esc(buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        put_n(b, run, (size_t)(s - run));
        put(b, rep);
        run = s + 1;
    }
    put_n(b, run, (size_t)(s - run));
}

/* ---- the texts ---- */

enum which { W_NAME, W_MEANING, W_WHEN, W_CLIENT, W_CONFUSED };

static const char *field_of(const tp_status_words *w, enum which which)
{
    switch (which) {
    case W_NAME: return w->name;
    case W_MEANING: return w->meaning;
    case W_WHEN: return w->when;
    case W_CLIENT: return w->client;
    case W_CONFUSED: return w->confused;
    }
    return NULL;
}

/* A text in `lang`, or the English one while the translation is still
 * empty (*in_en is then set, so that the element can say lang="en");
 * NULL when neither has anything. */
static const char *text_of(const struct tp_status_text *t, tp_lang lang,
                           enum which which, bool *in_en)
{
    *in_en = lang == TP_LANG_EN;
    if (!t)
        return NULL;
    const char *s = field_of(tp_status_words_of(t, lang), which);
    if (s && *s)
        return s;
    *in_en = true;
    s = field_of(tp_status_words_of(t, TP_LANG_EN), which);
    return s && *s ? s : NULL;
}

static const char *code_name(const tp_status_info *si, tp_lang lang,
                             bool *in_en)
{
    const char *n = text_of(si->texts, lang, W_NAME, in_en);
    if (n)
        return n;
    *in_en = true;
    return si->reason;
}

static const char *class_name(tp_status_class cls, tp_lang lang, bool *in_en)
{
    const char *n = text_of(tp_status_class_text(cls), lang, W_NAME, in_en);
    if (n)
        return n;
    *in_en = true;
    return tp_status_class_name(cls);
}

static const char *L(tp_lang lang, tp_ref_label label)
{
    return tp_ref_label_text(lang, label);
}

/* ` lang="en"` where English text stands in a Chinese page. */
static void lang_attr(buf *b, tp_lang page, bool in_en)
{
    if (in_en && page != TP_LANG_EN)
        put(b, " lang=\"en\"");
}

/* ---- the frame of every page ---- */

/* Inline, so that a page needs nothing but itself: system fonts with CJK
 * fallbacks, a fluid column, colours by class that keep a 4.5:1 contrast
 * in light and dark schemes.  Split into pieces below the 4095 characters
 * a C17 compiler must support in one literal. */
static const char *const css[] = {
    ":root{--fg:#1f2328;--muted:#57606a;--bg:#fff;--card:#f6f8fa;"
    "--line:#d0d7de;--link:#0550ae;--btn:#0969da;--c1:#0e7490;"
    "--c2:#1a7f37;--c3:#1d4ed8;--c4:#9a5b00;--c5:#c21f1f;"
    "color-scheme:light dark}"
    "@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;"
    "--bg:#0d1117;--card:#161b22;--line:#30363d;--link:#58a6ff;"
    "--btn:#1f6feb;--c1:#22d3ee;--c2:#3fb950;--c3:#79a8ff;--c4:#e3b341;"
    "--c5:#ff7b72}}",
    "*{box-sizing:border-box}[hidden]{display:none!important}"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:16px/1.65 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Helvetica Neue\",Arial,\"Noto Sans\",\"PingFang SC\","
    "\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\","
    "\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",sans-serif}"
    "html:lang(zh-TW) body{font-family:system-ui,-apple-system,\"Segoe UI\","
    "Roboto,\"Helvetica Neue\",Arial,\"Noto Sans\",\"PingFang TC\","
    "\"Microsoft JhengHei\",\"Noto Sans CJK TC\",\"Source Han Sans TC\","
    "\"WenQuanYi Micro Hei\",sans-serif}"
    "code,pre,.num{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"
    "\"Liberation Mono\",\"Noto Sans Mono CJK SC\",monospace}"
    "a{color:var(--link);text-underline-offset:.15em}"
    ".wrap{max-width:48rem;margin:0 auto;padding:1rem 1.25rem 3rem}",
    "header.top{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;"
    "align-items:center;justify-content:space-between;padding:.25rem 0 .9rem;"
    "border-bottom:1px solid var(--line);margin-bottom:1.5rem}"
    ".brand{font-weight:700;color:var(--fg);text-decoration:none}"
    ".brand span{color:var(--c4)}"
    "nav.langs{display:flex;flex-wrap:wrap;gap:.25rem}"
    "nav.langs a{padding:.15rem .6rem;border-radius:999px;"
    "text-decoration:none;border:1px solid transparent}"
    "nav.langs a[aria-current]{color:var(--fg);border-color:var(--line);"
    "background:var(--card);font-weight:600}"
    "h1{font-size:clamp(1.7rem,6vw,2.5rem);line-height:1.2;margin:.3rem 0 .4rem;"
    "letter-spacing:-.01em}"
    "h1 .num{margin-right:.4em}"
    "h2{font-size:1.2rem;margin:2rem 0 .4rem;line-height:1.3}"
    "h2 a{color:inherit;text-decoration:none}h2 a:hover{text-decoration:underline}"
    ".num{font-weight:700;font-variant-numeric:tabular-nums}"
    ".c1{color:var(--c1)}.c2{color:var(--c2)}.c3{color:var(--c3)}"
    ".c4{color:var(--c4)}.c5{color:var(--c5)}",
    ".crumbs{margin:0;color:var(--muted);font-size:.9rem}"
    ".crumbs a{color:var(--muted)}"
    ".statusline{margin:.2rem 0 1.25rem;color:var(--muted)}"
    ".lead{font-size:1.1rem}"
    ".prose{white-space:pre-line;margin:.2rem 0}"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;"
    "gap:.45rem 1.25rem;margin:1rem 0;padding:1rem 1.25rem;"
    "background:var(--card);border:1px solid var(--line);border-radius:10px}"
    "dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}"
    "ul.fields{list-style:none;margin:0;padding:0}"
    ".need{font-size:.8rem;padding:0 .45rem;border-radius:999px;"
    "border:1px solid var(--line);margin-left:.35rem;white-space:nowrap}"
    ".need.req{border-color:var(--c5);color:var(--c5)}"
    ".hint{color:var(--muted)}"
    ".tag{font-size:.75rem;color:var(--muted);border:1px solid var(--line);"
    "border-radius:999px;padding:0 .5rem;margin-left:.5rem;white-space:nowrap;"
    "align-self:center}",
    "ul.codes{list-style:none;margin:.5rem 0 0;padding:0;display:grid;"
    "grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.1rem 1rem}"
    "ul.codes a{display:flex;gap:.75rem;align-items:baseline;"
    "padding:.3rem .5rem;border-radius:8px;text-decoration:none;"
    "color:var(--fg)}"
    "ul.codes a:hover,ul.codes a:focus{background:var(--card)}"
    ".muted{color:var(--muted)}"
    "input[type=search]{width:100%;font:inherit;padding:.6rem .9rem;"
    "margin:.5rem 0 .5rem;border:1px solid var(--line);border-radius:10px;"
    "background:var(--bg);color:var(--fg)}"
    "input[type=search]:focus{outline:2px solid var(--btn);outline-offset:1px}"
    "pre{background:var(--card);border:1px solid var(--line);"
    "border-radius:10px;padding:.8rem 1rem;overflow-x:auto;"
    "font-size:.85rem;line-height:1.5;white-space:pre}"
    "#try-out{white-space:pre-wrap;overflow-wrap:anywhere}"
    ".button{display:inline-block;padding:.5rem 1.1rem;border-radius:8px;"
    "background:var(--btn);color:#fff;font-weight:600;text-decoration:none}"
    ".button:hover{filter:brightness(1.1)}"
    "footer{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--line);"
    "color:var(--muted);font-size:.9rem}"
    "footer a{color:var(--muted)}"
    "@media (max-width:34rem){dl.facts{grid-template-columns:1fr;gap:0}"
    "dl.facts dd{margin-bottom:.6rem}body{font-size:15.5px}}",
    NULL,
};

/* The filter of the index: every item carries its searchable text (the
 * number and the names in the three languages) in data-search. */
static const char filter_js[] =
    "(function(){var f=document.getElementById('filter');if(!f)return;"
    "f.hidden=false;"
    "var items=document.querySelectorAll('li[data-search]');"
    "var groups=document.querySelectorAll('section.class');"
    "function run(){var q=f.value.trim().toLowerCase();"
    "for(var i=0;i<items.length;i++){var it=items[i];"
    "it.hidden=q!==''&&it.getAttribute('data-search').indexOf(q)<0;}"
    "for(var j=0;j<groups.length;j++){var g=groups[j];"
    "g.hidden=!g.querySelector('li[data-search]:not([hidden])');}}"
    "f.addEventListener('input',run);run();})();";

/* "try it": fetches the bytes into the panel, and names the host the page
 * was loaded from in the curl command.  Without JavaScript the button is a
 * plain link to the same bytes. */
static const char try_js[] =
    "(function(){var a=document.getElementById('try'),"
    "o=document.getElementById('try-out');if(!a||!o)return;"
    "var h=document.querySelectorAll('.host');"
    "for(var i=0;i<h.length;i++)h[i].textContent=location.host;"
    "a.addEventListener('click',function(e){e.preventDefault();"
    "o.hidden=false;o.textContent='\\u2026';"
    "fetch(a.getAttribute('href'),{headers:{'Accept':'text/plain'},"
    "cache:'no-store'}).then(function(r){return r.text().then(function(t){"
    "o.textContent=r.ok?t:r.status+' '+r.statusText+'\\n'+t;});})"
    "['catch'](function(err){o.textContent=String(err);});});})();";

/* The start of every page: <html lang>, the head, the site header with the
 * language switch.  `base` is the page's URL without a language suffix;
 * its variants are base + "." + tag. */
static void page_start(buf *b, tp_lang lang, const char *title,
                       const char *base)
{
    const char *tag = tp_lang_tag(lang);
    putf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n", tag);
    put(b, "<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\">\n"
           "<meta name=\"color-scheme\" content=\"light dark\">\n"
           /* No favicon request: the page needs nothing but itself. */
           "<link rel=\"icon\" href=\"data:,\">\n<title>");
    esc(b, title);
    put(b, "</title>\n");
    for (int l = 0; l < TP_LANG_COUNT; l++) {
        const char *t = tp_lang_tag((tp_lang)l);
        putf(b, "<link rel=\"alternate\" hreflang=\"%s\" href=\"%s.%s\">\n",
             t, base, t);
    }
    put(b, "<style>");
    for (size_t i = 0; css[i]; i++)
        put(b, css[i]);
    put(b, "</style>\n</head>\n<body>\n<div class=\"wrap\">\n"
           "<header class=\"top\">");
    putf(b, "<a class=\"brand\" href=\"" REF_BASE ".%s\"><span>teapot</span> ",
         tag);
    esc(b, L(lang, TP_L_TITLE));
    put(b, "</a>\n<nav class=\"langs\" aria-label=\"");
    esc(b, L(lang, TP_L_LANGUAGE));
    put(b, "\">");
    for (int l = 0; l < TP_LANG_COUNT; l++) {
        const char *t = tp_lang_tag((tp_lang)l);
        putf(b, "<a href=\"%s.%s\" lang=\"%s\" hreflang=\"%s\"%s>", base, t, t,
             t, l == (int)lang ? " aria-current=\"true\"" : "");
        esc(b, L((tp_lang)l, TP_L_LANG_NAME));
        put(b, "</a>");
    }
    put(b, "</nav>\n</header>\n<main>\n");
}

static void page_end(buf *b, const char *json_href, const char *script)
{
    put(b, "</main>\n<footer>");
    putf(b, "<a href=\"%s\">JSON</a> &middot; teapot " TP_VERSION, json_href);
    put(b, "</footer>\n</div>\n");
    if (script) {
        put(b, "<script>");
        put(b, script);
        put(b, "</script>\n");
    }
    put(b, "</body>\n</html>\n");
}

/* <section><h2>label</h2><p>text</p></section>, left out when there is no
 * text in any language yet. */
static void prose_section(buf *b, tp_lang lang, tp_ref_label label,
                          const struct tp_status_text *t, enum which which,
                          const char *fallback)
{
    bool in_en;
    const char *s = text_of(t, lang, which, &in_en);
    if (!s && fallback) {
        s = fallback;
        in_en = true;
    }
    if (!s)
        return;
    put(b, "<section>\n<h2>");
    esc(b, L(lang, label));
    put(b, "</h2>\n<p class=\"prose\"");
    lang_attr(b, lang, in_en);
    put(b, ">");
    esc(b, s);
    put(b, "</p>\n</section>\n");
}

static void class_link(buf *b, tp_status_class cls, tp_lang lang)
{
    bool in_en;
    const char *n = class_name(cls, lang, &in_en);
    putf(b, "<a href=\"" REF_BASE "/%dxx.%s\"><span class=\"num c%d\">%dxx"
            "</span> <span", (int)cls, tp_lang_tag(lang), (int)cls, (int)cls);
    lang_attr(b, lang, in_en);
    put(b, ">");
    esc(b, n);
    put(b, "</span></a>");
}

/* One code in a list: number and name, linked to its page in `lang`; the
 * searchable text (number, phrase, the names in every language) goes to
 * data-search when `search` is set. */
static void code_item(buf *b, int code, tp_lang lang, bool search)
{
    const tp_status_info *si = tp_status_lookup(code);
    int cls = code / 100;
    put(b, "<li");
    if (search && si) {
        put(b, " data-search=\"");
        buf s = {0};
        putf(&s, "%d %s", code, si->reason);
        for (int l = 0; l < TP_LANG_COUNT; l++) {
            const char *n = tp_status_words_of(si->texts, (tp_lang)l)->name;
            /* Each name once: the English one is usually the phrase. */
            if (n && *n && !(s.p && strcasestr(s.p, n))) {
                put(&s, " ");
                put(&s, n);
            }
        }
        if (s.oom) {
            b->oom = true;
        } else {
            for (size_t i = 0; i < s.len; i++)
                if (s.p[i] >= 'A' && s.p[i] <= 'Z')
                    s.p[i] = (char)(s.p[i] - 'A' + 'a');
            esc(b, s.p);
        }
        free(s.p);
        put(b, "\"");
    }
    putf(b, "><a href=\"" REF_BASE "/%d.%s\"><span class=\"num c%d\">%d</span>"
            " <span",
         code, tp_lang_tag(lang), cls, code);
    bool in_en = true;
    const char *n = si ? code_name(si, lang, &in_en) : tp_status_reason(code);
    lang_attr(b, lang, in_en);
    put(b, ">");
    esc(b, n);
    put(b, "</span>");
    if (si && tp_ref_standing(si) != TP_L_STANDARD) {
        put(b, "<span class=\"tag\">");
        esc(b, L(lang, tp_ref_standing(si)));
        put(b, "</span>");
    }
    put(b, "</a></li>\n");
}

/* The codes people confuse this one with, and what tells them apart. */
static void confused_section(buf *b, const struct tp_status_text *t,
                             tp_lang lang)
{
    bool in_en;
    const char *s = text_of(t, lang, W_CONFUSED, &in_en);
    if (!t || (!t->see_also[0] && !s))
        return;
    put(b, "<section>\n<h2>");
    esc(b, L(lang, TP_L_CONFUSED));
    put(b, "</h2>\n");
    if (t->see_also[0]) {
        put(b, "<ul class=\"codes\">\n");
        for (int i = 0; i < TP_STATUS_SEE_ALSO && t->see_also[i]; i++)
            code_item(b, t->see_also[i], lang, false);
        put(b, "</ul>\n");
    }
    if (s) {
        put(b, "<p class=\"prose\"");
        lang_attr(b, lang, in_en);
        put(b, ">");
        esc(b, s);
        put(b, "</p>\n");
    }
    put(b, "</section>\n");
}

/* The "try it" panel: the curl command and a button that shows the bytes. */
static void try_section(buf *b, const ref_site *s, int code, tp_lang lang)
{
    if (!s->try_on)
        return;
    put(b, "<section class=\"try\" id=\"try-it\">\n<h2>");
    esc(b, L(lang, TP_L_TRY));
    put(b, "</h2>\n<p>");
    esc(b, L(lang, TP_L_TRY_NOTE));
    /* A full-width colon after Chinese text. */
    put(b, lang == TP_LANG_EN ? ":" : "\xef\xbc\x9a");
    put(b, "</p>\n<pre><code>curl -i ");
    if (code == 101) {
        put(b, "-H &#39;Connection: Upgrade&#39; -H &#39;Upgrade: websocket"
               "&#39; -H &#39;Sec-WebSocket-Version: 13&#39; -H &#39;"
               "Sec-WebSocket-Key: ");
        esc(b, s->ws_key);
        put(b, "&#39; ");
    }
    put(b, "http://<span class=\"host\">");
    esc(b, s->self);
    put(b, "</span>");
    esc(b, s->api_prefix);
    putf(b, "/status/%d</code></pre>\n", code);
    putf(b, "<p><a class=\"button\" id=\"try\" href=\"" REF_BASE "/%d/try\">",
         code);
    esc(b, L(lang, TP_L_TRY));
    put(b, "</a></p>\n<pre id=\"try-out\" aria-live=\"polite\" hidden></pre>\n"
           "</section>\n");
}

static void yes_no(buf *b, tp_lang lang, bool v)
{
    esc(b, L(lang, v ? TP_L_YES : TP_L_NO));
}

static void fact(buf *b, tp_lang lang, tp_ref_label label)
{
    put(b, "<dt>");
    esc(b, L(lang, label));
    put(b, "</dt><dd>");
}

/* ---- the pages ---- */

/* "HTTP status codes › Client Error": the way back up. */
static void crumbs(buf *b, tp_status_class cls, tp_lang lang)
{
    putf(b, "<p class=\"crumbs\"><a href=\"" REF_BASE ".%s\">",
         tp_lang_tag(lang));
    esc(b, L(lang, TP_L_TITLE));
    put(b, "</a> \xe2\x80\xba ");
    class_link(b, cls, lang);
    put(b, "</p>\n");
}

static void render_code(buf *b, const ref_site *s, const tp_status_info *si,
                        tp_lang lang)
{
    int code = si->code;
    tp_status_class cls = tp_status_class_of(code);
    bool in_en;
    const char *name = code_name(si, lang, &in_en);
    char base[32], title[512];
    snprintf(base, sizeof(base), REF_BASE "/%d", code);
    snprintf(title, sizeof(title), "%d %s \xc2\xb7 %s", code, name,
             L(lang, TP_L_TITLE));
    page_start(b, lang, title, base);

    crumbs(b, cls, lang);
    putf(b, "<h1><span class=\"num c%d\">%d</span><span", (int)cls, code);
    lang_attr(b, lang, in_en);
    put(b, ">");
    esc(b, name);
    put(b, "</span></h1>\n<p class=\"statusline\"><code>HTTP/1.1 ");
    putf(b, "%d ", code);
    esc(b, si->reason);
    put(b, "</code></p>\n");

    put(b, "<dl class=\"facts\">\n");
    fact(b, lang, TP_L_STANDING);
    esc(b, L(lang, tp_ref_standing(si)));
    put(b, "</dd>\n");
    fact(b, lang, TP_L_CLASS);
    class_link(b, cls, lang);
    if (si->flags & TP_STATUS_INTERIM) {
        put(b, " \xc2\xb7 ");
        esc(b, L(lang, TP_L_INTERIM));
    }
    put(b, "</dd>\n");
    fact(b, lang, TP_L_DEFINED_IN);
    esc(b, si->reference);
    put(b, "</dd>\n");
    fact(b, lang, TP_L_FIELDS);
    if (!si->fields[0].name) {
        esc(b, L(lang, TP_L_NO_FIELDS));
    } else {
        put(b, "<ul class=\"fields\">");
        for (int i = 0; i < TP_STATUS_MAX_FIELDS && si->fields[i].name; i++) {
            const tp_status_field *f = &si->fields[i];
            bool req = f->need == TP_FIELD_REQUIRED;
            put(b, "<li><code>");
            esc(b, f->name);
            putf(b, "</code><span class=\"need%s\">", req ? " req" : "");
            esc(b, L(lang, req ? TP_L_REQUIRED : TP_L_RECOMMENDED));
            put(b, "</span>");
            /* The hints are written in English only. */
            if (f->value_hint && lang == TP_LANG_EN) {
                put(b, "<span class=\"hint\"> \xe2\x80\x94 ");
                esc(b, f->value_hint);
                put(b, "</span>");
            }
            put(b, "</li>");
        }
        put(b, "</ul>");
    }
    put(b, "</dd>\n");
    fact(b, lang, TP_L_CACHEABLE);
    yes_no(b, lang, si->flags & TP_STATUS_CACHEABLE);
    put(b, "</dd>\n");
    fact(b, lang, TP_L_CONTENT);
    /* 205 may not carry any (RFC 9110 15.3.6), though its framing allows
     * a zero length: the same rule as the JSON's "content". */
    yes_no(b, lang, tp_status_allows_content(code) && code != 205);
    put(b, "</dd>\n</dl>\n");

    prose_section(b, lang, TP_L_MEANING, si->texts, W_MEANING, si->summary);
    prose_section(b, lang, TP_L_WHEN, si->texts, W_WHEN, NULL);
    prose_section(b, lang, TP_L_CLIENT, si->texts, W_CLIENT, NULL);
    confused_section(b, si->texts, lang);
    try_section(b, s, code, lang);
    char json[32];
    snprintf(json, sizeof(json), REF_BASE "/%d.json", code);
    page_end(b, json, s->try_on ? try_js : NULL);
}

/* The sections of a class entry: what the class means, when it is sent,
 * what a client does, and its commonly confused codes. */
static void class_sections(buf *b, tp_status_class cls, tp_lang lang)
{
    const struct tp_status_text *t = tp_status_class_text(cls);
    prose_section(b, lang, TP_L_MEANING, t, W_MEANING, NULL);
    prose_section(b, lang, TP_L_WHEN, t, W_WHEN, NULL);
    prose_section(b, lang, TP_L_CLIENT, t, W_CLIENT, NULL);
    confused_section(b, t, lang);
}

static void render_class(buf *b, tp_status_class cls, tp_lang lang)
{
    bool in_en;
    const char *name = class_name(cls, lang, &in_en);
    char base[32], title[512];
    snprintf(base, sizeof(base), REF_BASE "/%dxx", (int)cls);
    snprintf(title, sizeof(title), "%dxx %s \xc2\xb7 %s", (int)cls, name,
             L(lang, TP_L_TITLE));
    page_start(b, lang, title, base);
    putf(b, "<p class=\"crumbs\"><a href=\"" REF_BASE ".%s\">",
         tp_lang_tag(lang));
    esc(b, L(lang, TP_L_TITLE));
    put(b, "</a></p>\n");
    putf(b, "<h1><span class=\"num c%d\">%dxx</span><span", (int)cls,
         (int)cls);
    lang_attr(b, lang, in_en);
    put(b, ">");
    esc(b, name);
    put(b, "</span></h1>\n<ul class=\"codes\">\n");
    for (size_t i = 0; i < tp_status_count(); i++) {
        const tp_status_info *si = tp_status_at(i);
        if (tp_status_class_of(si->code) == cls)
            code_item(b, si->code, lang, false);
    }
    put(b, "</ul>\n");
    class_sections(b, cls, lang);
    char json[32];
    snprintf(json, sizeof(json), REF_BASE "/%dxx.json", (int)cls);
    page_end(b, json, NULL);
}

/* A code of 100..599 that the registry does not hold: what RFC 9110 15
 * tells a client to do with it, and the class entry. */
static void render_unregistered(buf *b, const ref_site *s, int code,
                                tp_lang lang)
{
    tp_status_class cls = tp_status_class_of(code);
    int x00 = (int)cls * 100;
    const tp_status_info *fb = tp_status_lookup(x00);
    char base[32], title[256];
    snprintf(base, sizeof(base), REF_BASE "/%d", code);
    snprintf(title, sizeof(title), "%d \xc2\xb7 %s", code,
             L(lang, TP_L_TITLE));
    page_start(b, lang, title, base);
    crumbs(b, cls, lang);
    putf(b, "<h1><span class=\"num c%d\">%d</span></h1>\n", (int)cls, code);
    putf(b, "<p class=\"lead\">%d ", code);
    esc(b, L(lang, TP_L_UNREGISTERED));
    putf(b, " <a href=\"" REF_BASE "/%d.%s\"><span class=\"num c%d\">%d</span> "
            "<span",
         x00, tp_lang_tag(lang), (int)cls, x00);
    bool in_en = true;
    const char *n = fb ? code_name(fb, lang, &in_en) : tp_status_reason(x00);
    lang_attr(b, lang, in_en);
    put(b, ">");
    esc(b, n);
    put(b, lang == TP_LANG_EN ? "</span></a>.</p>\n"
                              : "</span></a>\xe3\x80\x82</p>\n");
    put(b, "<dl class=\"facts\">\n");
    fact(b, lang, TP_L_CLASS);
    class_link(b, cls, lang);
    put(b, "</dd>\n");
    fact(b, lang, TP_L_DEFINED_IN);
    put(b, "RFC 9110, Section 15</dd>\n</dl>\n");
    class_sections(b, cls, lang);
    try_section(b, s, code, lang);
    char json[32];
    snprintf(json, sizeof(json), REF_BASE "/%d.json", code);
    page_end(b, json, s->try_on ? try_js : NULL);
}

static void render_index(buf *b, tp_lang lang)
{
    page_start(b, lang, L(lang, TP_L_TITLE), REF_BASE);
    put(b, "<h1>");
    esc(b, L(lang, TP_L_TITLE));
    put(b, "</h1>\n");
    /* Shown by the script: without JavaScript it could do nothing. */
    put(b, "<input type=\"search\" id=\"filter\" autocomplete=\"off\" "
           "placeholder=\"");
    esc(b, L(lang, TP_L_FILTER));
    put(b, "\" aria-label=\"");
    esc(b, L(lang, TP_L_FILTER));
    put(b, "\" hidden>\n");
    for (int c = 1; c <= CLASS_MAX; c++) {
        tp_status_class cls = (tp_status_class)c;
        putf(b, "<section class=\"class\" id=\"c%dxx\">\n<h2>", c);
        class_link(b, cls, lang);
        put(b, "</h2>\n");
        bool in_en;
        const char *m =
            text_of(tp_status_class_text(cls), lang, W_MEANING, &in_en);
        if (m) {
            put(b, "<p class=\"muted\"");
            lang_attr(b, lang, in_en);
            put(b, ">");
            esc(b, m);
            put(b, "</p>\n");
        }
        put(b, "<ul class=\"codes\">\n");
        for (size_t i = 0; i < tp_status_count(); i++) {
            const tp_status_info *si = tp_status_at(i);
            if (tp_status_class_of(si->code) == cls)
                code_item(b, si->code, lang, true);
        }
        put(b, "</ul>\n</section>\n");
    }
    page_end(b, REF_BASE ".json", filter_js);
}

/* ---- documents ---- */

static void make_etag(const char *data, size_t len, char out[ETAG_SIZE])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
        mdlen < ETAG_HEX / 2) {
        /* FNV-1a, twice with different offsets: still a function of
         * every byte, which is all a strong validator needs here. */
        uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
        for (size_t i = 0; i < len; i++)
            for (int k = 0; k < 2; k++)
                h[k] = (h[k] ^ (unsigned char)data[i]) * 0x100000001b3ULL;
        for (int k = 0; k < 2; k++)
            for (int i = 0; i < 8; i++)
                md[k * 8 + i] = (unsigned char)(h[k] >> (8 * i));
    }
    static const char hex[] = "0123456789abcdef";
    out[0] = '"';
    for (int i = 0; i < ETAG_HEX / 2; i++) {
        out[1 + 2 * i] = hex[md[i] >> 4];
        out[2 + 2 * i] = hex[md[i] & 15];
    }
    out[ETAG_HEX + 1] = '"';
    out[ETAG_HEX + 2] = '\0';
}

/* Takes the builder's bytes into `d`; -ENOMEM when it ran out. */
static int doc_take(ref_doc *d, buf *b)
{
    if (b->oom || !b->p) {
        free(b->p);
        return -ENOMEM;
    }
    d->data = b->p;
    d->len = b->len;
    make_etag(d->data, d->len, d->etag);
    return 0;
}

static int doc_json(ref_doc *d, json_t *o)
{
    if (!o)
        return -ENOMEM;
    char *s = json_dumps(o, JSON_INDENT(2));
    json_decref(o);
    if (!s)
        return -ENOMEM;
    buf b = {0};
    put(&b, s);
    put(&b, "\n");
    free(s);
    return doc_take(d, &b);
}

/* /codes/299.json: an unregistered code, and the class entry whose x00
 * semantics a client applies to it. */
static json_t *unregistered_json(int code)
{
    tp_status_class cls = tp_status_class_of(code);
    return json_pack("{s:i, s:b, s:i, s:o*}", "code", code, "registered", 0,
                     "treated_as", (int)cls * 100, "class",
                     tp_ref_class_json(cls, -1));
}

/* /codes.json: an object rather than a bare array, so that the classes
 * travel with the codes and members can be added later without breaking
 * a reader: {"classes": [tp_ref_class_json...], "codes":
 * [tp_ref_code_json...]}. */
static json_t *index_json(void)
{
    json_t *classes = json_array();
    for (int c = 1; c <= CLASS_MAX; c++)
        json_array_append_new(classes,
                              tp_ref_class_json((tp_status_class)c, -1));
    return json_pack("{s:o, s:o}", "classes", classes, "codes",
                     tp_ref_all_json(-1));
}

static void doc_free(ref_doc *d)
{
    free(d->data);
    d->data = NULL;
}

static void site_free(void *arg)
{
    ref_site *s = arg;
    for (int l = 0; l < TP_LANG_COUNT; l++)
        doc_free(&s->index[l]);
    doc_free(&s->index_json);
    for (int c = 1; c <= CLASS_MAX; c++) {
        for (int l = 0; l < TP_LANG_COUNT; l++)
            doc_free(&s->cls[c][l]);
        doc_free(&s->cls_json[c]);
    }
    if (s->pages)
        for (size_t i = 0; i < s->ncodes * TP_LANG_COUNT; i++)
            doc_free(&s->pages[i]);
    if (s->code_json)
        for (size_t i = 0; i < s->ncodes; i++)
            doc_free(&s->code_json[i]);
    free(s->pages);
    free(s->code_json);
    free(s);
}

static int render_all(ref_site *s)
{
    int r = 0;
    s->ncodes = tp_status_count();
    s->pages = calloc(s->ncodes * TP_LANG_COUNT, sizeof(*s->pages));
    s->code_json = calloc(s->ncodes, sizeof(*s->code_json));
    if (!s->pages || !s->code_json)
        return -ENOMEM;
    for (size_t i = 0; i < s->ncodes && !r; i++) {
        const tp_status_info *si = tp_status_at(i);
        if (si->code < CODE_MIN || si->code > CODE_MAX)
            continue;
        s->slot[si->code] = (short)(i + 1);
        for (int l = 0; l < TP_LANG_COUNT && !r; l++) {
            buf b = {0};
            render_code(&b, s, si, (tp_lang)l);
            r = doc_take(&s->pages[i * TP_LANG_COUNT + (size_t)l], &b);
        }
        if (!r)
            r = doc_json(&s->code_json[i], tp_ref_code_json(si, -1));
    }
    for (int c = 1; c <= CLASS_MAX && !r; c++) {
        for (int l = 0; l < TP_LANG_COUNT && !r; l++) {
            buf b = {0};
            render_class(&b, (tp_status_class)c, (tp_lang)l);
            r = doc_take(&s->cls[c][l], &b);
        }
        if (!r)
            r = doc_json(&s->cls_json[c],
                         tp_ref_class_json((tp_status_class)c, -1));
    }
    for (int l = 0; l < TP_LANG_COUNT && !r; l++) {
        buf b = {0};
        render_index(&b, (tp_lang)l);
        r = doc_take(&s->index[l], &b);
    }
    if (!r)
        r = doc_json(&s->index_json, index_json());
    return r;
}

/* ---- negotiation (RFC 9110 12.5.4) ---- */

/*
 * The language of the reply: tp_accept_lang (the engine's error pages use
 * the same) maps every language range onto the three languages, so zh-HK
 * and zh-Hant ask for Traditional and zh or zh-SG for Simplified Chinese,
 * honouring weights and "*".  When nothing acceptable is left, or there is
 * no field, the reply is English: RFC 9110 12.5.4 lets a server disregard
 * the field rather than answer 406, and a reference page in a language the
 * reader did not ask for still beats an error.
 */
static tp_lang negotiate(tp_request *req)
{
    tp_str f = {0};
    bool has = tp_request_header_list(req, "Accept-Language", &f);
    return tp_accept_lang(f, has);
}

/* ---- answering ---- */

static void serve_bytes(tp_request *req, const char *data, size_t len,
                        const char *etag, const char *ctype)
{
    /* Fixed for the life of the process, yet a browser should ask again
     * after a restart with new texts: always revalidate, which costs a
     * 304 (RFC 9111 5.2.2.4). */
    tp_response_header(req, "Cache-Control", "no-cache");
    tp_representation rep = {
        .content_type = ctype,
        .validators = {.etag = {etag, strlen(etag)}, .exists = true},
        .fd = -1,
        .data = data,
        .length = len,
        .ranges = true,
    };
    tp_serve(req, &rep);
}

static void serve_doc(tp_request *req, const ref_doc *d, const char *ctype)
{
    serve_bytes(req, d->data, d->len, d->etag, ctype);
}

/*
 * A page in a language.  At the negotiated URL the response says which
 * variant it is (Content-Location, RFC 9110 8.7) and that the choice
 * depends on Accept-Language (Vary, 12.5.5); at a variant's own URL there
 * is nothing to vary.  Both carry the same bytes and so the same
 * entity-tag, which is right: the tag names the representation data
 * (8.8.3), and each language's bytes, hence tag, differ.
 */
static void page_headers(tp_request *req, tp_lang lang, const char *base,
                         bool negotiated)
{
    const char *tag = tp_lang_tag(lang);
    tp_response_header(req, "Content-Language", tag);
    if (negotiated) {
        tp_response_header(req, "Vary", "Accept-Language");
        tp_response_headerf(req, "Content-Location", "%s.%s", base, tag);
    }
}

/* The suffix after a resource's name: "" (negotiated), ".en", ".zh-CN",
 * ".zh-TW" or ".json".  Returns the language, -1 for negotiated, -2 for
 * JSON, -3 for anything else. */
#define SUFFIX_NEGOTIATED (-1)
#define SUFFIX_JSON (-2)
#define SUFFIX_BAD (-3)

static int parse_suffix(tp_str s)
{
    if (s.len == 0)
        return SUFFIX_NEGOTIATED;
    if (s.ptr[0] != '.')
        return SUFFIX_BAD;
    s.ptr++;
    s.len--;
    if (s.len == 4 && !memcmp(s.ptr, "json", 4))
        return SUFFIX_JSON;
    for (int l = 0; l < TP_LANG_COUNT; l++) {
        const char *tag = tp_lang_tag((tp_lang)l);
        if (s.len == strlen(tag) && !memcmp(s.ptr, tag, s.len))
            return l;
    }
    return SUFFIX_BAD;
}

static void not_found(tp_request *req)
{
    tp_respond_error(req, 404, "no such page in the status-code reference: "
                               "try /codes, /codes/{code} or /codes/{class}xx");
}

static void on_index(tp_request *req, void *arg)
{
    const ref_site *s = arg;
    tp_lang lang = negotiate(req);
    page_headers(req, lang, REF_BASE, true);
    serve_doc(req, &s->index[lang], HTML_TYPE);
}

/* /codes.json, /codes.en, /codes.zh-CN, /codes.zh-TW */
static void on_index_variant(tp_request *req, void *arg)
{
    const ref_site *s = arg;
    tp_str path = tp_request_path(req);
    size_t bl = strlen(REF_BASE);
    int suf = parse_suffix((tp_str){path.ptr + bl, path.len - bl});
    if (suf == SUFFIX_JSON) {
        serve_doc(req, &s->index_json, JSON_TYPE);
    } else if (suf >= 0) {
        page_headers(req, (tp_lang)suf, REF_BASE, false);
        serve_doc(req, &s->index[suf], HTML_TYPE);
    } else {
        not_found(req);
    }
}

/* ---- try it ---- */

typedef struct try_job {
    const ref_site *site;
    int fd;
    bool connected, upgrade;
    char *buf;            /* the request as sent, then the response */
    size_t req_len, sent, len, cap;
    struct timespec start;
} try_job;

static void try_free(tp_request *req, void *arg)
{
    (void)req;
    try_job *j = arg;
    if (j->fd >= 0)
        close(j->fd);
    free(j->buf);
    free(j);
}

static long elapsed_ms(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - t0->tv_sec) * 1000L +
           (now.tv_nsec - t0->tv_nsec) / 1000000L;
}

static void try_fail(tp_request *req, try_job *j, int code, const char *fmt,
                     ...) __attribute__((format(printf, 4, 5)));
static void try_fail(tp_request *req, try_job *j, int code, const char *fmt,
                     ...)
{
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    if (j->fd >= 0) {
        close(j->fd);
        j->fd = -1;
    }
    tp_respond_error(req, code, why);
}

static void try_answer(tp_request *req, try_job *j)
{
    close(j->fd);
    j->fd = -1;
    tp_respond(req, 200, "text/plain; charset=utf-8", j->buf, j->len);
}

/* For the upgrade: whether the answer is complete.  After a 101's head
 * come WebSocket frames, which are not the point; any other answer (a
 * refusal) ends where its Content-Length says, since that request could
 * not also ask to close. */
static bool upgrade_answer_done(try_job *j)
{
    const char *r = j->buf + j->req_len;
    size_t n = j->len - j->req_len;
    const char *end = memmem(r, n, "\r\n\r\n", 4);
    if (!end)
        return false;
    size_t head = (size_t)(end + 4 - r);
    if (n >= 12 && !memcmp(r, "HTTP/1.1 101", 12)) {
        j->len = j->req_len + head;
        return true;
    }
    for (const char *l = r; l < end;) {
        const char *eol = memmem(l, (size_t)(end + 2 - l), "\r\n", 2);
        if (!eol)
            break;
        if (eol - l > 15 && !strncasecmp(l, "Content-Length:", 15)) {
            unsigned long long cl = strtoull(l + 15, NULL, 10);
            return n >= head && n - head >= cl;
        }
        l = eol + 2;
    }
    return false;
}

/* One poll of the loopback connection: connect, send, read until the
 * server closes.  Never blocks; comes back on a timer. */
static void try_step(tp_request *req, void *arg)
{
    try_job *j = arg;
    if (!j->connected) {
        struct pollfd pfd = {.fd = j->fd, .events = POLLOUT};
        if (poll(&pfd, 1, 0) == 1) {
            int err = 0;
            socklen_t el = sizeof(err);
            if (getsockopt(j->fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0)
                err = errno;
            if (err) {
                try_fail(req, j, 502, "cannot connect to %s: %s",
                         j->site->self, strerror(err));
                return;
            }
            j->connected = true;
        }
    }
    if (j->connected && j->sent < j->req_len) {
        ssize_t n = send(j->fd, j->buf + j->sent, j->req_len - j->sent,
                         MSG_NOSIGNAL);
        if (n > 0) {
            j->sent += (size_t)n;
        } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
                   errno != EINTR) {
            try_fail(req, j, 502, "cannot send to %s: %s", j->site->self,
                     strerror(errno));
            return;
        }
    }
    if (j->connected && j->sent == j->req_len) {
        for (;;) {
            /* The buffer holds one byte more than the cap, so that a
             * response of exactly TRY_CAP bytes still fits. */
            if (j->len == j->cap) {
                try_fail(req, j, 502, "the response for this code is larger "
                                      "than %d KiB", TRY_CAP / 1024);
                return;
            }
            ssize_t n = recv(j->fd, j->buf + j->len, j->cap - j->len, 0);
            if (n > 0) {
                j->len += (size_t)n;
                if (j->upgrade && upgrade_answer_done(j)) {
                    try_answer(req, j);
                    return;
                }
                continue;
            }
            bool nothing = j->len == j->req_len;
            if (tp_server_stopping(j->site->srv) &&
                (nothing || n < 0)) {
                /* The answer was cut by this server going down: a
                 * temporary condition of its own (RFC 9110 15.6.4). */
                tp_response_header(req, "Retry-After", "1");
                try_fail(req, j, 503, "the server is shutting down");
                return;
            }
            if (n == 0 && nothing) {
                /* As a gateway to the testing API, an empty answer is an
                 * invalid one (RFC 9110 15.6.3). */
                try_fail(req, j, 502, "%s closed without answering",
                         j->site->self);
                return;
            }
            if (n == 0 || (errno == ECONNRESET && !nothing)) {
                try_answer(req, j);
                return;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                break;
            try_fail(req, j, 502, "cannot read from %s: %s", j->site->self,
                     strerror(errno));
            return;
        }
    }
    if (elapsed_ms(&j->start) >= TRY_DEADLINE_MS) {
        try_fail(req, j, 504, "no complete response from %s within %d ms "
                              "(%zu bytes came)",
                 j->site->self, TRY_DEADLINE_MS, j->len - j->req_len);
        return;
    }
    tp_request_timer(req, TRY_POLL_MS, try_step, j);
}

static void base64(const unsigned char *in, size_t n, char *out)
{
    EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

static void try_start(tp_request *req, const ref_site *s, int code)
{
    if (!s->try_on) {
        not_found(req);
        return;
    }
    /* Live bytes: never stored, never reused. */
    tp_response_header(req, "Cache-Control", "no-store");
    try_job *j = calloc(1, sizeof(*j));
    if (!j) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    j->site = s;
    j->fd = -1;
    tp_request_on_done(req, try_free, j);
    j->buf = malloc(TRY_REQ_MAX + TRY_CAP + 1);
    if (!j->buf) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    int n;
    if (code == 101) {
        /* A real opening handshake (RFC 6455 4.1): a fresh 16-byte key. */
        unsigned char nonce[16];
        char key[32];
        if (getrandom(nonce, sizeof(nonce), GRND_NONBLOCK) !=
            (ssize_t)sizeof(nonce)) {
            tp_respond_error(req, 500, "no random bytes for the key");
            return;
        }
        base64(nonce, sizeof(nonce), key);
        j->upgrade = true;
        n = snprintf(j->buf, TRY_REQ_MAX,
                     "GET %s/status/101 HTTP/1.1\r\nHost: %s\r\n"
                     "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                     "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: %s\r\n"
                     "\r\n",
                     s->api_prefix, s->self, key);
    } else {
        n = snprintf(j->buf, TRY_REQ_MAX,
                     "GET %s/status/%d HTTP/1.1\r\nHost: %s\r\n"
                     "Accept: text/plain\r\nConnection: close\r\n\r\n",
                     s->api_prefix, code, s->self);
    }
    if (n < 0 || n >= TRY_REQ_MAX) {
        tp_respond_error(req, 500, "the request does not fit");
        return;
    }
    j->req_len = j->len = (size_t)n;
    j->cap = j->req_len + TRY_CAP + 1;
    clock_gettime(CLOCK_MONOTONIC, &j->start);
    j->fd = socket(s->self_addr.ss_family,
                   SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (j->fd < 0) {
        try_fail(req, j, 502, "no socket: %s", strerror(errno));
        return;
    }
    if (connect(j->fd, (const struct sockaddr *)&s->self_addr, s->self_len) ==
        0) {
        j->connected = true;
    } else if (errno != EINPROGRESS) {
        try_fail(req, j, 502, "cannot connect to %s: %s", s->self,
                 strerror(errno));
        return;
    }
    try_step(req, j);
}

/* ---- /codes/... ---- */

/*
 * /codes/{code}[.lang|.json], /codes/{code}/try, /codes/{n}xx[.lang|.json].
 *
 * An unregistered code of 100..599 (/codes/299) is answered with 200 and a
 * page saying so: the page is a current representation of what the
 * reference has to say about that code (RFC 9110 15: a client treats it as
 * its x00 code), not a missing one, so 404 (15.5.5) would misreport it.
 * Anything that is not a code of 100..599 is 404.
 */
static void on_code(tp_request *req, void *arg)
{
    const ref_site *s = arg;
    tp_str path = tp_request_path(req);
    size_t bl = strlen(REF_BASE "/");
    tp_str rest = {path.ptr + bl, path.len - bl};
    if (rest.len == 0) {
        /* The index's name with a slash: one canonical URL. */
        tp_response_header(req, "Location", REF_BASE);
        tp_respond_status(req, 301, "the reference is at " REF_BASE);
        return;
    }
    if (rest.len < 3 || rest.ptr[0] < '1' || rest.ptr[0] > '5') {
        not_found(req);
        return;
    }
    int cls = rest.ptr[0] - '0';
    tp_str tail = {rest.ptr + 3, rest.len - 3};
    if (rest.ptr[1] == 'x' && rest.ptr[2] == 'x') {
        int suf = parse_suffix(tail);
        char base[16];
        snprintf(base, sizeof(base), REF_BASE "/%dxx", cls);
        if (suf == SUFFIX_JSON) {
            serve_doc(req, &s->cls_json[cls], JSON_TYPE);
        } else if (suf == SUFFIX_BAD) {
            not_found(req);
        } else {
            tp_lang lang = suf >= 0 ? (tp_lang)suf : negotiate(req);
            page_headers(req, lang, base, suf == SUFFIX_NEGOTIATED);
            serve_doc(req, &s->cls[cls][lang], HTML_TYPE);
        }
        return;
    }
    if (rest.ptr[1] < '0' || rest.ptr[1] > '9' || rest.ptr[2] < '0' ||
        rest.ptr[2] > '9') {
        not_found(req);
        return;
    }
    int code = cls * 100 + (rest.ptr[1] - '0') * 10 + (rest.ptr[2] - '0');
    if (tail.len == 4 && !memcmp(tail.ptr, "/try", 4)) {
        try_start(req, s, code);
        return;
    }
    int suf = parse_suffix(tail);
    if (suf == SUFFIX_BAD) {
        not_found(req);
        return;
    }
    char base[16];
    snprintf(base, sizeof(base), REF_BASE "/%d", code);
    int slot = s->slot[code];
    if (slot) {
        if (suf == SUFFIX_JSON) {
            serve_doc(req, &s->code_json[slot - 1], JSON_TYPE);
            return;
        }
        tp_lang lang = suf >= 0 ? (tp_lang)suf : negotiate(req);
        page_headers(req, lang, base, suf == SUFFIX_NEGOTIATED);
        serve_doc(req, &s->pages[(size_t)(slot - 1) * TP_LANG_COUNT + lang],
                  HTML_TYPE);
        return;
    }
    /* Unregistered: rendered on demand (the same bytes every time, so the
     * entity-tag is as stable as a stored page's) rather than hundreds of
     * pages kept for codes nobody sends. */
    ref_doc d = {0};
    int r;
    tp_lang lang = TP_LANG_EN;
    if (suf == SUFFIX_JSON) {
        r = doc_json(&d, unregistered_json(code));
    } else {
        lang = suf >= 0 ? (tp_lang)suf : negotiate(req);
        buf b = {0};
        render_unregistered(&b, s, code, lang);
        r = doc_take(&d, &b);
    }
    char *data = r == 0 ? tp_request_alloc(req, d.len ? d.len : 1) : NULL;
    char *etag = r == 0 ? tp_request_alloc(req, sizeof(d.etag)) : NULL;
    if (!data || !etag) {
        doc_free(&d);
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    memcpy(data, d.data, d.len);
    memcpy(etag, d.etag, sizeof(d.etag));
    size_t len = d.len;
    doc_free(&d);
    if (suf != SUFFIX_JSON)
        page_headers(req, lang, base, suf == SUFFIX_NEGOTIATED);
    serve_bytes(req, data, len, etag,
                suf == SUFFIX_JSON ? JSON_TYPE : HTML_TYPE);
}

/* ---- mounting ---- */

/* "127.0.0.1:8080" or "[::1]:8080" into a socket address. */
static int parse_self(ref_site *s, const char *self)
{
    if (strlen(self) >= sizeof(s->self))
        return -EINVAL;
    snprintf(s->self, sizeof(s->self), "%s", self);
    const char *colon = strrchr(self, ':');
    if (!colon)
        return -EINVAL;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port <= 0 || port > 65535)
        return -EINVAL;
    char host[64];
    size_t hl = (size_t)(colon - self);
    if (hl >= sizeof(host))
        return -EINVAL;
    memcpy(host, self, hl);
    host[hl] = '\0';
    memset(&s->self_addr, 0, sizeof(s->self_addr));
    if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&s->self_addr;
        host[hl - 1] = '\0';
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
            return -EINVAL;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        s->self_len = sizeof(*a);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&s->self_addr;
        if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
            return -EINVAL;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        s->self_len = sizeof(*a);
    }
    return 0;
}

int tp_reference_mount(tp_server *srv, const tp_reference_options *opt)
{
    ref_site *s = calloc(1, sizeof(*s));
    if (!s)
        return -ENOMEM;
    if (tp_server_at_free(srv, site_free, s) < 0) {
        free(s);
        return -ENOMEM;
    }
    s->srv = srv;
    if (opt && opt->testapi_prefix && opt->self) {
        if (strlen(opt->testapi_prefix) >= sizeof(s->api_prefix))
            return -ENAMETOOLONG;
        snprintf(s->api_prefix, sizeof(s->api_prefix), "%s",
                 opt->testapi_prefix);
        int r = parse_self(s, opt->self);
        if (r < 0)
            return r;
        s->try_on = true;
        unsigned char nonce[16];
        if (getrandom(nonce, sizeof(nonce), GRND_NONBLOCK) !=
            (ssize_t)sizeof(nonce))
            memset(nonce, 0x5a, sizeof(nonce));
        base64(nonce, sizeof(nonce), s->ws_key);
    }
    int r = render_all(s);
    if (r == 0)
        r = tp_server_handle(srv, "GET", REF_BASE, on_index, s);
    if (r == 0)
        r = tp_server_handle(srv, "GET", REF_BASE ".*", on_index_variant, s);
    if (r == 0)
        r = tp_server_handle(srv, "GET", REF_BASE "/*", on_code, s);
    return r;
}
