/*
 * texts/client_error.c - the reference texts for 400-415 and for the class,
 * in English, Simplified Chinese and Traditional Chinese.
 */
#include "teapot/status.h"

/* The class 4xx (Client Error), and the x00 fallback for its unregistered
 * codes (RFC 9110 15). */
const struct tp_status_text tp_text_class4 = {
    .see_also = {400, 401, 403, 404},
    .words = {
        [TP_LANG_EN] = {
            .name = "Client Error",
            .meaning = "The request itself appears to be at fault: the "
                       "client sent something the server cannot or will not "
                       "act on, and in most cases sending it again unchanged "
                       "will not help.",
            .when = "A server answers with a 4xx when the fault lies with "
                    "the request: bad syntax, missing or wrong credentials, "
                    "an unknown resource, an unsupported method or format, a "
                    "failed condition and the like. Except in a response to "
                    "HEAD, it SHOULD include a representation that explains "
                    "the error and says whether it is temporary or permanent "
                    "(RFC 9110 15.5). These codes apply to every request "
                    "method.",
            .client = "Fix the request before trying again; only a few codes "
                      "(408, 425, 429, and 401 or 407 with new credentials) "
                      "invite a repeat. User agents SHOULD show the enclosed "
                      "explanation to the user. A client MUST treat an "
                      "unrecognized 4xx code as 400 (Bad Request) "
                      "(RFC 9110 15).",
            .confused = "400 is the general answer to a malformed request "
                        "and the fallback for unknown 4xx codes; 401 asks "
                        "for (new) credentials through a WWW-Authenticate "
                        "challenge, while 403 refuses without offering a way "
                        "to authenticate; 404 says nothing usable exists at "
                        "the URI. Unlike a 5xx, a 4xx puts the blame on the "
                        "request, not on the server.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "客户端错误",
            .meaning = "问题出在请求本身：客户端发送了服务器无法或不愿处理的"
                       "内容，多数情况下原样重发也不会成功。",
            .when = "当错误源自请求一方时，服务器返回 4xx：语法错误、"
                    "缺少或错误的凭据、资源不存在、方法或格式不受支持、"
                    "条件不成立，等等。除对 HEAD 的响应外，服务器 SHOULD "
                    "在内容中说明错误原因，并指出这是暂时的还是永久的"
                    "（RFC 9110 15.5）。这一类状态码适用于所有请求方法。",
            .client = "先修正请求再试；只有少数状态码（408、425、429，"
                      "以及换用新凭据后的 401 或 407）本身就允许重发。"
                      "用户代理 SHOULD 把响应附带的说明显示给用户。"
                      "收到无法识别的 4xx 状态码时，客户端 MUST 按 "
                      "400（错误请求）处理（RFC 9110 15）。",
            .confused = "400 是对格式错误请求的通用答复，也是未知 4xx "
                        "状态码的兜底；401 通过 WWW-Authenticate "
                        "质询要求提供（新的）凭据，而 403 直接拒绝、"
                        "不提供认证途径；404 表示该 URI 下没有可用的资源。与 "
                        "5xx 不同，4xx 把责任归于请求，而不是服务器。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "用戶端錯誤",
            .meaning = "問題出在請求本身：用戶端送出了伺服器無法或不願處理的"
                       "內容，多半原封不動重送也不會成功。",
            .when = "錯誤源自請求端時，伺服器會回 4xx：語法錯誤、"
                    "缺少或錯誤的憑證、找不到資源、不支援的方法或格式、"
                    "條件不成立等等。除了對 HEAD 的回應之外，伺服器 SHOULD "
                    "在內容中說明錯誤原因，並指出是暫時還是永久性的"
                    "（RFC 9110 15.5）。這一類狀態碼適用於所有請求方法。",
            .client = "先修正請求再試；只有少數狀態碼（408、425、429，"
                      "以及改用新憑證的 401 或 407）本身就允許重送。"
                      "使用者代理 SHOULD 把回應附帶的說明顯示給使用者。"
                      "遇到無法辨識的 4xx 狀態碼時，用戶端 MUST 將其視同 "
                      "400（錯誤請求）處理（RFC 9110 15）。",
            .confused = "400 是對格式錯誤請求的通用回應，也是未知 4xx "
                        "狀態碼的後備；401 透過 WWW-Authenticate "
                        "質詢要求提供（新的）憑證，403 則直接拒絕、"
                        "不提供驗證途徑；404 表示這個 URI "
                        "底下沒有可用的資源。和 5xx 不同，4xx "
                        "把責任歸給請求，而不是伺服器。",
        },
    },
};

/* 400 Bad Request */
const struct tp_status_text tp_text_400 = {
    .see_also = {422, 415, 431, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Bad Request",
            .meaning = "The server will not process the request because of "
                       "what looks like a client error, such as malformed "
                       "syntax or framing.",
            .when = "Sent for a request that cannot be parsed or trusted: a "
                    "malformed request line or header field, invalid framing "
                    "such as a bad Content-Length or a Transfer-Encoding "
                    "whose final coding is not chunked (RFC 9112 6.3, which "
                    "also requires closing the connection), or an HTTP/1.1 "
                    "request with no Host or more than one (a MUST in "
                    "RFC 9112 3.2). Whitespace between a field name and its "
                    "colon MUST likewise be rejected with 400 "
                    "(RFC 9112 5.1). teapot's parser answers each of these "
                    "with 400 and names the problem in the content.",
            .client = "Do not resend the same request: it will fail the same "
                      "way. Fix what the content or your logs point to "
                      "(syntax, framing, field values), show the explanation "
                      "to the user if there is one, and after a framing "
                      "error expect the server to close the connection.",
            .confused = "422 is for content that parses, has a supported "
                        "type and still asks for something that cannot be "
                        "done; 415 is for content in a format the resource "
                        "does not take; 431 is the specific answer to header "
                        "fields that are too large. 400 covers a malformed "
                        "request that no more specific code describes.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "错误请求",
            .meaning = "服务器认为请求存在客户端方面的错误（例如语法或报文分"
                       "帧有误），因而不予处理。",
            .when = "请求无法解析或不可信时发送：请求行或头部字段格式错误；"
                    "分帧信息无效，例如 Content-Length 非法，或 "
                    "Transfer-Encoding 的最后一个编码不是 "
                    "chunked（RFC 9112 6.3，此时还必须关闭连接）；HTTP/1.1 "
                    "请求缺少 Host 或含有多个 Host（RFC 9112 3.2 中的 MUST）"
                    "。字段名与冒号之间出现空白，同样 MUST 以 400 "
                    "拒绝（RFC 9112 5.1）。teapot 的解析器对这些情况一律返回 "
                    "400，并在内容中写明原因。",
            .client = "不要原样重发，结果只会相同。根据响应内容或日志修正语"
                      "法、分帧或字段值，有说明时可显示给用户；"
                      "如果是分帧错误，应预期服务器随后关闭连接。",
            .confused = "422 针对能够正确解析、类型也受支持、"
                        "但所要求的操作无法执行的内容；415 "
                        "针对资源不接受的内容格式；431 专门用于头部字段过大。"
                        "请求本身格式有误、又没有更具体的状态码可用时，才用 "
                        "400。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "錯誤請求",
            .meaning = "伺服器認為請求有用戶端方面的錯誤（例如語法或訊息長度"
                       "界定有誤），因此不予處理。",
            .when = "請求無法剖析或不可信任時送出：請求列或標頭欄位格式錯誤；"
                    "訊息長度界定（framing）無效，例如 Content-Length "
                    "不合法，或 Transfer-Encoding 的最後一個編碼不是 "
                    "chunked（RFC 9112 6.3，此時還必須關閉連線）；HTTP/1.1 "
                    "請求沒有 Host 或帶了多個 Host（RFC 9112 3.2 中的 MUST）"
                    "。欄位名稱與冒號之間有空白時，同樣 MUST 以 400 "
                    "拒絕（RFC 9112 5.1）。teapot 的剖析器遇到這些情況都會回 "
                    "400，並在內容中註明原因。",
            .client = "不要原封不動重送，結果只會一樣。依回應內容或記錄檔修正"
                      "語法、長度界定或欄位值，有說明時可顯示給使用者；"
                      "若是長度界定錯誤，應預期伺服器隨後會關閉連線。",
            .confused = "422 用於可以正確剖析、類型也受支援，"
                        "但要求的操作無法執行的內容；415 "
                        "用於資源不接受的內容格式；431 專指標頭欄位過大。"
                        "請求本身格式有誤、又沒有更具體的狀態碼可用時，才用 "
                        "400。",
        },
    },
};

