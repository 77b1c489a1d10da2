-- copydesk for Neovim: the language server for news drafts (quotations, speakers,
-- sources) plus :CopydeskSources.
--
-- Neovim 0.11+:  vim.lsp.enable('copydesk')          (config in lsp/copydesk.lua)
-- Neovim 0.9+:   require('copydesk').setup({ ... })  (uses vim.lsp.config on 0.11+,
--                                                    FileType autocommands before)
local M = {}

local uv = vim.uv or vim.loop

---@class copydesk.Options
---@field path? string        copydesk executable (default: vim.g.copydesk_path, then `copydesk` on PATH)
---@field cmd? string[]       full command, overrides `path` (default: { path, 'lsp' })
---@field filetypes? string[] buffers to check (default: { 'markdown' })
---@field plaintext? boolean  also check 'text' buffers (.txt drafts)
---@field root_markers? string[]
---@field settings? table     { copydesk = { rules = { ['rule-id'] = 'off' }, debounceMs = 300 } }
---@field legacy? boolean     use FileType autocommands even on 0.11 (for testing)
M.defaults = {
  path = nil,
  cmd = nil,
  filetypes = { 'markdown' },
  plaintext = false,
  root_markers = { 'copydesk.toml', '.git' },
  settings = { copydesk = vim.empty_dict() },
  legacy = false,
}

local options = vim.deepcopy(M.defaults)

local has_011 = vim.fn.has('nvim-0.11') == 1

--- The server configuration (a `vim.lsp.Config` table) for the current options.
---@param user? copydesk.Options
function M.config(user)
  local o = vim.tbl_deep_extend('force', options, user or {})
  local filetypes = vim.deepcopy(o.filetypes)
  if o.plaintext and not vim.tbl_contains(filetypes, 'text') then
    table.insert(filetypes, 'text')
  end
  local settings = vim.deepcopy(o.settings or {})
  return {
    name = 'copydesk',
    cmd = o.cmd or { o.path or vim.g.copydesk_path or 'copydesk', 'lsp' },
    filetypes = filetypes,
    root_markers = o.root_markers,
    settings = settings,
    -- The server reads `{ copydesk = {...} }` or the bare `{...}` at initialize.
    init_options = settings,
    -- Pushed diagnostics, not pulled: Neovim (0.10, 0.11) pulls but cannot be asked to
    -- pull again (no `workspace/diagnostic/refresh`), so findings held back while a
    -- quotation is being typed, and changes of settings, would show only after the next
    -- edit. Without the pull capability the server pushes them when they are ready.
    capabilities = { textDocument = { diagnostic = vim.NIL } },
    on_init = M.on_init,
  }
end

--- Keep Neovim from pulling diagnostics as well as receiving them (see `capabilities`).
function M.on_init(client)
  if client.server_capabilities then
    client.server_capabilities.diagnosticProvider = nil
  end
end

local warned = false
local function check_executable(cmd)
  if warned or type(cmd) ~= 'table' then
    return true
  end
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  warned = true
  vim.notify(
    ('copydesk: `%s` is not executable. Install the server (`cargo install --path .` in the copydesk '
      .. 'repository) or set require("copydesk").setup({ path = "/path/to/copydesk" }). '
      .. 'See :help copydesk or editors/nvim/README.md.'):format(cmd[1]),
    vim.log.levels.WARN
  )
  return false
end

--- The root directory for a buffer: nearest directory with a root marker, else the file's.
local function root_dir(buf, markers)
  local name = vim.api.nvim_buf_get_name(buf)
  local dir = name ~= '' and vim.fs.dirname(name) or uv.cwd()
  local found = vim.fs.find(markers, { upward = true, path = dir, limit = 1 })[1]
  return found and vim.fs.dirname(found) or dir
end

--- Start (or attach) the server for one buffer, the way Neovim 0.9/0.10 do it.
function M.start(buf)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local cfg = M.config()
  if not vim.tbl_contains(cfg.filetypes, vim.bo[buf].filetype) or vim.bo[buf].buftype ~= '' then
    return nil
  end
  if not check_executable(cfg.cmd) then
    return nil
  end
  cfg.root_dir = root_dir(buf, cfg.root_markers)
  cfg.root_markers = nil
  cfg.filetypes = nil
  return vim.lsp.start(cfg, { bufnr = buf })
end

--- Set the options and start the server for matching buffers.
---@param user? copydesk.Options
function M.setup(user)
  options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), user or {})
  local cfg = M.config()
  if has_011 and not options.legacy then
    check_executable(cfg.cmd)
    cfg.name = nil
    vim.lsp.config('copydesk', cfg)
    vim.lsp.enable('copydesk')
    return
  end
  local group = vim.api.nvim_create_augroup('copydesk', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = cfg.filetypes,
    callback = function(ev)
      M.start(ev.buf)
    end,
  })
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) then
      M.start(buf)
    end
  end
end

local function get_clients(filter)
  return (vim.lsp.get_clients or vim.lsp.get_active_clients)(filter)
end

--- The copydesk client attached to a buffer.
function M.client(buf)
  return get_clients({ name = 'copydesk', bufnr = buf })[1]
end

