//! `GET /wijzigingen`: what changed in the documents, passage by passage, with the words
//! removed and added (`<del>`/`<ins>`). Without a query it lists every pair of versions the
//! service knows: for each document with an earlier version in `archive/`, the newest archived
//! one against the one served, and for each document whose `superseded_by` names another
//! document of the corpus, the two. `?oud=NAAM&nieuw=NAAM` compares a chosen pair; a name is
//! a document id (the version served) or an archived version (`themakaart-sel@2025-05`, see
//! [`versions::archived_name`]). An unknown name is a Dutch 404 with the nearest names.
//!
//! The comparison is [`versions::compare`], the same as `normwijzer wijzigingen`; the current
//! version is the one the engine serves (so a reload shows at once), archived versions are read
//! from disk per request.

use jiff::civil::Date;
use maud::{Markup, html};

use super::page::{bron_href, layout};
use crate::corpus::passage::{self, Passage};
use crate::corpus::validate::is_id_like;
use crate::corpus::versions::{self, Change, ChangeKind, Comparison};
use crate::engine::Engine;

/// One version of a document, ready to compare.
pub(super) struct Version {
    /// The name in `?oud=`/`?nieuw=`: the id, or `<id>@<published>` for an archived one.
    name: String,
    title: String,
    published: Option<String>,
    /// Whether this is the version served now (its passages have pages under `/bron`).
    served: bool,
    passages: Vec<Passage>,
}

/// Two versions and what changed between them.
pub(super) struct Pair {
    old: Version,
    new: Version,
    cmp: Comparison,
}

impl Pair {
    fn of(old: Version, new: Version) -> Pair {
        let cmp = versions::compare(&old.passages, &new.passages);
        Pair { old, new, cmp }
    }
}

/// The version served of document `id`.
fn served(engine: &Engine, id: &str) -> Option<Version> {
    let meta = engine.documents().iter().find(|d| d.id == id)?;
    let passages = engine.document_passages(id).ok()?;
    Some(Version {
        name: meta.id.clone(),
        title: meta.title.clone(),
        published: meta.published.map(|p| p.to_string()),
        served: true,
        passages,
    })
}

fn archived(d: &crate::corpus::Document) -> Version {
    Version {
        name: versions::archived_name(d),
        title: d.meta.title.clone(),
        published: d.meta.published.map(|p| p.to_string()),
        served: false,
        passages: passage::split(d),
    }
}

/// Every pair of versions the service knows (see the module comment), in document order.
pub(super) fn all_pairs(engine: &Engine) -> Vec<Pair> {
    let archive = versions::archived(&engine.home().join("archive"));
    let mut pairs = Vec::new();
    for meta in engine.documents() {
        // `archived` is newest first per id.
        if let Some(old) = archive.iter().find(|d| d.meta.id == meta.id)
            && let Some(new) = served(engine, &meta.id)
        {
            pairs.push(Pair::of(archived(old), new));
        }
        if let Some(by) = meta.superseded_by.as_deref().filter(|b| is_id_like(b))
            && let (Some(old), Some(new)) = (served(engine, &meta.id), served(engine, by))
        {
            pairs.push(Pair::of(old, new));
        }
    }
    pairs
}

/// The names `?oud=`/`?nieuw=` accept.
fn known_names(engine: &Engine) -> Vec<String> {
    let mut names: Vec<String> = engine.documents().iter().map(|d| d.id.clone()).collect();
    names.extend(
        versions::archived(&engine.home().join("archive"))
            .iter()
            .map(versions::archived_name),
    );
    names
}

/// A name that is no version, with the nearest names.
pub(super) struct Unknown {
    pub(super) name: String,
    pub(super) nearest: Vec<String>,
}

/// The pair `old` → `new`, or the names that are no version.
pub(super) fn chosen(engine: &Engine, old: &str, new: &str) -> Result<Pair, Vec<Unknown>> {
    let archive = engine.home().join("archive");
    let find = |name: &str| {
        let name = name.trim();
        served(engine, name)
            .or_else(|| versions::find_archived(&archive, name).map(|d| archived(&d)))
    };
    match (find(old), find(new)) {
        (Some(o), Some(n)) => Ok(Pair::of(o, n)),
        (o, n) => {
            let known = known_names(engine);
            let unknown = |name: &str| Unknown {
                name: name.trim().to_string(),
                nearest: versions::nearest_names(name, &known),
            };
            let mut out = Vec::new();
            if o.is_none() {
                out.push(unknown(old));
            }
            if n.is_none() {
                out.push(unknown(new));
            }
            Err(out)
        }
    }
}

/// `/wijzigingen?oud=…&nieuw=…` for a pair.
fn pair_href(old: &str, new: &str) -> String {
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!("/wijzigingen?oud={}&nieuw={}", enc(old), enc(new))
}

