//! Criterion benches of the answer engine, in process (see BENCHMARKS.md).
//!
//! - `ask/bundled/<id>`: `Engine::ask` for each question of `tests/fixtures/dev.toml` on the
//!   bundled corpus (index in memory), so the spread over questions shows;
//! - `ask/bundled/all-dev`: all dev questions in a row (divide by their number for the mean);
//! - `open/existing-index`: `Engine::open` with an index on disk (the in-process part of a cold
//!   `normwijzer ask`), and `open/build-in-memory`: the same when the index must be built;
//! - `ask/scaled/<id>`: only when `NORMWIJZER_BENCH_HOME` names a project directory, e.g. one
//!   made by `normwijzer bench corpus --size 20MB --out DIR`; its index lives in `DIR/index`.
//!
//! Run: `cargo bench --bench answer` (add `-- ask/bundled` to run a subset).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use normwijzer::engine::{AskOptions, Engine, OpenOptions};
use normwijzer::eval::QuestionSet;

/// The repository (bundled corpus and config).
fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dev_questions() -> QuestionSet {
    normwijzer::eval::load(&project().join("tests/fixtures/dev.toml")).expect("dev.toml loads")
}

/// A fixed day, so document status and answers do not change with the clock.
fn on_fixed_day() -> AskOptions {
    AskOptions {
        today: "2026-11-22".parse().expect("valid date"),
        max_citations: None,
        previous: Vec::new(),
        budget: Default::default(),
    }
}

fn open(home: &Path, in_memory: bool, index_dir: Option<PathBuf>) -> Engine {
    Engine::open(&OpenOptions {
        home: Some(home.to_path_buf()),
        in_memory,
        index_dir,
    })
    .expect("engine opens")
}

/// One bench per dev question, and one over all of them.
fn ask_group(c: &mut Criterion, name: &str, engine: &Engine) {
    let set = dev_questions();
    let opts = on_fixed_day();
    let mut g = c.benchmark_group("ask");
    for q in &set.questions {
        g.bench_with_input(BenchmarkId::new(name, &q.id), &q.ask, |b, ask| {
            b.iter(|| engine.ask(black_box(ask), &opts))
        });
    }
    g.bench_function(BenchmarkId::new(name, "all-dev"), |b| {
        b.iter(|| {
            for q in &set.questions {
                let _ = black_box(engine.ask(black_box(&q.ask), &opts));
            }
        })
    });
    g.finish();
}

fn ask_bundled(c: &mut Criterion) {
    let engine = open(&project(), true, None);
    ask_group(c, "bundled", &engine);
}

fn ask_scaled(c: &mut Criterion) {
    let Some(home) = std::env::var_os("NORMWIJZER_BENCH_HOME") else {
        return;
    };
    let engine = open(Path::new(&home), false, None);
    ask_group(c, "scaled", &engine);
}

fn open_engine(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let index_dir = dir.path().join("index");
    // The first open builds the index on disk; the bench then measures opening it.
    drop(open(&project(), false, Some(index_dir.clone())));
    let mut g = c.benchmark_group("open");
    g.sample_size(20);
    g.bench_function("existing-index", |b| {
        b.iter(|| open(&project(), false, Some(index_dir.clone())))
    });
    g.bench_function("build-in-memory", |b| {
        b.iter(|| open(&project(), true, None))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}

criterion_group! {
    name = benches;
    config = config();
    targets = ask_bundled, open_engine, ask_scaled
}
criterion_main!(benches);
