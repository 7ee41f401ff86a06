/*
 * texts/redirection.c - the reference texts for 300-308 and for the class,
 * in English, Simplified Chinese and Traditional Chinese.
 */
#include "teapot/status.h"

/* The class 3xx (Redirection), and the x00 fallback for its unregistered
 * codes (RFC 9110 15). */
const struct tp_status_text tp_text_class3 = {
    .see_also = {301, 302, 304, 307},
    .words = {
        [TP_LANG_EN] = {
            .name = "Redirection",
            .meaning = "The client has to take a further step to complete "
                "the request, most often a new request to the URI given in "
                "Location.",
            .when = "A server sends a 3xx when the answer lies elsewhere: "
                "the resource has moved for good (301, 308) or is served "
                "from another URI for now (302, 307), the result of an "
                "action is a different resource (303), several "
                "representations are on offer (300), or the client's cached "
                "copy can be reused (304). Except for 304, the target "
                "normally goes in Location (RFC 9110 10.2.2), with a short "
                "hypertext note linking to it for clients that do not "
                "redirect on their own. A client MUST treat a 3xx code it "
                "does not recognize as 300 Multiple Choices (RFC 9110 15).",
            .client = "A client MAY follow Location automatically, even for "
                "a 3xx code it does not understand, but should take care "
                "with methods that are not safe, and SHOULD detect and stop "
                "redirect loops (RFC 9110 15.4). When following, it resolves "
                "Location against the request URI, keeps the original "
                "fragment if Location has none, changes the method only "
                "where the code allows it, and, if the new target is on "
                "another origin, considers dropping credentials such as "
                "Authorization and Cookie.",
            .confused = "301 and 308 are permanent moves, 302 and 307 "
                "temporary ones; 301 and 302 let a client turn POST into "
                "GET, while 307 and 308 forbid any change of method. 304 is "
                "not a redirect at all: it sends the client back to its own "
                "cached copy and has no Location.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "重定向",
            .meaning = "客户端还需要再采取一步才能完成请求，最常见的是按 "
                "Location 给出的 URI 再发一次请求。",
            .when = "答案在别处时，服务器发送 3xx：资源已永久迁移（301、308）"
                "或暂时改由另一个 URI 提供（302、307），操作结果位于另一个资"
                "源（303），有多个表示可供选择（300），或者客户端缓存的副本仍"
                "可使用（304）。除 304 外，目标 URI 通常放在 Location 头部字"
                "段中（RFC 9110 10.2.2），并附一小段带链接的超文本说明，照顾"
                "不会自动跳转的客户端。客户端必须（MUST）把无法识别的 3xx 状"
                "态码当作 300 处理（RFC 9110 15）。",
            .client = "客户端可以（MAY）自动跟随 Location，即使不认识具体的状"
                "态码也可以，但对非安全方法要谨慎，并且应当（SHOULD）检测并中"
                "止重定向循环（RFC 9110 15.4）。跟随时，以原请求的 URI 为基准"
                "解析 Location；Location 不含片段时沿用原来的片段；只在状态码"
                "允许时改写方法；目标换到另一个源时，应考虑去掉 "
                "Authorization、Cookie 等凭据。",
            .confused = "301 和 308 表示永久迁移，302 和 307 表示临时迁移；"
                "301、302 允许客户端把 POST 改成 GET，307、308 则禁止任何方法"
                "改写。304 根本不是跳转：它让客户端沿用自己缓存的副本，也不"
                "带 Location。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "重新導向",
            .meaning = "用戶端還得再做一步才能完成請求，最常見的是依 "
                "Location 提供的 URI 再送出一次請求。",
            .when = "答案在別處時，伺服器會回傳 3xx：資源已永久搬移（301、"
                "308）或暫時改由另一個 URI 提供（302、307）、操作結果放在另一"
                "個資源（303）、有多種表示法可選（300），或用戶端快取的副本仍"
                "然有效（304）。除了 304，目標 URI 一般放在 Location 標頭欄位"
                "（RFC 9110 10.2.2），並附上一小段含連結的超文字說明，讓不會"
                "自動跳轉的用戶端也能繼續。用戶端遇到無法辨識的 3xx 狀態碼"
                "時，必須（MUST）當成 300 處理（RFC 9110 15）。",
            .client = "用戶端可以（MAY）自動跟隨 Location，就算不認得該狀態碼"
                "也行，但對非安全方法要小心，並且應該（SHOULD）偵測並中斷重新"
                "導向迴圈（RFC 9110 15.4）。跟隨時以原請求的 URI 為基準解析 "
                "Location；Location 沒有片段時沿用原本的片段；只有狀態碼允許"
                "時才改寫方法；若目標換到另一個來源，應考慮拿掉 "
                "Authorization、Cookie 等憑證。",
            .confused = "301 與 308 代表永久搬移，302 與 307 代表暫時搬移；"
                "301、302 允許用戶端把 POST 改成 GET，307、308 則禁止任何方法"
                "改寫。304 其實不是導向：它要用戶端沿用自己快取的副本，也不"
                "帶 Location。",
        },
    },
};

