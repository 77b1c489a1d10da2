//! copydesk: an attribution and house-style checker for news drafts.
//!
//! Layers: [`engine`] (pure analysis), [`rules`] (findings over the analysis),
//! [`config`] (`copydesk.toml` and front matter), [`output`] (the JSON contracts), and
//! the command line in [`cli`] (the binary's `main.rs` only calls it).

pub mod cli;
pub mod columns;
pub mod config;
pub mod engine;
pub mod output;
pub mod rules;
pub mod server;
pub mod transcripts;
