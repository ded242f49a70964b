//! Who sent a request: the keys, the signature checks over the raw body and the replay guard.
//!
//! Nothing here parses a body; a handler reads the body only after these checks passed, so a
//! forged request costs a hash and nothing else.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
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

/// How far a Discord signature timestamp may lie from the server's clock. A signature is
/// remembered until its timestamp plus this window, the last moment it would be accepted.
pub const SIGNATURE_WINDOW: Duration = Duration::from_secs(5 * 60);

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
/// lies within [`SIGNATURE_WINDOW`] of `now` (Unix seconds). Returns the signature and its
/// timestamp.
pub(super) fn verify_discord(
    key: &VerifyingKey,
    headers: &HeaderMap,
    body: &[u8],
    now: i64,
) -> Result<(Signature, i64), RequestError> {
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
    Ok((signature, seconds))
}

/// Verified signatures, each remembered until the end of the window in which it would be
/// accepted again, to refuse a request sent twice.
///
/// Memory is bounded, but a signature is never forgotten while it could still be replayed:
/// only entries whose window has passed are dropped, and when the memory is full of live ones
/// a new request is refused ([`Remember::Full`], 503) instead. An attacker cannot flush the
/// memory with a flood of other requests: they would be refused, not the replay let in.
pub(super) struct ReplayGuard {
    capacity: usize,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    /// Tag → until when it is remembered.
    until: HashMap<Vec<u8>, Instant>,
    /// The same, soonest expiry first, to drop expired tags without a scan.
    expiry: BinaryHeap<Reverse<(Instant, Vec<u8>)>>,
}

/// What [`ReplayGuard::remember`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Remember {
    /// First time: go on.
    First,
    /// Seen within its window: a replay.
    Replayed,
    /// The memory is full of tags still inside their window: refuse for now.
    Full,
}

impl ReplayGuard {
    /// A guard remembering at most `capacity` tags at once.
    pub(super) fn new(capacity: usize) -> ReplayGuard {
        ReplayGuard {
            capacity: capacity.max(1),
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Records `tag` as seen until `until` (the end of its acceptance window).
    pub(super) fn remember(&self, tag: &[u8], until: Instant) -> Remember {
        self.remember_at(tag, until, Instant::now())
    }

    fn remember_at(&self, tag: &[u8], until: Instant, now: Instant) -> Remember {
        // A poisoned lock only means another request panicked; the set is still usable.
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        while let Some(Reverse((at, _))) = seen.expiry.peek() {
            if *at > now {
                break;
            }
            if let Some(Reverse((at, old))) = seen.expiry.pop()
                && seen.until.get(&old) == Some(&at)
            {
                seen.until.remove(&old);
            }
        }
        if seen.until.contains_key(tag) {
            return Remember::Replayed;
        }
        if seen.until.len() >= self.capacity {
            return Remember::Full;
        }
        seen.until.insert(tag.to_vec(), until);
        seen.expiry.push(Reverse((until, tag.to_vec())));
        Remember::First
    }

    /// Tags remembered now (for tests and metrics).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .until
            .len()
    }
}

/// Until when a Discord signature with `timestamp` must be remembered, seen at `now` (both Unix
/// seconds): the end of its acceptance window, `timestamp + SIGNATURE_WINDOW`, with a second to
/// spare for rounding. A timestamp in the future is accepted until later, so it is remembered
/// longer.
pub(super) fn discord_until(timestamp: i64, now: i64, at: Instant) -> Instant {
    let window = i64::try_from(SIGNATURE_WINDOW.as_secs()).unwrap_or(i64::MAX);
    let left = timestamp.saturating_add(window).saturating_sub(now).max(0);
    at + Duration::from_secs(u64::try_from(left).unwrap_or(0) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose;
    use ed25519_dalek::{Signer, SigningKey};

    #[test]
    fn replay_guard_refuses_repeats_and_refuses_rather_than_forgets_when_full() {
        let now = Instant::now();
        let later = now + Duration::from_secs(300);
        let g = ReplayGuard::new(3);
        assert_eq!(g.remember_at(b"a", later, now), Remember::First);
        assert_eq!(g.remember_at(b"a", later, now), Remember::Replayed);
        assert_eq!(g.remember_at(b"b", later, now), Remember::First);
        assert_eq!(g.remember_at(b"c", later, now), Remember::First);
        // Full of live tags: a new one is refused, and "a" is still known.
        assert_eq!(g.remember_at(b"d", later, now), Remember::Full);
        for _ in 0..20_000 {
            assert_eq!(g.remember_at(b"e", later, now), Remember::Full);
        }
        assert_eq!(g.remember_at(b"a", later, now), Remember::Replayed);
        assert_eq!(g.len(), 3);
        // Once the window has passed, room is made.
        let after = later + Duration::from_secs(1);
        assert_eq!(
            g.remember_at(b"d", after + Duration::from_secs(9), after),
            Remember::First
        );
        assert_eq!(g.len(), 1);
        assert_eq!(g.remember_at(b"a", after, after), Remember::First);
    }

    #[test]
    fn each_tag_is_remembered_until_its_own_window_ends() {
        let now = Instant::now();
        let g = ReplayGuard::new(10);
        let s = |n| now + Duration::from_secs(n);
        assert_eq!(g.remember_at(b"kort", s(10), now), Remember::First);
        assert_eq!(g.remember_at(b"lang", s(600), now), Remember::First);
        assert_eq!(g.remember_at(b"kort", s(20), s(11)), Remember::First);
        assert_eq!(g.remember_at(b"lang", s(700), s(599)), Remember::Replayed);
        assert_eq!(g.remember_at(b"lang", s(700), s(600)), Remember::First);
    }

    #[test]
    fn a_discord_signature_is_remembered_until_timestamp_plus_window() {
        let at = Instant::now();
        // Signed 290 s in the future: accepted until now + 590 s, so remembered that long.
        let until = discord_until(1_000_290, 1_000_000, at);
        assert!(until >= at + Duration::from_secs(590), "{:?}", until - at);
        assert!(until <= at + Duration::from_secs(592));
        // Signed 299 s ago: one second left (and one to spare).
        assert_eq!(
            discord_until(999_701, 1_000_000, at) - at,
            Duration::from_secs(2)
        );
        assert_eq!(discord_until(0, 1_000_000, at) - at, Duration::from_secs(1));
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
        assert_eq!(
            verify_discord(&vk, &h, body, 1_700_000_010).unwrap().1,
            1_700_000_000
        );
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
