// The page of `xxgk-lint serve`: sends a report to /api/v1/check?model=1
// and shows the findings in the text, in a list and in the tables; for a
// Word document, /api/v1/annotate gives the copy with the findings as
// comments.
// Plain script, no library; the page loads nothing from elsewhere.
'use strict';

const TEXTS = {
  zh: {
    title: '政府信息公开工作年度报告检查',
    subtitle: '按国家格式检查报告的章节、统计表、合计与日期',
    drop: '把报告拖到这里',
    or: '或',
    choose: '选择文件',
    formats: '支持 Word 文档（.docx）、网页（.html）和任何编码的文本（.txt）。文件只用于本次检查，不会被保存。',
    token: '此服务需要访问令牌：',
    tokenGo: '确定',
    downloadJson: '下载 JSON',
    downloadSarif: '下载 SARIF',
    downloadDocx: '下载带批注的 Word 文档',
    annotateFixes: '安全修复写成修订',
    annotating: '正在生成带批注的文档',
    text: '报告正文',
    findings: '问题',
    tables: '统计表',
    tablesHint: '有问题的单元格标红；参与未通过核对的合计的单元格加框。',
    checking: '正在检查',
    failed: '检查失败',
    noFindings: '未发现问题',
    error: '错误',
    warning: '警告',
    info: '提示',
    errors: '错误',
    warnings: '警告',
    infos: '提示',
    line: (line, column) => `第 ${line} 行第 ${column} 列`,
    year: '年度',
    agency: '机关',
    template: '表格格式',
    unknown: '未识别',
    tableMissing: '报告中未找到此表',
    unrecognised: (n) => `另有 ${n} 行未能识别`,
    langSwitch: 'English',
    help: '建议：',
    colon: '：',
    network: '无法连接检查服务',
  },
  en: {
    title: 'Annual open-government-information report check',
    subtitle: 'Sections, statistical tables, totals and dates checked against the national format',
    drop: 'Drop a report here',
    or: 'or',
    choose: 'Choose a file',
    formats: 'Word documents (.docx), web pages (.html) and text in any encoding (.txt). The file is used for this check only and is not kept.',
    token: 'This service needs an access token:',
    tokenGo: 'OK',
    downloadJson: 'Download JSON',
    downloadSarif: 'Download SARIF',
    downloadDocx: 'Download the Word document with comments',
    annotateFixes: 'Safe fixes as tracked changes',
    annotating: 'Writing the comments into the document',
    text: 'Report text',
    findings: 'Findings',
    tables: 'Statistical tables',
    tablesHint: 'Cells with a finding are red; cells of a total that does not add up are framed.',
    checking: 'Checking',
    failed: 'The check failed',
    noFindings: 'No findings',
    error: 'error',
    warning: 'warning',
    info: 'note',
    errors: 'errors',
    warnings: 'warnings',
    infos: 'notes',
    line: (line, column) => `line ${line}, column ${column}`,
    year: 'Year',
    agency: 'Agency',
    template: 'Table format',
    unknown: 'not found',
    tableMissing: 'This table was not found in the report',
    unrecognised: (n) => `${n} more row(s) not recognised`,
    langSwitch: '中文',
    help: 'Help: ',
    colon: ': ',
    network: 'The check service cannot be reached',
  },
};

const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };

const state = {
  lang: new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh',
  file: null,
  token: null,
  data: null,
};

const $ = (id) => document.getElementById(id);
const t = (key) => TEXTS[state.lang][key];

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// ---- language --------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n);
  }
  const button = $('lang-switch');
  button.textContent = t('langSwitch');
  button.lang = state.lang === 'zh' ? 'en' : 'zh';
}

// ---- talking to the service ------------------------------------------------

function headers() {
  return state.token ? { Authorization: `Bearer ${state.token}` } : {};
}

async function post(query, path = 'api/v1/check') {
  const form = new FormData();
  form.append('file', state.file, state.file.name);
  return fetch(`${path}?${query}`, { method: 'POST', body: form, headers: headers() });
}

