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
//!
//! Nothing lost, nothing surprising: one article is kept in one format
//! (saving another removes the old format's file); its two files are
//! written in an order that lets [`Store::repair`] finish or undo a save a
//! killed process left half done; and what may replace a stored article is
//! decided here too ([`check_not_empty`], [`check_shrinkage`]), so `fetch
//! --out-dir` and `refresh` never save a block page over an article. No
//! stored field holds a URL's credentials.

use std::io;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use url::Url;

use crate::article::{Article, Pages};
use crate::fetch::{redact, Fetched};
use crate::format::{render, Format};
use crate::fsutil::{is_abandoned, Staged, TempName};

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
    /// The pages the text was joined from, and whether it is partial.
    #[serde(flatten)]
    pub pages: Pages,
}

impl StoredMeta {
    /// The metadata of `article`, extracted from `fetched`, saved as `format`.
    pub fn new(fetched: &Fetched, article: &Article, format: Format) -> Self {
        let text = render(article, Format::Txt);
        StoredMeta {
            url: redact(&fetched.url),
            final_url: redact(&fetched.final_url),
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
            pages: article.pages.clone(),
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

    /// Saves `article` and `meta` under `url`, each file atomically, and
    /// removes the article's files in the other formats, so the store never
    /// holds two versions of one article that disagree.
    ///
    /// The order makes every interruption recoverable by [`Store::repair`]:
    /// the article is written to its temporary file first, then the
    /// metadata to its own; the article is renamed into place, files of
    /// other formats removed, and the metadata renamed last. So a whole
    /// metadata temporary file without an article temporary file beside it
    /// is a save that only lacks its last steps, and any article temporary
    /// file marks a save that had not yet changed anything.
    pub fn save(
        &self,
        url: &Url,
        article: &Article,
        meta: &StoredMeta,
        format: Format,
    ) -> Result<StorePaths, StoreError> {
        let paths = self.paths(url, format);
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { path, source }
        };
        std::fs::create_dir_all(&paths.dir).map_err(io(&paths.dir))?;
        let mut json =
            serde_json::to_string_pretty(meta).map_err(|source| StoreError::BadMeta {
                path: paths.meta.clone(),
                source,
            })?;
        json.push('\n');
        let staged_text = match &paths.text {
            Some(text) => {
                Some(Staged::write(text, render(article, format).as_bytes()).map_err(io(text))?)
            }
            None => None,
        };
        let staged_meta = Staged::write(&paths.meta, json.as_bytes()).map_err(io(&paths.meta))?;
        if let (Some(staged), Some(text)) = (staged_text, &paths.text) {
            staged.commit().map_err(io(text))?;
        }
        self.remove_other_formats(url, format)?;
        staged_meta.commit().map_err(io(&paths.meta))?;
        Ok(paths)
    }

    /// Removes `url`'s article files of every format but `format`.
    fn remove_other_formats(&self, url: &Url, format: Format) -> Result<(), StoreError> {
        for other in [Format::Txt, Format::Md] {
            if other == format {
                continue;
            }
            if let Some(path) = self.paths(url, other).text {
                remove_if_present(&path)?;
            }
        }
        Ok(())
    }

    /// The metadata stored for `url`, or `None` when it was never saved.
    pub fn load_meta(&self, url: &Url) -> Result<Option<StoredMeta>, StoreError> {
        let path = self.paths(url, Format::Txt).meta;
        read_meta(&path)
    }

    /// Whether the article `meta` describes is all there: its article file
    /// beside it, or its text inside it for `json`.
    pub fn has_text(&self, url: &Url, meta: &StoredMeta) -> bool {
        let format: Format = meta.format.parse().unwrap_or(Format::Txt);
        match self.paths(url, format).text {
            Some(path) => path.is_file(),
            None => meta.text.is_some(),
        }
    }

    /// The text stored for `url` under `meta` (its metadata), in the format
    /// it was saved in; `None` when its article file is missing.
    pub fn load_text(&self, url: &Url, meta: &StoredMeta) -> Result<Option<String>, StoreError> {
        let format: Format = meta.format.parse().unwrap_or(Format::Txt);
        let Some(path) = self.paths(url, format).text else {
            return Ok(meta.text.clone());
        };
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(StoreError::Io { path, source }),
        }
    }

