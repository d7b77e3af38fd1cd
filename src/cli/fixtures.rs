//! `thresh fixtures`.

use clap::Subcommand;

use super::{Config, Outcome};

/// Subcommands of `thresh fixtures`.
#[derive(Debug, Subcommand)]
pub enum FixturesCommand {}

/// Runs `thresh fixtures ...`.
pub fn run(cmd: &FixturesCommand, _config: &Config) -> anyhow::Result<Outcome> {
    match *cmd {}
}
