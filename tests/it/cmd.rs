//! Running the real `thresh` binary and reading what it left behind: the
//! helpers every topic module's CLI tests share.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `thresh` with `args` and waits for it.
pub fn thresh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thresh"))
        .args(args)
        .output()
        .expect("run thresh")
}

/// What a run printed on stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` (recursively) that `keep` accepts; none when
/// `dir` does not exist.
pub fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for e in entries {
        let path = e.expect("read dir entry").path();
        if path.is_dir() {
            found.extend(files_under(&path, keep));
        } else if keep(&path) {
            found.push(path);
        }
    }
    found
}
