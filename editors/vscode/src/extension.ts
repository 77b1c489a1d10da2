// The copydesk extension: starts `copydesk lsp`, maps settings, and adds the sources
// list, the workspace check and the status bar summary.

import * as os from "node:os";
import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";
import { bundledPath, findServer } from "./discovery";
import * as fs from "node:fs";
import { documentSelector, reaction, readSettings, toServerSettings, type ServerSettings } from "./settings";
import { bytePosition, entries, statusText, summarize, type SourcesReport } from "./sources";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let context: vscode.ExtensionContext;
let statusTimer: NodeJS.Timeout | undefined;

function settings(): { server: ServerSettings; plaintext: boolean; path: string } {
  const cfg = vscode.workspace.getConfiguration("copydesk");
  const { settings: s, problems } = readSettings((k) => cfg.get(k));
  for (const p of problems) {
    output.appendLine(p);
  }
  if (problems.length > 0) {
    void vscode.window.showWarningMessage(problems.join(" "));
  }
  return { server: toServerSettings(s), plaintext: s.plaintext, path: s.path };
}

async function showMissing(message: string, badSetting: boolean): Promise<void> {
  const install = "Install instructions";
  const open = "Open settings";
  const pick = await vscode.window.showErrorMessage(message, install, open);
  if (pick === install) {
    const readme = vscode.Uri.joinPath(context.extensionUri, "README.md");
    await vscode.commands.executeCommand("markdown.showPreview", readme);
  } else if (pick === open) {
    await vscode.commands.executeCommand("workbench.action.openSettings", badSetting ? "copydesk.path" : "copydesk");
  }
}

/** Zip tools do not always keep the exec bit of the bundled binary: restore it. */
function ensureBundledExecutable(): void {
  const p = bundledPath(context.extensionPath);
  if (process.platform === "win32" || !fs.existsSync(p)) {
    return;
  }
  try {
    fs.accessSync(p, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(p, 0o755);
    } catch (e) {
      output.appendLine(`copydesk: could not make ${p} executable: ${String(e)}`);
    }
  }
}

async function start(): Promise<void> {
  ensureBundledExecutable();
  const s = settings();
  const found = findServer({
    configuredPath: s.path,
    extensionPath: context.extensionPath,
    pathEnv: process.env.PATH,
    pathExt: process.env.PATHEXT,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    home: os.homedir(),
  });
  if (found.kind === "missing") {
    output.appendLine(found.message);
    status.text = "$(error) copydesk";
    status.tooltip = found.message;
    status.show();
    void showMissing(found.message, found.badSetting);
    return;
  }
  output.appendLine(`copydesk: using ${found.command} (from ${found.origin})`);
  const serverOptions: ServerOptions = {
    command: found.command,
    // No `transport`: TransportKind.stdio would append `--stdio`, which `copydesk lsp`
    // rejects; stdio is the default without it.
    args: ["lsp"],
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(s.plaintext),
    initializationOptions: s.server,
    outputChannel: output,
    middleware: {
      workspace: {
        // The server asks for the `copydesk` section; answer with what it understands
        // (never the editor-only keys, which it would reject).
        configuration: (params, token, next) => {
          const asked = params.items.map((item) => item.section);
          if (asked.every((sec) => sec === "copydesk")) {
            return asked.map(() => settings().server);
          }
          return next(params, token);
        },
      },
    },
  };
  client = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    const msg = `copydesk: the server at ${found.command} did not start: ${String(e)}`;
    output.appendLine(msg);
    void vscode.window.showErrorMessage(msg);
    return;
  }
  scheduleStatus();
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c && c.state !== State.Stopped) {
    await c.stop();
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

/** The active editor's document when the server checks it. */
function activeDraft(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) {
    return undefined;
  }
  const plaintext = vscode.workspace.getConfiguration("copydesk").get("plaintext") === true;
  const ok = doc.languageId === "markdown" || (plaintext && doc.languageId === "plaintext");
  return ok && (doc.uri.scheme === "file" || doc.uri.scheme === "untitled") ? doc : undefined;
}

async function sourcesOf(doc: vscode.TextDocument): Promise<SourcesReport | undefined> {
  if (!client || !client.isRunning()) {
    return undefined;
  }
  return client.sendRequest<SourcesReport>("copydesk/sources", {
    textDocument: { uri: client.code2ProtocolConverter.asUri(doc.uri) },
  });
}