async function errorOf(response) {
  try {
    const body = await response.json();
    if (body && body.error) return body.error;
  } catch (_) {
    // not JSON: fall through
  }
  return { message: `${response.status} ${response.statusText}` };
}

async function check() {
  if (!state.file) return;
  showStatus(`${t('checking')}${t('colon')}${state.file.name} …`, 'busy');
  let response;
  try {
    response = await post(`model=1&lang=${state.lang}`);
  } catch (_) {
    showStatus(t('network'), 'error');
    return;
  }
  if (response.status === 401) {
    $('token-box').hidden = false;
    $('token').focus();
    showError(await errorOf(response));
    return;
  }
  if (!response.ok) {
    showError(await errorOf(response));
    return;
  }
  state.data = await response.json();
  $('token-box').hidden = true;
  hideStatus();
  render(state.data);
}

function showStatus(message, kind) {
  const box = $('status');
  box.replaceChildren(element('p', null, message));
  box.className = `status ${kind || ''}`;
  box.hidden = false;
}

function showError(error) {
  const box = $('status');
  box.replaceChildren();
  box.append(element('p', 'status-title', `${t('failed')}${t('colon')}${error.message}`));
  if (error.help) box.append(element('p', 'status-help', `${t('help')}${error.help}`));
  box.className = 'status error';
  box.hidden = false;
}

function hideStatus() {
  $('status').hidden = true;
}

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = element('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function baseName() {
  return state.file.name.replace(/\.[^.]*$/, '') || 'report';
}

function downloadJson() {
  if (!state.data) return;
  const contract = Object.assign({}, state.data);
  delete contract.model;
  delete contract.text;
  delete contract.layout;
  download(`${baseName()}.xxgk-lint.json`, 'application/json', `${JSON.stringify(contract, null, 2)}\n`);
}

async function downloadSarif() {
  if (!state.file) return;
  const response = await post(`format=sarif&lang=${state.lang}`);
  if (!response.ok) {
    showError(await errorOf(response));
    return;
  }
  download(`${baseName()}.sarif`, 'application/sarif+json', await response.text());
}

// Whether the file is a Word document, which the service can annotate.
function isWord(file) {
  return /\.docx$/i.test(file.name);
}

// The file name a response is sent as (`filename*=UTF-8''…`), if any.
function attachmentName(response) {
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch (_) {
    return null;
  }
}

// The Word document with the findings as comments (and, when ticked, the
// safe fixes as tracked changes), made by the service.
async function downloadDocx() {
  if (!state.file) return;
  const button = $('download-docx');
  const fixes = $('annotate-fixes').checked ? '&fixes=1' : '';
  button.disabled = true;
  showStatus(`${t('annotating')}${t('colon')}${state.file.name} …`, 'busy');
  let response;
  try {
    response = await post(`lang=${state.lang}${fixes}`, 'api/v1/annotate');
  } catch (_) {
    showStatus(t('network'), 'error');
    return;
  } finally {
    button.disabled = false;
  }
  if (!response.ok) {
    showError(await errorOf(response));
    return;
  }
  const blob = await response.blob();
  hideStatus();
  download(attachmentName(response) || `${baseName()}.checked.docx`, blob.type, blob);
}

// ---- offsets -----------------------------------------------------------------

// Byte offsets (UTF-8, as the service gives them) to string indexes
// (UTF-16, as the page uses them), for the offsets asked for only.
function byteToIndex(text, offsets) {
  const wanted = Array.from(new Set(offsets)).sort((a, b) => a - b);
  const map = new Map();
  let byte = 0;
  let index = 0;
  let next = 0;
  while (next < wanted.length && index <= text.length) {
    while (next < wanted.length && wanted[next] <= byte) {
      map.set(wanted[next], index);
      next += 1;
    }
    if (index >= text.length) break;
    const code = text.codePointAt(index);
    byte += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    index += code > 0xffff ? 2 : 1;
  }
  for (; next < wanted.length; next += 1) map.set(wanted[next], text.length);
  return map;
}

