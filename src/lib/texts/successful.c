/*
 * texts/successful.c - the reference texts for 200-226 and for the class,
 * in English, Simplified Chinese and Traditional Chinese.
 */
#include "teapot/status.h"

/* The class 2xx (Successful), and the x00 fallback for its unregistered
 * codes (RFC 9110 15). */
const struct tp_status_text tp_text_class2 = {
    .see_also = {200, 201, 204, 206},
    .words = {
        [TP_LANG_EN] = {
            .name = "Successful",
            .meaning =
                "2xx codes say that the server received and understood the "
                "request and carried it out, or for 202 accepted it for "
                "later; the particular code tells what was done and what the "
                "content, if any, represents (RFC 9110 15.3).",
            .when =
                "A server sends a 2xx once it has applied the method "
                "successfully: 200 in general, 201 when it created a "
                "resource, 202 when the work is queued, 204 when there is "
                "nothing to send back, 206 for a range request; WebDAV adds "
                "207 and 208, and delta encoding (RFC 3229) adds 226. Of "
                "these, 200, 203, 204 and 206 are heuristically cacheable "
                "(RFC 9110 15.1); the others are stored only when explicit "
                "freshness information allows it.",
            .client =
                "Treat the request as done and read the content according to "
                "the code and the method. An unrecognized 2xx, such as 299, "
                "MUST be treated as 200 (RFC 9110 15): a success whose "
                "content is read as a 200's would be.",
            .confused =
                "Success is about this request, not necessarily the whole "
                "job: 202 means only accepted, and a 207 can report failures "
                "among its entries. 304 is not a 2xx, though it too tells the "
                "client that what it holds is fine.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "成功响应",
            .meaning =
                "2xx 表示服务器已收到并理解请求，且已执行（202 则是已接受、稍"
                "后执行）；具体状态码说明做了什么，以及响应内容（如果有）代表"
                "什么（RFC 9110 15.3）。",
            .when =
                "服务器成功执行方法后发送 2xx：一般情况用 200，创建了资源用 "
                "201，工作排入队列用 202，没有内容可返回用 204，范围请求用 "
                "206；WebDAV 另有 207 和 208，增量编码（RFC 3229）另有 226。"
                "其中 200、203、204、206 可以启发式缓存（RFC 9110 15.1），其"
                "余的只有带明确的新鲜度信息时才会被缓存。",
            .client =
                "视请求为已完成，并根据状态码和方法解读内容。遇到不认识的 2xx"
                "（例如 299）必须（MUST）按 200 处理（RFC 9110 15）：视为成"
                "功，像解读 200 的内容那样解读其内容。",
            .confused =
                "2xx 说的是这一次请求，而不一定是整件工作：202 只表示已接受，"
                "207 的条目中可能包含失败。304 不属于 2xx，尽管它同样告诉客户"
                "端手上的副本没问题。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "成功回應",
            .meaning =
                "2xx 表示伺服器已收到並理解請求，而且已經執行（202 則是已接"
                "受、稍後執行）；具體的狀態碼說明做了什麼，以及回應內容（若"
                "有）代表什麼（RFC 9110 15.3）。",
            .when =
                "伺服器成功執行方法後送出 2xx：一般情況用 200，建立了資源用 "
                "201，工作排入佇列用 202，沒有內容可回傳用 204，範圍請求用 "
                "206；WebDAV 另有 207 與 208，差異編碼（RFC 3229）另有 226。"
                "其中 200、203、204、206 可啟發式快取（RFC 9110 15.1），其他"
                "的只有帶明確的新鮮度資訊時才會被快取。",
            .client =
                "視請求為已完成，並依狀態碼與方法解讀內容。收到無法辨識的 2xx"
                "（例如 299）時必須（MUST）當作 200 處理（RFC 9110 15）：視為"
                "成功，並以解讀 200 內容的方式解讀其內容。",
            .confused =
                "2xx 說的是這一次請求，不一定是整件工作：202 只代表已接受，"
                "207 的項目裡可能有失敗。304 不屬於 2xx，雖然它同樣告訴用戶端"
                "手上的副本沒問題。",
        },
    },
};

