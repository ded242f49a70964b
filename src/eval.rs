//! Runs a question file (the format of `tests/fixtures/dev.toml`) through the engine and scores
//! it: Recall@1, Recall@3, MRR@3, abstention and region-warning accuracy, and in-process answer
//! latency.

use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::config::{ConfigError, parse_toml};
use crate::engine::{AskOptions, Engine};
use crate::model::Answer;

/// A question file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSet {
    /// The questions.
    #[serde(rename = "q", default)]
    pub questions: Vec<Question>,
}

/// One question with what it must find.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Short id.
    pub id: String,
    /// The question as staff would type it.
    pub ask: String,
    /// Passages that count as a hit (any of them).
    #[serde(default)]
    pub expect: Vec<Expect>,
    /// The engine must abstain.
    #[serde(default)]
    pub abstain: bool,
    /// The best citation comes from another region and the answer warns about it.
    #[serde(default)]
    pub other_region: bool,
}

/// A passage that counts as a hit: from `doc`, containing `text`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Source id.
    pub doc: String,
    /// Snippet the passage text must contain (case and whitespace folded).
    pub text: String,
}

/// Latency percentiles in microseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    /// Median.
    pub p50: u64,
    /// 99th percentile.
    pub p99: u64,
    /// Slowest.
    pub max: u64,
}

/// A question that did not get what it expected.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Question id.
    pub id: String,
    /// The question.
    pub ask: String,
    /// What went wrong, in Dutch.
    pub problem: String,
    /// Passage ids cited, best first.
    pub cited: Vec<String>,
}

/// The evaluation result.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Questions run.
    pub questions: usize,
    /// Share of answerable questions with a hit at rank 1.
    pub recall_at_1: f64,
    /// Share with a hit in the first three citations.
    pub recall_at_3: f64,
    /// Mean reciprocal rank over the first three.
    pub mrr_at_3: f64,
    /// Abstain questions that abstained.
    pub abstain_ok: usize,
    /// Abstain questions.
    pub abstain_total: usize,
    /// Other-region questions whose best citation is from another region, with a warning.
    pub region_ok: usize,
    /// Other-region questions.
    pub region_total: usize,
    /// Answers that abstained although the question is answerable.
    pub false_abstentions: usize,
    /// Questions that are answerable (neither `abstain` nor empty).
    pub answerable: usize,
    /// Share of answerable questions answered without any citation.
    pub no_citation_rate: f64,
    /// Share of out-of-scope questions that abstained.
    pub abstain_rate: f64,
    /// Answer latency in process.
    pub latency_us: Latency,
    /// What went wrong.
    pub misses: Vec<Miss>,
}

/// Reads a question file.
pub fn load(path: &Path) -> Result<QuestionSet, ConfigError> {
    let bytes = std::fs::read(path).map_err(|e| ConfigError {
        file: path.display().to_string(),
        line: 1,
        message: format!("kan het bestand niet lezen ({e})"),
    })?;
    parse_toml(&path.display().to_string(), &bytes)
}

