//! The routes, the request handling of `POST /api/v1/check`, and the
//! middleware (token, counts, security headers, compression).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{
    DefaultBodyLimit, FromRequest as _, FromRequestParts, MatchedPath, Multipart, Query, Request,
    State,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse as _, Response};
use axum::routing::{MethodRouter, get, post};
use http_body_util::BodyExt as _;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate as _};
use tower_http::set_header::SetResponseHeaderLayer;

use super::error::ApiError;
use super::metrics::Outcome;
use super::{Service, page};
use crate::config::FileSettings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{Lang, RuleMeta};
use crate::input::{Input, InputError};
use crate::linter::{FileOptions, Linter};
use crate::model::Report;
use crate::render::{FileResult, Sink as _, Summary};

/// One route of the service.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    pub method: &'static str,
    /// As the OpenAPI description writes it (`/api/v1/rules/{code}`).
    pub path: &'static str,
    /// Whether it requires the token (when the service has one).
    pub protected: bool,
}

/// Every route the service answers; the router is built from this list
/// and a test holds `docs/openapi.json` to it.
pub const ROUTES: [Route; 9] = [
    Route {
        method: "GET",
        path: "/",
        protected: false,
    },
    Route {
        method: "GET",
        path: "/app.js",
        protected: false,
    },
    Route {
        method: "GET",
        path: "/app.css",
        protected: false,
    },
    Route {
        method: "GET",
        path: "/healthz",
        protected: false,
    },
    Route {
        method: "GET",
        path: "/metrics",
        protected: true,
    },
    Route {
        method: "POST",
        path: "/api/v1/check",
        protected: true,
    },
    Route {
        method: "POST",
        path: "/api/v1/annotate",
        protected: true,
    },
    Route {
        method: "GET",
        path: "/api/v1/rules",
        protected: true,
    },
    Route {
        method: "GET",
        path: "/api/v1/rules/{code}",
        protected: true,
    },
];

/// The handler of a route of [`ROUTES`].
fn handler(route: Route) -> Option<MethodRouter<Arc<Service>>> {
    Some(match (route.method, route.path) {
        ("GET", "/") => get(page::index),
        ("GET", "/app.js") => get(page::script),
        ("GET", "/app.css") => get(page::style),
        ("GET", "/healthz") => get(healthz),
        ("GET", "/metrics") => get(metrics),
        ("POST", "/api/v1/check") => post(check),
        ("POST", "/api/v1/annotate") => post(annotate),
        ("GET", "/api/v1/rules") => get(rules),
        ("GET", "/api/v1/rules/{code}") => get(rule),
        _ => return None,
    })
}

/// No script, style, image or connection from anywhere but the service;
/// no inline script or style; never framed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/// The application: routes, token check, counts, headers, compression.
pub(super) fn router(service: Arc<Service>) -> Router {
    let mut open = Router::new();
    let mut protected = Router::new();
    for route in ROUTES {
        let Some(method_router) = handler(route) else {
            continue;
        };
        if route.protected {
            protected = protected.route(route.path, method_router);
        } else {
            open = open.route(route.path, method_router);
        }
    }
    let protected = protected.route_layer(middleware::from_fn_with_state(
        Arc::clone(&service),
        authorize,
    ));
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    open.merge(protected)
        // The service reads bodies within --max-body-size itself.
        .layer(DefaultBodyLimit::disable())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(Arc::clone(&service), record))
        // An annotated copy is a zip: compressing it again costs time for
        // nothing.
        .layer(
            CompressionLayer::new().compress_when(
                DefaultPredicate::new().and(NotForContentType::const_new(DOCX_TYPE)),
            ),
        )
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(service)
}

/// Counts every request by route (never by the path asked for, which is
/// the client's) and status, with its time.
async fn record(State(service): State<Arc<Service>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .and_then(|matched| ROUTES.iter().find(|route| route.path == matched.as_str()))
        .map_or("other", |route| route.path);
    let response = next.run(request).await;
    service
        .metrics
        .request(route, response.status().as_u16(), started.elapsed());
    response
}