/* 200 OK */
const struct tp_status_text tp_text_200 = {
    .see_also = {201, 204, 206, 304},
    .words = {
        [TP_LANG_EN] = {
            .name = "OK",
            .meaning =
                "The request succeeded, and what the content holds depends on "
                "the request method.",
            .when =
                "The default answer to a successful request, with content "
                "that depends on the method: the target's representation for "
                "GET (the same header fields without content for HEAD), the "
                "outcome of the action for POST, PUT or DELETE, the "
                "communication options for OPTIONS, and the request as "
                "received for TRACE (RFC 9110 15.3.1). A 200 to CONNECT "
                "carries no content: the tunnel starts right after its header "
                "section. For GET and HEAD the server SHOULD send validators "
                "such as ETag and Last-Modified when it has them; a 200 is "
                "heuristically cacheable.",
            .client =
                "Take the content as the method defines it. A 200 to GET may "
                "be cached (explicit freshness first, heuristic otherwise) "
                "and later revalidated with If-None-Match or "
                "If-Modified-Since, which may then bring a 304 instead of the "
                "full content again.",
            .confused =
                "201 says something new was created and names it in Location; "
                "204 is a success with nothing to send. 206 carries only the "
                "requested ranges, while a 200 to a Range request carries the "
                "whole representation (the server ignored Range, or If-Range "
                "no longer matched). 304 answers a conditional request "
                "without content: the client's stored copy is the "
                "representation.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "成功",
            .meaning = "请求成功，响应内容的含义取决于请求方法。",
            .when =
                "请求成功时的默认响应，内容取决于方法：GET 返回目标资源的表示"
                "（HEAD 只返回相同的头部字段，不带内容），POST、PUT、DELETE "
                "返回操作结果的描述，OPTIONS 返回通信选项，TRACE 返回服务器收"
                "到的请求原文（RFC 9110 15.3.1）。CONNECT 的 200 不带内容，隧"
                "道在头部结束后立即开始。对 GET 和 HEAD，服务器在能提供时应当"
                "（SHOULD）发送 ETag、Last-Modified 等验证器；200 可以启发式"
                "缓存。",
            .client =
                "按方法的定义使用响应内容。GET 的 200 可以缓存（优先按明确的"
                "新鲜度，没有时按启发式），日后用 If-None-Match 或 "
                "If-Modified-Since 重新验证，届时可能得到 304，而无需再次下载"
                "完整内容。",
            .confused =
                "201 表示创建了新资源，并在 Location 中指出它；204 表示成功但"
                "没有内容可返回。206 只包含请求的范围，而对范围请求回 200 则"
                "表示返回了完整表示（服务器忽略了 Range，或 If-Range 已不匹"
                "配）。304 是对条件请求的无内容响应，表示客户端缓存的副本就是"
                "当前表示。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "成功",
            .meaning = "請求成功，回應內容的意義取決於請求方法。",
            .when =
                "請求成功時的預設回應，內容視方法而定：GET 回傳目標資源的表示"
                "（HEAD 只回相同的標頭欄位，不帶內容），POST、PUT、DELETE 回"
                "傳操作結果的描述，OPTIONS 回傳通訊選項，TRACE 回傳伺服器所收"
                "到的請求原文（RFC 9110 15.3.1）。CONNECT 的 200 不帶內容，通"
                "道在標頭結束後立即開始。對 GET 與 HEAD，伺服器能提供時應"
                "（SHOULD）送出 ETag、Last-Modified 等驗證器；200 可啟發式快"
                "取。",
            .client =
                "依方法的定義使用回應內容。GET 的 200 可以快取（優先依明確的"
                "新鮮度，沒有時採啟發式），之後用 If-None-Match 或 "
                "If-Modified-Since 重新驗證，屆時可能得到 304，而不必再次下載"
                "完整內容。",
            .confused =
                "201 表示建立了新資源，並在 Location 指出它；204 表示成功但沒"
                "有內容可回傳。206 只含所請求的範圍，而對範圍請求回 200 代表"
                "回傳的是完整表示（伺服器忽略了 Range，或 If-Range 已不相"
                "符）。304 是對條件式請求的無內容回應，表示用戶端快取的副本就"
                "是目前的表示。",
        },
    },
};

/* 201 Created */
const struct tp_status_text tp_text_201 = {
    .see_also = {200, 202, 204, 303},
    .words = {
        [TP_LANG_EN] = {
            .name = "Created",
            .meaning =
                "The request succeeded and created at least one new resource, "
                "the primary one named by Location or else by the target URI.",
            .when =
                "Sent when the request created one or more resources: a PUT "
                "that creates a representation where there was none MUST get "
                "201 (RFC 9110 9.3.4), and a POST that creates one SHOULD "
                "(9.3.3). Location names the primary new resource, and "
                "without it the target URI is that resource; the content "
                "usually describes the result and links to what was created, "
                "and any ETag or Last-Modified refers to the new "
                "representation. teapot's /status/201 points Location at "
                "/anything/created.",
            .client =
                "Resolve Location against the request URI to find the new "
                "resource, and GET it there if the full representation is "
                "needed. Do not repeat a POST that got 201, which would "
                "usually create a second resource; a 201 is not heuristically "
                "cacheable.",
            .confused =
                "200 reports success without claiming that anything new "
                "exists; 202 means the work, creation included, has not "
                "happened yet; 204 fits an update of an existing resource, "
                "such as a PUT replacing its representation, with nothing to "
                "return. A 303 after a POST also points elsewhere, but tells "
                "the client to GET that URI as the answer rather than naming "
                "a newly created resource.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "已创建",
            .meaning =
                "请求成功并创建了至少一个新资源，主要资源由 Location 指出，没"
                "有 Location 时即目标 URI。",
            .when =
                "请求创建了一个或多个资源时发送：PUT 在原本没有表示的 URI 上"
                "创建了表示时必须（MUST）回 201（RFC 9110 9.3.4），POST 创建"
                "了资源时应当（SHOULD）回 201（9.3.3）。Location 指出主要的新"
                "资源，没有 Location 时目标 URI 就是该资源；内容通常描述结果"
                "并链接到新建的资源，响应中的 ETag 或 Last-Modified 指的是新"
                "资源的表示。teapot 的 /status/201 把 Location 指向 "
                "/anything/created。",
            .client =
                "将 Location 相对于请求 URI 解析，得到新资源的地址，需要完整"
                "表示时再对它发 GET。收到 201 后不要重发同一个 POST，否则通常"
                "会再创建一个资源；201 不可启发式缓存。",
            .confused =
                "200 表示成功，但不声称有新东西产生；202 表示工作（包括创建）"
                "还没有发生；更新已有资源（例如 PUT 替换表示）且无内容返回时"
                "用 204。POST 之后的 303 同样指向别处，但它是让客户端用 GET "
                "获取该 URI 作为答复，而不是指出新建的资源。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "已建立",
            .meaning =
                "請求成功並建立了至少一個新資源，主要資源由 Location 指出，若"
                "無 Location 則為目標 URI。",
            .when =
                "請求建立了一個或多個資源時送出：PUT 在原本沒有表示的 URI 上"
                "建立表示時必須（MUST）回 201（RFC 9110 9.3.4），POST 建立了"
                "資源時應（SHOULD）回 201（9.3.3）。Location 指出主要的新資"
                "源，沒有 Location 時目標 URI 即為該資源；內容通常描述結果並"
                "連結到新建立的資源，回應中的 ETag 或 Last-Modified 指的是新"
                "資源的表示。teapot 的 /status/201 會將 Location 指向 "
                "/anything/created。",
            .client =
                "將 Location 相對於請求 URI 解析，得出新資源的位址，需要完整"
                "表示時再對它送 GET。收到 201 後別重送同一個 POST，否則通常會"
                "再建立一個資源；201 不可啟發式快取。",
            .confused =
                "200 表示成功，但不宣稱有新東西產生；202 表示工作（包括建立）"
                "尚未發生；更新既有資源（例如 PUT 取代表示）且無內容回傳時用 "
                "204。POST 之後的 303 同樣指向別處，但它是要用戶端以 GET 取得"
                "該 URI 作為答覆，而非指出新建立的資源。",
        },
    },
};

