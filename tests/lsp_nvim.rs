//! End to end with a real editor: Neovim, headless, with `xxgk-lint lsp`
//! attached through its built-in client.
//!
//! Skipped (with a message) only when `nvim` is not installed; `.ci/run`
//! installs it.
#![cfg(feature = "lsp")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// What the editor does: open the report, attach the server, wait for
/// diagnostics, hover on the signing date, then on a second report apply
/// the quick fix for the row total and wait for the diagnostics to follow.
const SCRIPT: &str = r#"
local out = vim.env.XXGK_OUT
local result = { diagnostics = {}, after_fix = {} }

local function start(file)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local config = {
    name = 'xxgk-lint',
    cmd = { vim.env.XXGK_BIN, 'lsp' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
  else
    local id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return bufnr
end

local function diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      code = d.code, source = d.source, severity = d.severity, message = d.message,
    })
  end
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.code < b.code
  end)
  return list
end

local function has(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then return true end
  end
  return false
end

local function run()
  -- 1. Seed 003: diagnostics and hover.
  local report = start(vim.env.XXGK_REPORT)
  result.received = vim.wait(30000, function() return has(report, 'GK403') end, 20)
  result.diagnostics = diagnostics(report)
  local hover = vim.lsp.buf_request_sync(report, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(report) },
    position = { line = 412, character = 3 },
  }, 10000)
  for _, response in pairs(hover or {}) do
    if response.result then result.hover = response.result.contents.value end
  end

  -- 2. Seed 001 with an arithmetic error: apply the quick fix.
  local broken = start(vim.env.XXGK_FIXABLE)
  result.fixable = vim.wait(30000, function() return has(broken, 'GK302') end, 20)
  local target
  for _, d in ipairs(vim.diagnostic.get(broken)) do
    if d.code == 'GK302' then target = d end
  end
  result.related = #(target.user_data.lsp.relatedInformation or {})
  local actions = vim.lsp.buf_request_sync(broken, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(broken) },
    range = {
      start = { line = target.lnum, character = 0 },
      ['end'] = { line = target.lnum + 1, character = 0 },
    },
    context = { diagnostics = {} },
  }, 10000)
  for _, response in pairs(actions or {}) do
    for _, action in ipairs(response.result or {}) do
      if action.diagnostics and action.diagnostics[1].code == 'GK302' then
        result.action = action.title
        vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
      end
    end
  end
  result.fixed_line = vim.api.nvim_buf_get_lines(broken, 86, 87, false)[1]
  result.cleared = vim.wait(30000, function() return not has(broken, 'GK302') end, 20)
  result.after_fix = diagnostics(broken)
end

local ok, err = pcall(run)
result.ok = ok
result.error = err and tostring(err) or nil
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
vim.cmd('qa!')
"#;

fn nvim() -> Option<PathBuf> {
    let found = Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    found.then(|| PathBuf::from("nvim"))
}

/// Waits (at most two minutes) for the editor to end, then reads the
/// result its script wrote to `out`.
fn finished(mut child: std::process::Child, out: &Path) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nvim did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    serde_json::from_str(&std::fs::read_to_string(out).expect("nvim wrote no result")).unwrap()
}

fn cli_findings(bin: &Path, file: &Path) -> Vec<(String, u64)> {
    let output = Command::new(bin)
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["span"]["line"].as_u64().unwrap() - 1,
            )
        })
        .collect()
}

