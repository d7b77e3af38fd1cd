//! The article store: where `fetch --out-dir` and `refresh` keep clean
//! articles, `DIR/<host>/<slug>.{txt|md}` beside `DIR/<host>/<slug>.json`
//! (the metadata). Refresh finds an article again from its URL alone, so the
//! mapping from URL to file names is fixed here, and must be safe on every
//! file system whatever the URL holds, and never give two URLs one file.
//!
//! Naming: a URL whose path is already plain (lower-case ASCII letters,
//! digits, `-`, `.`, `/`, no query) is stored under that path with `/` as
//! `_` (`/news/story-1` -> `news_story-1`). Anything else is made readable
//! (percent-decoded, transliterated to ASCII, lower-cased, cut to length)
//! and gets `-` and 16 hex digits of a hash of the path and query, so that
//! lossy names stay unique. A plain name never ends like a hashed one, so
//! the two kinds cannot meet.

use std::io;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use url::Url;

use crate::article::Article;
use crate::fetch::Fetched;
use crate::format::{render, Format};
use crate::fsutil::write_atomic;

/// The longest slug, in bytes (file systems allow 255; this leaves room
/// for extensions, temp-file decorations and readable listings).
pub const MAX_SLUG_BYTES: usize = 120;

/// Hex digits of the hash in a lossy slug (64 bits: no collision in
/// practice even for millions of URLs under one host).
const HASH_HEX: usize = 16;

/// Names Windows refuses for a file, with any extension.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why the store could not read or write an article.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A file or folder could not be written or read.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: io::Error,
    },
    /// A metadata file that is not valid JSON of the expected shape.
    #[error("{path}: bad metadata: {source}")]
    BadMeta {
        /// The `.json` file.
        path: PathBuf,
        /// What the parser said.
        source: serde_json::Error,
    },
}

/// The metadata saved beside each article (`<slug>.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredMeta {
    /// The URL asked for; the store files the article under it.
    pub url: String,
    /// Where the page came from after rewrites and redirects.
    pub final_url: String,
    /// Headline.
    pub title: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Publication date as the page states it.
    pub published: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// When it was fetched, RFC 3339 UTC.
    pub fetched_at: String,
    /// HTTP status of the final response.
    pub status: u16,
    /// `ETag`, for conditional refreshes.
    pub etag: Option<String>,
    /// `Last-Modified`, for conditional refreshes.
    pub last_modified: Option<String>,
    /// [`content_hash`] of the clean text: tells a changed article from a
    /// page that only changed its markup.
    pub content_hash: String,
    /// The rule files that applied.
    pub rules: Vec<String>,
    /// The format of the article file (`txt`, `md`, or `json` when the
    /// text is in this file).
    pub format: String,
    /// The clean text, only with `--format json` (there is no separate
    /// article file then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl StoredMeta {
    /// The metadata of `article`, extracted from `fetched`, saved as `format`.
    pub fn new(fetched: &Fetched, article: &Article, format: Format) -> Self {
        let text = render(article, Format::Txt);
        StoredMeta {
            url: fetched.url.to_string(),
            final_url: fetched.final_url.to_string(),
            title: article.title.clone(),
            author: article.author.clone(),
            published: article.published.clone(),
            language: article.language.clone(),
            fetched_at: fetched.fetched_at.clone(),
            status: fetched.status,
            etag: fetched.etag.clone(),
            last_modified: fetched.last_modified.clone(),
            content_hash: content_hash(&text),
            rules: article.rules.clone(),
            format: format.extension().to_string(),
            text: (format == Format::Json).then_some(text),
        }
    }
}

/// Where one URL's files live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorePaths {
    /// `DIR/<host>`.
    pub dir: PathBuf,
    /// `DIR/<host>/<slug>.txt` or `.md`; `None` for `json`, whose text is in
    /// the metadata file.
    pub text: Option<PathBuf>,
    /// `DIR/<host>/<slug>.json`.
    pub meta: PathBuf,
}