/* 202 Accepted */
const struct tp_status_text tp_text_202 = {
    .see_also = {201, 204, 102, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Accepted",
            .meaning =
                "The request was taken in for processing that has not "
                "finished and might still not be carried out.",
            .when =
                "Sent when the server has queued the request, such as a batch "
                "job, a report, a video transcode or a deletion to be carried "
                "out later, and will process it after responding; HTTP has no "
                "way to send a second status when the job ends (RFC 9110 "
                "15.3.3). The content ought to describe the request's current "
                "state and point to, or embed, a status monitor that can tell "
                "when the work will be done. For DELETE, RFC 9110 9.3.5 calls "
                "for 202 when the action will likely succeed but has not been "
                "enacted yet.",
            .client =
                "Treat the outcome as pending: poll the status monitor the "
                "response points to until it reports success or failure, and "
                "do not resubmit merely because the result is not there yet.",
            .confused =
                "201 is sent once the resource actually exists, while 202 "
                "promises nothing and the job may still fail. 204 says the "
                "action is finished and there is nothing more to say. 102 is "
                "an interim response on a connection that stays open until "
                "the final answer; 202 is itself the final answer.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "已接受",
            .meaning =
                "请求已被接受处理，但处理尚未完成，最终也可能不会执行。",
            .when =
                "服务器把请求排入队列、在响应之后才处理时发送，例如批处理任"
                "务、生成报表、视频转码或稍后执行的删除；HTTP 无法在任务结束"
                "时再发送一个状态码（RFC 9110 15.3.3）。响应内容应描述请求当"
                "前的状态，并指向（或内嵌）一个能告知何时完成的状态监视器。对 "
                "DELETE，RFC 9110 9.3.5 规定操作很可能成功但尚未执行时用 "
                "202。",
            .client =
                "将结果视为待定：轮询响应所指的状态监视器，直到它报告成功或失"
                "败；不要仅仅因为结果还没出来就重新提交。",
            .confused =
                "201 在资源确实存在后才发送，202 则不作任何保证，任务仍可能失"
                "败。204 表示操作已完成，且没有更多可说的。102 是临时响应，连"
                "接会一直保持到最终答复到来；202 本身就是最终答复。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "已接受",
            .meaning = "請求已接受處理，但處理尚未完成，最後也可能不會執行。",
            .when =
                "伺服器將請求排入佇列、回應之後才處理時送出，例如批次工作、產"
                "生報表、影片轉檔或稍後執行的刪除；HTTP 無法在工作結束時再送"
                "出一個狀態碼（RFC 9110 15.3.3）。回應內容應描述請求目前的狀"
                "態，並指向（或內嵌）可告知何時完成的狀態監控資源。對 "
                "DELETE，RFC 9110 9.3.5 規定操作很可能成功但尚未執行時用 "
                "202。",
            .client =
                "將結果視為待定：輪詢回應所指的狀態監控資源，直到它回報成功或"
                "失敗；不要只因結果還沒出來就重新送出。",
            .confused =
                "201 在資源確實存在後才送出，202 則不做任何保證，工作仍可能失"
                "敗。204 表示操作已完成，沒有更多要說的。102 是臨時回應，連線"
                "會一直保持到最終答覆到來；202 本身就是最終答覆。",
        },
    },
};

