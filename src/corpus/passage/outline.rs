//! Decides the numbered series of sections a document walks through ("stap 1" … "stap 7"), from
//! the breadcrumbs of its passages.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::Passage;

/// A numbered series of sections a document walks through: "stap 1 - Intake" … "stap 7 -
/// Uitvoeren", "Niveau 1." … "Niveau 4.", "Trede 1" … "Trede 3". Questions such as "welke
/// stappen …" are answered with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outline {
    /// Source id.
    pub doc: String,
    /// Chapter the series stands in (top of the breadcrumb).
    pub chapter: String,
    /// The series word, singular and lowercase: `stap`, `niveau`, `trede`.
    pub keyword: String,
    /// The sections in document order.
    pub items: Vec<OutlineItem>,
}

/// One section of an [`Outline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlineItem {
    /// The heading as printed ("stap 1 - Intake").
    pub heading: String,
    /// The first passage of the section.
    pub passage: String,
}

static SERIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)(stap|fase|trede|niveau|ijkpunt|module|hoofdstuk|deel)\s+(\d{1,2})\b")
        .unwrap()
});

/// The numbered series in a document's passages (in order), and for each passage the series it
/// belongs to (index into the returned outlines).
pub fn outlines(passages: &[Passage]) -> (Vec<Outline>, Vec<Option<usize>>) {
    let mut out: Vec<Outline> = Vec::new();
    let member: Vec<Option<usize>> = passages
        .iter()
        .map(|p| add_to_series(&mut out, p))
        .collect();
    without_lone_steps(out, member)
}

/// Adds passage `p` to the series its deepest numbered heading belongs to, starting that
/// series when it is new; returns the series' index.
fn add_to_series(out: &mut Vec<Outline>, p: &Passage) -> Option<usize> {
    let (depth, caps) = p
        .breadcrumb
        .iter()
        .enumerate()
        .rev()
        .find_map(|(d, t)| SERIES.captures(t).map(|c| (d, c)))?;
    let keyword = caps[1].to_lowercase();
    let heading = p.breadcrumb[depth].clone();
    let chapter = if depth > 0 {
        p.breadcrumb[0].clone()
    } else {
        String::new()
    };
    let k = match out
        .iter()
        .position(|o| o.doc == p.doc && o.chapter == chapter && o.keyword == keyword)
    {
        Some(k) => k,
        None => {
            out.push(Outline {
                doc: p.doc.clone(),
                chapter,
                keyword,
                items: Vec::new(),
            });
            out.len() - 1
        }
    };
    if !out[k].items.iter().any(|it| it.heading == heading) {
        out[k].items.push(OutlineItem {
            heading,
            passage: p.id.clone(),
        });
    }
    Some(k)
}

/// A series has at least two steps: drops the others and renumbers the memberships.
fn without_lone_steps(
    out: Vec<Outline>,
    member: Vec<Option<usize>>,
) -> (Vec<Outline>, Vec<Option<usize>>) {
    let keep: Vec<bool> = out.iter().map(|o| o.items.len() >= 2).collect();
    let mut new_index = Vec::with_capacity(out.len());
    let mut n = 0;
    for k in &keep {
        new_index.push(if *k { Some(n) } else { None });
        n += usize::from(*k);
    }
    let out = out
        .into_iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(o, _)| o)
        .collect();
    let member = member
        .into_iter()
        .map(|m| m.and_then(|k| new_index[k]))
        .collect();
    (out, member)
}