/* 401 Unauthorized */
const struct tp_status_text tp_text_401 = {
    .see_also = {403, 407, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Unauthorized",
            .meaning = "The request lacks valid credentials for the target "
                       "resource, and the challenge says how to supply them.",
            .when = "Sent when the target resource needs authentication and "
                    "the request carried no credentials, or credentials the "
                    "server rejects. The server MUST include "
                    "WWW-Authenticate with at least one challenge that "
                    "applies to the resource (RFC 9110 15.5.2, 11.6.1), such "
                    "as the Basic realm=\"teapot\" that teapot's /basic-auth "
                    "endpoint sends. Despite the name, the code is about "
                    "authentication, not authorization.",
            .client = "Obtain credentials that fit one of the challenges, "
                      "from the user or a credential store, and repeat the "
                      "request with Authorization; this is the one case "
                      "where repeating makes sense. If the same challenge "
                      "comes back after credentials were already tried, stop "
                      "and show the response content to the user instead of "
                      "looping (RFC 9110 15.5.2).",
            .confused = "403 means the server knows, or does not care, who "
                        "is asking and refuses anyway, so new credentials "
                        "rarely help, and it carries no challenge. 407 is "
                        "the same exchange with a proxy instead of the "
                        "origin server: Proxy-Authenticate and "
                        "Proxy-Authorization take the place of "
                        "WWW-Authenticate and Authorization.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "未授权",
            .meaning = "请求缺少访问目标资源所需的有效凭据，"
                       "响应中的质询说明了应如何提供凭据。",
            .when = "目标资源需要身份验证，而请求没有携带凭据或凭据被服务器拒"
                    "绝时发送。服务器 MUST 附带 WWW-Authenticate 头部字段，"
                    "其中至少包含一个适用于该资源的质询（RFC 9110 15.5.2、"
                    "11.6.1），例如 teapot 的 /basic-auth 端点返回的 Basic "
                    "realm=\"teapot\"。名字虽叫“未授权”，它其实关乎身份验证，"
                    "而非授权。",
            .client = "按某个质询的要求，从用户或凭据存储中取得凭据，放入 "
                      "Authorization 后重发请求——这正是适合重发的情形。"
                      "如果已经尝试过凭据，却又收到相同的质询，就应停止重试，"
                      "把响应内容显示给用户，以免陷入循环（RFC 9110 15.5.2）"
                      "。",
            .confused = "403 表示服务器已经知道（或并不关心）请求者是谁，"
                        "但仍然拒绝，换凭据通常无济于事，而且不带质询。407 "
                        "是同样的流程，只是对象从源服务器换成了代理：用 "
                        "Proxy-Authenticate 和 Proxy-Authorization 取代 "
                        "WWW-Authenticate 和 Authorization。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "未授權",
            .meaning = "請求缺少存取目標資源所需的有效憑證，"
                       "回應中的質詢說明了該如何提供憑證。",
            .when = "目標資源需要身分驗證，而請求沒有附上憑證、"
                    "或憑證遭伺服器拒絕時送出。伺服器 MUST 附上 "
                    "WWW-Authenticate 標頭欄位，"
                    "其中至少含有一個適用於該資源的質詢（RFC 9110 15.5.2、"
                    "11.6.1），例如 teapot 的 /basic-auth 端點回傳的 Basic "
                    "realm=\"teapot\"。雖然名為「未授權」，"
                    "它談的其實是身分驗證，而不是授權。",
            .client = "依某個質詢的要求，向使用者或憑證儲存區取得憑證，放進 "
                      "Authorization 後重送請求；這正是適合重送的情況。"
                      "如果已經送過憑證，卻又收到相同的質詢，就該停止重試，"
                      "改把回應內容顯示給使用者，以免無限迴圈"
                      "（RFC 9110 15.5.2）。",
            .confused = "403 表示伺服器已經知道（或根本不在乎）請求者是誰，"
                        "仍然拒絕，換憑證通常沒有用，也不附質詢。407 "
                        "是同樣的流程，只是對象從來源伺服器換成代理伺服器："
                        "以 Proxy-Authenticate 與 Proxy-Authorization 取代 "
                        "WWW-Authenticate 與 Authorization。",
        },
    },
};

/* 402 Payment Required */
const struct tp_status_text tp_text_402 = {
    .see_also = {403, 429, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Payment Required",
            .meaning = "Reserved for future use.",
            .when = "RFC 9110 15.5.3 only reserves the code for future use "
                    "and gives it no semantics, so a general-purpose server "
                    "should not send it. Some services use it by private "
                    "convention, for instance when a subscription has lapsed "
                    "or a prepaid quota is used up, and experimental payment "
                    "protocols build on it; any such meaning has to be "
                    "documented by the service itself. teapot sends it only "
                    "when asked to, at /status/402.",
            .client = "There is no standard behaviour to follow: do not "
                      "retry automatically, and show the content, which is "
                      "the only place a service can explain what it wants. "
                      "Clients of a particular API may act on the meaning "
                      "that API documents.",
            .confused = "403 is the standard way to refuse a request the "
                        "client has no right to make, including a feature "
                        "its plan does not cover; 429 is for too many "
                        "requests in a period, with Retry-After saying when "
                        "to come back. 402 has no defined meaning to rely on.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "需要付款",
            .meaning = "保留供将来使用。",
            .when = "RFC 9110 15.5.3 只是把它保留给将来使用，"
                    "没有定义任何语义，因此通用服务器不应发送。"
                    "一些服务按私下约定使用它，例如订阅过期或预付配额用尽时，"
                    "一些实验性的支付协议也以它为基础；"
                    "这类含义只能由服务自己在文档中说明。teapot "
                    "只在被明确要求时才发送它，即 /status/402。",
            .client = "没有标准行为可循：不要自动重试，把响应内容显示出来——这"
                      "是服务说明其要求的唯一渠道。特定 API 的客户端可以按该 "
                      "API 文档规定的含义处理。",
            .confused = "403 是拒绝无权操作的标准方式，"
                        "包括当前套餐不含某项功能的情况；429 "
                        "表示一段时间内请求过多，并用 Retry-After "
                        "说明何时可以再来。402 则没有可以依赖的既定含义。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "需要付款",
            .meaning = "保留給未來使用。",
            .when = "RFC 9110 15.5.3 只把它保留給未來使用，並未定義任何語意，"
                    "所以通用伺服器不該送出。有些服務依私下約定使用它，"
                    "例如訂閱到期或預付額度用完時，也有實驗性的付款協定以它為"
                    "基礎；這類含義只能由服務自己在文件中說明。teapot "
                    "只在明確要求時才送出它，也就是 /status/402。",
            .client = "沒有標準做法可依循：不要自動重試，"
                      "並把回應內容顯示出來，那是服務說明其要求的唯一管道。"
                      "特定 API 的用戶端可以依該 API 文件規定的含義處理。",
            .confused = "403 是拒絕無權操作的標準做法，"
                        "包括目前方案不含某項功能的情形；429 "
                        "表示一段時間內請求太多，並以 Retry-After "
                        "說明何時可再試。402 則沒有可以依賴的既定含義。",
        },
    },
};