/// With a token configured: `Authorization: Bearer TOKEN` or 401.
async fn authorize(State(service): State<Arc<Service>>, request: Request, next: Next) -> Response {
    if let Some(token) = &service.token {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim);
        if !given.is_some_and(|given| same(given.as_bytes(), token.as_bytes())) {
            let lang = request_lang(query_lang(request.uri().query()), request.headers(), None);
            return ApiError::unauthorized().response(lang);
        }
    }
    next.run(request).await
}

/// Compares in time that depends only on the lengths.
fn same(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

async fn not_found(request: Request) -> Response {
    let lang = request_lang(query_lang(request.uri().query()), request.headers(), None);
    ApiError::not_found().response(lang)
}

async fn method_not_allowed(request: Request) -> Response {
    let lang = request_lang(query_lang(request.uri().query()), request.headers(), None);
    ApiError::method_not_allowed().response(lang)
}

async fn healthz() -> Response {
    axum::Json(json!({ "status": "ok" })).into_response()
}

async fn metrics(State(service): State<Arc<Service>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        service.metrics.render(),
    )
        .into_response()
}

/// The query of `/api/v1/rules` and `/api/v1/rules/{code}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesQuery {
    lang: Option<String>,
    year: Option<String>,
}

/// A query with a `lang` parameter.
trait LangQuery {
    fn lang(&self) -> Option<&str>;
}

impl LangQuery for RulesQuery {
    fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}

impl LangQuery for CheckQuery {
    fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}

impl LangQuery for AnnotateQuery {
    fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}

/// A request's query and the language it asks for: `?lang=`, else as
/// [`request_lang`] decides. A query that cannot be read, or an unknown
/// language, is answered with 400 in the language of the request's
/// headers.
struct Asked<Q> {
    query: Q,
    lang: Lang,
}

impl<Q: LangQuery + DeserializeOwned + Send> FromRequestParts<Arc<Service>> for Asked<Q> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        service: &Arc<Service>,
    ) -> Result<Asked<Q>, Response> {
        let fallback = request_lang(None, &parts.headers, service.config.lang());
        let answer = |error: ApiError| error.response(fallback);
        let Query(query) = Query::<Q>::try_from_uri(&parts.uri)
            .map_err(|rejection| answer(bad_query(&rejection.body_text())))?;
        let asked = parse_lang(query.lang()).map_err(answer)?;
        Ok(Asked {
            lang: request_lang(asked, &parts.headers, service.config.lang()),
            query,
        })
    }
}

/// `GET /api/v1/rules`: what `rules --json` prints.
async fn rules(
    State(service): State<Arc<Service>>,
    Asked { query, lang }: Asked<RulesQuery>,
) -> Response {
    let year = match parse_year(query.year.as_deref()) {
        Ok(year) => year,
        Err(error) => return error.response(lang),
    };
    let list: Vec<Value> = crate::cli::rules::effective_rules(&service.config.linter, year)
        .into_iter()
        .map(crate::cli::rules::rule_json)
        .collect();
    axum::Json(Value::Array(list)).into_response()
}

/// `GET /api/v1/rules/{code}`: the rule and what `explain` says of it.
async fn rule(
    State(service): State<Arc<Service>>,
    axum::extract::Path(code): axum::extract::Path<String>,
    Asked { query, lang }: Asked<RulesQuery>,
) -> Response {
    if let Err(error) = parse_year(query.year.as_deref()) {
        return error.response(lang);
    }
    let Some(meta) = crate::cli::rules::find_rule(&service.config.linter, &code) else {
        let code = code.chars().take(40).collect::<String>();
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown-rule",
            &format!("没有代码或名称为“{code}”的规则"),
            &format!("no rule has the code or name `{code}`"),
        )
        .help(
            "/api/v1/rules 列出全部规则",
            "/api/v1/rules lists the rules",
        )
        .response(lang);
    };
    let mut value = crate::cli::rules::rule_json(meta);
    value["explanation"] = Value::String(crate::docs::explain(meta, lang));
    axum::Json(value).into_response()
}

/// The query of `POST /api/v1/check`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckQuery {
    format: Option<String>,
    model: Option<String>,
    lang: Option<String>,
    year: Option<String>,
    filename: Option<String>,
}

/// The output asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Sarif,
}

/// How one file is checked and answered.
#[derive(Clone, Debug)]
struct CheckOptions {
    format: Format,
    /// Add the model, the text and the table layout (`?model=1`).
    model: bool,
    lang: Lang,
    year: Option<i32>,
}

