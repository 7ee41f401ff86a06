/*
 * texts/server_error.c - the reference texts for 500-511 and for the class,
 * in English, Simplified Chinese and Traditional Chinese.
 */
#include "teapot/status.h"

/* The class 5xx (Server Error), and the x00 fallback for its unregistered
 * codes (RFC 9110 15). */
const struct tp_status_text tp_text_class5 = {
    .see_also = {500, 502, 503, 504},
    .words = {
        [TP_LANG_EN] = {
            .name = "Server Error",
            .meaning = "The server knows it has failed, or cannot carry out "
                "the requested method, even though the request itself may be "
                "valid.",
            .when = "A 5xx puts the fault on the server or on something "
                "behind it: a crash or bug (500), a missing feature (501), a "
                "broken or slow upstream server (502, 504), overload or "
                "maintenance (503). Except for a HEAD request, the server "
                "SHOULD send a representation that explains the error and "
                "whether it is temporary or permanent (RFC 9110 15.6). A "
                "client MUST treat a 5xx code it does not recognize as 500 "
                "Internal Server Error (RFC 9110 15).",
            .client = "Show any content to the user, since it ought to "
                "explain what went wrong. The same request may succeed "
                "later: retry with backoff and honour Retry-After when "
                "present, but repeat a request automatically only if its "
                "method is idempotent, since the server may have done part "
                "of the work. An unrecognized 5xx is handled as 500.",
            .confused = "A 4xx blames the request, so sending it again "
                "unchanged will fail again; a 5xx blames the server, so the "
                "same request may work later. 503 is the temporary case and "
                "500 the generic one, while 502 and 504 come from a gateway "
                "or proxy and describe the server behind it.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "服务器错误",
            .meaning = "服务器知道自己出了错，或者无法执行所请求的方法，而请"
                "求本身可能并没有问题。",
            .when = "5xx 表示问题出在服务器或它背后的系统：程序崩溃或缺陷"
                "（500）、缺少所需功能（501）、上游服务器出错或太慢（502、"
                "504）、过载或维护（503）。除 HEAD 请求外，服务器应当"
                "（SHOULD）在响应中说明错误情况，以及它是暂时的还是永久的"
                "（RFC 9110 15.6）。客户端必须（MUST）把无法识别的 5xx 状态码"
                "当作 500 处理（RFC 9110 15）。",
            .client = "把响应内容展示给用户，它应当解释了出错的原因。同样的请"
                "求以后可能会成功：可以退避重试，有 Retry-After 时遵守它；但"
                "只对幂等方法自动重试，因为服务器可能已经执行了一部分。不认识"
                "的 5xx 按 500 处理。",
            .confused = "4xx 把责任归于请求，原样重发还会失败；5xx 把责任归于"
                "服务器，同样的请求以后可能成功。503 是暂时性的情形，500 是通"
                "用情形，502 和 504 则由网关或代理发出，说的是它背后的服务"
                "器。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "伺服器錯誤",
            .meaning = "伺服器知道自己出錯了，或無法執行所請求的方法，而請求"
                "本身可能並沒有問題。",
            .when = "5xx 表示問題出在伺服器或它背後的系統：程式當掉或有缺陷"
                "（500）、缺少所需功能（501）、上游伺服器出錯或太慢（502、"
                "504）、過載或維護中（503）。除了 HEAD 請求，伺服器應該"
                "（SHOULD）在回應中說明錯誤狀況，以及這是暫時還是永久的（RFC "
                "9110 15.6）。用戶端遇到無法辨識的 5xx 狀態碼時，必須（MUST）"
                "當成 500 處理（RFC 9110 15）。",
            .client = "把回應內容呈現給使用者，它應該說明了出錯的原因。同樣的"
                "請求之後可能會成功：可以逐步拉長間隔重試，有 Retry-After 時"
                "依照它；但只對冪等方法自動重試，因為伺服器可能已經做了一部"
                "分。無法辨識的 5xx 比照 500 處理。",
            .confused = "4xx 把責任歸給請求，原樣重送還是會失敗；5xx 把責任歸"
                "給伺服器，同樣的請求之後可能成功。503 是暫時性的情況，500 是"
                "通用的情況，502 與 504 則由閘道或代理伺服器送出，講的是它背"
                "後的伺服器。",
        },
    },
};

