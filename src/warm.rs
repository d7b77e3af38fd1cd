//! A search structure built only once a process has asked for it often
//! enough to repay building it. Some automata cost more to build (a DFA of
//! a rule file's words: millions of instructions) than a one-page run
//! spends searching without them, yet save many times that over a
//! thousand pages: until then the asker searches the slower way.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// A value built by the asker on its `after`-th request; `None` before.
pub(crate) struct Warm<T> {
    after: usize,
    asked: AtomicUsize,
    value: OnceLock<T>,
}

impl<T> Warm<T> {
    /// Built when asked for the `after`-th time.
    pub(crate) const fn new(after: usize) -> Self {
        Warm {
            after,
            asked: AtomicUsize::new(0),
            value: OnceLock::new(),
        }
    }

    /// The value, built with `build` if this is the request that earns it;
    /// `None` while too few have been made.
    pub(crate) fn get(&self, build: impl FnOnce() -> T) -> Option<&T> {
        if let Some(value) = self.value.get() {
            return Some(value);
        }
        // Relaxed: the count only decides when, not what, is built.
        if self.asked.fetch_add(1, Ordering::Relaxed) + 1 < self.after {
            return None;
        }
        Some(self.value.get_or_init(build))
    }
}

impl<T: Clone> Clone for Warm<T> {
    /// A copy keeps the value if it is built, and the count so far.
    fn clone(&self) -> Self {
        let value = OnceLock::new();
        if let Some(built) = self.value.get() {
            let _ = value.set(built.clone());
        }
        Warm {
            after: self.after,
            asked: AtomicUsize::new(self.asked.load(Ordering::Relaxed)),
            value,
        }
    }
}

impl<T> std::fmt::Debug for Warm<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Warm")
            .field("after", &self.after)
            .field("asked", &self.asked.load(Ordering::Relaxed))
            .field("built", &self.value.get().is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_on_the_request_that_earns_it_once_for_all_threads() {
        let warm = Warm::new(3);
        assert_eq!(warm.get(|| 7), None);
        assert_eq!(warm.get(|| 7), None);
        assert_eq!(warm.get(|| 7), Some(&7));
        assert_eq!(warm.get(|| 8), Some(&7), "built once");
        let copy = warm.clone();
        assert_eq!(copy.get(|| 9), Some(&7));

        let shared = Warm::new(100);
        let built = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..50 {
                        shared.get(|| built.fetch_add(1, Ordering::Relaxed));
                    }
                });
            }
        });
        assert_eq!(built.load(Ordering::Relaxed), 1);
        assert_eq!(shared.get(|| 99), Some(&0));
    }
}