// ---- rendering -------------------------------------------------------------

function render(data) {
  const file = data.files[0];
  const diagnostics = file.diagnostics.map((diagnostic, id) => Object.assign({ id }, diagnostic));
  $('result').hidden = false;
  $('drop').classList.add('compact');
  renderSummary(data, file, diagnostics);
  $('annotate-box').hidden = !isWord(state.file);
  const marks = renderText(data.text || '', diagnostics);
  renderFindings(diagnostics, marks);
  renderTables(data, diagnostics);
}

function severityLabel(severity) {
  return t(severity) || severity;
}

function renderSummary(data, file, diagnostics) {
  $('file-name').textContent = file.path;
  const meta = $('report-meta');
  meta.replaceChildren();
  const report = file.report || {};
  const fields = [
    [t('agency'), report.agency],
    [t('year'), report.year],
    [t('template'), report.template],
  ];
  for (const [label, value] of fields) {
    const item = element('span', 'meta-item');
    item.append(element('span', 'meta-label', label), element('span', 'meta-value', value ?? t('unknown')));
    meta.append(item);
  }
  const counts = $('counts');
  counts.replaceChildren();
  if (diagnostics.length === 0) {
    counts.append(element('span', 'chip clean', `✓ ${t('noFindings')}`));
    return;
  }
  for (const severity of ['error', 'warning', 'info']) {
    const count = data.summary[`${severity}s`] || 0;
    const chip = element('span', `chip sev-${severity}`);
    chip.append(element('strong', null, count), document.createTextNode(` ${t(`${severity}s`)}`));
    counts.append(chip);
  }
}

// The text with every finding marked in place; returns, per finding, the
// element its list entry scrolls to.
function renderText(text, diagnostics) {
  const target = $('text');
  target.replaceChildren();
  target.scrollTop = 0;
  const offsets = [];
  for (const d of diagnostics) {
    offsets.push(d.span.start, d.span.end);
    for (const label of d.labels) offsets.push(label.span.start, label.span.end);
  }
  const at = byteToIndex(text, offsets);
  const ranges = [];
  for (const d of diagnostics) {
    ranges.push({ id: d.id, start: at.get(d.span.start), end: at.get(d.span.end), primary: true, severity: d.severity });
    for (const label of d.labels) {
      ranges.push({ id: d.id, start: at.get(label.span.start), end: at.get(label.span.end), primary: false, severity: d.severity });
    }
  }
  const points = new Set([0, text.length]);
  for (const range of ranges) {
    points.add(range.start);
    points.add(range.end);
  }
  const sorted = Array.from(points).sort((a, b) => a - b);
  const marks = new Map();
  const empty = ranges.filter((range) => range.start === range.end);
  const spans = ranges.filter((range) => range.start < range.end);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < sorted.length; i += 1) {
    const from = sorted[i];
    // A finding about something missing points between two characters.
    for (const range of empty.filter((r) => r.start === from && r.primary)) {
      const caret = element('span', `caret sev-${range.severity}`);
      caret.dataset.ids = String(range.id);
      fragment.append(caret);
      if (!marks.has(range.id)) marks.set(range.id, caret);
    }
    const to = sorted[i + 1];
    if (to === undefined || to <= from) continue;
    const covering = spans.filter((range) => range.start <= from && to <= range.end);
    const piece = text.slice(from, to);
    if (covering.length === 0) {
      fragment.append(document.createTextNode(piece));
      continue;
    }
    const primary = covering.filter((range) => range.primary);
    const mark = element('mark', null, piece);
    if (primary.length > 0) {
      const worst = primary.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
      mark.className = `finding-mark sev-${worst.severity}`;
    } else {
      mark.className = 'label-mark';
    }
    const ids = Array.from(new Set(covering.map((range) => range.id)));
    mark.dataset.ids = ids.join(',');
    for (const range of primary) {
      if (!marks.has(range.id)) marks.set(range.id, mark);
    }
    fragment.append(mark);
  }
  target.append(fragment);
  return marks;
}