/* 500 Internal Server Error */
const struct tp_status_text tp_text_500 = {
    .see_also = {501, 502, 503, 400},
    .words = {
        [TP_LANG_EN] = {
            .name = "Internal Server Error",
            .meaning = "An unexpected condition kept the server from "
                "fulfilling the request.",
            .when = "The catch-all for failures the server did not foresee: "
                "an unhandled exception, a crashed handler, a failed "
                "database query, memory running out (teapot sends 500 when "
                "an allocation fails), or a configuration error such as a "
                "type map naming an unusable variant. Use a more specific "
                "5xx when one fits. Except for HEAD, the content SHOULD "
                "explain the error (RFC 9110 15.6), but keep stack traces "
                "and other internals out of it.",
            .client = "Show the explanation to the user. Trying again later "
                "may help, but do not repeat a non-idempotent request such "
                "as a POST automatically, since the server may have done "
                "part of the work. A 500 is not heuristically cacheable.",
            .confused = "501 says the server lacks a feature the request "
                "needs, which retrying will not change. 503 says the failure "
                "is temporary, often with Retry-After, and 502 says an "
                "upstream server misbehaved. 400 puts the fault on the "
                "request, 500 on the server.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "服务器内部错误",
            .meaning = "服务器遇到意外情况，无法完成请求。",
            .when = "用于服务器没有预料到的各种失败：未处理的异常、处理程序崩"
                "溃、数据库查询失败、内存耗尽（teapot 在内存分配失败时返回 "
                "500），或者配置错误，比如类型映射文件指向了一个无法使用的变"
                "体。有更具体的 5xx 可用时应优先使用。除 HEAD 外，响应体应当"
                "（SHOULD）说明错误（RFC 9110 15.6），但不要把堆栈跟踪等内部"
                "细节放进去。",
            .client = "把说明展示给用户。稍后重试可能有用，但不要自动重发 "
                "POST 等非幂等请求，因为服务器可能已经做了一部分。500 不可启"
                "发式缓存。",
            .confused = "501 表示服务器缺少请求所需的功能，重试也不会改变。"
                "503 表示故障是暂时的，常带 Retry-After；502 表示上游服务器出"
                "了问题。400 把责任归于请求，500 则归于服务器。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "伺服器內部錯誤",
            .meaning = "伺服器遇到意外狀況，無法完成請求。",
            .when = "用於伺服器沒預料到的各種失敗：未處理的例外、處理程式當"
                "掉、資料庫查詢失敗、記憶體耗盡（teapot 在配置記憶體失敗時回"
                "傳 500），或設定錯誤，例如類型對應檔案指向一個無法使用的變"
                "體。若有更具體的 5xx 可用，應優先使用。除了 HEAD 以外，回應"
                "內容應該（SHOULD）說明錯誤（RFC 9110 15.6），但別把堆疊追蹤"
                "之類的內部細節放進去。",
            .client = "把說明呈現給使用者。稍後重試也許有用，但不要自動重送 "
                "POST 等非冪等請求，因為伺服器可能已經做了一部分。500 不能依"
                "啟發式規則快取。",
            .confused = "501 表示伺服器缺少請求需要的功能，重試也不會改變。"
                "503 表示故障是暫時的，通常附有 Retry-After；502 表示上游伺服"
                "器出了問題。400 把責任歸給請求，500 則歸給伺服器。",
        },
    },
};

/* 501 Not Implemented */
const struct tp_status_text tp_text_501 = {
    .see_also = {405, 500, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Not Implemented",
            .meaning = "The server does not support the functionality the "
                "request needs, such as its method.",
            .when = "Sent when the server supports what the request needs "
                "for no resource at all: typically a method it does not "
                "recognize or implement (RFC 9110 9.1), a transfer coding it "
                "does not understand (RFC 9112 6.1), or a method name longer "
                "than any it implements (RFC 9112 3). teapot answers all "
                "three with 501. A 501 is heuristically cacheable (RFC 9110 "
                "15.1).",
            .client = "Do not retry the same request against this server; it "
                "will keep failing until the server changes. Use another "
                "method or feature, such as a plain Content-Length instead "
                "of an unknown transfer coding, or report the error.",
            .confused = "405 means the server knows the method but this "
                "resource does not allow it, and lists the allowed ones in "
                "Allow; 501 means the server implements it nowhere. 500 is "
                "an unexpected failure of a feature that does exist.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "未实现",
            .meaning = "服务器不支持请求所需的功能，例如请求所用的方法。",
            .when = "当服务器对任何资源都不支持请求所需的功能时发送：典型情况"
                "是它不认识或没有实现的方法（RFC 9110 9.1）、它不理解的传输编"
                "码（RFC 9112 6.1），或者比它实现的任何方法都长的方法名（RFC "
                "9112 3）。这三种情况 teapot 都返回 501。501 可被启发式缓存"
                "（RFC 9110 15.1）。",
            .client = "不要向这台服务器重试同样的请求，在服务器改变之前它都不"
                "会成功。改用别的方法或功能，例如用普通的 Content-Length 代替"
                "未知的传输编码，或者报告错误。",
            .confused = "405 表示服务器认识这个方法，只是该资源不允许，并在 "
                "Allow 中列出允许的方法；501 表示服务器在哪里都没有实现它。"
                "500 是已有功能出现了意外故障。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "未實作",
            .meaning = "伺服器不支援請求所需的功能，例如請求使用的方法。",
            .when = "伺服器對任何資源都不支援請求所需的功能時使用：典型情況是"
                "它不認得或沒有實作的方法（RFC 9110 9.1）、它看不懂的傳輸編碼"
                "（RFC 9112 6.1），或比它實作的任何方法都長的方法名稱（RFC "
                "9112 3）。這三種情況 teapot 都回傳 501。501 可依啟發式規則快"
                "取（RFC 9110 15.1）。",
            .client = "不要對這台伺服器重試同樣的請求，伺服器改變之前都不會成"
                "功。改用其他方法或功能，例如以一般的 Content-Length 取代未知"
                "的傳輸編碼，或回報錯誤。",
            .confused = "405 表示伺服器認得這個方法，只是該資源不允許，並在 "
                "Allow 列出允許的方法；501 表示伺服器根本沒有實作它。500 則是"
                "既有功能發生了意外故障。",
        },
    },
};

