//! Text for Discord: measuring in UTF-16 code units, escaping markdown and mentions, cutting at
//! a sentence or word boundary, quoting a passage above its badge.
//!
//! Lengths are measured in UTF-16 code units, which is never less than the number of characters
//! Discord counts, so text that fits here fits there.

use unicode_segmentation::UnicodeSegmentation;

/// A zero-width space: breaks `@everyone` and friends without changing what a reader sees.
const ZWSP: char = '\u{200B}';

/// Length as Discord may count it: UTF-16 code units, an upper bound of the character count.
pub fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Escapes `text` for places that render markdown (content, description, field values), so
/// user and document text shows as typed: markdown characters get a backslash, mention syntax
/// (`<@…>`, `<#…>`, `<@&…>`) loses its meaning, `@everyone` and `@here` are broken by an
/// invisible space. Control characters other than newlines become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut line_start = true;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        if line_start && c != '\n' && c.is_whitespace() {
            out.push(c);
            rest = &rest[len..];
            continue;
        }
        match c {
            '\\' | '*' | '_' | '~' | '|' | '`' | '>' | '<' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            // Headings, sub-text, lists and numbered lists only start a line.
            '#' | '-' | '+' if line_start => {
                out.push('\\');
                out.push(c);
            }
            '0'..='9' if line_start => {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                out.push_str(&rest[..digits]);
                rest = &rest[digits..];
                if rest.starts_with(['.', ')']) {
                    out.push('\\');
                }
                line_start = false;
                continue;
            }
            '@' => {
                out.push('@');
                if starts_with_ci(&rest[1..], "everyone") || starts_with_ci(&rest[1..], "here") {
                    out.push(ZWSP);
                }
            }
            '\n' => out.push('\n'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        line_start = c == '\n';
        rest = &rest[len..];
    }
    out
}

/// Makes `text` safe for places that show plain text (titles, field names, footers, thread
/// names, button labels): one line, no control characters, `@everyone`/`@here` and mention
/// syntax broken by an invisible space.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c.is_control() {
            if !prev_space && !out.is_empty() {
                out.push(' ');
            }
            prev_space = true;
            continue;
        }
        prev_space = false;
        out.push(c);
        let rest = &text[i + c.len_utf8()..];
        let breaks = match c {
            '@' => starts_with_ci(rest, "everyone") || starts_with_ci(rest, "here"),
            '<' => rest.starts_with(['@', '#', ':', '/', 't', 'a']),
            _ => false,
        };
        if breaks {
            out.push(ZWSP);
        }
    }
    out.trim_end().to_string()
}

/// Inline code for ids and labels: backticks cannot be escaped inside a code span, so they go.
pub fn code(text: &str) -> String {
    let inner: String = plain(text).chars().filter(|&c| c != '`').collect();
    if inner.is_empty() {
        "—".to_string()
    } else {
        format!("`{inner}`")
    }
}

/// `s`, or a dash where it is blank: Discord rejects empty field names and choice names.
pub(super) fn non_empty(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

fn starts_with_ci(text: &str, word: &str) -> bool {
    text.get(..word.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(word))
}

/// Cuts `text` to at most `max` units. Text that fits is returned unchanged. Otherwise the cut
/// falls after the last sentence that keeps at least half of the room, else between words, and
/// "…" marks it. Only a single word longer than the room is cut inside (at a grapheme boundary).
pub fn truncate(text: &str, max: usize) -> String {
    if units(text) <= max {
        return text.to_string();
    }
    if max < 2 {
        return if max == 1 {
            "…".into()
        } else {
            String::new()
        };
    }
    // Room for the text before " …".
    let end = fitting_prefix(text, max - 2);
    let keep = |cut: usize| {
        let kept = text[..cut].trim_end();
        (!kept.is_empty()).then_some(kept)
    };
    if let Some(kept) = sentence_cut(text, end).and_then(keep) {
        return finish(kept, " …");
    }
    if let Some(kept) = word_cut(text, end).and_then(keep) {
        return finish(kept, " …");
    }
    finish(&text[..grapheme_cut(text, end)], "…")
}

/// The byte length of the longest prefix of `text` within `budget` units.
fn fitting_prefix(text: &str, budget: usize) -> usize {
    let mut end = 0;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        let w = c.len_utf16();
        if used + w > budget {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    end
}

/// The last sentence boundary (or line break) up to `end` that keeps at least half of it.
fn sentence_cut(text: &str, end: usize) -> Option<usize> {
    text.split_sentence_bound_indices()
        .map(|(i, _)| i)
        .take_while(|&i| i <= end)
        .chain(text[..end].match_indices('\n').map(|(i, _)| i))
        .filter(|&i| i > 0 && i * 2 >= end)
        .max()
}

/// Between words: at `end` if a space follows, else at the last space before it.
fn word_cut(text: &str, end: usize) -> Option<usize> {
    if text[end..].starts_with(char::is_whitespace) {
        Some(end)
    } else {
        text[..end]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, _)| i)
    }
}

