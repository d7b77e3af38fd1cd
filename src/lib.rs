//! `threshing` turns web pages into clean article text.
//!
//! Compile a [`RuleSet`] once, wrap it in an [`Extractor`], and extract as
//! many pages as you like from any thread:
//!
//! ```
//! use threshing::{Extractor, Page, RuleSet};
//! let extractor = Extractor::new(RuleSet::builtin().unwrap());
//! let html = b"<html><body><article><p>Hello, world. This is the story.</p></article></body></html>";
//! let article = extractor.extract(&Page::new(html)).unwrap();
//! # let _ = article;
//! ```
//!
//! The stages live in their own modules: [`decode`] (bytes to text),
//! [`rules`] (rule files), [`extract`] (parse, clean, locate, prune), and
//! [`format`] (text, Markdown, JSON); [`profile`] learns a site's boilerplate
//! from its own pages. The command-line tool's commands are in
//! [`cli`]; fetching, the article store, refresh and fixtures each have theirs,
//! and [`warc`] reads and writes web archives.

pub mod article;
pub mod cli;
pub mod decode;
pub mod dfa;
pub mod extract;
pub mod fetch;
pub mod fixtures;
pub mod format;
pub mod fsutil;
pub mod profile;
pub mod refresh;
pub mod rules;
pub mod selector;
pub mod store;
pub mod text;
pub mod warc;
mod warm;

pub use article::{Article, Block, BlockKind, PageType};
pub use extract::{EmptyReason, ExtractError, Extractor, Page, Report};
pub use format::{render, Format};
pub use rules::{RuleError, RuleSet};