/* 403 Forbidden */
const struct tp_status_text tp_text_403 = {
    .see_also = {401, 404, 451, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Forbidden",
            .meaning = "The server understood the request but refuses to "
                       "carry it out.",
            .when = "Sent when the server understood the request and refuses "
                    "to perform it: the authenticated user lacks permission, "
                    "the action is turned off, or a policy forbids it. If "
                    "credentials were sent, the server considers them "
                    "insufficient, and the content may say why "
                    "(RFC 9110 15.5.4). teapot's static handler uses it for "
                    "a file it is not permitted to read, a symbolic link "
                    "that leads out of the root, something that is not a "
                    "regular file, and a directory whose listing is turned "
                    "off.",
            .client = "Do not repeat the request automatically with the same "
                      "credentials (RFC 9110 15.5.4). Logging in as someone "
                      "else may help, but often nothing the client can do "
                      "will; show the explanation to the user.",
            .confused = "401 means valid credentials are missing and comes "
                        "with a challenge; 403 has no challenge and refuses "
                        "even a known user. A server that would rather hide "
                        "that the resource exists MAY send 404 instead "
                        "(RFC 9110 15.5.4), and a refusal because of a legal "
                        "demand is better sent as 451.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "禁止访问",
            .meaning = "服务器理解了请求，但拒绝执行。",
            .when = "服务器理解请求但拒绝执行时发送：已认证的用户没有权限、"
                    "相关操作已被关闭，或策略禁止该请求。如果请求带有凭据，"
                    "说明服务器认为这些凭据权限不够，拒绝原因可以写在响应内容"
                    "中（RFC 9110 15.5.4）。teapot "
                    "的静态文件处理器在没有权限读取文件、"
                    "符号链接指向根目录之外、目标不是普通文件，"
                    "以及目录列表被关闭时返回 403。",
            .client = "不要用同样的凭据自动重发请求（RFC 9110 15.5.4）。"
                      "换一个用户登录也许有用，但很多时候客户端无能为力，"
                      "应把说明显示给用户。",
            .confused = "401 表示缺少有效凭据，并附带质询；403 不带质询，"
                        "即使身份已知也会拒绝。服务器如果不想透露资源是否存"
                        "在，MAY 改用 404（RFC 9110 15.5.4）；"
                        "因法律要求而拒绝时，更适合使用 451。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "禁止存取",
            .meaning = "伺服器理解這個請求，但拒絕執行。",
            .when = "伺服器理解請求但拒絕執行時送出：已驗證的使用者沒有權限、"
                    "該操作已被停用，或政策禁止這項請求。若請求附有憑證，"
                    "表示伺服器認為這些憑證權限不足，拒絕原因可以寫在回應內容"
                    "中（RFC 9110 15.5.4）。teapot "
                    "的靜態檔案處理程式在沒有權限讀取檔案、"
                    "符號連結指向根目錄之外、目標不是一般檔案，"
                    "以及目錄列表功能關閉時回 403。",
            .client = "不要用同一組憑證自動重送請求（RFC 9110 15.5.4）。"
                      "改用其他使用者登入或許有用，但多數時候用戶端無能為力，"
                      "應把說明顯示給使用者。",
            .confused = "401 表示缺少有效憑證，並附有質詢；403 不附質詢，"
                        "即使已知身分也會拒絕。伺服器若不想透露資源是否存在，"
                        "MAY 改回 404（RFC 9110 15.5.4）；"
                        "因法律要求而拒絕時，較適合用 451。",
        },
    },
};

/* 404 Not Found */
const struct tp_status_text tp_text_404 = {
    .see_also = {410, 403, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Not Found",
            .meaning = "The server has no current representation of the "
                       "target resource, or will not say whether one exists.",
            .when = "Sent when nothing is mapped to the target URI: no "
                    "route, no file, no record. It does not say whether the "
                    "absence is temporary or permanent, and a server MAY "
                    "also use it to hide a resource it refuses to serve "
                    "(RFC 9110 15.5.4, 15.5.5). teapot's router sends it "
                    "when no handler is registered for the path, and its "
                    "static handler when no file is there or the name is a "
                    "hidden dotfile. The code is heuristically cacheable, so "
                    "add Cache-Control if the resource may appear soon.",
            .client = "Do not retry right away: the same URI keeps failing "
                      "until something changes on the server. Show the "
                      "content to the user, and expect caches to keep the "
                      "404 for a while even without explicit freshness "
                      "(RFC 9111 4.2.2). Links may be kept for now; a 410 is "
                      "the signal to drop them.",
            .confused = "410 adds that the resource is gone for good and "
                        "that links to it should be removed; 404 makes no "
                        "such promise. 403 admits that the resource exists "
                        "and refuses it, which is why a server that wants to "
                        "keep forbidden resources secret answers 404 instead.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "未找到",
            .meaning = "服务器上没有目标资源的当前表示，"
                       "或者服务器不愿透露它是否存在。",
            .when = "目标 URI 没有对应任何东西时发送：没有路由、没有文件、"
                    "没有记录。它不说明资源的缺失是暂时还是永久的；服务器也 "
                    "MAY 用它来掩盖一个拒绝提供的资源（RFC 9110 15.5.4、"
                    "15.5.5）。teapot 的路由在路径上没有注册任何处理器时返回 "
                    "404，静态文件处理器在文件不存在或名称是隐藏的点文件时也"
                    "返回 404。该状态码默认可以启发式缓存，"
                    "所以如果资源可能很快出现，应加上 Cache-Control。",
            .client = "不要马上重试：在服务器发生变化之前，同一个 URI "
                      "会一直失败。把响应内容显示给用户，"
                      "并预期缓存即使没有显式的新鲜度信息，也可能把这个 404 "
                      "保留一段时间（RFC 9111 4.2.2）。链接可以暂时保留，"
                      "收到 410 才是删除它们的信号。",
            .confused = "410 还额外表明资源已永久消失、指向它的链接应当移除，"
                        "404 则不作这种承诺。403 等于承认资源存在但拒绝访问，"
                        "所以想对受禁资源保密的服务器会改用 404。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "找不到",
            .meaning = "伺服器上沒有目標資源目前的表示形式，"
                       "或伺服器不願透露它是否存在。",
            .when = "目標 URI 沒有對應到任何東西時送出：沒有路由、沒有檔案、"
                    "沒有資料。它不表明資源是暫時還是永久不存在；伺服器也 "
                    "MAY 用它來掩飾一個拒絕提供的資源（RFC 9110 15.5.4、"
                    "15.5.5）。teapot 的路由在路徑上沒有註冊任何處理程式時回 "
                    "404，靜態檔案處理程式在檔案不存在或名稱是隱藏的點檔案時"
                    "也回 404。此狀態碼預設可被啟發式快取，"
                    "若資源可能很快出現，應加上 Cache-Control。",
            .client = "不要立刻重試：在伺服器端有所變動之前，同一個 URI "
                      "會一直失敗。把回應內容顯示給使用者，"
                      "也要預期快取即使沒有明確的新鮮度資訊，仍可能把這個 "
                      "404 保留一段時間（RFC 9111 4.2.2）。連結可以暫時保留，"
                      "收到 410 才是刪除它們的訊號。",
            .confused = "410 另外表明資源已永久消失、指向它的連結應該移除，"
                        "404 則不做這種保證。403 等於承認資源存在但拒絕存取，"
                        "所以想對受禁資源保密的伺服器會改回 404。",
        },
    },
};

