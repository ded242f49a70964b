//! An independent check of what Discord accepts from a bot: the size limits of a message
//! payload and whether it can ping anyone.
//!
//! Test-only. The numbers are written out here from Discord's developer documentation, not taken
//! from the renderer, so a wrong limit there shows up here. Lengths are counted in UTF-16 code
//! units, never fewer than the characters Discord counts, so a payload that passes here passes
//! there. This file uses only `serde_json`: the integration tests reach it as
//! `support::discord_limits`, and the unit tests in `src/channel/discord/` include the same file
//! with `#[path]`.

use serde_json::Value;

/// Every size limit a message payload (`content`, `embeds`, `components`) breaks, in English;
/// empty when it fits. Accepts a message, interaction callback data, or a whole interaction
/// response.
pub fn limit_violations(payload: &Value) -> Vec<String> {
    let msg = payload.get("data").unwrap_or(payload);
    let mut out = Vec::new();
    over(&mut out, "content".into(), units(&msg["content"]), 2000);
    let embeds = list(&msg["embeds"]);
    over(&mut out, "embeds".into(), embeds.len(), 10);
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        total += embed_violations(&mut out, i, e);
    }
    over(&mut out, "embeds total".into(), total, 6000);
    let rows = list(&msg["components"]);
    over(&mut out, "action rows".into(), rows.len(), 5);
    for (i, row) in rows.iter().enumerate() {
        let buttons = list(&row["components"]);
        over(&mut out, format!("row {i} buttons"), buttons.len(), 5);
        for b in buttons {
            over(
                &mut out,
                format!("row {i} custom_id"),
                units(&b["custom_id"]),
                100,
            );
            over(&mut out, format!("row {i} label"), units(&b["label"]), 80);
        }
    }
    out
}

/// The limits of embed `i`, added to `out`; returns the units that count towards the total.
fn embed_violations(out: &mut Vec<String>, i: usize, e: &Value) -> usize {
    let title = units(&e["title"]);
    let description = units(&e["description"]);
    let footer = units(&e["footer"]["text"]);
    let author = units(&e["author"]["name"]);
    over(out, format!("embed {i} title"), title, 256);
    over(out, format!("embed {i} description"), description, 4096);
    over(out, format!("embed {i} footer"), footer, 2048);
    over(out, format!("embed {i} author"), author, 256);
    let fields = list(&e["fields"]);
    over(out, format!("embed {i} fields"), fields.len(), 25);
    let mut total = title + description + footer + author;
    for (j, f) in fields.iter().enumerate() {
        let name = units(&f["name"]);
        let value = units(&f["value"]);
        over(out, format!("embed {i} field {j} name"), name, 256);
        over(out, format!("embed {i} field {j} value"), value, 1024);
        if name == 0 || value == 0 {
            out.push(format!("embed {i} field {j} is empty"));
        }
        total += name + value;
    }
    total
}

/// Every way a payload's `allowed_mentions` could let a ping through, in English; empty when it
/// allows nothing. Missing `allowed_mentions` counts: Discord would then parse mentions.
pub fn mention_violations(payload: &Value) -> Vec<String> {
    let msg = payload.get("data").unwrap_or(payload);
    let am = &msg["allowed_mentions"];
    if !am.is_object() {
        return vec!["allowed_mentions missing".into()];
    }
    let mut out = Vec::new();
    if !am["parse"].as_array().is_some_and(Vec::is_empty) {
        out.push(format!("allowed_mentions parses mentions: {am}"));
    }
    for k in ["users", "roles"] {
        if !(am[k].is_null() || am[k].as_array().is_some_and(Vec::is_empty)) {
            out.push(format!("allowed_mentions allows {k}: {am}"));
        }
    }
    if am["replied_user"].as_bool() == Some(true) {
        out.push("allowed_mentions pings the replied user".into());
    }
    out
}

/// Both: what breaks a size limit and what could ping.
pub fn violations(payload: &Value) -> Vec<String> {
    let mut out = limit_violations(payload);
    out.extend(mention_violations(payload));
    out
}

fn over(out: &mut Vec<String>, what: String, n: usize, max: usize) {
    if n > max {
        out.push(format!("{what}: {n} > {max}"));
    }
}

fn list(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

fn units(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.encode_utf16().count())
}
