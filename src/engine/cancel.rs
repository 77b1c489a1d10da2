//! Cooperative cancellation: a flag the caller may raise while a long analysis runs.
//!
//! The engine stays pure: it only *reads* the flag at phase boundaries and gives up
//! (`None`) when it is raised. Who raises it, and when, is the caller's business (the
//! language server raises it when a newer version of the draft arrives).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A cancellation flag shared between the caller and a computation. Cloning shares the
/// flag. [`Cancel::never`] is a flag that can never be raised (no allocation).
#[derive(Debug, Clone, Default)]
pub struct Cancel(Option<Arc<AtomicBool>>);

impl Cancel {
    /// A flag that can be raised with [`Cancel::cancel`].
    pub fn new() -> Cancel {
        Cancel(Some(Arc::new(AtomicBool::new(false))))
    }

    /// A flag that is never raised: the computation always runs to the end.
    pub const fn never() -> Cancel {
        Cancel(None)
    }

    /// Raise the flag: computations reading it stop at their next check.
    pub fn cancel(&self) {
        if let Some(f) = &self.0 {
            f.store(true, Ordering::Relaxed);
        }
    }

    /// Run a cancellable computation with [`Cancel::never`]: it always runs to the end,
    /// so its answer is there (the non-cancellable entry points wrap their
    /// `_cancellable` twins with this).
    pub fn to_end<T>(f: impl FnOnce(&Cancel) -> Option<T>) -> T {
        match f(&Cancel::never()) {
            Some(t) => t,
            None => unreachable!("a computation with `Cancel::never` is never cancelled"),
        }
    }

    /// Whether the flag was raised.
    #[inline]
    pub fn is_cancelled(&self) -> bool {
        self.0.as_ref().is_some_and(|f| f.load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flag_and_never_is_never() {
        let c = Cancel::new();
        let d = c.clone();
        assert!(!d.is_cancelled());
        c.cancel();
        assert!(d.is_cancelled());
        let n = Cancel::never();
        n.cancel();
        assert!(!n.is_cancelled());
    }
}
