-- Neovim end to end: the copydesk plugin from this repository, the freshly built
-- server, the fixture draft. Run by nvim_e2e.sh:
--   nvim --headless --clean -l nvim_e2e.lua MODE SERVER PLUGIN_DIR DRAFT
-- MODE: `enable`  — Neovim 0.11: lsp/copydesk.lua through vim.lsp.config/vim.lsp.enable
--       `setup`   — require('copydesk').setup({ legacy = true }): the 0.9/0.10 path
--                   (FileType autocommands and vim.lsp.start)
local mode, server, plugin_dir, draft = arg[1], arg[2], arg[3], arg[4]
assert(mode and server and plugin_dir and draft, 'usage: nvim -l nvim_e2e.lua MODE SERVER PLUGIN_DIR DRAFT')

local passed, failed = 0, 0
local function log(msg)
  io.stdout:write(('[nvim-e2e %s] %s\n'):format(mode, msg))
  io.stdout:flush()
end
local buf
local function check(name, fn)
  -- Every check starts in the draft's window (an earlier one may have left the
  -- quickfix window or a float focused).
  if buf and vim.api.nvim_buf_is_valid(buf) then
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_buf(w) == buf then
        vim.api.nvim_set_current_win(w)
      end
    end
  end
  local t0 = vim.uv.hrtime()
  local ok, err = xpcall(fn, debug.traceback)
  local ms = math.floor((vim.uv.hrtime() - t0) / 1e6)
  if ok then
    passed = passed + 1
    log(('ok   %s (%d ms)'):format(name, ms))
  else
    failed = failed + 1
    log(('FAIL %s: %s'):format(name, err))
  end
end
local function wait(what, cond, ms)
  if not vim.wait(ms or 15000, cond, 50) then
    error('timed out waiting for ' .. what, 2)
  end
end
local function eq(a, b, what)
  if not vim.deep_equal(a, b) then
    error(('%s:\n  expected %s\n  got      %s'):format(what or 'values differ', vim.inspect(b), vim.inspect(a)), 2)
  end
end

-- The plugin as a user installs it: on the runtimepath, plugin/ sourced.
vim.opt.runtimepath:prepend(plugin_dir)
vim.cmd('filetype plugin on')
vim.cmd('runtime! plugin/copydesk.lua')
vim.o.swapfile = false

local settings = { copydesk = { rules = { ['vague-anonymous-source'] = 'warning' } } }
if mode == 'enable' then
  assert(vim.fn.has('nvim-0.11') == 1, 'the enable mode needs Neovim 0.11')
  vim.g.copydesk_path = server
  vim.lsp.config('copydesk', { settings = settings })
  vim.lsp.enable('copydesk')
else
  require('copydesk').setup({ path = server, legacy = true, settings = settings })
end

vim.cmd.edit(vim.fn.fnameescape(draft))
buf = vim.api.nvim_get_current_buf()
local S = vim.diagnostic.severity

local function diags()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'copydesk' then
      out[#out + 1] = { rule = d.code, lnum = d.lnum, col = d.col, severity = d.severity }
    end
  end
  table.sort(out, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return out
end
local function rules_at()
  return vim.tbl_map(function(d)
    return ('%s@%d:%d'):format(d.rule, d.lnum + 1, d.col + 1)
  end, diags())
end

check('the server attaches to the Markdown draft', function()
  eq(vim.bo[buf].filetype, 'markdown', 'filetype')
  wait('a copydesk client on the buffer', function()
    return require('copydesk').client(buf) ~= nil
  end)
  local c = require('copydesk').client(buf)
  eq(c.config.cmd[1], server, 'server command')
  eq(c.server_info and c.server_info.name, 'copydesk', 'server name')
end)

check('diagnostics: rule ids, positions and the severity override', function()
  wait('four copydesk diagnostics', function()
    return #diags() >= 4
  end)
  -- lnum/col are 0-based bytes (Neovim converts the server's UTF-16 positions).
  eq(diags(), {
    { rule = 'attribution-verb', lnum = 6, col = 25, severity = S.WARN },
    { rule = 'house-style-term', lnum = 6, col = 150, severity = S.INFO },
    { rule = 'vague-anonymous-source', lnum = 8, col = 54, severity = S.WARN }, -- error by default; settings say warning
    { rule = 'unsourced-quote', lnum = 12, col = 0, severity = S.ERROR },
  }, 'diagnostics')
end)

check('hover on a quotation names its speaker', function()
  local line = vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1]
  local col = assert(line:find('ferry', 1, true)) - 1
  vim.api.nvim_win_set_cursor(0, { 5, col })
  local params = vim.lsp.util.make_position_params(0, 'utf-16')
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
  local value
  for _, r in pairs(res or {}) do
    if r.result and r.result.contents then
      value = r.result.contents.value
    end
  end
  assert(value, 'no hover: ' .. vim.inspect(res))
  assert(value:find('Speaker: **Mara Lindqvist** (person)', 1, true), value)
  assert(value:find('cue “said” (line 5)', 1, true), value)
  -- The hover range is the quotation.
  local r = select(2, next(res)).result.range
  eq({ r.start.line, r.start.character }, { 4, 0 }, 'hover range start')
end)

check(':CopydeskSources fills the quickfix list from copydesk/sources', function()
  vim.fn.setqflist({}, 'r', { title = '', items = {} })
  vim.cmd('CopydeskSources')
  wait('the quickfix list', function()
    return vim.fn.getqflist({ title = 1 }).title:find('copydesk sources', 1, true) ~= nil
  end)
  local items = vim.fn.getqflist()
  local texts = vim.tbl_map(function(i)
    return ('%d:%d %s'):format(i.lnum, i.col, i.text)
  end, items)
  local line5 = vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1]
  local mara_col = line5:find('Mara Lindqvist', 1, true)
  local line15 = vim.api.nvim_buf_get_lines(buf, 14, 15, false)[1]
  eq(texts, {
    ('5:%d Source: Mara Lindqvist (person) — 2 quotes'):format(mara_col),
    '7:15 Source: Tomas Hale (person, Port Director) — 0 quotes',
    ('15:%d Source: Joan Achebe (person, Principal) — 0 quotes'):format(
      line15:find('Joan Achebe', 1, true)
    ),
    '5:1 Quote: “The ferry is the only way most of us get to work,” — Mara Lindqvist',
    ('5:%d Quote: “Three boats a day is not a schedule, it is a dare.” — Mara Lindqvist'):format(
      line5:find('“Three', 1, true)
    ),
    '13:1 Quote: “Bring a book. Bring a sandwich. Bring patience.” — no speaker',
  }, 'quickfix items')
  eq(items[6].type, 'W', 'an unsourced quote is a warning')
  vim.cmd('cclose')
  vim.cmd('CopydeskSources float')
  local float
  wait('the floating window', function()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= '' then
        float = w
        return true
      end
    end
  end)
  local text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false), '\n')
  assert(text:find('Source: Tomas Hale', 1, true), text)
  vim.api.nvim_win_close(float, true)
  vim.api.nvim_set_current_buf(buf)
