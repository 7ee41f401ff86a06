/*
 * texts/informational.c - the reference texts for 100-104 and for the class,
 * in English, Simplified Chinese and Traditional Chinese.
 */
#include "teapot/status.h"

/* The class 1xx (Informational), and the x00 fallback for its unregistered
 * codes (RFC 9110 15). */
const struct tp_status_text tp_text_class1 = {
    .see_also = {100, 101, 103, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Informational",
            .meaning =
                "1xx codes are interim responses: before the final response "
                "to a request, the server reports on its progress or passes "
                "information ahead, and the final response still follows "
                "(RFC 9110 15.2). A 1xx response ends with its header section "
                "and never carries content.",
            .when =
                "A server sends a 1xx ahead of the final response: 100 to a "
                "client waiting under Expect: 100-continue, 101 to switch "
                "protocols, 102 during a long WebDAV operation, 103 to hint "
                "at linked resources, 104 to announce a resumable upload. "
                "HTTP/1.0 defined no 1xx codes, so a server MUST NOT send one "
                "to an HTTP/1.0 client (RFC 9110 15.2); teapot's /status/1xx "
                "endpoints then send only the final response.",
            .client =
                "A client MUST be able to parse any number of 1xx responses "
                "before the final one, even ones it did not ask for, and a "
                "user agent MAY ignore those it does not expect. An "
                "unrecognized 1xx such as 199 MUST be treated as 100 "
                "(RFC 9110 15), that is, as an interim response to skip while "
                "waiting for the final one; a proxy MUST forward 1xx "
                "responses unless it asked for them itself.",
            .confused =
                "A 1xx is never the outcome of the request: the final 2xx to "
                "5xx response that follows is. 101 is the special case: after "
                "it the connection speaks another protocol, and no further "
                "HTTP/1.1 response comes on it.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "信息响应",
            .meaning =
                "1xx 是临时响应（interim response）：服务器在给出最终响应之"
                "前，先通报请求的处理进展或提前传递一些信息，之后同一请求的最"
                "终响应仍会到来（RFC 9110 15.2）。1xx 响应到头部字段结束为"
                "止，永远不带内容。",
            .when =
                "服务器在最终响应之前发送 1xx：客户端带着 Expect: "
                "100-continue 等待时发 100，切换协议时发 101，WebDAV 长时间操"
                "作期间发 102，提前提示关联资源时发 103，宣告上传可续传时发 "
                "104。HTTP/1.0 没有定义任何 1xx 状态码，因此服务器不得"
                "（MUST NOT）向 HTTP/1.0 客户端发送 1xx（RFC 9110 15.2）；"
                "teapot 的 /status/1xx 遇到这类客户端时只发送最终响应。",
            .client =
                "客户端必须（MUST）能够解析最终响应之前出现的任意多个 1xx，即"
                "使它并没有要求这些响应；用户代理对意料之外的 1xx 可以（MAY）"
                "直接忽略。遇到不认识的 1xx（例如 199）必须（MUST）按 100 处"
                "理（RFC 9110 15），也就是当作临时响应跳过，继续等待最终响"
                "应；代理除非 1xx 是它自己要求产生的，否则必须（MUST）转发。",
            .confused =
                "1xx 从来不是请求的结果，随后到来的 2xx 至 5xx 最终响应才是。"
                "101 是个特例：它之后连接改用另一种协议，这条连接上不会再出现 "
                "HTTP/1.1 响应。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "資訊回應",
            .meaning =
                "1xx 屬於臨時回應（interim response）：伺服器在送出最終回應之"
                "前，先告知請求的處理進度或預先提供資訊，同一請求的最終回應隨"
                "後仍會到來（RFC 9110 15.2）。1xx 回應在標頭欄位結束處即告終"
                "止，永遠不帶內容。",
            .when =
                "伺服器會在最終回應之前送出 1xx：用戶端帶著 Expect: "
                "100-continue 等候時回 100，切換協定時回 101，WebDAV 長時間作"
                "業進行中回 102，預先提示相關資源時回 103，宣告上傳可續傳時回 "
                "104。HTTP/1.0 並未定義任何 1xx 狀態碼，所以伺服器不得"
                "（MUST NOT）對 HTTP/1.0 用戶端送出 1xx（RFC 9110 15.2）；"
                "teapot 的 /status/1xx 遇到這種用戶端時只送出最終回應。",
            .client =
                "用戶端必須（MUST）能解析最終回應前出現的任意數量 1xx，即使並"
                "未要求這些回應；使用者代理對預期之外的 1xx 可以（MAY）忽略。"
                "收到無法辨識的 1xx（例如 199）時必須（MUST）當作 100 處理"
                "（RFC 9110 15），亦即視為臨時回應略過，繼續等候最終回應；代"
                "理伺服器除非 1xx 是自己要求產生的，否則必須（MUST）轉送。",
            .confused =
                "1xx 絕不代表請求的結果，之後的 2xx 到 5xx 最終回應才是。101 "
                "是例外：在它之後連線改用另一種協定，這條連線上不會再有 "
                "HTTP/1.1 回應。",
        },
    },
};

