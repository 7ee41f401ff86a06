/*
 * texts/client_error_more.c - the reference texts for 416-451,
 * in English, Simplified Chinese and Traditional Chinese.
 */
#include "teapot/status.h"

/* 416 Range Not Satisfiable */
const struct tp_status_text tp_text_416 = {
    .see_also = {206, 200, 400, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Range Not Satisfiable",
            .meaning = "None of the requested ranges can be served, or the "
                "set of ranges was refused as excessive.",
            .when = "Sent to a GET whose Range field names no range that "
                "overlaps the current representation; for bytes, each range "
                "starts at or past the current length or is a suffix of "
                "length 0 (RFC 9110 15.5.17). A server may also refuse a set "
                "of many small or overlapping ranges this way (14.2). The "
                "response SHOULD carry Content-Range: bytes */length with "
                "the current length, as teapot does for its static files and "
                "for the sample behind /status/416.",
            .client = "Do not repeat the same range: read the current length "
                "from Content-Range and ask for ranges inside it, or fetch "
                "the whole representation without Range. A resuming download "
                "that gets 416 for bytes=N- with N equal to the length often "
                "has the complete file already, but should check the length "
                "or validator before treating it as done.",
            .confused = "206 is the success case, where at least one range "
                "is satisfiable. When Range is ignored, because its unit is "
                "unknown, its syntax is invalid, If-Range did not match or "
                "the method is not GET, the answer is a plain 200 with the "
                "whole representation. A malformed Range is usually ignored, "
                "and a server that does reject it uses 416, not 400.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "范围无法满足",
            .meaning = "请求的范围没有一个能够提供，或者服务器认为这组范围过"
                "多、开销过大而整体拒绝。",
            .when = "GET 请求带有 Range 头部字段，但其中没有任何范围与当前表"
                "示重叠时发送；对字节范围来说，就是每个范围的起点都不小于当前"
                "长度，或是长度为 0 的后缀范围（RFC 9110 15.5.17）。对数量庞"
                "大、零碎或相互重叠的范围，服务器也可以用 416 拒绝（14.2 "
                "节）。响应应当（SHOULD）带上 Content-Range: bytes */长度 以"
                "告知当前长度，teapot 的静态文件和 /status/416 背后的示例内容"
                "都是这样做的。",
            .client = "不要原样重发同一个范围：先从 Content-Range 读出当前长"
                "度，再请求落在其中的范围，或者去掉 Range 获取完整表示。断点"
                "续传时以 bytes=N- 请求而 N 恰好等于文件长度，多半说明文件早"
                "已下载完整，但应先核对长度或验证器（如 ETag）再下结论。",
            .confused = "206 是成功情形，至少有一个范围可以满足。服务器忽略 "
                "Range 时（单位无法识别、语法无效、If-Range 不匹配，或方法不"
                "是 GET），回复的是带完整表示的普通 200。格式错误的 Range 通"
                "常会被忽略，即使服务器选择拒绝，用的也是 416 而不是 400。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "範圍無法滿足",
            .meaning = "請求的範圍沒有任何一個能夠提供，或伺服器認為這組範圍"
                "太多、處理成本太高而整組拒絕。",
            .when = "當 GET 請求的 Range 標頭欄位中，沒有任何範圍和目前的表示"
                "法重疊時送出；以位元組範圍來說，就是每個範圍的起點都大於或等"
                "於目前長度，或是長度為 0 的字尾範圍（RFC 9110 15.5.17）。面"
                "對大量零碎或彼此重疊的範圍，伺服器也可以用 416 拒絕（14.2 "
                "節）。回應應該（SHOULD）附上 Content-Range: bytes */長度 告"
                "知目前長度，teapot 的靜態檔案和 /status/416 的範例內容都會這"
                "樣回應。",
            .client = "不要原封不動地重送同一個範圍：先從 Content-Range 取得"
                "目前長度，再請求落在長度以內的範圍，或拿掉 Range 取得完整的"
                "表示法。續傳下載時若以 bytes=N- 請求，而 N 正好等於檔案長"
                "度，通常代表檔案已經下載完成，但仍應比對長度或驗證器（例如 "
                "ETag）再確定。",
            .confused = "206 是成功的情況，至少有一個範圍可以滿足。伺服器忽略"
                " Range 時（單位無法辨識、語法無效、If-Range 不相符，或方法不"
                "是 GET），回應的是含完整表示法的一般 200。格式錯誤的 Range "
                "通常直接被忽略，就算伺服器要拒絕，用的也是 416 而不是 400。",
        },
    },
};

