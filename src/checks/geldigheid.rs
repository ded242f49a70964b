//! Validity of the documents on a day (geldig, verlopen sinds ..., vervangen door ..., another
//! region), and the passages that state it ("Pilotversie mei 2025, geldig t/m juli 2026"), so
//! that "is de themakaart SEL nog geldig?" is answered from the metadata with the validity
//! line as citation.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use crate::checks::citeer::{Source, phrase_pattern, sentence_around};
use crate::corpus::DocMeta;
use crate::corpus::passage::{Passage, PassageKind};
use crate::model::{DocStatus, Status};

/// The status of `meta` on `today`, in words, without the passages that state it.
pub fn status(meta: &DocMeta, today: Date, home_region: &str) -> DocStatus {
    let s = meta.status(today);
    DocStatus {
        doc: meta.id.clone(),
        title: meta.title.clone(),
        status: s.label(),
        until: meta.valid_until.map(|u| u.last_day()),
        expired_since: match s {
            Status::Verlopen { until } => until.tomorrow().ok(),
            _ => None,
        },
        superseded_by: meta.superseded_by.clone(),
        published: meta.published.map(|p| p.to_string()),
        region: meta.region.clone(),
        other_region: meta.region != home_region,
        summary: crate::corpus::status::summary(meta, today, home_region),
        passages: Vec::new(),
    }
}

static VALIDITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bgeldig\s+(?:t/m|t\.m\.|tot\s+en\s+met|tot)\b").expect("valid pattern")
});

/// The passages of a document that state its validity: lines such as "geldig t/m juli 2026"
/// that name the year of `valid_until` (a line naming another year would contradict the
/// metadata and is not cited). Without such a line, the first passage naming the publication
/// month ("Augustus 2024"). Colophons are quoted whole, other passages by sentence.
pub fn validity_sources(meta: &DocMeta, passages: &[Passage]) -> Vec<Source> {
    let mut out = Vec::new();
    if let Some(until) = meta.valid_until {
        let year = until.last_day().year().to_string();
        for p in passages {
            if let Some(m) = VALIDITY.find(p.text())
                && p.text()[m.start()..].contains(&year)
            {
                out.push(source(p, meta, m.range(), m.as_str()));
            }
        }
    }
    if out.is_empty()
        && let Some(published) = meta.published
    {
        let wording = published.dutch();
        if let Some(pattern) = phrase_pattern(&wording)
            && let Some((p, r)) = passages
                .iter()
                .find_map(|p| pattern.find(p.text()).map(|m| (p, m.range())))
        {
            out.push(source(p, meta, r, &wording));
        }
    }
    out
}

fn source(p: &Passage, meta: &DocMeta, found: std::ops::Range<usize>, phrase: &str) -> Source {
    let text = p.text();
    let body = &text[p.lead.min(text.len())..];
    let start = text.len() - body.trim_start().len();
    let end = start + body.trim().len();
    // A colophon is one line that names the card; cutting it at its first full stop would
    // lose which card it is.
    let quote = if p.kind == PassageKind::Colophon && start < end {
        start..end
    } else {
        sentence_around(p, found)
    };
    Source {
        passage: p.clone(),
        meta: meta.clone(),
        phrase: phrase.to_string(),
        quote,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(extra: &str) -> DocMeta {
        toml::from_str(&format!(
            "id = \"kaart\"\ntitle = \"Kaart\"\nissuer = \"x\"\nregion = \"almere\"\nkind = \"themakaart\"\n{extra}"
        ))
        .unwrap()
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn passage(id: &str, text: &str, kind: PassageKind) -> Passage {
        crate::checks::citeer::test_passage(id, text, kind, 0)
    }

    #[test]
    fn statuses_in_words() {
        let m = meta("published = \"2025-05\"\nvalid_until = \"2026-07-31\"\n");
        let s = status(&m, d("2026-03-01"), "almere");
        assert_eq!(
            (s.status.as_str(), s.summary.as_str()),
            ("geldig", "geldig t/m 31 juli 2026")
        );
        let s = status(&m, d("2026-11-22"), "almere");
        assert_eq!(s.status, crate::model::StatusLabel::Verlopen);
        assert_eq!(
            s.summary,
            "verlopen sinds 1 augustus 2026 (geldig t/m 31 juli 2026)"
        );
        assert_eq!(s.expired_since, Some(d("2026-08-01")));
        let s = status(
            &meta("published = \"2024-08\"\n"),
            d("2026-11-22"),
            "almere",
        );
        assert_eq!(
            s.summary,
            "geldig (uitgegeven augustus 2024; het document noemt geen einddatum)"
        );
        let s = status(
            &meta("superseded_by = \"Plan 2023-2027\"\n"),
            d("2026-11-22"),
            "almere",
        );
        assert_eq!(s.summary, "vervangen door Plan 2023-2027");
        let m = meta("").clone();
        let s = status(
            &DocMeta {
                region: "amsterdam-diemen".into(),
                ..m
            },
            d("2026-11-22"),
            "almere",
        );
        assert_eq!(
            s.summary,
            "geldigheid onbekend: het document is niet gedateerd; ander samenwerkingsverband (Amsterdam-Diemen), geldt niet voor scholen in Almere"
        );
        assert!(s.other_region);
        let m = meta("published = \"2025-05\"\nvalid_until = \"2026-07-31\"\n");
        assert_eq!(
            crate::corpus::status::note(&m, d("2026-03-01"), "almere"),
            "geldig t/m 31 juli 2026"
        );
        assert_eq!(
            crate::corpus::status::note(&m, d("2026-08-01"), "almere"),
            "verlopen sinds 1 augustus 2026"
        );
        assert_eq!(
            crate::corpus::status::note(&m, d("2026-03-01"), "utrecht"),
            "geldig t/m 31 juli 2026, ander samenwerkingsverband (Almere)"
        );
    }

    #[test]
    fn the_validity_line_is_found_and_quoted_whole() {
        let m = meta("published = \"2025-05\"\nvalid_until = \"2026-07-31\"\n");
        let ps = [
            passage("kaart#a-1", "Iets over de inhoud.", PassageKind::Paragraph),
            passage(
                "kaart#a-2",
                "ANB ondersteuningskaart basisondersteuning. Pilotversie mei 2025, geldig t/m juli 2026",
                PassageKind::Colophon,
            ),
            passage("kaart#a-3", "Oud: geldig tot 2019.", PassageKind::Paragraph),
        ];
        let found = validity_sources(&m, &ps);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].passage.id, "kaart#a-2");
        assert_eq!(
            found[0].quote(),
            "ANB ondersteuningskaart basisondersteuning. Pilotversie mei 2025, geldig t/m juli 2026"
        );
    }

    #[test]
    fn without_a_validity_line_the_publication_line_is_cited() {
        let m = meta("published = \"2024-08\"\n");
        let ps = [passage(
            "kaart#voorwoord-1",
            "Directeur-Bestuurder\nAugustus 2024",
            PassageKind::Paragraph,
        )];
        let found = validity_sources(&m, &ps);
        assert_eq!(found[0].passage.id, "kaart#voorwoord-1");
        assert_eq!(found[0].quote(), "Augustus 2024");
        assert!(validity_sources(&meta(""), &ps).is_empty());
    }
}