/* 405 Method Not Allowed */
const struct tp_status_text tp_text_405 = {
    .see_also = {501, 403, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Method Not Allowed",
            .meaning = "The server knows the method, but the target resource "
                       "does not support it.",
            .when = "Sent when the resource exists but does not accept the "
                    "method, such as DELETE on a read-only file. The origin "
                    "server MUST list the methods the resource does support "
                    "in Allow (RFC 9110 15.5.6); an empty Allow means that "
                    "no method is allowed at the moment. teapot's router "
                    "sends 405 with Allow when handlers exist for the path "
                    "but none for the method, which is how a static file "
                    "tree refuses everything but GET, HEAD and OPTIONS.",
            .client = "Do not resend with the same method. Use a method from "
                      "Allow if one does what was meant, or report the "
                      "mistake. A 405 to GET or HEAD is heuristically "
                      "cacheable and may come from a cache until it goes "
                      "stale.",
            .confused = "501 says the server does not implement the method "
                        "for any resource, while 405 says this resource "
                        "refuses a method the server knows (RFC 9110 9.1). "
                        "403 refuses for reasons of permission and carries "
                        "no Allow field.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "方法不允许",
            .meaning = "服务器认识该请求方法，但目标资源不支持它。",
            .when = "资源存在，但不接受所用的方法时发送，例如对只读文件发送 "
                    "DELETE。源服务器 MUST 在 Allow "
                    "头部字段中列出该资源支持的方法（RFC 9110 15.5.6）；"
                    "Allow 为空表示当前不允许任何方法。teapot "
                    "的路由在某个路径有处理器、却没有处理该方法的处理器时，"
                    "返回带 Allow 的 405，静态文件目录正是这样拒绝 GET、HEAD "
                    "和 OPTIONS 以外的方法的。",
            .client = "不要用同一个方法重发。如果 Allow "
                      "中有合适的方法就改用它，否则报告这个错误。对 GET 或 "
                      "HEAD 的 405 可以启发式缓存，在过期之前可能直接由缓存返"
                      "回。",
            .confused = "501 表示服务器对任何资源都没有实现这个方法，405 "
                        "则表示服务器认识该方法，只是这个资源不接受"
                        "（RFC 9110 9.1）。403 是出于权限原因拒绝，也不带 "
                        "Allow 字段。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "方法不允許",
            .meaning = "伺服器認得這個請求方法，但目標資源不支援。",
            .when = "資源存在，卻不接受所用的方法時送出，例如對唯讀檔案送 "
                    "DELETE。來源伺服器 MUST 在 Allow "
                    "標頭欄位中列出該資源支援的方法（RFC 9110 15.5.6）；"
                    "Allow 為空代表目前不允許任何方法。teapot "
                    "的路由在某個路徑有處理程式、卻沒有處理該方法的程式時，"
                    "會回附有 Allow 的 405，靜態檔案目錄就是這樣拒絕 GET、"
                    "HEAD、OPTIONS 以外的方法。",
            .client = "不要用同一個方法重送。Allow 裡若有合適的方法就改用，"
                      "否則回報這個錯誤。對 GET 或 HEAD 的 405 "
                      "可被啟發式快取，在過期之前可能直接由快取傳回。",
            .confused = "501 表示伺服器對任何資源都沒有實作這個方法，405 "
                        "則表示伺服器認得該方法，只是這個資源不接受"
                        "（RFC 9110 9.1）。403 是基於權限而拒絕，也不附 "
                        "Allow 欄位。",
        },
    },
};

/* 406 Not Acceptable */
const struct tp_status_text tp_text_406 = {
    .see_also = {415, 300, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Not Acceptable",
            .meaning = "No representation matches what the request's "
                       "negotiation fields accept, and the server will not "
                       "fall back to a default.",
            .when = "Sent when proactive negotiation fails: none of the "
                    "available representations fits the request's Accept, "
                    "Accept-Language, Accept-Charset or Accept-Encoding, and "
                    "the server chooses not to send a default. The server "
                    "SHOULD list the available representations, with links, "
                    "in the content (RFC 9110 15.5.7), as teapot's static "
                    "handler does. Ignoring the preferences and sending a "
                    "default is just as allowed and often friendlier; for "
                    "Accept-Encoding the server SHOULD send the content "
                    "uncoded unless identity was ruled out (RFC 9110 12.5.3).",
            .client = "Relax the negotiation fields (for instance add */* "
                      "with a low q-value) or let the user pick from the "
                      "listed alternatives. Repeating the same request gets "
                      "the same answer.",
            .confused = "406 is about the response the client is willing to "
                        "accept, as its Accept fields say; 415 is about the "
                        "content the client sent, as its Content-Type or "
                        "Content-Encoding says. 300 also lists alternative "
                        "representations, but as a redirection that invites "
                        "a choice, not as an error.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "不可接受",
            .meaning = "没有任何表示符合请求中协商头部字段所接受的范围，"
                       "而服务器也不愿退而发送默认表示。",
            .when = "主动协商失败时发送：可用的表示都不符合请求的 Accept、"
                    "Accept-Language、Accept-Charset 或 Accept-Encoding，"
                    "而服务器选择不发送默认表示。服务器 SHOULD "
                    "在内容中列出可用的表示及其链接（RFC 9110 15.5.7），"
                    "teapot 的静态文件处理器就是这样做的。无视偏好、"
                    "直接发送默认表示同样合规，而且往往更友好；对于 "
                    "Accept-Encoding，除非请求排除了 identity，服务器 SHOULD "
                    "改为发送不做内容编码的响应（RFC 9110 12.5.3）。",
            .client = "放宽协商字段（例如加上 q 值较低的 */*），"
                      "或让用户从列出的候选中选择。原样重发只会得到同样的结"
                      "果。",
            .confused = "406 针对的是客户端愿意接受的响应，由其 Accept "
                        "系列字段表达；415 针对的是客户端发送的内容，由其 "
                        "Content-Type 或 Content-Encoding 表达。300 "
                        "同样会列出候选表示，但它是请对方挑选的重定向，"
                        "而不是错误。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "無法接受",
            .meaning = "沒有任何表示形式符合請求中協商標頭欄位所接受的範圍，"
                       "而伺服器也不願退而送出預設的表示形式。",
            .when = "主動協商失敗時送出：可用的表示形式都不符合請求的 "
                    "Accept、Accept-Language、Accept-Charset 或 "
                    "Accept-Encoding，而伺服器決定不送預設版本。伺服器 "
                    "SHOULD 在內容中列出可用的表示形式及其連結"
                    "（RFC 9110 15.5.7），teapot "
                    "的靜態檔案處理程式就是這麼做。忽略偏好、"
                    "直接送出預設版本同樣合乎規範，而且往往更友善；就 "
                    "Accept-Encoding 而言，除非請求排除了 identity，伺服器 "
                    "SHOULD 改送不經內容編碼的回應（RFC 9110 12.5.3）。",
            .client = "放寬協商欄位（例如加上 q 值較低的 */*），"
                      "或讓使用者從列出的選項中挑選。原封不動重送只會得到相同"
                      "結果。",
            .confused = "406 針對的是用戶端願意接受的回應，由其 Accept "
                        "系列欄位表達；415 針對的是用戶端送出的內容，由其 "
                        "Content-Type 或 Content-Encoding 表達。300 "
                        "也會列出候選的表示形式，但它是請對方挑選的重新導向，"
                        "而不是錯誤。",
        },
    },
};

