//! The corpus generator of `normwijzer bench corpus`: sizes, determinism, valid documents with
//! sections, an engine that opens on the result, and the Dutch CLI.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use normwijzer::benchgen::{GenError, GenOptions, Size, generate};
use normwijzer::corpus;
use normwijzer::engine::{AskOptions, Engine, OpenOptions};
use predicates::prelude::*;

fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gen_into(out: &Path, size: Size, seed: u64) -> normwijzer::benchgen::Summary {
    generate(&GenOptions {
        source: project(),
        out: out.to_path_buf(),
        size,
        seed,
    })
    .expect("corpus is generated")
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join("corpus"))
        .expect("corpus dir")
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).expect("readable"),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn reaches_the_size_with_valid_distinct_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let s = gen_into(tmp.path(), Size::Times(4.0), 1);
    let bundled_files = files(&project());
    assert_eq!(s.bundled, bundled_files.len());
    let target = 4 * s.bundled_bytes;
    let largest = files(tmp.path())
        .iter()
        .map(|(_, b)| b.len() as u64)
        .max()
        .unwrap();
    assert!(
        s.bytes >= target && s.bytes < target + largest,
        "{} bytes for a target of {target}",
        s.bytes
    );
    let on_disk: u64 = files(tmp.path()).iter().map(|(_, b)| b.len() as u64).sum();
    assert_eq!(on_disk, s.bytes);

    let (c, errors) = corpus::load_dir(&tmp.path().join("corpus"));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(c.docs.len(), s.documents);
    let ids: HashSet<&str> = c.docs.iter().map(|d| d.meta.id.as_str()).collect();
    assert_eq!(ids.len(), c.docs.len());
    let regions: BTreeSet<&str> = c.docs.iter().map(|d| d.meta.region.as_str()).collect();
    assert_eq!(regions.len(), s.regions);
    assert!(s.regions > 5, "{regions:?}");

    // The bundled documents are copied byte for byte; the config is there.
    for (name, bytes) in &bundled_files {
        assert_eq!(
            &std::fs::read(tmp.path().join("corpus").join(name)).unwrap(),
            bytes
        );
    }
    assert!(tmp.path().join("config/normwijzer.toml").is_file());

    // New documents: another region, Almere replaced, headings the splitter recognises.
    let made: Vec<_> = c
        .docs
        .iter()
        .filter(|d| {
            d.meta
                .notes
                .as_deref()
                .is_some_and(|n| n.contains("Synthetic"))
        })
        .collect();
    assert_eq!(made.len(), s.documents - s.bundled);
    for d in made {
        assert_ne!(d.meta.region, "almere", "{}", d.meta.id);
        assert!(
            !d.text.contains("Almere"),
            "{} still names Almere",
            d.meta.id
        );
        let sections: HashSet<String> = normwijzer::corpus::passage::split(d)
            .iter()
            .map(|p| p.section())
            .collect();
        assert!(sections.len() >= 2, "{}: sections {sections:?}", d.meta.id);
    }
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    gen_into(a.path(), Size::Bytes(300_000), 7);
    gen_into(b.path(), Size::Bytes(300_000), 7);
    gen_into(c.path(), Size::Bytes(300_000), 8);
    assert_eq!(files(a.path()), files(b.path()));
    assert_ne!(files(a.path()), files(c.path()));
}

#[test]
fn refuses_a_directory_that_holds_a_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    gen_into(tmp.path(), Size::Times(1.0), 1);
    let again = generate(&GenOptions {
        source: project(),
        out: tmp.path().to_path_buf(),
        size: Size::Times(2.0),
        seed: 1,
    });
    assert!(matches!(again, Err(GenError::NotEmpty(_))), "{again:?}");
}

#[test]
fn the_engine_opens_and_answers_on_a_generated_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    gen_into(tmp.path(), Size::Times(3.0), 2);
    let engine = Engine::open(&OpenOptions {
        home: Some(tmp.path().to_path_buf()),
        in_memory: true,
        index_dir: None,
    })
    .expect("engine opens: the rules in config/ still find their passages");
    assert!(engine.problems().is_empty(), "{:?}", engine.problems());
    assert!(engine.documents().len() > 5);
    let opts = AskOptions {
        today: "2026-11-22".parse().unwrap(),
        max_citations: None,
        previous: Vec::new(),
        budget: Default::default(),
    };
    let a = engine.ask("wanneer moet een OPP?", &opts).expect("answer");
    assert!(!a.abstained);
    assert!(!a.citations.is_empty());
}

#[test]
fn cli_makes_a_corpus_and_explains_bad_sizes_in_dutch() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("groot");
    Command::cargo_bin("normwijzer")
        .unwrap()
        .env_remove("NORMWIJZER_HOME")
        .args(["--home"])
        .arg(project())
        .args(["bench", "corpus", "--size", "2x", "--seed", "3", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Corpus gemaakt in")
                .and(predicate::str::contains("startwaarde 3")),
        );
    assert!(out.join("corpus/anb.txt").is_file());

    Command::cargo_bin("normwijzer")
        .unwrap()
        .env_remove("NORMWIJZER_HOME")
        .args(["bench", "corpus", "--size", "twintig", "--out"])
        .arg(tmp.path().join("nee"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("ongeldige grootte „twintig”"));
    assert!(!tmp.path().join("nee").exists());
}