/* 100 Continue */
const struct tp_status_text tp_text_100 = {
    .see_also = {102, 103, 417, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Continue",
            .meaning =
                "The start of the request has arrived and nothing has been "
                "refused yet, so the client should go on sending its content.",
            .when =
                "Sent when a request carries Expect: 100-continue and the "
                "server, having checked the method, target and header fields, "
                "is willing to read the content (RFC 9110 10.1.1, 15.2.1). "
                "The server may skip it and answer with a final status such "
                "as 401, 413 or 417, and SHOULD then say whether it will "
                "close the connection or read and discard the rest of the "
                "content. The expectation MUST be ignored in an HTTP/1.0 "
                "request; teapot sends 100 only once the handler starts "
                "reading the content, so a request refused early never sees "
                "one.",
            .client =
                "Send the content once 100 arrives, but do not wait for it "
                "indefinitely: after a short timeout a client MAY send the "
                "content anyway, since an HTTP/1.0 hop on the way may never "
                "pass a 100 on (RFC 9110 10.1.1). If a final status comes "
                "instead, act on it and do not send (or stop sending) the "
                "content; a 100 says nothing about success, so keep waiting "
                "for the final response.",
            .confused =
                "102 and 103 are interim too, but 102 comes after the whole "
                "request has arrived and 103 previews the final response's "
                "header fields, whereas 100 concerns content not yet sent. "
                "417 refuses the expectation itself: the server cannot meet "
                "Expect, and the client SHOULD repeat the request without it.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "继续",
            .meaning =
                "服务器已收到请求的开头部分，目前没有拒绝它，客户端应继续发送"
                "请求内容。",
            .when =
                "请求带有 Expect: 100-continue，且服务器检查过方法、目标和头"
                "部字段后愿意读取内容时发送（RFC 9110 10.1.1、15.2.1）。服务"
                "器也可以不发 100 而直接给出最终状态码（如 401、413、417），"
                "这时应当（SHOULD）说明它将关闭连接，还是会读完并丢弃剩余内"
                "容。HTTP/1.0 请求中的这一期望必须（MUST）忽略；teapot 只在处"
                "理程序开始读取内容时才发送 100，被提前拒绝的请求不会收到它。",
            .client =
                "收到 100 后发送内容，但不要无限期等待：超时后客户端可以"
                "（MAY）直接发送内容，因为途中的 HTTP/1.0 中间节点可能根本不"
                "会转发 100（RFC 9110 10.1.1）。如果先收到的是最终状态码，就"
                "按该状态码处理，不再发送（或停止发送）内容；100 并不代表请求"
                "成功，仍须等待最终响应。",
            .confused =
                "102 和 103 也是临时响应，但 102 在整个请求都已收到之后才发"
                "送，103 则预告最终响应的头部字段；100 针对的是尚未发送的请求"
                "内容。417 是对这一期望本身的拒绝：服务器无法满足 Expect，客"
                "户端应当（SHOULD）去掉它后重发请求。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "繼續",
            .meaning =
                "伺服器已收到請求的開頭部分，目前尚未拒絕，用戶端應繼續傳送請"
                "求內容。",
            .when =
                "請求帶有 Expect: 100-continue，且伺服器檢查過方法、目標與標"
                "頭欄位後願意讀取內容時送出（RFC 9110 10.1.1、15.2.1）。伺服"
                "器也可以略過 100，直接回最終狀態碼（如 401、413、417），此時"
                "應（SHOULD）表明會關閉連線，還是會讀完並丟棄剩下的內容。"
                "HTTP/1.0 請求中的這項期望必須（MUST）忽略；teapot 只在處理程"
                "式開始讀取內容時才送出 100，因此提早被拒絕的請求不會收到它。",
            .client =
                "收到 100 後再送出內容，但別無限期等待：逾時後用戶端可以"
                "（MAY）直接送出內容，因為路徑上的 HTTP/1.0 中介可能根本不會"
                "轉送 100（RFC 9110 10.1.1）。若先收到最終狀態碼，就依該狀態"
                "碼處理，不再（或停止）傳送內容；100 不代表請求成功，仍要等候"
                "最終回應。",
            .confused =
                "102 與 103 同樣是臨時回應，但 102 在整個請求都收到之後才送，"
                "103 則預告最終回應的標頭欄位；100 關乎的是尚未送出的請求內"
                "容。417 是拒絕這項期望本身：伺服器無法滿足 Expect，用戶端應"
                "（SHOULD）拿掉它再重送請求。",
        },
    },
};

