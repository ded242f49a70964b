//! `normwijzer eval`: recall, abstentions and latency on a question file.

use super::{CliError, EvalArgs, Global, ask_options};
use crate::eval::{self, Report};

/// Scores the engine on the file. The file is read before the engine opens, so that a wrong
/// path fails at once.
pub fn run(g: &Global, a: &EvalArgs) -> Result<(), CliError> {
    let opts = ask_options(a.today.as_deref())?;
    let set = eval::load(&a.file)?;
    let engine = g.open()?;
    let report = eval::run(&engine, &set, &opts, a.repeat);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    Ok(())
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
