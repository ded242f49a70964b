//! What every answer keeps to, whatever the question.

use normwijzer::model::Answer;

/// Asserts the invariants of an answer's citations: ranks run 1..n, every quote is a verbatim
/// substring of its passage, and the reply refers to every rank as `[n]`.
pub fn assert_cited(a: &Answer) {
    let text = a.text();
    for (i, c) in a.citations.iter().enumerate() {
        assert_eq!(c.rank, i + 1, "{}: ranks run 1..n", a.question);
        assert!(
            c.text.contains(&c.quote),
            "{}: quote not in passage",
            c.passage
        );
        assert!(
            text.contains(&format!("[{}]", c.rank)),
            "[{}] not referred to:\n{text}",
            c.rank
        );
    }
}
