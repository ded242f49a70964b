//! What changed between two versions of a document: passages added, removed and changed,
//! matched by content and section rather than by id alone (an inserted passage shifts the ids
//! after it in its section), with a word-level diff of the verbatim text of a changed passage.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use super::passage::Passage;

/// Lowest similarity at which two passages count as one passage changed rather than one
/// removed and one added.
const MATCH_AT: f64 = 0.5;

/// What happened to a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with another text.
    Changed,
}

/// One side of a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// Passage id in that version.
    pub id: String,
    /// The section path, `›`-joined.
    pub section: String,
    /// The verbatim passage text.
    pub text: String,
}

/// A run of words in a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Words {
    /// `equal`, `removed` or `added`.
    pub kind: &'static str,
    /// The words, with the spaces between them.
    pub text: String,
}

/// One passage added, removed or changed.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The passage in the old version (removed, changed).
    pub old: Option<Side>,
    /// The passage in the new version (added, changed).
    pub new: Option<Side>,
    /// For a changed passage: the word-level diff from old to new.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Words>,
}

/// The comparison of two versions.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Passages whose text is the same in both (possibly under another id).
    pub unchanged: usize,
    /// Of those, the ones whose id differs: `(old id, new id)`.
    pub moved: Vec<(String, String)>,
    /// Added, removed and changed passages, in the order of the new version (removed ones at
    /// the place of their old neighbours' order).
    pub changes: Vec<Change>,
}

/// How many passages were changed, added and removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// In both versions, with another text.
    pub changed: usize,
    /// Only in the new version.
    pub added: usize,
    /// Only in the old version.
    pub removed: usize,
    /// The same text in both.
    pub unchanged: usize,
}

impl Comparison {
    /// The number of passages of each kind of change.
    pub fn counts(&self) -> Counts {
        let count = |k: ChangeKind| self.changes.iter().filter(|c| c.kind == k).count();
        Counts {
            changed: count(ChangeKind::Changed),
            added: count(ChangeKind::Added),
            removed: count(ChangeKind::Removed),
            unchanged: self.unchanged,
        }
    }

    /// The counts in Dutch, for `normwijzer wijzigingen` and `/wijzigingen`: `2 gewijzigd,
    /// 1 toegevoegd, 1 verwijderd, 9 ongewijzigd`.
    pub fn summary(&self) -> String {
        let c = self.counts();
        format!(
            "{} gewijzigd, {} toegevoegd, {} verwijderd, {} ongewijzigd",
            c.changed, c.added, c.removed, c.unchanged
        )
    }

    /// The id in the new version of the passage `old_id` of the old one: the same text under
    /// another id, or the changed passage it became; `None` when it was removed.
    pub fn successor(&self, old_id: &str) -> Option<&str> {
        if let Some((_, new)) = self.moved.iter().find(|(o, _)| o == old_id) {
            return Some(new);
        }
        self.changes
            .iter()
            .filter(|c| c.old.as_ref().is_some_and(|o| o.id == old_id))
            .find_map(|c| c.new.as_ref().map(|n| n.id.as_str()))
    }
}

fn side(p: &Passage) -> Side {
    Side {
        id: p.id.clone(),
        section: p.breadcrumb.join(" › "),
        text: p.clean.text.clone(),
    }
}

/// The lowercased words of a text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Dice coefficient of the word multisets of two texts, plus a little for the same section.
fn similarity(a: &Passage, b: &Passage) -> f64 {
    let (wa, wb) = (words(&a.clean.text), words(&b.clean.text));
    if wa.is_empty() && wb.is_empty() {
        return 0.0;
    }
    let mut counts: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for w in &wa {
        *counts.entry(w).or_default() += 1;
    }
    let mut common = 0usize;
    for w in &wb {
        if let Some(n) = counts.get_mut(w.as_str())
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    let dice = 2.0 * common as f64 / (wa.len() + wb.len()) as f64;
    let same_section = if a.breadcrumb == b.breadcrumb {
        0.1
    } else {
        0.0
    };
    dice + same_section
}

/// The word-level diff of two texts, as runs of equal, removed and added words.
pub fn word_diff(old: &str, new: &str) -> Vec<Words> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Delete => "removed",
            ChangeTag::Insert => "added",
        };
        let value = change.value();
        // Spaces between two changed words stay inside the run, so `[-a b-]` not `[-a-] [-b-]`.
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(value),
            _ if value.trim().is_empty() && kind != "equal" => {
                if let Some(last) = out.last_mut() {
                    last.text.push_str(value);
                }
            }
            _ => out.push(Words {
                kind,
                text: value.to_string(),
            }),
        }
    }
    out
}

