//! copydesk: an attribution and house-style checker for news drafts.
//!
//! Layers: [`engine`] (pure analysis), [`rules`] (findings over the analysis),
//! [`config`] (`copydesk.toml` and front matter), [`output`] (the JSON contracts), and
//! the binary's CLI in `main.rs`.

pub mod config;
pub mod engine;
pub mod output;
pub mod rules;
pub mod server;
