// The `copydesk/sources` answer (the JSON of `copydesk sources --format json`): types,
// the status-bar summary and the quick-pick entries. Pure: no `vscode` import.

export interface Span {
  start: number;
  end: number;
}

export interface Speaker extends Span {
  name: string;
  mention: string;
  kind: string;
  how: string;
  role: string | null;
}

export interface Quote extends Span {
  text: string;
  kind: string;
  speaker: Speaker | null;
  cue: (Span & { text: string }) | null;
}

export interface Source {
  name: string;
  kind: string;
  aliases: string[];
  role: string | null;
  first_reference: Span;
  mentions: Span[];
  quotes: number[];
  anonymous: { class: string; reason: Span | null; boilerplate_reason: boolean } | null;
  response: (Span & { kind: string; phrase: string }) | null;
}

export interface SourcesReport {
  file: string;
  quotes: Quote[];
  sources: Source[];
}

/** Words someone says (not scare quotes, titles or nicknames). */
export function isSpeech(q: Quote): boolean {
  return q.kind === "quotation" || q.kind === "partial";
}

export interface Summary {
  quotes: number;
  unsourced: number;
  named: number;
  anonymous: number;
  anonymousWithoutReason: number;
}

export function summarize(r: SourcesReport): Summary {
  const speech = r.quotes.filter(isSpeech);
  const anonymous = r.sources.filter((s) => s.anonymous !== null);
  return {
    quotes: speech.length,
    unsourced: speech.filter((q) => q.speaker === null).length,
    named: r.sources.length - anonymous.length,
    anonymous: anonymous.length,
    anonymousWithoutReason: anonymous.filter((s) => s.anonymous?.reason === null).length,
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The status bar text (with a codicon) and its tooltip. */
export function statusText(s: Summary): { text: string; tooltip: string } {
  const warn = s.unsourced > 0 || s.anonymousWithoutReason > 0;
  const text =
    `$(${warn ? "warning" : "quote"}) ${plural(s.quotes, "quote")} · ${s.named} named · ${s.anonymous} anon` +
    (s.unsourced > 0 ? ` · ${s.unsourced} unsourced` : "");
  const lines = [
    `copydesk — sourcing of this draft`,
    `${plural(s.quotes, "quotation")}, ${s.unsourced} without a speaker`,
    `${plural(s.named, "named source")}`,
    `${plural(s.anonymous, "anonymous source")}, ${s.anonymousWithoutReason} without a reason given`,
    `Click to list the sources.`,
  ];
  return { text, tooltip: lines.join("\n") };
}

function excerpt(s: string, n: number): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length <= n ? flat : `${flat.slice(0, n - 1)}…`;
}

/** One entry of the "show sources" list; `start` is a byte offset into the draft. */
export interface Entry {
  label: string;
  description: string;
  detail: string;
  start: number;
  end: number;
  /** A separator row (quick pick kind Separator) when true. */
  separator?: boolean;
}

/** Sources first (with their quotes), then quotations nobody is attributed. */
export function entries(r: SourcesReport): Entry[] {
  const out: Entry[] = [];
  if (r.sources.length > 0) {
    out.push({ label: "Sources", description: "", detail: "", start: 0, end: 0, separator: true });
  }
  for (const s of r.sources) {
    const bits = [s.kind];
    if (s.role) {
      bits.push(s.role);
    }
    if (s.anonymous) {
      bits.push(s.anonymous.reason ? `anonymous (${s.anonymous.class}), reason given` : `anonymous (${s.anonymous.class}), no reason given`);
    }
    if (s.response) {
      bits.push(`response: ${s.response.kind.replace(/-/g, " ")}`);
    }
    const quoted = s.quotes.map((i) => r.quotes[i]).filter((q): q is Quote => q !== undefined);
    const detail =
      quoted.length === 0
        ? `${plural(s.mentions.length, "mention")}, not quoted`
        : `${plural(quoted.length, "quote")}: ${quoted.map((q) => `“${excerpt(q.text, 40)}”`).join("  ")}`;
    out.push({
      label: `$(${s.anonymous ? "eye-closed" : "person"}) ${s.name}`,
      description: bits.join(" · "),
      detail,
      start: s.first_reference.start,
      end: s.first_reference.end,
    });
  }
  const unsourced = r.quotes.filter((q) => isSpeech(q) && q.speaker === null);
  if (unsourced.length > 0) {
    out.push({ label: "Quotations without a speaker", description: "", detail: "", start: 0, end: 0, separator: true });
    for (const q of unsourced) {
      out.push({
        label: `$(warning) “${excerpt(q.text, 60)}”`,
        description: q.kind,
        detail: "Nobody in the draft is attributed these words.",
        start: q.start,
        end: q.end,
      });
    }
  }
  return out;
}

/** A byte offset into `text` (UTF-8) → an LSP/VS Code position (line, UTF-16 column). */
export function bytePosition(text: string, byte: number): { line: number; character: number } {
  let line = 0;
  let character = 0;
  let b = 0;
  for (let i = 0; i < text.length && b < byte; ) {
    const cp = text.codePointAt(i) as number;
    const units = cp > 0xffff ? 2 : 1;
    const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (text[i] === "\n" || (text[i] === "\r" && text[i + 1] !== "\n")) {
      line += 1;
      character = 0;
    } else if (text[i] !== "\r") {
      character += units;
    }
    b += len;
    i += units;
  }
  return { line, character };
}