/// A checked file's answer.
#[derive(Debug)]
struct Checked {
    body: Vec<u8>,
    content_type: &'static str,
    outcome: Outcome,
}

/// `POST /api/v1/check`.
async fn check(
    State(service): State<Arc<Service>>,
    Asked { query, lang }: Asked<CheckQuery>,
    request: Request,
) -> Response {
    let (options, filename) = match check_options(&query, lang) {
        Ok(parsed) => parsed,
        Err(error) => return error.response(lang),
    };
    let answer = file_request(&service, request, filename, move |job, name, bytes| {
        check_file(job, name, bytes, &options)
    })
    .await;
    file_answer(&service, answer, lang, |checked| {
        (
            checked.outcome,
            (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(checked.content_type),
                )],
                checked.body,
            )
                .into_response(),
        )
    })
}

/// The query of `POST /api/v1/annotate`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotateQuery {
    fixes: Option<String>,
    lang: Option<String>,
    year: Option<String>,
    filename: Option<String>,
}

/// The media type of Word documents.
const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// `POST /api/v1/annotate`: the Word document with each finding as a
/// comment and, with `?fixes=1`, each safe fix as a tracked change, as
/// `xxgk-lint annotate` writes it.
async fn annotate(
    State(service): State<Arc<Service>>,
    Asked { query, lang }: Asked<AnnotateQuery>,
    request: Request,
) -> Response {
    let parsed = parse_flag(query.fixes.as_deref(), "bad-fixes", "fixes")
        .and_then(|fixes| Ok((fixes, parse_year(query.year.as_deref())?)));
    let (fixes, year) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => return error.response(lang),
    };
    let answer = file_request(
        &service,
        request,
        query.filename,
        move |job, name, bytes| annotate_file(job, name, bytes, lang, year, fixes),
    )
    .await;
    file_answer(&service, answer, lang, |copy| {
        let disposition = format!(
            "attachment; filename*=UTF-8''{}",
            percent_encode(&crate::cli::annotate::copy_name(&copy.name))
        );
        let response = (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(DOCX_TYPE)),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&disposition)
                        .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
                ),
            ],
            copy.bytes,
        )
            .into_response();
        (copy.outcome, response)
    })
}

/// The answer to a file request: `success` gives the file's outcome and
/// the response; an error is answered in `lang`. Either way the file is
/// counted.
fn file_answer<T>(
    service: &Service,
    answer: Result<T, ApiError>,
    lang: Lang,
    success: impl FnOnce(T) -> (Outcome, Response),
) -> Response {
    match answer {
        Ok(done) => {
            let (outcome, response) = success(done);
            service.metrics.file(outcome);
            response
        }
        Err(error) => {
            service.metrics.file(match error.status {
                StatusCode::PAYLOAD_TOO_LARGE
                | StatusCode::UNSUPPORTED_MEDIA_TYPE
                | StatusCode::UNPROCESSABLE_ENTITY => Outcome::Refused,
                _ => Outcome::Failed,
            });
            error.response(lang)
        }
    }
}

/// `0`/`false` (or absent) or `1`/`true` (or empty): a yes-or-no query
/// parameter named `name`.
fn parse_flag(value: Option<&str>, code: &'static str, name: &str) -> Result<bool, ApiError> {
    match value {
        None | Some("0" | "false") => Ok(false),
        Some("" | "1" | "true") => Ok(true),
        Some(_) => Err(ApiError::bad_request(
            code,
            &format!("{name} 参数只能是 1 或 0"),
            &format!("{name} must be 1 or 0"),
        )),
    }
}

