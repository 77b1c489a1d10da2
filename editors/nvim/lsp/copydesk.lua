-- copydesk language server config for Neovim 0.11+ (`vim.lsp.config` / `vim.lsp.enable`).
--
--   vim.lsp.enable('copydesk')
--
-- Override any field with vim.lsp.config('copydesk', { ... }), e.g. the command:
--   vim.lsp.config('copydesk', { cmd = { '/path/to/copydesk', 'lsp' } })
-- or rule severities (the shape of copydesk.toml's [rules]):
--   vim.lsp.config('copydesk', { settings = { copydesk = { rules = { ['scare-quote'] = 'off' } } } })
---@type vim.lsp.Config
return require('copydesk').config()
