//! A document's status on a day ([`DocMeta::status`]) and the ways normwijzer words it from
//! the document's metadata: the summary of `bronnen`, the short note beside a citation, and the
//! warnings on top of an answer. (The status alone, beside a passage, is
//! [`crate::text::status`].)

use jiff::civil::Date;

use crate::corpus::DocMeta;
use crate::model::Status;
use crate::text::{dutch, region_name};

impl DocMeta {
    /// Status of this document on `today`. Replacement wins over expiry: a replaced document
    /// should be read in its successor, whatever its own dates say. Before its publication
    /// date a document is not valid yet.
    pub fn status(&self, today: Date) -> Status {
        if let Some(by) = &self.superseded_by {
            return Status::Vervangen { by: by.clone() };
        }
        if let Some(published) = self.published
            && today < published.first_day()
        {
            return Status::NogNietGepubliceerd {
                from: published.first_day(),
            };
        }
        if let Some(until) = self.valid_until {
            if today > until.last_day() {
                return Status::Verlopen {
                    until: until.last_day(),
                };
            }
            return Status::Geldig;
        }
        if self.published.is_some() {
            Status::Geldig
        } else {
            Status::Onbekend
        }
    }
}

/// The status in one Dutch phrase, for `bronnen` and validity answers: `geldig t/m 31 juli
/// 2026`, `verlopen sinds 1 augustus 2026 (geldig t/m 31 juli 2026)`, with the other region.
pub fn summary(meta: &DocMeta, today: Date, home_region: &str) -> String {
    let until = meta.valid_until.map(|u| u.last_day());
    let mut summary = match meta.status(today) {
        Status::Geldig => match until {
            Some(u) => format!("geldig t/m {}", dutch::date(u)),
            None => match meta.published {
                Some(p) => format!(
                    "geldig (uitgegeven {}; het document noemt geen einddatum)",
                    p.dutch()
                ),
                None => "geldig".to_string(),
            },
        },
        Status::Verlopen { until } => format!(
            "verlopen sinds {} (geldig t/m {})",
            dutch::date(until.tomorrow().unwrap_or(until)),
            dutch::date(until)
        ),
        Status::Vervangen { by } => format!("vervangen door {by}"),
        Status::Onbekend => "geldigheid onbekend: het document is niet gedateerd".to_string(),
        Status::NogNietGepubliceerd { .. } => format!(
            "nog niet gepubliceerd op {} (publicatie: {})",
            dutch::date(today),
            meta.published.map_or_else(String::new, |p| p.dutch())
        ),
    };
    if meta.region != home_region {
        summary.push_str(&format!(
            "; ander samenwerkingsverband ({}), geldt niet voor scholen in {}",
            region_name(&meta.region),
            region_name(home_region)
        ));
    }
    summary
}

/// The status as a short note beside a citation: `verlopen sinds 1 augustus 2026`,
/// `geldig t/m 31 juli 2026`, `vervangen door ...`, `ongedateerd`, plus another region.
pub fn note(meta: &DocMeta, today: Date, home_region: &str) -> String {
    let mut s = match meta.status(today) {
        Status::Geldig => match meta.valid_until {
            Some(u) => format!("geldig t/m {}", dutch::date(u.last_day())),
            None => "geldig".to_string(),
        },
        Status::Verlopen { until } => format!(
            "verlopen sinds {}",
            dutch::date(until.tomorrow().unwrap_or(until))
        ),
        Status::Vervangen { by } => format!("vervangen door {by}"),
        Status::Onbekend => "ongedateerd".to_string(),
        Status::NogNietGepubliceerd { .. } => "nog niet gepubliceerd".to_string(),
    };
    if meta.region != home_region {
        s.push_str(&format!(
            ", ander samenwerkingsverband ({})",
            region_name(&meta.region)
        ));
    }
    s
}

/// Whether a citation of `meta` needs a [`note`]: it has an end date, no longer applies, or
/// comes from another region.
pub fn needs_note(meta: &DocMeta, today: Date, home_region: &str) -> bool {
    meta.valid_until.is_some()
        || !matches!(meta.status(today), Status::Geldig | Status::Onbekend)
        || meta.region != home_region
}

/// A short mark for a document cited beside the answer ("zie ook"): `⚠ verlopen`,
/// `⚠ ander samenwerkingsverband`; `None` for a valid document of the home region.
pub fn badge(meta: &DocMeta, today: Date, home_region: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    match meta.status(today) {
        Status::Verlopen { .. } => parts.push("verlopen"),
        Status::Vervangen { .. } => parts.push("vervangen"),
        Status::NogNietGepubliceerd { .. } => parts.push("nog niet gepubliceerd"),
        Status::Geldig | Status::Onbekend => {}
    }
    if meta.region != home_region {
        parts.push("ander samenwerkingsverband");
    }
    (!parts.is_empty()).then(|| format!("⚠ {}", parts.join(", ")))
}

/// The warnings for citing a document on `today`: expired, superseded, not yet published,
/// another region. Full sentences, for the top of an answer that rests on the document.
pub fn warnings(meta: &DocMeta, today: Date, home_region: &str) -> Vec<String> {
    let mut out = Vec::new();
    match meta.status(today) {
        Status::Verlopen { until } => out.push(format!(
            "Let op: „{}” was geldig tot en met {} en is verlopen. Controleer of er een nieuwere versie is.",
            meta.title,
            dutch::date(until)
        )),
        Status::Vervangen { by } => out.push(format!(
            "Let op: „{}” is vervangen door {by}. Wat hier staat, geldt mogelijk niet meer.",
            meta.title
        )),
        Status::NogNietGepubliceerd { from } => out.push(format!(
            "Let op: „{}” is pas gepubliceerd op {}; op {} gold het nog niet.",
            meta.title,
            dutch::date(from),
            dutch::date(today)
        )),
        Status::Geldig | Status::Onbekend => {}
    }
    if meta.region != home_region {
        out.push(format!(
            "Let op: „{}” komt van een ander samenwerkingsverband ({}, regio {}). Deze afspraken gelden niet voor scholen in {}.",
            meta.title,
            meta.issuer,
            region_name(&meta.region),
            region_name(home_region)
        ));
    }
    out
}

/// Adds `new` to `warnings` unless it is there already (sources often share a document).
pub fn add_unique(warnings: &mut Vec<String>, new: impl IntoIterator<Item = String>) {
    for w in new {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
}
