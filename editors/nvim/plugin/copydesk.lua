-- copydesk: user commands. The server itself is started by `vim.lsp.enable('copydesk')`
-- (Neovim 0.11+, config in lsp/copydesk.lua) or `require('copydesk').setup()`.
if vim.g.loaded_copydesk then
  return
end
vim.g.loaded_copydesk = true

vim.api.nvim_create_user_command('CopydeskSources', function(opts)
  require('copydesk').sources({ view = opts.args ~= '' and opts.args or nil })
end, {
  nargs = '?',
  complete = function()
    return { 'quickfix', 'float' }
  end,
  desc = "copydesk: list this draft's sources and quotations (quickfix, or float)",
})

vim.api.nvim_create_user_command('CopydeskRestart', function()
  require('copydesk').restart()
end, { desc = 'copydesk: restart the language server' })
