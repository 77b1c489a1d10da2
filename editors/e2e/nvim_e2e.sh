#!/usr/bin/env bash
# Neovim end to end: headless Neovim 0.11 with the plugin from editors/nvim and the
# given copydesk binary, once through vim.lsp.enable (lsp/copydesk.lua) and once through
# require('copydesk').setup() (the Neovim 0.9/0.10 path).
#
# Usage: nvim_e2e.sh SERVER   (NVIM: the nvim binary, default `nvim` on PATH)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
server="$(realpath "$1")"
nvim="${NVIM:-nvim}"
"$nvim" --version | head -n 1
status=0
for mode in enable setup; do
  tmp="$(mktemp -d /tmp/copydesk-nvim-e2e.XXXXXX)"
  cp -r "$here/fixtures/workspace/." "$tmp/"
  # A fresh state: no user config, shada, swap files or plugins but this one.
  XDG_CONFIG_HOME="$tmp/.config" XDG_DATA_HOME="$tmp/.data" XDG_STATE_HOME="$tmp/.state" \
    timeout 180 "$nvim" --headless --clean -l "$here/nvim_e2e.lua" \
    "$mode" "$server" "$here/../nvim" "$tmp/harbor-ferry.md" || status=$?
  rm -rf "$tmp"
done
exit "$status"