    /// [`check_shrinkage`] of a new text of `new_words` words against the
    /// text stored for `url` under `meta`. A stored text that cannot be
    /// read is logged and compared with nothing.
    pub fn check_shrinkage(
        &self,
        url: &Url,
        meta: &StoredMeta,
        new_words: usize,
    ) -> Result<(), Refusal> {
        match self.load_text(url, meta) {
            Ok(Some(old)) => check_shrinkage(new_words, &old),
            Ok(None) => Ok(()),
            Err(e) => {
                tracing::warn!("{e}: cannot compare with the new text");
                Ok(())
            }
        }
    }

    /// Finishes or undoes the saves that a killed process left half done
    /// (see [`Store::save`] for the order that makes this possible), and
    /// deletes every other temporary file whose writer is gone (see
    /// [`crate::fsutil::is_abandoned`]). Lists every host folder; call it
    /// while no other run can be saving into the store.
    pub fn repair(&self) -> Repaired {
        let mut repaired = Repaired::default();
        let Ok(hosts) = std::fs::read_dir(&self.root) else {
            return repaired;
        };
        for host in hosts.flatten() {
            if host.file_type().is_ok_and(|t| t.is_dir()) {
                repair_folder(&host.path(), &mut repaired);
            }
        }
        repaired
    }
}

/// What [`Store::repair`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repaired {
    /// Temporary files deleted.
    pub removed: usize,
    /// Saves completed (their metadata renamed into place).
    pub finished: usize,
}

/// [`Store::repair`] in one host folder.
fn repair_folder(dir: &Path, repaired: &mut Repaired) {
    let Ok(files) = std::fs::read_dir(dir) else {
        return;
    };
    // (temporary file, its target, writer pid) of every abandoned one.
    let mut left: Vec<(PathBuf, String, u32)> = Vec::new();
    for file in files.flatten() {
        let name = file.file_name();
        let name = name.to_string_lossy();
        let Some(temp) = TempName::parse(&name) else {
            continue;
        };
        let modified = file
            .metadata()
            .and_then(|m| m.modified())
            .unwrap_or(std::time::UNIX_EPOCH);
        if is_abandoned(temp.pid, modified) {
            left.push((file.path(), temp.target.to_string(), temp.pid));
        }
    }
    let stem = |target: &str| {
        Path::new(target)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
    };
    for (tmp, target, pid) in &left {
        let finishable = target.ends_with(".json")
            && !left.iter().any(|(_, other, other_pid)| {
                other_pid == pid && other != target && stem(other) == stem(target)
            });
        let finished = finishable && finish_save(dir, tmp, target).is_ok();
        if finished {
            repaired.finished += 1;
            tracing::info!(
                "{}: finished an interrupted save",
                dir.join(target).display()
            );
        } else if std::fs::remove_file(tmp).is_ok() {
            repaired.removed += 1;
        }
    }
}

/// Completes a save whose article is in place and whose metadata is whole
/// in `tmp`: removes the other formats' files and renames the metadata.
fn finish_save(dir: &Path, tmp: &Path, target: &str) -> Result<(), StoreError> {
    let meta = read_meta(tmp)?.ok_or_else(|| StoreError::Io {
        path: tmp.to_path_buf(),
        source: io::ErrorKind::NotFound.into(),
    })?;
    let format: Format = meta.format.parse().unwrap_or(Format::Txt);
    let stem = target.strip_suffix(".json").unwrap_or(target);
    for other in [Format::Txt, Format::Md] {
        if other != format {
            remove_if_present(&dir.join(format!("{stem}.{other}")))?;
        }
    }
    let path = dir.join(target);
    std::fs::rename(tmp, &path).map_err(|source| StoreError::Io { path, source })
}

/// Reads a metadata file; `None` when there is none.
fn read_meta(path: &Path) -> Result<Option<StoredMeta>, StoreError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|source| StoreError::BadMeta {
            path: path.to_path_buf(),
            source,
        })
}

