//! The service's errors: a status, a stable code and a message in both
//! languages, sent as `{"error": {"status", "code", "message", "help"}}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use serde_json::json;

use crate::engine::Lang;
use crate::input::InputError;

/// A request the service answers with an error status.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// Stable, for programs: `too-large`, `unsupported-format`, ….
    pub code: &'static str,
    zh: String,
    en: String,
    help_zh: Option<String>,
    help_en: Option<String>,
}

impl ApiError {
    /// An error with a message in Chinese and in English.
    pub fn new(status: StatusCode, code: &'static str, zh: &str, en: &str) -> ApiError {
        ApiError {
            status,
            code,
            zh: zh.to_string(),
            en: en.to_string(),
            help_zh: None,
            help_en: None,
        }
    }

    /// Adds what to do, in both languages.
    #[must_use]
    pub fn help(mut self, zh: &str, en: &str) -> ApiError {
        self.help_zh = Some(zh.to_string());
        self.help_en = Some(en.to_string());
        self
    }

    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    /// The response: the status and the JSON error in `lang`.
    #[must_use]
    pub fn response(&self, lang: Lang) -> Response {
        let help = match lang {
            Lang::Zh => self.help_zh.as_deref(),
            Lang::En => self.help_en.as_deref(),
        };
        let body = json!({
            "error": {
                "status": self.status.as_u16(),
                "code": self.code,
                "message": self.message(lang),
                "help": help,
            }
        });
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"xxgk-lint\""),
            );
        }
        response
    }

    pub fn bad_request(code: &'static str, zh: &str, en: &str) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, zh, en)
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "缺少访问令牌或令牌不正确",
            "the access token is missing or wrong",
        )
        .help(
            "在请求头中加上 Authorization: Bearer <令牌>（令牌由服务管理员提供）",
            "send the header Authorization: Bearer <token> (the service's administrator has the token)",
        )
    }

    pub fn not_found() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "没有这个地址",
            "no such address",
        )
        .help(
            "接口见 /api/v1/check、/api/v1/annotate、/api/v1/rules、/healthz、/metrics",
            "the endpoints are /api/v1/check, /api/v1/annotate, /api/v1/rules, /healthz and /metrics",
        )
    }

    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "这个地址不接受该请求方法",
            "this address does not accept the request's method",
        )
        .help(
            "检查报告用 POST /api/v1/check，生成带批注的文档用 POST /api/v1/annotate；其余接口用 GET",
            "use POST for /api/v1/check and /api/v1/annotate, and GET for the other endpoints",
        )
    }

    /// The body is larger than the service accepts.
    pub fn body_too_large(limit: u64) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            &format!("请求超过 {limit} 字节的上限，未检查"),
            &format!("the request is over the limit of {limit} bytes; it was not checked"),
        )
        .help(
            "年度报告很少超过几兆字节：请确认文件是否正确；上限由服务的 --max-body-size 设定",
            "a report is rarely over a few megabytes: check that this is the right file; the service's --max-body-size sets the limit",
        )
    }

    /// The service has no free worker, or waited too long for one.
    pub fn busy() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "服务正忙，请稍后再试",
            "the service is busy; try again in a moment",
        )
    }

    pub fn timed_out(seconds: u64) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            &format!("检查未能在 {seconds} 秒内完成"),
            &format!("the check did not finish within {seconds} seconds"),
        )
        .help(
            "服务正忙或文件过大；请稍后再试",
            "the service is busy or the file is very large; try again later",
        )
    }

    /// The request body did not arrive in time.
    pub fn body_timeout(seconds: u64) -> ApiError {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "body-timeout",
            &format!("请求内容未能在 {seconds} 秒内收完"),
            &format!("the request body did not arrive within {seconds} seconds"),
        )
    }

    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "检查时出现内部错误",
            "an internal error stopped the check",
        )
    }
}

impl From<&InputError> for ApiError {
    /// A file that is not read: too large (413), a format that is not
    /// read (415), or a damaged Word document (422).
    fn from(error: &InputError) -> ApiError {
        let (status, code) = match error {
            InputError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "too-large"),
            InputError::Pdf { .. } => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "pdf"),
            InputError::Doc { .. } => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "old-word"),
            InputError::Unsupported { .. } | InputError::NotDocx { .. } => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-format")
            }
            InputError::NotAnnotatable { .. } => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "needs-docx"),
            InputError::Docx { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "damaged"),
        };
        let zh = error.localized(Lang::Zh);
        let en = error.localized(Lang::En);
        let help = |diagnostic: &miette::MietteDiagnostic| diagnostic.help.clone();
        ApiError {
            status,
            code,
            zh: zh.message.clone(),
            en: en.message.clone(),
            help_zh: help(&zh),
            help_en: help(&en),
        }
    }
}