/* 300 Multiple Choices */
const struct tp_status_text tp_text_300 = {
    .see_also = {406, 302, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Multiple Choices",
            .meaning = "Several representations exist, each with its own "
                "URI, and the client is invited to pick one.",
            .when = "Sent for reactive negotiation, when a resource has "
                "several representations, say in different languages or "
                "formats, and the server would rather let the client choose "
                "(RFC 9110 15.4.1). Unless the request is HEAD, the content "
                "SHOULD list the choices with their metadata and URIs, "
                "though no standard format exists; a server with a favourite "
                "SHOULD name it in Location. teapot's static handler sends "
                "300 when a type map ends in a tie, and /status/300 lists "
                "the choices as HTML or JSON.",
            .client = "Show the list to the user, or pick an entry if the "
                "client understands its format; it MAY also follow Location "
                "automatically as the server's suggestion. A 300 is "
                "heuristically cacheable (RFC 9110 15.1), and every 3xx code "
                "the client does not recognize is handled as this one.",
            .confused = "406 also comes out of negotiation, but says that no "
                "representation fits the request's Accept fields, whereas "
                "300 says several fit and leaves the choice to the client. "
                "302 names a single temporary target to follow; 300 offers a "
                "menu, and its Location is only a suggestion.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "多种选择",
            .meaning = "资源有多个表示，各有自己的 URI，由客户端从中挑选一"
                "个。",
            .when = "用于反应式内容协商：资源有多种语言或格式的表示，服务器希"
                "望让客户端自己选（RFC 9110 15.4.1）。除 HEAD 请求外，响应体"
                "应当（SHOULD）列出各个选项的元数据和 URI，但这份列表没有标准"
                "格式；服务器若有首选项，应当（SHOULD）把它放进 Location。"
                "teapot 的静态文件处理器在类型映射（type map）出现并列最优时"
                "返回 300，/status/300 则以 HTML 或 JSON 列出各个选项。",
            .client = "把列表展示给用户，或在能理解其格式时自行选一项；也可以"
                "（MAY）把 Location 当作服务器的推荐自动跟随。300 可被启发式"
                "缓存（RFC 9110 15.1），任何无法识别的 3xx 状态码也都按 300 "
                "处理。",
            .confused = "406 同样是协商的结果，但它表示没有任何表示符合请求"
                "中 Accept 系列头部字段的要求；300 则表示有好几个都合适，交给"
                "客户端决定。302 给出一个要跟随的临时目标；300 给的是一份菜"
                "单，Location 只是建议。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "多重選擇",
            .meaning = "資源有好幾種表示法，各自有自己的 URI，請用戶端從中挑"
                "一個。",
            .when = "用於回應式內容協商：資源有多種語言或格式的表示法，而伺服"
                "器想讓用戶端自己選（RFC 9110 15.4.1）。除了 HEAD 請求，回應"
                "內容應該（SHOULD）列出各選項的中繼資料與 URI，不過這份清單沒"
                "有標準格式；伺服器若有偏好的選項，應該（SHOULD）放在 "
                "Location。teapot 的靜態檔案處理程式在類型對應（type map）檔"
                "案選出多個同分的變體時回傳 300，/status/300 則以 HTML 或 "
                "JSON 列出選項。",
            .client = "把清單呈現給使用者，或在看得懂其格式時自行挑選；也可以"
                "（MAY）把 Location 視為伺服器的推薦而自動跟隨。300 可依啟發"
                "式規則快取（RFC 9110 15.1），而任何無法辨識的 3xx 狀態碼也都"
                "比照 300 處理。",
            .confused = "406 一樣是協商的結果，但它表示沒有任何表示法符合請求"
                "中 Accept 系列標頭欄位的要求；300 則是有好幾個都合適，交由用"
                "戶端決定。302 給的是一個要跟隨的暫時目標；300 給的是一份選"
                "單，Location 只是建議。",
        },
    },
};