/// A folder of stored articles.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// The store in `root` (created on first save).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Store { root: root.into() }
    }

    /// The store's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `url`'s article and metadata go when saved as `format`.
    pub fn paths(&self, url: &Url, format: Format) -> StorePaths {
        let dir = self.root.join(host_dir(url));
        let slug = slug(url);
        let text = (format != Format::Json).then(|| dir.join(format!("{slug}.{format}")));
        StorePaths {
            meta: dir.join(format!("{slug}.json")),
            text,
            dir,
        }
    }

    /// Saves `article` and `meta` under `url`, each file atomically; the
    /// metadata goes last, so its presence means the article is complete.
    pub fn save(
        &self,
        url: &Url,
        article: &Article,
        meta: &StoredMeta,
        format: Format,
    ) -> Result<StorePaths, StoreError> {
        let paths = self.paths(url, format);
        std::fs::create_dir_all(&paths.dir).map_err(|source| StoreError::Io {
            path: paths.dir.clone(),
            source,
        })?;
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { path, source }
        };
        if let Some(text) = &paths.text {
            write_atomic(text, render(article, format).as_bytes()).map_err(io(text))?;
        }
        let mut json =
            serde_json::to_string_pretty(meta).map_err(|source| StoreError::BadMeta {
                path: paths.meta.clone(),
                source,
            })?;
        json.push('\n');
        write_atomic(&paths.meta, json.as_bytes()).map_err(io(&paths.meta))?;
        Ok(paths)
    }

    /// The metadata stored for `url`, or `None` when it was never saved.
    pub fn load_meta(&self, url: &Url) -> Result<Option<StoredMeta>, StoreError> {
        let path = self.paths(url, Format::Txt).meta;
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StoreError::Io { path, source }),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|source| StoreError::BadMeta { path, source })
    }
}

/// FNV-1a, 64 bits: tiny, fast and fixed forever, which is what a hash kept
/// in files across versions needs (it is not a defence against attackers).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The stored form of a text's hash: `fnv1a64:` and 16 hex digits.
pub fn content_hash(text: &str) -> String {
    format!("fnv1a64:{:016x}", fnv1a64(text.as_bytes()))
}

/// The folder name for `url`'s host: the ASCII (punycode) host, lower-case,
/// with `_<port>` when the port is not the scheme's default.
pub fn host_dir(url: &Url) -> String {
    let host = match url.host() {
        // `[::1]` -> `ipv6---1`: brackets and colons are not portable.
        Some(url::Host::Ipv6(ip)) => format!("ipv6-{ip}"),
        _ => url.host_str().unwrap_or_default().to_ascii_lowercase(),
    };
    let mut name: String = host
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '.' | '-' => c,
            _ => '-',
        })
        .collect();
    name = name.trim_matches(|c| c == '.' || c == '-').to_string();
    if name.is_empty() || is_reserved(&name) {
        name.insert(0, '_');
    }
    if let Some(port) = url.port() {
        name.push_str(&format!("_{port}"));
    }
    name
}

/// The file name stem for `url` within its host folder; see the module
/// docs. Depends only on the path and query: the same article over http and
/// https is one file, and the fragment is ignored.
pub fn slug(url: &Url) -> String {
    let path = url.path();
    let query = url.query();
    if let Some(plain) = plain_slug(path, query) {
        return plain;
    }
    let key = match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };
    let mut readable = readable(&key, MAX_SLUG_BYTES - HASH_HEX - 2);
    if is_reserved(&readable) {
        // `con.txt-<hash>` is still a device name to Windows.
        readable.insert(0, '_');
    }
    format!(
        "{readable}-{:0width$x}",
        fnv1a64(key.as_bytes()),
        width = HASH_HEX
    )
}