/* 502 Bad Gateway */
const struct tp_status_text tp_text_502 = {
    .see_also = {504, 503, 500, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Bad Gateway",
            .meaning = "A gateway or proxy got an invalid response from the "
                "server it contacted.",
            .when = "Sent by a gateway or proxy, such as a reverse proxy, "
                "load balancer or CDN, when the upstream server it contacted "
                "returned something it cannot use: a malformed or truncated "
                "response, a connection closed mid-response or a failed TLS "
                "handshake; many proxies also use it when the connection is "
                "refused. An origin server does not send 502 about its own "
                "failures (RFC 9110 15.6.3). teapot is not a proxy: it sends "
                "502 from /status/502 or /random/{ranges}, and from the "
                "reference's \"try it\" (/codes/{code}/try), which acts as "
                "a gateway to the testing API, when that answer is missing "
                "or too large.",
            .client = "Such failures are usually transient, so a retry after "
                "a short delay often succeeds; repeat only idempotent "
                "requests automatically. The fault lies between the proxy "
                "and the server behind it, so nothing in the request needs "
                "changing.",
            .confused = "504 is the gateway giving up on an answer that "
                "never came, while 502 got an answer, or a broken "
                "connection, it could not use. 503 says the service is "
                "unavailable, often on purpose and with Retry-After. 500 is "
                "a failure inside the server that answered, not in its "
                "upstream.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "网关错误",
            .meaning = "网关或代理从它所访问的服务器收到了无效的响应。",
            .when = "由网关或代理（反向代理、负载均衡器、CDN 等）发送：它访问"
                "的上游服务器返回了无法使用的结果，例如格式错误或被截断的响"
                "应、响应中途断开连接、TLS 握手失败；很多代理在连接被拒绝时也"
                "用 502。源服务器不会用 502 报告自己的故障（RFC 9110 "
                "15.6.3）。teapot 不是代理：它在 /status/502 和 "
                "/random/{ranges} 中发送 502；参考站点的“试一试”"
                "（/codes/{code}/try）充当通往测试 API 的网关，拿不到应答或应"
                "答过大时也返回 502。",
            .client = "这种故障通常是暂时的，稍等片刻重试往往就能成功；只对幂"
                "等请求自动重试。问题出在代理和它背后的服务器之间，请求本身无"
                "需修改。",
            .confused = "504 是网关等不到应答而放弃，502 则是收到了无法使用的"
                "应答或断掉的连接。503 表示服务不可用，常常是有意为之，并附"
                "带 Retry-After。500 是应答请求的那台服务器内部出错，而不是它"
                "的上游。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "閘道錯誤",
            .meaning = "閘道或代理伺服器從它存取的伺服器收到無效的回應。",
            .when = "由閘道或代理伺服器（反向代理、負載平衡器、CDN 等）送出："
                "它存取的上游伺服器傳回了無法使用的結果，例如格式錯誤或被截斷"
                "的回應、回應到一半連線中斷、TLS 交握失敗；許多代理伺服器在連"
                "線被拒時也會用 502。來源伺服器不會用 502 回報自身的故障"
                "（RFC 9110 15.6.3）。teapot 不是代理伺服器：它在 "
                "/status/502 與 /random/{ranges} 回傳 502；參考網站的「試一"
                "試」（/codes/{code}/try）是通往測試 API 的閘道，拿不到回應或"
                "回應過大時也回傳 502。",
            .client = "這類故障通常是暫時的，稍候重試往往就能成功；只對冪等請"
                "求自動重試。問題出在代理伺服器與其背後的伺服器之間，請求本身"
                "不需要修改。",
            .confused = "504 是閘道等不到回應而放棄，502 則是收到了無法使用的"
                "回應或中斷的連線。503 表示服務無法使用，常是刻意為之，並附"
                "上 Retry-After。500 是回應請求的那台伺服器內部出錯，而不是它"
                "的上游。",
        },
    },
};

