//! `thresh extract`.

use std::path::PathBuf;

use clap::Args;

use super::{Config, Outcome};

/// Arguments of `thresh extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// HTML files (.html, .htm, .html.gz), folders of them, or - for stdin.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The pages' URL, for choosing site rules (default: the page's canonical URL).
    #[arg(long)]
    url: Option<String>,
}

/// Runs `thresh extract`.
pub fn run(_args: &ExtractArgs, _config: &Config) -> anyhow::Result<Outcome> {
    anyhow::bail!("not implemented yet")
}
