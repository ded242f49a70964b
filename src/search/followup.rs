//! Follow-up questions: "en bij niveau 3?" after "wanneer moet een OPP?" lacks a subject of its
//! own and is read with the subject of the question before it.
//!
//! The engine stays stateless: a channel passes the earlier question of its conversation in
//! ([`crate::engine::AskOptions::previous`]), and [`FollowUps::continues`] decides whether the
//! new question continues it. A question continues the earlier one when it is short, opens or
//! refers like a follow-up ("en …", "maar …", "geldt dat ook …") and names no subject of its
//! own: every word that is left is a modifier ("niveau 3", "vo", "sbo", "ouders"), a question
//! word, or a word the documents never use in a heading, a glossary term or a title.

use std::collections::HashSet;

use crate::config::{FollowUp, Synonyms};
use crate::text::fold;

use super::index::{IndexError, SearchIndex};
use super::named::NamedThings;
use super::plan::{Concept, Plan};

/// A question longer than this many words is never read as a follow-up.
const MAX_WORDS: usize = 10;

/// The earlier question is cut to this many bytes before it is read with the new one, so a
/// chain of follow-ups stays bounded.
pub const MAX_CONTEXT_BYTES: usize = 600;

/// The word lists of `[follow_up]` in `config/words.toml`, folded.
#[derive(Debug, Clone, Default)]
pub struct FollowUps {
    cues: HashSet<String>,
    references: HashSet<String>,
    modifiers: HashSet<String>,
    /// The domain's named things (OPP, TLV, zorgplicht).
    named: NamedThings,
}

impl FollowUps {
    /// From the configured lists.
    pub fn new(config: &FollowUp, synonyms: &Synonyms) -> Self {
        let set = |words: &[String]| words.iter().map(|w| fold(w)).collect();
        Self {
            cues: set(&config.cues),
            references: set(&config.references),
            modifiers: set(&config.modifiers),
            named: NamedThings::new(synonyms),
        }
    }

    /// Whether `question` looks like a follow-up by its words alone: short, and opening with a
    /// cue ("en", "maar") or referring back ("dat", "daarvoor"). Cheap: no index is read.
    pub fn looks_like(&self, question: &str) -> bool {
        let words = words(question);
        if words.is_empty() || words.len() > MAX_WORDS {
            return false;
        }
        self.cues.contains(&words[0]) || words.iter().any(|w| self.references.contains(w))
    }

    /// `question` without its opening cue word ("en wat is …" → "wat is …").
    pub fn without_cue<'q>(&self, question: &'q str) -> &'q str {
        let trimmed = question.trim_start();
        let end = trimmed
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(trimmed.len());
        if end > 0 && self.cues.contains(&fold(&trimmed[..end])) {
            trimmed[end..].trim_start()
        } else {
            question
        }
    }

    /// Whether the planned question names a subject of its own; a follow-up that does stands
    /// alone. A subject is a named thing of the synonym groups, or a content word the
    /// documents use in a heading, a glossary term or a title, and no modifier.
    pub fn has_subject(&self, index: &SearchIndex, plan: &Plan) -> Result<bool, IndexError> {
        let searcher = index.searcher();
        let fields = &index.fields;
        for concept in plan.concepts.iter().filter(|c| self.may_be_subject(c)) {
            if self.named.is_member(&concept.text) {
                return Ok(true);
            }
            for alternative in &concept.alternatives {
                for term in &alternative.terms {
                    for field in [fields.section, fields.term, fields.title] {
                        if index.doc_freq(&searcher, field, term)? > 0 {
                            return Ok(true);
                        }
                    }
                }
            }
        }
        Ok(false)
    }

    fn may_be_subject(&self, concept: &Concept) -> bool {
        if concept.filler || !concept.known {
            return false;
        }
        !words(&concept.text).iter().all(|w| {
            self.modifiers.contains(w)
                || self.cues.contains(w)
                || self.references.contains(w)
                || w.chars().all(|c| c.is_ascii_digit())
        })
    }
}

/// The earlier question and the new one read together, the earlier one cut to
/// [`MAX_CONTEXT_BYTES`] at a character boundary.
pub fn in_context(previous: &str, question: &str) -> String {
    let previous = previous.trim();
    let mut end = previous.len().min(MAX_CONTEXT_BYTES);
    while !previous.is_char_boundary(end) {
        end -= 1;
    }
    format!("{} {}", &previous[..end], question.trim())
}

/// The folded words of a text (letters and digits; "niveau 3?" → `niveau`, `3`).
fn words(text: &str) -> Vec<String> {
    crate::text::words(text).map(|(_, w)| w).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn follow_ups() -> FollowUps {
        FollowUps::new(
            &FollowUp {
                cues: vec!["en".into(), "maar".into()],
                references: vec!["dat".into(), "daarvoor".into()],
                modifiers: vec!["niveau".into(), "vo".into()],
            },
            &Synonyms::default(),
        )
    }

    #[test]
    fn short_questions_with_a_cue_look_like_follow_ups() {
        let f = follow_ups();
        assert!(f.looks_like("en bij niveau 3?"));
        assert!(f.looks_like("En voor VO?"));
        assert!(f.looks_like("wie betaalt dat?"));
        assert!(!f.looks_like("wanneer moet een OPP?"));
        assert!(!f.looks_like(""));
        assert_eq!(f.without_cue("En wat is een ZAT?"), "wat is een ZAT?");
        assert_eq!(f.without_cue("enkel dit"), "enkel dit");
        assert_eq!(f.without_cue("en"), "");
        assert!(!f.looks_like(
            "en dan nog een hele lange vraag met veel woorden die geen vervolg meer is want te lang"
        ));
    }

    #[test]
    fn the_earlier_question_is_cut_at_a_character_boundary() {
        let long = "é".repeat(MAX_CONTEXT_BYTES);
        let joined = in_context(&long, "en voor vo?");
        assert!(joined.len() <= MAX_CONTEXT_BYTES + " en voor vo?".len());
        assert!(joined.ends_with(" en voor vo?"));
        assert_eq!(
            in_context(" wat is een OPP? ", " en vo? "),
            "wat is een OPP? en vo?"
        );
    }
}