function scheduleStatus(): void {
  if (statusTimer) {
    clearTimeout(statusTimer);
  }
  statusTimer = setTimeout(() => void updateStatus(), 250);
}

async function updateStatus(): Promise<void> {
  const doc = activeDraft();
  if (!doc || !client) {
    status.hide();
    return;
  }
  try {
    const report = await sourcesOf(doc);
    if (!report) {
      status.hide();
      return;
    }
    const { text, tooltip } = statusText(summarize(report));
    status.text = text;
    status.tooltip = tooltip;
    status.command = "copydesk.showSources";
    status.show();
  } catch (e) {
    output.appendLine(`copydesk/sources failed: ${String(e)}`);
    status.hide();
  }
}

async function showSources(): Promise<void> {
  const doc = activeDraft();
  if (!doc) {
    void vscode.window.showInformationMessage("copydesk: open a Markdown draft to list its sources.");
    return;
  }
  let report: SourcesReport | undefined;
  try {
    report = await sourcesOf(doc);
  } catch (e) {
    void vscode.window.showErrorMessage(`copydesk: could not get the sources: ${String(e)}`);
    return;
  }
  if (!report) {
    void vscode.window.showWarningMessage("copydesk: the server is not running.");
    return;
  }
  const text = doc.getText();
  type Item = vscode.QuickPickItem & { start: number; end: number };
  const items: Item[] = entries(report).map((e) => ({
    label: e.label,
    description: e.description,
    detail: e.detail,
    start: e.start,
    end: e.end,
    kind: e.separator ? vscode.QuickPickItemKind.Separator : vscode.QuickPickItemKind.Default,
  }));
  const s = summarize(report);
  const pick = await vscode.window.showQuickPick(items, {
    title: `Sources: ${s.named} named, ${s.anonymous} anonymous · ${s.quotes} quotes, ${s.unsourced} without a speaker`,
    placeHolder: items.length === 0 ? "No sources or quotations in this draft" : "Go to a source or quotation",
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!pick) {
    return;
  }
  const a = bytePosition(text, pick.start);
  const b = bytePosition(text, pick.end);
  const range = new vscode.Range(a.line, a.character, b.line, b.character);
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

interface WorkspaceReport {
  items: { uri: string; kind: string; items?: unknown[] }[];
}

async function checkWorkspace(): Promise<void> {
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage("copydesk: the server is not running.");
    return;
  }
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "copydesk: checking the workspace's drafts" },
    () => client!.sendRequest<WorkspaceReport>("workspace/diagnostic", { previousResultIds: [] }),
  );
  const files = r.items.length;
  const withFindings = r.items.filter((i) => (i.items?.length ?? 0) > 0);
  const findings = withFindings.reduce((n, i) => n + (i.items?.length ?? 0), 0);
  await vscode.commands.executeCommand("workbench.actions.view.problems");
  void vscode.window.showInformationMessage(
    `copydesk checked ${files} draft${files === 1 ? "" : "s"}: ${findings} finding${findings === 1 ? "" : "s"} in ${withFindings.length}.`,
  );
}

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  context = ctx;
  output = vscode.window.createOutputChannel("copydesk");
  status = vscode.window.createStatusBarItem("copydesk.sources", vscode.StatusBarAlignment.Right, 100);
  status.name = "copydesk sources";
  ctx.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("copydesk.restartServer", restart),
    vscode.commands.registerCommand("copydesk.showSources", showSources),
    vscode.commands.registerCommand("copydesk.checkWorkspace", checkWorkspace),
    vscode.window.onDidChangeActiveTextEditor(scheduleStatus),
    vscode.languages.onDidChangeDiagnostics(scheduleStatus),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) {
        scheduleStatus();
      }
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      switch (reaction((k) => e.affectsConfiguration(k))) {
        case "restart":
          await restart();
          break;
        case "push":
          if (client?.isRunning()) {
            await client.sendNotification("workspace/didChangeConfiguration", {
              settings: { copydesk: settings().server },
            });
          }
          break;
        default:
          break;
      }
    }),
    { dispose: () => void stop() },
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