/* 203 Non-Authoritative Information */
const struct tp_status_text tp_text_203 = {
    .see_also = {200, 226, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Non-Authoritative Information",
            .meaning =
                "The request succeeded, but a transforming proxy changed the "
                "content the origin server sent.",
            .when =
                "Sent by a transforming proxy, not by the origin: the origin "
                "answered 200, and the proxy changed the content on the way "
                "(recompressed images, stripped parts, converted a format) "
                "and replaced the status to say so (RFC 9110 7.7, 15.3.4). A "
                "proxy MUST NOT transform the content of a response carrying "
                "Cache-Control: no-transform; 203 is heuristically cacheable. "
                "teapot, an origin server, sends it only on /status/203 as an "
                "example.",
            .client =
                "Use the content as a 200's, knowing it is not exactly what "
                "the origin sent. A client that needs the original bytes (for "
                "checksums, signatures or full-quality media) can ask with "
                "Cache-Control: no-transform, or use HTTPS end to end so that "
                "no proxy can alter it.",
            .confused =
                "200 is the origin's own content; 203 is a 200 altered by an "
                "intermediary. 226 also carries content that differs from the "
                "plain representation, but it is the origin that applied "
                "manipulations the client asked for in A-IM, and it names "
                "them in IM.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "非权威信息",
            .meaning = "请求成功，但进行转换的代理修改了源服务器发送的内容。",
            .when =
                "由进行转换的代理发送，而不是源服务器：源服务器回的是 200，代"
                "理在途中改动了内容（重新压缩图片、删减部分内容、转换格式），"
                "并改用 203 表明这一点（RFC 9110 7.7、15.3.4）。响应带有 "
                "Cache-Control: no-transform 时代理不得（MUST NOT）转换其内"
                "容；203 可以启发式缓存。teapot 作为源服务器，只在 "
                "/status/203 上作为示例发送它。",
            .client =
                "可以像 200 一样使用内容，但要清楚它并非源服务器发出的原样。"
                "需要原始字节（用于校验和、签名或高画质媒体）的客户端，可以在"
                "请求中加上 Cache-Control: no-transform，或使用端到端的 "
                "HTTPS，让代理无法改动。",
            .confused =
                "200 是源服务器自己的内容，203 是被中间节点改过的 200。226 的"
                "内容同样不同于普通的表示，但那是源服务器按客户端在 A-IM 中的"
                "要求所作的实例操作，并在 IM 中注明。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "非權威資訊",
            .meaning =
                "請求成功，但進行轉換的代理伺服器修改了來源伺服器送出的內容。",
            .when =
                "由進行轉換的代理伺服器送出，而非來源伺服器：來源伺服器回的是 "
                "200，代理在途中改動了內容（重新壓縮圖片、刪減部分內容、轉換"
                "格式），並改用 203 表明此事（RFC 9110 7.7、15.3.4）。回應帶"
                "有 Cache-Control: no-transform 時，代理不得（MUST NOT）轉換"
                "其內容；203 可啟發式快取。teapot 是來源伺服器，只在 "
                "/status/203 當作範例送出它。",
            .client =
                "可以像 200 一樣使用內容，但要明白那不是來源伺服器送出的原"
                "樣。需要原始位元組（用於檢查碼、簽章或高畫質媒體）的用戶端，"
                "可在請求加上 Cache-Control: no-transform，或使用端對端的 "
                "HTTPS，讓代理無從改動。",
            .confused =
                "200 是來源伺服器自己的內容，203 則是被中介改過的 200。226 的"
                "內容同樣不同於一般的表示，但那是來源伺服器依用戶端在 A-IM 的"
                "要求所做的實例操作，並在 IM 中註明。",
        },
    },
};

/* 204 No Content */
const struct tp_status_text tp_text_204 = {
    .see_also = {200, 205, 304, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "No Content",
            .meaning =
                "The request succeeded and there is nothing to send beyond "
                "the header fields.",
            .when =
                "Sent when the method succeeded and there is nothing useful "
                "to return: a PUT that stored the representation, a DELETE "
                "that was carried out (RFC 9110 9.3.5), a save action in an "
                "editor, a beacon, often a CORS preflight. The response ends "
                "with its header section, and a server MUST NOT send "
                "Content-Length or Transfer-Encoding in it (RFC 9110 8.6, "
                "RFC 9112 6.1). Its header fields describe the target after "
                "the action, e.g. the ETag of a representation a PUT stored "
                "unchanged; 204 is heuristically cacheable.",
            .client =
                "Read nothing after the header section: in HTTP/1.1 whatever "
                "follows belongs to the next response. A browser stays on the "
                "current page and applies any new metadata to it, and a "
                "script gets an empty body.",
            .confused =
                "200 has content, even if it is zero bytes long "
                "(Content-Length: 0); 204 has none by definition. 205 has no "
                "content either, but asks the user agent to reset the form or "
                "view that sent the request, while 204 leaves it alone. 304 "
                "also has no content, but answers a conditional GET or HEAD "
                "and means the cached copy is still valid, not that an action "
                "was done.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "无内容",
            .meaning = "请求成功，除头部字段外没有其他内容需要发送。",
            .when =
                "方法执行成功且没有值得返回的内容时发送：PUT 已保存表示、"
                "DELETE 已执行（RFC 9110 9.3.5）、编辑器中的“保存”操作、信标"
                "（beacon）上报，CORS 预检也常用它。响应到头部结束为止，服务"
                "器不得（MUST NOT）在其中发送 Content-Length 或 "
                "Transfer-Encoding（RFC 9110 8.6、RFC 9112 6.1）。其头部字段"
                "描述的是操作后的目标资源，例如 PUT 原样保存的表示的 ETag；"
                "204 可以启发式缓存。",
            .client =
                "头部之后不要再读取任何内容：在 HTTP/1.1 中，随后的字节属于下"
                "一个响应。浏览器会停留在当前页面，并把新的元数据应用到当前文"
                "档，脚本则得到一个空的响应体。",
            .confused =
                "200 有内容（哪怕是 Content-Length: 0 的零字节内容）；204 按"
                "定义就没有内容。205 同样没有内容，但要求用户代理重置发出请求"
                "的表单或视图，204 则保持原样。304 也没有内容，但它回应的是条"
                "件 GET 或 HEAD，表示缓存的副本仍然有效，而不是某个操作已完"
                "成。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "無內容",
            .meaning = "請求成功，除了標頭欄位之外沒有其他內容要送。",
            .when =
                "方法執行成功、沒有值得回傳的內容時送出：PUT 已儲存表示、"
                "DELETE 已執行（RFC 9110 9.3.5）、編輯器裡的「儲存」動作、信"
                "標（beacon）回報，CORS 預檢也常用它。回應在標頭結束處即終"
                "止，伺服器不得（MUST NOT）在其中送出 Content-Length 或 "
                "Transfer-Encoding（RFC 9110 8.6、RFC 9112 6.1）。它的標頭欄"
                "位描述的是操作後的目標資源，例如 PUT 原樣儲存之表示的 ETag；"
                "204 可啟發式快取。",
            .client =
                "標頭之後不要再讀取任何內容：在 HTTP/1.1 中，接下來的位元組屬"
                "於下一個回應。瀏覽器會停留在目前頁面，並將新的中繼資料套用到"
                "目前文件，腳本則拿到空的回應主體。",
            .confused =
                "200 有內容（即使是 Content-Length: 0 的零位元組內容）；204 "
                "依定義就沒有內容。205 同樣沒有內容，但要求使用者代理重設送出"
                "請求的表單或畫面，204 則維持原狀。304 也沒有內容，但它回應的"
                "是條件式 GET 或 HEAD，表示快取的副本仍然有效，而不是某個操作"
                "已完成。",
        },
    },
};

