//! Conversations of the channels: the earlier question of each thread (a Discord thread or DM,
//! a Teams reply chain, a web session), so that a follow-up ("en bij niveau 3?") can be read
//! with it.
//!
//! In memory only, per conversation: never written to disk or logs. A conversation ends after
//! [`IDLE`] without a question; at most [`MAX_CONVERSATIONS`] are kept (the one idle longest
//! goes first) and each keeps its last [`MAX_TURNS`] questions, each cut to
//! [`MAX_QUESTION_BYTES`]. The engine stays stateless: a channel asks [`Conversations::previous`]
//! and passes it in as [`crate::engine::AskOptions::previous`].

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::model::Answer;

/// A conversation without a question for this long is forgotten.
pub const IDLE: Duration = Duration::from_secs(30 * 60);
/// Conversations kept at most.
pub const MAX_CONVERSATIONS: usize = 10_000;
/// Questions kept per conversation.
pub const MAX_TURNS: usize = 4;
/// A question kept is cut to this many bytes.
pub const MAX_QUESTION_BYTES: usize = 1024;

/// The earlier questions of every open conversation.
#[derive(Debug)]
pub struct Conversations {
    idle: Duration,
    capacity: usize,
    open: Mutex<HashMap<String, Turns>>,
}

#[derive(Debug)]
struct Turns {
    questions: VecDeque<String>,
    last: Instant,
}

impl Default for Conversations {
    fn default() -> Self {
        Self::new()
    }
}

impl Conversations {
    /// With the default limits ([`IDLE`], [`MAX_CONVERSATIONS`]).
    pub fn new() -> Self {
        Self::with_limits(IDLE, MAX_CONVERSATIONS)
    }

    /// With other limits (tests; a service with little memory).
    pub fn with_limits(idle: Duration, capacity: usize) -> Self {
        Self {
            idle,
            capacity: capacity.max(1),
            open: Mutex::new(HashMap::new()),
        }
    }

    /// The earlier questions of conversation `key`, oldest first; empty when it is new or was
    /// idle too long.
    pub fn previous(&self, key: &str) -> Vec<String> {
        let mut open = self.lock();
        let now = Instant::now();
        match open.get(key) {
            Some(turns) if now.duration_since(turns.last) < self.idle => {
                turns.questions.iter().cloned().collect()
            }
            Some(_) => {
                open.remove(key);
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// Keeps `question` as the latest of conversation `key`.
    pub fn remember(&self, key: &str, question: &str) {
        let question = cut(question.trim());
        if question.is_empty() {
            return;
        }
        let mut open = self.lock();
        let now = Instant::now();
        if !open.contains_key(key) && open.len() >= self.capacity {
            open.retain(|_, t| now.duration_since(t.last) < self.idle);
            if open.len() >= self.capacity
                && let Some(oldest) = open
                    .iter()
                    .min_by_key(|(_, t)| t.last)
                    .map(|(k, _)| k.clone())
            {
                open.remove(&oldest);
            }
        }
        let turns = open.entry(key.to_string()).or_insert_with(|| Turns {
            questions: VecDeque::new(),
            last: now,
        });
        if now.duration_since(turns.last) >= self.idle {
            turns.questions.clear();
        }
        turns.last = now;
        if turns.questions.back().is_some_and(|q| q == question) {
            return;
        }
        turns.questions.push_back(question.to_string());
        while turns.questions.len() > MAX_TURNS {
            turns.questions.pop_front();
        }
    }

    /// Keeps the subject `answer` answered: its question when it stood alone, the question it
    /// continued when it was a follow-up, so that "en voor vo?" after "en bij niveau 3?"
    /// continues the question with the subject, not the one before. A reply without citations
    /// or checks (small talk, "nothing found") is not kept: the earlier subject stays.
    pub fn remember_answer(&self, key: &str, answer: &Answer) {
        if let Some(subject) = subject(answer) {
            self.remember(key, subject);
        }
    }

    /// Forgets conversation `key` ("opnieuw beginnen").
    pub fn forget(&self, key: &str) {
        self.lock().remove(key);
    }

    /// Open conversations now (for tests and `/metrics`).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no conversation is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Turns>> {
        // A panic elsewhere while holding the lock leaves plain data behind: keep using it.
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The question a conversation continues after `answer` (see
/// [`Conversations::remember_answer`]); `None` for a reply without citations or checks.
pub fn subject(answer: &Answer) -> Option<&str> {
    if answer.citations.is_empty() && answer.checks.is_empty() {
        return None;
    }
    Some(answer.continued.as_deref().unwrap_or(&answer.question))
}

/// `question` cut to [`MAX_QUESTION_BYTES`] at a character boundary.
fn cut(question: &str) -> &str {
    let mut end = question.len().min(MAX_QUESTION_BYTES);
    while !question.is_char_boundary(end) {
        end -= 1;
    }
    &question[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_questions_of_each_conversation() {
        let c = Conversations::new();
        assert!(c.previous("a").is_empty());
        for q in ["een", "twee", "drie", "vier", "vijf"] {
            c.remember("a", q);
        }
        c.remember("b", "ander gesprek");
        assert_eq!(c.previous("a"), ["twee", "drie", "vier", "vijf"]);
        assert_eq!(c.previous("b"), ["ander gesprek"]);
        c.forget("a");
        assert!(c.previous("a").is_empty());
    }

    #[test]
    fn forgets_idle_conversations() {
        let c = Conversations::with_limits(Duration::from_millis(20), 10);
        c.remember("a", "wat is een OPP?");
        std::thread::sleep(Duration::from_millis(40));
        assert!(c.previous("a").is_empty());
        assert!(c.is_empty());
    }

    #[test]
    fn is_capped_in_conversations_and_bytes() {
        let c = Conversations::with_limits(IDLE, 3);
        for i in 0..10 {
            c.remember(&format!("k{i}"), "vraag");
        }
        assert_eq!(c.len(), 3);
        assert_eq!(c.previous("k9"), ["vraag"]);
        assert!(c.previous("k0").is_empty());
        c.remember("lang", &"ë".repeat(MAX_QUESTION_BYTES));
        assert!(c.previous("lang")[0].len() <= MAX_QUESTION_BYTES);
        c.remember("leeg", "   ");
        assert!(c.previous("leeg").is_empty());
    }
}