/* 407 Proxy Authentication Required */
const struct tp_status_text tp_text_407 = {
    .see_also = {401, 511, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Proxy Authentication Required",
            .meaning = "The client has to authenticate with the proxy before "
                       "the request is passed on.",
            .when = "Sent by a proxy that wants the client to authenticate "
                    "before it forwards the request. The proxy MUST include "
                    "Proxy-Authenticate with a challenge that applies to "
                    "itself (RFC 9110 15.5.8, 11.7.1). Origin servers do not "
                    "send it; teapot produces it only on request, at "
                    "/status/407, together with the challenge the code "
                    "requires.",
            .client = "Obtain credentials for the proxy and repeat the "
                      "request with Proxy-Authorization; that field is meant "
                      "for the proxy that asked, which consumes it "
                      "(RFC 9110 11.7.2). If the same challenge returns "
                      "after credentials were sent, stop and show the "
                      "content to the user.",
            .confused = "401 comes from the origin server and is answered "
                        "with Authorization; 407 comes from a proxy on the "
                        "way and is answered with Proxy-Authorization. 511 "
                        "is what an intercepting network such as a captive "
                        "portal sends to demand a login the client never "
                        "configured, with a link to a login page instead of "
                        "a challenge (RFC 6585 6).",
        },
        [TP_LANG_ZH_CN] = {
            .name = "需要代理身份验证",
            .meaning = "客户端必须先向代理完成身份验证，代理才会转发请求。",
            .when = "由要求客户端先认证、然后才转发请求的代理发送。代理 MUST "
                    "附带 Proxy-Authenticate 头部字段，"
                    "给出适用于它自己的质询（RFC 9110 15.5.8、11.7.1）。"
                    "源服务器不发送此状态码；teapot 只在被要求时通过 "
                    "/status/407 产生它，并附上该状态码要求的质询。",
            .client = "取得该代理的凭据，放入 Proxy-Authorization "
                      "后重发请求；这个字段是给发出质询的那个代理的，"
                      "由它消费（RFC 9110 11.7.2）。"
                      "如果发送凭据后又收到相同的质询，就停止重试，"
                      "把内容显示给用户。",
            .confused = "401 来自源服务器，用 Authorization 回应；407 "
                        "来自途中的代理，用 Proxy-Authorization 回应。511 "
                        "则是强制门户（captive portal）"
                        "这类拦截式网络在要求登录时发送的，"
                        "客户端并没有配置它，响应中给出的是登录页链接而非质询"
                        "（RFC 6585 6）。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "需要代理伺服器驗證",
            .meaning = "用戶端必須先向代理伺服器完成身分驗證，"
                       "代理伺服器才會轉送請求。",
            .when = "由要求用戶端先驗證身分、才肯轉送請求的代理伺服器送出。"
                    "代理伺服器 MUST 附上 Proxy-Authenticate 標頭欄位，"
                    "提供適用於它自己的質詢（RFC 9110 15.5.8、11.7.1）。"
                    "來源伺服器不會送這個狀態碼；teapot 只在被要求時透過 "
                    "/status/407 產生它，並附上此狀態碼要求的質詢。",
            .client = "取得該代理伺服器的憑證，放進 Proxy-Authorization "
                      "後重送請求；這個欄位是給發出質詢的那台代理伺服器，"
                      "會由它取用（RFC 9110 11.7.2）。"
                      "如果送出憑證後又收到相同的質詢，就停止重試，"
                      "把內容顯示給使用者。",
            .confused = "401 來自來源伺服器，以 Authorization 回應；407 "
                        "來自途中的代理伺服器，以 Proxy-Authorization 回應。"
                        "511 則是認證入口網頁（captive portal）"
                        "這類攔截式網路要求登入時送出的，用戶端並沒有設定它，"
                        "回應提供的是登入頁連結而非質詢（RFC 6585 6）。",
        },
    },
};

/* 408 Request Timeout */
const struct tp_status_text tp_text_408 = {
    .see_also = {504, 400, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Request Timeout",
            .meaning = "The complete request did not arrive within the time "
                       "the server was willing to wait.",
            .when = "Sent when a client started a request but did not finish "
                    "sending it, head or content, before the server's "
                    "deadline. The server usually closes the connection "
                    "afterwards, since the framing of a half-received "
                    "request cannot be trusted (RFC 9110 15.5.9). teapot "
                    "sends 408 and closes when a request head it has begun "
                    "to receive, or a request body, stalls past its timeout; "
                    "an idle keep-alive connection with no request in "
                    "progress is closed silently instead.",
            .client = "The request was not processed, so it MAY be repeated, "
                      "on a new connection if the old one was closed "
                      "(RFC 9110 15.5.9). If it keeps happening, the network "
                      "or the client's sending is too slow for the server's "
                      "limits.",
            .confused = "504 is a gateway giving up on an upstream server "
                        "that was too slow to answer; 408 is a server giving "
                        "up on a client that was too slow to ask. 400 is for "
                        "a request that arrived in full but is malformed, "
                        "not one that never arrived in full.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "请求超时",
            .meaning = "在服务器愿意等待的时间内，完整的请求没有到达。",
            .when = "客户端开始发送请求，却没有在服务器的期限内发完（无论是请"
                    "求头部还是请求体）时发送。由于收到一半的请求已无法信任其"
                    "分帧，服务器通常随后关闭连接（RFC 9110 15.5.9）。teapot "
                    "在已开始接收的请求头部或请求体停滞超过时限时发送 408 "
                    "并关闭连接；没有请求在进行的空闲持久连接则直接关闭，"
                    "不发送 408。",
            .client = "请求并未被处理，因此 MAY 重发；如果原连接已关闭，"
                      "就在新连接上重发（RFC 9110 15.5.9）。若频繁出现，"
                      "说明网络或客户端的发送速度跟不上服务器的时限。",
            .confused = "504 是网关等上游服务器应答等得太久而放弃；408 "
                        "是服务器等客户端发完请求等得太久而放弃。400 "
                        "针对的是已经完整到达但格式错误的请求，"
                        "而不是没能完整到达的请求。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "請求逾時",
            .meaning = "在伺服器願意等待的時間內，完整的請求沒有送達。",
            .when = "用戶端開始送出請求，卻沒有在伺服器的期限內送完（不論是請"
                    "求標頭還是請求主體）時送出。由於只收到一半的請求已無法信"
                    "任其長度界定，伺服器通常接著關閉連線（RFC 9110 15.5.9）"
                    "。teapot 在已開始接收的請求標頭或請求主體停滯超過時限"
                    "時，會送出 408 並關閉連線；沒有請求在進行中的閒置持續連"
                    "線則直接關閉，不送 408。",
            .client = "請求並未被處理，因此 MAY 重送；如果原本的連線已關閉，"
                      "就改用新連線（RFC 9110 15.5.9）。若經常發生，"
                      "表示網路或用戶端的傳送速度跟不上伺服器的時限。",
            .confused = "504 是閘道等上游伺服器回應等太久而放棄；408 "
                        "是伺服器等用戶端送完請求等太久而放棄。400 "
                        "用於已完整送達但格式錯誤的請求，"
                        "而不是沒能完整送達的請求。",
        },
    },
};

