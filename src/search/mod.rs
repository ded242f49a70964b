//! Retrieval: the Dutch analysis shared by index and questions ([`analysis`]), the tantivy
//! index ([`index`]), the question plan ([`plan`]) with its typo repair ([`typo`]), and the
//! ranking of passages for a plan ([`rank`]).

pub mod analysis;
pub mod index;
pub mod plan;
pub mod rank;
pub mod typo;
