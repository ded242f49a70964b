//! Who sent a request: the keys, the signature checks over the raw body and the replay guard.
//!
//! Nothing here parses a body; a handler reads the body only after these checks passed, so a
//! forged request costs a hash and nothing else.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, header};
use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use ed25519_dalek::{Signature, VerifyingKey};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::error::RequestError;

/// How far a Discord signature timestamp may lie from the server's clock, and how long
/// signatures are remembered to refuse replays.
pub const SIGNATURE_WINDOW: Duration = Duration::from_secs(5 * 60);

/// Signatures remembered at most per endpoint; the oldest are forgotten first.
pub(super) const REPLAY_MEMORY: usize = 20_000;

/// Base64 as Teams writes it, also accepted without padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A secret from the environment that cannot be used. Messages are Dutch.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// `TEAMS_HMAC_SECRET` is not base64.
    #[error(
        "TEAMS_HMAC_SECRET is geen geldig beveiligingstoken: kopieer het token precies zoals Teams het toont bij het maken van de uitgaande webhook (base64)"
    )]
    TeamsToken,
    /// `DISCORD_PUBLIC_KEY` is not a 32-byte hex Ed25519 key.
    #[error(
        "DISCORD_PUBLIC_KEY is geen geldige openbare sleutel: verwacht 64 hexadecimale tekens, de Public Key op de pagina van de Discord-applicatie"
    )]
    DiscordKey,
}

/// The keys that verify incoming requests. An endpoint without its key is disabled.
#[derive(Clone, Default)]
pub struct Secrets {
    teams: Option<Arc<[u8]>>,
    discord: Option<VerifyingKey>,
}

impl fmt::Debug for Secrets {
    /// Shows which endpoints are enabled, never the keys.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secrets")
            .field("teams", &self.teams.as_ref().map(|_| "<geheim>"))
            .field("discord", &self.discord.as_ref().map(|_| "<ingesteld>"))
            .finish()
    }
}

impl Secrets {
    /// Keys from their textual form: the Teams security token (base64, as Teams shows it) and
    /// the Discord application public key (hex). `None` or blank disables the endpoint.
    pub fn new(
        teams_token: Option<&str>,
        discord_public_key: Option<&str>,
    ) -> Result<Secrets, SecretError> {
        let teams = match teams_token.map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => {
                let key = BASE64.decode(t).map_err(|_| SecretError::TeamsToken)?;
                if key.is_empty() {
                    return Err(SecretError::TeamsToken);
                }
                Some(Arc::from(key))
            }
        };
        let discord = match discord_public_key.map(str::trim).filter(|k| !k.is_empty()) {
            None => None,
            Some(k) => {
                let bytes: [u8; 32] = hex::decode(k)
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .ok_or(SecretError::DiscordKey)?;
                Some(VerifyingKey::from_bytes(&bytes).map_err(|_| SecretError::DiscordKey)?)
            }
        };
        Ok(Secrets { teams, discord })
    }

    /// Keys from `TEAMS_HMAC_SECRET` and `DISCORD_PUBLIC_KEY`.
    pub fn from_env() -> Result<Secrets, SecretError> {
        let var = |name: &str, err: SecretError| match std::env::var(name) {
            Ok(v) => Ok(Some(v)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(err),
        };
        let teams = var("TEAMS_HMAC_SECRET", SecretError::TeamsToken)?;
        let discord = var("DISCORD_PUBLIC_KEY", SecretError::DiscordKey)?;
        Secrets::new(teams.as_deref(), discord.as_deref())
    }

    /// Whether `POST /teams` is served.
    pub fn teams_enabled(&self) -> bool {
        self.teams.is_some()
    }

    /// Whether `POST /discord/interactions` is served.
    pub fn discord_enabled(&self) -> bool {
        self.discord.is_some()
    }

    /// The raw Teams security token (the HMAC key), if set.
    pub(super) fn teams_key(&self) -> Option<&[u8]> {
        self.teams.as_deref()
    }

    /// The Discord application's public key, if set.
    pub(super) fn discord_key(&self) -> Option<VerifyingKey> {
        self.discord
    }
}

/// Checks `Authorization: HMAC <base64>` against the HMAC-SHA256 of the raw body in constant
/// time. Returns the verified tag, the key for replay detection.
pub(super) fn verify_teams(
    key: &[u8],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<u8>, RequestError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or(RequestError::Unsigned)?
        .to_str()
        .map_err(|_| RequestError::BadSignature)?;
    let (scheme, tag) = value
        .trim()
        .split_once(' ')
        .ok_or(RequestError::BadSignature)?;
    if !scheme.eq_ignore_ascii_case("HMAC") {
        return Err(RequestError::BadSignature);
    }
    let tag = BASE64
        .decode(tag.trim())
        .map_err(|_| RequestError::BadSignature)?;
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).map_err(|_| RequestError::Internal)?;
    mac.update(body);
    // verify_slice compares in constant time and refuses tags of the wrong length.
    mac.verify_slice(&tag)
        .map_err(|_| RequestError::BadSignature)?;
    Ok(tag)
}

