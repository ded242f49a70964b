//! Where the time of opening the engine and building the index goes, phase by phase, on one
//! project directory (see BENCHMARKS.md). Not a criterion bench: each phase takes from
//! milliseconds to many seconds, so it is run a few times and the median, minimum and maximum
//! are printed as one JSON object on stdout (a readable table goes to stderr).
//!
//! Run: `cargo bench --bench phases -- DIR [--runs N]` (default: the bundled project, 3 runs).

use std::path::{Path, PathBuf};
use std::time::Instant;

use normwijzer::checks::Checks;
use normwijzer::config::Config;
use normwijzer::corpus::passage::{self, Passage};
use normwijzer::corpus::{self, Corpus};
use normwijzer::engine::{Engine, OpenOptions};
use normwijzer::search::index::{BuildInput, Location, SearchIndex};
use normwijzer::search::plan::Planner;

/// Milliseconds of each run of one phase.
struct Phase {
    name: &'static str,
    what: &'static str,
    ms: Vec<f64>,
}

impl Phase {
    fn stats(&self) -> (f64, f64, f64) {
        let mut v = self.ms.clone();
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[0], v[v.len() - 1])
    }
}

fn time<T>(ms: &mut Vec<f64>, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    ms.push(t.elapsed().as_secs_f64() * 1e3);
    out
}

fn build(
    dir: &Path,
    fingerprint: &str,
    config: &Config,
    c: &Corpus,
    ps: &[Passage],
) -> SearchIndex {
    let (idx, _) = SearchIndex::open_or_build(
        &Location::Dir(dir.to_path_buf()),
        fingerprint,
        &config.words,
        || BuildInput {
            passages: ps,
            doc_ids: c.docs.iter().map(|d| d.meta.id.clone()).collect(),
            titles: c
                .docs
                .iter()
                .map(|d| (d.meta.id.clone(), d.meta.title.clone()))
                .collect(),
            words: &config.words,
            search_words: &config.search_words,
            dictionary: std::sync::Arc::new(config.dictionary()),
            fingerprint: fingerprint.to_string(),
        },
    )
    .expect("index builds");
    idx
}

fn main() {
    let mut home = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut runs = 3usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            // cargo bench passes --bench; other flags are not ours.
            s if s.starts_with("--") => {}
            s => home = PathBuf::from(s),
        }
    }
    let runs = runs.max(1);
    let mut phases: Vec<Phase> = [
        ("load_corpus", "read and parse corpus/*.txt"),
        (
            "fingerprint",
            "blake3 over corpus text (part of every open)",
        ),
        ("split", "passage::split of every document"),
        (
            "index_build",
            "tantivy build into an empty directory (analysis, write, merge)",
        ),
        (
            "index_open",
            "open the built index (vocabulary, lexicon, reader)",
        ),
        ("planner", "query::Planner::new (synonyms, typo index)"),
        (
            "checks",
            "checks::Checks::load (rules verified against the index)",
        ),
        (
            "checks_validity",
            "validity sources of every document (bronnen; answers read them per document on use)",
        ),
        (
            "engine_open",
            "Engine::open with an existing index (all of the above but split and build)",
        ),
    ]
    .into_iter()
    .map(|(name, what)| Phase {
        name,
        what,
        ms: Vec::new(),
    })
    .collect();
    let config = Config::load(&home.join("config")).expect("config loads");
    let mut facts = (0usize, 0usize, 0usize);
    for _ in 0..runs {
        let tmp = tempfile::tempdir().expect("temp dir");
        let c = time(&mut phases[0].ms, || {
            corpus::load_dir(&home.join("corpus")).0
        });
        let fp = time(&mut phases[1].ms, || {
            normwijzer::search::index::fingerprint(
                c.docs
                    .iter()
                    .map(|d| (d.meta.id.as_str(), d.text.as_bytes())),
            )
        });
        let ps: Vec<Passage> = time(&mut phases[2].ms, || {
            c.docs.iter().flat_map(passage::split).collect()
        });
        drop(time(&mut phases[3].ms, || {
            build(tmp.path(), &fp, &config, &c, &ps)
        }));
        let idx = std::sync::Arc::new(time(&mut phases[4].ms, || {
            build(tmp.path(), &fp, &config, &c, &ps)
        }));
        time(&mut phases[5].ms, || Planner::new(&idx, &config));
        let docs: Vec<_> = c.docs.iter().map(|d| d.meta.clone()).collect();
        time(&mut phases[6].ms, || {
            Checks::load(
                &config,
                &docs,
                std::sync::Arc::new(normwijzer::engine::IndexPassages(idx.clone())),
            )
            .expect("checks load")
        });
        time(&mut phases[7].ms, || {
            for d in &docs {
                let passages = idx.document_passages(&d.id).unwrap_or_default();
                std::hint::black_box(normwijzer::checks::geldigheid::validity_sources(
                    d, &passages,
                ));
            }
        });
        // The engine keeps its own index under the temporary directory, built once.
        let opts = OpenOptions {
            home: Some(home.clone()),
            in_memory: false,
            index_dir: Some(tmp.path().join("engine")),
        };
        drop(Engine::open(&opts).expect("engine opens"));
        time(&mut phases[8].ms, || {
            Engine::open(&opts).expect("engine opens")
        });
        facts = (
            c.docs.len(),
            ps.len(),
            c.docs.iter().map(|d| d.text.len()).sum(),
        );
    }
    let mut json = serde_json::Map::new();
    json.insert("home".into(), home.display().to_string().into());
    json.insert("runs".into(), runs.into());
    json.insert("documents".into(), facts.0.into());
    json.insert("passages".into(), facts.1.into());
    json.insert("text_bytes".into(), facts.2.into());
    eprintln!(
        "{}: {} documents, {} passages, {:.2} MB text, {runs} runs",
        home.display(),
        facts.0,
        facts.1,
        facts.2 as f64 / 1e6
    );
    let mut out = serde_json::Map::new();
    for p in &phases {
        let (median, min, max) = p.stats();
        eprintln!(
            "  {:<16} {median:>10.1} ms  ({min:.1}–{max:.1})  {}",
            p.name, p.what
        );
        out.insert(
            p.name.into(),
            serde_json::json!({"median_ms": median, "min_ms": min, "max_ms": max, "what": p.what}),
        );
    }
    json.insert("phases".into(), out.into());
    println!("{}", serde_json::Value::Object(json));
}