/* 301 Moved Permanently */
const struct tp_status_text tp_text_301 = {
    .see_also = {308, 302, 307, 303},
    .words = {
        [TP_LANG_EN] = {
            .name = "Moved Permanently",
            .meaning = "The resource has a new permanent URI, and references "
                "to it should be updated.",
            .when = "Sent when a resource has moved for good: a site that "
                "changed domain or switched to https, a renamed page, or a "
                "directory requested without its trailing slash (teapot's "
                "static handler answers /dir with 301 to /dir/, keeping the "
                "query). The server SHOULD give the new URI in Location "
                "(teapot requires it), and the content usually holds a short "
                "hypertext note linking to it (RFC 9110 15.4.2). Prefer 308 "
                "when the request may be a POST or another method that has "
                "to be kept.",
            .client = "Follow Location, and update bookmarks and stored "
                "links to the new URI; a 301 is heuristically cacheable, so "
                "the redirect may be remembered. For historical reasons a "
                "user agent MAY turn a POST into a GET here (browsers do), "
                "dropping the content and its Content-* fields; any other "
                "method is repeated unchanged.",
            .confused = "308 is the same permanent move but forbids changing "
                "the method, so a POST stays a POST. 302 and 307 are "
                "temporary: the client keeps using the old URI. 303 is not "
                "about a move at all; it points to a different resource that "
                "holds the result.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "永久移动",
            .meaning = "资源已有新的永久 URI，指向它的引用都应当更新。",
            .when = "资源永久搬家时发送：整站更换域名或改用 https、页面改名，"
                "或者请求目录时漏了末尾斜杠（teapot 的静态文件处理器会用 301 "
                "把 /dir 重定向到 /dir/，并保留查询字符串）。服务器应当"
                "（SHOULD）在 Location 中给出新 URI（teapot 将其视为必需），"
                "响应体通常附一段指向它的简短超文本说明（RFC 9110 15.4.2）。"
                "如果请求可能是 POST 或其他必须保持不变的方法，应改用 308。",
            .client = "跟随 Location，并把书签和保存的链接更新为新 URI；301 "
                "可被启发式缓存，因此这次跳转可能会被记住。由于历史原因，用户"
                "代理可以（MAY）在这里把 POST 改成 GET（浏览器都这样做），同"
                "时丢弃请求体及 Content-* 头部字段；其他方法则原样重发。",
            .confused = "308 同样是永久迁移，但禁止改写方法，POST 仍是 POST。"
                "302 和 307 是临时的：客户端以后仍使用旧 URI。303 与迁移无"
                "关，它指向另一个存放结果的资源。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "永久移動",
            .meaning = "資源已有新的永久 URI，所有指向它的參照都應該更新。",
            .when = "資源永久搬家時使用：整個網站換網域或改走 https、頁面改"
                "名，或請求目錄時少了結尾斜線（teapot 的靜態檔案處理程式會用 "
                "301 把 /dir 導向 /dir/，並保留查詢字串）。伺服器應該"
                "（SHOULD）在 Location 提供新的 URI（teapot 將它視為必要），"
                "回應內容通常附上一段連到新位置的簡短超文字說明（RFC 9110 "
                "15.4.2）。若請求可能是 POST 或其他必須維持原樣的方法，請改"
                "用 308。",
            .client = "跟隨 Location，並把書籤與儲存的連結改成新的 URI；301 "
                "可依啟發式規則快取，所以這次導向可能會被記住。基於歷史因素，"
                "使用者代理可以（MAY）在這裡把 POST 改成 GET（瀏覽器都是如"
                "此），同時捨棄請求內容與 Content-* 標頭欄位；其他方法則原封"
                "不動地重送。",
            .confused = "308 也是永久搬移，但禁止改寫方法，POST 仍然是 POST。"
                "302 與 307 是暫時的：用戶端之後還是用舊的 URI。303 和搬移無"
                "關，它指向另一個存放結果的資源。",
        },
    },
};