fn remove_if_present(path: &Path) -> Result<(), StoreError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// An extraction with fewer words than this is no article (the extractor
/// itself gives nothing under ten words): saving it would replace a good
/// article with a block page, a consent wall or a script shell.
pub const MIN_ARTICLE_WORDS: usize = 10;

/// A new text with fewer than this share (percent) of the stored text's
/// words is suspect: pages rarely lose four fifths of an article, block
/// pages and broken layouts often do.
pub const SHRINK_PERCENT: usize = 20;

/// Why an extraction came out empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emptiness {
    /// Under [`MIN_ARTICLE_WORDS`]: a block page, consent wall, error page
    /// or a shell whose text a script would fill in.
    TooFewWords,
    /// A product page with nothing but a few links: a shell whose product
    /// a script would fill in.
    ShellPage,
}

impl Emptiness {
    /// Short name, as reports print it (`too few words`, `shell page`).
    pub fn name(self) -> &'static str {
        match self {
            Emptiness::TooFewWords => "too few words",
            Emptiness::ShellPage => "shell page",
        }
    }
}

impl std::fmt::Display for Emptiness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an extraction is not saved over (or as) a stored article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum Refusal {
    /// No article text at all.
    #[error("empty: {why} (fewer than {MIN_ARTICLE_WORDS} words of article text: a block page, consent wall or script shell?)")]
    Empty {
        /// Why it is empty.
        why: Emptiness,
    },
    /// Most of the stored article's words are gone.
    #[error("shrunk: {new} words where the stored article has {stored} (under {SHRINK_PERCENT}%); the stored article is kept (--accept-shrinkage takes the new text)")]
    Shrunk {
        /// Words of the stored text.
        stored: usize,
        /// Words of the new one.
        new: usize,
    },
    /// A following page of the article failed, and the stored article is
    /// whole: a partial text never replaces it.
    #[error("partial: a following page of the article could not be had, and the stored article is complete")]
    Partial,
}

impl Refusal {
    /// `empty` or `shrunk`: the failure's kind in reports and summaries.
    pub fn kind(&self) -> &'static str {
        match self {
            Refusal::Empty { .. } => "empty",
            Refusal::Shrunk { .. } => "shrunk",
            Refusal::Partial => "partial",
        }
    }

    /// The detail a report gives beside the kind.
    pub fn why(&self) -> String {
        match self {
            Refusal::Empty { why } => why.name().to_string(),
            Refusal::Shrunk { stored, new } => format!("{new} words, {stored} stored"),
            Refusal::Partial => "a page failed, the stored article is whole".to_string(),
        }
    }
}

/// Refuses an extraction with no article text; otherwise its word count.
pub fn check_not_empty(article: &Article) -> Result<usize, Refusal> {
    let words = word_count(&article.text);
    if words >= MIN_ARTICLE_WORDS {
        return Ok(words);
    }
    let why = if article.page_type == Some(crate::article::PageType::Product) {
        Emptiness::ShellPage
    } else {
        Emptiness::TooFewWords
    };
    Err(Refusal::Empty { why })
}

/// Refuses a partial article (see [`crate::article::Pages::partial`]) over
/// a `stored` one that is whole.
pub fn check_partial(article: &Article, stored: &StoredMeta) -> Result<(), Refusal> {
    if article.pages.partial && !stored.pages.partial {
        Err(Refusal::Partial)
    } else {
        Ok(())
    }
}

/// Refuses a new text of `new_words` words that lost most of the words of
/// the `stored` text.
pub fn check_shrinkage(new_words: usize, stored: &str) -> Result<(), Refusal> {
    let stored = word_count(stored);
    if new_words.saturating_mul(100) < stored.saturating_mul(SHRINK_PERCENT) {
        Err(Refusal::Shrunk {
            stored,
            new: new_words,
        })
    } else {
        Ok(())
    }
}

/// Words in `text`, comparable across languages and formats: see
/// [`crate::text::content_words`].
pub fn word_count(text: &str) -> usize {
    crate::text::content_words(text)
}

