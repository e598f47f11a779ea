// The admin sections that run on the admin API: the reports queue, domain blocks and accounts.
// Every value from the API goes into the page as text (textContent); only post content, which
// the server sanitized, is inserted as HTML.
import { api } from './api.js';
import { onSubmit, showStatus } from './forms.js';
import { s } from './strings.js';

export function init(section) {
  switch (section) {
    case 'admin-reports':
      return reports();
    case 'admin-domain-blocks':
      return domainBlocks();
    case 'admin-accounts':
      return accounts();
    default:
      return null;
  }
}

function text(tag, value, className) {
  const element = document.createElement(tag);
  element.textContent = value ?? '';
  if (className) {
    element.className = className;
  }
  return element;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(document.documentElement.lang) : '';
}

// ---- Reports: each with the reported posts in their context, and an action with a reason.

async function reports() {
  const status = document.getElementById('reports-status');
  const list = document.getElementById('reports');
  let open;
  try {
    open = await api('GET', '/api/v1/admin/reports?state=open');
  } catch (e) {
    status.textContent = s('error', e.message);
    return;
  }
  const items = Array.isArray(open) ? open : (open.items ?? []);
  status.textContent = items.length === 0 ? s('no_reports') : s('loaded', items.length);
  for (const report of items) {
    list.append(reportItem(report));
  }
}

function reportItem(report) {
  const item = document.getElementById('report-template').content.firstElementChild.cloneNode(true);
  item.id = `report-${report.id}`;
  item.querySelector('.report-title').textContent = s('report', report.id);
  item.querySelector('.report-reporter').textContent = report.reporter ?? report.origin ?? '';
  item.querySelector('.report-target').textContent = report.targetAccount ?? s('no_target');
  item.querySelector('.report-comment').textContent = report.comment ?? '';
  item.querySelector('.report-at').textContent = when(report.createdAt);
  const posts = item.querySelector('.report-posts');
  for (const postId of report.posts ?? []) {
    posts.append(reportedPost(typeof postId === 'object' ? postId.id : postId));
  }
  const form = item.querySelector('form');
  const reason = form.querySelector('textarea');
  reason.id = `reason-${report.id}`;
  form.querySelector('.reason-label').htmlFor = reason.id;
  for (const radio of form.querySelectorAll('input[type=radio]')) {
    radio.name = `action-${report.id}`;
  }
  onSubmit(form, async () => {
    const action = form.querySelector('input[type=radio]:checked').value;
    await api('POST', `/api/v1/admin/reports/${encodeURIComponent(report.id)}/resolve`, { action, reason: reason.value });
    showStatus(form, s('resolved'));
    form.querySelector('button[type=submit]').remove();
    for (const input of form.querySelectorAll('input, textarea')) {
      input.disabled = true;
    }
  });
  return item;
}

function reportedPost(postId) {
  const box = document.createElement('div');
  box.className = 'reported-post';
  api('GET', `/api/v1/posts/${encodeURIComponent(postId)}`).then((post) => {
    box.append(text('p', `${post.author.displayName} (${post.author.handle})`, 'meta'));
    const content = document.createElement('div');
    // Sanitized by the server: Torg's rendered Markdown, or remote HTML cleaned on arrival.
    content.innerHTML = post.content;
    box.append(content);
    const link = text('a', s('in_thread'));
    link.href = `${new URL(post.url, location.href).pathname}`;
    box.append(link);
    if (post.deleted) {
      box.append(text('p', s('post_gone'), 'meta'));
    }
  }).catch(() => box.append(text('p', s('post_gone'), 'meta')));
  return box;
}

// ---- Domain blocks: list, add, remove, and Mastodon's CSV blocklist format both ways.

const CSV_HEADER = '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate';

async function domainBlocks() {
  const form = document.querySelector('form[data-form=domain-block]');
  onSubmit(form, async (f) => {
    await api('POST', '/api/v1/admin/domain-blocks', { domain: f.domain.trim(), severity: f.severity, reason: f.reason });
    showStatus(form, s('blocked', f.domain.trim()));
    form.reset();
    await loadBlocks();
  });
  document.querySelector('button[data-action=export-blocks]').addEventListener('click', exportBlocks);
  const importForm = document.querySelector('form[data-form=import-blocks]');
  onSubmit(importForm, async () => {
    const file = importForm.querySelector('input[type=file]').files[0];
    if (!file) {
      throw new Error(s('no_file'));
    }
    const result = await importBlocks(await file.text());
    showStatus(importForm, s('imported', result.imported, result.failed));
    await loadBlocks();
  });
  await loadBlocks();
}

let blocks = [];

async function loadBlocks() {
  const status = document.getElementById('blocks-status');
  const body = document.getElementById('blocks');
  try {
    const answer = await api('GET', '/api/v1/admin/domain-blocks');
    blocks = Array.isArray(answer) ? answer : (answer.items ?? []);
  } catch (e) {
    status.textContent = s('error', e.message);
    return;
  }
  body.replaceChildren();
  status.textContent = blocks.length === 0 ? s('no_blocks') : s('loaded', blocks.length);
  for (const block of blocks) {
    const row = document.createElement('tr');
    const domain = text('th', block.domain);
    domain.scope = 'row';
    row.append(domain, text('td', block.severity), text('td', block.reason), text('td', when(block.createdAt)));
    const cell = document.createElement('td');
    const remove = text('button', s('remove'));
    remove.type = 'button';
    remove.setAttribute('aria-label', `${s('remove')} ${block.domain}`);
    remove.addEventListener('click', async () => {
      try {
        await api('DELETE', `/api/v1/admin/domain-blocks/${encodeURIComponent(block.domain)}`);
        status.textContent = s('unblocked', block.domain);
        await loadBlocks();
      } catch (e) {
        status.textContent = s('error', e.message);
      }
    });
    cell.append(remove);
    row.append(cell);
    body.append(row);
  }
}

