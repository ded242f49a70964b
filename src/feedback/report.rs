//! The knowledge-gap report (`normwijzer rapport`, `/beheer`): per document and section how
//! often it was cited and its 👍/👎; per channel the answers and the abstention rate; and,
//! when question text is stored, the scrubbed unanswered questions grouped by the subject
//! words they share, the groups with repeated questions and 👎 first.
//!
//! [`Report::build`] is pure: rows in, report out. What a passage id is called and what the
//! subject words of a question are come in as closures, so the report uses the engine's own
//! sections and Dutch analysis without depending on it here.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::{AnswerRow, Channel, FeedbackRow, Outcome, Vote};

/// Where a passage lives, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassagePlace {
    /// Document id.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Section breadcrumb.
    pub section: String,
}

/// Counts of answers and votes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Answers given.
    pub answers: u64,
    /// Of which answered.
    pub answered: u64,
    /// Of which unsure.
    pub unsure: u64,
    /// Of which abstained.
    pub abstained: u64,
    /// Abstained share of the answers (0 to 1; 0 without answers).
    pub abstention_rate: f64,
    /// 👍 votes.
    pub up: u64,
    /// 👎 votes.
    pub down: u64,
}

impl Counts {
    fn add_answer(&mut self, o: Outcome) {
        self.answers += 1;
        match o {
            Outcome::Answered => self.answered += 1,
            Outcome::Unsure => self.unsure += 1,
            Outcome::Abstained => self.abstained += 1,
        }
        self.abstention_rate = self.abstained as f64 / self.answers as f64;
    }

    fn add_vote(&mut self, v: Vote) {
        match v {
            Vote::Up => self.up += 1,
            Vote::Down => self.down += 1,
        }
    }
}

/// One channel's counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelCounts {
    /// `api`, `web`, `teams`, `discord`.
    pub channel: &'static str,
    /// Its counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// One section: how often cited, and the votes on answers that cited it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionCounts {
    /// Document id.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Section breadcrumb.
    pub section: String,
    /// Times a passage of it was cited.
    pub cited: u64,
    /// 👍 on answers citing it.
    pub up: u64,
    /// 👎 on answers citing it.
    pub down: u64,
}

/// Unanswered questions that share subject words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapGroup {
    /// The subject words all questions of the group share.
    pub words: Vec<String>,
    /// The scrubbed questions, oldest first (repeats kept once, with their number in
    /// `count`).
    pub questions: Vec<String>,
    /// Questions in the group, repeats counted.
    pub count: u64,
    /// 👎 votes on those answers.
    pub down: u64,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The first day counted (`JJJJ-MM-DD`), if limited.
    pub since: Option<String>,
    /// All channels together.
    pub total: Counts,
    /// Per channel that has answers or votes.
    pub channels: Vec<ChannelCounts>,
    /// Per section, most cited first.
    pub sections: Vec<SectionCounts>,
    /// Whether any question text was stored (else `gaps` is empty by design).
    pub questions_stored: bool,
    /// Unanswered (abstained or unsure) questions by subject, the most pressing first.
    pub gaps: Vec<GapGroup>,
}

/// Placeholders the scrubber writes; they are no subject.
const PLACEHOLDER_WORDS: [&str; 6] = ["bsn", "mail", "telefoon", "datum", "naam", "e"];