/// `name` for `filename*=UTF-8''…` (RFC 5987): every byte but letters,
/// digits and `!#$&+-.^_`|~` percent-encoded.
fn percent_encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The options of a check request in `lang`, and the file name it gives.
fn check_options(
    query: &CheckQuery,
    lang: Lang,
) -> Result<(CheckOptions, Option<String>), ApiError> {
    let format = match query.format.as_deref() {
        None | Some("json") => Format::Json,
        Some("sarif") => Format::Sarif,
        Some(other) => {
            let other = other.chars().take(20).collect::<String>();
            return Err(ApiError::bad_request(
                "bad-format",
                &format!("不支持的输出格式“{other}”：可用 json 或 sarif"),
                &format!("unknown format `{other}`: use json or sarif"),
            ));
        }
    };
    let model = parse_flag(query.model.as_deref(), "bad-model", "model")?;
    if model && format == Format::Sarif {
        return Err(ApiError::bad_request(
            "bad-model",
            "model=1 只能用于 JSON 输出",
            "model=1 is only for the JSON format",
        ));
    }
    let year = parse_year(query.year.as_deref())?;
    Ok((
        CheckOptions {
            format,
            model,
            lang,
            year,
        },
        query.filename.clone(),
    ))
}

/// Keeps a count up while a request waits or a file is checked.
struct Gauge<'a>(&'a AtomicU64);

impl<'a> Gauge<'a> {
    fn up(counter: &'a AtomicU64) -> Gauge<'a> {
        counter.fetch_add(1, Ordering::SeqCst);
        Gauge(counter)
    }
}

impl Drop for Gauge<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Reads the file of a request within its limits, waits for a worker and
/// runs `work` on it on the blocking pool, within the request's time
/// (from now: the query has only just been read).
async fn file_request<T: Send + 'static>(
    service: &Arc<Service>,
    request: Request,
    filename: Option<String>,
    work: impl FnOnce(&Service, &str, &[u8]) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let deadline = tokio::time::Instant::now() + service.timeout;
    let (parts, bytes) = read_body(service, request, deadline).await?;
    let (name, bytes) = extract_file(parts, bytes, filename).await?;
    let size = bytes.len() as u64;
    if size > service.max_file_size {
        return Err(ApiError::from(&InputError::TooLarge {
            path: name,
            size,
            limit: service.max_file_size,
        }));
    }
    // Workers busy and the queue full: refuse now rather than pile up.
    let permit = {
        let queued = Gauge::up(&service.metrics.queued);
        let waiting = queued.0.load(Ordering::SeqCst);
        if service.permits.available_permits() == 0 && waiting > service.queue as u64 {
            return Err(ApiError::busy());
        }
        match tokio::time::timeout_at(deadline, Arc::clone(&service.permits).acquire_owned()).await
        {
            Ok(Ok(permit)) => permit,
            Ok(Err(_)) => return Err(ApiError::internal()),
            Err(_) => return Err(ApiError::busy()),
        }
    };
    let job = Arc::clone(service);
    let timeout_seconds = service.timeout.as_secs();
    // The permit goes with the job: a worker stays taken until the linter
    // has finished, even when the client stopped waiting.
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let _checking = Gauge::up(&job.metrics.in_flight);
        work(&job, &name, &bytes)
    });
    match tokio::time::timeout_at(deadline, task).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(ApiError::internal()),
        Err(_) => Err(ApiError::timed_out(timeout_seconds)),
    }
}

/// The whole body, within the size and time limits.
async fn read_body(
    service: &Service,
    request: Request,
    deadline: tokio::time::Instant,
) -> Result<(Parts, Bytes), ApiError> {
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > service.max_body_size) {
        return Err(ApiError::body_too_large(service.max_body_size));
    }
    let limit = usize::try_from(service.max_body_size).unwrap_or(usize::MAX);
    let collected = tokio::time::timeout_at(
        deadline,
        http_body_util::Limited::new(body, limit).collect(),
    )
    .await
    .map_err(|_| ApiError::body_timeout(service.timeout.as_secs()))?;
    match collected {
        Ok(collected) => Ok((parts, collected.to_bytes())),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            Err(ApiError::body_too_large(service.max_body_size))
        }
        Err(_) => Err(ApiError::bad_request(
            "bad-body",
            "请求内容不完整，无法读取",
            "the request body could not be read in full",
        )),
    }
}

/// Content types a report may be sent as in a raw body (a PDF or an old
/// Word file is let through to be refused with its own message).
const RAW_TYPES: [&str; 10] = [
    "application/octet-stream",
    "text/plain",
    "text/html",
    "application/xhtml+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/msword",
    "application/pdf",
    "application/zip",
    "application/x-zip-compressed",
    "text/csv",
];

