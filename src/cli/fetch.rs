//! `thresh fetch`.

use clap::Args;

use super::{Config, Outcome};

/// Arguments of `thresh fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {}

/// Runs `thresh fetch`.
pub fn run(_args: &FetchArgs, _config: &Config) -> anyhow::Result<Outcome> {
    anyhow::bail!("thresh fetch is not implemented yet")
}
