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
    /// Standard output could not be written (`chat`).
    #[error("kan de uitvoer niet schrijven ({0})")]
    Output(#[source] io::Error),
    /// A value could not be written as JSON.
    #[error("kan de uitvoer niet als JSON schrijven ({0})")]
    Json(#[from] serde_json::Error),
    /// `--today` is not a date.
    #[error("ongeldige datum „{0}”: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-03-02")]
    BadDate(String),
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
    /// `termijn <id>` without a start date.
    #[error("geef de startdatum, bijvoorbeeld: normwijzer termijn {0} 2026-03-02")]
    MissingStartDate(String),
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
        format!("; bedoelt u een van deze: {}", similar.join(", "))
    }
}