/* 417 Expectation Failed */
const struct tp_status_text tp_text_417 = {
    .see_also = {100, 412, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Expectation Failed",
            .meaning = "An expectation in the request's Expect field could "
                "not be met.",
            .when = "Sent when the Expect field holds an expectation that "
                "the server, or an intermediary on the way to it, cannot "
                "meet (RFC 9110 15.5.18). 100-continue is the only "
                "expectation HTTP defines, so any other value MAY be "
                "answered with 417 (10.1.1). teapot answers every "
                "expectation other than 100-continue with 417, skips the "
                "request content and, since the framing is still sound, "
                "keeps the connection open.",
            .client = "Do not send the same expectation again. If it was "
                "100-continue, RFC 9110 10.1.1 says the client SHOULD repeat "
                "the request without Expect, since the 417 only shows that "
                "something on the path does not support expectations; any "
                "other expectation has to be dropped, or the request given "
                "up.",
            .confused = "100 Continue is the positive answer to Expect: "
                "100-continue, and a server that ignores the expectation "
                "just answers the request as usual; 417 is the refusal. 412 "
                "is about the conditional fields (If-Match, "
                "If-Unmodified-Since and the like) evaluating false, and has "
                "nothing to do with Expect.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "预期失败",
            .meaning = "请求的 Expect 头部字段中提出的期望无法得到满足。",
            .when = "当 Expect 头部字段中的期望无法由服务器或途经的中间节点满"
                "足时发送（RFC 9110 15.5.18）。HTTP 只定义了 100-continue 这"
                "一种期望，因此对其他任何取值都可以（MAY）回复 417（10.1.1 "
                "节）。teapot 对 100-continue 以外的期望一律回复 417，并跳过"
                "请求内容；由于请求的长度边界依然明确，连接会继续保持。",
            .client = "不要带着同样的期望重发。如果期望是 100-continue，按 "
                "RFC 9110 10.1.1，客户端应当（SHOULD）去掉 Expect 后重新发"
                "送，因为 417 只说明链路上有某个环节不支持期望机制；若是其他"
                "期望，只能去掉它，或者放弃这次请求。",
            .confused = "100 Continue 是对 Expect: 100-continue 的肯定答复，"
                "而忽略期望的服务器会照常处理请求；417 才是拒绝。412 针对的是"
                "条件头部字段（If-Match、If-Unmodified-Since 等）求值为假，与"
                " Expect 毫无关系。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "預期失敗",
            .meaning = "請求中 Expect 標頭欄位所提出的期望無法達成。",
            .when = "Expect 標頭欄位裡的期望，伺服器或沿途的中介者無法達成時"
                "送出（RFC 9110 15.5.18）。HTTP 只定義了 100-continue 一種期"
                "望，所以其他任何值都可以（MAY）用 417 回應（10.1.1 節）。"
                "teapot 對 100-continue 以外的期望一律回 417 並略過請求內容；"
                "因為請求的長度界線仍然清楚，連線會繼續保留。",
            .client = "不要帶著相同的期望重送。如果期望是 100-continue，依 "
                "RFC 9110 10.1.1，用戶端應該（SHOULD）拿掉 Expect 後再送一"
                "次，因為 417 只表示路徑上某個環節不支援期望機制；若是其他期"
                "望，就只能拿掉它或放棄這個請求。",
            .confused = "100 Continue 是對 Expect: 100-continue 的肯定答覆，"
                "而不理會期望的伺服器會照常處理請求；417 才是拒絕。412 關心的"
                "是條件式標頭欄位（If-Match、If-Unmodified-Since 等）評估為"
                "假，跟 Expect 沒有關係。",
        },
    },
};

/* 418 I'm a teapot */
const struct tp_status_text tp_text_418 = {
    .see_also = {400, 405, 503, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "I'm a teapot",
            .meaning = "An April Fools' joke about a teapot asked to brew "
                "coffee, now reserved so that no real meaning gets attached "
                "to it.",
            .when = "RFC 2324 (HTCPCP, an April 1 RFC) has a teapot answer "
                "418 when it is asked to brew coffee (2.3.2), and RFC 7168 "
                "extends the joke to tea. Because it is widely implemented "
                "as an Easter egg, RFC 9110 15.5.19 reserves it and the "
                "registry lists it as unused, so it cannot be assigned to a "
                "real purpose. It carries no protocol meaning and a real "
                "service should not use it to signal anything; teapot sends "
                "it only when asked to, as at /status/418 in its testing API.",
            .client = "Treat it as a generic client error: a client that "
                "does not know it handles it as 400 (RFC 9110 15), and there "
                "is nothing to fix and no point in retrying. Showing the "
                "joke to the user is fine, but nothing should be inferred "
                "from it about the request.",
            .confused = "400 is the real, generic client error that an "
                "unknown 4xx falls back to. When a resource cannot handle a "
                "method, the honest answer is 405 (or 501 when the server "
                "does not know the method at all), and RFC 7168 itself lets "
                "a pot that is only temporarily out of coffee answer 503 "
                "instead.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "我是茶壶",
            .meaning = "一个愚人节玩笑：被要求煮咖啡的茶壶以此拒绝；如今该代"
                "码被保留，以免有人给它赋予真正的含义。",
            .when = "RFC 2324（HTCPCP，一份愚人节 RFC）规定，茶壶被要求煮咖啡"
                "时回复 418（2.3.2 节），RFC 7168 又把这个玩笑延伸到了泡茶。"
                "由于它作为彩蛋已被广泛实现，RFC 9110 15.5.19 将其保留，注册"
                "表中标为未使用，使它不能再被分配给正式用途。它没有任何协议含"
                "义，真实的服务不应拿它表达任何状态；teapot 只在被明确要求时"
                "发送它，例如测试 API 中的 /status/418。",
            .client = "把它当作一般的客户端错误：不认识它的客户端会按 400 处"
                "理（RFC 9110 15），既没有需要修正的地方，也没有重试的意义。"
                "可以把这个玩笑展示给用户，但不要据此推断请求本身有什么问题。",
            .confused = "400 才是真正的通用客户端错误，未知的 4xx 也都退回到"
                "它。资源无法处理某个方法时，正经的答复是 405（服务器根本不认"
                "识该方法时则是 501）；RFC 7168 自己也允许只是暂时没有咖啡的"
                "壶改用 503。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "我是茶壺",
            .meaning = "一個愚人節玩笑：被要求煮咖啡的茶壺用它來拒絕；現在這"
                "個代碼被保留下來，避免有人賦予它真正的意義。",
            .when = "RFC 2324（HTCPCP，一份愚人節 RFC）規定茶壺被要求煮咖啡時"
                "回應 418（2.3.2 節），RFC 7168 則把這個玩笑延伸到泡茶。由於"
                "它已被廣泛當作彩蛋實作，RFC 9110 15.5.19 將它保留，註冊表也"
                "標示為未使用，因此不能再分配給正式用途。它沒有任何協定上的意"
                "義，實際的服務不應該用它表示任何狀態；teapot 只在明確要求時"
                "送出它，例如測試 API 的 /status/418。",
            .client = "把它當成一般的用戶端錯誤：不認得它的用戶端會以 400 處"
                "理（RFC 9110 15），沒有需要修正的地方，重試也沒有意義。可以"
                "把這個玩笑顯示給使用者看，但不要從中推論請求本身有問題。",
            .confused = "400 才是真正通用的用戶端錯誤，不認得的 4xx 也都會退"
                "回它。資源無法處理某個方法時，正確的回應是 405（伺服器完全不"
                "認得該方法時則是 501）；RFC 7168 本身也允許只是暫時沒有咖啡"
                "的壺改回 503。",
        },
    },
};

