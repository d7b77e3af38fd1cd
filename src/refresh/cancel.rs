//! Stopping a run cleanly: a token the scheduler, the reader and the
//! workers all watch, so Ctrl-C lets requests in flight finish and be
//! recorded (the run resumes later) instead of dropping them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

/// Asks a running refresh to stop: no new URL is started, the ones in
/// flight finish and are recorded, then the summary comes back.
#[derive(Debug, Default)]
pub struct Cancel {
    flag: AtomicBool,
    notify: Notify,
}

impl Cancel {
    /// A token not yet cancelled.
    pub fn new() -> Arc<Cancel> {
        Arc::new(Cancel::default())
    }

    /// Requests the stop.
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// Whether a stop was requested.
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    pub(super) async fn cancelled(&self) {
        loop {
            let notified = self.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }

    /// Cancels on the first Ctrl-C; a second one exits at once with 130
    /// (files are still whole: every write is atomic). Call inside the
    /// runtime that runs the refresh.
    pub fn cancel_on_ctrl_c(self: &Arc<Self>) {
        let cancel = Arc::clone(self);
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            eprintln!(
                "thresh refresh: stopping: finishing requests in flight (Ctrl-C again to quit now)"
            );
            cancel.cancel();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        });
    }
}