/* 302 Found */
const struct tp_status_text tp_text_302 = {
    .see_also = {307, 301, 303, 308},
    .words = {
        [TP_LANG_EN] = {
            .name = "Found",
            .meaning = "The resource is temporarily at another URI, and the "
                "original URI should still be used for future requests.",
            .when = "Sent when the resource is served from another URI for "
                "now while the original stays the one to use, as with a "
                "temporary maintenance page, a detour to a login page or a "
                "load-balancing hop; teapot's /redirect/{n}, /redirect-to "
                "and /cookies/set answer with 302. The server SHOULD give "
                "the temporary URI in Location (teapot requires it), usually "
                "with a short hypertext note (RFC 9110 15.4.3). A 302 is not "
                "heuristically cacheable, so it is only reused when it "
                "carries explicit freshness such as Cache-Control: max-age.",
            .client = "Follow Location for this request only and keep using "
                "the original URI afterwards; do not update bookmarks. A "
                "user agent MAY turn a POST into a GET (browsers do), which "
                "is why 307 exists; other methods are repeated as they were.",
            .confused = "307 means the same but guarantees that the method "
                "and content are kept. 301 and 308 are permanent moves, "
                "after which references should be updated. 303 explicitly "
                "asks for a GET of a different resource describing the "
                "result, which is what code that sends 302 after a POST "
                "usually means.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "临时移动",
            .meaning = "资源暂时位于另一个 URI，今后的请求仍应使用原 URI。",
            .when = "资源暂时改由别的 URI 提供、而原 URI 依然有效时发送，例如"
                "临时维护页、跳转到登录页，或负载均衡中的一次中转；teapot 的 "
                "/redirect/{n}、/redirect-to 和 /cookies/set 都用 302 应答。"
                "服务器应当（SHOULD）在 Location 中给出临时 URI（teapot 将其"
                "视为必需），通常再附简短的超文本说明（RFC 9110 15.4.3）。"
                "302 不可启发式缓存，只有带上 Cache-Control: max-age 等显式新"
                "鲜度信息时才会被复用。",
            .client = "仅对本次请求跟随 Location，之后仍使用原 URI，不要更新"
                "书签。用户代理可以（MAY）把 POST 改成 GET（浏览器都这样"
                "做），这正是 307 出现的原因；其他方法原样重发。",
            .confused = "307 含义相同，但保证方法和请求体不变。301 和 308 是"
                "永久迁移，引用应当随之更新。303 明确要求用 GET 去取另一个描"
                "述结果的资源；在 POST 之后返回 302 的代码，真正想表达的多半"
                "是 303。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "暫時移動",
            .meaning = "資源暫時位於另一個 URI，之後的請求仍應使用原本的 "
                "URI。",
            .when = "資源暫時改由別的 URI 提供、但原 URI 依然有效時使用，例如"
                "臨時維護頁、導向登入頁，或負載平衡中的一次轉送；teapot 的 "
                "/redirect/{n}、/redirect-to 與 /cookies/set 都以 302 回應。"
                "伺服器應該（SHOULD）在 Location 提供暫時的 URI（teapot 將它"
                "視為必要），通常再附上簡短的超文字說明（RFC 9110 15.4.3）。"
                "302 不能依啟發式規則快取，只有帶了 Cache-Control: max-age 之"
                "類的明確新鮮度資訊才會被重複使用。",
            .client = "只有這次請求跟隨 Location，之後繼續使用原本的 URI，不"
                "要更新書籤。使用者代理可以（MAY）把 POST 改成 GET（瀏覽器都"
                "是如此），這正是 307 存在的理由；其他方法則原樣重送。",
            .confused = "307 意思相同，但保證方法與請求內容不變。301 與 308 "
                "是永久搬移，參照應該隨之更新。303 明確要求以 GET 取得另一個"
                "描述結果的資源；在 POST 之後回 302 的程式，真正想表達的通常"
                "是 303。",
        },
    },
};

/* 303 See Other */
const struct tp_status_text tp_text_303 = {
    .see_also = {302, 307, 301, 308},
    .words = {
        [TP_LANG_EN] = {
            .name = "See Other",
            .meaning = "The answer to this request is a different resource, "
                "which the client can retrieve with GET.",
            .when = "Mostly sent after a POST or another action, to send the "
                "client to a resource holding the result, such as an order "
                "page, so that it can be bookmarked, cached and reloaded "
                "without submitting the form again (the Post/Redirect/Get "
                "pattern). In answer to a GET it says the server has no "
                "transferable representation of the target, but Location "
                "names a resource that describes it, as some linked-data "
                "sites do. The target goes in Location, and except for HEAD "
                "the content ought to hold a short hypertext note (RFC 9110 "
                "15.4.4).",
            .client = "Retrieve the Location URI with GET (or HEAD if the "
                "original request was HEAD), whatever the original method, "
                "and drop the request content and its Content-* header "
                "fields. The new URI does not replace the original one, so "
                "no links should be updated; the new response may itself "
                "redirect again.",
            .confused = "302 and 307 say the same resource is temporarily "
                "elsewhere; 303 says the answer is a different resource. 307 "
                "and 308 keep the method, while 303 always switches to GET. "
                "301 and 308 are permanent moves of the original resource, "
                "which 303 never implies.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "查看其他位置",
            .meaning = "本次请求的答案是另一个资源，客户端可以用 GET 获取它。",
            .when = "主要用在 POST 等操作之后，把客户端引向存放结果的资源（例"
                "如订单详情页），这样结果可以收藏、缓存，刷新时也不会重复提交"
                "表单，即常说的 Post/Redirect/Get 模式。若是对 GET 的应答，"
                "303 表示服务器没有可经 HTTP 传输的目标资源表示，但 Location "
                "指向一个描述它的资源，一些关联数据（linked data）网站就是这"
                "样用的。目标放在 Location 中，除 HEAD 外响应体应附一小段超文"
                "本说明（RFC 9110 15.4.4）。",
            .client = "无论原请求用的是什么方法，都用 GET（原请求为 HEAD 时"
                "用 HEAD）获取 Location 指向的 URI，并丢弃请求体及其 "
                "Content-* 头部字段。新 URI 并不取代原 URI，因此不应更新任何"
                "链接；新的响应本身也可能再次重定向。",
            .confused = "302 和 307 说的是同一个资源暂时在别处，303 说的是答"
                "案在另一个资源。307 和 308 保留原方法，303 则总是改用 GET。"
                "301 和 308 表示原资源永久迁移，303 从不意味着这一点。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "參見其他位置",
            .meaning = "這次請求的答案是另一個資源，用戶端可以用 GET 取得它。",
            .when = "主要用在 POST 之類的操作之後，把用戶端帶到存放結果的資源"
                "（例如訂單明細頁），讓結果可以加入書籤、被快取，重新整理時也"
                "不會重送表單，也就是常說的 Post/Redirect/Get 模式。若是回應 "
                "GET，303 表示伺服器沒有能透過 HTTP 傳輸的目標資源表示法，但 "
                "Location 指向一個描述它的資源，部分鏈結資料（linked data）網"
                "站就是這樣用。目標放在 Location，除了 HEAD 以外，回應內容應"
                "附一小段超文字說明（RFC 9110 15.4.4）。",
            .client = "不論原本是什麼方法，都改用 GET（原請求為 HEAD 時用 "
                "HEAD）取得 Location 指向的 URI，並捨棄請求內容與相關的 "
                "Content-* 標頭欄位。新的 URI 並不取代原本的 URI，所以不必更"
                "新任何連結；新的回應本身也可能再次導向。",
            .confused = "302 與 307 表示同一個資源暫時在別處，303 表示答案是"
                "另一個資源。307 與 308 保留原方法，303 則一律改用 GET。301 "
                "與 308 代表原資源永久搬移，303 從來沒有這層意思。",
        },
    },
};

