//! Retrieval: the Dutch analysis shared by index and questions ([`analysis`]), the tantivy
//! index ([`index`]) and the question plan ([`plan`]) with its typo repair ([`typo`]).

pub mod analysis;
pub mod index;
pub mod plan;
pub mod typo;