/* 409 Conflict */
const struct tp_status_text tp_text_409 = {
    .see_also = {412, 422, 423, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Conflict",
            .meaning = "The request clashes with the current state of the "
                       "resource, and resolving the clash may let it succeed.",
            .when = "Sent when the request is valid in itself but cannot be "
                    "applied to the resource as it now stands, and the user "
                    "might resolve the clash and try again: a PUT based on "
                    "an outdated version, a name that is already taken, or "
                    "in WebDAV a PUT or MKCOL whose parent collection does "
                    "not exist (RFC 4918 9.3.1, 9.7.1). The server SHOULD "
                    "describe the conflict in the content well enough for "
                    "the user to recognize its source (RFC 9110 15.5.10).",
            .client = "Do not simply repeat the request. Fetch the current "
                      "state, resolve the conflict (merge, rename, create "
                      "the parent first) and send a new request; show the "
                      "explanation to the user when a person has to decide.",
            .confused = "412 is the outcome of a condition the client itself "
                        "set in If-Match or If-Unmodified-Since, checked "
                        "before the method runs; 409 is the server's own "
                        "finding that the change clashes with the current "
                        "state. 422 is for content that is wrong in itself "
                        "whatever the state, and 423 for a resource that is "
                        "locked (WebDAV).",
        },
        [TP_LANG_ZH_CN] = {
            .name = "冲突",
            .meaning = "请求与资源的当前状态相冲突，解决冲突后请求可能就能成"
                       "功。",
            .when = "请求本身没有问题，但无法作用于资源的当前状态，"
                    "而用户有可能解决冲突后再试时发送：例如基于过时版本的 "
                    "PUT、名称已被占用，或者在 WebDAV 中，PUT 或 MKCOL "
                    "的父集合不存在（RFC 4918 9.3.1、9.7.1）。服务器 SHOULD "
                    "在内容中对冲突作足够的说明，让用户能看出冲突的来源"
                    "（RFC 9110 15.5.10）。",
            .client = "不要简单地重发。先获取资源的当前状态，解决冲突（合并、"
                      "改名、先创建父集合）后再发送新的请求；"
                      "需要由人来决定时，把说明显示给用户。",
            .confused = "412 源于客户端自己在 If-Match 或 "
                        "If-Unmodified-Since 中设定的条件，"
                        "在执行方法之前就已检查；409 则是服务器自己发现这项修"
                        "改与当前状态冲突。422 表示内容本身有误，"
                        "与资源状态无关；423 表示资源已被锁定（WebDAV）。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "衝突",
            .meaning = "請求與資源目前的狀態互相衝突，排除衝突後請求可能就會"
                       "成功。",
            .when = "請求本身沒有問題，卻無法套用在資源目前的狀態上，"
                    "而使用者有可能排除衝突後再試時送出：例如依據過時版本的 "
                    "PUT、名稱已被使用，或在 WebDAV 中 PUT 或 MKCOL "
                    "的上層集合不存在（RFC 4918 9.3.1、9.7.1）。伺服器 "
                    "SHOULD 在內容中充分說明衝突，讓使用者看得出衝突從何而來"
                    "（RFC 9110 15.5.10）。",
            .client = "不要直接重送。先取得資源目前的狀態，排除衝突（合併、"
                      "改名、先建立上層集合）後再送出新的請求；"
                      "需要由人決定時，把說明顯示給使用者。",
            .confused = "412 來自用戶端自己在 If-Match 或 "
                        "If-Unmodified-Since 中設下的條件，"
                        "在執行方法前就先檢查；409 則是伺服器自行發現這項修改"
                        "與目前狀態衝突。422 表示內容本身有誤，"
                        "與資源狀態無關；423 表示資源已被鎖定（WebDAV）。",
        },
    },
};

/* 410 Gone */
const struct tp_status_text tp_text_410 = {
    .see_also = {404, 301, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Gone",
            .meaning = "The resource is no longer available here, and that "
                       "is likely to be permanent.",
            .when = "Sent when the server knows the resource was removed on "
                    "purpose and will not come back, such as an expired "
                    "promotion or a deleted account, and wants links to it "
                    "taken down (RFC 9110 15.5.11). If the server cannot "
                    "tell whether the removal is permanent, 404 is the right "
                    "answer. Nothing obliges a server to keep answering 410 "
                    "for any particular time, and the code is heuristically "
                    "cacheable.",
            .client = "Do not retry. Remove bookmarks and links to the URI, "
                      "and a crawler should drop it from its index; caches "
                      "may keep the 410 even without explicit freshness "
                      "(RFC 9111 4.2.2).",
            .confused = "404 leaves open whether the resource may come back; "
                        "410 says it will not. When the resource still "
                        "exists at a new URI, 301 is the right answer, since "
                        "it tells the client where to go instead of only "
                        "that the resource is gone.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "已不存在",
            .meaning = "该资源在这里已不再可用，而且这很可能是永久性的。",
            .when = "服务器知道资源是被有意移除、不会再回来，"
                    "例如已结束的促销活动或已注销的账户，"
                    "并希望指向它的链接被撤下时发送（RFC 9110 15.5.11）。"
                    "如果服务器无法判断移除是否永久，应使用 404。"
                    "服务器并无义务在任何特定期限内持续返回 410；"
                    "该状态码默认可以启发式缓存。",
            .client = "不要重试。删除指向该 URI 的书签和链接，"
                      "爬虫应把它从索引中移除；即使没有显式的新鲜度信息，"
                      "缓存也可能保存这个 410（RFC 9111 4.2.2）。",
            .confused = "404 不表态资源是否会回来，410 则明确表示不会。"
                        "如果资源只是换到了新的 URI，应该使用 301，"
                        "因为它会告诉客户端该去哪里，而不只是说资源没了。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "已不存在",
            .meaning = "這個資源在此處已無法取得，而且很可能是永久的。",
            .when = "伺服器知道資源是刻意移除、不會再回來，"
                    "例如已結束的促銷活動或已刪除的帳號，"
                    "並希望指向它的連結被撤下時送出（RFC 9110 15.5.11）。"
                    "若伺服器無法判斷移除是否永久，應改用 404。"
                    "伺服器沒有義務在特定期間內持續回 410；"
                    "此狀態碼預設可被啟發式快取。",
            .client = "不要重試。刪除指向該 URI 的書籤與連結，"
                      "爬蟲應將它從索引中移除；即使沒有明確的新鮮度資訊，"
                      "快取也可能儲存這個 410（RFC 9111 4.2.2）。",
            .confused = "404 不表明資源會不會回來，410 則明確表示不會。"
                        "資源若只是搬到新的 URI，應該用 301，"
                        "因為它會告訴用戶端該去哪裡，而不只是說資源不見了。",
        },
    },
};

/* 411 Length Required */
const struct tp_status_text tp_text_411 = {
    .see_also = {400, 413, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Length Required",
            .meaning = "The server refuses the request unless it states its "
                       "length in Content-Length.",
            .when = "Sent by a server that insists on knowing the size of "
                    "the request content in advance and receives content "
                    "without a Content-Length, typically a chunked upload; "
                    "RFC 9112 6.3 allows a server to refuse such requests "
                    "this way. teapot decodes chunked request bodies, so it "
                    "has no reason to send 411 of its own accord.",
            .client = "Repeat the request with a valid Content-Length giving "
                      "the length of the content (RFC 9110 15.5.12), "
                      "buffering the content first if its size was not "
                      "known. That is all the server is asking for.",
            .confused = "400 is for a Content-Length that is present but "
                        "invalid or in conflict with Transfer-Encoding; 411 "
                        "is for one that is missing. 413 is for content "
                        "whose declared or actual size is too large, not for "
                        "content whose size was never declared.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "需要长度",
            .meaning = "除非请求在 Content-Length 中声明自身长度，"
                       "否则服务器拒绝处理。",
            .when = "服务器坚持预先知道请求内容的大小，"
                    "而收到的请求带有内容却没有 Content-Length（通常是 "
                    "chunked 上传）时发送；RFC 9112 6.3 "
                    "允许服务器以这种方式拒绝。teapot 能够解码 chunked "
                    "请求体，因此不会主动发送 411。",
            .client = "带上正确表示内容长度的 Content-Length "
                      "重发请求（RFC 9110 15.5.12）；如果事先不知道大小，"
                      "就先把内容缓冲下来再发。服务器要的仅此而已。",
            .confused = "400 针对的是存在但无效、或与 Transfer-Encoding "
                        "冲突的 Content-Length，411 针对的是缺少 "
                        "Content-Length。413 针对的是声明的或实际的大小过大，"
                        "而不是大小从未声明。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "需要長度",
            .meaning = "除非請求在 Content-Length 中註明自己的長度，"
                       "否則伺服器拒絕處理。",
            .when = "伺服器堅持事先知道請求內容的大小，卻收到有內容但沒有 "
                    "Content-Length 的請求（通常是 chunked 上傳）時送出；"
                    "RFC 9112 6.3 允許伺服器用這種方式拒絕。teapot 可以解碼 "
                    "chunked 請求主體，因此不會主動送出 411。",
            .client = "補上正確標示內容長度的 Content-Length "
                      "後重送請求（RFC 9110 15.5.12）；若事先不知道大小，"
                      "就先把內容暫存起來再送。伺服器要求的就只有這樣。",
            .confused = "400 用於 Content-Length 存在但無效、或與 "
                        "Transfer-Encoding 衝突的情況，411 則是根本沒有 "
                        "Content-Length。413 是宣告或實際的大小太大，"
                        "而不是從未宣告大小。",
        },
    },
};