/* 101 Switching Protocols */
const struct tp_status_text tp_text_101 = {
    .see_also = {426, 200, 100, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Switching Protocols",
            .meaning =
                "The server agrees to switch this connection to the protocol "
                "named in Upgrade, starting right after this response.",
            .when =
                "Sent only in answer to a request with an Upgrade header "
                "field, such as a WebSocket opening handshake (RFC 6455), and "
                "only to a protocol the client offered; the 101 MUST carry "
                "Upgrade naming the new protocol and, since it sends Upgrade, "
                "Connection: upgrade (RFC 9110 7.8, 15.2.2). The new protocol "
                "starts right after the empty line that ends the 101. HTTP/2 "
                "and HTTP/3 have no 101: WebSocket there uses extended "
                "CONNECT (RFC 8441, RFC 9220). teapot answers WebSocket "
                "handshakes on /websocket/echo and /status/101 this way.",
            .client =
                "From the end of the 101 on, speak the protocol named in "
                "Upgrade on this connection; no HTTP/1.1 response will follow "
                "on it. Check that it is the switch that was asked for (a "
                "WebSocket client verifies Sec-WebSocket-Accept) and fail the "
                "connection on a 101 it never requested.",
            .confused =
                "426 is the refusal side: the server will not serve the "
                "request until the client upgrades and lists acceptable "
                "protocols in Upgrade, but it does not switch. 200 is what a "
                "CONNECT gets when a tunnel opens, including the extended "
                "CONNECT that carries WebSocket over HTTP/2. 100 only lets "
                "the request content go ahead; the connection stays HTTP.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "切换协议",
            .meaning =
                "服务器同意把这条连接切换到 Upgrade 中指定的协议，切换从本响"
                "应结束后立即开始。",
            .when =
                "只用于回应带 Upgrade 头部字段的请求（例如 WebSocket 握手，"
                "RFC 6455），且只能切换到客户端提出的协议；101 必须（MUST）带 "
                "Upgrade 指明新协议，并且由于发送了 Upgrade，还必须带 "
                "Connection: upgrade（RFC 9110 7.8、15.2.2）。新协议从结束 "
                "101 的空行之后立即开始。HTTP/2 和 HTTP/3 中没有 101，在其上"
                "承载 WebSocket 要用扩展 CONNECT（RFC 8441、RFC 9220）。"
                "teapot 的 /websocket/echo 和 /status/101 就是这样应答 "
                "WebSocket 握手的。",
            .client =
                "从 101 结束处开始，在这条连接上改用 Upgrade 中指明的协议通"
                "信，之后这条连接上不会再有 HTTP/1.1 响应。要确认切换的正是自"
                "己请求的协议（WebSocket 客户端会校验 "
                "Sec-WebSocket-Accept），收到未曾请求的 101 时应断开连接。",
            .confused =
                "426 是反过来的情形：服务器要求客户端先升级协议才肯处理请求，"
                "并在 Upgrade 中列出可接受的协议，但它自己并不切换。200 是 "
                "CONNECT 成功建立隧道时的响应，在 HTTP/2 上承载 WebSocket 的"
                "扩展 CONNECT 也用它。100 只是让请求内容继续发送，连接仍是 "
                "HTTP。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "切換協定",
            .meaning =
                "伺服器同意將這條連線切換到 Upgrade 所指定的協定，並在這個回"
                "應結束後立即生效。",
            .when =
                "只會用來回應帶有 Upgrade 標頭欄位的請求（例如 WebSocket 開啟"
                "交握，RFC 6455），而且只能切換到用戶端提出的協定；101 必須"
                "（MUST）帶 Upgrade 指出新協定，既然送了 Upgrade，也必須附上 "
                "Connection: upgrade（RFC 9110 7.8、15.2.2）。新協定緊接在結"
                "束 101 的空行之後開始。HTTP/2 與 HTTP/3 沒有 101，在其上跑 "
                "WebSocket 要改用擴充 CONNECT（RFC 8441、RFC 9220）。teapot "
                "的 /websocket/echo 與 /status/101 就是如此回應 WebSocket 交"
                "握。",
            .client =
                "從 101 結束處起，這條連線改用 Upgrade 指出的協定溝通，之後不"
                "會再有 HTTP/1.1 回應。請確認切換的正是自己要求的協定"
                "（WebSocket 用戶端會驗證 Sec-WebSocket-Accept），收到未曾要"
                "求的 101 時應中斷連線。",
            .confused =
                "426 是相反的情況：伺服器要求用戶端先升級協定才肯處理請求，並"
                "在 Upgrade 列出可接受的協定，但自己不會切換。200 是 CONNECT "
                "成功建立通道時的回應，HTTP/2 上承載 WebSocket 的擴充 CONNECT "
                "也是用它。100 只是讓請求內容繼續傳送，連線依舊是 HTTP。",
        },
    },
};