/// The slug of a path that needs no change beyond `/` -> `_`, if it is one:
/// then the mapping is one-to-one and no hash is needed.
fn plain_slug(path: &str, query: Option<&str>) -> Option<String> {
    if query.is_some() {
        return None;
    }
    let raw = path.strip_prefix('/')?;
    let plain = !raw.is_empty()
        && raw.len() <= MAX_SLUG_BYTES
        && raw
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'/'))
        && !raw.contains("..")
        && raw
            .split('/')
            .all(|seg| !seg.is_empty() && !seg.starts_with('.') && !seg.ends_with('.'));
    let slug = raw.replace('/', "_");
    (plain && !is_reserved(&slug) && !looks_hashed(&slug)).then_some(slug)
}

/// A Windows device name, alone or with an extension (`con`, `nul.txt`).
fn is_reserved(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or(name);
    WINDOWS_RESERVED.contains(&base.to_ascii_lowercase().as_str())
}

/// Ends like a hashed slug: `-` and 16 hex digits.
fn looks_hashed(slug: &str) -> bool {
    let bytes = slug.as_bytes();
    bytes.len() > HASH_HEX
        && bytes[bytes.len() - HASH_HEX - 1] == b'-'
        && bytes[bytes.len() - HASH_HEX..]
            .iter()
            .all(|b| b.is_ascii_hexdigit())
}