/// The file of a multipart form (field `file`, or the first with a file
/// name) or of a raw body, with its name.
async fn extract_file(
    parts: Parts,
    bytes: Bytes,
    filename: Option<String>,
) -> Result<(String, Bytes), ApiError> {
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_string();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let missing = || {
        ApiError::bad_request("missing-file", "请求中没有文件", "the request holds no file").help(
            "用 multipart/form-data 的 file 字段上传报告，或把文件内容作为请求正文（?filename=报告.docx）",
            "send the report as the `file` field of a multipart/form-data form, or as the request body (?filename=report.docx)",
        )
    };
    let (name, data) = if essence == "multipart/form-data" {
        // With the request's extensions: the router lifts axum's default
        // body limit, the body having been read within the service's own.
        let request = Request::from_parts(parts, Body::from(bytes));
        let mut form = Multipart::from_request(request, &())
            .await
            .map_err(|_| bad_multipart())?;
        let mut found = None;
        while let Some(field) = form.next_field().await.map_err(|_| bad_multipart())? {
            if field.name() == Some("file") || field.file_name().is_some() {
                let name = field.file_name().map(str::to_string);
                let data = field.bytes().await.map_err(|_| bad_multipart())?;
                found = Some((name.or_else(|| filename.clone()), data));
                break;
            }
        }
        found.ok_or_else(missing)?
    } else if essence.is_empty() || RAW_TYPES.contains(&essence.as_str()) {
        let disposition = parts
            .headers
            .get(header::CONTENT_DISPOSITION)
            .and_then(|value| value.to_str().ok())
            .and_then(disposition_filename);
        (filename.or(disposition), bytes)
    } else {
        let shown = essence.chars().take(60).collect::<String>();
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "wrong-type",
            &format!("不接受 {shown} 类型的请求"),
            &format!("requests of type {shown} are not accepted"),
        )
        .help(
            "用 multipart/form-data 上传文件，或以 application/octet-stream 发送文件内容",
            "upload the file as multipart/form-data, or send its bytes as application/octet-stream",
        ));
    };
    if data.is_empty() {
        return Err(missing());
    }
    Ok((clean_name(name.as_deref()), data))
}

fn bad_multipart() -> ApiError {
    ApiError::bad_request(
        "bad-multipart",
        "无法读取上传的表单（multipart/form-data）",
        "the multipart/form-data form could not be read",
    )
}

/// `attachment; filename="report.docx"`.
fn disposition_filename(value: &str) -> Option<String> {
    value.split(';').find_map(|part| {
        let part = part.trim();
        let rest = part.strip_prefix("filename=")?;
        Some(rest.trim_matches('"').to_string())
    })
}

/// The file's name without folders or control characters, at most 200
/// characters (`report.txt` when it has none): it only names the file in
/// the answer and tells its format.
fn clean_name(name: Option<&str>) -> String {
    let name = name.unwrap_or("");
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "report.txt".to_string()
    } else {
        cleaned
    }
}

/// A file read and linted as `check` reads and lints it, with what
/// linting another text of it takes (the fixes of an annotated copy).
struct LintedFile {
    input: Input,
    report: Report,
    /// The findings as the user sees them (selection and severities
    /// applied).
    diagnostics: Vec<Diagnostic>,
    settings: FileSettings,
    options: FileOptions,
    lang: Lang,
}

impl LintedFile {
    fn outcome(&self) -> Outcome {
        if self.diagnostics.is_empty() {
            Outcome::Clean
        } else if self
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            Outcome::Errors
        } else {
            Outcome::Warnings
        }
    }
}

/// Reads and lints one file as `check` does; with `docx_only`, a file that
/// is not a Word document is refused before it is linted.
///
/// # Errors
/// A file that is not read.
fn lint_file(
    service: &Service,
    name: &str,
    bytes: &[u8],
    lang: Lang,
    year: Option<i32>,
    docx_only: bool,
) -> Result<LintedFile, ApiError> {
    let path = Path::new(name);
    let mut file_args = service.file_args.clone();
    file_args.year = year;
    file_args.lang = Some(lang);
    let (settings, options, lang) = file_args.resolve(&service.config, path);
    let input = crate::input::load(path, bytes, None).map_err(|error| ApiError::from(&error))?;
    if docx_only {
        crate::annotate::require_docx(name, &input).map_err(|error| ApiError::from(&error))?;
    }
    let linted = service.config.linter.lint_input_in(&input, &options, lang);
    Ok(LintedFile {
        diagnostics: settings.apply(linted.diagnostics),
        report: linted.report,
        input,
        settings,
        options,
        lang,
    })
}

