// Finding the copydesk executable: the `copydesk.path` setting, then the binary bundled
// in the extension (server/copydesk[.exe]), then `copydesk` on PATH.
//
// Pure: no `vscode` import, so the unit tests run under plain node.

import * as fs from "node:fs";
import * as path from "node:path";

export type ServerOrigin = "setting" | "bundled" | "path";

export interface Found {
  kind: "found";
  command: string;
  origin: ServerOrigin;
}

export interface NotFound {
  kind: "missing";
  /** What to tell the user, naming every place that was looked at. */
  message: string;
  /** True when `copydesk.path` was set but does not point at an executable. */
  badSetting: boolean;
}

export interface DiscoveryInput {
  /** The `copydesk.path` setting ("" or undefined when unset). */
  configuredPath?: string;
  /** The extension's install directory. */
  extensionPath: string;
  /** The PATH environment variable. */
  pathEnv?: string;
  /** `process.platform`. */
  platform?: NodeJS.Platform;
  /** PATHEXT on Windows. */
  pathExt?: string;
  /** The workspace folder `${workspaceFolder}` and relative paths resolve against. */
  workspaceFolder?: string;
  /** The home directory, for `~/…`. */
  home?: string;
  /** Whether a file exists and is executable (injected by tests). */
  isExecutable?: (file: string) => boolean;
}

export function exeName(platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? "copydesk.exe" : "copydesk";
}

/** The bundled binary's location inside the extension. */
export function bundledPath(extensionPath: string, platform: NodeJS.Platform = process.platform): string {
  return path.join(extensionPath, "server", exeName(platform));
}

export function defaultIsExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform === "win32") {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Expand `~`, `${workspaceFolder}` and `${userHome}`, and resolve a relative path. */
export function expandPath(p: string, workspaceFolder?: string, home?: string): string {
  let out = p.trim();
  if (home) {
    out = out.replace(/\$\{userHome\}/g, home);
    if (out === "~" || out.startsWith("~/") || out.startsWith("~\\")) {
      out = home + out.slice(1);
    }
  }
  if (workspaceFolder) {
    out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
    if (!path.isAbsolute(out)) {
      out = path.join(workspaceFolder, out);
    }
  }
  return out;
}

/** Search PATH for the executable (with PATHEXT on Windows). */
export function searchPath(
  name: string,
  pathEnv: string,
  platform: NodeJS.Platform,
  isExecutable: (f: string) => boolean,
  pathExt = ".EXE;.CMD;.BAT",
): string | undefined {
  const sep = platform === "win32" ? ";" : ":";
  const exts = platform === "win32" ? ["", ...pathExt.split(";").filter(Boolean)] : [""];
  const join = platform === "win32" ? path.win32.join : path.posix.join;
  for (const dir of pathEnv.split(sep)) {
    if (!dir) {
      continue;
    }
    for (const ext of exts) {
      const base = platform === "win32" && name.toLowerCase().endsWith(".exe") && ext ? name.slice(0, -4) : name;
      const candidate = join(dir, base + ext);
      if (isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

export function findServer(input: DiscoveryInput): Found | NotFound {
  const platform = input.platform ?? process.platform;
  const isExecutable = input.isExecutable ?? defaultIsExecutable;
  const configured = (input.configuredPath ?? "").trim();
  if (configured) {
    const p = expandPath(configured, input.workspaceFolder, input.home);
    if (isExecutable(p)) {
      return { kind: "found", command: p, origin: "setting" };
    }
    return {
      kind: "missing",
      badSetting: true,
      message: `copydesk: the setting copydesk.path is "${configured}", but ${p} is not an executable file.`,
    };
  }
  const bundled = bundledPath(input.extensionPath, platform);
  if (isExecutable(bundled)) {
    return { kind: "found", command: bundled, origin: "bundled" };
  }
  const onPath = searchPath(exeName(platform), input.pathEnv ?? "", platform, isExecutable, input.pathExt);
  if (onPath) {
    return { kind: "found", command: onPath, origin: "path" };
  }
  return {
    kind: "missing",
    badSetting: false,
    message:
      "copydesk: the copydesk language server was not found (no copydesk.path setting, no binary bundled with the extension, no copydesk on PATH). Install it with `cargo install --path .` in the copydesk repository, or set copydesk.path.",
  };
}
