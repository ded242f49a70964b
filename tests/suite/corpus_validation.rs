//! Front matter with a value outside the known ones is an error that names file, line, value,
//! what is allowed and the nearest allowed value; that document is skipped and the others are
//! served.

use crate::support;

use normwijzer::engine::{Engine, OpenOptions};

fn open_with(name: &str, header: &str) -> (tempfile::TempDir, Engine) {
    let dir = support::project_copy();
    std::fs::write(
        dir.path().join("corpus").join(name),
        format!("+++\n{header}+++\nKangoeroebeleid\n\nElke school heeft een kangoeroebeleid.\n"),
    )
    .unwrap();
    let engine = Engine::open(&OpenOptions {
        home: Some(dir.path().to_path_buf()),
        in_memory: true,
        index_dir: None,
    })
    .expect("engine opens");
    (dir, engine)
}

const GOOD: &str = "id = \"kangoeroe\"\ntitle = \"Kangoeroe\"\nissuer = \"Test\"\n";

#[test]
fn a_region_typo_is_named_with_the_nearest_region_and_skipped() {
    let (_dir, e) = open_with(
        "kangoeroe.txt",
        &format!("{GOOD}region = \"Almere Stad\"\nkind = \"themakaart\"\n"),
    );
    let problem = e
        .problems()
        .iter()
        .find(|p| p.contains("kangoeroe.txt"))
        .expect("a problem for the file");
    assert!(problem.contains("regel 5"), "{problem}");
    assert!(problem.contains("region = \"Almere Stad\""), "{problem}");
    assert!(
        problem.contains("toegestaan: almere, amsterdam-diemen"),
        "{problem}"
    );
    assert!(problem.contains("bedoel je almere?"), "{problem}");
    assert!(e.documents().iter().all(|d| d.id != "kangoeroe"));
    assert!(
        e.documents().iter().any(|d| d.id == "anb"),
        "the others are served"
    );
}

#[test]
fn kind_and_sectors_come_from_closed_sets() {
    let (_dir, e) = open_with(
        "kangoeroe.txt",
        &format!("{GOOD}region = \"almere\"\nkind = \"themakaar\"\n"),
    );
    assert!(
        e.problems()
            .iter()
            .any(|p| p.contains("kind = \"themakaar\"") && p.contains("bedoel je themakaart?")),
        "{:?}",
        e.problems()
    );
    let (_dir, e) = open_with(
        "kangoeroe.txt",
        &format!("{GOOD}region = \"almere\"\nkind = \"themakaart\"\nsectors = [\"po\", \"mbo\"]\n"),
    );
    assert!(
        e.problems()
            .iter()
            .any(|p| p.contains("sectors = \"mbo\"") && p.contains("po, so, sbo, vo, vso")),
        "{:?}",
        e.problems()
    );
    let (_dir, e) = open_with(
        "kangoeroe.txt",
        &format!("{GOOD}region = \"almere\"\nkind = \"themakaart\"\nsectors = [\"po\"]\n"),
    );
    assert!(e.problems().is_empty(), "{:?}", e.problems());
    assert!(e.documents().iter().any(|d| d.id == "kangoeroe"));
}
