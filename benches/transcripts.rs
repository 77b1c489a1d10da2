//! Transcript indexing and quote lookup on generated interviews.
//!
//! cargo bench --bench transcripts
//!
//! Generates 50 transcripts of 10,000 words each (plain text, Markdown, WebVTT and SRT in
//! turn; two speakers; words drawn from a 6,000-word vocabulary with a Zipf
//! distribution, so function words repeat as in speech), then measures:
//! - indexing: parsing and indexing all 50 (median of 7 runs);
//! - lookup: tokenising a quote and finding its best passage, for 300 quotes each
//!   copied exactly, altered (two words substituted, one dropped) and absent (generated
//!   from the same vocabulary, so they share common words with everything);
//! - the similarity scores of each group, which justify the altered/not-found threshold.

use copydesk::engine::transcript::{ALTERED_MIN, TranscriptIndex, matching};
use std::time::Instant;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Vocab {
    words: Vec<String>,
    /// Cumulative Zipf weights.
    cum: Vec<f64>,
}

impl Vocab {
    fn new(rng: &mut Rng, n: usize) -> Vocab {
        let syll = [
            "ka", "lo", "mi", "ten", "ra", "so", "vel", "ud", "an", "or", "tis", "pe", "gru", "na",
            "shi", "bo", "den", "il",
        ];
        let mut words = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while words.len() < n {
            let k = 1 + rng.below(3);
            let w: String = (0..k).map(|_| syll[rng.below(syll.len())]).collect();
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let mut cum = Vec::new();
        let mut s = 0.0;
        for i in 0..n {
            s += 1.0 / (i as f64 + 1.0);
            cum.push(s);
        }
        Vocab { words, cum }
    }
    fn word(&self, rng: &mut Rng) -> &str {
        let total = *self.cum.last().unwrap();
        let x = (rng.next() % 1_000_000_000) as f64 / 1e9 * total;
        let i = self
            .cum
            .partition_point(|&c| c < x)
            .min(self.words.len() - 1);
        &self.words[i]
    }
    fn sentence(&self, rng: &mut Rng, n: usize) -> Vec<String> {
        (0..n).map(|_| self.word(rng).to_string()).collect()
    }
}

fn transcript(rng: &mut Rng, v: &Vocab, words: usize, format: usize) -> (String, String) {
    let mut out = String::new();
    let ext = ["txt", "md", "vtt", "srt"][format % 4];
    if ext == "vtt" {
        out.push_str("WEBVTT\n\n");
    }
    let mut n = 0;
    let mut cue = 0;
    while n < words {
        let len = 8 + rng.below(20);
        let s = v.sentence(rng, len).join(" ");
        let speaker = if cue % 3 == 0 {
            "Dana Reyes"
        } else {
            "Lena Ortiz"
        };
        let (m, sec) = (cue / 60, cue % 60);
        match ext {
            "txt" => out.push_str(&format!(
                "[00:{m:02}:{sec:02}] {}: {s}.\n",
                speaker.to_uppercase()
            )),
            "md" => out.push_str(&format!("**{speaker}:** {s}.\n\n")),
            "vtt" => out.push_str(&format!(
                "00:{m:02}:{sec:02}.000 --> 00:{m:02}:{sec:02}.900\n<v {speaker}>{s}.</v>\n\n"
            )),
            _ => out.push_str(&format!(
                "{}\n00:{m:02}:{sec:02},000 --> 00:{m:02}:{sec:02},900\n{}: {s}.\n\n",
                cue + 1,
                speaker.split(' ').nth(1).unwrap_or(speaker).to_uppercase()
            )),
        }
        n += len;
        cue += 1;
    }
    (format!("transcripts/interview-{format:02}.{ext}"), out)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn percentile(v: &[f32], p: f64) -> f32 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() - 1) as f64 * p) as usize]
}

fn main() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vocab = Vocab::new(&mut rng, 6000);
    let files: Vec<(String, String)> = (0..50)
        .map(|i| transcript(&mut rng, &vocab, 10_000, i))
        .collect();
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let mut times = Vec::new();
    let mut ix = TranscriptIndex::default();
    for _ in 0..7 {
        let input = files.clone();
        let t = Instant::now();
        ix = TranscriptIndex::build(input);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "indexing: 50 transcripts, {} words, {:.1} MB: median {:.1} ms (min {:.1}, max {:.1})",
        ix.words.len(),
        bytes as f64 / 1e6,
        median(times.clone()),
        times.iter().cloned().fold(f64::MAX, f64::min),
        times.iter().cloned().fold(0.0, f64::max)
    );

    // Quotes: 12–30 words.
    let total = ix.words.len();
    let mut groups: Vec<(&str, Vec<String>)> =
        vec![("exact", vec![]), ("altered", vec![]), ("absent", vec![])];
    for _ in 0..300 {
        let len = 12 + rng.below(19);
        let t = rng.below(ix.transcripts.len());
        let tw = ix.transcripts[t].words.clone();
        let s = tw.start + rng.below(tw.len() - len);
        let text = &ix.transcripts[t].text;
        let words: Vec<String> = (s..s + len)
            .map(|w| text[ix.words[w].span()].to_string())
            .collect();
        groups[0].1.push(words.join(" "));
        let mut alt = words.clone();
        let a = rng.below(len);
        alt[a] = vocab.word(&mut rng).to_string() + "x";
        let b = rng.below(len);
        alt[b] = vocab.word(&mut rng).to_string() + "y";
        alt.remove(rng.below(alt.len()));
        groups[1].1.push(alt.join(" "));
        groups[2].1.push(vocab.sentence(&mut rng, len).join(" "));
    }
    let _ = total;
    for (name, quotes) in &groups {
        let mut scores = Vec::new();
        let mut exact = 0;
        let t = Instant::now();
        for q in quotes {
            let toks = matching::quote_tokens(&ix, q, 0);
            let best = matching::find(&ix, &toks);
            let b = best.first();
            scores.push(b.map_or(0.0, |b| b.score));
            exact += usize::from(b.is_some_and(|b| b.cost == 0));
        }
        let per = t.elapsed().as_secs_f64() * 1e6 / quotes.len() as f64;
        let above = scores.iter().filter(|&&s| s >= ALTERED_MIN).count();
        println!(
            "lookup {name:>7}: {per:.0} µs per quote; exact {exact}/{n}; score min {:.2} p50 {:.2} p99 {:.2} max {:.2}; at or above {ALTERED_MIN}: {above}/{n}",
            percentile(&scores, 0.0),
            percentile(&scores, 0.5),
            percentile(&scores, 0.99),
            percentile(&scores, 1.0),
            n = quotes.len()
        );
    }
}