/* 421 Misdirected Request */
const struct tp_status_text tp_text_421 = {
    .see_also = {400, 404, 502, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Misdirected Request",
            .meaning = "This server cannot give an authoritative response "
                "for the target URI, at least not over this connection.",
            .when = "An origin server, or a gateway acting for it, sends 421 "
                "when the target URI names an origin it is not configured to "
                "serve, or one that does not fit the connection the request "
                "came on (RFC 9110 15.5.20, 7.4). The classic case is a "
                "reused or coalesced TLS connection, as in HTTP/2, whose "
                "certificate covers several host names while the server "
                "behind it serves only some of them. A proxy MUST NOT "
                "generate 421.",
            .client = "Retry the request over a different connection, such "
                "as a fresh one to the target's own origin or one to an "
                "alternative service; RFC 9110 allows this whether or not "
                "the method is idempotent. Do not resend it on the same "
                "connection, and stop sending that host's requests there.",
            .confused = "400 is for a malformed request, for instance one "
                "with a missing or invalid Host; 421 says the request is "
                "fine but reached the wrong server or connection. 404 speaks "
                "with authority and says nothing is at the URI, which is "
                "exactly the authority 421 disclaims. 502 comes from a "
                "gateway that got a bad answer upstream, while a proxy must "
                "never send 421.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "请求定向错误",
            .meaning = "该服务器无法对目标 URI 给出权威响应，至少在当前这条连"
                "接上不能。",
            .when = "当目标 URI 所指的源（origin）不在服务器的配置范围内，或"
                "与接收请求的连接不相符时，由源服务器或代表它的网关发送（RFC "
                "9110 15.5.20、7.4）。典型场景是连接复用或合并：例如在 "
                "HTTP/2 中，一条 TLS 连接的证书覆盖了多个主机名，而背后的服务"
                "器只负责其中一部分。代理不得（MUST NOT）生成 421。",
            .client = "换一条连接重试，例如新建一条直接通往目标源的连接，或改"
                "用备用服务（alternative service）；无论方法是否幂等，RFC "
                "9110 都允许这样重试。不要在原连接上重发，此后也不要再把该主"
                "机的请求放到这条连接上。",
            .confused = "400 针对格式错误的请求，例如缺少 Host 或 Host 无效；"
                "421 则表示请求本身没问题，只是发到了错误的服务器或连接。404 "
                "以权威身份声明该 URI 下没有内容，而这种权威恰恰是 421 所否认"
                "的。502 来自从上游收到无效响应的网关，代理则根本不允许发送 "
                "421。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "請求導向錯誤",
            .meaning = "這台伺服器無法對目標 URI 提供權威回應，至少在目前這條"
                "連線上不行。",
            .when = "當目標 URI 指向的來源（origin）不在伺服器的設定範圍內，"
                "或與收到請求的連線不相符時，由來源伺服器或代表它的閘道送出"
                "（RFC 9110 15.5.20、7.4）。典型情況是連線重複使用或合併：例"
                "如在 HTTP/2 中，一條 TLS 連線的憑證涵蓋多個主機名稱，但後端"
                "伺服器只負責其中幾個。代理伺服器不得（MUST NOT）產生 421。",
            .client = "改用另一條連線重試，例如新開一條直接連到目標來源的連"
                "線，或改走替代服務（alternative service）；不論方法是否冪"
                "等，RFC 9110 都允許這樣重試。不要在原連線上重送，之後也別再"
                "把該主機的請求送到這條連線。",
            .confused = "400 用於格式錯誤的請求，例如缺少 Host 或 Host 無效；"
                "421 則表示請求本身沒有問題，只是送錯了伺服器或連線。404 是以"
                "權威身分表示該 URI 下沒有東西，而這份權威正是 421 所否認的。"
                "502 來自從上游收到無效回應的閘道，代理伺服器則完全不得送出 "
                "421。",
        },
    },
};

/* 422 Unprocessable Content */
const struct tp_status_text tp_text_422 = {
    .see_also = {400, 415, 409, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Unprocessable Content",
            .meaning = "The content is of a supported type and well formed, "
                "but its instructions could not be carried out.",
            .when = "Sent when the server understands the content's media "
                "type and can parse it, but cannot do what it asks: a JSON "
                "body whose fields fail validation, say, or an XML body that "
                "is well formed yet semantically wrong (RFC 9110 15.5.21). "
                "The code comes from WebDAV (RFC 4918 11.2, where it was "
                "called Unprocessable Entity) and is now part of HTTP "
                "itself. Saying in the content which parts failed, and why, "
                "makes it useful.",
            .client = "Do not resend the same content: correct what the "
                "response points out and submit again. Showing the server's "
                "list of problems to the user, next to the fields concerned, "
                "is usually the right thing to do.",
            .confused = "400 fits a request the server cannot parse at all "
                "(bad syntax or framing, malformed JSON); 422 means parsing "
                "worked and the meaning is the problem. 415 means the media "
                "type or content coding itself is not supported. 409 is a "
                "clash with the resource's current state, which can go away "
                "when the state changes, rather than content that is invalid "
                "in itself.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "无法处理的内容",
            .meaning = "内容的类型受支持、格式也正确，但其中的指令无法执行。",
            .when = "服务器认识内容的媒体类型、也能成功解析，却无法按其要求执"
                "行时发送：例如 JSON 请求体中的字段未通过校验，或 XML 请求体"
                "格式良好但语义有误（RFC 9110 15.5.21）。该代码源自 WebDAV"
                "（RFC 4918 11.2，当时名为 Unprocessable Entity），现已成为 "
                "HTTP 本身的状态码。在内容中说明哪些部分出错、原因为何，才能"
                "让它真正派上用场。",
            .client = "不要原样重发：按响应指出的问题修正数据后再提交。通常应"
                "把服务器返回的问题列表展示给用户，并标注在对应的字段旁边。",
            .confused = "400 适用于服务器根本无法解析的请求（语法或消息边界错"
                "误、JSON 格式不合法）；422 表示解析已经成功，问题出在含义"
                "上。415 表示媒体类型或内容编码本身不受支持。409 是与资源当前"
                "状态的冲突，状态变化后可能就会消失，而不是内容本身无效。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "無法處理的內容",
            .meaning = "內容的類型有支援、格式也正確，但其中的指示無法執行。",
            .when = "伺服器認得內容的媒體類型、也能順利剖析，卻無法照它的要求"
                "執行時送出：例如 JSON 請求本文的欄位未通過驗證，或 XML 本文"
                "格式良好但語意錯誤（RFC 9110 15.5.21）。這個代碼來自 WebDAV"
                "（RFC 4918 11.2，當時稱為 Unprocessable Entity），現在已是 "
                "HTTP 本身的狀態碼。在內容中說明哪些部分有誤、原因為何，它才"
                "真正有用。",
            .client = "不要原封不動地重送：依回應指出的問題修正資料後再送出。"
                "通常應該把伺服器傳回的問題清單顯示給使用者，並標在對應的欄位"
                "旁。",
            .confused = "400 適用於伺服器根本無法剖析的請求（語法或訊息邊界錯"
                "誤、JSON 格式不合法）；422 表示剖析已經成功，問題出在語意。"
                "415 表示媒體類型或內容編碼本身不受支援。409 則是和資源目前狀"
                "態的衝突，狀態改變後可能就會消失，並不是內容本身無效。",
        },
    },
};