/* 503 Service Unavailable */
const struct tp_status_text tp_text_503 = {
    .see_also = {429, 500, 502, 504},
    .words = {
        [TP_LANG_EN] = {
            .name = "Service Unavailable",
            .meaning = "The server cannot handle the request for now, for "
                "instance because of overload or maintenance.",
            .when = "Sent when the server is temporarily unable to take "
                "requests: overload, a full queue, planned maintenance, a "
                "deploy, or shutting down (teapot's WebSocket endpoint "
                "answers 503 while the server stops or when memory runs "
                "out). The server MAY send Retry-After to say when to come "
                "back (RFC 9110 15.6.4), as teapot's /status/503 does; an "
                "overloaded server may also just refuse connections instead.",
            .client = "Wait and retry, honouring Retry-After when present "
                "and backing off when not; idempotent requests can be "
                "repeated automatically. Do not treat it as a permanent "
                "failure; where it is allowed, for example by stale-if-error "
                "(RFC 5861), a cache may serve a stale copy meanwhile.",
            .confused = "429 is about this client sending too many requests; "
                "503 about the server as a whole. 500 gives no hint that the "
                "failure will pass, while 503 says it will. 502 and 504 come "
                "from a gateway about its upstream, though gateways also "
                "send 503 when no upstream is available.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "服务不可用",
            .meaning = "服务器暂时无法处理请求，例如因为过载或维护。",
            .when = "服务器暂时无法处理请求时发送：过载、队列已满、计划维护、"
                "部署中或正在关闭（teapot 的 WebSocket 端点在服务器停止或内存"
                "不足时返回 503）。服务器可以（MAY）用 Retry-After 告诉客户端"
                "何时再来（RFC 9110 15.6.4），teapot 的 /status/503 就带有"
                "它；过载的服务器也可能干脆拒绝连接，而不是返回 503。",
            .client = "等待后重试：有 Retry-After 就照它等，没有就逐步加大间"
                "隔；幂等请求可以自动重发。不要把它当成永久失败；在得到允许时"
                "（例如 stale-if-error，RFC 5861），缓存可以先提供过期的副"
                "本。",
            .confused = "429 针对的是这个客户端请求太多，503 针对的是整个服务"
                "器。500 没有暗示故障会过去，503 则表明会过去。502 和 504 由"
                "网关就其上游发出，不过网关在没有可用的上游时也常返回 503。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "服務無法使用",
            .meaning = "伺服器暫時無法處理請求，例如因為過載或維護。",
            .when = "伺服器暫時無法處理請求時使用：過載、佇列已滿、排定的維"
                "護、部署中或正在關閉（teapot 的 WebSocket 端點在伺服器停止或"
                "記憶體不足時回傳 503）。伺服器可以（MAY）用 Retry-After 告訴"
                "用戶端何時再試（RFC 9110 15.6.4），teapot 的 /status/503 就"
                "會附上它；過載的伺服器也可能乾脆拒絕連線，而不回 503。",
            .client = "等一段時間再重試：有 Retry-After 就照它等，沒有就逐步"
                "拉長間隔；冪等請求可以自動重送。不要把它當成永久失敗；在獲得"
                "許可時（例如 stale-if-error，RFC 5861），快取可以先提供過期"
                "的副本。",
            .confused = "429 針對的是這個用戶端請求太多，503 針對的是整台伺服"
                "器。500 沒有暗示故障會過去，503 則表示會。502 與 504 是閘道"
                "針對上游送出的，不過閘道在沒有可用的上游時也常回 503。",
        },
    },
};

/* 504 Gateway Timeout */
const struct tp_status_text tp_text_504 = {
    .see_also = {502, 408, 503, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Gateway Timeout",
            .meaning = "A gateway or proxy did not get a timely response "
                "from the server it contacted.",
            .when = "Sent by a gateway or proxy when an upstream server it "
                "needed, an origin or a service such as DNS, did not answer "
                "within its time limit (RFC 9110 15.6.5): a slow "
                "application, a stuck query, a network partition. An origin "
                "server does not send it about itself. teapot sends it from "
                "/status/504 and /random/{ranges}, and from the reference's "
                "\"try it\", a gateway to the testing API, when the answer "
                "does not come within 3 seconds.",
            .client = "Retry later, and automatically only for idempotent "
                "requests: a POST may have been carried out upstream even "
                "though the answer never came back. If the operation is long "
                "by nature, an asynchronous design (202 and polling) beats "
                "ever longer timeouts.",
            .confused = "502 means the upstream answered badly; 504 means it "
                "did not answer in time. 408 is a server timing out while "
                "waiting for the client's request, the opposite direction. "
                "503 means the service declined the work.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "网关超时",
            .meaning = "网关或代理没有及时收到它所访问的服务器的响应。",
            .when = "由网关或代理发送：它需要访问的上游服务器（源服务器，或 "
                "DNS 之类的服务）没有在时限内应答（RFC 9110 15.6.5），原因可"
                "能是应用太慢、查询卡住或网络中断。源服务器不会就自身情况发"
                "送 504。teapot 在 /status/504 和 /random/{ranges} 中发送"
                "它；参考站点的“试一试”作为通往测试 API 的网关，3 秒内等不"
                "到应答时也会返回 504。",
            .client = "稍后重试，但只对幂等请求自动重试：POST 可能已在上游执"
                "行，只是应答没能传回来。如果操作本来就很耗时，与其不断加长超"
                "时，不如改成异步设计（先返回 202，再轮询结果）。",
            .confused = "502 表示上游给了错误的应答，504 表示上游没有及时应"
                "答。408 是服务器等客户端的请求等到超时，方向正好相反。503 表"
                "示服务拒绝接下这份工作。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "閘道逾時",
            .meaning = "閘道或代理伺服器沒有及時收到它所存取之伺服器的回應。",
            .when = "由閘道或代理伺服器送出：它需要存取的上游伺服器（來源伺服"
                "器，或 DNS 之類的服務）沒有在時限內回應（RFC 9110 15.6.5），"
                "原因可能是應用程式太慢、查詢卡住或網路中斷。來源伺服器不會針"
                "對自己送出 504。teapot 在 /status/504 與 /random/{ranges} "
                "回傳它；參考網站的「試一試」作為通往測試 API 的閘道，3 秒內"
                "等不到回應時也會回傳 504。",
            .client = "稍後重試，但只對冪等請求自動重試：POST 可能已在上游執"
                "行，只是回應沒傳回來。如果操作本來就很耗時，與其不斷拉長逾"
                "時，不如改成非同步設計（先回 202，再輪詢結果）。",
            .confused = "502 表示上游給了錯誤的回應，504 表示上游沒有及時回"
                "應。408 是伺服器等用戶端的請求等到逾時，方向正好相反。503 則"
                "表示服務不接受這份工作。",
        },
    },
};

