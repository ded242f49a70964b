//! The SQLite file: opening it (WAL, busy timeout, migrations), writing rows, deleting old
//! ones, and reading them back for the report.
//!
//! The schema is versioned with `PRAGMA user_version`: [`MIGRATIONS`] is an ordered list, and
//! opening applies the ones past the file's version in one transaction each. A file written by
//! a newer normwijzer (a version past the list) is refused rather than guessed at.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, params};

use super::{AnswerRow, FeedbackRow};

/// How long a write waits for a lock held by another process (the other service, `rapport`).
/// Kept short: the writer thread never holds up an answer, but a long wait would fill its
/// queue.
pub const BUSY_TIMEOUT: Duration = Duration::from_millis(250);

/// The schema, one migration per version: `MIGRATIONS[0]` brings version 0 to 1, and so on.
/// Only ever append.
pub const MIGRATIONS: &[&str] = &[
    // 1: answers and feedback, without any question text.
    "CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        channel TEXT NOT NULL,
        outcome TEXT NOT NULL,
        passages TEXT NOT NULL,
        ref TEXT
    );
    CREATE INDEX answers_at ON answers(at);
    CREATE INDEX answers_ref ON answers(ref);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        channel TEXT NOT NULL,
        vote TEXT NOT NULL,
        outcome TEXT NOT NULL,
        passages TEXT NOT NULL,
        ref TEXT
    );
    CREATE INDEX feedback_at ON feedback(at);",
    // 2: the scrubbed question, only written with `store_questions = true`.
    "ALTER TABLE answers ADD COLUMN question TEXT;",
];

/// Why the database could not be used. Messages are Dutch and name the file, never content.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused (locked, read-only, full disk, not a database).
    #[error("de database {path} is niet bruikbaar: {source}")]
    Sqlite {
        /// The file.
        path: String,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The file's schema is older than this program reads (a service of this version has not
    /// opened it yet).
    #[error(
        "de database {path} heeft schemaversie {found}, een oudere; start de dienst (normwijzer serve) één keer om hem bij te werken"
    )]
    TooOld {
        /// The file.
        path: String,
        /// Its version.
        found: i64,
    },
    /// The file's schema is newer than this program knows.
    #[error("de database {path} heeft schemaversie {found}; dit programma kent er {known}")]
    TooNew {
        /// The file.
        path: String,
        /// Its version.
        found: i64,
        /// The newest version known here.
        known: usize,
    },
}

/// An open database with the schema up to date.
pub struct Store {
    conn: Connection,
    path: String,
}