/* 423 Locked */
const struct tp_status_text tp_text_423 = {
    .see_also = {409, 412, 424, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Locked",
            .meaning = "The source or destination resource of the method is "
                "locked.",
            .when = "A WebDAV server sends it when the method would change a "
                "locked resource (the target, or the destination of a COPY "
                "or MOVE) and the request does not submit that lock's token "
                "in its If field (RFC 4918 sections 7 and 11.3). The "
                "response SHOULD carry a precondition code such as "
                "lock-token-submitted, naming the locked resource, or "
                "no-conflicting-lock when a LOCK request collides with an "
                "existing lock.",
            .client = "If the client holds the lock, resend the request with "
                "its token in an If field; otherwise wait until the owner "
                "releases it with UNLOCK or it times out, then retry. The "
                "lockdiscovery property (via PROPFIND) shows the active "
                "locks, and the user should be told the resource is locked "
                "by someone else.",
            .confused = "409 is a general clash with the resource's state, "
                "such as a missing parent collection; 423 names one specific "
                "cause, a lock. 412 says a condition in If or If-Match "
                "evaluated false, whereas 423 says a required lock token was "
                "not submitted at all. 424 is the knock-on failure of an "
                "operation that depended on another, which may itself have "
                "failed with 423.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "已锁定",
            .meaning = "方法所涉及的源资源或目标资源已被锁定。",
            .when = "当方法要修改一个已被锁定的资源（请求目标，或 COPY、MOVE "
                "的目的地），而请求没有在 If 头部字段中提交该锁的令牌时，"
                "WebDAV 服务器发送此代码（RFC 4918 第 7 节、11.3 节）。响应应"
                "当（SHOULD）附带前置条件代码，例如指出被锁资源的 "
                "lock-token-submitted，或在 LOCK 请求与已有的锁冲突时给出 "
                "no-conflicting-lock。",
            .client = "如果客户端持有这把锁，就在 If 头部字段中带上锁令牌重"
                "发；否则等锁的持有者用 UNLOCK 释放，或等锁超时后再重试。通过"
                " PROPFIND 查询 lockdiscovery 属性可以看到当前有哪些锁，同时"
                "应告诉用户该资源正被他人锁定。",
            .confused = "409 是与资源状态的一般性冲突，例如上级集合不存在；"
                "423 则点明了具体原因：锁。412 表示 If 或 If-Match 中的条件求"
                "值为假，而 423 是根本没有提交所需的锁令牌。424 是依赖的另一"
                "项操作失败后连带产生的失败，而那项操作本身可能就是因 423 失"
                "败的。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "已鎖定",
            .meaning = "方法所涉及的來源資源或目的地資源已被鎖定。",
            .when = "當方法要修改一個已鎖定的資源（請求目標，或 COPY、MOVE 的"
                "目的地），而請求沒有在 If 標頭欄位中提交該鎖的權杖時，"
                "WebDAV 伺服器會送出此代碼（RFC 4918 第 7 節、11.3 節）。回應"
                "應該（SHOULD）附上前置條件代碼，例如指出被鎖定資源的 "
                "lock-token-submitted，或在 LOCK 請求與既有的鎖衝突時提供 "
                "no-conflicting-lock。",
            .client = "如果用戶端持有這把鎖，就在 If 標頭欄位帶上鎖權杖重送；"
                "否則要等鎖的擁有者以 UNLOCK 解除，或等鎖逾時後再重試。用 "
                "PROPFIND 查詢 lockdiscovery 屬性可以看到目前有哪些鎖，也應該"
                "告訴使用者這個資源正被別人鎖定。",
            .confused = "409 是與資源狀態的一般衝突，例如上層集合不存在；423 "
                "則明確指出原因是鎖。412 表示 If 或 If-Match 裡的條件評估為"
                "假，423 則是根本沒有提交必要的鎖權杖。424 是所依賴的另一項操"
                "作失敗後連帶造成的失敗，而那項操作本身也可能是因 423 而失"
                "敗。",
        },
    },
};