/// An annotated copy, ready to be sent.
struct AnnotatedCopy {
    /// The name of the document it is a copy of.
    name: String,
    outcome: Outcome,
    bytes: Vec<u8>,
}

/// The copy of a Word document that `xxgk-lint annotate` writes for it.
///
/// # Errors
/// A file that is not read, or not a Word document.
fn annotate_file(
    service: &Service,
    name: &str,
    bytes: &[u8],
    lang: Lang,
    year: Option<i32>,
    fixes: bool,
) -> Result<AnnotatedCopy, ApiError> {
    let file = lint_file(service, name, bytes, lang, year, true)?;
    let lint = |text: &str| {
        file.settings.apply(
            service
                .config
                .linter
                .lint_in(text, &file.options, file.lang)
                .diagnostics,
        )
    };
    let annotated = crate::annotate::annotate_linted(
        name,
        bytes,
        &file.input,
        &file.diagnostics,
        file.lang,
        fixes,
        lint,
    )
    .map_err(|error| ApiError::from(&error))?;
    Ok(AnnotatedCopy {
        name: name.to_string(),
        outcome: file.outcome(),
        bytes: annotated.bytes,
    })
}

/// Checks one file as `check` does and renders the answer: the JSON of
/// `check --format json` for the file (with `model`, `text` and `layout`
/// when asked), or its SARIF.
///
/// # Errors
/// A file that is not read.
fn check_file(
    service: &Service,
    name: &str,
    bytes: &[u8],
    options: &CheckOptions,
) -> Result<Checked, ApiError> {
    let linted = lint_file(service, name, bytes, options.lang, options.year, false)?;
    let outcome = linted.outcome();
    let LintedFile {
        input,
        report,
        diagnostics,
        ..
    } = linted;
    let file = FileResult {
        path: name,
        text: &input.text,
        report: Some(&report),
        diagnostics: &diagnostics,
    };
    let mut summary = Summary::default();
    summary.add(&diagnostics);
    let rules = all_rules(&service.config.linter);
    let mut body = Vec::new();
    let rendered = match options.format {
        Format::Json => {
            let mut sink = crate::render::json::JsonSink::default();
            sink.file(&mut body, &file)
                .and_then(|()| sink.finish(&mut body, &summary, &rules))
        }
        Format::Sarif => {
            let mut sink = crate::render::sarif::SarifSink::default();
            sink.file(&mut body, &file)
                .and_then(|()| sink.finish(&mut body, &summary, &rules))
        }
    };
    rendered.map_err(|_| ApiError::internal())?;
    if options.model {
        let mut value: Value = serde_json::from_slice(&body).map_err(|_| ApiError::internal())?;
        if let Value::Object(object) = &mut value {
            object.insert("model".to_string(), crate::dump::dump(&input.text, &report));
            object.insert("text".to_string(), Value::String(input.text.clone()));
            object.insert(
                "layout".to_string(),
                layout(&service.config.linter, &report, &input.text),
            );
        }
        body = serde_json::to_vec(&value).map_err(|_| ApiError::internal())?;
    }
    Ok(Checked {
        body,
        content_type: match options.format {
            Format::Json => "application/json",
            Format::Sarif => "application/sarif+json",
        },
        outcome,
    })
}

/// Every rule of the linter, as `check` collects them for SARIF.
fn all_rules(linter: &Linter) -> BTreeMap<String, RuleMeta> {
    let mut rules = BTreeMap::new();
    for (_, set) in linter.variants() {
        for rule in &set.rules {
            rules
                .entry(rule.meta.code.clone())
                .or_insert_with(|| rule.meta.clone());
        }
    }
    rules
}

