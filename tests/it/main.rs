//! Integration tests, one binary with a module per topic (one link step
//! instead of many on a small machine).

mod cli_extract;
mod cli_io;
mod cmd;
mod fetch;
mod fixtures;
mod ftr;
mod hostile_gen;
mod multilingual;
mod multipage;
mod profiles;
mod refresh;
mod refresh_pg;
mod rules;
mod server;
mod warc;
