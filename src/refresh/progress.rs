//! Showing a long refresh's progress: an indicatif bar on a terminal (done
//! of total when the list's length is known, rate, ETA, failures), or a
//! plain line on stderr every so often when stderr is a file or a pipe, so
//! logs of unattended runs still say how far they got.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Summary;

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// An animated bar (stderr is a terminal).
    Bar,
    /// A plain line to stderr at most this often.
    Log(Duration),
    /// Nothing (`-q`).
    Off,
}

impl ProgressMode {
    /// A bar when stderr is a terminal, else a line every 10 seconds;
    /// nothing when `quiet`.
    pub fn detect(quiet: bool) -> Self {
        use std::io::IsTerminal;
        if quiet {
            ProgressMode::Off
        } else if std::io::stderr().is_terminal() {
            ProgressMode::Bar
        } else {
            ProgressMode::Log(Duration::from_secs(10))
        }
    }
}

/// The progress display of one run.
#[derive(Debug)]
pub struct Progress {
    mode: ProgressMode,
    bar: Option<ProgressBar>,
    total: Option<u64>,
    start: Instant,
    last_log: Instant,
}

impl Progress {
    /// Starts showing progress over `total` entries (`None`: unknown, e.g.
    /// a list on stdin).
    pub fn new(mode: ProgressMode, total: Option<u64>) -> Self {
        let bar = (mode == ProgressMode::Bar).then(|| {
            let bar = match total {
                Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            };
            let template = if total.is_some() {
                "{elapsed_precise} [{wide_bar}] {pos}/{len} {rate} ETA {eta} {msg}"
            } else {
                "{elapsed_precise} {spinner} {pos} done {rate} {msg}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                let style = style
                    .with_key(
                        "rate",
                        |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = write!(w, "{:.1}/s", s.per_sec());
                        },
                    )
                    .progress_chars("=> ");
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let now = Instant::now();
        Progress {
            mode,
            bar,
            total,
            start: now,
            last_log: now,
        }
    }

    /// Shows the counts so far.
    pub fn update(&mut self, summary: &Summary) {
        let done = summary.entries();
        match self.mode {
            ProgressMode::Bar => {
                if let Some(bar) = &self.bar {
                    bar.set_position(done);
                    bar.set_message(format!("{} failed", summary.failed_total()));
                }
            }
            ProgressMode::Log(every) => {
                if self.last_log.elapsed() >= every {
                    self.last_log = Instant::now();
                    eprintln!("thresh refresh: {}", self.line(summary));
                }
            }
            ProgressMode::Off => {}
        }
    }

    /// `1234/5000 done (24%), 12 failed, 30.5/s, ETA 2m 5s`.
    fn line(&self, summary: &Summary) -> String {
        let done = summary.entries();
        let secs = self.start.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
        let mut line = match self.total {
            Some(total) if total > 0 => format!(
                "{done}/{total} done ({}%)",
                done.saturating_mul(100) / total.max(1)
            ),
            _ => format!("{done} done"),
        };
        line.push_str(&format!(", {} failed, {rate:.1}/s", summary.failed_total()));
        if let Some(total) = self.total {
            if rate > 0.0 && total > done {
                let eta = Duration::from_secs(((total - done) as f64 / rate) as u64);
                line.push_str(&format!(", ETA {}", human(eta)));
            }
        }
        line
    }

    /// Prints a message line on stderr (above the bar, when there is one).
    pub fn println(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.println(message),
            None => eprintln!("{message}"),
        }
    }

    /// Removes the bar (the summary follows).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `2h 3m`, `4m 5s`, `6s`.
fn human(d: Duration) -> String {
    let s = d.as_secs();
    match (s / 3600, s % 3600 / 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m {s}s"),
        (h, m, _) => format!("{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_line_shows_done_total_and_failures() {
        let p = Progress::new(ProgressMode::Off, Some(10));
        let mut s = Summary {
            new: 4,
            ..Summary::default()
        };
        *s.failed.entry("timeout".into()).or_default() += 1;
        let line = p.line(&s);
        assert!(line.starts_with("5/10 done (50%), 1 failed"), "{line}");
        assert_eq!(human(Duration::from_secs(3725)), "1h 2m");
        assert_eq!(human(Duration::from_secs(65)), "1m 5s");
    }
}