impl Report {
    /// The report over these rows. `place` names a passage id (`None` for ids no longer in
    /// the corpus); `subject` gives a question's subject words (stop words removed, stemmed).
    pub fn build(
        answers: &[AnswerRow],
        votes: &[FeedbackRow],
        since: Option<String>,
        place: &dyn Fn(&str) -> Option<PassagePlace>,
        subject: &mut dyn FnMut(&str) -> Vec<String>,
    ) -> Report {
        let mut total = Counts::default();
        let mut per_channel: BTreeMap<Channel, Counts> = BTreeMap::new();
        let mut sections: HashMap<(String, String), SectionCounts> = HashMap::new();
        let mut places: HashMap<String, PassagePlace> = HashMap::new();
        // The sections of these passage ids, each once, created on first sight.
        let mut touch = |ids: &[String],
                         sections: &mut HashMap<(String, String), SectionCounts>|
         -> Vec<(String, String)> {
            let mut keys: Vec<(String, String)> = Vec::new();
            for id in ids {
                let p = places
                    .entry(id.clone())
                    .or_insert_with(|| place(id).unwrap_or_else(|| unknown_place(id)));
                let key = (p.doc.clone(), p.section.clone());
                sections
                    .entry(key.clone())
                    .or_insert_with(|| SectionCounts {
                        doc: p.doc.clone(),
                        title: p.title.clone(),
                        section: p.section.clone(),
                        cited: 0,
                        up: 0,
                        down: 0,
                    });
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            keys
        };
        for a in answers {
            total.add_answer(a.outcome);
            per_channel
                .entry(a.channel)
                .or_default()
                .add_answer(a.outcome);
            for key in touch(&a.passages, &mut sections) {
                if let Some(s) = sections.get_mut(&key) {
                    s.cited += 1;
                }
            }
        }
        for v in votes {
            total.add_vote(v.vote);
            per_channel.entry(v.channel).or_default().add_vote(v.vote);
            for key in touch(&v.passages, &mut sections) {
                if let Some(s) = sections.get_mut(&key) {
                    match v.vote {
                        Vote::Up => s.up += 1,
                        Vote::Down => s.down += 1,
                    }
                }
            }
        }
        let mut sections: Vec<SectionCounts> = sections.into_values().collect();
        sections.sort_by(|a, b| {
            b.cited
                .cmp(&a.cited)
                .then(b.down.cmp(&a.down))
                .then(a.doc.cmp(&b.doc))
                .then(a.section.cmp(&b.section))
        });
        let channels = per_channel
            .into_iter()
            .map(|(c, counts)| ChannelCounts {
                channel: c.label(),
                counts,
            })
            .collect();
        let questions_stored = answers.iter().any(|a| a.question.is_some());
        let gaps = gap_groups(answers, votes, subject);
        Report {
            since,
            total,
            channels,
            sections,
            questions_stored,
            gaps,
        }
    }
}

/// A passage id no longer in the corpus: its document from the id, the section says so.
fn unknown_place(id: &str) -> PassagePlace {
    let doc = id.split('#').next().unwrap_or(id).to_string();
    PassagePlace {
        title: doc.clone(),
        doc,
        section: format!("(passage {id} bestaat niet meer)"),
    }
}

/// Groups the stored unanswered questions by shared subject words: each question joins the
/// group whose shared words overlap its own the most (the group keeps only the words all its
/// questions share), or starts one. Groups with more than one question and a 👎 come first,
/// then by 👎, then by size.
fn gap_groups(
    answers: &[AnswerRow],
    votes: &[FeedbackRow],
    subject: &mut dyn FnMut(&str) -> Vec<String>,
) -> Vec<GapGroup> {
    let mut down_by_ref: HashMap<&str, u64> = HashMap::new();
    for v in votes {
        if v.vote == Vote::Down
            && let Some(r) = &v.reference
        {
            *down_by_ref.entry(r.as_str()).or_default() += 1;
        }
    }
    struct Building {
        words: HashSet<String>,
        questions: Vec<(String, u64)>,
        count: u64,
        down: u64,
    }
    let mut groups: Vec<Building> = Vec::new();
    for a in answers {
        let Some(q) = &a.question else { continue };
        if a.outcome == Outcome::Answered {
            continue;
        }
        let down = a
            .reference
            .as_deref()
            .and_then(|r| down_by_ref.get(r))
            .copied()
            .unwrap_or(0);
        let words: HashSet<String> = subject(q)
            .into_iter()
            .filter(|w| !PLACEHOLDER_WORDS.contains(&w.as_str()) && w.chars().count() > 1)
            .collect();
        let best = groups
            .iter_mut()
            .map(|g| (g.words.intersection(&words).count(), g))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n);
        match best {
            Some((_, g)) => {
                g.words.retain(|w| words.contains(w));
                match g.questions.iter_mut().find(|(text, _)| text == q) {
                    Some((_, n)) => *n += 1,
                    None => g.questions.push((q.clone(), 1)),
                }
                g.count += 1;
                g.down += down;
            }
            None => groups.push(Building {
                words,
                questions: vec![(q.clone(), 1)],
                count: 1,
                down,
            }),
        }
    }
    let mut out: Vec<GapGroup> = groups
        .into_iter()
        .map(|g| {
            let mut words: Vec<String> = g.words.into_iter().collect();
            words.sort();
            GapGroup {
                words,
                questions: g
                    .questions
                    .into_iter()
                    .map(|(q, n)| if n > 1 { format!("{q} (×{n})") } else { q })
                    .collect(),
                count: g.count,
                down: g.down,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let pressing = |g: &GapGroup| g.count > 1 && g.down > 0;
        pressing(b)
            .cmp(&pressing(a))
            .then(b.down.cmp(&a.down))
            .then(b.count.cmp(&a.count))
            .then(a.words.cmp(&b.words))
    });
    out
}

fn percent(rate: f64) -> String {
    format!("{:.0}%", rate * 100.0)
}

impl Report {
    /// The report as readable Dutch text with aligned tables.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Rapport normwijzer{}",
            self.since
                .as_deref()
                .map(|d| format!(" (sinds {d})"))
                .unwrap_or_default()
        );
        let t = &self.total;
        let _ = writeln!(
            out,
            "\nAntwoorden: {} (beantwoord {}, onzeker {}, niet gevonden {}; {} niet gevonden) · 👍 {} · 👎 {}",
            t.answers,
            t.answered,
            t.unsure,
            t.abstained,
            percent(t.abstention_rate),
            t.up,
            t.down
        );
        if !self.channels.is_empty() {
            let _ = writeln!(out, "\nPer kanaal");
            let rows: Vec<[String; 5]> = self
                .channels
                .iter()
                .map(|c| {
                    [
                        Channel::parse(c.channel).dutch().to_string(),
                        c.counts.answers.to_string(),
                        percent(c.counts.abstention_rate),
                        c.counts.up.to_string(),
                        c.counts.down.to_string(),
                    ]
                })
                .collect();
            table(
                &mut out,
                ["kanaal", "antwoorden", "niet gevonden", "👍", "👎"],
                &rows,
            );
        }
        let _ = writeln!(out, "\nPer document en onderdeel");
        if self.sections.is_empty() {
            let _ = writeln!(out, "  (nog geen citaten)");
        } else {
            let rows: Vec<[String; 5]> = self
                .sections
                .iter()
                .map(|s| {
                    [
                        s.title.clone(),
                        s.section.clone(),
                        s.cited.to_string(),
                        s.up.to_string(),
                        s.down.to_string(),
                    ]
                })
                .collect();
            table(
                &mut out,
                ["document", "onderdeel", "geciteerd", "👍", "👎"],
                &rows,
            );
        }
        let _ = writeln!(out, "\nOnbeantwoorde vragen per onderwerp");
        if !self.questions_stored {
            let _ = writeln!(
                out,
                "  Vraagteksten worden niet bewaard (store_questions = false in [feedback] van config/normwijzer.toml)."
            );
        } else if self.gaps.is_empty() {
            let _ = writeln!(out, "  (geen)");
        } else {
            for g in &self.gaps {
                let words = if g.words.is_empty() {
                    "(geen gedeelde woorden)".to_string()
                } else {
                    g.words.join(", ")
                };
                let _ = writeln!(out, "  • {words} — {} vraag/vragen, 👎 {}", g.count, g.down);
                for q in &g.questions {
                    let _ = writeln!(out, "      „{q}”");
                }
            }
        }
        out
    }
}