/* 505 HTTP Version Not Supported */
const struct tp_status_text tp_text_505 = {
    .see_also = {426, 400, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "HTTP Version Not Supported",
            .meaning = "The server does not support, or will not use, the "
                "major HTTP version of the request.",
            .when = "Sent when the server does not support, or refuses to "
                "use, the major HTTP version of the request message (RFC "
                "9110 15.6.6; RFC 9112 2.3 lets a server refuse a major "
                "version for any reason). teapot speaks only HTTP/1.x and "
                "sends 505 when the request line carries another major "
                "version, such as HTTP/2.0, while a higher minor version "
                "such as HTTP/1.2 is served as HTTP/1.1. The server SHOULD "
                "explain in the content why, and which protocols it does "
                "support.",
            .client = "Send the request again with a version the server "
                "supports, usually HTTP/1.1; newer versions are normally "
                "negotiated (with ALPN in TLS) rather than tried blindly in "
                "a request line. Do not retry with the same version.",
            .confused = "426 refuses the current protocol and names in "
                "Upgrade the one to switch to on the same connection; 505 "
                "simply refuses the major version used. 400 is for a version "
                "string that is malformed rather than unsupported.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "HTTP 版本不受支持",
            .meaning = "服务器不支持或拒绝使用请求所用的 HTTP 主版本。",
            .when = "当服务器不支持或不愿使用请求消息的 HTTP 主版本时发送"
                "（RFC 9110 15.6.6；RFC 9112 2.3 允许服务器以任何理由拒绝某个"
                "主版本）。teapot 只讲 HTTP/1.x，请求行中出现其他主版本（如 "
                "HTTP/2.0）时返回 505，而 HTTP/1.2 这样更高的次版本则按 "
                "HTTP/1.1 处理。服务器应当（SHOULD）在响应体中说明原因，以及"
                "它支持哪些协议。",
            .client = "改用服务器支持的版本（通常是 HTTP/1.1）重发请求；更新"
                "的版本一般通过协商（TLS 中的 ALPN）启用，而不是直接写进请求"
                "行去试。不要用同一版本重试。",
            .confused = "426 拒绝的是当前协议，并在 Upgrade 中指明要在同一连"
                "接上切换到的协议；505 只是拒绝请求所用的主版本。400 用于版本"
                "字符串格式错误，而不是版本不受支持。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "HTTP 版本不受支援",
            .meaning = "伺服器不支援或拒絕使用請求所用的 HTTP 主要版本。",
            .when = "伺服器不支援或不願使用請求訊息的 HTTP 主要版本時使用"
                "（RFC 9110 15.6.6；RFC 9112 2.3 允許伺服器基於任何理由拒絕某"
                "個主要版本）。teapot 只支援 HTTP/1.x，請求列出現其他主要版本"
                "（如 HTTP/2.0）時回傳 505；HTTP/1.2 這類較高的次要版本則當"
                "成 HTTP/1.1 處理。伺服器應該（SHOULD）在回應內容說明原因，以"
                "及它支援哪些協定。",
            .client = "改用伺服器支援的版本（通常是 HTTP/1.1）重送請求；較新"
                "的版本一般透過協商（TLS 的 ALPN）啟用，而不是直接寫進請求列"
                "去試。不要用同一個版本重試。",
            .confused = "426 拒絕的是目前的協定，並在 Upgrade 指出要在同一條"
                "連線上切換到的協定；505 只是拒絕請求所用的主要版本。400 用於"
                "版本字串格式錯誤，而非版本不受支援。",
        },
    },
};