/* 424 Failed Dependency */
const struct tp_status_text tp_text_424 = {
    .see_also = {207, 409, 423, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Failed Dependency",
            .meaning = "The method could not be applied because another "
                "action it depended on failed.",
            .when = "Sent when the method could not be applied to a resource "
                "because it depended on another action that failed (RFC 4918 "
                "11.4). It mostly appears inside a 207 Multi-Status body: a "
                "PROPPATCH is all or nothing, so one property that cannot be "
                "set makes every other property in it report 424. A server "
                "may also send it as the status of a whole response that "
                "failed for that reason.",
            .client = "Find the member of the multistatus that failed with a "
                "different code, fix that cause and retry the whole request; "
                "the entries marked 424 need no repair of their own.",
            .confused = "207 is the envelope that carries per-resource or "
                "per-property results, any of which may be 424. 409 and 423 "
                "name a direct cause (a state conflict, a lock); 424 says "
                "the action was fine on its own but was abandoned because "
                "something it depended on failed.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "依赖失败",
            .meaning = "所依赖的另一项操作失败了，因此该方法无法执行。",
            .when = "当方法因为依赖的另一项操作失败而无法作用于某个资源时发送"
                "（RFC 4918 11.4）。它大多出现在 207 Multi-Status 的响应体"
                "中：PROPPATCH 要么全部成功、要么全部不做，只要有一个属性无法"
                "设置，其余属性就都会报告 424。服务器也可以在整个请求因此失败"
                "时，直接用它作为响应的状态码。",
            .client = "在 multistatus 中找出以其他代码失败的那一项，消除其原"
                "因后重试整个请求；标为 424 的条目本身无需修正。",
            .confused = "207 是承载每个资源或每个属性结果的外层封装，其中任何"
                "一项都可能是 424。409 和 423 指出的是直接原因（状态冲突、"
                "锁）；424 则表示这项操作本身没问题，只是因为所依赖的操作失败"
                "而被放弃。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "相依失敗",
            .meaning = "這個方法所依賴的另一項操作失敗了，因此無法執行。",
            .when = "當方法因為所依賴的另一項操作失敗，而無法套用到某個資源時"
                "送出（RFC 4918 11.4）。它大多出現在 207 Multi-Status 的回應"
                "本文裡：PROPPATCH 必須全部成功或全部不做，只要有一個屬性設定"
                "不了，其他屬性就都會回報 424。整個請求因此失敗時，伺服器也可"
                "以直接把它當成回應的狀態碼。",
            .client = "在 multistatus 中找出以其他代碼失敗的那一項，排除原因"
                "後再重試整個請求；標為 424 的項目本身不需要修正。",
            .confused = "207 是裝載各資源或各屬性結果的外層包裝，其中任何一項"
                "都可能是 424。409 和 423 指出的是直接原因（狀態衝突、鎖）；"
                "424 則表示這項操作本身沒問題，只是因為所依賴的操作失敗而被放"
                "棄。",
        },
    },
};

/* 425 Too Early */
const struct tp_status_text tp_text_425 = {
    .see_also = {429, 503, 421, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Too Early",
            .meaning = "The server will not risk processing a request that "
                "may be a replay of TLS early data.",
            .when = "Sent by a server that got the request in TLS 1.3 early "
                "data (0-RTT), or marked Early-Data: 1 by an intermediary "
                "that did, and will not act on it before the handshake "
                "completes, since an attacker can replay early data (RFC "
                "8470 5.2). A server SHOULD NOT send it otherwise, as only "
                "then can it count on the client retrying; it is not "
                "cacheable by default. teapot speaks plain HTTP without TLS "
                "itself; it sends 425 to a request that a proxy marked "
                "Early-Data: 1 when its method is not safe, and at "
                "/status/425.",
            .client = "Send the same request again once the handshake has "
                "completed, never in early data again; a user agent SHOULD "
                "do this automatically. An intermediary that forwarded the "
                "request with an Early-Data field MUST pass the 425 on "
                "instead of retrying it itself.",
            .confused = "429 and 503 ask the client to wait because of a "
                "rate limit or load, usually with Retry-After; 425 only asks "
                "for the request outside early data, which can be at once. "
                "421 also invites a retry on another connection, but because "
                "the server is the wrong one for the origin, not because of "
                "replay risk.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "为时过早",
            .meaning = "请求可能是 TLS 早期数据的重放，服务器不愿冒险处理。",
            .when = "服务器通过 TLS 1.3 早期数据（0-RTT）收到请求，或收到由中"
                "间节点标记了 Early-Data: 1 的请求，又不愿在握手完成之前处理"
                "时发送；原因在于攻击者可以重放早期数据（RFC 8470 5.2）。除这"
                "两种情况外，服务器不应（SHOULD NOT）发送它，因为只有这时才能"
                "指望客户端会重试；它默认不可缓存。teapot 自己只提供不带 TLS "
                "的明文 HTTP；代理转发来的请求若带有 Early-Data: 1 且方法不安"
                "全，它就返回 425，/status/425 也会返回它。",
            .client = "等握手完成后重新发送同一个请求，且不能再放进早期数据；"
                "用户代理应当（SHOULD）自动完成这一重试。转发请求时带有 "
                "Early-Data 头部字段的中间节点必须（MUST）把 425 原样转交，而"
                "不能自行重试。",
            .confused = "429 和 503 是因为限流或负载要求客户端等待，通常附带 "
                "Retry-After；425 只要求在早期数据之外重发，可以立即进行。"
                "421 同样请客户端换一条连接重试，但原因是服务器不负责该源，而"
                "不是重放风险。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "為時過早",
            .meaning = "請求可能是 TLS 早期資料的重放，伺服器不願冒險處理。",
            .when = "伺服器經由 TLS 1.3 早期資料（0-RTT）收到請求，或收到中介"
                "者標上 Early-Data: 1 的請求，而不願在交握完成前處理時送出；"
                "原因是攻擊者可以重放早期資料（RFC 8470 5.2）。除了這兩種情"
                "況，伺服器不應該（SHOULD NOT）送出它，因為只有這時才能確定用"
                "戶端會重試；它預設不可快取。teapot 本身只提供未加密、不使用 "
                "TLS 的 HTTP；代理轉送來的請求若帶有 Early-Data: 1 且方法不"
                "安全，它就回傳 425，請求 /status/425 時也會送出它。",
            .client = "等交握完成後再送一次相同的請求，而且不能再放進早期資"
                "料；使用者代理應該（SHOULD）自動重試。轉送請求時帶有 "
                "Early-Data 標頭欄位的中介者必須（MUST）把 425 原樣轉回，不得"
                "自行重試。",
            .confused = "429 和 503 是因為流量限制或負載而要用戶端等待，通常"
                "附有 Retry-After；425 只要求在早期資料之外重送，可以馬上進"
                "行。421 同樣請用戶端換條連線重試，但原因是伺服器不負責該來"
                "源，而不是重放風險。",
        },
    },
};

