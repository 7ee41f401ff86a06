/*
 * refdata.c - the labels, standings and JSON shared by `teapot explain`
 * and the reference site.  The texts themselves are the registry's
 * (src/lib/texts/); this file only names and arranges them.
 */
#include <stdlib.h>
#include <string.h>

#include "refdata.h"

static const char *const labels[TP_L_COUNT][TP_LANG_COUNT] = {
    [TP_L_TITLE] = {"HTTP status codes", "HTTP 状态码", "HTTP 狀態碼"},
    [TP_L_CLASS] = {"Class", "类别", "類別"},
    [TP_L_STANDING] = {"Status", "状态", "狀態"},
    [TP_L_DEFINED_IN] = {"Defined in", "定义于", "定義於"},
    [TP_L_MEANING] = {"What it means", "含义", "含義"},
    [TP_L_WHEN] = {"When a server sends it", "服务器何时发送", "伺服器何時送出"},
    [TP_L_CLIENT] = {"What a client should do", "客户端应如何处理",
                     "用戶端應如何處理"},
    [TP_L_FIELDS] = {"Header fields", "头部字段", "標頭欄位"},
    [TP_L_REQUIRED] = {"required", "必需", "必要"},
    [TP_L_RECOMMENDED] = {"recommended", "建议", "建議"},
    [TP_L_NO_FIELDS] = {"none required", "无必需字段", "無必要欄位"},
    [TP_L_CACHEABLE] = {"Cacheable by default", "默认可缓存", "預設可快取"},
    [TP_L_CONTENT] = {"May carry content", "可以带有内容", "可以帶有內容"},
    [TP_L_YES] = {"yes", "是", "是"},
    [TP_L_NO] = {"no", "否", "否"},
    [TP_L_CONFUSED] = {"Often confused with", "容易混淆的状态码",
                       "容易混淆的狀態碼"},
    [TP_L_TRY] = {"Try it", "试一试", "試一試"},
    [TP_L_TRY_NOTE] = {"The exact bytes teapot sends for this code",
                       "teapot 为此状态码实际发送的字节",
                       "teapot 為此狀態碼實際送出的位元組"},
    [TP_L_FILTER] = {"Filter by code or name", "按代码或名称筛选",
                     "依代碼或名稱篩選"},
    [TP_L_LANGUAGE] = {"Language", "语言", "語言"},
    [TP_L_UNREGISTERED] = {"is not registered; a client treats it as",
                           "未注册；客户端将其视为",
                           "未註冊；用戶端將其視為"},
    [TP_L_STANDARD] = {"standard", "标准", "標準"},
    [TP_L_DEPRECATED] = {"deprecated", "已弃用", "已棄用"},
    [TP_L_UNUSED] = {"unused (reserved)", "未使用（保留）", "未使用（保留）"},
    [TP_L_OBSOLETE] = {"obsolete", "已过时", "已過時"},
    [TP_L_PROVISIONAL] = {"provisional", "临时注册", "臨時註冊"},
    [TP_L_INTERIM] = {"interim response", "临时响应", "臨時回應"},
    [TP_L_LANG_NAME] = {"English", "简体中文", "繁體中文"},
};

const char *tp_ref_label_text(tp_lang lang, tp_ref_label label)
{
    if ((unsigned)lang >= TP_LANG_COUNT)
        lang = TP_LANG_EN;
    if ((unsigned)label >= TP_L_COUNT)
        return "";
    return labels[label][lang];
}

tp_ref_label tp_ref_standing(const tp_status_info *si)
{
    if (si->flags & TP_STATUS_UNUSED)
        return TP_L_UNUSED;
    if (si->flags & TP_STATUS_DEPRECATED)
        return TP_L_DEPRECATED;
    if (si->flags & TP_STATUS_OBSOLETE)
        return TP_L_OBSOLETE;
    if (si->flags & TP_STATUS_PROVISIONAL)
        return TP_L_PROVISIONAL;
    return TP_L_STANDARD;
}

const char *tp_ref_standing_token(const tp_status_info *si)
{
    switch (tp_ref_standing(si)) {
    case TP_L_UNUSED: return "unused";
    case TP_L_DEPRECATED: return "deprecated";
    case TP_L_OBSOLETE: return "obsolete";
    case TP_L_PROVISIONAL: return "provisional";
    default: return "standard";
    }
}

static json_t *words_json(const tp_status_words *w)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", w->name, "meaning",
                     w->meaning, "when", w->when, "client", w->client,
                     "confused", w->confused);
}

static json_t *texts_json(const struct tp_status_text *t, int lang)
{
    json_t *o = json_object();
    for (int l = 0; l < TP_LANG_COUNT; l++)
        if (lang < 0 || lang == l)
            json_object_set_new(o, tp_lang_tag((tp_lang)l),
                                words_json(tp_status_words_of(t, (tp_lang)l)));
    return o;
}

static json_t *see_also_json(const struct tp_status_text *t)
{
    json_t *a = json_array();
    for (int i = 0; i < TP_STATUS_SEE_ALSO && t->see_also[i]; i++)
        json_array_append_new(a, json_integer(t->see_also[i]));
    return a;
}

json_t *tp_ref_code_json(const tp_status_info *si, int lang)
{
    json_t *fields = json_array();
    for (int i = 0; i < TP_STATUS_MAX_FIELDS && si->fields[i].name; i++) {
        const tp_status_field *f = &si->fields[i];
        json_t *fo = json_pack("{s:s, s:s}", "name", f->name, "need",
                               f->need == TP_FIELD_REQUIRED ? "required"
                                                            : "recommended");
        if (f->value_hint)
            json_object_set_new(fo, "hint", json_string(f->value_hint));
        json_array_append_new(fields, fo);
    }
    tp_status_class cls = tp_status_class_of(si->code);
    return json_pack(
        "{s:i, s:s, s:i, s:s, s:s, s:s, s:b, s:b, s:b, s:o, s:o, s:o}",
        "code", si->code, "reason", si->reason, "class", (int)cls,
        "class_name", tp_status_class_name(cls), "reference", si->reference,
        "standing", tp_ref_standing_token(si), "interim",
        (si->flags & TP_STATUS_INTERIM) != 0, "cacheable",
        (si->flags & TP_STATUS_CACHEABLE) != 0, "content",
        tp_status_allows_content(si->code) && si->code != 205, "fields",
        fields, "see_also", see_also_json(si->texts), "texts",
        texts_json(si->texts, lang));
}

json_t *tp_ref_all_json(int lang)
{
    json_t *a = json_array();
    for (size_t i = 0; i < tp_status_count(); i++)
        json_array_append_new(a, tp_ref_code_json(tp_status_at(i), lang));
    return a;
}

json_t *tp_ref_class_json(tp_status_class cls, int lang)
{
    const struct tp_status_text *t = tp_status_class_text(cls);
    if (!t)
        return NULL;
    return json_pack("{s:i, s:s, s:i, s:o, s:o}", "class", (int)cls, "name",
                     tp_status_class_name(cls), "fallback", (int)cls * 100,
                     "see_also", see_also_json(t), "texts",
                     texts_json(t, lang));
}

tp_lang tp_ref_env_lang(void)
{
    /* POSIX: LC_ALL overrides LC_MESSAGES, which overrides LANG; an empty
     * variable counts as unset. */
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);
        if (!v || !*v)
            continue;
        int l = tp_lang_parse(v, strlen(v));
        return l < 0 ? TP_LANG_EN : (tp_lang)l;
    }
    return TP_LANG_EN;
}
