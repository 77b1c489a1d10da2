//! copydesk: an attribution and house-style checker for news drafts.
//!
//! Layers: [`engine`] (pure analysis), [`output`] (the JSON contracts), and the binary's
//! CLI in `main.rs`.

pub mod engine;
pub mod output;