/// A readable ASCII rendering of a path and query of at most `max` bytes:
/// percent-decoded, transliterated, lower-case, separators as `_`, anything
/// else as `-`, runs collapsed, no leading or trailing punctuation.
fn readable(key: &str, max: usize) -> String {
    let decoded = percent_decode_str(key).decode_utf8_lossy();
    let ascii = deunicode::deunicode(&decoded);
    let mut out = String::with_capacity(ascii.len().min(max));
    for c in ascii.chars() {
        let c = match c {
            'a'..='z' | '0'..='9' | '.' | '_' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            '/' | '\\' => '_',
            _ => '-',
        };
        let last = out.chars().last();
        let punct = |c: char| matches!(c, '.' | '-' | '_');
        match last {
            // Collapsing runs of punctuation also rules out `..`.
            Some(l) if punct(l) && punct(c) => {
                if c == '_' || (c == '.' && l == '-') {
                    out.pop();
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
        if out.len() >= max {
            break;
        }
    }
    out.truncate(max);
    let trimmed = out.trim_matches(|c| matches!(c, '.' | '-' | '_'));
    if trimmed.is_empty() {
        "index".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug_of(s: &str) -> String {
        slug(&Url::parse(s).unwrap())
    }

    fn assert_safe(slug: &str) {
        assert!(!slug.is_empty() && slug.len() <= MAX_SLUG_BYTES, "{slug}");
        assert!(!slug.contains(".."), "{slug}");
        assert!(!slug.starts_with('.') && !slug.starts_with('-'), "{slug}");
        assert!(
            slug.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b)),
            "{slug}"
        );
        assert!(!is_reserved(slug), "{slug}");
    }

    #[test]
    fn plain_paths_stay_readable_without_hash() {
        assert_eq!(slug_of("https://a.test/news/story-123"), "news_story-123");
        assert_eq!(slug_of("https://a.test/2024/05/x.html"), "2024_05_x.html");
    }

    #[test]
    fn dot_dot_and_encoded_separators_are_neutralised() {
        for u in [
            "https://a.test/a/../../etc/passwd",
            "https://a.test/%2E%2E/%2e%2e/x",
            "https://a.test/a%2Fb%5Cc",
            "https://a.test/..%2F..%2Fsecret",
            "https://a.test/x%00y%0Az",
            "https://a.test/c:/windows",
            "https://a.test/",
            "https://a.test/...",
            "https://a.test/con",
            "https://a.test/CON.txt",
            "https://a.test/nul",
        ] {
            let s = slug_of(u);
            assert_safe(&s);
            assert!(!s.contains('/') && !s.contains('\\') && !s.contains(':'));
        }
        assert!(slug_of("https://a.test/con").starts_with("_con-"));
    }

    #[test]
    fn unicode_is_transliterated() {
        let s = slug_of("https://a.test/nachrichten/%C3%BCber-stra%C3%9Fe");
        assert_safe(&s);
        assert!(s.starts_with("nachrichten_uber-strasse-"), "{s}");
        let s = slug_of("https://a.test/新闻/文章");
        assert_safe(&s);
    }

    #[test]
    fn long_queries_are_bounded_and_still_distinct() {
        let long = "x".repeat(2000);
        let a = slug_of(&format!("https://a.test/search?q={long}&page=1"));
        let b = slug_of(&format!("https://a.test/search?q={long}&page=2"));
        assert_safe(&a);
        assert_safe(&b);
        assert_ne!(a, b);
        assert!(a.starts_with("search-q-xxx"), "{a}");
    }

    #[test]
    fn near_identical_urls_never_share_a_slug() {
        let urls = [
            "https://a.test/a/b",
            "https://a.test/a_b",
            "https://a.test/a-b",
            "https://a.test/A/b",
            "https://a.test/a/b/",
            "https://a.test/a//b",
            "https://a.test/a/b?",
            "https://a.test/a/b?x",
            "https://a.test/a/b?X",
            "https://a.test/a%2Fb",
            "https://a.test/a.b",
            "https://a.test/a..b",
            "https://a.test/",
            "https://a.test/index",
            "https://a.test/%C3%BC",
            "https://a.test/u",
        ];
        let mut slugs: Vec<String> = urls.iter().map(|u| slug_of(u)).collect();
        slugs.iter().for_each(|s| assert_safe(s));
        // Case-insensitive file systems: compare lower-cased.
        slugs.iter_mut().for_each(|s| s.make_ascii_lowercase());
        let mut unique = slugs.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), slugs.len(), "{slugs:#?}");
    }

    #[test]
    fn a_plain_path_cannot_pose_as_a_hashed_one() {
        let hashed = slug_of("https://a.test/A");
        let mimic = slug_of(&format!("https://a.test/{hashed}"));
        assert_ne!(hashed, mimic);
    }

    #[test]
    fn scheme_and_fragment_do_not_change_the_slug() {
        assert_eq!(
            slug_of("http://a.test/x?y=1#top"),
            slug_of("https://a.test/x?y=1")
        );
    }

    #[test]
    fn host_folders_are_ascii_and_keep_ports() {
        let h = |s: &str| host_dir(&Url::parse(s).unwrap());
        assert_eq!(h("https://WWW.Example.com/x"), "www.example.com");
        assert_eq!(h("https://bücher.example/x"), "xn--bcher-kva.example");
        assert_eq!(h("http://127.0.0.1:8080/x"), "127.0.0.1_8080");
        assert_eq!(h("http://[::1]:81/"), "ipv6---1_81");
        assert_eq!(h("https://a.test:443/"), "a.test");
    }

    #[test]
    fn fnv_matches_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn save_then_load_meta_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let url = Url::parse("https://a.test/news/one").unwrap();
        let meta = StoredMeta {
            url: url.to_string(),
            final_url: url.to_string(),
            title: Some("T".into()),
            author: None,
            published: None,
            language: None,
            fetched_at: "2026-01-01T00:00:00Z".into(),
            status: 200,
            etag: Some("\"e\"".into()),
            last_modified: None,
            content_hash: content_hash(""),
            rules: vec![],
            format: "txt".into(),
            text: None,
        };
        assert_eq!(store.load_meta(&url).unwrap(), None);
        let paths = store
            .save(&url, &Article::default(), &meta, Format::Txt)
            .unwrap();
        assert_eq!(paths.meta, dir.path().join("a.test/news_one.json"));
        assert!(paths.text.as_ref().unwrap().exists());
        assert_eq!(store.load_meta(&url).unwrap(), Some(meta));
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(&paths.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
