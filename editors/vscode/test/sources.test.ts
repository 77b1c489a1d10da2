import assert from "node:assert/strict";
import { test } from "node:test";
import { bytePosition, entries, statusText, summarize, type SourcesReport } from "../src/sources";

// The shape of `copydesk sources --format json` (and of the copydesk/sources request).
const text = "“Paint is cheap,” said Rosa Delgado.\n\n“Who pays?”\n\nA city hall aide said it was late.\n";
const report: SourcesReport = {
  file: "draft.md",
  quotes: [
    {
      start: 0,
      end: 21,
      text: "Paint is cheap,",
      kind: "quotation",
      speaker: { name: "Rosa Delgado", mention: "Rosa Delgado", start: 27, end: 39, kind: "person", how: "sentence", role: null },
      cue: { text: "said", start: 22, end: 26 },
    },
    { start: 42, end: 58, text: "Who pays?", kind: "quotation", speaker: null, cue: null },
    { start: 60, end: 70, text: "so-called", kind: "scare", speaker: null, cue: null },
  ],
  sources: [
    {
      name: "Rosa Delgado",
      kind: "person",
      aliases: ["Delgado"],
      role: null,
      first_reference: { start: 27, end: 39 },
      mentions: [{ start: 27, end: 39 }],
      quotes: [0],
      anonymous: null,
      response: null,
    },
    {
      name: "a city hall aide",
      kind: "role",
      aliases: [],
      role: "aide",
      first_reference: { start: 60, end: 76 },
      mentions: [{ start: 60, end: 76 }],
      quotes: [],
      anonymous: { class: "role", reason: null, boilerplate_reason: false },
      response: null,
    },
  ],
};

test("summary counts speech quotes, unsourced ones, named and anonymous sources", () => {
  assert.deepEqual(summarize(report), { quotes: 2, unsourced: 1, named: 1, anonymous: 1, anonymousWithoutReason: 1 });
  const { text: t, tooltip } = statusText(summarize(report));
  assert.equal(t, "$(warning) 2 quotes · 1 named · 1 anon · 1 unsourced");
  assert.match(tooltip, /1 without a speaker/);
  assert.equal(
    statusText({ quotes: 1, unsourced: 0, named: 1, anonymous: 0, anonymousWithoutReason: 0 }).text,
    "$(quote) 1 quote · 1 named · 0 anon",
  );
});

test("entries: each source with its quotes, then quotations nobody said", () => {
  const e = entries(report);
  assert.deepEqual(
    e.map((x) => x.label),
    ["Sources", "$(person) Rosa Delgado", "$(eye-closed) a city hall aide", "Quotations without a speaker", "$(warning) “Who pays?”"],
  );
  assert.equal(e[1].detail, "1 quote: “Paint is cheap,”");
  assert.match(e[2].description, /anonymous \(role\), no reason given/);
  assert.equal(e[4].start, 42);
});

test("byte offsets become UTF-16 positions", () => {
  // “ is 3 bytes in UTF-8 and one UTF-16 unit.
  assert.deepEqual(bytePosition(text, 0), { line: 0, character: 0 });
  assert.deepEqual(bytePosition(text, 3), { line: 0, character: 1 });
  assert.deepEqual(bytePosition(text, Buffer.byteLength("“Paint is cheap,” said ")), { line: 0, character: 23 });
  assert.deepEqual(bytePosition(text, Buffer.byteLength("“Paint is cheap,” said Rosa Delgado.\n\n")), { line: 2, character: 0 });
  assert.deepEqual(bytePosition("a\r\nb😀c", Buffer.byteLength("a\r\nb😀")), { line: 1, character: 3 });
});