/// Checks `X-Signature-Ed25519` over `X-Signature-Timestamp` + raw body, and that the timestamp
/// lies within [`SIGNATURE_WINDOW`] of `now` (Unix seconds).
pub(super) fn verify_discord(
    key: &VerifyingKey,
    headers: &HeaderMap,
    body: &[u8],
    now: i64,
) -> Result<Signature, RequestError> {
    let header_str = |name: &str| -> Result<&str, RequestError> {
        headers
            .get(name)
            .ok_or(RequestError::Unsigned)?
            .to_str()
            .map_err(|_| RequestError::BadSignature)
    };
    let signature = header_str("x-signature-ed25519")?;
    let timestamp = header_str("x-signature-timestamp")?;
    let seconds: i64 = timestamp.parse().map_err(|_| RequestError::BadSignature)?;
    if now.abs_diff(seconds) >= SIGNATURE_WINDOW.as_secs() {
        return Err(RequestError::Stale);
    }
    let signature = hex::decode(signature)
        .ok()
        .and_then(|b| Signature::from_slice(&b).ok())
        .ok_or(RequestError::BadSignature)?;
    let mut message = Vec::with_capacity(timestamp.len() + body.len());
    message.extend_from_slice(timestamp.as_bytes());
    message.extend_from_slice(body);
    key.verify_strict(&message, &signature)
        .map_err(|_| RequestError::BadSignature)?;
    Ok(signature)
}

/// Verified signatures of the last [`SIGNATURE_WINDOW`], to refuse a request sent twice.
/// Memory is bounded: beyond `capacity` the oldest are forgotten.
pub(super) struct ReplayGuard {
    window: Duration,
    capacity: usize,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    tags: HashSet<Vec<u8>>,
    order: VecDeque<(Instant, Vec<u8>)>,
}

impl ReplayGuard {
    /// A guard remembering at most `capacity` tags for `window` each.
    pub(super) fn new(window: Duration, capacity: usize) -> ReplayGuard {
        ReplayGuard {
            window,
            capacity,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Records `tag`; false if it was already seen within the window.
    pub(super) fn first_time(&self, tag: &[u8]) -> bool {
        let now = Instant::now();
        // A poisoned lock only means another request panicked; the set is still usable.
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        while let Some((at, _)) = seen.order.front() {
            if now.duration_since(*at) < self.window && seen.order.len() < self.capacity {
                break;
            }
            if let Some((_, old)) = seen.order.pop_front() {
                seen.tags.remove(&old);
            }
        }
        if !seen.tags.insert(tag.to_vec()) {
            return false;
        }
        seen.order.push_back((now, tag.to_vec()));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose;
    use ed25519_dalek::{Signer, SigningKey};

    #[test]
    fn replay_guard_refuses_repeats_and_stays_bounded() {
        let g = ReplayGuard::new(Duration::from_secs(300), 3);
        assert!(g.first_time(b"a"));
        assert!(!g.first_time(b"a"));
        assert!(g.first_time(b"b"));
        assert!(g.first_time(b"c"));
        assert!(g.first_time(b"d"));
        let seen = g.seen.lock().unwrap();
        assert_eq!(seen.order.len(), 3);
        assert!(!seen.tags.contains(b"a".as_slice()));
    }

    #[test]
    fn replay_guard_forgets_after_window() {
        let g = ReplayGuard::new(Duration::ZERO, 10);
        assert!(g.first_time(b"a"));
        assert!(g.first_time(b"a"));
    }

    #[test]
    fn teams_signature_is_checked() {
        let key = b"sleutel";
        let body = br#"{"text":"hoi"}"#;
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
        mac.update(body);
        let tag = general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            format!("HMAC {tag}").parse().unwrap(),
        );
        assert!(verify_teams(key, &h, body).is_ok());
        assert!(matches!(
            verify_teams(key, &h, br#"{"text":"hoi!"}"#),
            Err(RequestError::BadSignature)
        ));
        assert!(matches!(
            verify_teams(b"ander", &h, body),
            Err(RequestError::BadSignature)
        ));
        h.insert(header::AUTHORIZATION, "HMAC".parse().unwrap());
        assert!(verify_teams(key, &h, body).is_err());
        h.insert(header::AUTHORIZATION, "HMAC AAAA".parse().unwrap());
        assert!(verify_teams(key, &h, body).is_err());
        h.remove(header::AUTHORIZATION);
        assert!(matches!(
            verify_teams(key, &h, body),
            Err(RequestError::Unsigned)
        ));
    }

    #[test]
    fn discord_signature_and_window_are_checked() {
        let sk = SigningKey::from_bytes(&[7; 32]);
        let body = br#"{"type":1}"#;
        let ts = "1700000000";
        let sig = sk.sign(&[ts.as_bytes(), body].concat());
        let mut h = HeaderMap::new();
        h.insert(
            "x-signature-ed25519",
            hex::encode(sig.to_bytes()).parse().unwrap(),
        );
        h.insert("x-signature-timestamp", ts.parse().unwrap());
        let vk = sk.verifying_key();
        assert!(verify_discord(&vk, &h, body, 1_700_000_010).is_ok());
        assert!(matches!(
            verify_discord(&vk, &h, body, 1_700_000_300),
            Err(RequestError::Stale)
        ));
        assert!(matches!(
            verify_discord(&vk, &h, body, 1_699_999_700),
            Err(RequestError::Stale)
        ));
        assert!(matches!(
            verify_discord(&vk, &h, br#"{"type":2}"#, 1_700_000_010),
            Err(RequestError::BadSignature)
        ));
    }

    #[test]
    fn secrets_are_validated_and_never_printed() {
        assert!(Secrets::new(Some("niet base64!"), None).is_err());
        assert!(Secrets::new(None, Some("abcd")).is_err());
        let s = Secrets::new(
            Some("vqF0En+Z0ucuRTM/01o2GuhMH3hKKk/N2bOmlM31zaA="),
            Some(&hex::encode(
                SigningKey::from_bytes(&[7; 32]).verifying_key().to_bytes(),
            )),
        )
        .unwrap();
        assert!(s.teams_enabled() && s.discord_enabled());
        let shown = format!("{s:?}");
        assert!(!shown.contains("vqF0"), "{shown}");
        let none = Secrets::new(Some("  "), Some("")).unwrap();
        assert!(!none.teams_enabled() && !none.discord_enabled());
    }
}