/* 304 Not Modified */
const struct tp_status_text tp_text_304 = {
    .see_also = {200, 412, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Not Modified",
            .meaning = "The client's stored copy is still valid, so the "
                "representation is not sent again.",
            .when = "Sent only to a conditional GET or HEAD whose "
                "If-None-Match or If-Modified-Since evaluated false, that "
                "is, when the client's stored representation is still "
                "current and a 200 would otherwise have followed (RFC 9110 "
                "13.1, 15.4.5). The server MUST send whichever of "
                "Content-Location, Date, ETag, Vary, Cache-Control and "
                "Expires that 200 would have carried, and SHOULD NOT add "
                "other representation metadata unless it helps caches "
                "update. It never has content: the response ends with its "
                "header section. teapot sends it for static files, /cache "
                "and /etag/{etag}.",
            .client = "Update the stored response from the header fields of "
                "the 304, as RFC 9111 4.3.4 describes, and then use and show "
                "that stored response. A 304 to a request that was not "
                "conditional, or one for which nothing is stored, leaves "
                "nothing to show: repeat the request without conditions.",
            .confused = "200 carries the full representation, which is what "
                "the server sends when the stored copy is out of date or the "
                "request was not conditional. 412 comes from a failed "
                "If-Match or If-Unmodified-Since, or a failed If-None-Match "
                "on a method other than GET or HEAD, and means the method "
                "was not applied; 304 means the cached copy is good.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "未修改",
            .meaning = "客户端保存的副本仍然有效，因此不再重新发送表示。",
            .when = "只用于应答条件 GET 或 HEAD：当 If-None-Match 或 "
                "If-Modified-Since 的条件为假，即客户端缓存的表示仍是最新的、"
                "否则本该返回 200 时发送（RFC 9110 13.1、15.4.5）。服务器必须"
                "（MUST）带上那个 200 本会携带的 Content-Location、Date、"
                "ETag、Vary、Cache-Control 和 Expires；除非有助于更新缓存，否"
                "则不应（SHOULD NOT）再加其他表示元数据。304 永远没有响应体，"
                "头部结束即响应结束；teapot 对静态文件、/cache 和 "
                "/etag/{etag} 都会返回 304。",
            .client = "按 RFC 9111 4.3.4，用 304 中的头部字段更新缓存里的那份"
                "响应，然后直接使用它并展示给用户。如果原请求不是条件请求，或"
                "者缓存里没有对应的响应，客户端就没有可用的内容，应去掉条件重"
                "新请求。",
            .confused = "200 携带完整的表示，在缓存副本已过时或请求不带条件时"
                "返回。412 源自 If-Match、If-Unmodified-Since 失败，或 GET、"
                "HEAD 以外的方法上 If-None-Match 失败，表示方法没有执行；304 "
                "则表示缓存副本可以继续使用。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "未修改",
            .meaning = "用戶端儲存的副本仍然有效，所以不再重送表示法。",
            .when = "只用來回應條件式 GET 或 HEAD：當 If-None-Match 或 "
                "If-Modified-Since 的條件不成立，也就是用戶端快取的表示法仍是"
                "最新、否則原本會回 200 時使用（RFC 9110 13.1、15.4.5）。伺服"
                "器必須（MUST）附上那個 200 本來會帶的 Content-Location、"
                "Date、ETag、Vary、Cache-Control 與 Expires；除非有助於更新快"
                "取，否則不應（SHOULD NOT）再加其他表示法中繼資料。304 一定沒"
                "有內容，標頭區段結束就是回應結束；teapot 在靜態檔案、/cache "
                "與 /etag/{etag} 都會回傳 304。",
            .client = "依 RFC 9111 4.3.4，用 304 裡的標頭欄位更新快取中的那份"
                "回應，然後直接使用它並呈現給使用者。如果原本送的不是條件式請"
                "求，或快取裡找不到對應的回應，用戶端就沒有內容可用，應拿掉條"
                "件重新請求。",
            .confused = "200 帶有完整的表示法，快取副本已過期或請求沒有附條件"
                "時才會收到。412 來自 If-Match、If-Unmodified-Since 失敗，或"
                "在 GET、HEAD 以外的方法上 If-None-Match 失敗，代表方法沒有執"
                "行；304 則表示快取副本可以繼續使用。",
        },
    },
};

