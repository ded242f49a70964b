//! `normwijzer chat`: one question per line on stdin, one answer per question on stdout.
//!
//! On a terminal the line is edited with rustyline: arrows move and recall earlier questions,
//! Ctrl-D ends the session on a fresh line. The history lives in memory only: questions are
//! never written to disk. Piped input is read line by line without prompt or greeting, so that
//! the output is the answers alone.

use std::io::{BufRead, IsTerminal};

use rustyline::config::{Behavior, Config};
use rustyline::error::ReadlineError;

use super::{ChatArgs, CliError, Global, ask_options, print};
use crate::channel::terminal;
use crate::conversation::Conversations;
use crate::engine::{AskOptions, Engine};

/// The one conversation of a chat session.
const CHAT: &str = "chat";

/// Words that end the session, compared in lower case.
const STOP: [&str; 5] = ["stop", "exit", "quit", "doei", ":q"];

/// Answers lines until end of input or a stop word.
pub fn run(g: &Global, a: &ChatArgs) -> Result<(), CliError> {
    let opts = ask_options(a.today.as_deref())?;
    let engine = g.open_for_questions()?;
    // A follow-up ("en bij niveau 3?") is read with the question before it, as in the other
    // channels; the session is one conversation, in memory only.
    let conversation = Conversations::new();
    let mut input = if std::io::stdin().is_terminal() {
        eprintln!(
            "normwijzer — stel je vraag (één per regel). „bron <id>” toont een passage; ↑ haalt een eerdere vraag terug; „stop” of Ctrl-D sluit af."
        );
        Input::terminal()?
    } else {
        Input::Piped
    };
    while let Some(line) = input.next_line()? {
        let q = line.trim();
        if q.is_empty() {
            continue;
        }
        if STOP.contains(&q.to_lowercase().as_str()) {
            break;
        }
        input.remember(q);
        let mut reply = reply(&engine, q, &opts, &conversation)?;
        reply.push('\n');
        print(&reply)?;
    }
    Ok(())
}

/// Where the lines come from.
enum Input {
    /// A person at a terminal, with line editing and history.
    Terminal(Box<rustyline::DefaultEditor>),
    /// A pipe or file, read as it is.
    Piped,
}

impl Input {
    /// A line editor on the terminal. The history is in memory only.
    fn terminal() -> Result<Input, CliError> {
        let config = Config::builder()
            .behavior(Behavior::PreferTerm)
            .auto_add_history(false)
            .build();
        let editor = rustyline::DefaultEditor::with_config(config)
            .map_err(|e| CliError::Input(std::io::Error::other(e)))?;
        Ok(Input::Terminal(Box::new(editor)))
    }

    /// The next line, `None` at the end of input. A line that is not UTF-8 is read lossily
    /// rather than ending the session; Ctrl-C empties the line being typed.
    fn next_line(&mut self) -> Result<Option<String>, CliError> {
        match self {
            Input::Piped => read_piped_line(),
            Input::Terminal(editor) => loop {
                match editor.readline("> ") {
                    Ok(line) => return Ok(Some(line)),
                    Err(ReadlineError::Interrupted) => continue,
                    // rustyline ends the line it was editing, so the shell's prompt starts on
                    // a fresh line.
                    Err(ReadlineError::Eof) => return Ok(None),
                    Err(ReadlineError::Io(e)) => return Err(CliError::Input(e)),
                    Err(e) => return Err(CliError::Input(std::io::Error::other(e))),
                }
            },
        }
    }

    /// Keeps a question for ↑ (terminal only).
    fn remember(&mut self, line: &str) {
        if let Input::Terminal(editor) = self {
            let _ = editor.add_history_entry(line);
        }
    }
}

/// The next line of piped stdin, `None` at the end.
fn read_piped_line() -> Result<Option<String>, CliError> {
    let mut bytes = Vec::new();
    match std::io::stdin().lock().read_until(b'\n', &mut bytes) {
        Ok(0) => Ok(None),
        Ok(_) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) => Err(CliError::Input(e)),
    }
}

/// The reply to one line: a passage for „bron <id>”, otherwise an answer. An unknown id is a
/// reply with the ids that resemble it, not an error, so that a typo does not end the session.
fn reply(
    engine: &Engine,
    q: &str,
    opts: &AskOptions,
    conversation: &Conversations,
) -> Result<String, CliError> {
    let Some(id) = q.strip_prefix("bron ") else {
        let opts = AskOptions {
            previous: conversation.previous(CHAT),
            ..opts.clone()
        };
        let answer = engine.ask(q, &opts)?;
        conversation.remember_answer(CHAT, &answer);
        return Ok(terminal::answer(&answer, terminal::CHAT_BRON_HINT));
    };
    Ok(match engine.passage(id, opts.today)? {
        Some(v) => terminal::passage(&v),
        None => {
            let unknown = CliError::UnknownPassage {
                id: id.trim().to_string(),
                similar: engine.similar_ids(id),
            };
            format!("{}.\n", crate::text::capitalize(&unknown.to_string()))
        }
    })
}