function csvField(value) {
  const v = String(value ?? '');
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function exportBlocks() {
  const lines = [CSV_HEADER];
  for (const b of blocks) {
    lines.push([b.domain, b.severity === 'reject_media' ? 'noop' : b.severity,
      String(Boolean(b.rejectMedia ?? b.severity === 'reject_media')), String(Boolean(b.rejectReports)),
      b.reason ?? '', String(Boolean(b.obfuscate))].map(csvField).join(','));
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }));
  link.download = 'domain_blocks.csv';
  document.body.append(link);
  link.click();
  link.remove();
}

function parseCsv(textValue) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < textValue.length; i++) {
    const c = textValue[i];
    if (quoted) {
      if (c === '"' && textValue[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && textValue[i + 1] === '\n') {
        i++;
      }
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

/** The server's importer when it has one; otherwise each line of the CSV as one block. */
async function importBlocks(csv) {
  const headers = { 'Content-Type': 'text/csv', 'X-CSRF-Token': decodeURIComponent(
    (document.cookie.split('; ').find((c) => c.startsWith('torg_csrf=')) ?? '=').split('=')[1]) };
  const response = await fetch('/api/v1/admin/domain-blocks/import', { method: 'POST', headers, body: csv, credentials: 'same-origin' });
  if (response.ok) {
    const result = await response.json();
    return { imported: result.imported ?? 0, failed: (result.skipped ?? []).length };
  }
  if (response.status !== 404 && response.status !== 405) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.message ?? response.statusText);
  }
  const rows = parseCsv(csv);
  const header = rows[0]?.[0]?.startsWith('#') ? rows.shift().map((h) => h.replace(/^#/, '')) : CSV_HEADER.replace(/#/g, '').split(',');
  let imported = 0;
  let failed = 0;
  for (const r of rows) {
    const line = Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']));
    const severity = line.severity === 'noop' ? 'reject_media' : (line.severity || 'suspend');
    try {
      await api('POST', '/api/v1/admin/domain-blocks', { domain: line.domain.trim(), severity, reason: line.public_comment ?? '' });
      imported++;
    } catch (e) {
      failed++;
    }
  }
  return { imported, failed };
}

// ---- Accounts: approve registrations, set roles.

async function accounts() {
  await Promise.all([pending(), active()]);
}

async function pending() {
  const status = document.getElementById('pending-status');
  const list = document.getElementById('pending');
  list.replaceChildren();
  let page;
  try {
    page = await api('GET', '/api/v1/admin/accounts?state=pending');
  } catch (e) {
    status.textContent = s('error', e.message);
    return;
  }
  status.textContent = page.items.length === 0 ? s('no_pending') : s('loaded', page.items.length);
  for (const account of page.items) {
    const item = document.createElement('li');
    item.append(text('strong', account.username), ' ', text('span', account.email, 'meta'));
    if (account.registrationReason) {
      item.append(text('p', account.registrationReason));
    }
    for (const [label, path, done] of [[s('approve'), 'approve', 'approved'], [s('reject'), 'reject', 'rejected']]) {
      const button = text('button', label);
      button.type = 'button';
      button.setAttribute('aria-label', `${label} ${account.username}`);
      button.addEventListener('click', async () => {
        try {
          await api('POST', `/api/v1/admin/accounts/${encodeURIComponent(account.username)}/${path}`);
          status.textContent = s(done, account.username);
          await Promise.all([pending(), active()]);
        } catch (e) {
          status.textContent = s('error', e.message);
        }
      });
      item.append(' ', button);
    }
    list.append(item);
  }
}

async function active() {
  const status = document.getElementById('active-status');
  const body = document.getElementById('active');
  body.replaceChildren();
  let page;
  try {
    page = await api('GET', '/api/v1/admin/accounts?state=active');
  } catch (e) {
    status.textContent = s('error', e.message);
    return;
  }
  status.textContent = s('loaded', page.items.length);
  for (const account of page.items) {
    const row = document.createElement('tr');
    const name = text('th', account.handle ?? account.username);
    name.scope = 'row';
    const cell = document.createElement('td');
    const select = document.createElement('select');
    select.setAttribute('aria-label', s('role_of', account.username));
    for (const role of ['citizen', 'moderator', 'admin']) {
      const option = text('option', s(`role.${role}`));
      option.value = role;
      option.selected = account.role === role;
      select.append(option);
    }
    select.addEventListener('change', async () => {
      try {
        await api('PUT', `/api/v1/admin/accounts/${encodeURIComponent(account.username)}/role`, { role: select.value });
        status.textContent = s('role_saved', account.username);
      } catch (e) {
        status.textContent = s('error', e.message);
      }
    });
    cell.append(select);
    row.append(name, cell);
    body.append(row);
  }
}
