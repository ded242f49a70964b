//! Per-address rate limiting for the endpoints anyone may call (`/api/ask`): a token bucket
//! per client IP, in a table of bounded size.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Addresses tracked at most; beyond this, addresses whose bucket has refilled are dropped,
/// and if none has, new addresses share one bucket.
const MAX_ADDRESSES: usize = 10_000;

/// A rate: `per_minute` requests on average, `burst` at once.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    /// Requests per minute per address, on average.
    pub per_minute: u32,
    /// Requests an address may send at once.
    pub burst: u32,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets by client address.
pub(super) struct RateLimiter {
    rate: Rate,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
    overflow: Mutex<Option<Bucket>>,
}

impl RateLimiter {
    /// A limiter allowing `rate` per address.
    pub(super) fn new(rate: Rate) -> RateLimiter {
        RateLimiter {
            rate: Rate {
                per_minute: rate.per_minute.max(1),
                burst: rate.burst.max(1),
            },
            buckets: Mutex::new(HashMap::new()),
            overflow: Mutex::new(None),
        }
    }

    /// Takes one request from `ip`'s bucket; `Err(wait)` when it is empty, with the time
    /// until the next request is allowed.
    pub(super) fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.check_at(ip, Instant::now())
    }

    fn per_second(&self) -> f64 {
        f64::from(self.rate.per_minute) / 60.0
    }

    fn take(&self, bucket: &mut Bucket, now: Instant) -> Result<(), Duration> {
        let burst = f64::from(self.rate.burst);
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second()).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / self.per_second();
            Err(Duration::from_secs_f64(wait.max(0.001)))
        }
    }

    fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let full = Bucket {
            tokens: f64::from(self.rate.burst),
            at: now,
        };
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if !buckets.contains_key(&ip) && buckets.len() >= MAX_ADDRESSES {
            let refill = Duration::from_secs_f64(f64::from(self.rate.burst) / self.per_second());
            buckets.retain(|_, b| now.saturating_duration_since(b.at) < refill);
            if buckets.len() >= MAX_ADDRESSES {
                drop(buckets);
                let mut overflow = self.overflow.lock().unwrap_or_else(|e| e.into_inner());
                let bucket = overflow.get_or_insert(full);
                return self.take(bucket, now);
            }
        }
        let bucket = buckets.entry(ip).or_insert(full);
        self.take(bucket, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_average_rate_per_address() {
        let l = RateLimiter::new(Rate {
            per_minute: 60,
            burst: 3,
        });
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let t = Instant::now();
        for _ in 0..3 {
            assert!(l.check_at(a, t).is_ok());
        }
        let wait = l.check_at(a, t).unwrap_err();
        assert!(
            wait <= Duration::from_secs(1) && wait > Duration::ZERO,
            "{wait:?}"
        );
        assert!(
            l.check_at(b, t).is_ok(),
            "another address has its own bucket"
        );
        assert!(l.check_at(a, t + Duration::from_millis(1001)).is_ok());
        assert!(l.check_at(a, t + Duration::from_millis(1002)).is_err());
    }

    #[test]
    fn the_table_stays_bounded() {
        let l = RateLimiter::new(Rate {
            per_minute: 1,
            burst: 1,
        });
        let t = Instant::now();
        for i in 0..(MAX_ADDRESSES as u32 + 10) {
            let ip = IpAddr::from(std::net::Ipv4Addr::from(i));
            let _ = l.check_at(ip, t);
        }
        assert!(l.buckets.lock().unwrap().len() <= MAX_ADDRESSES);
    }
}
