//! Dutch words and dates, shared by every layer: month and weekday names and date wording
//! ([`dutch`]), dates in free text ([`datum`]).

pub mod datum;
pub mod dutch;
