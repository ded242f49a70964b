//! `normwijzer eval`: recall, abstentions and latency on a question file.

use std::fmt::Write;

use super::{CliError, EvalArgs, Global, ask_options, print};
use crate::eval::{self, Report};

/// Scores the engine on each file. The files are read before the engine opens, so that a
/// wrong path fails at once. With several files, a table with one line per file follows.
pub fn run(g: &Global, a: &EvalArgs) -> Result<(), CliError> {
    let opts = ask_options(a.today.as_deref())?;
    let sets = a
        .files
        .iter()
        .map(|f| eval::load(f))
        .collect::<Result<Vec<_>, _>>()?;
    let engine = g.open_for_questions()?;
    let reports: Vec<Report> = sets
        .iter()
        .map(|set| eval::run(&engine, set, &opts, a.repeat))
        .collect::<Result<_, _>>()?;
    let mut out = String::new();
    match (a.json, reports.as_slice()) {
        (true, [one]) => out = serde_json::to_string_pretty(one)? + "\n",
        (true, many) => {
            let named: serde_json::Map<String, serde_json::Value> = a
                .files
                .iter()
                .zip(many)
                .map(|(f, r)| Ok((f.display().to_string(), serde_json::to_value(r)?)))
                .collect::<Result<_, serde_json::Error>>()?;
            out = serde_json::to_string_pretty(&named)? + "\n";
        }
        (false, [one]) => report(&mut out, one),
        (false, many) => {
            for (f, r) in a.files.iter().zip(many) {
                let _ = writeln!(out, "== {}", f.display());
                report(&mut out, r);
                out.push('\n');
            }
            table(&mut out, &a.files, many);
        }
    }
    print(&out)
}

/// One line per file: the figures that say how good the answers are.
fn table(out: &mut String, files: &[std::path::PathBuf], reports: &[Report]) {
    let _ = writeln!(
        out,
        "{:<36} {:>6} {:>6} {:>6} {:>11} {:>13} {:>8} {:>9}",
        "bestand", "vragen", "R@1", "R@3", "zonder bron", "terecht niets", "regio", "p99 µs"
    );
    for (f, r) in files.iter().zip(reports) {
        let name = f.file_name().map_or_else(
            || f.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let _ = writeln!(
            out,
            "{:<36} {:>6} {:>6.3} {:>6.3} {:>10.1}% {:>6}/{:<6} {:>4}/{:<3} {:>9}",
            name,
            r.questions,
            r.recall_at_1,
            r.recall_at_3,
            100.0 * r.no_citation_rate,
            r.abstain_ok,
            r.abstain_total,
            r.region_ok,
            r.region_total,
            r.latency_us.p99
        );
    }
}

/// The report as aligned lines, then the misses.
fn report(out: &mut String, r: &Report) {
    let _ = writeln!(out, "Vragen:        {}", r.questions);
    let _ = writeln!(out, "Recall@1:      {:.3}", r.recall_at_1);
    let _ = writeln!(out, "Recall@3:      {:.3}", r.recall_at_3);
    let _ = writeln!(out, "MRR@3:         {:.3}", r.mrr_at_3);
    let _ = writeln!(out, "Terecht niets: {}/{}", r.abstain_ok, r.abstain_total);
    let _ = writeln!(out, "Andere regio:  {}/{}", r.region_ok, r.region_total);
    let _ = writeln!(out, "Ten onrechte niets gevonden: {}", r.false_abstentions);
    let _ = writeln!(
        out,
        "Zonder bron:   {:.1}% van {} te beantwoorden vragen",
        100.0 * r.no_citation_rate,
        r.answerable
    );
    let _ = writeln!(
        out,
        "Latentie (µs): p50 {} · p99 {} · max {}",
        r.latency_us.p50, r.latency_us.p99, r.latency_us.max
    );
    if !r.misses.is_empty() {
        let _ = writeln!(out, "\nMissers:");
        for m in &r.misses {
            let _ = writeln!(
                out,
                "- {} „{}”: {} (geciteerd: {})",
                m.id,
                m.ask,
                m.problem,
                m.cited.join(", ")
            );
        }
    }
}
