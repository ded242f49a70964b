//! Retrieval: the Dutch analysis shared by index and questions ([`analysis`]), the tantivy
//! index ([`index`]), the question plan ([`plan`]) with its typo repair ([`typo`]), the
//! ranking of passages for a plan ([`rank`]) from the question's posting lists ([`postings`]) with the quote units it reads ([`units`]), and
//! what a chat message asks ([`focus`]), whether it continues the question before it
//! ([`followup`]), the named things of the synonym groups ([`named`]), and counters of the work that grows with a word's
//! length ([`work`]).

pub mod analysis;
pub mod focus;
pub mod followup;
pub mod index;
pub mod manifest;
pub mod named;
pub mod plan;
pub mod postings;
pub mod rank;
pub mod typo;
pub mod units;
pub mod work;