/* 412 Precondition Failed */
const struct tp_status_text tp_text_412 = {
    .see_also = {428, 304, 409, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Precondition Failed",
            .meaning = "A condition in the request header fields turned out "
                       "false, so the method was not applied.",
            .when = "Sent when a precondition in the request evaluates to "
                    "false, so the method is not applied: an If-Match or "
                    "If-Unmodified-Since that the current representation no "
                    "longer satisfies, or an If-None-Match that matches on a "
                    "method other than GET or HEAD, such as If-None-Match: * "
                    "on a PUT meant only to create (RFC 9110 13.1, 13.2.2). "
                    "In other words, a lost-update check failed. teapot "
                    "evaluates the conditions in the order of "
                    "RFC 9110 13.2.2 and answers 412 for its static files "
                    "and its test endpoints alike.",
            .client = "Do not resend the same request: the resource changed "
                      "since it was last seen. GET it again for the current "
                      "validators, reconcile the change with it and retry "
                      "with the new ETag in If-Match; for a create-only PUT, "
                      "the 412 means the resource already exists.",
            .confused = "428 says the request should have carried a "
                        "condition and did not; 412 says the condition it "
                        "carried was false. When If-None-Match or "
                        "If-Modified-Since fails on GET or HEAD the answer "
                        "is 304, meaning the cached copy is still good. 409 "
                        "comes from the server's own check of the resource "
                        "state, with no condition in the request.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "前置条件失败",
            .meaning = "请求头部字段中的某个条件经检验不成立，"
                       "因此没有执行该方法。",
            .when = "请求中的前置条件求值为假、方法因此未被执行时发送："
                    "当前表示已不再满足 If-Match 或 If-Unmodified-Since，"
                    "或者在 GET、HEAD 以外的方法上 If-None-Match 匹配成功，"
                    "例如“仅创建”的 PUT 带了 If-None-Match: "
                    "*（RFC 9110 13.1、13.2.2）。换句话说，"
                    "防止更新丢失的检查没有通过。teapot 按 RFC 9110 13.2.2 "
                    "规定的顺序求值这些条件，静态文件和测试端点都会据此返回 "
                    "412。",
            .client = "不要原样重发：资源在上次获取之后已经变了。重新 GET "
                      "以取得当前的验证器，把修改与最新内容合并，再把新的 "
                      "ETag 放进 If-Match 重试；对“仅创建”的 PUT 而言，412 "
                      "表示资源已经存在。",
            .confused = "428 表示请求本应带条件却没有带，412 "
                        "表示带了条件但条件不成立。对 GET 或 HEAD，"
                        "If-None-Match 或 If-Modified-Since 不成立时应答 "
                        "304，意思是缓存的副本仍然有效。409 "
                        "来自服务器自己对资源状态的检查，"
                        "请求中不需要带任何条件。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "先決條件失敗",
            .meaning = "請求標頭欄位中的某個條件經檢驗不成立，"
                       "因此沒有執行該方法。",
            .when = "請求中的先決條件判定為偽、方法因此沒有執行時送出："
                    "目前的表示形式已不再符合 If-Match 或 "
                    "If-Unmodified-Since，或在 GET、HEAD 以外的方法上 "
                    "If-None-Match 比對成功，例如「只建立不覆寫」的 PUT 帶了 "
                    "If-None-Match: *（RFC 9110 13.1、13.2.2）。換句話說，"
                    "防止更新遺失的檢查沒有通過。teapot 依 RFC 9110 13.2.2 "
                    "規定的順序判定這些條件，靜態檔案與測試端點都會據此回 "
                    "412。",
            .client = "不要原封不動重送：資源在上次取得之後已經變更。重新 "
                      "GET 以取得目前的驗證器，把修改與最新內容合併，"
                      "再把新的 ETag 放進 If-Match 重試；對「只建立」的 PUT "
                      "而言，412 代表資源已經存在。",
            .confused = "428 表示請求應該帶條件卻沒帶，412 "
                        "表示帶了條件但條件不成立。對 GET 或 HEAD 而言，"
                        "If-None-Match 或 If-Modified-Since 不成立時回的是 "
                        "304，表示快取的副本仍然有效。409 "
                        "來自伺服器自己對資源狀態的檢查，"
                        "請求中不必帶任何條件。",
        },
    },
};

/* 413 Content Too Large */
const struct tp_status_text tp_text_413 = {
    .see_also = {431, 414, 507, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Content Too Large",
            .meaning = "The request content is larger than the server is "
                       "willing or able to process.",
            .when = "Sent when the request content exceeds what the server "
                    "accepts, usually a configured upload limit; RFC 7231 "
                    "called it \"Payload Too Large\". The server MAY close "
                    "the connection to stop the transfer, and if the "
                    "condition is temporary it SHOULD send Retry-After "
                    "(RFC 9110 15.5.14). teapot compares Content-Length with "
                    "its body limit before reading any content and counts a "
                    "chunked body as it arrives; either way it answers 413 "
                    "and closes, so a client that declared the length and "
                    "used Expect: 100-continue never has to send the body.",
            .client = "Do not resend the same content unchanged: make it "
                      "smaller, split it over several requests or use a "
                      "resumable upload. If Retry-After is present, the "
                      "limit is temporary and the request may be repeated "
                      "after that time. Sending Expect: 100-continue with "
                      "large uploads reveals the limit before the content is "
                      "transferred.",
            .confused = "431 is for oversized header fields and 414 for an "
                        "oversized target URI; 413 concerns only the "
                        "content. 507 (WebDAV) says the server lacks the "
                        "storage to complete the request, a shortage on its "
                        "side, whereas 413 is a limit on what one request "
                        "may carry.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "内容过大",
            .meaning = "请求内容超出了服务器愿意或能够处理的大小。",
            .when = "请求内容超出服务器接受的上限（通常是配置的上传限制）"
                    "时发送；RFC 7231 中它的名称还是“Payload Too Large”。"
                    "服务器 MAY 关闭连接以中止传输；如果限制是暂时的，SHOULD "
                    "附带 Retry-After（RFC 9110 15.5.14）。teapot "
                    "在读取任何内容之前就把 Content-Length 与请求体上限比较，"
                    "对 chunked 请求体则边接收边计数；两种情况都返回 413 "
                    "并关闭连接，所以声明了长度并使用 Expect: 100-continue "
                    "的客户端根本不必发送请求体。",
            .client = "不要原样重发相同的内容：缩小内容、拆分成多个请求，"
                      "或改用可续传的上传方式。如果带有 Retry-After，"
                      "说明限制是暂时的，可在该时间之后重试。"
                      "上传大文件时发送 Expect: 100-continue，"
                      "就能在传输内容之前得知限制。",
            .confused = "431 针对过大的头部字段，414 针对过长的目标 URI；413 "
                        "只关乎请求内容。507（WebDAV）"
                        "表示服务器没有足够的存储空间来完成请求，"
                        "是服务器一侧的短缺，而 413 是对单个请求所能携带内容"
                        "的限制。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "內容過大",
            .meaning = "請求內容超過伺服器願意或能夠處理的大小。",
            .when = "請求內容超過伺服器接受的上限（通常是設定的上傳限制）"
                    "時送出；在 RFC 7231 中它的名稱還是「Payload Too "
                    "Large」。伺服器 MAY 關閉連線以中止傳輸；"
                    "若限制只是暫時的，SHOULD 附上 "
                    "Retry-After（RFC 9110 15.5.14）。teapot "
                    "會在讀取任何內容之前先拿 Content-Length "
                    "與請求主體的上限比較，對 chunked 請求主體則邊收邊計算；"
                    "兩種情況都回 413 並關閉連線，因此宣告了長度並使用 "
                    "Expect: 100-continue 的用戶端根本不必送出請求主體。",
            .client = "不要原封不動重送相同的內容：縮小內容、拆成多個請求，"
                      "或改用可續傳的上傳方式。如果附有 Retry-After，"
                      "表示限制是暫時的，可在該時間後重試。"
                      "上傳大型檔案時送出 Expect: 100-continue，"
                      "就能在傳送內容之前得知限制。",
            .confused = "431 針對過大的標頭欄位，414 針對過長的目標 URI；413 "
                        "只跟請求內容有關。507（WebDAV）"
                        "表示伺服器沒有足夠的儲存空間完成請求，"
                        "是伺服器這一端的不足，而 413 "
                        "是對單一請求所能攜帶內容的限制。",
        },
    },
};