/* 205 Reset Content */
const struct tp_status_text tp_text_205 = {
    .see_also = {204, 200, 303, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Reset Content",
            .meaning =
                "The request succeeded and the client should reset the form "
                "or view that sent it; no content follows.",
            .when =
                "Sent after a data-entry request, typically a form "
                "submission, when the server wants the user agent to clear "
                "the form so the next entry can be typed in (RFC 9110 "
                "15.3.6). The server MUST NOT generate content and has to "
                "frame that explicitly: Content-Length: 0, an empty chunked "
                "body, or closing the connection after the header section; "
                "teapot sends Content-Length: 0. Unlike 204, a 205 is not "
                "heuristically cacheable.",
            .client =
                "Reset the view that issued the request to its initial state, "
                "e.g. clear the form, and read no content. Browsers do not do "
                "this on their own: they treat 205 like 204 and stay on the "
                "page, so a page that submits with fetch() has to reset the "
                "form itself.",
            .confused =
                "204 leaves the document view as it is and 205 asks to reset "
                "it; neither carries content, but a 205 needs explicit "
                "zero-length framing. 200 would send a page back. A 303 to a "
                "fresh, empty form (Post/Redirect/Get) is what sites usually "
                "use instead, because browsers act on it reliably.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "重置内容",
            .meaning =
                "请求成功，客户端应重置发出该请求的表单或视图；响应没有内容。",
            .when =
                "在数据录入类请求（通常是表单提交）之后发送，表示服务器希望用"
                "户代理清空表单，以便录入下一条（RFC 9110 15.3.6）。服务器不"
                "得（MUST NOT）生成内容，并且必须明确标示这一点：发送 "
                "Content-Length: 0、发送空的分块（chunked）内容，或发完头部后"
                "关闭连接；teapot 用的是 Content-Length: 0。与 204 不同，205 "
                "不可启发式缓存。",
            .client =
                "把发出请求的视图恢复到初始状态（例如清空表单），且不读取任何"
                "内容。浏览器并不会自动这样做：它们把 205 当作 204 处理并停留"
                "在当前页面，所以用 fetch() 提交的页面需要自己重置表单。",
            .confused =
                "204 保持文档视图不变，205 要求将其重置；两者都没有内容，但 "
                "205 必须明确标示零长度（如 Content-Length: 0）。200 则会返回"
                "一个页面。网站通常改用 303 重定向到一个新的空白表单"
                "（Post/Redirect/Get），因为浏览器对它的处理更可靠。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "重設內容",
            .meaning =
                "請求成功，用戶端應重設送出此請求的表單或畫面；回應不帶內容。",
            .when =
                "在資料輸入類的請求（通常是表單送出）之後送出，表示伺服器希望"
                "使用者代理清空表單，方便輸入下一筆（RFC 9110 15.3.6）。伺服"
                "器不得（MUST NOT）產生內容，而且必須明確表示這點：送出 "
                "Content-Length: 0、送出空的分塊（chunked）內容，或送完標頭後"
                "關閉連線；teapot 採用 Content-Length: 0。與 204 不同，205 不"
                "可啟發式快取。",
            .client =
                "把送出請求的畫面還原到初始狀態（例如清空表單），且不讀取任何"
                "內容。瀏覽器並不會自動這麼做：它們把 205 當成 204 處理並停留"
                "在目前頁面，因此以 fetch() 送出的頁面得自行重設表單。",
            .confused =
                "204 維持文件畫面不變，205 要求重設；兩者都沒有內容，但 205 "
                "必須明確標示零長度（如 Content-Length: 0）。200 則會回傳一個"
                "頁面。網站通常改用 303 重新導向到全新的空白表單"
                "（Post/Redirect/Get），因為瀏覽器處理它較為可靠。",
        },
    },
};