/// One enormous word: the last grapheme boundary up to `end`. Boundaries of the whole text,
/// since the prefix alone would split a cluster at its end.
fn grapheme_cut(text: &str, end: usize) -> usize {
    text.grapheme_indices(true)
        .map(|(i, g)| i + g.len())
        .take_while(|&i| i <= end)
        .last()
        .unwrap_or(0)
}

/// Appends the ellipsis, dropping a dangling escape backslash it would otherwise escape.
fn finish(kept: &str, ellipsis: &str) -> String {
    let trailing = kept.len() - kept.trim_end_matches('\\').len();
    let kept = if trailing % 2 == 1 {
        &kept[..kept.len() - 1]
    } else {
        kept
    };
    format!("{kept}{ellipsis}")
}

/// `text` quoted line by line (`> `), with `tail` on its own line below, within `max` units.
/// The quote is shortened first; the tail (a badge) is kept whole where possible.
pub(super) fn quoted_value(quote: &str, tail: &str, max: usize) -> String {
    let quote = quote.trim();
    // A badge under a quote stays short; a value without a quote may use the whole room.
    let tail = truncate(tail, if quote.is_empty() { max } else { max.min(300) });
    let sep = usize::from(!tail.is_empty());
    let room = max.saturating_sub(units(&tail) + sep);
    let block = quote_block(quote, room);
    let value = match (block.is_empty(), tail.is_empty()) {
        (true, true) => "—".to_string(),
        (true, false) => tail,
        (false, true) => block,
        (false, false) => format!("{block}\n{tail}"),
    };
    truncate(&value, max)
}