/* 102 Processing */
const struct tp_status_text tp_text_102 = {
    .see_also = {100, 103, 202, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Processing",
            .meaning =
                "The server has the whole request and is still working on it; "
                "the final response will follow later.",
            .when =
                "A WebDAV server sends it while a long-running method is "
                "still at work, such as COPY, MOVE or DELETE of a large "
                "collection, or PROPFIND with Depth: infinity; RFC 2518 10.1 "
                "said a server SHOULD send it once a method runs longer than "
                "about 20 seconds, and the final response MUST still follow. "
                "RFC 4918, which obsoleted RFC 2518, no longer defines 102, "
                "so the code stays registered but is rarely sent; teapot's "
                "/status/102 sends one before a 200.",
            .client =
                "Treat it as a sign of life: reset any idle or read timeout "
                "and keep waiting for the final response on the same "
                "connection, without resending the request. It carries no "
                "result, and clients that do not know it simply skip it like "
                "any unexpected 1xx.",
            .confused =
                "100 comes before the request content is sent and invites it; "
                "102 comes after the whole request has arrived. 103 carries "
                "hints for the final response, 102 carries nothing. 202 is "
                "itself a final response that ends the exchange with the work "
                "unfinished, so the outcome must be fetched elsewhere; after "
                "a 102 the outcome still arrives on the same connection.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "处理中",
            .meaning = "服务器已收到完整请求，仍在处理中，最终响应稍后送达。",
            .when =
                "WebDAV 服务器在耗时较长的方法执行期间发送，例如对大型集合执"
                "行 COPY、MOVE、DELETE，或 Depth: infinity 的 PROPFIND；"
                "RFC 2518 10.1 规定方法处理超过约 20 秒时服务器应当（SHOULD）"
                "发送 102，且之后仍必须（MUST）给出最终响应。取代 RFC 2518 的 "
                "RFC 4918 已不再定义 102，因此该状态码虽仍在注册表中，实际很"
                "少使用；teapot 的 /status/102 会先发一个 102，再发 200。",
            .client =
                "把它当作“还在处理”的信号：重置空闲或读取超时计时，在同一连接"
                "上继续等待最终响应，不要重发请求。它不包含任何结果，不认识它"
                "的客户端会像对待其他意外的 1xx 一样直接跳过。",
            .confused =
                "100 出现在请求内容发送之前，是请客户端继续发送；102 出现在整"
                "个请求都已收到之后。103 带有关于最终响应的提示，102 则什么都"
                "不带。202 本身就是最终响应，交换到此结束而工作尚未完成，结果"
                "要到别处查询；而 102 之后，结果仍会在同一连接上送达。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "處理中",
            .meaning =
                "伺服器已收到完整請求，仍在處理當中，最終回應稍後才會送達。",
            .when =
                "WebDAV 伺服器在耗時的方法執行期間送出，例如對大型集合執行 "
                "COPY、MOVE、DELETE，或 Depth: infinity 的 PROPFIND；RFC 2518 "
                "10.1 規定方法處理超過約 20 秒時伺服器應（SHOULD）送出 102，"
                "而且之後仍必須（MUST）送出最終回應。取代 RFC 2518 的 "
                "RFC 4918 已不再定義 102，因此它雖仍在註冊表中，實際上很少使"
                "用；teapot 的 /status/102 會先送一個 102，再送 200。",
            .client =
                "把它當成「仍在處理」的訊號：重設閒置或讀取逾時計時器，在同一"
                "條連線上繼續等候最終回應，不要重送請求。它不含任何結果，不認"
                "得它的用戶端會像對待其他預期外的 1xx 一樣直接略過。",
            .confused =
                "100 出現在請求內容送出之前，是請用戶端繼續傳送；102 出現在整"
                "個請求都收到之後。103 帶有關於最終回應的提示，102 什麼都不"
                "帶。202 本身就是最終回應，這次交換到此結束而工作尚未完成，結"
                "果得到別處查詢；102 之後，結果仍會在同一條連線上送達。",
        },
    },
};