/* 206 Partial Content */
const struct tp_status_text tp_text_206 = {
    .see_also = {200, 416, 226, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Partial Content",
            .meaning =
                "Only the requested range or ranges of the selected "
                "representation are enclosed.",
            .when =
                "Sent for a GET with a Range header field the server honours "
                "(and whose If-Range, if present, still matches): a single "
                "range goes out with Content-Range, e.g. bytes 0-499/1234, "
                "and several go out as multipart/byteranges with a "
                "Content-Range in each part and none in the header section "
                "(RFC 9110 14.2, 15.3.7). Date, Cache-Control, ETag, Expires, "
                "Content-Location and Vary MUST be sent if a 200 to the same "
                "request would have carried them. teapot serves ranges this "
                "way for its static files and on /status/206; a 206 is "
                "heuristically cacheable.",
            .client =
                "Place the bytes at the offsets Content-Range gives (part by "
                "part for multipart/byteranges), e.g. to resume a download or "
                "seek in a video. When resuming, send If-Range with the "
                "stored validator so that a changed resource comes back whole "
                "as 200, and combine parts with a stored copy only when their "
                "strong validators match (RFC 9111 3.4).",
            .confused =
                "200 carries the full representation, and is also the answer "
                "when the server ignores Range. 416 says the ranges cannot be "
                "satisfied (none overlaps the representation, or the set was "
                "rejected) and SHOULD give the current length as "
                "Content-Range: bytes */length. 226 also sends something "
                "other than the whole, but the result of instance "
                "manipulations requested with A-IM, not byte ranges.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "部分内容",
            .meaning = "响应中只包含所选表示中被请求的一个或多个范围。",
            .when =
                "服务器接受 GET 请求中的 Range 头部字段（且 If-Range 若存在仍"
                "然匹配）时发送：单个范围随 Content-Range 发送，例如 bytes "
                "0-499/1234；多个范围则以 multipart/byteranges 发送，每个部分"
                "各带 Content-Range，头部中不带（RFC 9110 14.2、15.3.7）。若"
                "同一请求的 200 响应会包含 Date、Cache-Control、ETag、"
                "Expires、Content-Location 和 Vary，206 也必须（MUST）包含。"
                "teapot 的静态文件和 /status/206 都按这种方式提供范围；206 可"
                "以启发式缓存。",
            .client =
                "按 Content-Range 给出的偏移放置字节（multipart/byteranges 则"
                "逐个部分处理），例如用于断点续传下载或视频跳转播放。续传时带"
                "上 If-Range 和已存的验证器，这样资源若已变化就会以 200 完整"
                "返回；只有强验证器一致时，才能将各部分与缓存的副本拼合"
                "（RFC 9111 3.4）。",
            .confused =
                "200 包含完整表示，服务器忽略 Range 时也用它。416 表示请求的"
                "范围无法满足（没有一个与表示重叠，或整组范围被拒绝），并应当"
                "（SHOULD）用 Content-Range: bytes */长度 给出当前长度。226 "
                "发送的同样不是完整表示，但那是按 A-IM 要求进行实例操作的结"
                "果，而不是字节范围。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "部分內容",
            .meaning = "回應只包含所選表示中被請求的一個或多個範圍。",
            .when =
                "伺服器接受 GET 請求中的 Range 標頭欄位（且若有 If-Range 仍然"
                "相符）時送出：單一範圍連同 Content-Range 送出，例如 bytes "
                "0-499/1234；多個範圍則以 multipart/byteranges 送出，每個部分"
                "各自帶 Content-Range，標頭區段中不帶（RFC 9110 14.2、"
                "15.3.7）。若同一請求的 200 回應會包含 Date、Cache-Control、"
                "ETag、Expires、Content-Location 與 Vary，206 也必須（MUST）"
                "包含。teapot 的靜態檔案與 /status/206 都以這種方式提供範圍；"
                "206 可啟發式快取。",
            .client =
                "依 Content-Range 提供的偏移放置位元組（multipart/byteranges "
                "則逐一處理各部分），例如用於續傳下載或影片跳轉播放。續傳時附"
                "上 If-Range 與已存的驗證器，如此資源若已改變便會以 200 完整"
                "回傳；唯有強驗證器一致時，才能將各部分與快取副本合併"
                "（RFC 9111 3.4）。",
            .confused =
                "200 包含完整表示，伺服器忽略 Range 時也用它。416 表示所請求"
                "的範圍無法滿足（沒有任何一個與表示重疊，或整組範圍遭拒），並"
                "應（SHOULD）以 Content-Range: bytes */長度 告知目前長度。226 "
                "送出的同樣不是完整表示，但那是依 A-IM 要求進行實例操作的結"
                "果，而非位元組範圍。",
        },
    },
};

