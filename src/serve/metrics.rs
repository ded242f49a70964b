//! Prometheus metrics of the HTTP service: requests by channel and outcome, answer latency,
//! and the size of the corpus served. Labels are fixed words; no question text ever becomes a
//! label or a value.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::model::Answer;

/// Where a request came in, derived from its path only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// `POST /teams`: the Microsoft Teams outgoing webhook.
    Teams,
    /// `POST /discord/interactions`: the Discord interactions endpoint.
    Discord,
    /// `POST /api/ask`: the JSON API.
    Api,
    /// `POST /api/feedback`: 👍/👎 from the API and the web page.
    Feedback,
    /// `GET /healthz`.
    Health,
    /// `GET /metrics`.
    Metrics,
    /// `POST /api/admin/herlaad`.
    Admin,
    /// The web page: `/`, `/bron/…`, `/assets/…`.
    Web,
    /// Any other path (answered 404).
    Other,
}

impl Channel {
    /// The channel of a request path. Unknown paths map to [`Channel::Other`], so a client
    /// cannot create new label values.
    pub fn of_path(path: &str) -> Channel {
        match path {
            "/teams" => Channel::Teams,
            "/discord/interactions" => Channel::Discord,
            "/api/ask" => Channel::Api,
            "/api/feedback" => Channel::Feedback,
            "/healthz" => Channel::Health,
            "/metrics" => Channel::Metrics,
            "/api/admin/herlaad" => Channel::Admin,
            "/" | "/wijzigingen" => Channel::Web,
            p if p.starts_with("/bron/") || p.starts_with("/assets/") => Channel::Web,
            _ => Channel::Other,
        }
    }

    /// The label value.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Teams => "teams",
            Channel::Discord => "discord",
            Channel::Api => "api",
            Channel::Feedback => "feedback",
            Channel::Health => "health",
            Channel::Metrics => "metrics",
            Channel::Admin => "admin",
            Channel::Web => "web",
            Channel::Other => "other",
        }
    }
}

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A question was answered with citations.
    Answered,
    /// A question was asked, and the documents do not cover it.
    Abstained,
    /// Served without a question (health, metrics, Discord PING, `bronnen`, `help`, ...).
    Ok,
    /// Refused because of what the client sent (signature, size, JSON, route, timeout).
    Rejected,
    /// Failed on the server's side.
    Error,
}

impl Outcome {
    /// The label value.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Abstained => "abstained",
            Outcome::Ok => "ok",
            Outcome::Rejected => "rejected",
            Outcome::Error => "error",
        }
    }

    /// The outcome of a question the engine answered: answered, or abstained when the
    /// documents do not cover it.
    pub fn of_answer(answer: &Answer) -> Outcome {
        if answer.abstained {
            Outcome::Abstained
        } else {
            Outcome::Answered
        }
    }

    /// The outcome implied by a status code, for responses that did not state one.
    pub fn of_status(status: axum::http::StatusCode) -> Outcome {
        if status.is_server_error() {
            Outcome::Error
        } else if status.is_client_error() {
            Outcome::Rejected
        } else {
            Outcome::Ok
        }
    }
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    channel: &'static str,
    outcome: &'static str,
}

/// Upper bounds of the answer latency buckets, in seconds: the engine answers in well under a
/// millisecond, so the fine buckets are at the low end; 1 s is already far too slow.
const ANSWER_BUCKETS: [f64; 13] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
];

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReloadLabels {
    outcome: &'static str,
}

/// The service's metrics and their registry.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    answer_seconds: Histogram,
    corpus: CorpusMetrics,
}

/// The metrics a reload changes: the size of what is served and the reloads counted by
/// outcome. Cloning shares them.
#[derive(Debug, Clone)]
pub struct CorpusMetrics {
    documents: Gauge<i64>,
    passages: Gauge<i64>,
    reloads: Family<ReloadLabels, Counter>,
}