function where(d) {
  const parts = [t('line')(d.span.line, d.span.column)];
  if (d.location && d.location.text) parts.push(d.location.text);
  return parts.join(' · ');
}

function renderFindings(diagnostics, marks) {
  const list = $('findings');
  list.replaceChildren();
  list.scrollTop = 0;
  $('finding-count').textContent = `(${diagnostics.length})`;
  if (diagnostics.length === 0) {
    list.append(element('li', 'empty', `✓ ${t('noFindings')}`));
  }
  for (const d of diagnostics) {
    const item = element('li', `finding sev-${d.severity}`);
    item.id = `finding-${d.id}`;
    const button = element('button', 'finding-button');
    button.type = 'button';
    const head = element('span', 'finding-head');
    head.append(
      element('span', `badge sev-${d.severity}`, severityLabel(d.severity)),
      element('code', 'code', d.code),
      element('span', 'where', where(d)),
    );
    button.append(head, element('span', 'message', d.message));
    if (d.help) button.append(element('span', 'help', `${t('help')}${d.help}`));
    button.addEventListener('click', () => focusFinding(d.id, marks));
    item.append(button);
    list.append(item);
  }
}

function focusFinding(id, marks) {
  for (const node of document.querySelectorAll('.active')) node.classList.remove('active');
  const mark = marks.get(id);
  if (mark) {
    scrollWithin($('text'), mark);
    mark.classList.add('active');
  }
  for (const cell of document.querySelectorAll('td[data-ids]')) {
    if (cell.dataset.ids.split(',').includes(String(id))) cell.classList.add('active');
  }
  const item = $(`finding-${id}`);
  if (item) item.classList.add('active');
}

// Scrolls `container` so that `node` is in its middle, and the container
// into the window if it is not in it; the rest of the page stays put.
function scrollWithin(container, node) {
  const box = container.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) {
    container.scrollIntoView({ block: 'nearest' });
  }
  const offset = node.getBoundingClientRect().top - container.getBoundingClientRect().top;
  container.scrollTop += offset - container.clientHeight / 2;
}

function selectFinding(id) {
  const item = $(`finding-${id}`);
  if (!item) return;
  for (const node of document.querySelectorAll('.findings .active')) node.classList.remove('active');
  item.classList.add('active');
  scrollWithin($('findings'), item);
}

function overlaps(span, cell) {
  if (span.start === span.end || cell.start === cell.end) {
    return cell.start <= span.end && span.start <= cell.end;
  }
  return span.start < cell.end && cell.start < span.end;
}

function renderTables(data, diagnostics) {
  const container = $('tables');
  container.replaceChildren();
  const tables = (data.model && data.model.tables) || {};
  const layout = data.layout || {};
  for (const key of Object.keys(tables)) {
    const section = element('section', 'report-table');
    const shape = layout[key];
    const model = tables[key];
    section.append(element('h4', null, shape ? shape.title : key));
    if (!model || !shape || shape.blocks.length === 0) {
      section.append(element('p', 'hint', t('tableMissing')));
      container.append(section);
      continue;
    }
    for (const block of shape.blocks) {
      section.append(renderBlock(block, model, shape.spans, diagnostics));
    }
    if (model.unrecognised && model.unrecognised.length > 0) {
      section.append(element('p', 'hint', t('unrecognised')(model.unrecognised.length)));
    }
    container.append(section);
  }
}

