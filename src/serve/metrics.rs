//! Counts for `GET /metrics`, in the Prometheus text format: requests by
//! route and status, a latency histogram by route, checked files by
//! outcome, and the work in progress. Only counts: no file name, text or
//! finding is kept.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// What became of a file sent to `/api/v1/check` or `/api/v1/annotate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Checked, no finding.
    Clean,
    /// Checked, findings but no error.
    Warnings,
    /// Checked, at least one error-severity finding.
    Errors,
    /// Not read: too large, a format that is not read, damaged.
    Refused,
    /// Not checked: the service was busy, timed out or failed.
    Failed,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Clean => "clean",
            Outcome::Warnings => "warnings",
            Outcome::Errors => "errors",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
        }
    }

    const ALL: [Outcome; 5] = [
        Outcome::Clean,
        Outcome::Warnings,
        Outcome::Errors,
        Outcome::Refused,
        Outcome::Failed,
    ];
}

#[derive(Debug, Default)]
struct Histogram {
    /// Observations at or below each bound (cumulative when written).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Debug, Default)]
struct Counts {
    /// (route, status) → requests.
    requests: BTreeMap<(&'static str, u16), u64>,
    latency: BTreeMap<&'static str, Histogram>,
    files: BTreeMap<Outcome, u64>,
}

/// The service's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    counts: Mutex<Counts>,
    /// Files being checked now.
    pub in_flight: AtomicU64,
    /// Requests waiting for a free worker.
    pub queued: AtomicU64,
}

impl Metrics {
    /// Records one answered request.
    pub fn request(&self, route: &'static str, status: u16, elapsed: Duration) {
        let Ok(mut counts) = self.counts.lock() else {
            return;
        };
        *counts.requests.entry((route, status)).or_default() += 1;
        let histogram = counts.latency.entry(route).or_default();
        let seconds = elapsed.as_secs_f64();
        histogram.count += 1;
        histogram.sum += seconds;
        if let Some(at) = BUCKETS.iter().position(|bound| seconds <= *bound) {
            histogram.buckets[at] += 1;
        }
    }

    /// Records what became of one file.
    pub fn file(&self, outcome: Outcome) {
        if let Ok(mut counts) = self.counts.lock() {
            *counts.files.entry(outcome).or_default() += 1;
        }
    }

    /// The Prometheus text exposition.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::new();
        let Ok(counts) = self.counts.lock() else {
            return out;
        };
        out.push_str(
            "# HELP xxgk_lint_http_requests_total HTTP requests answered, by route and status.\n",
        );
        out.push_str("# TYPE xxgk_lint_http_requests_total counter\n");
        for ((route, status), count) in &counts.requests {
            let _ = writeln!(
                out,
                "xxgk_lint_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {count}"
            );
        }
        out.push_str(
            "# HELP xxgk_lint_http_request_duration_seconds Time to answer a request, by route.\n",
        );
        out.push_str("# TYPE xxgk_lint_http_request_duration_seconds histogram\n");
        for (route, histogram) in &counts.latency {
            let mut cumulative = 0;
            for (bound, count) in BUCKETS.iter().zip(histogram.buckets) {
                cumulative += count;
                let _ = writeln!(
                    out,
                    "xxgk_lint_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "xxgk_lint_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                histogram.count
            );
            let _ = writeln!(
                out,
                "xxgk_lint_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                histogram.sum
            );
            let _ = writeln!(
                out,
                "xxgk_lint_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                histogram.count
            );
        }
        out.push_str("# HELP xxgk_lint_files_total Files sent for checking, by outcome.\n");
        out.push_str("# TYPE xxgk_lint_files_total counter\n");
        for outcome in Outcome::ALL {
            let _ = writeln!(
                out,
                "xxgk_lint_files_total{{outcome=\"{}\"}} {}",
                outcome.as_str(),
                counts.files.get(&outcome).copied().unwrap_or(0)
            );
        }
        for (name, help, value) in [
            (
                "xxgk_lint_checks_in_flight",
                "Files being checked now.",
                &self.in_flight,
            ),
            (
                "xxgk_lint_checks_queued",
                "Requests waiting for a free worker.",
                &self.queued,
            ),
        ] {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
            let _ = writeln!(out, "{name} {}", value.load(Ordering::Relaxed));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let metrics = Metrics::default();
        metrics.request("/x", 200, Duration::from_millis(3));
        metrics.request("/x", 200, Duration::from_millis(300));
        metrics.request("/x", 503, Duration::from_secs(60));
        let text = metrics.render();
        assert!(text.contains("route=\"/x\",le=\"0.005\"} 1\n"), "{text}");
        assert!(text.contains("route=\"/x\",le=\"0.5\"} 2\n"), "{text}");
        assert!(text.contains("route=\"/x\",le=\"30\"} 2\n"), "{text}");
        assert!(text.contains("route=\"/x\",le=\"+Inf\"} 3\n"), "{text}");
        assert!(text.contains("{route=\"/x\",status=\"503\"} 1\n"), "{text}");
    }
}