/* 305 Use Proxy */
const struct tp_status_text tp_text_305 = {
    .see_also = {306, 407, 307, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Use Proxy",
            .meaning = "Once told the client to repeat the request through a "
                "given proxy; it is deprecated and must not be relied on.",
            .when = "RFC 2068 and RFC 2616 had it name, in Location, a proxy "
                "through which the request had to be repeated. It was "
                "deprecated (RFC 7231 Appendix B, unchanged in RFC 9110 "
                "15.4.6) because letting a response configure a client's "
                "proxy is a security hole, and servers should no longer send "
                "it. teapot's /status/305 sends it without Location, for "
                "testing only.",
            .client = "Never use a proxy that a 305 names; browsers ignore "
                "the code for that reason. Treat it as a final response, "
                "show its content if there is any, and do not redirect "
                "automatically.",
            .confused = "306 is the other retired proxy code, never "
                "standardized and now merely reserved. 407 is the "
                "proxy-related code still in use: a proxy on the path wants "
                "the client to authenticate. 307 has the request repeated at "
                "another URI, where 305 had it repeated through another "
                "proxy.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "使用代理",
            .meaning = "过去用来要求客户端通过指定的代理重发请求；现已弃用，"
                "不可依赖。",
            .when = "RFC 2068 和 RFC 2616 曾规定它在 Location 中给出一个代"
                "理，请求必须经由该代理重发。由于让响应来配置客户端的代理存在"
                "安全隐患，它已被弃用（RFC 7231 附录 B，RFC 9110 15.4.6 沿"
                "用），服务器不应再发送。teapot 的 /status/305 只为测试而发送"
                "它，并且不带 Location。",
            .client = "绝不要使用 305 所指定的代理，浏览器正是出于这个原因忽"
                "略它。把它当作最终响应，有内容就展示出来，不要自动跳转。",
            .confused = "306 是另一个已退役的代理相关状态码，从未标准化，如今"
                "只是保留不用。407 才是仍在使用的代理相关状态码：路径上的代理"
                "要求客户端先认证。307 让客户端在另一个 URI 重发请求，而 305 "
                "当年是让客户端改经某个代理重发。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "使用代理伺服器",
            .meaning = "過去用來要求用戶端透過指定的代理伺服器重送請求；現已"
                "棄用，不可依賴。",
            .when = "RFC 2068 與 RFC 2616 曾規定它以 Location 指定一台代理伺"
                "服器，請求必須經由它重送。由於讓回應來設定用戶端的代理伺服器"
                "有安全疑慮，此狀態碼已被棄用（RFC 7231 附錄 B，RFC 9110 "
                "15.4.6 維持此立場），伺服器不應再送出。teapot 的 "
                "/status/305 只為測試而回傳它，而且不帶 Location。",
            .client = "絕對不要使用 305 指定的代理伺服器，瀏覽器也正是基於這"
                "個原因而忽略它。把它當成最終回應，有內容就呈現給使用者，不要"
                "自動導向。",
            .confused = "306 是另一個已退場的代理相關狀態碼，從未標準化，如今"
                "只保留不用。407 才是仍在使用的代理相關狀態碼：路徑上的代理伺"
                "服器要求用戶端先驗證身分。307 要用戶端到另一個 URI 重送請"
                "求，而 305 當年是要用戶端改經某台代理伺服器重送。",
        },
    },
};

