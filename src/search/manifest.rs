//! The checksum manifest of a built index directory: size and BLAKE3 hash of every file in it,
//! written once the build is complete and checked before the index is opened.
//!
//! The manifest lists whatever files the build left in the directory (segments, `meta.json`,
//! `.managed.json`, `ready.json`, `vocabulary.tsv`, dictionaries added later), not a fixed list,
//! so a file a future build writes is covered without touching this module. Lock files, which
//! tantivy creates and removes while the index is open, are the one exception.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Name of the manifest inside the index directory. Written last: a directory without it is
/// not a finished index.
pub const FILE: &str = "checksums.tsv";

/// First line of a manifest, so that another file with the same name is not taken for one.
const HEADER: &str = "# normwijzer-checksums-1";

/// What is wrong with an index directory. Messages are Dutch, for the log and the one notice a
/// user sees when the index is rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// No manifest: the build never finished, or the file was removed.
    NoManifest,
    /// The manifest itself does not parse.
    BadManifest,
    /// A listed file is gone.
    Missing(String),
    /// A listed file has another size or content than at build time.
    Changed(String),
    /// A listed file could not be read.
    Unreadable(String),
    /// All files are intact but the search library cannot open them.
    WontOpen,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Damage::NoManifest => write!(f, "de lijst met controlesommen ({FILE}) ontbreekt"),
            Damage::BadManifest => write!(f, "de lijst met controlesommen ({FILE}) is onleesbaar"),
            Damage::Missing(name) => write!(f, "het bestand {name} ontbreekt"),
            Damage::Changed(name) => {
                write!(
                    f,
                    "het bestand {name} is veranderd sinds de index is gebouwd"
                )
            }
            Damage::Unreadable(name) => write!(f, "het bestand {name} kan niet worden gelezen"),
            Damage::WontOpen => write!(f, "de zoekbibliotheek kan de index niet openen"),
        }
    }
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the index directory, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// BLAKE3 hash, hex.
    pub hash: String,
}

/// Whether a file is left out of the manifest: the manifest itself and lock files.
fn skipped(name: &str) -> bool {
    name == FILE || name.ends_with(".lock")
}

/// Every file under `dir` except the skipped ones, relative and sorted.
fn files(dir: &Path) -> std::io::Result<Vec<String>> {
    fn walk(root: &Path, rel: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for e in std::fs::read_dir(root.join(rel))? {
            let e = e?;
            let name = e.file_name().to_string_lossy().to_string();
            let path = rel.join(&name);
            if e.file_type()?.is_dir() {
                walk(root, &path, out)?;
            } else if !skipped(&name) {
                out.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, Path::new(""), &mut out)?;
    out.sort();
    Ok(out)
}

/// Size and hash of one file.
fn digest(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((size, hasher.finalize().to_hex().to_string()))
}

/// Writes the manifest of `dir` over every file now in it.
pub fn write(dir: &Path) -> std::io::Result<()> {
    let mut text = String::from(HEADER);
    text.push('\n');
    for path in files(dir)? {
        if path.contains(['\t', '\n']) {
            return Err(std::io::Error::other(format!(
                "bestandsnaam met tab of regeleinde: {path:?}"
            )));
        }
        let (size, hash) = digest(&dir.join(&path))?;
        text.push_str(&format!("{hash}\t{size}\t{path}\n"));
    }
    let tmp = dir.join(format!("{FILE}.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, dir.join(FILE))
}

/// Reads the manifest of `dir`.
pub fn read(dir: &Path) -> Result<Vec<Entry>, Damage> {
    let text = match std::fs::read(dir.join(FILE)) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| Damage::BadManifest)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Damage::NoManifest),
        Err(_) => return Err(Damage::Unreadable(FILE.into())),
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(Damage::BadManifest);
    }
    let entries = lines
        .map(|line| {
            let mut parts = line.splitn(3, '\t');
            let hash = parts.next()?;
            let size = parts.next()?.parse().ok()?;
            let path = parts.next()?;
            let sane = hash.len() == 64
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
                && !path.is_empty()
                && !path.split('/').any(|c| c.is_empty() || c == "..");
            sane.then(|| Entry {
                path: path.to_string(),
                size,
                hash: hash.to_string(),
            })
        })
        .collect::<Option<Vec<Entry>>>()
        .ok_or(Damage::BadManifest)?;
    if entries.is_empty() {
        return Err(Damage::BadManifest);
    }
    Ok(entries)
}

/// Checks every file the manifest of `dir` lists: present, same size, same hash. Returns the
/// listed paths.
pub fn verify(dir: &Path) -> Result<Vec<String>, Damage> {
    let entries = read(dir)?;
    for e in &entries {
        let path: PathBuf = dir.join(&e.path);
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(Damage::Missing(e.path.clone()));
            }
            Err(_) => return Err(Damage::Unreadable(e.path.clone())),
        };
        // The size first: a truncated file needs no hashing to be found out.
        if meta.len() != e.size {
            return Err(Damage::Changed(e.path.clone()));
        }
        let (_, hash) = digest(&path).map_err(|_| Damage::Unreadable(e.path.clone()))?;
        if hash != e.hash {
            return Err(Damage::Changed(e.path.clone()));
        }
    }
    Ok(entries.into_iter().map(|e| e.path).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            let p = d.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        d
    }

    #[test]
    fn every_file_is_covered_and_each_fault_is_named() {
        let d = dir_with(&[
            ("meta.json", b"{}"),
            (".managed.json", b"[]"),
            ("a.pos", b"posities"),
            ("sub/lemmas.fst", b"fst"),
            (".tantivy-meta.lock", b""),
        ]);
        write(d.path()).unwrap();
        let listed = verify(d.path()).unwrap();
        assert_eq!(
            listed,
            [".managed.json", "a.pos", "meta.json", "sub/lemmas.fst"]
        );
        std::fs::write(d.path().join("a.pos"), b"posities!").unwrap();
        assert_eq!(verify(d.path()), Err(Damage::Changed("a.pos".into())));
        std::fs::write(d.path().join("a.pos"), b"positiez").unwrap();
        assert_eq!(verify(d.path()), Err(Damage::Changed("a.pos".into())));
        std::fs::remove_file(d.path().join("a.pos")).unwrap();
        assert_eq!(verify(d.path()), Err(Damage::Missing("a.pos".into())));
        std::fs::write(d.path().join(FILE), "rommel\n").unwrap();
        assert_eq!(verify(d.path()), Err(Damage::BadManifest));
        std::fs::remove_file(d.path().join(FILE)).unwrap();
        assert_eq!(verify(d.path()), Err(Damage::NoManifest));
    }

    #[test]
    fn a_manifest_cannot_point_outside_the_directory() {
        let d = dir_with(&[]);
        let line = format!("{HEADER}\n{}\t1\t../x\n", "0".repeat(64));
        std::fs::write(d.path().join(FILE), line).unwrap();
        assert_eq!(read(d.path()), Err(Damage::BadManifest));
    }
}