/* 207 Multi-Status */
const struct tp_status_text tp_text_207 = {
    .see_also = {200, 208, 424, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Multi-Status",
            .meaning =
                "The content is an XML document that gives a separate status "
                "for each of several independent operations.",
            .when =
                "Sent by a WebDAV server when one request acted on several "
                "resources and each needs its own status (RFC 4918 13): "
                "PROPFIND and PROPPATCH answer with it, and COPY, MOVE, "
                "DELETE or LOCK on a collection use it to list the members "
                "that failed. The content is application/xml (or text/xml) "
                "with a DAV:multistatus root holding one DAV:response per "
                "resource, each with a status or with DAV:propstat entries "
                "grouped by property status.",
            .client =
                "Do not stop at the 207: parse the XML and act on the status "
                "in every DAV:response or DAV:propstat, since some operations "
                "may have failed while others succeeded. A client that does "
                "not know WebDAV can only treat it as a 200 with an XML body.",
            .confused =
                "200 reports one outcome for the whole request; 207 reports "
                "several and by itself says nothing about success. 208 and "
                "424 usually appear inside a 207 body rather than as its "
                "status: 208 for a binding already listed, 424 for an "
                "operation that failed only because another one did.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "多状态",
            .meaning =
                "响应内容是一个 XML 文档，为多个相互独立的操作分别给出状态。",
            .when =
                "WebDAV 服务器在一个请求作用于多个资源、且每个都需要单独的状"
                "态时发送（RFC 4918 第 13 节）：PROPFIND 和 PROPPATCH 用它作"
                "答，对集合执行的 COPY、MOVE、DELETE 或 LOCK 也用它列出失败的"
                "成员。内容为 application/xml（或 text/xml），根元素 "
                "DAV:multistatus 下每个资源一个 DAV:response，各自带有状态，"
                "或按属性状态分组的 DAV:propstat。",
            .client =
                "不能只看 207 本身：要解析 XML，逐一处理每个 DAV:response 或 "
                "DAV:propstat 中的状态，因为其中可能有的操作成功、有的失败。"
                "不了解 WebDAV 的客户端只能把它当作带 XML 内容的 200。",
            .confused =
                "200 对整个请求给出单一结果；207 给出多个结果，本身并不说明成"
                "功与否。208 和 424 通常出现在 207 的内容里，而不是作为响应的"
                "状态码：208 用于已经列出过的绑定，424 用于因另一操作失败而连"
                "带失败的操作。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "多重狀態",
            .meaning =
                "回應內容是一份 XML 文件，為多個彼此獨立的操作分別列出狀態。",
            .when =
                "WebDAV 伺服器在單一請求作用於多個資源、且每個都需要各自的狀"
                "態時送出（RFC 4918 第 13 節）：PROPFIND 與 PROPPATCH 以它作"
                "答，對集合執行的 COPY、MOVE、DELETE 或 LOCK 也用它列出失敗的"
                "成員。內容為 application/xml（或 text/xml），根元素 "
                "DAV:multistatus 底下每個資源對應一個 DAV:response，各自帶有"
                "狀態，或依屬性狀態分組的 DAV:propstat。",
            .client =
                "不能只看 207 本身：要解析 XML，逐一處理每個 DAV:response 或 "
                "DAV:propstat 裡的狀態，因為其中可能有些操作成功、有些失敗。"
                "不懂 WebDAV 的用戶端只能把它當成帶 XML 內容的 200。",
            .confused =
                "200 對整個請求給出單一結果；207 給出多個結果，本身並不代表成"
                "功與否。208 與 424 通常出現在 207 的內容裡，而非作為回應的狀"
                "態碼：208 用於已列出過的繫結，424 用於因另一項操作失敗而連帶"
                "失敗的操作。",
        },
    },
};

/* 208 Already Reported */
const struct tp_status_text tp_text_208 = {
    .see_also = {207, 508, 200, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Already Reported",
            .meaning =
                "The members of this binding were already listed earlier in "
                "the same multistatus reply and are not repeated.",
            .when =
                "Used only inside the body of a 207 that answers a PROPFIND "
                "with Depth: infinity on a server with bindings (RFC 5842 "
                "7.1): a collection reachable through several bindings is "
                "enumerated once, with 200, and every further binding gets "
                "208 and no entries for its members. For compatibility the "
                "server SHOULD NOT use it unless the client announced support "
                "with a DAV request header field containing bind (RFC 5842 "
                "8.2); otherwise a binding loop is reported with 508.",
            .client =
                "Do not expect members under a 208 entry: they were listed "
                "under another binding of the same collection. Ask for the "
                "DAV:resource-id property to tell which entries are the same "
                "resource and rebuild the binding structure; only a client "
                "that announced bind support should ever see 208.",
            .confused =
                "207 is the response that carries 208 entries; 208 itself is "
                "not meant as the status of a whole response. 508 is what a "
                "server sends on meeting a binding loop when the client has "
                "not announced bind support, and it fails the whole "
                "operation. 200 is the status of the first, fully listed "
                "binding of the same collection.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "已报告",
            .meaning =
                "该绑定的成员已在同一个 multistatus 响应中较早列出，这里不再"
                "重复。",
            .when =
                "只出现在回应 Depth: infinity 的 PROPFIND 的 207 内容中，且服"
                "务器支持绑定（RFC 5842 7.1）：同一集合可经由多个绑定到达时，"
                "只完整列举一次（状态 200），其余每个绑定都标为 208，且不再列"
                "出其成员。为保持兼容，除非客户端在请求中以含 bind 的 DAV 头"
                "部字段表明支持（RFC 5842 8.2），服务器不应（SHOULD NOT）使用 "
                "208；否则遇到绑定循环时改用 508 报告。",
            .client =
                "不要期待 208 条目下还会列出成员：它们已经在同一集合的另一个"
                "绑定下列出。可请求 DAV:resource-id 属性来判断哪些条目是同一"
                "资源，从而重建绑定结构；只有声明过 bind 支持的客户端才会看到 "
                "208。",
            .confused =
                "207 是承载 208 条目的响应，208 本身并不用作整个响应的状态"
                "码。508 是客户端未声明支持 bind 时服务器遇到绑定循环所回的状"
                "态，表示整个操作失败。200 是同一集合第一个被完整列出的绑定的"
                "状态。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "已回報",
            .meaning =
                "此繫結的成員已在同一個 multistatus 回應中較早列出，這裡不再"
                "重複。",
            .when =
                "只會出現在回應 Depth: infinity PROPFIND 的 207 內容裡，且伺"
                "服器支援繫結（RFC 5842 7.1）：同一集合可經由多個繫結到達時，"
                "只完整列舉一次（狀態 200），其餘每個繫結都標為 208，也不再列"
                "出其成員。為了相容，除非用戶端在請求中以含 bind 的 DAV 標頭"
                "欄位表明支援（RFC 5842 8.2），伺服器不應（SHOULD NOT）使用 "
                "208；否則遇到繫結迴圈時改以 508 回報。",
            .client =
                "別期待 208 項目底下還會列出成員：它們已在同一集合的另一個繫"
                "結下列出。可請求 DAV:resource-id 屬性來判斷哪些項目是同一資"
                "源，藉此重建繫結結構；只有宣告支援 bind 的用戶端才會看到 "
                "208。",
            .confused =
                "207 是承載 208 項目的回應，208 本身並不用作整個回應的狀態"
                "碼。508 是用戶端未宣告支援 bind 時，伺服器遇到繫結迴圈所回的"
                "狀態，代表整個操作失敗。200 則是同一集合第一個被完整列出之繫"
                "結的狀態。",
        },
    },
};