/* 306 Unused */
const struct tp_status_text tp_text_306 = {
    .see_also = {305, 300, 307, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Unused",
            .meaning = "Defined by an earlier version of HTTP, no longer "
                "used, and kept reserved.",
            .when = "No server should send it. While HTTP/1.1 was being "
                "written, an Internet-Draft briefly called it \"Switch "
                "Proxy\", telling the client to use another proxy from then "
                "on, but that never became standard; RFC 2616 and RFC 9110 "
                "15.4.7 only keep the number reserved so it is not reused. "
                "teapot's /status/306 emits it purely as a test case, with "
                "no Location.",
            .client = "There is nothing specific to do: like any 3xx code "
                "the client does not recognize, handle it as 300 Multiple "
                "Choices, show the content, and never trust a proxy it might "
                "mention.",
            .confused = "305 was a real code, now deprecated, that sent the "
                "request through a proxy; 306 never had a standard meaning. "
                "A 306 falls back to the semantics of 300, and unlike 307 it "
                "does not ask for the request to be repeated.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "未使用",
            .meaning = "由早期版本的 HTTP 定义，现已不再使用，仅作保留。",
            .when = "任何服务器都不应发送它。HTTP/1.1 制定期间，它曾在一份互"
                "联网草案中被叫作“Switch Proxy”，要求客户端此后改用另一个代"
                "理，但从未成为标准；RFC 2616 与 RFC 9110 15.4.7 只是保留这个"
                "编号，以免被挪作他用。teapot 的 /status/306 纯粹作为测试用例"
                "发送它，不带 Location。",
            .client = "没有专门的处理方式：像对待任何不认识的 3xx 一样按 300 "
                "处理，展示响应内容，也不要信任其中可能提到的任何代理。",
            .confused = "305 是真实存在过、如今已弃用的状态码，要求经代理重发"
                "请求；306 则从来没有标准含义。收到 306 时回退到 300 的语义，"
                "它也不像 307 那样要求重发请求。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "未使用",
            .meaning = "由早期版本的 HTTP 定義，現已不再使用，僅保留代碼。",
            .when = "任何伺服器都不該送出它。HTTP/1.1 制定期間，它曾在一份網"
                "際網路草案中被稱為「Switch Proxy」，要求用戶端之後改用另一台"
                "代理伺服器，但從未成為標準；RFC 2616 與 RFC 9110 15.4.7 只保"
                "留這個編號，以免被挪作他用。teapot 的 /status/306 純粹當作測"
                "試案例回傳它，不帶 Location。",
            .client = "沒有特別的處理方式：跟遇到任何不認得的 3xx 一樣比照 "
                "300 處理，呈現回應內容，也別相信其中可能提到的代理伺服器。",
            .confused = "305 是真正存在過、如今已棄用的狀態碼，要求經由代理伺"
                "服器重送；306 則從來沒有標準意義。收到 306 時退回 300 的語"
                "意，它也不像 307 那樣要求重送請求。",
        },
    },
};

/* 307 Temporary Redirect */
const struct tp_status_text tp_text_307 = {
    .see_also = {302, 308, 303, 301},
    .words = {
        [TP_LANG_EN] = {
            .name = "Temporary Redirect",
            .meaning = "The resource is temporarily at another URI, and the "
                "request should be repeated there with the same method.",
            .when = "Sent when the resource is at another URI for now and "
                "the request has to be repeated there exactly, method and "
                "content included, as for a POST to an API endpoint that is "
                "briefly served elsewhere. The server SHOULD give the URI in "
                "Location (teapot requires it), usually with a short "
                "hypertext note (RFC 9110 15.4.8); a 307 is not "
                "heuristically cacheable. Browsers also show a 307 of their "
                "own making when HSTS upgrades an http:// URL to https://, "
                "before any request reaches the server.",
            .client = "Repeat the same request, with the same method and "
                "content, at the Location URI: a user agent MUST NOT change "
                "the method when it redirects automatically. Keep using the "
                "original URI later. If the content cannot be sent again (a "
                "stream already consumed, say), the client cannot follow and "
                "should report the response instead.",
            .confused = "302 means the same, but older clients may turn a "
                "POST into a GET, which 307 rules out. 308 is the permanent "
                "counterpart. 303 deliberately switches to a GET of a "
                "different resource.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "临时重定向",
            .meaning = "资源暂时位于另一个 URI，应当用相同的方法在那里重发请"
                "求。",
            .when = "资源暂时位于另一个 URI、且请求必须原样重发（方法和请求体"
                "都不变）时发送，例如某个 API 端点暂时改由别处提供，而客户端"
                "发来的是 POST。服务器应当（SHOULD）在 Location 中给出该 URI"
                "（teapot 将其视为必需），通常附简短的超文本说明（RFC 9110 "
                "15.4.8）；307 不可启发式缓存。另外，浏览器在 HSTS 把 "
                "http:// 地址升级为 https:// 时，也会显示一个由浏览器自己生成"
                "的 307，这时并没有请求到达服务器。",
            .client = "在 Location 指向的 URI 上重发同一个请求，方法和请求体"
                "都不变：自动重定向时，用户代理不得（MUST NOT）改写方法。之后"
                "仍使用原 URI。如果请求体无法再次发送（例如已经读完的流），就"
                "无法跟随，应把这个响应报告出来。",
            .confused = "302 含义相同，但老客户端可能把 POST 改成 GET，307 排"
                "除了这种可能。308 是它的永久版本。303 则故意改用 GET 去取另"
                "一个资源。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "暫時重新導向",
            .meaning = "資源暫時位於另一個 URI，應以相同的方法到那裡重送請"
                "求。",
            .when = "資源暫時位於另一個 URI、而且請求必須原樣重送（方法與內容"
                "都不變）時使用，例如某個 API 端點暫時改由別處提供，而用戶端"
                "送來的是 POST。伺服器應該（SHOULD）在 Location 提供該 URI"
                "（teapot 將它視為必要），通常附上簡短的超文字說明（RFC 9110 "
                "15.4.8）；307 不能依啟發式規則快取。另外，瀏覽器在 HSTS 把 "
                "http:// 網址升級成 https:// 時，也會顯示一個瀏覽器自行產生"
                "的 307，那時根本沒有請求送到伺服器。",
            .client = "在 Location 指向的 URI 重送同一個請求，方法與內容都不"
                "變：自動導向時，使用者代理不得（MUST NOT）改寫方法。之後仍使"
                "用原本的 URI。如果請求內容無法再送一次（例如已讀完的串流），"
                "就無法跟隨，應把這個回應回報出來。",
            .confused = "302 意思相同，但舊的用戶端可能把 POST 改成 GET，307 "
                "杜絕了這種情況。308 是它的永久版本。303 則刻意改用 GET 去取"
                "另一個資源。",
        },
    },
};