/// [`crate::text::Fnv1a`] of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::text::Fnv1a::default();
    h.write(bytes);
    h.finish()
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
            // A partial article's pages survive the round trip too.
            pages: Pages {
                partial: true,
                page_urls: vec![url.to_string(), format!("{url}?page=2")],
                single_page: None,
                page_failure: Some(crate::article::PageFailure {
                    url: format!("{url}?page=3"),
                    error: "http status 500".into(),
                }),
            },
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

    fn meta_for(url: &Url, article: &Article, format: Format) -> StoredMeta {
        let text = render(article, Format::Txt);
        StoredMeta {
            url: url.to_string(),
            final_url: url.to_string(),
            title: None,
            author: None,
            published: None,
            language: None,
            fetched_at: "2026-01-01T00:00:00Z".into(),
            status: 200,
            etag: None,
            last_modified: None,
            content_hash: content_hash(&text),
            rules: vec![],
            format: format.extension().to_string(),
            text: (format == Format::Json).then_some(text),
            pages: article.pages.clone(),
        }
    }

    #[test]
    fn a_partial_article_never_replaces_a_whole_one() {
        let url = Url::parse("https://a.test/x").unwrap();
        let whole = article("whole");
        let mut partial = article("part");
        partial.pages.partial = true;
        let stored_whole = meta_for(&url, &whole, Format::Txt);
        let stored_partial = meta_for(&url, &partial, Format::Txt);
        assert_eq!(
            check_partial(&partial, &stored_whole),
            Err(Refusal::Partial)
        );
        assert_eq!(Refusal::Partial.kind(), "partial");
        assert_eq!(check_partial(&partial, &stored_partial), Ok(()));
        assert_eq!(check_partial(&whole, &stored_partial), Ok(()));
        assert_eq!(check_partial(&whole, &stored_whole), Ok(()));
    }

    fn article(text: &str) -> Article {
        Article {
            text: text.into(),
            blocks: vec![crate::article::Block::plain(
                crate::article::BlockKind::Paragraph,
                text,
            )],
            ..Article::default()
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn words_are_counted_across_scripts() {
        assert_eq!(word_count("Hello, brave new world!"), 4);
        assert_eq!(word_count("## Title\n\n- item one — and **two**"), 5);
        assert_eq!(word_count("  \n\t "), 0);
        // Each ideograph or kana is a word; punctuation is not.
        assert_eq!(word_count("北京是中国的首都。"), 8);
        assert_eq!(word_count("東京タワー"), 5);
        assert_eq!(word_count("iPhone 15 发布了"), 5);
        // Korean puts spaces between words.
        assert_eq!(word_count("한국어 문장 입니다"), 3);
    }

    #[test]
    fn empty_and_shrunk_extractions_are_refused() {
        let empty = Article {
            page_type: Some(crate::article::PageType::Product),
            ..Article::default()
        };
        assert_eq!(
            check_not_empty(&empty),
            Err(Refusal::Empty {
                why: Emptiness::ShellPage
            })
        );
        assert_eq!(
            check_not_empty(&article("Access denied")),
            Err(Refusal::Empty {
                why: Emptiness::TooFewWords
            })
        );
        let long = "word ".repeat(100);
        assert_eq!(check_not_empty(&article(&long)), Ok(100));
        // Twelve Chinese characters are an article's worth of words.
        assert_eq!(
            check_not_empty(&article("这是一篇关于天气的新闻报道")),
            Ok(13)
        );
        assert_eq!(check_shrinkage(20, &long), Ok(()));
        assert_eq!(
            check_shrinkage(19, &long),
            Err(Refusal::Shrunk {
                stored: 100,
                new: 19
            })
        );
        assert_eq!(check_shrinkage(19, ""), Ok(()));
        let e = check_shrinkage(3, &long).unwrap_err();
        assert_eq!(
            (e.kind(), e.why().as_str()),
            ("shrunk", "3 words, 100 stored")
        );
    }

    #[test]
    fn a_new_format_replaces_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let url = Url::parse("https://a.test/story").unwrap();
        let a = article("One two three four five six seven eight nine ten.");
        store
            .save(&url, &a, &meta_for(&url, &a, Format::Txt), Format::Txt)
            .unwrap();
        let host = dir.path().join("a.test");
        assert_eq!(names(&host), ["story.json", "story.txt"]);
        store
            .save(&url, &a, &meta_for(&url, &a, Format::Md), Format::Md)
            .unwrap();
        assert_eq!(names(&host), ["story.json", "story.md"]);
        let meta = store.load_meta(&url).unwrap().unwrap();
        assert_eq!(meta.format, "md");
        assert!(store
            .load_text(&url, &meta)
            .unwrap()
            .unwrap()
            .contains("seven"));
        store
            .save(&url, &a, &meta_for(&url, &a, Format::Json), Format::Json)
            .unwrap();
        assert_eq!(names(&host), ["story.json"]);
        let meta = store.load_meta(&url).unwrap().unwrap();
        assert!(store
            .load_text(&url, &meta)
            .unwrap()
            .unwrap()
            .contains("seven"));
    }

    /// Leaves the files a save killed at `step` would leave: 1 after the
    /// article's temporary file, 2 after the metadata's, 3 after the
    /// article's rename. The writer is a process that no longer runs.
    fn interrupted_save(host: &Path, slug: &str, text: &str, meta: &StoredMeta, step: u8) {
        let gone = u32::MAX - 1;
        let text_tmp = host.join(format!(".{slug}.{}.{gone}.0.tmp", meta.format));
        std::fs::write(&text_tmp, text).unwrap();
        if step >= 2 {
            let json = serde_json::to_string_pretty(meta).unwrap();
            std::fs::write(host.join(format!(".{slug}.json.{gone}.1.tmp")), json).unwrap();
        }
        if step >= 3 {
            std::fs::rename(&text_tmp, host.join(format!("{slug}.{}", meta.format))).unwrap();
        }
    }

    #[test]
    fn repair_finishes_or_undoes_interrupted_saves() {
        if !Path::new("/proc/self").exists() {
            return; // Fresh leftovers count as abandoned only where /proc tells.
        }
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let host = dir.path().join("a.test");
        let old = article("The old version of the story, with ten words in it.");
        let new = article("The new version of the story, with ten words in it too.");
        for (slug, step) in [("one", 1), ("two", 2), ("three", 3)] {
            let url = Url::parse(&format!("https://a.test/{slug}")).unwrap();
            store
                .save(&url, &old, &meta_for(&url, &old, Format::Txt), Format::Txt)
                .unwrap();
            // The interrupted save was switching to Markdown.
            let meta = meta_for(&url, &new, Format::Md);
            interrupted_save(&host, slug, &render(&new, Format::Md), &meta, step);
        }
        // A half-written metadata file on its own is no save to finish.
        std::fs::write(
            host.join(format!(".four.json.{}.0.tmp", u32::MAX - 1)),
            "{\"url\":",
        )
        .unwrap();
        let repaired = store.repair();
        assert_eq!(
            repaired,
            Repaired {
                removed: 4,
                finished: 1
            }
        );
        assert_eq!(
            names(&host),
            [
                "one.json",
                "one.txt",
                "three.json",
                "three.md",
                "two.json",
                "two.txt"
            ]
        );
        for (slug, version, format) in [
            ("one", "old", "txt"),
            ("two", "old", "txt"),
            ("three", "new", "md"),
        ] {
            let url = Url::parse(&format!("https://a.test/{slug}")).unwrap();
            let meta = store.load_meta(&url).unwrap().unwrap();
            assert_eq!(meta.format, format, "{slug}");
            let text = store.load_text(&url, &meta).unwrap().unwrap();
            assert!(text.contains(version), "{slug}: {text}");
        }
        // A live writer's files are left alone.
        std::fs::write(
            host.join(format!(".five.txt.{}.0.tmp", std::process::id())),
            "x",
        )
        .unwrap();
        assert_eq!(store.repair(), Repaired::default());
    }
}
