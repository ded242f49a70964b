//! `CliError`: why a command failed, as the one Dutch sentence `normwijzer: …` prints.
//!
//! Every variant names its layer's error type or a Dutch sentence of its own; there is no
//! conversion from any `Display`, so an English message from a library cannot reach a user
//! without someone writing the Dutch sentence around it here.

use std::io;

use crate::benchgen::GenError;
use crate::checks::CheckError;
use crate::checks::termijn::TermijnError;
use crate::config::ConfigError;
use crate::engine::EngineError;
use crate::search::index::IndexError;
use crate::serve::discord::DiscordError;
use crate::serve::http::{SecretError, ServeError};
use crate::text::datum::DateError;

/// Why a command failed. `Display` is one Dutch sentence without the `normwijzer:` prefix.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The engine could not open (no corpus, broken config, index).
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The index failed while looking up passages.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// A question could not be answered (index unreadable, or stopped).
    #[error(transparent)]
    Ask(#[from] crate::engine::AskError),
    /// A term could not be computed (`termijn`).
    #[error(transparent)]
    Check(#[from] CheckError),
    /// An unknown term rule (`termijn` without a date).
    #[error(transparent)]
    Termijn(#[from] TermijnError),
    /// A question file could not be read (`eval`).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A secret for the HTTP service is unusable.
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// The HTTP service could not listen or stopped.
    #[error(transparent)]
    Serve(#[from] ServeError),
    /// The Discord bot could not start or stopped.
    #[error(transparent)]
    Discord(#[from] DiscordError),
    /// A benchmark corpus could not be made for a reason benchgen words in Dutch.
    #[error(transparent)]
    Bench(GenError),
    /// A benchmark corpus could not be made because a file could not be read or written;
    /// benchgen's own message for this is only the path and the system's (English) reason.
    #[error("kan het corpus niet maken: {path} kan niet worden gelezen of geschreven ({source})")]
    BenchIo {
        /// File or directory involved.
        path: String,
        /// The system's reason.
        source: io::Error,
    },
    /// The async runtime for the HTTP service could not start.
    #[error("kan de HTTP-service niet starten ({0})")]
    Runtime(#[source] io::Error),
    /// Standard input could not be read (`chat`).
    #[error("kan de invoer niet lezen ({0})")]
    Input(#[source] io::Error),
    /// Standard output could not be written.
    #[error("kan de uitvoer niet schrijven ({0})")]
    Output(#[source] io::Error),
    /// A value could not be written as JSON.
    #[error("kan de uitvoer niet als JSON schrijven ({0})")]
    Json(#[from] serde_json::Error),
    /// `--today` is not a date in the form `JJJJ-MM-DD`, or a day that does not exist.
    #[error("ongeldige datum bij --today: {0}")]
    BadDate(#[source] DateError),
    /// `ask --max 0`: an answer without sources is not an answer normwijzer gives.
    #[error("--max 0 zou een antwoord zonder bronnen geven; geef 1 of meer, bijvoorbeeld --max 3")]
    MaxZero,
    /// `controleer` found problems (listed on stdout).
    #[error("controleer: {0} probleem/problemen gevonden (zie hierboven)")]
    Problems(usize),
    /// `bron` with an id no passage has; `similar` are ids the user may have meant.
    #[error("passage „{id}” bestaat niet{}", suggestion(.similar))]
    UnknownPassage {
        /// The id as typed, trimmed.
        id: String,
        /// Nearby ids, best first; may be empty.
        similar: Vec<String>,
    },
    /// `passages` with an unknown document id.
    #[error("document „{0}” bestaat niet")]
    UnknownDocument(String),
    /// `rapport` before any service recorded anything.
    #[error(
        "er is nog geen feedback: {0} bestaat niet. Start een dienst (normwijzer serve http of serve discord) met [feedback] enabled = true; die maakt het bestand"
    )]
    NoDatabase(String),
    /// The feedback database could not be read (`rapport`).
    #[error(transparent)]
    Feedback(#[from] crate::feedback::StoreError),
    /// `rapport --sinds` is not a date.
    #[error("ongeldige datum bij --sinds: {0}")]
    BadSince(#[source] DateError),
    /// A document file given by path could not be read (`wijzigingen`).
    #[error("kan {file} niet lezen ({source})")]
    ReadFile {
        /// The path as given.
        file: String,
        /// Why reading failed.
        source: io::Error,
    },
    /// A document file given by path is not a valid document (`wijzigingen`).
    #[error(transparent)]
    Document(#[from] crate::corpus::CorpusError),
    /// `termijn <id>` without a start date.
    #[error("geef de startdatum, bijvoorbeeld: normwijzer termijn {0} 2026-03-02")]
    MissingStartDate(String),
    /// A file could not be imported (`importeer`).
    #[error(transparent)]
    Import(#[from] crate::corpus::import::ImportError),
    /// `importeer` without a terminal and without required fields.
    #[error(
        "importeer: de volgende gegevens ontbreken: {}; geef ze mee, bijvoorbeeld --id anb-2026 --title \"…\" --issuer \"…\" --region almere --kind beleidsdocument",
        .0.join(", ")
    )]
    MissingFields(Vec<String>),
    /// A value given to `importeer` is not usable (id, date).
    #[error("importeer: {0}")]
    BadField(String),
    /// `importeer` would overwrite an existing document.
    #[error(
        "{0} bestaat al; er is niets geschreven. Geef --overschrijf om het te vervangen, of kies een andere --id"
    )]
    Exists(String),
}

impl CliError {
    /// A stable machine-readable name of the kind of failure, the `code` of a `--json` error.
    /// Codes are part of the JSON contract: they are never renamed, only added.
    pub fn code(&self) -> &'static str {
        use crate::engine::{AskError, EngineError};
        match self {
            CliError::Engine(EngineError::NoCorpus(_)) => "geen_corpus",
            CliError::Engine(EngineError::CorpusNotDir(_)) => "corpus_is_bestand",
            CliError::Engine(EngineError::EmptyCorpus(_)) => "leeg_corpus",
            CliError::Engine(EngineError::Config(_)) | CliError::Config(_) => "configuratie",
            CliError::Engine(EngineError::Index(_)) | CliError::Index(_) => "index",
            CliError::Ask(AskError::Index(_)) => "index",
            CliError::Ask(AskError::Stopped) => "afgebroken",
            CliError::Check(CheckError::Date(e)) => e.code(),
            CliError::Check(CheckError::Termijn(e)) | CliError::Termijn(e) => termijn_code(e),
            CliError::Secret(_) => "geheim",
            CliError::Serve(_) | CliError::Runtime(_) => "dienst",
            CliError::Discord(_) => "discord",
            CliError::Bench(_) | CliError::BenchIo { .. } => "benchmark",
            CliError::Input(_) => "invoer",
            CliError::Output(_) => "uitvoer",
            CliError::Json(_) => "json",
            CliError::BadDate(e) => e.code(),
            CliError::MaxZero => "max_nul",
            CliError::Problems(_) => "problemen",
            CliError::UnknownPassage { .. } => "onbekende_passage",
            CliError::UnknownDocument(_) => "onbekend_document",
            CliError::MissingStartDate(_) => "startdatum_ontbreekt",
            CliError::NoDatabase(_) => "geen_database",
            CliError::Feedback(_) => "database",
            CliError::BadSince(e) => e.code(),
            CliError::ReadFile { .. } => "bestand_onleesbaar",
            CliError::Document(_) => "document",
            CliError::Import(_) => "import",
            CliError::MissingFields(_) => "velden_ontbreken",
            CliError::BadField(_) => "ongeldig_veld",
            CliError::Exists(_) => "bestaat_al",
        }
    }

    /// Whether the failure is a reader that went away (`| head`): not an error to report.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, CliError::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// The code of a term that could not be computed.
fn termijn_code(e: &TermijnError) -> &'static str {
    match e {
        TermijnError::UnknownRule { .. } => "onbekende_termijn",
        TermijnError::Calendar(_) => "buiten_kalender",
    }
}

impl From<GenError> for CliError {
    fn from(e: GenError) -> Self {
        match e {
            GenError::Io { path, source } => CliError::BenchIo { path, source },
            other => CliError::Bench(other),
        }
    }
}

/// The "did you mean" tail of [`CliError::UnknownPassage`].
fn suggestion(similar: &[String]) -> String {
    if similar.is_empty() {
        String::new()
    } else {
        format!("; bedoel je een van deze: {}", similar.join(", "))
    }
}
