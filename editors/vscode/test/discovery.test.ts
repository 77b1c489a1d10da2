import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { bundledPath, expandPath, findServer, searchPath } from "../src/discovery";

const ext = "/ext/copydesk-0.1.0";
const bundled = path.join(ext, "server", "copydesk");
const only =
  (...files: string[]) =>
  (f: string) =>
    files.includes(f);

test("the copydesk.path setting wins over the bundled binary and PATH", () => {
  const r = findServer({
    configuredPath: "/opt/copydesk/bin/copydesk",
    extensionPath: ext,
    pathEnv: "/usr/bin",
    platform: "linux",
    isExecutable: only("/opt/copydesk/bin/copydesk", bundled, "/usr/bin/copydesk"),
  });
  assert.deepEqual(r, { kind: "found", command: "/opt/copydesk/bin/copydesk", origin: "setting" });
});

test("a bad copydesk.path is reported, not silently replaced", () => {
  const r = findServer({
    configuredPath: "/nowhere/copydesk",
    extensionPath: ext,
    pathEnv: "/usr/bin",
    platform: "linux",
    isExecutable: only(bundled, "/usr/bin/copydesk"),
  });
  assert.equal(r.kind, "missing");
  assert.ok(r.kind === "missing" && r.badSetting);
  assert.match(r.kind === "missing" ? r.message : "", /copydesk\.path.*\/nowhere\/copydesk/);
});

test("the bundled binary comes before PATH", () => {
  const r = findServer({
    extensionPath: ext,
    pathEnv: "/usr/local/bin:/usr/bin",
    platform: "linux",
    isExecutable: only(bundled, "/usr/bin/copydesk"),
  });
  assert.deepEqual(r, { kind: "found", command: bundled, origin: "bundled" });
});

test("PATH is searched in order when nothing else is there", () => {
  const r = findServer({
    configuredPath: "  ",
    extensionPath: ext,
    pathEnv: "/a::/usr/local/bin:/usr/bin",
    platform: "linux",
    isExecutable: only("/usr/local/bin/copydesk", "/usr/bin/copydesk"),
  });
  assert.deepEqual(r, { kind: "found", command: "/usr/local/bin/copydesk", origin: "path" });
});

test("nothing found: a message naming every place looked at", () => {
  const r = findServer({ extensionPath: ext, pathEnv: "/usr/bin", platform: "linux", isExecutable: () => false });
  assert.equal(r.kind, "missing");
  if (r.kind === "missing") {
    assert.equal(r.badSetting, false);
    assert.match(r.message, /copydesk\.path/);
    assert.match(r.message, /bundled/);
    assert.match(r.message, /PATH/);
    assert.match(r.message, /cargo install/);
  }
});

test("Windows: copydesk.exe, ; separated PATH", () => {
  assert.equal(bundledPath("C:\\ext", "win32"), path.join("C:\\ext", "server", "copydesk.exe"));
  const found = searchPath("copydesk.exe", "C:\\tools;C:\\cargo\\bin", "win32", only("C:\\cargo\\bin\\copydesk.exe"));
  assert.equal(found, "C:\\cargo\\bin\\copydesk.exe");
});

test("~, ${userHome} and ${workspaceFolder} expand; relative paths resolve in the workspace", () => {
  assert.equal(expandPath("~/bin/copydesk", "/ws", "/home/ana"), "/home/ana/bin/copydesk");
  assert.equal(expandPath("${userHome}/bin/copydesk", "/ws", "/home/ana"), "/home/ana/bin/copydesk");
  assert.equal(expandPath("${workspaceFolder}/target/release/copydesk", "/ws", "/h"), "/ws/target/release/copydesk");
  assert.equal(expandPath("target/release/copydesk", "/ws", "/h"), path.join("/ws", "target/release/copydesk"));
  assert.equal(expandPath("/abs/copydesk", "/ws", "/h"), "/abs/copydesk");
  const r = findServer({
    configuredPath: "~/bin/copydesk",
    home: "/home/ana",
    extensionPath: ext,
    platform: "linux",
    isExecutable: only("/home/ana/bin/copydesk"),
  });
  assert.deepEqual(r, { kind: "found", command: "/home/ana/bin/copydesk", origin: "setting" });
});