/* 506 Variant Also Negotiates */
const struct tp_status_text tp_text_506 = {
    .see_also = {300, 406, 500, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Variant Also Negotiates",
            .meaning = "Transparent content negotiation is misconfigured: "
                "the chosen variant itself negotiates.",
            .when = "Defined by Transparent Content Negotiation (RFC 2295 "
                "8.1, an Experimental RFC) for a server configuration error: "
                "the variant that negotiation picked is itself negotiable, "
                "so negotiation would never end. teapot's static handler "
                "sends it when a type map picks a variant that is another "
                ".var type map. Few servers implement it today.",
            .client = "Nothing in the request can fix it: show the content "
                "and report the error to the site's operator. Retrying, or "
                "changing the Accept fields, may land on another variant, "
                "but the configuration stays broken.",
            .confused = "300 and 406 are normal outcomes of negotiation, "
                "several fitting representations or none; 506 is the "
                "server's own negotiation set-up going round in a loop. 500 "
                "covers any unexpected failure; 506 names this one precisely.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "变体也在协商",
            .meaning = "透明内容协商配置有误：被选中的变体自己又要进行协商。",
            .when = "由透明内容协商（RFC 2295 8.1，实验性 RFC）定义，表示服务"
                "器配置错误：协商选出的变体本身也是可协商的资源，协商永远不会"
                "结束。teapot 的静态文件处理器在类型映射选中的变体又是另一个 "
                ".var 类型映射文件时发送 506。如今实现它的服务器寥寥无几。",
            .client = "修改请求解决不了问题：展示响应内容，并把错误报告给网站"
                "运维人员。重试或修改 Accept 系列头部字段也许能选中别的变体，"
                "但配置错误依然存在。",
            .confused = "300 和 406 是协商的正常结果（有多个合适的表示，或一"
                "个都没有）；506 是服务器自己的协商配置兜成了一个圈。500 涵盖"
                "任何意外故障，506 则精确指出了这一种。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "變體也在協商",
            .meaning = "透明內容協商的設定有誤：選中的變體本身又要再進行協"
                "商。",
            .when = "由透明內容協商（RFC 2295 8.1，實驗性 RFC）定義，表示伺服"
                "器設定錯誤：協商選出的變體本身也是可協商的資源，協商永遠不會"
                "結束。teapot 的靜態檔案處理程式在類型對應選中的變體又是另一"
                "個 .var 類型對應檔案時回傳 506。現今實作它的伺服器寥寥可數。",
            .client = "用戶端無法靠修改請求解決：呈現回應內容，並把錯誤回報給"
                "網站管理者。重試或調整 Accept 系列標頭欄位或許能選到別的變"
                "體，但設定錯誤依然存在。",
            .confused = "300 與 406 是協商的正常結果（有多個合適的表示法，或"
                "一個都沒有）；506 則是伺服器自己的協商設定繞成了迴圈。500 涵"
                "蓋任何意外故障，506 則精準指出這一種。",
        },
    },
};

/* 507 Insufficient Storage */
const struct tp_status_text tp_text_507 = {
    .see_also = {413, 500, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Insufficient Storage",
            .meaning = "The server cannot store what it needs to complete "
                "the request.",
            .when = "A WebDAV code (RFC 4918 11.5), sent when the server "
                "cannot store what the method needs, such as a PUT, COPY or "
                "MKCOL on a full disk or for a user over quota. It can also "
                "appear inside a 207 multistatus for single resources. RFC "
                "4918 regards the condition as temporary.",
            .client = "If the request came from a user action, it MUST NOT "
                "be repeated until the user asks again (RFC 4918 11.5); tell "
                "the user to free space or raise the quota. Automated "
                "clients should not loop on it.",
            .confused = "413 says this request's content exceeds the "
                "server's limits, whatever the free space; 507 says the "
                "server has run out of room. 500 is an unexpected failure, "
                "507 a specific and usually temporary one.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "存储空间不足",
            .meaning = "服务器无法存储完成请求所需的内容。",
            .when = "WebDAV 状态码（RFC 4918 11.5）：服务器无法存下方法所需的"
                "数据时发送，例如磁盘已满或用户超出配额时的 PUT、COPY、"
                "MKCOL。它也可能出现在 207 多状态响应中，针对单个资源。RFC "
                "4918 认为这种情况是暂时的。",
            .client = "如果请求源自用户操作，在用户再次主动发起之前不得"
                "（MUST NOT）重复该请求（RFC 4918 11.5）；应提示用户释放空间"
                "或提高配额。自动化客户端不要对它循环重试。",
            .confused = "413 表示这个请求的内容超出了服务器的限制，与剩余空间"
                "无关；507 表示服务器的空间用完了。500 是意外故障，507 则是具"
                "体且通常暂时的故障。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "儲存空間不足",
            .meaning = "伺服器無法儲存完成請求所需的內容。",
            .when = "WebDAV 狀態碼（RFC 4918 11.5）：伺服器無法存下方法所需的"
                "資料時使用，例如磁碟已滿或使用者超過配額時的 PUT、COPY、"
                "MKCOL。它也可能出現在 207 多重狀態回應中，針對個別資源。RFC "
                "4918 將這種情況視為暫時的。",
            .client = "若請求是由使用者的操作觸發，在使用者再次主動發出之前，"
                "不得（MUST NOT）重複該請求（RFC 4918 11.5）；應提示使用者清"
                "出空間或提高配額。自動化的用戶端不要對它反覆重試。",
            .confused = "413 表示這個請求的內容超過伺服器的限制，與剩餘空間無"
                "關；507 表示伺服器的空間用完了。500 是意外故障，507 則是具"
                "體、通常也是暫時的故障。",
        },
    },
};

