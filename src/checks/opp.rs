//! "Moet ik een OPP opstellen bij niveau 3?": a decision built only from what the documents
//! say. `config/opp.toml` lists branches (a kind of support or situation, the verdict, the
//! passage that states it); every branch is verified at start-up like a term rule. A branch
//! that says the documents do *not* require an OPP names the passages that describe that
//! level, and start-up checks that none of them mentions an OPP after all.

use jiff::civil::Date;
use serde::Deserialize;

use crate::checks::citeer::{DocPassages, Lookup, Source};
use crate::checks::rules::{SourceEntry, Words, entry_error, lower, resolve_all};
use crate::config::{self, ConfigError};
use crate::model::{BranchResult, Decision, Status, StatusLabel, Verdict};

/// One branch of the decision, with its verified sources.
#[derive(Debug, Clone)]
pub struct Branch {
    /// Id in config: `niveau-3`.
    pub id: String,
    /// The situation, as a Dutch clause: `Bij extra (aanvullende) ondersteuning (niveau 3)`.
    pub when: String,
    /// The verdict.
    pub verdict: Verdict,
    /// The passages that state it.
    pub sources: Vec<Source>,
    recognise: Vec<String>,
    only_with: Vec<String>,
}

/// All branches and the words that make a question an OPP decision question.
#[derive(Debug, Clone, Default)]
pub struct OppRules {
    branches: Vec<Branch>,
    subject: Vec<String>,
    decision_words: Vec<String>,
    exclude: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OppFile {
    vraag: Vec<String>,
    besluitwoorden: Vec<String>,
    #[serde(default)]
    niet_bij: Vec<String>,
    #[serde(default)]
    tak: Vec<BranchEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BranchEntry {
    id: String,
    wanneer: String,
    besluit: Verdict,
    herken: Vec<String>,
    bron: Vec<SourceEntry>,
    #[serde(default)]
    alleen_bij: Vec<String>,
    #[serde(default)]
    zonder: Vec<String>,
}

impl OppRules {
    /// Parses and verifies `config/opp.toml`.
    pub fn from_toml(
        file: &str,
        text: &str,
        lookup: &Lookup<'_>,
        passages: &DocPassages<'_>,
    ) -> Result<OppRules, ConfigError> {
        let raw: OppFile = config::parse_toml(file, text.as_bytes())?;
        let mut branches = Vec::new();
        for e in raw.tak {
            let fail = entry_error(file, text, "OPP-tak", e.id.clone());
            if branches.iter().any(|b: &Branch| b.id == e.id) {
                return Err(fail("deze id komt twee keer voor".into()));
            }
            if e.herken.iter().all(|h| h.trim().is_empty()) {
                return Err(fail(
                    "noem in herken de woorden waaraan een vraag deze situatie herkent".into(),
                ));
            }
            if e.bron.is_empty() {
                return Err(fail(
                    "noem de passage(s) waarop deze tak rust (bron)".into(),
                ));
            }
            let sources = resolve_all(&e.bron, lookup, passages).map_err(&fail)?;
            for s in &sources {
                let words = Words::new(s.passage.text());
                if let Some(w) = e.zonder.iter().find(|w| words.has(w)) {
                    return Err(fail(format!(
                        "passage „{}” noemt „{w}” toch; deze tak zegt dat de documenten het hier niet noemen",
                        s.passage.id
                    )));
                }
            }
            if e.besluit == Verdict::NietGenoemd && e.zonder.is_empty() {
                return Err(fail(
                    "bij besluit = \"niet-genoemd\" hoort zonder = [...]: de woorden die in de passages niet mogen voorkomen".into(),
                ));
            }
            branches.push(Branch {
                id: e.id,
                when: e.wanneer.trim().to_string(),
                verdict: e.besluit,
                sources,
                recognise: lower(e.herken),
                only_with: lower(e.alleen_bij),
            });
        }
        Ok(OppRules {
            branches,
            subject: lower(raw.vraag),
            decision_words: lower(raw.besluitwoorden),
            exclude: lower(raw.niet_bij),
        })
    }

    /// The branches in config order.
    pub fn branches(&self) -> &[Branch] {
        &self.branches
    }

    /// Whether the question asks whether or when an OPP is needed (not what an OPP is, what
    /// is in it or who writes it).
    pub fn is_question(&self, words: &Words) -> bool {
        !self.branches.is_empty()
            && self.subject.iter().any(|w| words.has(w))
            && self.decision_words.iter().any(|w| words.has(w))
            && !self.exclude.iter().any(|w| words.has(w))
    }

    /// The branches that apply to the question. A branch with `alleen_bij` words (a theme
    /// card) is primary only when the question names the theme; otherwise it is shown as "zie
    /// ook" when its situation matches or the question names none.
    pub fn decide(&self, words: &Words, today: Date) -> (Decision, Vec<&Branch>) {
        let matched = |b: &Branch| b.recognise.iter().any(|w| words.has(w));
        let themed = |b: &Branch| !b.only_with.is_empty();
        let names_theme = |b: &Branch| b.only_with.iter().any(|w| words.has(w));
        let any_match = self
            .branches
            .iter()
            .any(|b| matched(b) && (!themed(b) || names_theme(b)));
        let mut shown: Vec<(&Branch, bool)> = Vec::new();
        for b in &self.branches {
            let primary = if any_match {
                matched(b) && (!themed(b) || names_theme(b))
            } else {
                !themed(b)
            };
            let related = themed(b) && !primary && (matched(b) || !any_match);
            if primary || related {
                shown.push((b, primary));
            }
        }
        let current = |b: &Branch| {
            b.sources.iter().any(|s| {
                !matches!(
                    s.meta.status(today),
                    Status::Verlopen { .. } | Status::Vervangen { .. }
                )
            })
        };
        let primaries: Vec<&Branch> = shown.iter().filter(|(_, p)| *p).map(|(b, _)| *b).collect();
        // Expired or replaced documents do not decide, unless nothing else speaks.
        let deciding: Vec<&Branch> = match primaries.iter().filter(|b| current(b)).count() {
            0 => primaries.clone(),
            _ => primaries.iter().copied().filter(|b| current(b)).collect(),
        };
        let decision = if any_match {
            deciding
                .first()
                .map(|b| b.verdict)
                .filter(|v| deciding.iter().all(|b| b.verdict == *v))
        } else {
            None
        };
        let level = any_match.then(|| {
            primaries
                .iter()
                .map(|b| b.when.clone())
                .collect::<Vec<_>>()
                .join("; ")
        });
        let results = shown
            .iter()
            .map(|(b, primary)| BranchResult {
                id: b.id.clone(),
                when: b.when.clone(),
                decision: b.verdict,
                primary: *primary,
                status: b
                    .sources
                    .first()
                    .map_or(StatusLabel::Onbekend, |s| s.meta.status(today).label()),
                passages: b.sources.iter().map(|s| s.passage.id.clone()).collect(),
            })
            .collect();
        (
            Decision {
                decision,
                level,
                branches: results,
            },
            shown.iter().map(|(b, _)| *b).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::DocMeta;
    use crate::corpus::passage::{Passage, PassageKind};

    fn passage(id: &str, doc: &str, text: &str) -> Passage {
        let p = crate::checks::citeer::test_passage(id, text, PassageKind::Paragraph, 0);
        assert_eq!(p.doc, doc);
        p
    }

    fn meta(id: &str, extra: &str) -> DocMeta {
        toml::from_str(&format!(
            "id = \"{id}\"\ntitle = \"{id}\"\nissuer = \"x\"\nregion = \"almere\"\nkind = \"k\"\npublished = \"2024-08\"\n{extra}"
        ))
        .unwrap()
    }

    fn corpus() -> Vec<(Passage, DocMeta)> {
        let anb = meta("anb", "");
        let sel = meta("sel", "valid_until = \"2026-07-31\"");
        vec![
            (
                passage(
                    "anb#n4-1",
                    "anb",
                    "De school is wettelijk verplicht om dit vast te leggen in een OPP.",
                ),
                anb.clone(),
            ),
            (
                passage(
                    "anb#n3-1",
                    "anb",
                    "De school kan ervoor kiezen dit vast te leggen in een OPP.",
                ),
                anb.clone(),
            ),
            (
                passage("anb#n1-1", "anb", "De leraar zorgt voor dossiervorming."),
                anb.clone(),
            ),
            (
                passage(
                    "sel#k-1",
                    "sel",
                    "Voor deze leerlingen stelt de school een OPP op.",
                ),
                sel,
            ),
        ]
    }

    const OPP: &str = r#"
vraag = ["opp"]
besluitwoorden = ["moet", "wanneer", "stelt"]
niet_bij = ["staan", "wie"]

[[tak]]
id = "niveau-4"
wanneer = "Bij niveau 4"
besluit = "verplicht"
herken = ["niveau 4"]
bron = [{ passage = "anb#n4-1", tekst = "wettelijk verplicht" }]

[[tak]]
id = "niveau-3"
wanneer = "Bij niveau 3"
besluit = "kan"
herken = ["niveau 3", "aanvullend"]
bron = [{ passage = "anb#n3-1", tekst = "kan ervoor kiezen" }]

[[tak]]
id = "sel"
wanneer = "Bij SEL"
besluit = "verplicht"
herken = ["niveau 3", "aanvullend", "sel"]
alleen_bij = ["sel", "sociaal emotioneel"]
bron = [{ passage = "sel#k-1", tekst = "stelt de school een OPP op" }]

[[tak]]
id = "basis"
wanneer = "Bij basisondersteuning"
besluit = "niet-genoemd"
herken = ["basisondersteuning", "niveau 1"]
bron = [{ passage = "anb#n1-1", tekst = "dossiervorming" }]
zonder = ["OPP", "ontwikkelingsperspectief"]
"#;

    fn rules(text: &str) -> Result<OppRules, ConfigError> {
        let all = corpus();
        let lookup = |id: &str| all.iter().find(|(p, _)| p.id == id).cloned();
        let docs = |doc: &str| {
            all.iter()
                .filter(|(p, _)| p.doc == doc)
                .map(|(p, _)| p.clone())
                .collect()
        };
        OppRules::from_toml("opp.toml", text, &lookup, &docs)
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn ids(dec: &Decision) -> Vec<(&str, bool)> {
        dec.branches
            .iter()
            .map(|b| (b.id.as_str(), b.primary))
            .collect()
    }

    #[test]
    fn a_named_level_decides() {
        let r = rules(OPP).unwrap();
        let w = Words::new("moet ik een OPP opstellen bij niveau 3?");
        assert!(r.is_question(&w));
        let (dec, _) = r.decide(&w, d("2026-11-22"));
        assert_eq!(dec.decision, Some(Verdict::Kan));
        assert_eq!(ids(&dec), [("niveau-3", true), ("sel", false)]);
        let (dec, _) = r.decide(
            &Words::new("moet er een OPP bij niveau 4?"),
            d("2026-11-22"),
        );
        assert_eq!(dec.decision, Some(Verdict::Verplicht));
        let (dec, _) = r.decide(
            &Words::new("OPP nodig bij basisondersteuning? moet dat?"),
            d("2026-11-22"),
        );
        assert_eq!(dec.decision, Some(Verdict::NietGenoemd));
        assert_eq!(ids(&dec), [("basis", true)]);
    }

    #[test]
    fn a_theme_card_decides_only_while_valid() {
        let r = rules(OPP).unwrap();
        let w = Words::new(
            "Stelt de school een OPP op bij extra aanvullende ondersteuning op sociaal-emotioneel gebied?",
        );
        // While the card is valid the documents differ: ANB "kan", the card "stelt op".
        let (dec, _) = r.decide(&w, d("2026-03-01"));
        assert_eq!(dec.decision, None);
        assert_eq!(ids(&dec), [("niveau-3", true), ("sel", true)]);
        // After it expired, the ANB decides; the card is still shown with its status.
        let (dec, _) = r.decide(&w, d("2026-11-22"));
        assert_eq!(dec.decision, Some(Verdict::Kan));
        assert_eq!(dec.branches[1].status, StatusLabel::Verlopen);
    }

    #[test]
    fn no_level_shows_the_whole_table() {
        let r = rules(OPP).unwrap();
        let w = Words::new("wanneer moet een OPP?");
        let (dec, shown) = r.decide(&w, d("2026-11-22"));
        assert_eq!(dec.decision, None);
        assert_eq!(dec.level, None);
        assert_eq!(
            ids(&dec),
            [
                ("niveau-4", true),
                ("niveau-3", true),
                ("sel", false),
                ("basis", true)
            ]
        );
        // How the branches read is the composer's (answer::compose); here: which are shown.
        assert_eq!(shown.len(), 4);
    }

    #[test]
    fn what_is_an_opp_is_not_a_decision_question() {
        let r = rules(OPP).unwrap();
        assert!(!r.is_question(&Words::new("wat is een OPP?")));
        assert!(!r.is_question(&Words::new("wat moet er in een OPP staan?")));
        assert!(!r.is_question(&Words::new("wie stelt het OPP op?")));
    }

    #[test]
    fn a_not_named_branch_is_checked_against_its_passages() {
        let e = rules(
            &OPP.replace("anb#n1-1", "anb#n3-1")
                .replace("\"dossiervorming\"", "\"kan ervoor kiezen\""),
        )
        .unwrap_err();
        assert!(e.message.contains("noemt „OPP” toch"), "{e}");
        let e = rules(&OPP.replace("zonder = [\"OPP\", \"ontwikkelingsperspectief\"]\n", ""))
            .unwrap_err();
        assert!(e.message.contains("zonder"), "{e}");
        let e = rules(&OPP.replace("besluit = \"kan\"", "besluit = \"misschien\"")).unwrap_err();
        assert!(e.message.contains("misschien"), "{e}");
    }
}
