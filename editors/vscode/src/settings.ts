// VS Code settings → what the copydesk server accepts.
//
// The server takes settings shaped like `copydesk.toml` (`{"rules": {"scare-quote":
// "off"}}`) plus its own `debounceMs`, and rejects unknown keys, so the editor-only
// settings (`path`, `plaintext`, `trace`) must never reach it. Pure: no `vscode` import.

export const SEVERITIES = ["error", "warning", "info", "hint", "off"] as const;
export type Severity = (typeof SEVERITIES)[number];
export type TraceLevel = "off" | "messages" | "verbose";

/** The extension's settings as read from the `copydesk` section. */
export interface ExtensionSettings {
  path: string;
  plaintext: boolean;
  rules: Record<string, Severity>;
  debounceMs?: number;
  trace: TraceLevel;
}

/** The object sent to the server (initializationOptions, didChangeConfiguration). */
export interface ServerSettings {
  rules?: Record<string, Severity>;
  debounceMs?: number;
}

/** A getter like `WorkspaceConfiguration.get`. */
export type Getter = (key: string) => unknown;

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function isSeverity(v: unknown): v is Severity {
  return typeof v === "string" && (SEVERITIES as readonly string[]).includes(v);
}

/** Read and validate the `copydesk` section. `problems` lists what was ignored and why. */
export function readSettings(get: Getter): { settings: ExtensionSettings; problems: string[] } {
  const problems: string[] = [];
  const rawPath = get("path");
  const rawRules = get("rules");
  const rules: Record<string, Severity> = {};
  if (rawRules !== undefined && rawRules !== null) {
    if (typeof rawRules !== "object" || Array.isArray(rawRules)) {
      problems.push("copydesk.rules must be an object mapping rule ids to severities; ignored.");
    } else {
      for (const [id, level] of Object.entries(rawRules as Record<string, unknown>)) {
        const lvl = typeof level === "string" ? level.trim().toLowerCase() : level;
        if (!RULE_ID.test(id)) {
          problems.push(`copydesk.rules: "${id}" is not a rule id; ignored.`);
        } else if (!isSeverity(lvl)) {
          problems.push(
            `copydesk.rules: "${id}" has severity ${JSON.stringify(level)}; use one of ${SEVERITIES.join(", ")}. Ignored.`,
          );
        } else {
          rules[id] = lvl;
        }
      }
    }
  }
  const rawDebounce = get("debounceMs");
  let debounceMs: number | undefined;
  if (typeof rawDebounce === "number" && Number.isFinite(rawDebounce) && rawDebounce >= 0) {
    debounceMs = Math.round(rawDebounce);
  } else if (rawDebounce !== undefined && rawDebounce !== null) {
    problems.push("copydesk.debounceMs must be a number of milliseconds ≥ 0; ignored.");
  }
  const rawTrace = get("trace.server");
  const trace: TraceLevel = rawTrace === "messages" || rawTrace === "verbose" ? rawTrace : "off";
  return {
    settings: {
      path: typeof rawPath === "string" ? rawPath : "",
      plaintext: get("plaintext") === true,
      rules,
      debounceMs,
      trace,
    },
    problems,
  };
}

/** The part of the settings the server understands. */
export function toServerSettings(s: ExtensionSettings): ServerSettings {
  const out: ServerSettings = {};
  if (Object.keys(s.rules).length > 0) {
    out.rules = { ...s.rules };
  }
  if (s.debounceMs !== undefined) {
    out.debounceMs = s.debounceMs;
  }
  return out;
}

/** A document selector entry (the shape of vscode's DocumentFilter). */
export interface Filter {
  scheme: string;
  language: string;
}

/** The documents the client syncs to the server: Markdown, and plain text when enabled. */
export function documentSelector(plaintext: boolean): Filter[] {
  const languages = plaintext ? ["markdown", "plaintext"] : ["markdown"];
  const out: Filter[] = [];
  for (const language of languages) {
    out.push({ scheme: "file", language }, { scheme: "untitled", language });
  }
  return out;
}

/** What a settings change needs: a restart (new binary or documents), a push, or nothing. */
export function reaction(affects: (key: string) => boolean): "restart" | "push" | "none" {
  if (affects("copydesk.path") || affects("copydesk.plaintext")) {
    return "restart";
  }
  if (affects("copydesk.rules") || affects("copydesk.debounceMs")) {
    return "push";
  }
  return "none";
}
