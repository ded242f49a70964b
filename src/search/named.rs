//! The named things of the domain: the members of the synonym groups of
//! `config/synonyms.toml` (OPP, TLV, SOP, WOP, zorgplicht), except the groups that say what kind
//! of answer is wanted and the groups of everyday words. Which of them a text names tells what it is about: "Wijk
//! ondersteuningsprofiel (WOP)" names the WOP, although "ondersteuningsprofiel" alone would be
//! read as the SOP.

use std::collections::BTreeSet;

use crate::config::Synonyms;

/// Members of the synonym groups as folded words, with their group.
#[derive(Debug, Clone, Default)]
pub struct NamedThings {
    members: Vec<(Vec<String>, usize)>,
}

impl NamedThings {
    /// From the configured groups.
    pub fn new(synonyms: &Synonyms) -> Self {
        let members = synonyms
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| !g.question && !g.everyday)
            .flat_map(|(i, g)| g.terms.iter().map(move |t| (words(t), i)))
            .filter(|(w, _)| !w.is_empty())
            .collect();
        Self { members }
    }

    /// Whether `phrase` is a member of a group, as a whole ("tlv", "intern begeleider").
    pub fn is_member(&self, phrase: &str) -> bool {
        let w = words(phrase);
        self.members.iter().any(|(m, _)| *m == w)
    }

    /// The groups `text` names: of the members found in it, only those not inside a longer
    /// member found at the same place ("wijk ondersteuningsprofiel" hides the
    /// "ondersteuningsprofiel" in it).
    pub fn in_text(&self, text: &str) -> BTreeSet<usize> {
        let text = words(text);
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        for (member, group) in &self.members {
            for start in 0..text.len().saturating_sub(member.len() - 1) {
                if text[start..start + member.len()] == member[..] {
                    spans.push((start, start + member.len(), *group));
                }
            }
        }
        spans
            .iter()
            .filter(|&&(s, e, _)| {
                !spans
                    .iter()
                    .any(|&(s2, e2, _)| s2 <= s && e <= e2 && e2 - s2 > e - s)
            })
            .map(|&(_, _, g)| g)
            .collect()
    }
}

/// The folded words of a text (letters and digits; "niveau 3?" → `niveau`, `3`).
fn words(text: &str) -> Vec<String> {
    crate::text::words(text).map(|(_, w)| w).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SynonymGroup;

    fn group(terms: &[&str], question: bool) -> SynonymGroup {
        SynonymGroup {
            terms: terms.iter().map(|t| t.to_string()).collect(),
            weight: 0.9,
            question,
            everyday: false,
        }
    }

    #[test]
    fn a_longer_member_hides_the_shorter_one_inside_it() {
        let named = NamedThings::new(&Synonyms {
            groups: vec![
                group(&["SOP", "ondersteuningsprofiel"], false),
                group(&["WOP", "wijk ondersteuningsprofiel"], false),
                group(&["hoe lang"], true),
            ],
        });
        assert_eq!(
            named.in_text("Wijk ondersteuningsprofiel (WOP)"),
            BTreeSet::from([1])
        );
        assert_eq!(named.in_text("Ondersteuningsprofiel"), BTreeSet::from([0]));
        assert_eq!(
            named.in_text("wat moet er in het SOP staan?"),
            BTreeSet::from([0])
        );
        assert!(named.in_text("hoe lang duurt het?").is_empty());
        assert!(named.is_member("sop") && !named.is_member("hoe lang"));
    }
}