/* 426 Upgrade Required */
const struct tp_status_text tp_text_426 = {
    .see_also = {101, 505, 400, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Upgrade Required",
            .meaning = "The server refuses the request over the current "
                "protocol and names in Upgrade the protocol it requires.",
            .when = "Sent when the server will not serve the request over "
                "the protocol it arrived on but would after the client "
                "switches, for example a WebSocket endpoint reached by a "
                "plain GET or with a Sec-WebSocket-Version it does not speak "
                "(RFC 6455 4.4). The response MUST carry Upgrade naming the "
                "acceptable protocol or protocols (RFC 9110 15.5.22), and "
                "therefore Connection: upgrade as well (7.8). teapot's "
                "WebSocket endpoint answers this way with Upgrade: websocket "
                "and Sec-WebSocket-Version: 13.",
            .client = "Repeat the request with one of the protocols named in "
                "Upgrade: on HTTP/1.1 send Upgrade and Connection: upgrade "
                "so that the server can answer 101, or open a connection "
                "that uses the protocol directly when it is not reached by "
                "Upgrade. If none of them is supported, report that rather "
                "than retrying unchanged.",
            .confused = "101 is the server actually switching, in answer to "
                "a request that offered Upgrade; 426 refuses and asks the "
                "client to make that offer. 505 is about the request's major "
                "HTTP version and invites no upgrade. A malformed upgrade "
                "attempt, such as a WebSocket handshake with a bad key, gets "
                "400 instead.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "需要升级",
            .meaning = "服务器拒绝通过当前协议处理该请求，并在 Upgrade 中指明"
                "所要求的协议。",
            .when = "当服务器不愿通过请求所用的协议提供服务、但客户端切换协议"
                "后就愿意时发送；例如用普通 GET 访问 WebSocket 端点，或所带的"
                " Sec-WebSocket-Version 是服务器不支持的版本（RFC 6455 "
                "4.4）。响应必须（MUST）带有 Upgrade，列出可接受的协议（RFC "
                "9110 15.5.22），因此也要带上 Connection: upgrade（7.8 节）。"
                "teapot 的 WebSocket 端点正是这样回复，附带 Upgrade: "
                "websocket 和 Sec-WebSocket-Version: 13。",
            .client = "改用 Upgrade 中列出的某个协议重发请求：在 HTTP/1.1 上"
                "带上 Upgrade 和 Connection: upgrade，让服务器可以回复 101；"
                "若该协议无法通过 Upgrade 切换，则直接新建使用该协议的连接。"
                "如果列出的协议都不支持，应报告错误，而不是原样重试。",
            .confused = "101 是服务器真正切换协议，用来答复带有 Upgrade 的请"
                "求；426 则是拒绝，并要求客户端主动提出升级。505 针对请求的 "
                "HTTP 主版本号，不会邀请客户端升级。格式有误的升级尝试（例如 "
                "WebSocket 握手的密钥无效）得到的是 400。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "需要升級",
            .meaning = "伺服器拒絕透過目前的協定處理請求，並在 Upgrade 中指明"
                "它要求的協定。",
            .when = "當伺服器不願用請求所用的協定提供服務、但用戶端換協定後就"
                "願意時送出；例如以一般 GET 存取 WebSocket 端點，或所帶的 "
                "Sec-WebSocket-Version 是伺服器不支援的版本（RFC 6455 4.4）。"
                "回應必須（MUST）帶有 Upgrade，列出可接受的協定（RFC 9110 "
                "15.5.22），因此也得帶上 Connection: upgrade（7.8 節）。"
                "teapot 的 WebSocket 端點就是這樣回應，並附上 Upgrade: "
                "websocket 與 Sec-WebSocket-Version: 13。",
            .client = "改用 Upgrade 列出的其中一個協定重送請求：在 HTTP/1.1 "
                "上帶 Upgrade 和 Connection: upgrade，讓伺服器能回 101；若該"
                "協定無法透過 Upgrade 切換，就直接開一條使用該協定的新連線。"
                "如果列出的協定都不支援，應回報錯誤，而不是原封不動地重試。",
            .confused = "101 是伺服器真的切換協定，用來回應帶有 Upgrade 的請"
                "求；426 則是拒絕，並要用戶端主動提出升級。505 針對的是請求的"
                " HTTP 主要版本，不會邀請用戶端升級。格式有誤的升級嘗試（例如"
                " WebSocket 交握的金鑰無效）得到的是 400。",
        },
    },
};