/* 308 Permanent Redirect */
const struct tp_status_text tp_text_308 = {
    .see_also = {301, 307, 302, 303},
    .words = {
        [TP_LANG_EN] = {
            .name = "Permanent Redirect",
            .meaning = "The resource has a new permanent URI, and the "
                "request should be repeated there with the same method.",
            .when = "Sent when a resource has moved for good and the method "
                "has to be kept, as for an API whose base URI changed but "
                "which still receives POST and PUT requests, or a site-wide "
                "move to https. First defined in RFC 7538 and now in RFC "
                "9110 15.4.9; the server SHOULD give the new URI in Location "
                "(teapot requires it). Like 301, a 308 is heuristically "
                "cacheable.",
            .client = "Repeat the request unchanged at the Location URI (the "
                "method MUST NOT change, and the content is sent again), and "
                "update stored links and bookmarks. A client older than RFC "
                "7538 that does not know 308 treats it as 300, so a server "
                "that must reach such clients may still prefer 301 for GET.",
            .confused = "301 is the same permanent move, but lets a client "
                "turn a POST into a GET. 307 keeps the method too, but is "
                "temporary. 302 and 303 are both temporary, and 303 always "
                "switches to GET.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "永久重定向",
            .meaning = "资源已有新的永久 URI，应当用相同的方法在那里重发请"
                "求。",
            .when = "资源已永久迁移且必须保留请求方法时发送，例如某个 API 更"
                "换了基础 URI，却仍会收到 POST 和 PUT 请求，或者整站迁移到 "
                "https。它最早由 RFC 7538 定义，现收录于 RFC 9110 15.4.9；服"
                "务器应当（SHOULD）在 Location 中给出新 URI（teapot 将其视为"
                "必需）。与 301 一样，308 可被启发式缓存。",
            .client = "在 Location 指向的 URI 上原样重发请求（不得改写方法，"
                "请求体照发），并更新保存的链接和书签。早于 RFC 7538、不认识 "
                "308 的客户端会把它当作 300，所以需要照顾这类客户端的服务器，"
                "对 GET 仍可使用 301。",
            .confused = "301 同样是永久迁移，但允许客户端把 POST 改成 GET。"
                "307 也保留方法，但只是临时的。302 和 303 都是临时的，而且 "
                "303 总是改用 GET。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "永久重新導向",
            .meaning = "資源已有新的永久 URI，應以相同的方法到那裡重送請求。",
            .when = "資源已永久搬移、且必須保留請求方法時使用，例如某個 API "
                "換了基礎 URI，卻仍會收到 POST 與 PUT 請求，或整個網站改走 "
                "https。它最早由 RFC 7538 定義，現已納入 RFC 9110 15.4.9；伺"
                "服器應該（SHOULD）在 Location 提供新的 URI（teapot 將它視為"
                "必要）。和 301 一樣，308 可依啟發式規則快取。",
            .client = "在 Location 指向的 URI 原樣重送請求（不得改寫方法，內"
                "容照送），並更新儲存的連結與書籤。比 RFC 7538 更早、不認得 "
                "308 的用戶端會把它當成 300，所以需要照顧這類用戶端的伺服器，"
                "對 GET 仍可使用 301。",
            .confused = "301 也是永久搬移，但允許用戶端把 POST 改成 GET。307 "
                "同樣保留方法，但只是暫時的。302 與 303 都是暫時的，而且 303 "
                "一律改用 GET。",
        },
    },
};