/// Widest cell of a table column; longer text is cut with "…".
const CELL: usize = 60;

fn cell(s: &str) -> String {
    if s.chars().count() <= CELL {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(CELL - 1).collect();
        t.push('…');
        t
    }
}

/// Appends a table with a header, columns padded to their widest cell (at most [`CELL`]).
fn table<const N: usize>(out: &mut String, header: [&str; N], rows: &[[String; N]]) {
    let rows: Vec<[String; N]> = rows.iter().map(|r| r.clone().map(|c| cell(&c))).collect();
    let rows = rows.as_slice();
    let width = |s: &str| s.chars().count();
    let mut widths: [usize; N] = header.map(width);
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut l = String::from(" ");
        for (i, c) in cells.iter().enumerate() {
            let _ = write!(l, " {c}{}", " ".repeat(widths[i] - width(c)));
        }
        l.trim_end().to_string()
    };
    let _ = writeln!(out, "{}", line(header.to_vec()));
    for r in rows {
        let _ = writeln!(out, "{}", line(r.iter().map(String::as_str).collect()));
    }
}

/// The report over the database at `path` since `since` (the whole file without), with the
/// engine's sections and Dutch analysis; `Ok(None)` when there is no database yet.
pub fn report_for(
    engine: &crate::engine::Engine,
    path: &std::path::Path,
    since: Option<jiff::civil::Date>,
) -> Result<Option<Report>, super::StoreError> {
    let Some(store) = super::Store::open_read(path)? else {
        return Ok(None);
    };
    let from = since
        .and_then(|d| {
            d.to_zoned(jiff::tz::TimeZone::get("Europe/Amsterdam").ok()?)
                .ok()
        })
        .map_or(i64::MIN, |z| z.timestamp().as_second());
    let answers = store.answers_since(from)?;
    let votes = store.feedback_since(from)?;
    let index = engine.index();
    let place = |id: &str| -> Option<PassagePlace> {
        let p = index.by_id(id).ok()??;
        let title = engine
            .documents()
            .iter()
            .find(|d| d.id == p.doc)
            .map_or_else(|| p.doc.clone(), |d| d.title.clone());
        Some(PassagePlace {
            doc: p.doc.clone(),
            title,
            section: p.section(),
        })
    };
    let mut analyzer = index.analyzer();
    let mut subject = |q: &str| crate::search::analysis::terms(&mut analyzer, q);
    Ok(Some(Report::build(
        &answers,
        &votes,
        since.map(|d| d.to_string()),
        &place,
        &mut subject,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(
        channel: Channel,
        outcome: Outcome,
        passages: &[&str],
        q: Option<&str>,
        r: &str,
    ) -> AnswerRow {
        AnswerRow {
            at: 1,
            channel,
            outcome,
            passages: passages.iter().map(|s| s.to_string()).collect(),
            reference: Some(r.into()),
            question: q.map(str::to_string),
        }
    }

    fn vote(vote: Vote, passages: &[&str], r: Option<&str>) -> FeedbackRow {
        FeedbackRow {
            at: 2,
            channel: Channel::Discord,
            vote,
            outcome: Outcome::Answered,
            passages: passages.iter().map(|s| s.to_string()).collect(),
            reference: r.map(str::to_string),
        }
    }

    fn place(id: &str) -> Option<PassagePlace> {
        let (doc, rest) = id.split_once('#')?;
        Some(PassagePlace {
            doc: doc.into(),
            title: doc.to_uppercase(),
            section: rest
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-')
                .into(),
        })
    }

    fn words(q: &str) -> Vec<String> {
        q.split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| w.len() > 3)
            .collect()
    }

    #[test]
    fn counts_per_section_and_channel_and_gaps_with_down_votes_first() {
        let answers = vec![
            answer(
                Channel::Api,
                Outcome::Answered,
                &["anb#opp-1", "anb#opp-2"],
                None,
                "r1",
            ),
            answer(Channel::Web, Outcome::Answered, &["anb#opp-3"], None, "r2"),
            answer(
                Channel::Teams,
                Outcome::Abstained,
                &[],
                Some("wie betaalt taxivervoer?"),
                "r3",
            ),
            answer(
                Channel::Teams,
                Outcome::Abstained,
                &[],
                Some("taxivervoer naar school?"),
                "r4",
            ),
            answer(
                Channel::Api,
                Outcome::Unsure,
                &["sbo#toelating-1"],
                Some("mag een [naam] zwemles missen?"),
                "r5",
            ),
            answer(
                Channel::Api,
                Outcome::Answered,
                &[],
                Some("answered questions are no gap"),
                "r6",
            ),
        ];
        let votes = vec![
            vote(Vote::Up, &["anb#opp-1"], Some("r1")),
            vote(Vote::Down, &[], Some("r4")),
            vote(Vote::Down, &["weg#oud-1"], None),
        ];
        let r = Report::build(&answers, &votes, None, &place, &mut words);
        assert_eq!(r.total.answers, 6);
        assert_eq!(r.total.abstained, 2);
        assert!((r.total.abstention_rate - 2.0 / 6.0).abs() < 1e-9);
        assert_eq!((r.total.up, r.total.down), (1, 2));
        let opp = r.sections.iter().find(|s| s.section == "opp").unwrap();
        // Two answers cited it (one with two of its passages: counted once).
        assert_eq!((opp.cited, opp.up, opp.down), (2, 1, 0));
        assert_eq!(r.sections[0].section, "opp", "most cited first");
        assert!(r.sections.iter().any(|s| s.doc == "weg" && s.down == 1));
        let teams = r.channels.iter().find(|c| c.channel == "teams").unwrap();
        assert_eq!(teams.counts.abstention_rate, 1.0);
        assert!(r.questions_stored);
        assert_eq!(r.gaps.len(), 2, "{:?}", r.gaps);
        assert_eq!(r.gaps[0].words, ["taxivervoer"]);
        assert_eq!((r.gaps[0].count, r.gaps[0].down), (2, 1));
        let text = r.to_text();
        assert!(
            text.contains("taxivervoer — 2 vraag/vragen, 👎 1"),
            "{text}"
        );
        assert!(!text.contains("answered questions"), "{text}");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["total"]["answers"], 6);
    }

    #[test]
    fn without_text_the_report_says_so() {
        let r = Report::build(&[], &[], Some("2026-01-01".into()), &place, &mut words);
        let text = r.to_text();
        assert!(text.contains("sinds 2026-01-01"));
        assert!(text.contains("niet bewaard"), "{text}");
        assert!(text.contains("nog geen citaten"));
    }
}
