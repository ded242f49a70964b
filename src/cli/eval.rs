//! `normwijzer eval`: recall, abstentions and latency on a question file.

use super::{CliError, EvalArgs, Global, ask_options};
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
    let engine = g.open()?;
    let reports: Vec<Report> = sets
        .iter()
        .map(|set| eval::run(&engine, set, &opts, a.repeat))
        .collect::<Result<_, _>>()?;
    match (a.json, reports.as_slice()) {
        (true, [one]) => println!("{}", serde_json::to_string_pretty(one)?),
        (true, many) => {
            let named: serde_json::Map<String, serde_json::Value> = a
                .files
                .iter()
                .zip(many)
                .map(|(f, r)| Ok((f.display().to_string(), serde_json::to_value(r)?)))
                .collect::<Result<_, serde_json::Error>>()?;
            println!("{}", serde_json::to_string_pretty(&named)?);
        }
        (false, [one]) => print_report(one),
        (false, many) => {
            for (f, r) in a.files.iter().zip(many) {
                println!("== {}", f.display());
                print_report(r);
                println!();
            }
            print_table(&a.files, many);
        }
    }
    Ok(())
}

/// One line per file: the figures that say how good the answers are.
fn print_table(files: &[std::path::PathBuf], reports: &[Report]) {
    println!(
        "{:<36} {:>6} {:>6} {:>6} {:>11} {:>13} {:>8} {:>9}",
        "bestand", "vragen", "R@1", "R@3", "zonder bron", "terecht niets", "regio", "p99 µs"
    );
    for (f, r) in files.iter().zip(reports) {
        let name = f.file_name().map_or_else(
            || f.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        println!(
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
fn print_report(r: &Report) {
    println!("Vragen:        {}", r.questions);
    println!("Recall@1:      {:.3}", r.recall_at_1);
    println!("Recall@3:      {:.3}", r.recall_at_3);
    println!("MRR@3:         {:.3}", r.mrr_at_3);
    println!("Terecht niets: {}/{}", r.abstain_ok, r.abstain_total);
    println!("Andere regio:  {}/{}", r.region_ok, r.region_total);
    println!("Ten onrechte niets gevonden: {}", r.false_abstentions);
    println!(
        "Zonder bron:   {:.1}% van {} te beantwoorden vragen",
        100.0 * r.no_citation_rate,
        r.answerable
    );
    println!(
        "Latentie (µs): p50 {} · p99 {} · max {}",
        r.latency_us.p50, r.latency_us.p99, r.latency_us.max
    );
    if !r.misses.is_empty() {
        println!("\nMissers:");
        for m in &r.misses {
            println!(
                "- {} „{}”: {} (geciteerd: {})",
                m.id,
                m.ask,
                m.problem,
                m.cited.join(", ")
            );
        }
    }
}