/* 428 Precondition Required */
const struct tp_status_text tp_text_428 = {
    .see_also = {412, 409, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Precondition Required",
            .meaning = "The server requires the request to be conditional, "
                "so that updates are not lost.",
            .when = "An origin server sends it when a state-changing request "
                "such as PUT, PATCH or DELETE arrives without If-Match or "
                "If-Unmodified-Since and the server insists on conditional "
                "updates, to prevent lost updates (RFC 6585 3). The content "
                "SHOULD explain how to resubmit the request successfully, "
                "and the response MUST NOT be stored by a cache. Sending 428 "
                "is optional, so clients cannot count on it to protect them.",
            .client = "Fetch the current representation (GET or HEAD) for "
                "its ETag or Last-Modified, then resend the change with "
                "If-Match or If-Unmodified-Since. If that yields 412, "
                "someone else changed the resource in between: reload, merge "
                "and try again.",
            .confused = "412 means the request was conditional and its "
                "condition turned out false; 428 means it was not "
                "conditional at all and has to be. 409 reports a conflict "
                "with the current state that the server found itself, not a "
                "missing precondition.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "需要前提条件",
            .meaning = "服务器要求请求必须带条件，以免更新丢失。",
            .when = "当 PUT、PATCH、DELETE 等会改变状态的请求没有带 If-Match "
                "或 If-Unmodified-Since，而源服务器坚持只接受条件更新时发送，"
                "用来防止更新丢失（RFC 6585 第 3 节）。内容应当（SHOULD）说明"
                "如何才能成功重新提交，且该响应不得（MUST NOT）被缓存存储。是"
                "否使用 428 由服务器自行决定，客户端不能指望靠它来防止更新丢"
                "失。",
            .client = "先用 GET 或 HEAD 取得当前表示的 ETag 或 "
                "Last-Modified，再带上 If-Match 或 If-Unmodified-Since 重新提"
                "交修改。如果随后得到 412，说明资源在此期间已被他人修改：应重"
                "新加载、合并后再试。",
            .confused = "412 表示请求带了条件，但条件求值为假；428 则表示请求"
                "根本没带条件，而服务器要求必须带。409 报告的是服务器自己发现"
                "的与当前状态的冲突，而不是缺少前提条件。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "需要先決條件",
            .meaning = "伺服器要求請求必須是條件式的，以免更新遺失。",
            .when = "當 PUT、PATCH、DELETE 這類會改變狀態的請求沒有帶 "
                "If-Match 或 If-Unmodified-Since，而來源伺服器堅持只接受條件"
                "式更新時送出，目的是防止更新遺失（RFC 6585 第 3 節）。內容應"
                "該（SHOULD）說明如何才能成功重新送出，而且這個回應不得"
                "（MUST NOT）被快取儲存。是否使用 428 由伺服器自行決定，用戶"
                "端不能依賴它來防止更新遺失。",
            .client = "先用 GET 或 HEAD 取得目前表示法的 ETag 或 "
                "Last-Modified，再帶上 If-Match 或 If-Unmodified-Since 重新送"
                "出修改。如果接著收到 412，代表資源在這段期間已被別人修改：應"
                "該重新載入、合併後再試。",
            .confused = "412 表示請求有帶條件，但條件評估為假；428 則表示請求"
                "完全沒帶條件，而伺服器要求一定要帶。409 回報的是伺服器自行發"
                "現的、與目前狀態的衝突，不是缺少先決條件。",
        },
    },
};

/* 429 Too Many Requests */
const struct tp_status_text tp_text_429 = {
    .see_also = {503, 403, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Too Many Requests",
            .meaning = "The client has sent more requests in a given time "
                "than the server allows.",
            .when = "Sent when a client, however the server identifies it "
                "(address, account, API key), has gone over a rate limit "
                "(RFC 6585 4). The content SHOULD explain the limit and "
                "Retry-After MAY say how long to wait; the response MUST NOT "
                "be stored by a cache. A server under heavy abuse need not "
                "answer each request with 429 and may simply drop "
                "connections. teapot's /status/429 adds Retry-After: 1 "
                "unless ?retry_after asks for another value.",
            .client = "Slow down: wait at least as long as Retry-After says "
                "(seconds or an HTTP-date) before retrying, and without it "
                "back off exponentially, with some jitter. Retrying at once "
                "only keeps the limit exceeded; tell the user to wait rather "
                "than failing silently.",
            .confused = "503 means the server as a whole is overloaded or in "
                "maintenance, for every client, while 429 is about this "
                "client's request rate. 403 is a refusal that waiting will "
                "not change, whereas 429 clears by itself once the rate "
                "drops.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "请求过多",
            .meaning = "客户端在给定时间内发送的请求超出了服务器允许的数量。",
            .when = "当客户端（无论服务器按 IP 地址、账号还是 API 密钥来识"
                "别）超出速率限制时发送（RFC 6585 第 4 节）。内容应当"
                "（SHOULD）说明限制的情况，也可以（MAY）用 Retry-After 告知需"
                "要等待多久；该响应不得（MUST NOT）被缓存存储。服务器在遭受大"
                "量滥用时，不必逐个回复 429，直接断开连接也是可以的。teapot "
                "的 /status/429 默认附带 Retry-After: 1，可用 ?retry_after 指"
                "定其他值。",
            .client = "放慢速度：重试前至少等待 Retry-After 指定的时间（秒数"
                "或 HTTP 日期），没有该字段时则采用带随机抖动的指数退避。立即"
                "重试只会让限制持续生效；应提示用户稍后再试，而不是悄无声息地"
                "失败。",
            .confused = "503 表示整个服务器过载或正在维护，对所有客户端都一"
                "样；429 针对的则是这个客户端的请求速率。403 是等待也改变不了"
                "的拒绝，而 429 在请求速率降下来后会自行解除。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "請求過多",
            .meaning = "用戶端在一定時間內送出的請求，超過了伺服器允許的數"
                "量。",
            .when = "當用戶端（不論伺服器是依 IP 位址、帳號或 API 金鑰辨識）"
                "超過速率限制時送出（RFC 6585 第 4 節）。內容應該（SHOULD）說"
                "明限制的細節，也可以（MAY）用 Retry-After 告知要等多久；這個"
                "回應不得（MUST NOT）被快取儲存。伺服器遭到大量濫用時，不必每"
                "個請求都回 429，直接中斷連線也可以。teapot 的 /status/429 預"
                "設附上 Retry-After: 1，可以用 ?retry_after 指定其他值。",
            .client = "放慢速度：重試前至少等待 Retry-After 指定的時間（秒數"
                "或 HTTP 日期），沒有這個欄位時就採用加上隨機抖動的指數退避。"
                "馬上重試只會讓限制持續生效；應該提示使用者稍後再試，而不是默"
                "默失敗。",
            .confused = "503 表示整台伺服器過載或維護中，對所有用戶端都一樣；"
                "429 針對的則是這個用戶端的請求速率。403 是等待也改變不了的拒"
                "絕，429 則會在請求速率降低後自動解除。",
        },
    },
};