function renderBlock(block, model, spans, diagnostics) {
  const wrapper = element('div', 'table-scroll');
  const table = element('table', 'grid');
  if (block.captions.length > 0) {
    table.append(element('caption', null, block.captions.join(' ')));
  }
  const head = element('thead');
  const headRow = element('tr');
  headRow.append(element('th', 'corner'));
  for (const column of block.columns) headRow.append(element('th', null, column.label));
  head.append(headRow);
  const body = element('tbody');
  for (const row of block.rows) {
    const line = element('tr');
    // Numbered rows (1.属于国家秘密) sit under a group heading.
    line.append(element('th', /^\d/.test(row.label) ? 'row-label sub' : 'row-label', row.label));
    for (const column of block.columns) {
      const key = `${row.key}.${column.key}`;
      const cell = model.cells[key];
      const td = element('td', null, cell ? cell.text : '');
      td.dataset.key = key;
      if (!cell) td.classList.add('absent');
      const span = spans[key];
      if (span) {
        const primary = diagnostics.filter((d) => overlaps(d.span, span));
        const labelled = diagnostics.filter((d) => d.labels.some((label) => overlaps(label.span, span)));
        const ids = Array.from(new Set(primary.concat(labelled).map((d) => d.id)));
        if (primary.length > 0) {
          const worst = primary.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
          td.classList.add('bad', `sev-${worst.severity}`);
        } else if (labelled.length > 0) {
          td.classList.add('addend');
        }
        if (ids.length > 0) td.dataset.ids = ids.join(',');
      }
      line.append(td);
    }
    body.append(line);
  }
  table.append(head, body);
  wrapper.append(table);
  return wrapper;
}

// ---- hover -----------------------------------------------------------------

function showTip(node) {
  const ids = node.dataset.ids.split(',').map(Number);
  const file = state.data && state.data.files[0];
  if (!file) return;
  const tip = $('tip');
  tip.replaceChildren();
  for (const id of ids) {
    const d = file.diagnostics[id];
    if (!d) continue;
    const entry = element('div', 'tip-entry');
    const head = element('div', 'tip-head');
    head.append(element('span', `badge sev-${d.severity}`, severityLabel(d.severity)), element('code', 'code', d.code));
    entry.append(head, element('div', 'message', d.message));
    if (d.help) entry.append(element('div', 'help', `${t('help')}${d.help}`));
    tip.append(entry);
  }
  tip.hidden = false;
  const box = node.getBoundingClientRect();
  const width = Math.min(420, window.innerWidth - 24);
  tip.style.maxWidth = `${width}px`;
  const left = Math.max(12, Math.min(box.left + window.scrollX, window.scrollX + window.innerWidth - width - 12));
  tip.style.left = `${left}px`;
  tip.style.top = `${box.bottom + window.scrollY + 6}px`;
}

function hideTip() {
  $('tip').hidden = true;
}

// ---- start -----------------------------------------------------------------

function choose(file) {
  if (!file) return;
  state.file = file;
  state.data = null;
  $('annotate-box').hidden = true;
  check();
}

document.addEventListener('DOMContentLoaded', () => {
  applyLanguage();
  $('file').addEventListener('change', (event) => choose(event.target.files[0]));
  const drop = $('drop');
  for (const name of ['dragenter', 'dragover']) {
    document.addEventListener(name, (event) => {
      event.preventDefault();
      drop.classList.add('over');
    });
  }
  for (const name of ['dragleave', 'drop']) {
    document.addEventListener(name, (event) => {
      event.preventDefault();
      if (name === 'drop' || event.target === document.documentElement) drop.classList.remove('over');
    });
  }
  document.addEventListener('drop', (event) => choose(event.dataTransfer.files[0]));
  $('lang-switch').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    applyLanguage();
    if (state.file) check();
  });
  $('token-box').addEventListener('submit', (event) => {
    event.preventDefault();
    state.token = $('token').value.trim() || null;
    check();
  });
  $('download-json').addEventListener('click', downloadJson);
  $('download-sarif').addEventListener('click', downloadSarif);
  $('download-docx').addEventListener('click', downloadDocx);
  document.addEventListener('mouseover', (event) => {
    const node = event.target.closest('[data-ids]');
    if (node) showTip(node);
    else hideTip();
  });
  document.addEventListener('click', (event) => {
    const node = event.target.closest('mark[data-ids], .caret[data-ids], td[data-ids]');
    if (node) selectFinding(Number(node.dataset.ids.split(',')[0]));
  });
});