/* 103 Early Hints */
const struct tp_status_text tp_text_103 = {
    .see_also = {100, 102, 200, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Early Hints",
            .meaning =
                "Header fields the final response is likely to carry, sent "
                "ahead so the client can start fetching linked resources "
                "early.",
            .when =
                "Sent while the server is still preparing the final response, "
                "with the Link header fields it expects that response to "
                "carry (rel=preload, rel=preconnect), so that a browser can "
                "start on style sheets, scripts or fonts early (RFC 8297). A "
                "server MAY send several 103s and may hint at only some of "
                "the final fields. Since some HTTP/1.1 clients mishandle "
                "unexpected 1xx responses, servers often send 103 only over "
                "HTTP/2 or HTTP/3; teapot's /status/103 sends Link hints that "
                "the final 200 repeats.",
            .client =
                "Use the hints as speculation only: preload or preconnect "
                "where worthwhile, but process the final response exactly as "
                "if no 103 had come, since its fields neither describe the "
                "103 itself nor override the final ones (RFC 8297 section 2). "
                "A client that does not know 103 skips it like any other 1xx.",
            .confused =
                "100 and 102 report on the request; 103 previews the "
                "response. Unlike the final 200, a 103 commits to nothing: "
                "only the final response's own fields count, and its status "
                "may even turn out to be an error.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "早期提示",
            .meaning =
                "预先发送最终响应很可能包含的头部字段，让客户端提早开始获取关"
                "联资源。",
            .when =
                "服务器仍在生成最终响应时发送，带上它预计最终响应会包含的 "
                "Link 头部字段（rel=preload、rel=preconnect），让浏览器提早加"
                "载样式表、脚本或字体（RFC 8297）。服务器可以（MAY）发送多个 "
                "103，也可以只提示最终头部字段中的一部分。由于部分 HTTP/1.1 "
                "客户端处理不好意外的 1xx，服务器往往只在 HTTP/2 或 HTTP/3 上"
                "发送 103；teapot 的 /status/103 会发出 Link 提示，最终的 200 "
                "中再重复一遍。",
            .client =
                "提示只能当作推测来用：值得的话就预加载或预连接，但处理最终响"
                "应时要当作从未收到 103——103 中的字段既不描述 103 本身，也不"
                "会覆盖最终响应的字段（RFC 8297 第 2 节）。不认识 103 的客户"
                "端会像对待其他 1xx 一样跳过它。",
            .confused =
                "100 和 102 报告的是请求的进展，103 预告的是响应的内容。与最"
                "终的 200 不同，103 不作任何承诺：只有最终响应自己的字段才算"
                "数，最终状态甚至可能是错误。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "早期提示",
            .meaning =
                "預先送出最終回應很可能帶有的標頭欄位，讓用戶端提早開始抓取相"
                "關資源。",
            .when =
                "伺服器還在準備最終回應時送出，附上預期最終回應會帶的 Link 標"
                "頭欄位（rel=preload、rel=preconnect），讓瀏覽器提早載入樣式"
                "表、腳本或字型（RFC 8297）。伺服器可以（MAY）送出多個 103，"
                "也可以只提示最終標頭欄位的其中一部分。由於有些 HTTP/1.1 用戶"
                "端無法妥善處理預期外的 1xx，伺服器通常只在 HTTP/2 或 HTTP/3 "
                "上送 103；teapot 的 /status/103 會送出 Link 提示，最終的 200 "
                "會再重複一次。",
            .client =
                "提示只能當作推測：值得的話就預先載入或預先連線，但處理最終回"
                "應時要當作沒收過 103——103 裡的欄位既不描述 103 本身，也不會"
                "覆蓋最終回應的欄位（RFC 8297 第 2 節）。不認得 103 的用戶端"
                "會像對待其他 1xx 一樣略過它。",
            .confused =
                "100 與 102 回報的是請求的進度，103 預告的是回應的內容。和最"
                "終的 200 不同，103 不做任何保證：只有最終回應本身的欄位才算"
                "數，最終狀態甚至可能是錯誤。",
        },
    },
};