fn fold_ws(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Rank (1-based) of the first citation that satisfies an expectation.
pub fn hit_rank(answer: &Answer, expect: &[Expect]) -> Option<usize> {
    answer
        .citations
        .iter()
        .position(|c| {
            let text = fold_ws(&c.text);
            expect
                .iter()
                .any(|e| e.doc == c.doc && text.contains(&fold_ws(&e.text)))
        })
        .map(|i| i + 1)
}

/// Counts over the questions of a set, filled in question by question.
#[derive(Default)]
struct Tally {
    answerable: usize,
    r1: usize,
    r3: usize,
    mrr: f64,
    abstain_ok: usize,
    abstain_total: usize,
    region_ok: usize,
    region_total: usize,
    false_abstentions: usize,
    no_citation: usize,
    misses: Vec<Miss>,
}

impl Tally {
    /// Scores one answer against what its question expects.
    fn add(&mut self, q: &Question, a: &Answer, home: &str) {
        let cited: Vec<String> = a.citations.iter().map(|c| c.passage.clone()).collect();
        let mut problems: Vec<String> = Vec::new();
        if q.abstain {
            self.abstain_total += 1;
            if a.abstained && a.citations.is_empty() {
                self.abstain_ok += 1;
            } else {
                problems.push("had moeten zeggen dat de documenten dit niet behandelen".into());
            }
        } else {
            problems.extend(self.answerable(q, a));
            if q.other_region {
                self.region_total += 1;
                let first_other = a.citations.first().is_some_and(|c| c.region != home);
                let warned = a
                    .warnings
                    .iter()
                    .any(|w| w.contains("ander samenwerkingsverband"));
                if first_other && warned {
                    self.region_ok += 1;
                } else {
                    problems.push("had een passage van een ander samenwerkingsverband met waarschuwing moeten geven".into());
                }
            }
        }
        self.misses.extend(problems.into_iter().map(|problem| Miss {
            id: q.id.clone(),
            ask: q.ask.clone(),
            problem,
            cited: cited.clone(),
        }));
    }

    /// Scores an answerable question: the rank of the first citation that answers it.
    fn answerable(&mut self, q: &Question, a: &Answer) -> Option<String> {
        self.answerable += 1;
        if a.abstained {
            self.false_abstentions += 1;
        }
        if a.citations.is_empty() {
            self.no_citation += 1;
        }
        match hit_rank(a, &q.expect) {
            Some(r) => {
                if r <= 3 {
                    self.r3 += 1;
                    self.mrr += 1.0 / r as f64;
                }
                if r == 1 {
                    self.r1 += 1;
                    None
                } else {
                    Some(format!("goede passage pas op plaats {r}"))
                }
            }
            None if a.abstained => Some("zei ten onrechte niets te vinden".into()),
            None => Some("goede passage niet geciteerd".into()),
        }
    }

    fn share(&self, n: usize, of: usize) -> f64 {
        if of == 0 { 0.0 } else { n as f64 / of as f64 }
    }
}

/// Runs every question `repeat` times (latency is measured over all runs). Fails only when the
/// index cannot be read.
pub fn run(
    engine: &Engine,
    set: &QuestionSet,
    opts: &AskOptions,
    repeat: usize,
) -> Result<Report, crate::engine::AskError> {
    let mut latencies: Vec<u64> = Vec::new();
    let home = engine.config().settings.home_region.clone();
    let mut t = Tally::default();
    for q in &set.questions {
        let mut answer = None;
        for _ in 0..repeat.max(1) {
            let started = Instant::now();
            let a = engine.ask(&q.ask, opts)?;
            latencies.push(started.elapsed().as_micros() as u64);
            answer = Some(a);
        }
        if let Some(a) = answer {
            t.add(q, &a, &home);
        }
    }
    Ok(Report {
        questions: set.questions.len(),
        recall_at_1: t.share(t.r1, t.answerable),
        recall_at_3: t.share(t.r3, t.answerable),
        mrr_at_3: if t.answerable == 0 {
            0.0
        } else {
            t.mrr / t.answerable as f64
        },
        abstain_ok: t.abstain_ok,
        abstain_total: t.abstain_total,
        region_ok: t.region_ok,
        region_total: t.region_total,
        false_abstentions: t.false_abstentions,
        answerable: t.answerable,
        no_citation_rate: t.share(t.no_citation, t.answerable),
        abstain_rate: t.share(t.abstain_ok, t.abstain_total),
        latency_us: latency(latencies),
        misses: t.misses,
    })
}

/// Median, 99th percentile and slowest of the measured latencies.
fn latency(mut latencies: Vec<u64>) -> Latency {
    latencies.sort_unstable();
    let pct = |p: f64| -> u64 {
        if latencies.is_empty() {
            return 0;
        }
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i]
    };
    Latency {
        p50: pct(0.5),
        p99: pct(0.99),
        max: latencies.last().copied().unwrap_or(0),
    }
}
