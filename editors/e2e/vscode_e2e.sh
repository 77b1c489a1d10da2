#!/usr/bin/env bash
# VS Code end to end: install the copydesk .vsix into code-server, open the fixture
# workspace in headless Chromium (playwright-core) and run vscode_e2e.mjs.
#
# Usage: vscode_e2e.sh VSIX
# Environment:
#   CODE_SERVER   the code-server launcher (node_modules/.bin/code-server of an npm install)
#   NODE24        directory holding Node 24's `node` (code-server needs it)
#   ARTIFACT_DIR  where screenshots go (default: a new temp dir)
#   CHROMIUM      browser binary (default /usr/bin/chromium)
# The .vsix carries the copydesk server (server/copydesk), so this also checks that the
# extension finds its bundled binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vsix="$(realpath "$1")"
: "${CODE_SERVER:?set CODE_SERVER to the code-server launcher}"
: "${NODE24:?set NODE24 to the directory of Node 24}"
export PATH="$NODE24:$PATH"
ARTIFACT_DIR="${ARTIFACT_DIR:-$(mktemp -d /tmp/copydesk-artifacts.XXXXXX)}"
mkdir -p "$ARTIFACT_DIR"

tmp="$(mktemp -d /tmp/copydesk-vscode-e2e.XXXXXX)"
cs_pid=""
cleanup() {
  if [ -n "$cs_pid" ] && kill -0 "$cs_pid" 2>/dev/null; then
    kill "$cs_pid" 2>/dev/null || true
    wait "$cs_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$tmp/user-data/User" "$tmp/extensions" "$tmp/config"
cp -r "$here/fixtures/workspace" "$tmp/workspace"
cat > "$tmp/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "chat.disableAIFeatures": true,
  "editor.hover.delay": 200,
  "editor.minimap.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "copydesk.rules": { "vague-anonymous-source": "warning" },
  "copydesk.trace.server": "messages"
}
JSON
cat > "$tmp/config/config.yaml" <<'YAML'
bind-addr: 127.0.0.1:0
auth: none
cert: false
YAML

export EXTENSIONS_GALLERY='{"serviceUrl": "http://127.0.0.1:9/gallery", "itemUrl": "http://127.0.0.1:9/item"}' # no gallery: stay offline
cs=(node "$(realpath "$CODE_SERVER")" --config "$tmp/config/config.yaml"
  --user-data-dir "$tmp/user-data" --extensions-dir "$tmp/extensions"
  --disable-telemetry --disable-update-check --disable-workspace-trust
  --disable-getting-started-override)
echo "== code-server --install-extension $(basename "$vsix")"
"${cs[@]}" --install-extension "$vsix" 2>&1 | grep -v '^\[' || true
ls "$tmp/extensions" | grep -q '^copydesk\.copydesk-' || { echo "the extension did not install"; exit 1; }

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
echo "== code-server on 127.0.0.1:$port"
"${cs[@]}" --bind-addr "127.0.0.1:$port" > "$tmp/code-server.log" 2>&1 &
cs_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$cs_pid" 2>/dev/null; then cat "$tmp/code-server.log"; echo "code-server exited"; exit 1; fi
  sleep 0.5
done

status=0
node "$here/vscode_e2e.mjs" "http://127.0.0.1:$port" "$tmp/workspace" "$ARTIFACT_DIR" || status=$?
if [ "$status" -ne 0 ]; then
  echo "== code-server log"; tail -n 50 "$tmp/code-server.log"
  find "$tmp/user-data/logs" -name '*copydesk*' -exec sh -c 'echo "== $1"; tail -n 80 "$1"' _ {} \; 2>/dev/null || true
fi
echo "Screenshot (CI artifact): $ARTIFACT_DIR/vscode-e2e.png"
exit "$status"
