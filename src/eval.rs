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

/// Runs every question `repeat` times (latency is measured over all runs).
pub fn run(engine: &Engine, set: &QuestionSet, opts: &AskOptions, repeat: usize) -> Report {
    let mut latencies: Vec<u64> = Vec::new();
    let home = engine.config().settings.home_region.clone();
    let (mut answerable, mut r1, mut r3, mut mrr) = (0usize, 0usize, 0usize, 0.0f64);
    let (mut abstain_ok, mut abstain_total, mut region_ok, mut region_total, mut false_abst) =
        (0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    for q in &set.questions {
        let mut answer = None;
        for _ in 0..repeat.max(1) {
            let t = Instant::now();
            let a = engine.ask(&q.ask, opts);
            latencies.push(t.elapsed().as_micros() as u64);
            answer = Some(a);
        }
        let a = answer.expect("ran at least once");
        let cited: Vec<String> = a.citations.iter().map(|c| c.passage.clone()).collect();
        let mut miss = |problem: String| {
            misses.push(Miss {
                id: q.id.clone(),
                ask: q.ask.clone(),
                problem,
                cited: cited.clone(),
            })
        };
        if q.abstain {
            abstain_total += 1;
            if a.abstained && a.citations.is_empty() {
                abstain_ok += 1;
            } else {
                miss("had moeten zeggen dat de documenten dit niet behandelen".into());
            }
            continue;
        }
        answerable += 1;
        if a.abstained {
            false_abst += 1;
        }
        match hit_rank(&a, &q.expect) {
            Some(r) => {
                if r == 1 {
                    r1 += 1;
                } else {
                    miss(format!("goede passage pas op plaats {r}"));
                }
                if r <= 3 {
                    r3 += 1;
                    mrr += 1.0 / r as f64;
                }
            }
            None if a.abstained => miss("zei ten onrechte niets te vinden".into()),
            None => miss("goede passage niet geciteerd".into()),
        }
        if q.other_region {
            region_total += 1;
            let first_other = a.citations.first().is_some_and(|c| c.region != home);
            let warned = a
                .warnings
                .iter()
                .any(|w| w.contains("ander samenwerkingsverband"));
            if first_other && warned {
                region_ok += 1;
            } else {
                miss("had een passage van een ander samenwerkingsverband met waarschuwing moeten geven".into());
            }
        }
    }
    latencies.sort_unstable();
    let pct = |p: f64| -> u64 {
        if latencies.is_empty() {
            return 0;
        }
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i]
    };
    let ratio = |n: usize| {
        if answerable == 0 {
            0.0
        } else {
            n as f64 / answerable as f64
        }
    };
    Report {
        questions: set.questions.len(),
        recall_at_1: ratio(r1),
        recall_at_3: ratio(r3),
        mrr_at_3: if answerable == 0 {
            0.0
        } else {
            mrr / answerable as f64
        },
        abstain_ok,
        abstain_total,
        region_ok,
        region_total,
        false_abstentions: false_abst,
        latency_us: Latency {
            p50: pct(0.5),
            p99: pct(0.99),
            max: latencies.last().copied().unwrap_or(0),
        },
        misses,
    }
}