/* 414 URI Too Long */
const struct tp_status_text tp_text_414 = {
    .see_also = {431, 413, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "URI Too Long",
            .meaning = "The target URI is longer than the server is willing "
                       "to interpret.",
            .when = "Sent when the request-target is longer than the server "
                    "is willing to parse; RFC 9112 3 makes 414 a MUST in "
                    "that case, and RFC 9110 4.1 recommends supporting URIs "
                    "of at least 8000 octets. It usually points to a form "
                    "that put its data in the query instead of using POST, a "
                    "redirect loop that lengthens the URI each time, or an "
                    "attack. teapot refuses request-targets over 16384 "
                    "octets, and paths too long for its static handler to "
                    "map to a file name.",
            .client = "Do not retry the same URI. Move bulky parameters into "
                      "request content, for instance with POST, and check "
                      "for a redirect loop that appends to the URI on every "
                      "round; caches may store the 414.",
            .confused = "431 is for header fields that are too large, long "
                        "cookies included, and 413 for content that is too "
                        "large; 414 concerns only the target URI on the "
                        "request line.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "URI 过长",
            .meaning = "目标 URI 超出了服务器愿意解析的长度。",
            .when = "请求目标长于服务器愿意解析的长度时发送；RFC 9112 3 "
                    "规定此时 MUST 返回 414，RFC 9110 4.1 则建议至少支持 "
                    "8000 个八位字节的 URI。出现它通常意味着：本该用 POST "
                    "的表单把数据塞进了查询字符串、每次都把 URI "
                    "加长的重定向循环，或者有人在发动攻击。teapot 拒绝超过 "
                    "16384 个八位字节的请求目标，以及长到静态文件处理器无法映"
                    "射为文件名的路径。",
            .client = "不要重试同一个 URI。把大量参数移到请求内容中（例如改"
                      "用 POST），并检查是否存在每一轮都往 URI "
                      "上追加内容的重定向循环；缓存可能会存储这个 414。",
            .confused = "431 针对过大的头部字段（包括过长的 Cookie），413 "
                        "针对过大的请求内容；414 只关乎请求行中的目标 URI。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "URI 過長",
            .meaning = "目標 URI 超過伺服器願意解讀的長度。",
            .when = "請求目標比伺服器願意剖析的長度還長時送出；RFC 9112 3 "
                    "規定此時 MUST 回 414，RFC 9110 4.1 則建議至少支援長達 "
                    "8000 個位元組的 URI。它通常代表：本該用 POST "
                    "的表單把資料塞進查詢字串、每次都把 URI "
                    "加長的重新導向迴圈，或是有人在發動攻擊。teapot "
                    "會拒絕超過 16384 個位元組的請求目標，"
                    "以及長到靜態檔案處理程式無法對應成檔名的路徑。",
            .client = "不要用同一個 URI 重試。把大量參數移到請求內容中（例如"
                      "改用 POST），並檢查是否有每一輪都往 URI "
                      "後面附加內容的重新導向迴圈；快取可能會儲存這個 414。",
            .confused = "431 針對過大的標頭欄位（包括過長的 Cookie），413 "
                        "針對過大的請求內容；414 只涉及請求列中的目標 URI。",
        },
    },
};

/* 415 Unsupported Media Type */
const struct tp_status_text tp_text_415 = {
    .see_also = {406, 400, 422, 0},
    .words = {
        [TP_LANG_EN] = {
            .name = "Unsupported Media Type",
            .meaning = "The request content is in a format or coding that "
                       "this method on this resource does not support.",
            .when = "Sent when the origin server will not take the request "
                    "content in its format: a Content-Type this method does "
                    "not accept on this resource, a Content-Encoding it "
                    "cannot decode, or data that on inspection is not what "
                    "it claims to be (RFC 9110 15.5.16). For a media type "
                    "problem the response can list the accepted types in "
                    "Accept, or in Accept-Post or Accept-Patch for POST and "
                    "PATCH (RFC 5789 says a 415 to PATCH SHOULD carry "
                    "Accept-Patch); for a content coding problem it ought to "
                    "carry Accept-Encoding.",
            .client = "Resend the content in one of the formats or codings "
                      "the response lists, or without a content coding; "
                      "repeating it unchanged fails again. Check that "
                      "Content-Type is set at all and matches the data "
                      "actually sent.",
            .confused = "406 is about the response format the client asked "
                        "for in Accept; 415 is about the format of the "
                        "content it sent. 400 is for content that cannot be "
                        "parsed at all, and 422 for content of a supported "
                        "type that parses but cannot be acted on.",
        },
        [TP_LANG_ZH_CN] = {
            .name = "不支持的媒体类型",
            .meaning = "请求内容所用的格式或编码，不受该资源的这个方法支持。",
            .when = "源服务器不接受请求内容的格式时发送："
                    "该资源的这个方法不接受其 Content-Type、无法解码其 "
                    "Content-Encoding，或检查数据后发现它与声明的类型不符"
                    "（RFC 9110 15.5.16）。媒体类型不受支持时，响应可以在 "
                    "Accept 中列出可接受的类型，POST 和 PATCH 则用 "
                    "Accept-Post、Accept-Patch（RFC 5789 规定对 PATCH 的 415 "
                    "SHOULD 附带 Accept-Patch）；内容编码不受支持时，应附带 "
                    "Accept-Encoding。",
            .client = "按响应中列出的格式或编码重新发送内容，"
                      "或者去掉内容编码；原样重发只会再次失败。"
                      "同时检查是否设置了 Content-Type，"
                      "以及它与实际发送的数据是否一致。",
            .confused = "406 关乎客户端在 Accept 中要求的响应格式，415 "
                        "关乎它发送的内容的格式。400 针对根本无法解析的内容，"
                        "422 针对类型受支持、能够解析却无法执行的内容。",
        },
        [TP_LANG_ZH_TW] = {
            .name = "不支援的媒體類型",
            .meaning = "請求內容使用的格式或編碼，不受這個資源的該方法支援。",
            .when = "來源伺服器不接受請求內容的格式時送出："
                    "這個資源的該方法不接受其 Content-Type、無法解碼其 "
                    "Content-Encoding，或檢查資料後發現與宣告的類型不符"
                    "（RFC 9110 15.5.16）。媒體類型不受支援時，回應可以在 "
                    "Accept 中列出可接受的類型，POST 與 PATCH 則用 "
                    "Accept-Post、Accept-Patch（RFC 5789 規定對 PATCH 的 415 "
                    "SHOULD 附上 Accept-Patch）；內容編碼不受支援時，應附上 "
                    "Accept-Encoding。",
            .client = "依回應列出的格式或編碼重新送出內容，或拿掉內容編碼；"
                      "原封不動重送只會再次失敗。也要確認有設定 "
                      "Content-Type，且與實際送出的資料相符。",
            .confused = "406 關乎用戶端在 Accept 中要求的回應格式，415 "
                        "關乎它送出的內容格式。400 用於根本無法剖析的內容，"
                        "422 用於類型受支援、可以剖析卻無法執行的內容。",
        },
    },
};
