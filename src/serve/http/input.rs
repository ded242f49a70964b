//! Reading a verified body.

use serde_json::Value;

use super::error::RequestError;

/// A JSON body: empty and malformed bodies are refused in Dutch.
pub(super) fn parse_json(body: &[u8]) -> Result<Value, RequestError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(RequestError::Empty);
    }
    serde_json::from_slice(body).map_err(|_| RequestError::NotJson)
}