/// Compares the passages of an old and a new version of a document.
pub fn compare(old: &[Passage], new: &[Passage]) -> Comparison {
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    let mut moved = Vec::new();
    let mut unchanged = 0;
    // Same text: the same passage, wherever it is now.
    for (j, n) in new.iter().enumerate() {
        let same = (0..old.len()).find(|&i| !old_used[i] && old[i].clean.text == n.clean.text);
        if let Some(i) = same {
            old_used[i] = true;
            new_used[j] = true;
            unchanged += 1;
            if old[i].id != n.id {
                moved.push((old[i].id.clone(), n.id.clone()));
            }
        }
    }
    // The rest: the most similar pairs first.
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in old.iter().enumerate().filter(|(i, _)| !old_used[*i]) {
        for (j, n) in new.iter().enumerate().filter(|(j, _)| !new_used[*j]) {
            let s = similarity(o, n);
            if s >= MATCH_AT {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut matched: Vec<(usize, usize)> = Vec::new();
    for (_, i, j) in pairs {
        if !old_used[i] && !new_used[j] {
            old_used[i] = true;
            new_used[j] = true;
            matched.push((i, j));
        }
    }
    // In the order of the new version; a removed passage goes after the new passage that
    // follows its nearest kept predecessor.
    let mut keyed: Vec<((usize, usize), Change)> = Vec::new();
    for (i, j) in matched {
        keyed.push((
            (j, 0),
            Change {
                kind: ChangeKind::Changed,
                words: word_diff(&old[i].clean.text, &new[j].clean.text),
                old: Some(side(&old[i])),
                new: Some(side(&new[j])),
            },
        ));
    }
    for (j, n) in new.iter().enumerate().filter(|(j, _)| !new_used[*j]) {
        keyed.push((
            (j, 0),
            Change {
                kind: ChangeKind::Added,
                old: None,
                new: Some(side(n)),
                words: Vec::new(),
            },
        ));
    }
    for (i, o) in old.iter().enumerate().filter(|(i, _)| !old_used[*i]) {
        keyed.push((
            (i.min(new.len()), 1),
            Change {
                kind: ChangeKind::Removed,
                old: Some(side(o)),
                new: None,
                words: Vec::new(),
            },
        ));
    }
    keyed.sort_by_key(|(k, _)| *k);
    Comparison {
        unchanged,
        moved,
        changes: keyed.into_iter().map(|(_, c)| c).collect(),
    }
}

/// The diff as plain text: removed words as `[-…-]`, added as `{+…+}`; with `colour`, red and
/// green instead.
pub fn render_words(words: &[Words], colour: bool) -> String {
    let mut out = String::new();
    for w in words {
        match (w.kind, colour) {
            ("removed", false) => out.push_str(&format!("[-{}-]", w.text)),
            ("added", false) => out.push_str(&format!("{{+{}+}}", w.text)),
            ("removed", true) => out.push_str(&format!("\x1b[31;9m{}\x1b[0m", w.text)),
            ("added", true) => out.push_str(&format!("\x1b[32m{}\x1b[0m", w.text)),
            _ => out.push_str(&w.text),
        }
    }
    out
}

/// The documents in `archive` (the `archive/` folder next to `corpus/`: earlier versions,
/// one file each, with the front matter they had), by id and then newest `published` first.
/// Files that do not parse are left out (`normwijzer controleer` reads only `corpus/`).
pub fn archived(archive: &std::path::Path) -> Vec<super::Document> {
    let Ok(entries) = std::fs::read_dir(archive) else {
        return Vec::new();
    };
    let mut files: Vec<std::path::PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .collect();
    files.sort();
    let mut docs: Vec<super::Document> = files
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            super::parse_document(&p, &bytes).ok()
        })
        .collect();
    docs.sort_by(|a, b| {
        a.meta.id.cmp(&b.meta.id).then_with(|| {
            b.meta
                .published
                .map(|p| p.to_string())
                .cmp(&a.meta.published.map(|p| p.to_string()))
        })
    });
    docs
}

/// The name of an archived version: `<id>@<published>` (`themakaart-sel@2025-05`), or
/// `<id>@<file name without extension>` when it has no date. The current version in `corpus/`
/// is named by its id alone.
pub fn archived_name(d: &super::Document) -> String {
    match &d.meta.published {
        Some(p) => format!("{}@{p}", d.meta.id),
        None => format!(
            "{}@{}",
            d.meta.id,
            d.path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
    }
}

/// The archived version named `name` (see [`archived_name`]).
pub fn find_archived(archive: &std::path::Path, name: &str) -> Option<super::Document> {
    let name = name.trim();
    archived(archive)
        .into_iter()
        .find(|d| archived_name(d) == name)
}

/// Up to three of `known` names nearest to `typed`, nearest first, for "not found" replies.
pub fn nearest_names(typed: &str, known: &[String]) -> Vec<String> {
    let typed = typed.trim().to_lowercase();
    let mut scored: Vec<(f64, &String)> = known
        .iter()
        .map(|k| (strsim::jaro_winkler(&typed, k), k))
        .filter(|(s, _)| *s >= 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k.clone()).collect()
}

/// A passage id found in an older version of its document, kept in the archive folder.
#[derive(Debug, Clone, Serialize)]
pub struct Earlier {
    /// The archived version: document id and publication date as written.
    pub version: String,
    /// The archived file.
    pub file: String,
    /// The passage in that version.
    pub passage: Side,
    /// The passage it became in the current version (same text elsewhere, or changed);
    /// `None` when it was removed.
    pub successor: Option<Side>,
}

/// Looks `id` (`<doc>#...`) up in the older versions of its document in `archive` (the
/// `archive/` folder next to `corpus/`: one file per old version, with the same front matter
/// as in `corpus/`), newest `published` first, and finds its successor among `current`, the
/// passages of the document in the corpus now.
pub fn earlier_version(
    archive: &std::path::Path,
    id: &str,
    current: &[Passage],
) -> Option<Earlier> {
    let doc = id.split('#').next()?;
    for v in archived(archive).into_iter().filter(|d| d.meta.id == doc) {
        let old = super::passage::split(&v);
        let Some(found) = old.iter().find(|p| p.id == id) else {
            continue;
        };
        let cmp = compare(&old, current);
        let successor = cmp
            .successor(id)
            .and_then(|s| current.iter().find(|p| p.id == s))
            .map(side);
        let version = match &v.meta.published {
            Some(p) => format!("{}, {p}", v.meta.id),
            None => v.meta.id.clone(),
        };
        return Some(Earlier {
            version,
            file: v.path.display().to_string(),
            passage: side(found),
            successor,
        });
    }
    None
}

/// The passage ids the rules in `config/` cite (`passage = "<id>"` in any `.toml` there),
/// with the file that cites each.
fn cited_passages(config: &std::path::Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(config) else {
        return Vec::new();
    };
    let re = regex::Regex::new(r#"passage\s*=\s*"([^"]+)""#).ok();
    let mut out = Vec::new();
    let mut files: Vec<std::path::PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
    {
        let (Some(re), Ok(text)) = (re.as_ref(), std::fs::read_to_string(&path)) else {
            continue;
        };
        let name = format!(
            "config/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        for c in re.captures_iter(&text) {
            out.push((name.clone(), c[1].to_string()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Rules in `config/` whose passage changed or vanished between the newest version of its
/// document in `archive` and the one in `corpus`: one Dutch sentence each, for
/// `normwijzer controleer`. `current(doc)` gives the passages of a document in the corpus now.
pub fn rules_to_review(
    archive: &std::path::Path,
    config: &std::path::Path,
    current: impl Fn(&str) -> Vec<Passage>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (file, id) in cited_passages(config) {
        let doc = id.split('#').next().unwrap_or_default();
        let now = current(doc);
        let Some(old) = newest_archived(archive, doc) else {
            continue;
        };
        let old_passages = super::passage::split(&old);
        let Some(before) = old_passages.iter().find(|p| p.id == id) else {
            continue;
        };
        let cmp = compare(&old_passages, &now);
        let version = old.path.display();
        if cmp.moved.iter().any(|(o, _)| *o == id)
            || now.iter().any(|p| p.clean.text == before.clean.text)
        {
            if let Some((_, new_id)) = cmp.moved.iter().find(|(o, _)| *o == id) {
                out.push(format!(
                    "{file} citeert {id}; die tekst heet in de nieuwe versie {new_id} (vorige versie: {version}): pas de regel aan"
                ));
            }
            continue;
        }
        match cmp.successor(&id) {
            Some(s) => out.push(format!(
                "{file} citeert {id}, en die passage is veranderd ten opzichte van de vorige versie ({version}; nu {s}): controleer of de regel nog klopt"
            )),
            None => out.push(format!(
                "{file} citeert {id}, en die passage is vervallen in de nieuwe versie (vorige versie: {version})"
            )),
        }
    }
    out
}

/// The newest version of document `doc` in `archive`, by `published`.
fn newest_archived(archive: &std::path::Path, doc: &str) -> Option<super::Document> {
    archived(archive).into_iter().find(|d| d.meta.id == doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_marked_as_removed_and_added() {
        let w = word_diff(
            "de school stelt binnen zes weken een plan op",
            "de school stelt binnen vier weken een nieuw plan op",
        );
        assert_eq!(
            render_words(&w, false),
            "de school stelt binnen [-zes-]{+vier+} weken een {+nieuw +}plan op"
        );
    }
}