/* 431 Request Header Fields Too Large */
const struct tp_status_text tp_text_431 = {
    .see_also = {413, 414, 400, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Request Header Fields Too Large",
            .meaning = "One header field, or the header section as a whole, "
                "is too large to be processed.",
            .when = "Sent when the header section as a whole, or a single "
                "field in it, is larger than the server will process (RFC "
                "6585 5); in the latter case the content SHOULD say which "
                "field it was. Oversized or accumulated cookies are the most "
                "common cause, and the response MUST NOT be stored by a "
                "cache. teapot sends it for too many fields, for a field "
                "line or header section over its limits, and for the same "
                "limits on the trailer section of chunked content.",
            .client = "The request may be resent once it is smaller: drop "
                "fields that are not needed and shorten long ones; in a "
                "browser, clearing the site's cookies is the usual fix to "
                "suggest to the user. Resending it unchanged will fail again.",
            .confused = "413 is about the size of the request content and "
                "431 about its header fields, so trimming the body does not "
                "help here. 414 is for an overlong target URI on the request "
                "line. 400 covers header fields that are malformed rather "
                "than merely too large.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "请求头部字段过大",
            .meaning = "某个头部字段，或整个头部区段，大到无法处理。",
            .when = "当整个头部区段或其中某个字段超出服务器愿意处理的大小时发"
                "送（RFC 6585 第 5 节）；如果是单个字段过大，内容应当"
                "（SHOULD）指出是哪一个。最常见的原因是 Cookie 过大或累积过"
                "多，且该响应不得（MUST NOT）被缓存存储。teapot 在字段数量过"
                "多、单行字段或整个头部区段超出限制时发送它，对分块传输内容的"
                "尾部（trailer）区段也执行同样的限制。",
            .client = "请求变小之后可以重新发送：去掉不需要的字段，缩短过长的"
                "字段；在浏览器中，通常建议用户清除该网站的 Cookie。原样重发"
                "只会再次失败。",
            .confused = "413 针对请求内容的大小，431 针对的是头部字段，所以精"
                "简请求体在这里无济于事。414 针对请求行中过长的目标 URI。头部"
                "字段格式错误（而不只是过大）时则用 400。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "請求標頭欄位過大",
            .meaning = "某個標頭欄位，或整個標頭區段，大到無法處理。",
            .when = "當整個標頭區段或其中某個欄位超出伺服器願意處理的大小時送"
                "出（RFC 6585 第 5 節）；若是單一欄位過大，內容應該（SHOULD）"
                "指出是哪一個。最常見的原因是 Cookie 太大或累積太多，而且這個"
                "回應不得（MUST NOT）被快取儲存。teapot 在欄位數量過多、單行"
                "欄位或整個標頭區段超過限制時送出它，分塊傳輸內容的結尾"
                "（trailer）區段也套用相同的限制。",
            .client = "請求縮小之後就可以重送：拿掉不需要的欄位、縮短過長的欄"
                "位；在瀏覽器上，通常建議使用者清除該網站的 Cookie。原封不動"
                "地重送只會再次失敗。",
            .confused = "413 針對請求內容的大小，431 針對的是標頭欄位，所以縮"
                "減本文在這裡沒有幫助。414 針對請求行中過長的目標 URI。標頭欄"
                "位格式錯誤（而不只是太大）時則用 400。",
        },
    },
};

/* 451 Unavailable For Legal Reasons */
const struct tp_status_text tp_text_451 = {
    .see_also = {403, 404, 410, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Unavailable For Legal Reasons",
            .meaning = "Access to the resource is denied because of a legal "
                "demand.",
            .when = "Sent when the operator has received a legal demand, "
                "such as a court order or an official takedown, to deny "
                "access to the resource or to a set that includes it (RFC "
                "7725 3). The content SHOULD explain the demand: who made "
                "it, under which law, and to whom and what it applies. Link "
                "with rel=\"blocked-by\" SHOULD identify the entity that "
                "implements the block (not the authority that ordered it), "
                "as teapot's /status/451 shows, and the response is "
                "cacheable by default.",
            .client = "Tell the user the resource is blocked for legal "
                "reasons and, where the response says, by whom and why. "
                "Retrying will not help, and since the response is cacheable "
                "a cache may keep serving it until it becomes stale.",
            .confused = "403 is a refusal whose reason the server need not "
                "give; 451 states that the reason is a legal demand. 404 and "
                "410 say the resource is missing or gone, whereas under 451 "
                "it usually still exists and only access to it is blocked, "
                "often just in some jurisdictions.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "因法律原因不可用",
            .meaning = "由于法律要求，对该资源的访问被拒绝。",
            .when = "当运营方收到法律要求（例如法院命令或官方下架通知），需要"
                "拒绝对该资源或包含它的一组资源的访问时发送（RFC 7725 第 3 "
                "节）。内容应当（SHOULD）说明这项要求：由谁提出、依据哪部法"
                "律、适用于哪些人和哪些资源。应当（SHOULD）用 "
                "rel=\"blocked-by\" 的 Link 标明实施封锁的一方（而不是下令的"
                "机构），teapot 的 /status/451 就是示例；该响应默认可以缓存。",
            .client = "告诉用户该资源因法律原因被封锁，如果响应中有说明，也一"
                "并展示由谁封锁、原因为何。重试没有用；由于该响应可以缓存，在"
                "它过期之前，缓存可能会一直返回这个响应。",
            .confused = "403 是拒绝，但服务器无需说明原因；451 则明确原因是法"
                "律要求。404 和 410 表示资源不存在或已移除，而在 451 下资源通"
                "常依然存在，只是访问被封锁，而且往往只在某些司法辖区内。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "因法律原因無法使用",
            .meaning = "由於法律上的要求，對該資源的存取遭到拒絕。",
            .when = "當營運者收到法律要求（例如法院命令或官方下架通知），必須"
                "拒絕存取該資源或包含它的一組資源時送出（RFC 7725 第 3 節）。"
                "內容應該（SHOULD）說明這項要求：由誰提出、依據哪條法律、適用"
                "於哪些人與哪些資源。應該（SHOULD）用 rel=\"blocked-by\" 的 "
                "Link 標明實際執行封鎖的一方（而非下令的機關），teapot 的 "
                "/status/451 即為範例；這個回應預設可以快取。",
            .client = "告訴使用者該資源因法律因素遭到封鎖，若回應中有說明，也"
                "一併顯示是誰封鎖、原因為何。重試沒有用；由於回應可以快取，在"
                "過期之前，快取可能會一直提供這個回應。",
            .confused = "403 是拒絕，但伺服器不必說明原因；451 則明確表示原因"
                "是法律要求。404 和 410 表示資源不存在或已移除，而 451 之下資"
                "源通常仍然存在，只是存取被封鎖，而且往往只限於某些司法管轄"
                "區。",
        },
    },
};
