import assert from "node:assert/strict";
import { test } from "node:test";
import { documentSelector, reaction, readSettings, toServerSettings } from "../src/settings";

const getter = (values: Record<string, unknown>) => (k: string) => values[k];

test("defaults: nothing is sent to the server", () => {
  const { settings, problems } = readSettings(getter({}));
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, { path: "", plaintext: false, rules: {}, debounceMs: undefined, trace: "off" });
  assert.deepEqual(toServerSettings(settings), {});
});

test("rule overrides and debounce map to the server's copydesk.toml shape", () => {
  const { settings, problems } = readSettings(
    getter({
      path: "/usr/bin/copydesk",
      plaintext: true,
      rules: { "scare-quote": "off", "unsourced-quote": "Error", "attribution-verb": "hint" },
      debounceMs: 150.4,
      "trace.server": "verbose",
    }),
  );
  assert.deepEqual(problems, []);
  assert.equal(settings.trace, "verbose");
  assert.equal(settings.plaintext, true);
  // Editor-only keys (path, plaintext, trace) never reach the server: it rejects unknown keys.
  assert.deepEqual(toServerSettings(settings), {
    rules: { "scare-quote": "off", "unsourced-quote": "error", "attribution-verb": "hint" },
    debounceMs: 150,
  });
});

test("bad values are dropped with a message, good ones kept", () => {
  const { settings, problems } = readSettings(
    getter({
      rules: { "scare-quote": "loud", "Not A Rule": "off", "late-attribution": "warning" },
      debounceMs: -5,
      "trace.server": "everything",
    }),
  );
  assert.deepEqual(toServerSettings(settings), { rules: { "late-attribution": "warning" } });
  assert.equal(settings.trace, "off");
  assert.equal(problems.length, 3);
  assert.match(problems.join("\n"), /scare-quote.*"loud"/);
  assert.match(problems.join("\n"), /"Not A Rule" is not a rule id/);
  assert.match(problems.join("\n"), /debounceMs/);
});

test("rules that are not an object are ignored", () => {
  const { settings, problems } = readSettings(getter({ rules: ["scare-quote"] }));
  assert.deepEqual(settings.rules, {});
  assert.equal(problems.length, 1);
});

test("document selector: Markdown, plus plain text when configured", () => {
  assert.deepEqual(
    documentSelector(false).map((f) => `${f.scheme}:${f.language}`),
    ["file:markdown", "untitled:markdown"],
  );
  assert.deepEqual(
    documentSelector(true).map((f) => `${f.scheme}:${f.language}`),
    ["file:markdown", "untitled:markdown", "file:plaintext", "untitled:plaintext"],
  );
});

test("settings changes: path and plaintext restart, rules and debounce are pushed", () => {
  const only = (key: string) => (k: string) => k === key || key.startsWith(`${k}.`);
  assert.equal(reaction(only("copydesk.path")), "restart");
  assert.equal(reaction(only("copydesk.plaintext")), "restart");
  assert.equal(reaction(only("copydesk.rules")), "push");
  assert.equal(reaction(only("copydesk.debounceMs")), "push");
  assert.equal(reaction(only("copydesk.trace.server")), "none");
  assert.equal(reaction(only("editor.fontSize")), "none");
});
