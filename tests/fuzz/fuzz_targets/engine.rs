//! The engine and rules on arbitrary text, as Markdown and as plain text.
#![no_main]

use copydesk::engine::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = copydesk_fuzz::text(data);
    copydesk_fuzz::engine(&text, Format::Markdown);
    copydesk_fuzz::engine(&text, Format::Text);
});
