//! A damaged index heals: every kind of fault found by the adversarial run (a truncated or
//! overwritten segment file, a deleted `.pos`, garbage in `meta.json` or `.managed.json`, half a
//! `vocabulary.tsv`, a deleted `ready.json` or manifest) is noticed at open, the directory is
//! moved aside, the index is built again on disk, the user gets one Dutch sentence, and the
//! answers are those of a fresh index. The next open finds a sound index and says nothing.

use crate::support;

use std::path::{Path, PathBuf};

use normwijzer::engine::{Engine, OpenOptions};

/// Questions whose answers must survive a heal unchanged.
const QUESTIONS: &[&str] = &[
    "wanneer moet een OPP?",
    "wat is een arrangement?",
    "wie betaalt het leerlingenvervoer?",
];

fn open(index_dir: &Path) -> Engine {
    Engine::open(&OpenOptions {
        home: Some(support::home()),
        in_memory: false,
        index_dir: Some(index_dir.to_path_buf()),
    })
    .expect("engine opens, healing the index if need be")
}

/// The answers as JSON, the oracle being the shared engine with its index in memory.
fn answers(engine: &Engine) -> Vec<String> {
    QUESTIONS
        .iter()
        .map(|q| {
            let a = engine
                .ask(q, &support::on("2026-03-02"))
                .expect("the index can be read");
            serde_json::to_string(&a).unwrap()
        })
        .collect()
}

/// The one fingerprint directory under `root`.
fn index_dir(root: &Path) -> PathBuf {
    let dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            p.is_dir() && name.len() == 16
        })
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs.into_iter().next().unwrap()
}

/// A file in `dir` whose name ends with `ext`, the largest if several.
fn file_with(dir: &Path, ext: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap_or_else(|| panic!("no *{ext} in {}", dir.display()))
}

fn truncate_half(p: &Path) {
    let bytes = std::fs::read(p).unwrap();
    std::fs::write(p, &bytes[..bytes.len() / 2]).unwrap();
}

fn broken_dirs(root: &Path) -> usize {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".broken-"))
        .count()
}

/// Builds an index, damages it with `fault`, and checks the heal.
fn heals_from(name: &str, fault: impl Fn(&Path)) {
    let root = tempfile::tempdir().unwrap();
    let expected = answers(support::engine());
    let first = open(root.path());
    assert!(first.built_index(), "{name}: first open builds");
    assert!(
        first.problems().is_empty(),
        "{name}: {:?}",
        first.problems()
    );
    drop(first);

    fault(&index_dir(root.path()));

    let healed = open(root.path());
    assert!(healed.built_index(), "{name}: a damaged index is rebuilt");
    let notice = healed.problems().join("\n");
    assert!(
        notice.contains("de zoekindex was beschadigd") && notice.contains("opnieuw opgebouwd"),
        "{name}: {notice}"
    );
    for english in [
        "magic",
        "Footer",
        "error",
        "Error",
        "failed",
        "termijnen.toml",
    ] {
        assert!(!notice.contains(english), "{name}: {notice}");
    }
    assert_eq!(broken_dirs(root.path()), 1, "{name}: moved aside");
    assert_eq!(answers(&healed), expected, "{name}: answers after the heal");
    drop(healed);

    let again = open(root.path());
    assert!(!again.built_index(), "{name}: the healed index is used");
    assert!(
        again.problems().is_empty(),
        "{name}: {:?}",
        again.problems()
    );
    assert_eq!(
        answers(&again),
        expected,
        "{name}: answers from the healed disk copy"
    );
}

#[test]
fn a_truncated_segment_file_heals() {
    heals_from("store", |d| truncate_half(&file_with(d, ".store")));
}

#[test]
fn an_overwritten_segment_file_heals() {
    heals_from("term", |d| {
        let p = file_with(d, ".term");
        let len = std::fs::metadata(&p).unwrap().len() as usize;
        std::fs::write(&p, vec![0x5a; len]).unwrap();
    });
}

#[test]
fn a_deleted_pos_file_heals() {
    heals_from("pos", |d| {
        std::fs::remove_file(file_with(d, ".pos")).unwrap()
    });
}

#[test]
fn garbage_meta_json_heals() {
    heals_from("meta.json", |d| {
        std::fs::write(d.join("meta.json"), "rommel").unwrap()
    });
}

#[test]
fn garbage_managed_json_heals() {
    heals_from(".managed.json", |d| {
        std::fs::write(d.join(".managed.json"), "[\"x\"").unwrap()
    });
}

#[test]
fn half_a_vocabulary_heals() {
    heals_from("vocabulary.tsv", |d| {
        truncate_half(&d.join("vocabulary.tsv"))
    });
}

#[test]
fn a_deleted_ready_json_heals() {
    heals_from("ready.json", |d| {
        std::fs::remove_file(d.join("ready.json")).unwrap()
    });
}

#[test]
fn a_deleted_manifest_heals() {
    heals_from("manifest", |d| {
        std::fs::remove_file(d.join(normwijzer::search::manifest::FILE)).unwrap()
    });
}

#[test]
fn a_new_file_in_the_index_is_covered_by_the_manifest() {
    // Files the build writes later (dictionaries, say) are covered without a list: the
    // manifest names every file of the directory.
    let root = tempfile::tempdir().unwrap();
    drop(open(root.path()));
    let dir = index_dir(root.path());
    let listed = normwijzer::search::manifest::verify(&dir).unwrap();
    let on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n != normwijzer::search::manifest::FILE && !n.ends_with(".lock"))
        .collect();
    assert_eq!(listed.len(), on_disk.len(), "{listed:?} vs {on_disk:?}");
    for f in ["meta.json", ".managed.json", "ready.json", "vocabulary.tsv"] {
        assert!(listed.iter().any(|l| l == f), "{f} not in {listed:?}");
    }
}

#[test]
fn old_damaged_copies_and_dead_builds_are_cleaned_up() {
    let root = tempfile::tempdir().unwrap();
    drop(open(root.path()));
    for i in 0..5 {
        std::fs::create_dir(
            root.path()
                .join(format!("0123456789abcdef.broken-2026010{i}T000000Z")),
        )
        .unwrap();
    }
    // A pid that cannot be running (above the kernel's pid limit).
    let dead = root.path().join(".bouw-0123456789abcdef-4294967294");
    std::fs::create_dir(&dead).unwrap();
    truncate_half(&index_dir(root.path()).join("vocabulary.tsv"));
    drop(open(root.path()));
    assert_eq!(broken_dirs(root.path()), 3, "the newest three are kept");
    assert!(!dead.exists(), "a dead process's half build is removed");
}