#[test]
fn neovim_receives_the_cli_findings_and_applies_a_quick_fix() {
    let Some(nvim) = nvim() else {
        eprintln!(
            "SKIPPED neovim_receives_the_cli_findings_and_applies_a_quick_fix: \
             `nvim` is not installed (apt-get install neovim)"
        );
        return;
    };
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_xxgk-lint"));
    let dir = std::env::temp_dir().join(format!("xxgk-lsp-nvim-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("003.txt");
    std::fs::write(&report, common::read_fixture(&common::seed("003"))).unwrap();
    let fixable = dir.join("001.txt");
    let seed = common::read_fixture(&common::seed("001"));
    let mut lines: Vec<&str> = seed.split('\n').collect();
    lines[80] = "\t4";
    std::fs::write(&fixable, lines.join("\n")).unwrap();
    let script = dir.join("attach.lua");
    std::fs::write(&script, SCRIPT).unwrap();
    let out = dir.join("result.json");

    let child = Command::new(nvim)
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("XXGK_BIN", &bin)
        .env("XXGK_REPORT", &report)
        .env("XXGK_FIXABLE", &fixable)
        .env("XXGK_OUT", &out)
        .env("XDG_STATE_HOME", &dir)
        .env("XDG_CACHE_HOME", &dir)
        .env("XDG_DATA_HOME", &dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("start nvim");
    let result = finished(child, &out);
    assert_eq!(result["ok"], true, "{result:#}");
    assert_eq!(
        result["received"], true,
        "no diagnostics arrived: {result:#}"
    );

    // The signing date on line 413 (0-based 412), with the CLI's code.
    let diagnostics = result["diagnostics"].as_array().unwrap();
    let cli = cli_findings(&bin, &report);
    let at_413: Vec<&String> = cli
        .iter()
        .filter(|(_, line)| *line == 412)
        .map(|(code, _)| code)
        .collect();
    assert_eq!(at_413, ["GK403"]);
    let date = diagnostics
        .iter()
        .find(|d| d["lnum"] == 412)
        .expect("a diagnostic on line 413");
    assert_eq!(date["code"], "GK403");
    assert_eq!(date["source"], "xxgk-lint");
    assert_eq!(date["severity"], 1, "error");
    assert_eq!(date["col"], 0);
    // Neovim's columns are bytes: 2020年1月20日 is 4 + 3 + 1 + 3 + 2 + 3.
    assert_eq!(date["end_col"], 16);
    // Everything the CLI finds, the editor shows.
    let mut editor: Vec<(String, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["lnum"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut expected = cli.clone();
    editor.sort();
    expected.sort();
    assert_eq!(editor, expected);

    let hover = result["hover"].as_str().expect("hover on the date");
    assert!(
        hover.contains("2020-01-20") && hover.contains("GK403"),
        "{hover}"
    );

    // The quick fix in the editor: the total becomes 4, GK302 goes.
    assert_eq!(result["fixable"], true, "{result:#}");
    // The client declared related information: the six addends came along.
    assert_eq!(result["related"], 6, "{result:#}");
    assert!(
        result["action"]
            .as_str()
            .is_some_and(|title| title.contains("GK302")),
        "{result:#}"
    );
    assert_eq!(result["fixed_line"], "\t\u{a0}4");
    assert_eq!(result["cleared"], true, "{result:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The Lua snippet of docs/editors.md's Neovim section, as written.
fn documented_snippet() -> String {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editors.md"))
            .unwrap();
    let section = &doc[doc.find("## Neovim").expect("a Neovim section")..];
    let start = section.find("```lua\n").expect("a lua block") + "```lua\n".len();
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_string()
}

/// What the test does after the user's configuration has loaded: open two
/// reports of one folder, wait for their diagnostics, count the clients.
const AFTER_INIT: &str = r#"
local out = vim.env.XXGK_OUT
local result = {}
local function codes(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, { code = d.code, lnum = d.lnum })
  end
  return list
end
local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.XXGK_REPORT))
  local first = vim.api.nvim_get_current_buf()
  result.first_received = vim.wait(30000, function() return #vim.diagnostic.get(first) > 0 end, 20)
  result.first = codes(first)
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.XXGK_SECOND))
  local second = vim.api.nvim_get_current_buf()
  result.second_received = vim.wait(30000, function() return #vim.diagnostic.get(second) > 0 end, 20)
  result.second = codes(second)
  result.clients = #vim.lsp.get_active_clients()
  result.filetype = vim.bo[second].filetype
end)
result.ok = ok
result.error = err and tostring(err) or nil
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
vim.cmd('qa!')
"#;

#[test]
fn the_documented_neovim_snippet_works_on_this_neovim() {
    let Some(nvim) = nvim() else {
        eprintln!(
            "skipped: the documented Neovim snippet was not run because \
             `nvim` is not installed (apt-get install neovim)"
        );
        return;
    };
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_xxgk-lint"));
    let dir = std::env::temp_dir().join(format!("xxgk-nvim-doc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    // The folder is a project: the snippet finds its root by the marker.
    std::fs::write(reports.join("xxgk-lint.toml"), "").unwrap();
    let report = reports.join("a.txt");
    let second = reports.join("b.txt");
    std::fs::copy(common::fixture(&common::seed("003")), &report).unwrap();
    std::fs::copy(common::fixture(&common::seed("001")), &second).unwrap();
    let init = dir.join("init.lua");
    std::fs::write(&init, documented_snippet()).unwrap();
    let after = dir.join("after.lua");
    std::fs::write(&after, AFTER_INIT).unwrap();
    let out = dir.join("result.json");
    // `xxgk-lint` on the PATH, as an installed binary is.
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let child = Command::new(nvim)
        .args(["--headless", "-n", "-i", "NONE", "-u"])
        .arg(&init)
        .arg("-c")
        .arg(format!("luafile {}", after.display()))
        .env("PATH", path)
        .env("XXGK_REPORT", &report)
        .env("XXGK_SECOND", &second)
        .env("XXGK_OUT", &out)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nvim");
    let result = finished(child, &out);
    assert_eq!(result["ok"], true, "{result:#}");
    assert_eq!(result["filetype"], "text", "{result:#}");
    assert_eq!(result["first_received"], true, "{result:#}");
    assert_eq!(result["second_received"], true, "{result:#}");
    assert_eq!(
        result["clients"], 1,
        "one server for the folder: {result:#}"
    );
    for (key, file) in [("first", &report), ("second", &second)] {
        let mut editor: Vec<(String, u64)> = result[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["lnum"].as_u64().unwrap(),
                )
            })
            .collect();
        let mut cli = cli_findings(&bin, file);
        editor.sort();
        cli.sort();
        assert_eq!(editor, cli, "{key}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
