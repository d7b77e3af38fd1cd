//! `thresh rules`.

use clap::Subcommand;

use super::{Config, Outcome};

/// Subcommands of `thresh rules`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {}

/// Runs `thresh rules ...`.
pub fn run(cmd: &RulesCommand, _config: &Config) -> anyhow::Result<Outcome> {
    match *cmd {}
}