/* 226 IM Used */
const struct tp_status_text tp_text_226 = {
    .see_also = {200, 206, 304, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "IM Used",
            .meaning =
                "The content is the result of instance manipulations, such as "
                "a delta, applied to the current representation.",
            .when =
                "Sent for a GET whose A-IM header field asked for instance "
                "manipulations that the server then applied: typically a "
                "delta (vcdiff, diffe) against a base instance the client "
                "named in If-None-Match, or compression such as gzip "
                "(RFC 3229 10.4.1). The response MUST carry the ETag of the "
                "current instance, names the manipulations applied in IM, and "
                "for a delta gives the base in Delta-Base. teapot answers "
                "A-IM: gzip or deflate on its static files with 226; "
                "elsewhere the scheme is rarely deployed.",
            .client =
                "Undo the manipulations listed in IM (decompress, apply the "
                "delta to the stored base named in Delta-Base) to rebuild the "
                "current instance, and keep it under the ETag the response "
                "gives. A cache MAY store the 226 itself or combine it with a "
                "stored base into a new entry (RFC 3229 10.4.1); a client "
                "that never sent A-IM should never get one.",
            .confused =
                "200 carries the current representation itself; 226 carries "
                "something derived from it that must be processed first. 206 "
                "also sends less than the whole, but as byte ranges of the "
                "representation. 304 says the client's copy is current and "
                "sends nothing; 226 says it changed and can send just the "
                "difference.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "已应用实例操作",
            .meaning =
                "响应内容是对当前表示施加实例操作（例如增量差分）后的结果。",
            .when =
                "GET 请求的 A-IM 头部字段要求了实例操作、且服务器确实执行了这"
                "些操作时发送：通常是相对于客户端在 If-None-Match 中指明的基"
                "础实例的增量（vcdiff、diffe），或 gzip 之类的压缩（RFC 3229 "
                "10.4.1）。响应必须（MUST）带当前实例的 ETag，在 IM 中列出所"
                "施加的操作，若是增量还要在 Delta-Base 中指明基础实例。teapot "
                "的静态文件会对 A-IM: gzip 或 deflate 回 226；除此之外这套机"
                "制很少部署。",
            .client =
                "按 IM 中列出的操作逆向还原（解压缩，把增量应用到 Delta-Base "
                "指明的已存基础实例上），重建当前实例，并以响应给出的 ETag 保"
                "存。缓存可以（MAY）存储 226 本身，或将其与已存的基础实例合并"
                "成新条目（RFC 3229 10.4.1）；从未发送 A-IM 的客户端不应收到 "
                "226。",
            .confused =
                "200 直接包含当前表示；226 包含的是由它派生、需要先处理的内"
                "容。206 同样只发送部分数据，但那是表示的字节范围。304 表示客"
                "户端的副本是最新的，不发送任何内容；226 则表示资源已变化，可"
                "以只发送差异。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "已套用實例操作",
            .meaning =
                "回應內容是對目前表示套用實例操作（例如差異編碼）後的結果。",
            .when =
                "GET 請求的 A-IM 標頭欄位要求了實例操作、而伺服器也確實套用時"
                "送出：通常是相對於用戶端在 If-None-Match 指明之基礎實例的差"
                "異（vcdiff、diffe），或 gzip 之類的壓縮（RFC 3229 10.4.1）。"
                "回應必須（MUST）帶目前實例的 ETag，在 IM 列出所套用的操作，"
                "若為差異還要在 Delta-Base 指明基礎實例。teapot 的靜態檔案會"
                "對 A-IM: gzip 或 deflate 回 226；此外這套機制很少部署。",
            .client =
                "依 IM 列出的操作反向還原（解壓縮、將差異套用到 Delta-Base 指"
                "明的已存基礎實例），重建目前實例，並以回應提供的 ETag 儲存。"
                "快取可以（MAY）儲存 226 本身，或將它與已存的基礎實例合併成新"
                "項目（RFC 3229 10.4.1）；從未送出 A-IM 的用戶端不該收到 "
                "226。",
            .confused =
                "200 直接包含目前表示；226 包含的是由它衍生、必須先處理的內"
                "容。206 同樣只送出部分資料，但那是表示的位元組範圍。304 表示"
                "用戶端的副本已是最新，不送任何內容；226 則表示資源已改變，可"
                "以只送出差異。",
        },
    },
};