/// `quote` as a block quote within `room` units, or empty when too little room is left.
fn quote_block(quote: &str, room: usize) -> String {
    let mut budget = room;
    // Quoting adds two units per line, so shrink until the quoted block fits.
    while budget >= 8 && !quote.is_empty() {
        let cut = truncate(quote, budget);
        let candidate = cut
            .lines()
            .map(|l| format!("> {l}"))
            .collect::<Vec<_>>()
            .join("\n");
        let need = units(&candidate);
        if need <= room {
            return candidate;
        }
        budget = budget.saturating_sub(need - room);
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_untouched() {
        assert_eq!(truncate("Een korte zin.", 100), "Een korte zin.");
        assert_eq!(truncate("", 0), "");
    }

    #[test]
    fn cut_prefers_a_sentence_boundary() {
        let text = "Eerste zin is hier. Tweede zin volgt nu en is veel langer dan de rest";
        let cut = truncate(text, 40);
        assert_eq!(cut, "Eerste zin is hier. …");
        assert!(units(&cut) <= 40);
    }

    #[test]
    fn cut_falls_back_to_a_word_boundary() {
        let text = "eenheel lange zin zonder punt die maar doorgaat en doorgaat";
        let cut = truncate(text, 30);
        assert!(units(&cut) <= 30, "{cut}");
        let kept = cut.strip_suffix(" …").expect("ellipsis");
        assert!(text.starts_with(kept));
        assert!(text[kept.len()..].starts_with(' '), "cut mid-word: {cut}");
    }

    #[test]
    fn one_huge_word_is_cut_at_a_grapheme() {
        let text = "é".repeat(50) + "👍🏽".repeat(50).as_str();
        for max in [1, 2, 10, 51, 52, 53, 60] {
            let cut = truncate(&text, max);
            assert!(units(&cut) <= max, "{max}: {cut}");
            assert!(cut.ends_with('…'));
        }
        // The skin-tone modifier stays with its thumb.
        let cut = truncate(&text, 55);
        let kept = cut.trim_end_matches('…');
        assert!(text.starts_with(kept));
        assert!(!kept.ends_with('👍'));
    }

    #[test]
    fn escape_neutralises_markdown_and_mentions() {
        let raw = "@everyone @here <@123> <@&456> <#789> **vet** _schuin_ ~~weg~~ ||spoiler|| `code` [link](http://x) \\";
        let e = escape(raw);
        assert!(!e.contains("@everyone") && !e.contains("@here"), "{e}");
        assert!(e.contains("@\u{200B}everyone"));
        for bad in [
            "<@123>",
            "<@&456>",
            "<#789>",
            "**vet**",
            "~~weg~~",
            "||spoiler||",
            "`code`",
        ] {
            assert!(!e.contains(bad), "{bad} survived in {e}");
        }
        assert!(e.contains("\\*\\*vet\\*\\*"));
        assert!(e.contains("\\[link\\](http://x)"));
        assert!(e.ends_with("\\\\"));
        // Line starts: quotes, headings, lists.
        let e = escape("> citaat\n# kop\n- punt\n12. twaalf\n-# klein");
        assert_eq!(e, "\\> citaat\n\\# kop\n\\- punt\n12\\. twaalf\n\\-# klein");
        // Hyphens inside a line stay as they are.
        assert_eq!(escape("zorg- en adviesteam"), "zorg- en adviesteam");
    }

    #[test]
    fn plain_is_one_line_without_mentions() {
        let p = plain("  Vraag\nover @everyone\tand <@12>  ");
        assert_eq!(p, "Vraag over @\u{200B}everyone and <\u{200B}@12>");
    }

    #[test]
    fn a_quoted_value_keeps_its_badge_and_quotes_every_line() {
        let quote = "Eerste regel van de passage.\nTweede regel. ".repeat(40);
        let value = quoted_value(&quote, "`geldig` · Almere", 200);
        assert!(units(&value) <= 200, "{value}");
        assert!(value.ends_with("\n`geldig` · Almere"), "{value}");
        let lines: Vec<&str> = value.lines().collect();
        assert!(lines.len() >= 2, "{value}");
        for line in &lines[..lines.len() - 1] {
            assert!(line.starts_with("> "), "{line}");
        }
        assert_eq!(quoted_value("  ", "", 50), "—");
    }

    proptest::proptest! {
        /// Whatever the text and room: the cut fits, keeps a prefix of the text, and ends between
        /// words when the kept part contains a space.
        #[test]
        fn cuts_fit_and_keep_a_prefix(text in "[a-zé👍 .\\n*]{0,300}", max in 0usize..120) {
            let cut = truncate(&text, max);
            proptest::prop_assert!(units(&cut) <= max);
            if units(&text) <= max {
                proptest::prop_assert_eq!(&cut, &text);
            } else if !cut.is_empty() {
                let kept = cut.trim_end_matches('…').trim_end_matches(' ');
                proptest::prop_assert!(text.starts_with(kept), "{:?} is no prefix", kept);
                // Where a space leaves a choice, the cut is between words or after a sentence.
                if kept.trim_start().contains(char::is_whitespace) {
                    proptest::prop_assert!(cut.ends_with(" …"), "mid-word: {:?}", cut);
                }
                if cut.ends_with(" …") {
                    let next = text[kept.len()..].chars().next();
                    proptest::prop_assert!(
                        next.is_none_or(char::is_whitespace)
                            || kept.ends_with(['.', '!', '?', '…', ':', ';']),
                        "mid-word: {:?}", cut
                    );
                }
            }
        }

        /// Escaped text never contains a live mention or unescaped markdown character.
        #[test]
        fn escaped_text_is_inert(text in "[a-z@<>&#*_~|`\\\\ \\n0-9]{0,80}") {
            let e = escape(&text);
            proptest::prop_assert!(!e.contains("@everyone") && !e.contains("@here"));
            let mut escaped = false;
            for c in e.chars() {
                if escaped {
                    escaped = false;
                    continue;
                }
                if c == '\\' {
                    escaped = true;
                    continue;
                }
                proptest::prop_assert!(!"*_~|`<>".contains(c), "bare {:?} in {:?}", c, e);
            }
        }
    }
}
