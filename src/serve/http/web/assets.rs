//! The page's static files, embedded in the binary: htmx (vendored, see `assets/NOTICE`),
//! our stylesheet and our script. Each URL carries a hash of the file's content, so the
//! files can be cached for a year and a new build is fetched at once.

use std::sync::OnceLock;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// One embedded file.
pub(super) struct Asset {
    /// Path without the version query.
    pub(super) path: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
    url: OnceLock<String>,
}

impl Asset {
    /// The URL to link: the path with `?v=` and the first hex digits of the content hash.
    pub(super) fn url(&self) -> &str {
        self.url.get_or_init(|| {
            let hash = blake3::hash(self.bytes).to_hex();
            format!("{}?v={}", self.path, &hash.as_str()[..12])
        })
    }

    /// The file with its type and a year's cache.
    pub(super) fn response(&self) -> Response {
        (
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(self.content_type),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            self.bytes,
        )
            .into_response()
    }
}

/// htmx 2.0.11 from npm (`htmx.org`, `dist/htmx.min.js`), Zero-Clause BSD licence.
pub(super) static HTMX: Asset = Asset {
    path: "/assets/htmx-2.0.11.min.js",
    content_type: "text/javascript; charset=utf-8",
    bytes: include_bytes!("../../../../assets/htmx-2.0.11.min.js"),
    url: OnceLock::new(),
};

/// The page's stylesheet.
pub(super) static CSS: Asset = Asset {
    path: "/assets/web.css",
    content_type: "text/css; charset=utf-8",
    bytes: include_bytes!("../../../../assets/web.css"),
    url: OnceLock::new(),
};

/// The page's own script: "kopieer citaat", Enter to send, focus and scrolling.
pub(super) static JS: Asset = Asset {
    path: "/assets/web.js",
    content_type: "text/javascript; charset=utf-8",
    bytes: include_bytes!("../../../../assets/web.js"),
    url: OnceLock::new(),
};

/// Every asset, for the router.
pub(super) static ALL: [&Asset; 3] = [&HTMX, &CSS, &JS];