/* 104 Upload Resumption Supported */
const struct tp_status_text tp_text_104 = {
    .see_also = {100, 103, 201, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Upload Resumption Supported",
            .meaning =
                "The server can resume this upload if the transfer breaks "
                "off, and says where the upload resource is or how much it "
                "has received.",
            .when =
                "Sent while the content of an upload-creation request (POST, "
                "PUT, PATCH or another method with content, marked by "
                "Upload-Complete) is still arriving, once the server has "
                "created an upload resource: the first 104 MUST carry that "
                "resource's URI in Location, later ones (and those sent "
                "during a PATCH append) MUST NOT, and any of them MAY report "
                "progress in Upload-Offset or limits in Upload-Limit. The "
                "code is a provisional IANA registration from "
                "draft-ietf-httpbis-resumable-upload-05, whose draft "
                "implementations MUST add Upload-Draft-Interop-Version: 6 and "
                "MUST NOT send 104 when the request lacks that same version. "
                "teapot's /status/104 sends an example of a first 104.",
            .client =
                "Keep the Location of the first 104: if the connection drops "
                "or a 5xx arrives, the client MAY resume by asking the upload "
                "resource for its offset with HEAD and appending the rest "
                "with PATCH (Upload-Offset, application/partial-upload), but "
                "SHOULD NOT retry on its own after a 4xx. Without a 104, or "
                "knowledge gained out of band, a client MUST NOT try to "
                "resume; a draft client ignores a 104 whose interop version "
                "differs from its own.",
            .confused =
                "100 only says the server will read the content; 104 says the "
                "upload survives an interruption and where to resume it. 103 "
                "also sends header fields ahead, but as hints about the final "
                "response, whereas the fields of a 104 stand on their own. "
                "201 is the final response that ends the creation request, "
                "usually repeating Location; a 104 hands out that URI early, "
                "while the content is still flowing.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "支持上传续传",
            .meaning =
                "服务器能在传输中断后续传本次上传，并告知上传资源的位置或已收"
                "到的数据量。",
            .when =
                "在上传创建请求（带 Upload-Complete 的 POST、PUT、PATCH 等带"
                "内容的方法）的内容仍在传输、服务器已创建上传资源时发送：第一"
                "个 104 必须（MUST）在 Location 中给出该资源的 URI，之后的 "
                "104（以及 PATCH 追加上传期间发送的 104）不得（MUST NOT）再带 "
                "Location，任何一个都可以（MAY）用 Upload-Offset 报告进度、用 "
                "Upload-Limit 说明限制。该状态码是 IANA 依据 "
                "draft-ietf-httpbis-resumable-upload-05 作的临时注册；按草案"
                "实现的服务器必须（MUST）附上 Upload-Draft-Interop-Version: "
                "6，且在请求未带相同版本号时不得（MUST NOT）发送 104。teapot "
                "的 /status/104 会发出一个示例，展示第一个 104 的样子。",
            .client =
                "记下第一个 104 中的 Location：若连接中断或收到 5xx，客户端可"
                "以（MAY）续传——先用 HEAD 向上传资源查询偏移量，再用 PATCH"
                "（Upload-Offset、application/partial-upload）追加剩余部分；"
                "收到 4xx 时则不应（SHOULD NOT）自动重试。没收到 104、也没有"
                "其他途径确认服务器支持时，客户端不得（MUST NOT）尝试续传；按"
                "草案实现的客户端会忽略互通版本号与自己不符的 104。",
            .confused =
                "100 只表示服务器会读取内容；104 表示上传即使中断也能恢复，并"
                "告诉客户端从哪里续传。103 同样提前发送头部字段，但那只是对最"
                "终响应的提示，而 104 中的字段本身就有效。201 是结束创建请求"
                "的最终响应，通常会再给一次 Location；104 则在内容仍在传输时"
                "就提前给出这个 URI。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "支援上傳續傳",
            .meaning =
                "伺服器能在傳輸中斷後續傳這次上傳，並告知上傳資源的位置或已收"
                "到的資料量。",
            .when =
                "上傳建立請求（帶有 Upload-Complete 的 POST、PUT、PATCH 等附"
                "內容的方法）的內容仍在傳輸、且伺服器已建立上傳資源時送出：第"
                "一個 104 必須（MUST）在 Location 提供該資源的 URI，之後的 "
                "104（以及 PATCH 附加上傳期間送出的 104）不得（MUST NOT）帶 "
                "Location，任何一個都可以（MAY）用 Upload-Offset 回報進度、用 "
                "Upload-Limit 說明限制。此狀態碼是 IANA 根據 "
                "draft-ietf-httpbis-resumable-upload-05 所做的暫時註冊；依草"
                "案實作的伺服器必須（MUST）附上 Upload-Draft-Interop-Version: "
                "6，且請求未帶相同版本時不得（MUST NOT）送出 104。teapot 的 "
                "/status/104 會送出範例，呈現第一個 104 的樣貌。",
            .client =
                "記住第一個 104 的 Location：若連線中斷或收到 5xx，用戶端可以"
                "（MAY）續傳——先以 HEAD 向上傳資源查詢偏移量，再以 PATCH"
                "（Upload-Offset、application/partial-upload）附加剩餘部分；"
                "收到 4xx 時則不應（SHOULD NOT）自動重試。沒收到 104、也無其"
                "他管道確認伺服器支援時，用戶端不得（MUST NOT）嘗試續傳；依草"
                "案實作的用戶端會忽略互通版本與自己不符的 104。",
            .confused =
                "100 只表示伺服器會讀取內容；104 表示上傳中斷後仍可恢復，並告"
                "訴用戶端該從哪裡續傳。103 同樣提前送出標頭欄位，但只是對最終"
                "回應的提示，104 的欄位則本身即具效力。201 是結束建立請求的最"
                "終回應，通常會再給一次 Location；104 則在內容還在傳輸時就提"
                "前給出這個 URI。",
        },
    },
};