--- Restart the server for every buffer it was attached to.
function M.restart()
  local bufs = {}
  for _, c in ipairs(get_clients({ name = 'copydesk' })) do
    for b in pairs(c.attached_buffers or {}) do
      bufs[#bufs + 1] = b
    end
    if has_011 then
      c:stop()
    else
      c.stop()
    end
  end
  vim.wait(3000, function()
    return #get_clients({ name = 'copydesk' }) == 0
  end, 50)
  if #bufs == 0 and vim.api.nvim_buf_is_loaded(0) then
    bufs = { vim.api.nvim_get_current_buf() }
  end
  for _, b in ipairs(bufs) do
    if vim.api.nvim_buf_is_valid(b) then
      M.start(b)
    end
  end
end

--- Ask the server for a buffer's ledger (`copydesk/sources`); `cb(err, report)`.
function M.request_sources(buf, cb)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local client = M.client(buf)
  if not client then
    cb('copydesk is not attached to this buffer (is it a Markdown draft, and is copydesk installed?)')
    return
  end
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf) }
  local handler = function(err, result)
    cb(err and (err.message or vim.inspect(err)) or nil, result)
  end
  if has_011 then
    client:request('copydesk/sources', params, handler, buf)
  else
    client.request('copydesk/sources', params, handler, buf)
  end
end

--- Byte offset in the text the server sees → 1-based line, 1-based byte column.
function M.offset_to_pos(buf, offset)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local eol = vim.bo[buf].fileformat == 'dos' and 2 or 1
  local start = 0
  for i, l in ipairs(lines) do
    local next_start = start + #l + eol
    if offset < next_start or i == #lines then
      return i, math.min(offset - start, #l) + 1
    end
    start = next_start
  end
  return 1, 1
end

local function excerpt(s, n)
  s = (s or ''):gsub('%s+', ' ')
  if vim.fn.strchars(s) <= n then
    return s
  end
  return vim.fn.strcharpart(s, 0, n - 1) .. '…'
end

local function speech(q)
  return q.kind == 'quotation' or q.kind == 'partial'
end

local function null(v)
  return v == nil or v == vim.NIL
end

--- Quickfix items for a `copydesk/sources` report: every source at its first full
--- reference, then every quotation with its speaker (unsourced ones as warnings).
function M.items(buf, report)
  local items = {}
  local file = vim.api.nvim_buf_get_name(buf)
  for _, s in ipairs(report.sources or {}) do
    local bits = { s.kind }
    if not null(s.role) then
      bits[#bits + 1] = s.role
    end
    if not null(s.anonymous) then
      bits[#bits + 1] = ('anonymous (%s), %s'):format(
        s.anonymous.class,
        null(s.anonymous.reason) and 'no reason given' or 'reason given'
      )
    end
    if not null(s.response) then
      bits[#bits + 1] = 'response: ' .. tostring(s.response.kind):gsub('-', ' ')
    end
    local n = #(s.quotes or {})
    local lnum, col = M.offset_to_pos(buf, s.first_reference.start)
    items[#items + 1] = {
      bufnr = buf,
      filename = file,
      lnum = lnum,
      col = col,
      type = 'I',
      text = ('Source: %s (%s) — %d quote%s'):format(s.name, table.concat(bits, ', '), n, n == 1 and '' or 's'),
      user_data = { copydesk = 'source', name = s.name },
    }
  end
  for _, q in ipairs(report.quotes or {}) do
    if speech(q) then
      local lnum, col = M.offset_to_pos(buf, q.start)
      local who = null(q.speaker) and 'no speaker' or q.speaker.name
      items[#items + 1] = {
        bufnr = buf,
        filename = file,
        lnum = lnum,
        col = col,
        type = null(q.speaker) and 'W' or 'I',
        text = ('Quote: “%s” — %s'):format(excerpt(q.text, 60), who),
        user_data = { copydesk = 'quote', speaker = not null(q.speaker) and q.speaker.name or nil },
      }
    end
  end
  return items
end

--- Lines for the floating window.
function M.lines(buf, report)
  local out = { ('# Sources of %s'):format(vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':t')), '' }
  for _, it in ipairs(M.items(buf, report)) do
    out[#out + 1] = ('- %s  (line %d)'):format(it.text, it.lnum)
  end
  if #out == 2 then
    out[#out + 1] = 'No sources or quotations in this draft.'
  end
  return out
end

--- :CopydeskSources — the draft's sources and quotations in the quickfix list
--- (`view = 'quickfix'`, the default) or a floating window (`view = 'float'`).
function M.sources(opts)
  opts = opts or {}
  local buf = opts.buf or vim.api.nvim_get_current_buf()
  local view = opts.view or vim.g.copydesk_sources_view or 'quickfix'
  M.request_sources(buf, function(err, report)
    if err or not report then
      vim.notify('copydesk: ' .. tostring(err or 'no answer'), vim.log.levels.ERROR)
      return
    end
    if view == 'float' then
      vim.lsp.util.open_floating_preview(M.lines(buf, report), 'markdown', {
        border = 'rounded',
        focus_id = 'copydesk-sources',
        max_width = math.floor(vim.o.columns * 0.8),
      })
    else
      local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':t')
      vim.fn.setqflist({}, ' ', { title = 'copydesk sources: ' .. name, items = M.items(buf, report) })
      if not opts.no_open then
        vim.cmd('botright copen')
      end
    end
    if opts.on_done then
      opts.on_done(report)
    end
  end)
end

return M