fn version_label(v: &Version) -> Markup {
    html! {
        code { (v.name) }
        @if let Some(p) = &v.published { " (uitgegeven " (p) ")" }
        @if v.served { " — de versie die normwijzer nu gebruikt" }
    }
}

/// The page: every pair, or the one chosen.
pub(super) fn page(pairs: &[Pair], chosen: bool, today: Date) -> Markup {
    let main = html! {
        p class="back" { a href="/" { "← Terug naar het gesprek" } }
        section class="changes-page" aria-labelledby="wijzigingen-kop" {
            h1 id="wijzigingen-kop" { "Wijzigingen in de documenten" }
            @if chosen {
                p { a href="/wijzigingen" { "Alle wijzigingen" } }
            } @else {
                p {
                    "Per document: welke passages er zijn bijgekomen, verdwenen of veranderd ten "
                    "opzichte van de vorige versie, met de woorden die eruit gingen doorgestreept "
                    "en de nieuwe onderstreept."
                }
            }
            @if pairs.is_empty() {
                p class="empty" {
                    "Er zijn geen eerdere versies van de documenten bewaard, dus er is niets te "
                    "vergelijken."
                }
            }
            @for (n, pair) in pairs.iter().enumerate() { (pair_section(n, pair, chosen, today)) }
        }
    };
    layout("Wijzigingen in de documenten: normwijzer", main)
}

fn pair_section(n: usize, pair: &Pair, chosen: bool, today: Date) -> Markup {
    let kop = format!("wijziging-{n}");
    html! {
        section class="version-pair" aria-labelledby=(kop) {
            h2 id=(kop) { (pair.new.title) }
            p class="versions" {
                "Van " (version_label(&pair.old)) br; "naar " (version_label(&pair.new))
            }
            p class="counts" { (pair.cmp.summary()) "." }
            @if !chosen {
                p { a href=(pair_href(&pair.old.name, &pair.new.name)) { "Alleen deze vergelijking" } }
            }
            @if pair.cmp.changes.is_empty() {
                p { "Geen passage is veranderd." }
            } @else {
                ol class="changes" {
                    @for c in &pair.cmp.changes { (change(c, pair.new.served, today)) }
                }
            }
        }
    }
}

fn change(c: &Change, linked: bool, today: Date) -> Markup {
    let (class, word, side) = match c.kind {
        ChangeKind::Changed => ("change changed", "gewijzigd", c.new.as_ref()),
        ChangeKind::Added => ("change added", "toegevoegd", c.new.as_ref()),
        ChangeKind::Removed => ("change removed", "verwijderd", c.old.as_ref()),
    };
    html! {
        li class=(class) {
            p class="change-head" {
                span class="badge change-kind" { (word) } " "
                @if let Some(s) = side { span class="where" { (s.section) } }
            }
            @match c.kind {
                ChangeKind::Changed => {
                    p class="diff" {
                        @for w in &c.words {
                            @match w.kind {
                                "removed" => { del { (w.text) } }
                                "added" => { ins { (w.text) } }
                                _ => { (w.text) }
                            }
                        }
                    }
                }
                ChangeKind::Added => { p class="diff" { ins { (c.new.as_ref().map(|s| s.text.as_str()).unwrap_or_default()) } } }
                ChangeKind::Removed => { p class="diff" { del { (c.old.as_ref().map(|s| s.text.as_str()).unwrap_or_default()) } } }
            }
            p class="change-ids" {
                @match (c.kind, &c.old, &c.new) {
                    (ChangeKind::Removed, Some(o), _) => { "Was " code { (o.id) } "." }
                    (_, old, Some(n)) => {
                        @if let Some(o) = old.as_ref().filter(|o| o.id != n.id) { "Was " code { (o.id) } "; " }
                        @if linked {
                            a class="bron-link" href=(bron_href(&n.id, today)) { "Bekijk de passage " code { (n.id) } }
                        } @else {
                            code { (n.id) }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The 404 page for names that are no version.
pub(super) fn not_found(unknown: &[Unknown]) -> Markup {
    let main = html! {
        section class="message" aria-labelledby="bericht-kop" {
            h1 id="bericht-kop" { "Versie niet gevonden" }
            @for u in unknown {
                p { "Er is geen versie „" (u.name) "”." }
                @if !u.nearest.is_empty() {
                    p { "Bedoelde je:" }
                    ul { @for n in &u.nearest { li { code { (n) } } } }
                }
            }
            p {
                "Een versie is de id van een document (de versie die nu geldt) of een eerdere "
                "versie als id@datum, bijvoorbeeld themakaart-sel@2025-05."
            }
            p { a href="/wijzigingen" { "Alle wijzigingen" } }
        }
    };
    layout("Versie niet gevonden: normwijzer", main)
}