impl CorpusMetrics {
    /// Records a reload: `ok` or not, and the size of the corpus served afterwards.
    pub fn reloaded(&self, ok: bool, documents: usize, passages: usize) {
        let outcome = if ok { "ok" } else { "error" };
        self.reloads.get_or_create(&ReloadLabels { outcome }).inc();
        self.documents
            .set(i64::try_from(documents).unwrap_or(i64::MAX));
        self.passages
            .set(i64::try_from(passages).unwrap_or(i64::MAX));
    }
}

impl Metrics {
    /// Metrics for a corpus of `documents` documents split into `passages` passages.
    pub fn new(documents: usize, passages: usize) -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "normwijzer_requests",
            "HTTP requests by channel and outcome",
            requests.clone(),
        );
        let answer_seconds = Histogram::new(ANSWER_BUCKETS);
        registry.register(
            "normwijzer_answer_seconds",
            "Time the engine took to answer a question, in seconds",
            answer_seconds.clone(),
        );
        let docs = Gauge::<i64>::default();
        docs.set(i64::try_from(documents).unwrap_or(i64::MAX));
        registry.register("normwijzer_documents", "Documents served", docs.clone());
        let pass = Gauge::<i64>::default();
        pass.set(i64::try_from(passages).unwrap_or(i64::MAX));
        registry.register("normwijzer_passages", "Passages in the index", pass.clone());
        let reloads = Family::<ReloadLabels, Counter>::default();
        registry.register(
            "normwijzer_reloads",
            "Reloads of corpus and config by outcome (error: the old index kept serving)",
            reloads.clone(),
        );
        Metrics {
            registry,
            requests,
            answer_seconds,
            corpus: CorpusMetrics {
                documents: docs,
                passages: pass,
                reloads,
            },
        }
    }

    /// Adds the feedback writer's counters (`normwijzer_feedback_writes_total`).
    pub fn register_feedback(&mut self, counters: &crate::feedback::WriteCounters) {
        counters.register(&mut self.registry);
    }

    /// The metrics a reload updates.
    pub fn corpus(&self) -> CorpusMetrics {
        self.corpus.clone()
    }

    /// Counts one request.
    pub fn count(&self, channel: Channel, outcome: Outcome) {
        self.requests
            .get_or_create(&RequestLabels {
                channel: channel.label(),
                outcome: outcome.label(),
            })
            .inc();
    }

    /// Records how long the engine took for one answer.
    pub fn observe_answer(&self, took: Duration) {
        self.answer_seconds.observe(took.as_secs_f64());
    }

    /// The metrics in the OpenMetrics text format, which Prometheus reads.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_channel_and_outcome() {
        let m = Metrics::new(5, 211);
        m.count(Channel::Teams, Outcome::Answered);
        m.count(Channel::Teams, Outcome::Answered);
        m.count(Channel::of_path("/nergens"), Outcome::Rejected);
        m.observe_answer(Duration::from_micros(300));
        let text = m.encode();
        assert!(
            text.contains(r#"normwijzer_requests_total{channel="teams",outcome="answered"} 2"#),
            "{text}"
        );
        assert!(
            text.contains(r#"normwijzer_requests_total{channel="other",outcome="rejected"} 1"#),
            "{text}"
        );
        assert!(text.contains("normwijzer_documents 5"), "{text}");
        assert!(text.contains("normwijzer_passages 211"), "{text}");
        m.corpus().reloaded(true, 6, 230);
        m.corpus().reloaded(false, 6, 230);
        let text = m.encode();
        assert!(text.contains("normwijzer_passages 230"), "{text}");
        assert!(
            text.contains(r#"normwijzer_reloads_total{outcome="ok"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(r#"normwijzer_reloads_total{outcome="error"} 1"#),
            "{text}"
        );
        assert!(text.contains("normwijzer_answer_seconds_count 1"), "{text}");
        assert!(
            text.contains(r#"normwijzer_answer_seconds_bucket{le="0.0005"} 1"#),
            "{text}"
        );
    }

    #[test]
    fn unknown_paths_do_not_make_new_labels() {
        assert_eq!(Channel::of_path("/teams/../x"), Channel::Other);
        assert_eq!(Channel::of_path("/api/ask"), Channel::Api);
    }
}