end)

check('a code action fixes “stated” and the diagnostic goes', function()
  local line = vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1]
  vim.api.nvim_win_set_cursor(0, { 7, assert(line:find('stated', 1, true)) - 1 })
  local titles = {}
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(a)
      titles[#titles + 1] = a.title
      return a.title == 'Replace with “said”'
    end,
  })
  wait('the edit', function()
    return vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1]:find('Hale said that', 1, true) ~= nil
  end)
  eq(
    vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1],
    'Port Director Tomas Hale said that the second boat would be back in service by June. He said riders would get a refund for unused monthly passes by e-mail.',
    'line 7 after the fix'
  )
  assert(vim.tbl_contains(titles, 'Disable attribution-verb for this line'), vim.inspect(titles))
  wait('attribution-verb to go', function()
    return not vim.tbl_contains(
      vim.tbl_map(function(d)
        return d.rule
      end, diags()),
      'attribution-verb'
    )
  end)
  eq(rules_at(), { 'house-style-term@7:149', 'vague-anonymous-source@9:55', 'unsourced-quote@13:1' }, 'after the fix')
end)

check('diagnostics follow edits', function()
  -- Type a new paragraph with an unsourced quotation at the end of the draft.
  local n = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(
    buf,
    n,
    n,
    false,
    { '', 'The new timetable is posted at the harbor office.', '', '“Nobody asked the island.”' }
  )
  wait('a finding on the new paragraph', function()
    return vim.tbl_contains(rules_at(), ('unsourced-quote@%d:1'):format(n + 4))
  end)
  -- Delete the sign paragraph and its quotation (lines 11–14): later findings move up.
  vim.api.nvim_buf_set_lines(buf, 10, 14, false, {})
  wait('the deleted finding to go and the new one to move', function()
    return vim.deep_equal(rules_at(), {
      'house-style-term@7:149',
      'vague-anonymous-source@9:55',
      ('unsourced-quote@%d:1'):format(n + 4 - 4),
    })
  end)
  -- Fix the vague source: the finding goes.
  vim.api.nvim_buf_set_text(buf, 8, 53, 8, 61, { 'a port engineer who inspected the hull' })
  wait('vague-anonymous-source to go', function()
    return not vim.tbl_contains(
      vim.tbl_map(function(d)
        return d.rule
      end, diags()),
      'vague-anonymous-source'
    )
  end)
end)

check(':CopydeskRestart brings the server back', function()
  local old = require('copydesk').client(buf).id
  vim.cmd('CopydeskRestart')
  wait('a new client', function()
    local c = require('copydesk').client(buf)
    return c ~= nil and c.id ~= old and c.initialized
  end)
  wait('diagnostics from the new server', function()
    return #diags() > 0
  end)
end)

for _, c in ipairs(vim.lsp.get_clients({ name = 'copydesk' })) do
  c:stop()
end
vim.wait(2000, function()
  return #vim.lsp.get_clients({ name = 'copydesk' }) == 0
end)
io.stdout:write(('nvim-e2e-%s: %d passed, %d failed\n'):format(mode, passed, failed))
os.exit(failed == 0 and 0 or 1)
