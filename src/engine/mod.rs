//! The engine: pure functions from draft text to quotations, speakers and sources.
//! No I/O, no LSP types; never fails; every span is a byte range into the input.

pub mod analysis;
pub mod attribution;
pub mod cancel;
pub mod draft;
pub mod ledger;
pub mod lexicon;
pub mod model;
pub mod quotes;
pub mod text;
pub mod transcript;

pub use analysis::{
    Analysis, EngineCache, analyze, analyze_cancellable, analyze_incremental,
    analyze_incremental_cancellable,
};
pub use cancel::Cancel;
pub use draft::{Draft, Format, Scope};
pub use model::*;
