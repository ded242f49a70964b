//! Retrieval: the Dutch analysis shared by index and questions ([`analysis`]), the tantivy
//! index ([`index`]) and the question plan ([`plan`]).

pub mod analysis;
pub mod focus;
pub mod index;
pub mod plan;
pub mod units;
