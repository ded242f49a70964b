//! Discord payloads as a user sees them (the text shown, the buttons offered) and the checks
//! every test makes on what the bot sends.

use normwijzer::model::Answer;
use serde_json::Value;

use super::discord_limits::violations;

/// All text a Discord message or interaction response shows: content, embed titles,
/// descriptions, fields and footers.
pub fn shown_text(payload: &Value) -> String {
    let msg = payload.get("data").unwrap_or(payload);
    let mut out = msg["content"].as_str().unwrap_or_default().to_string();
    for e in msg["embeds"].as_array().into_iter().flatten() {
        for k in ["title", "description"] {
            out.push('\n');
            out.push_str(e[k].as_str().unwrap_or_default());
        }
        for f in e["fields"].as_array().into_iter().flatten() {
            out.push('\n');
            out.push_str(f["name"].as_str().unwrap_or_default());
            out.push('\n');
            out.push_str(f["value"].as_str().unwrap_or_default());
        }
        out.push('\n');
        out.push_str(e["footer"]["text"].as_str().unwrap_or_default());
    }
    out
}

/// The custom ids of all buttons, row by row.
pub fn custom_ids(payload: &Value) -> Vec<String> {
    let msg = payload.get("data").unwrap_or(payload);
    msg["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["custom_id"].as_str().map(str::to_string))
        .collect()
}

/// Passage ids behind the "show passage" buttons (custom id `nw:bron:<id>`).
pub fn cited_ids(payload: &Value) -> Vec<String> {
    custom_ids(payload)
        .iter()
        .filter_map(|c| c.strip_prefix("nw:bron:").map(str::to_string))
        .collect()
}

/// Asserts that a payload keeps to Discord's limits and pings nobody.
pub fn assert_sendable(what: &str, payload: &Value) {
    let problems = violations(payload);
    assert!(
        problems.is_empty(),
        "{what} breaks Discord's limits or may ping: {problems:?}"
    );
}

/// Asserts that an answer embed shows `expected`: one field per check summary, then one per
/// citation named `[rank] title …` with the quote as a block quote, and a footer that lists
/// every cited passage. Returns the citation fields.
pub fn assert_answer_embed<'a>(embed: &'a Value, expected: &Answer) -> &'a [Value] {
    let fields = embed["fields"].as_array().expect("fields");
    let checks = normwijzer::channel::summary::summaries(&expected.checks).len();
    assert_eq!(
        fields.len(),
        checks + expected.citations.len(),
        "{fields:?}"
    );
    for (f, c) in fields[checks..].iter().zip(&expected.citations) {
        let name = f["name"].as_str().unwrap_or_default();
        assert!(
            name.starts_with(&format!("[{}] {}", c.rank, c.title)),
            "{name}"
        );
        let value = f["value"].as_str().unwrap_or_default();
        assert!(value.starts_with("> "), "quote as block quote: {value}");
    }
    let footer = embed["footer"]["text"].as_str().unwrap_or_default();
    for c in &expected.citations {
        assert!(footer.contains(&c.passage), "footer lacks {}", c.passage);
    }
    &fields[checks..]
}

/// Asserts that a payload shows a passage with this text: the start (40 characters) of its last
/// line stands in what is shown, read without the escaping backslashes.
pub fn assert_shows_passage(payload: &Value, text: &str) {
    let start: String = text
        .lines()
        .last()
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect();
    let shown = shown_text(payload);
    assert!(
        shown.replace('\\', "").contains(&start),
        "{start} in {shown}"
    );
}