impl Store {
    /// Opens (creating the file and its directory if need be) and migrates.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            // A failure shows up as SQLite's own error just below.
            let _ = std::fs::create_dir_all(dir);
        }
        let shown = path.display().to_string();
        let err = |source| StoreError::Sqlite {
            path: shown.clone(),
            source,
        };
        let conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(err)?;
        let mut store = Store { conn, path: shown };
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing file read-only for the report; `Ok(None)` when there is none.
    pub fn open_read(path: &Path) -> Result<Option<Store>, StoreError> {
        if !path.is_file() {
            return Ok(None);
        }
        let shown = path.display().to_string();
        let err = |source| StoreError::Sqlite {
            path: shown.clone(),
            source,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(err)?;
        conn.busy_timeout(Duration::from_secs(2)).map_err(err)?;
        let store = Store { conn, path: shown };
        let version = store.version()?;
        if version > MIGRATIONS.len() as i64 {
            return Err(store.too_new(version));
        }
        if version == 0 {
            return Ok(None);
        }
        if version < MIGRATIONS.len() as i64 {
            return Err(StoreError::TooOld {
                path: store.path.clone(),
                found: version,
            });
        }
        Ok(Some(store))
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn too_new(&self, found: i64) -> StoreError {
        StoreError::TooNew {
            path: self.path.clone(),
            found,
            known: MIGRATIONS.len(),
        }
    }

    /// The schema version of the file.
    pub fn version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let version = self.version()?;
        if version > MIGRATIONS.len() as i64 {
            return Err(self.too_new(version));
        }
        let start = usize::try_from(version).unwrap_or(0);
        if start >= MIGRATIONS.len() {
            return Ok(());
        }
        // All pending steps in one transaction: a reader (`rapport`, another service) sees
        // the schema before or after, never a version in between.
        let path = self.path.clone();
        let err = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        for sql in &MIGRATIONS[start..] {
            tx.execute_batch(sql).map_err(err)?;
        }
        tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)
            .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(())
    }

    /// Writes one answer.
    pub fn insert_answer(&self, row: &AnswerRow) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO answers (at, channel, outcome, passages, ref, question)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    row.at,
                    row.channel.label(),
                    row.outcome.label(),
                    row.passages.join(" "),
                    row.reference,
                    row.question,
                ],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Writes one vote.
    pub fn insert_feedback(&self, row: &FeedbackRow) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO feedback (at, channel, vote, outcome, passages, ref)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    row.at,
                    row.channel.label(),
                    row.vote.label(),
                    row.outcome.label(),
                    row.passages.join(" "),
                    row.reference,
                ],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Deletes the rows written before `before` (Unix seconds); returns how many.
    pub fn purge(&self, before: i64) -> Result<usize, StoreError> {
        let a = self
            .conn
            .execute("DELETE FROM answers WHERE at < ?1", [before])
            .map_err(|e| self.err(e))?;
        let f = self
            .conn
            .execute("DELETE FROM feedback WHERE at < ?1", [before])
            .map_err(|e| self.err(e))?;
        Ok(a + f)
    }

    /// The passages and outcome of the answer with this reference, if it was stored.
    pub fn answer_by_ref(&self, reference: &str) -> Result<Option<AnswerRow>, StoreError> {
        let rows = self.answers_where("ref = ?1", reference)?;
        Ok(rows.into_iter().next())
    }

    /// Every answer written at or after `since` (Unix seconds), oldest first.
    pub fn answers_since(&self, since: i64) -> Result<Vec<AnswerRow>, StoreError> {
        self.answers_where("at >= ?1", since)
    }

    fn answers_where(
        &self,
        condition: &str,
        value: impl rusqlite::ToSql,
    ) -> Result<Vec<AnswerRow>, StoreError> {
        let sql = format!(
            "SELECT at, channel, outcome, passages, ref, question FROM answers
             WHERE {condition} ORDER BY at, id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([value], |r| {
                Ok(AnswerRow {
                    at: r.get(0)?,
                    channel: super::Channel::parse(&r.get::<_, String>(1)?),
                    outcome: super::Outcome::parse(&r.get::<_, String>(2)?),
                    passages: split_ids(&r.get::<_, String>(3)?),
                    reference: r.get(4)?,
                    question: r.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// Every vote written at or after `since`, oldest first.
    pub fn feedback_since(&self, since: i64) -> Result<Vec<FeedbackRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT at, channel, vote, outcome, passages, ref FROM feedback
                 WHERE at >= ?1 ORDER BY at, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([since], |r| {
                Ok(FeedbackRow {
                    at: r.get(0)?,
                    channel: super::Channel::parse(&r.get::<_, String>(1)?),
                    vote: super::Vote::parse(&r.get::<_, String>(2)?).unwrap_or(super::Vote::Up),
                    outcome: super::Outcome::parse(&r.get::<_, String>(3)?),
                    passages: split_ids(&r.get::<_, String>(4)?),
                    reference: r.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }
}

fn split_ids(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::super::{Channel, Outcome, Vote};
    use super::*;

    #[test]
    fn migrations_run_once_and_rows_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("nw.sqlite");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.version().unwrap(), MIGRATIONS.len() as i64);
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        store
            .insert_answer(&AnswerRow {
                at: 100,
                channel: Channel::Api,
                outcome: Outcome::Answered,
                passages: vec!["anb#opp-1".into(), "anb#opp-2".into()],
                reference: Some("abc".into()),
                question: None,
            })
            .unwrap();
        store
            .insert_feedback(&FeedbackRow {
                at: 200,
                channel: Channel::Discord,
                vote: Vote::Down,
                outcome: Outcome::Abstained,
                passages: Vec::new(),
                reference: None,
            })
            .unwrap();
        drop(store);
        // Opening again applies nothing new.
        let store = Store::open(&path).unwrap();
        let answers = store.answers_since(0).unwrap();
        assert_eq!(answers.len(), 1);
        assert_eq!(answers[0].passages, ["anb#opp-1", "anb#opp-2"]);
        assert_eq!(
            store.answer_by_ref("abc").unwrap().map(|a| a.outcome),
            Some(Outcome::Answered)
        );
        assert_eq!(store.feedback_since(0).unwrap()[0].vote, Vote::Down);
        assert_eq!(store.purge(150).unwrap(), 1);
        assert!(store.answers_since(0).unwrap().is_empty());
        let read = Store::open_read(&path).unwrap().expect("file exists");
        assert_eq!(read.feedback_since(0).unwrap().len(), 1);
    }

    #[test]
    fn a_newer_schema_is_refused_and_a_missing_file_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nw.sqlite");
        assert!(Store::open_read(&path).unwrap().is_none());
        let store = Store::open(&path).unwrap();
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        let e = Store::open(&path).err().expect("refused");
        assert!(e.to_string().contains("schemaversie 99"), "{e}");
    }

    #[test]
    fn an_older_schema_is_brought_up_to_date_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nw.sqlite");
        // A file as the first version of the schema left it.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        drop(conn);
        let e = Store::open_read(&path).err().expect("refused");
        assert!(e.to_string().contains("schemaversie 1, een oudere"), "{e}");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.version().unwrap(), MIGRATIONS.len() as i64);
        drop(store);
        let read = Store::open_read(&path).unwrap().expect("store");
        assert!(read.answers_since(0).unwrap().is_empty());
    }
}