/// How each table is printed, for drawing it: its title, template, blocks
/// (captions, columns and rows with their labels) and the span of every
/// bound cell in the text. A table that was not found has its title only.
fn layout(linter: &Linter, report: &Report, text: &str) -> Value {
    let index = crate::source::LineIndex::new(text);
    let mut tables = Map::new();
    for table in &report.tables {
        let Some(template) = linter
            .templates()
            .iter()
            .find(|template| template.id == table.template)
            .and_then(|template| template.table(&table.key))
        else {
            continue;
        };
        let blocks: Vec<Value> = template
            .blocks
            .iter()
            .filter(|_| table.found)
            .map(|block| {
                json!({
                    "captions": block.captions,
                    "columns": block.columns.iter().map(|column| json!({
                        "key": column.key,
                        "label": column.label,
                    })).collect::<Vec<_>>(),
                    "rows": block.rows.iter().map(|row| json!({
                        "key": row.key,
                        "label": row.labels.first().cloned().unwrap_or_default(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let mut spans = Map::new();
        for cell in &table.cells {
            spans.insert(
                cell.key.clone(),
                crate::render::json::span_json(&cell.span, text, &index),
            );
        }
        tables.insert(
            table.key.clone(),
            json!({
                "title": template.title,
                "template": table.template,
                "blocks": blocks,
                "spans": spans,
            }),
        );
    }
    Value::Object(tables)
}

fn bad_query(detail: &str) -> ApiError {
    let detail = detail.chars().take(200).collect::<String>();
    ApiError::bad_request(
        "bad-query",
        &format!("查询参数有误：{detail}"),
        &format!("invalid query parameters: {detail}"),
    )
    .help(
        "可用的参数见 docs/service.md",
        "docs/service.md lists the parameters",
    )
}

fn parse_lang(lang: Option<&str>) -> Result<Option<Lang>, ApiError> {
    match lang {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| {
            ApiError::bad_request("bad-lang", "lang 只能是 zh 或 en", "lang must be zh or en")
        }),
    }
}

fn parse_year(year: Option<&str>) -> Result<Option<i32>, ApiError> {
    match year {
        None => Ok(None),
        Some(text) => match text.parse::<i32>() {
            Ok(year) if (1900..=2999).contains(&year) => Ok(Some(year)),
            _ => Err(ApiError::bad_request(
                "bad-year",
                "year 应为四位年份，如 2024",
                "year must be a four-digit year such as 2024",
            )),
        },
    }
}

/// The `lang` of a query string, if it names a language.
fn query_lang(query: Option<&str>) -> Option<Lang> {
    query?.split('&').find_map(|pair| {
        let value = pair.strip_prefix("lang=")?;
        value.parse().ok()
    })
}

/// The language of the answer: `?lang=`, else the configuration's, else
/// the preferred of Chinese and English in `Accept-Language`, else
/// Chinese.
fn request_lang(asked: Option<Lang>, headers: &HeaderMap, configured: Option<Lang>) -> Lang {
    asked
        .or(configured)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(accept_language)
        })
        .unwrap_or_default()
}

/// `en-US,en;q=0.9,zh;q=0.8` → English; Chinese when it is preferred,
/// none when the header names neither.
fn accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let quality = parts
            .find_map(|part| part.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let lang = if tag == "zh" || tag.starts_with("zh-") {
            Lang::Zh
        } else if tag == "en" || tag.starts_with("en-") {
            Lang::En
        } else {
            continue;
        };
        if best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, lang));
        }
    }
    best.map(|(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_a_handler() {
        for route in ROUTES {
            assert!(handler(route).is_some(), "{route:?}");
        }
    }

    #[test]
    fn accept_language_picks_the_preferred_of_chinese_and_english() {
        assert_eq!(accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(accept_language("zh-CN,zh;q=0.9,en;q=0.8"), Some(Lang::Zh));
        assert_eq!(accept_language("fr-FR,en;q=0.5,zh;q=0.7"), Some(Lang::Zh));
        assert_eq!(accept_language("fr"), None);
    }

    #[test]
    fn names_keep_no_folder() {
        assert_eq!(clean_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(clean_name(Some("C:\\报告\\2023.docx")), "2023.docx");
        assert_eq!(clean_name(Some("a\u{0}b.txt")), "ab.txt");
        assert_eq!(clean_name(Some("..")), "report.txt");
        assert_eq!(clean_name(None), "report.txt");
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"secret", b"secret"));
        assert!(!same(b"secreT", b"secret"));
        assert!(!same(b"secret1", b"secret"));
        assert!(!same(b"", b"secret"));
    }
}