/* 508 Loop Detected */
const struct tp_status_text tp_text_508 = {
    .see_also = {208, 506, 500, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Loop Detected",
            .meaning = "The server stopped the operation because it ran into "
                "an infinite loop.",
            .when = "A WebDAV binding code (RFC 5842 7.2): while handling a "
                "request with Depth: infinity, such as a PROPFIND or COPY of "
                "a collection, the server found that bindings lead back to a "
                "resource it had already visited, so it stopped and the "
                "whole operation failed. It is about a loop in the server's "
                "resource tree, not about redirects.",
            .client = "Do not repeat the request unchanged: use a finite "
                "Depth, or announce binding support with DAV: bind so that "
                "the server can mark repeated members with 208 instead, and "
                "report the loop to the user.",
            .confused = "208 is how a server avoids the loop: inside a 207 "
                "it marks members already listed and carries on, whereas 508 "
                "means it gave up. 506 is a loop in content negotiation, and "
                "500 any unexpected failure.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "检测到循环",
            .meaning = "服务器遇到无限循环，因此中止了操作。",
            .when = "WebDAV 绑定扩展的状态码（RFC 5842 7.2）：处理带 Depth: "
                "infinity 的请求（例如对集合执行 PROPFIND 或 COPY）时，服务器"
                "发现绑定关系又绕回了已经访问过的资源，于是中止，整个操作失"
                "败。它说的是服务器资源树中的循环，与重定向无关。",
            .client = "不要原样重发：改用有限的 Depth，或者用 DAV: bind 声明"
                "支持绑定，让服务器改用 208 标出重复的成员；同时把循环的情况"
                "告诉用户。",
            .confused = "208 是服务器避开循环的方式：在 207 中标出已经列过的"
                "成员，然后继续处理；508 则表示服务器放弃了。506 是内容协商中"
                "的循环，500 是任何意外故障。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "偵測到迴圈",
            .meaning = "伺服器遇到無窮迴圈，因此中止了操作。",
            .when = "WebDAV 繫結擴充的狀態碼（RFC 5842 7.2）：處理帶有 "
                "Depth: infinity 的請求（例如對集合執行 PROPFIND 或 COPY）"
                "時，伺服器發現繫結關係又繞回已走訪過的資源，於是中止，整個操"
                "作失敗。它指的是伺服器資源樹中的迴圈，與重新導向無關。",
            .client = "不要原樣重送：改用有限的 Depth，或以 DAV: bind 宣告支"
                "援繫結，讓伺服器改用 208 標出重複的成員；同時把迴圈的情況告"
                "知使用者。",
            .confused = "208 是伺服器避開迴圈的方法：在 207 中標出已經列過的"
                "成員，然後繼續處理；508 則代表伺服器放棄了。506 是內容協商中"
                "的迴圈，500 則是任何意外故障。",
        },
    },
};

/* 510 Not Extended */
const struct tp_status_text tp_text_510 = {
    .see_also = {501, 417, 426, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Not Extended",
            .meaning = "The request did not meet the policy for using the "
                "resource under the HTTP extension framework.",
            .when = "Defined by the HTTP Extension Framework (RFC 2774 "
                "section 7), for a request that did not declare an "
                "extension, with Man or Opt header fields or an M- method, "
                "that the resource's policy requires. RFC 2774 was "
                "Experimental and was moved to Historic in 2021, and the "
                "IANA registry marks 510 as obsoleted, so new servers should "
                "not send it. The server was to send back everything the "
                "client needs to make the extended request.",
            .client = "If the response describes an extension the client can "
                "supply, it MAY retry with that extension declared; "
                "otherwise show the content, which may explain the failure. "
                "In practice, treat it as an error much like 500 and report "
                "it.",
            .confused = "501 says the server lacks a feature; 510 says the "
                "client left out an extension the server insists on. 417 is "
                "about an Expect value that cannot be met, and 426 about "
                "switching to another protocol.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "未扩展",
            .meaning = "请求不满足在 HTTP 扩展框架下使用该资源的策略。",
            .when = "由 HTTP 扩展框架（RFC 2774 第 7 节）定义：资源的策略要求"
                "请求声明某个扩展（通过 Man 或 Opt 头部字段，或 M- 前缀的方"
                "法），而请求没有声明时发送。RFC 2774 原为实验性 RFC，2021 年"
                "被改为历史（Historic）状态，IANA 注册表也把 510 标为已废止，"
                "新服务器不应再发送它。按原规范，服务器应在响应中给出客户端发"
                "起扩展请求所需的全部信息。",
            .client = "如果响应说明了客户端能够补上的扩展，可以（MAY）声明该"
                "扩展后重试；否则展示响应内容，其中可能有诊断信息。实际中把它"
                "当作类似 500 的错误报告即可。",
            .confused = "501 表示服务器缺少某个功能；510 表示客户端漏掉了服务"
                "器坚持要求的扩展。417 说的是 Expect 中的期望无法满足，426 说"
                "的是需要切换到另一种协议。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "未擴充",
            .meaning = "請求不符合在 HTTP 擴充框架下存取該資源的原則。",
            .when = "由 HTTP 擴充框架（RFC 2774 第 7 節）定義：資源的原則要求"
                "請求宣告某個擴充（透過 Man 或 Opt 標頭欄位，或 M- 開頭的方"
                "法），而請求沒有宣告時使用。RFC 2774 原為實驗性 RFC，2021 年"
                "改列為歷史（Historic）狀態，IANA 註冊表也將 510 標為已廢止，"
                "新的伺服器不應再送出它。依原規格，伺服器應在回應中提供用戶端"
                "發出擴充請求所需的所有資訊。",
            .client = "若回應說明了用戶端能補上的擴充，可以（MAY）宣告該擴充"
                "後重試；否則就呈現回應內容，其中可能有診斷資訊。實務上把它當"
                "成類似 500 的錯誤回報即可。",
            .confused = "501 表示伺服器缺少某項功能；510 表示用戶端漏了伺服器"
                "堅持要求的擴充。417 講的是 Expect 中的期望無法滿足，426 講的"
                "是需要切換到另一種協定。",
        },
    },
};

