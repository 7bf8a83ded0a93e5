//! Logging and request metrics.
//!
//! Logs go to stderr as text or JSON. Every request runs in a span carrying its request id,
//! route template, status, duration and (once authenticated) tenant id; health checks, metrics
//! scrapes and the open and click routes log at debug so they do not drown the rest.

use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Span;
use tracing_subscriber::EnvFilter;

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Installs the global log subscriber. `RUST_LOG` overrides the default filter.
pub fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,apalis=warn,apalis_core=warn"));
    // Colours only for a person at a terminal, not in files or log collectors.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// Installs the Prometheus recorder and returns the handle that renders it.
pub fn init_metrics() -> anyhow::Result<PrometheusHandle> {
    const BUCKETS: &[f64] = &[
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
    ];
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), BUCKETS)?
        .install_recorder()?;
    Ok(handle)
}

/// Routes logged at debug: probes and scrapes, and the open pixel and tracked links, which
/// answer a request per message opened or clicked (their metrics count them).
fn quiet(route: &str) -> bool {
    matches!(
        route,
        "/healthz" | "/readyz" | "/metrics" | "/o/{token}" | "/c/{token}"
    )
}

/// Middleware: drops a client's `x-request-id` unless it is a short token of safe characters,
/// so a new one is made; a client cannot write arbitrary text into logs and the audit trail.
pub async fn drop_bad_request_id(mut request: Request, next: Next) -> Response {
    let header = crate::extract::REQUEST_ID_HEADER;
    let valid = request.headers().get_all(header).iter().count() == 1
        && request.headers().get(header).is_some_and(|value| {
            let bytes = value.as_bytes();
            !bytes.is_empty()
                && bytes.len() <= 64
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(b))
        });
    if !valid {
        request.headers_mut().remove(header);
    }
    next.run(request).await
}

/// Middleware: opens the request span, logs the outcome and records the request metrics.
pub async fn observe(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let request_id = request
        .headers()
        .get(crate::extract::REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let span = tracing::info_span!(
        "request",
        method = method_label(&method),
        route = %route,
        request.id = %request_id,
        tenant.id = tracing::field::Empty,
        key.prefix = tracing::field::Empty,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );

    let response = {
        use tracing::Instrument;
        next.run(request).instrument(span.clone()).await
    };

    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    record(&span, status, elapsed);
    let labels = [
        ("method", method_label(&method).to_owned()),
        ("route", route.clone()),
        ("status", status.to_string()),
    ];
    metrics::counter!("penguin_http_requests_total", &labels).increment(1);
    metrics::histogram!("penguin_http_request_duration_seconds", &labels)
        .record(elapsed.as_secs_f64());

    span.in_scope(|| {
        if quiet(&route) {
            tracing::debug!("request finished");
        } else if status >= 500 {
            tracing::error!("request failed");
        } else {
            tracing::info!("request finished");
        }
    });
    response
}

/// Standard methods by name, anything a client invents as `other`, so clients cannot create
/// metric series at will.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

fn record(span: &Span, status: u16, elapsed: Duration) {
    span.record("status", status);
    span.record("duration_ms", elapsed.as_millis() as u64);
}
