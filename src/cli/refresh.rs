//! `thresh refresh`.

use clap::Args;

use super::{Config, Outcome};

/// Arguments of `thresh refresh`.
#[derive(Debug, Args)]
pub struct RefreshArgs {}

/// Runs `thresh refresh`.
pub fn run(_args: &RefreshArgs, _config: &Config) -> anyhow::Result<Outcome> {
    anyhow::bail!("thresh refresh is not implemented yet")
}