/* 511 Network Authentication Required */
const struct tp_status_text tp_text_511 = {
    .see_also = {401, 407, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Network Authentication Required",
            .meaning = "The client has to authenticate to gain network "
                "access, as at a captive portal.",
            .when = "Sent by an intercepting proxy on a network that "
                "requires sign-in, such as hotel or airport Wi-Fi, to "
                "requests from a device that has not been let through yet "
                "(RFC 6585 section 6). Origin servers SHOULD NOT send it. "
                "The content SHOULD link to the page where the user signs "
                "in, and SHOULD NOT hold a challenge or the login form "
                "itself; caches MUST NOT store the response.",
            .client = "Show the content so that the user can follow the link "
                "and sign in to the network, then repeat the request; the "
                "response does not come from the site that was asked for. "
                "Non-browser clients must not take the content for the "
                "resource, nor cache it.",
            .confused = "401 comes from the origin server and challenges for "
                "the resource's credentials in WWW-Authenticate; 407 comes "
                "from a proxy, whose Proxy-Authenticate challenge the client "
                "answers with Proxy-Authorization. 511 has no challenge: it "
                "sends the user to a web page that unlocks network access.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "需要网络认证",
            .meaning = "客户端需要先完成认证才能接入网络，常见于强制门户"
                "（captive portal）。",
            .when = "由需要登录才能上网的网络中的拦截代理发送，例如酒店或机场"
                "的 Wi-Fi，设备获准上网之前发出的请求都会收到它（RFC 6585 第 "
                "6 节）。源服务器不应（SHOULD NOT）发送它。响应内容应当"
                "（SHOULD）链接到用户登录的页面，但不应包含认证质询或登录表单"
                "本身；缓存不得（MUST NOT）存储该响应。",
            .client = "展示响应内容，让用户点击链接登录网络，然后重发请求；这"
                "个响应并非来自用户要访问的网站。非浏览器客户端不要把内容当作"
                "目标资源来解析，也不能缓存它。",
            .confused = "401 来自源服务器，在 WWW-Authenticate 中针对该资源发"
                "出质询；407 来自代理，用 Proxy-Authenticate 发出质询，客户端"
                "随后在请求中附上 Proxy-Authorization。511 没有任何质询，而是"
                "把用户引到一个网页去解锁网络访问。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "需要網路驗證",
            .meaning = "用戶端必須先通過驗證才能使用網路，常見於強制登入入口"
                "（captive portal）。",
            .when = "由需要登入才能上網的網路中的攔截式代理伺服器送出，例如飯"
                "店或機場的 Wi-Fi，裝置獲准連外之前發出的請求都會收到它（RFC "
                "6585 第 6 節）。來源伺服器不應（SHOULD NOT）送出它。回應內容"
                "應該（SHOULD）連到讓使用者登入的頁面，但不應包含驗證挑戰或登"
                "入表單本身；快取不得（MUST NOT）儲存這個回應。",
            .client = "呈現回應內容，讓使用者點連結登入網路後再重送請求；這個"
                "回應並非來自使用者想造訪的網站。非瀏覽器的用戶端別把內容當成"
                "目標資源來解析，也不能快取它。",
            .confused = "401 來自來源伺服器，在 WWW-Authenticate 中針對該資源"
                "發出驗證挑戰；407 來自代理伺服器，以 Proxy-Authenticate 發出"
                "挑戰，用戶端之後在請求中附上 Proxy-Authorization。511 不含任"
                "何挑戰，而是把使用者帶到一個網頁，解除網路存取的限制。",
        },
    },
};
