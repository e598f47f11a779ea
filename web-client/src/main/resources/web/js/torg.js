// Progressive enhancement of Torg's server-rendered pages. Everything is readable without this
// script; with it, signed-in people sign in, write, reply, edit, delete, like and follow
// through the JSON API, and moderators use the admin sections.
import { api } from './api.js';
import { onSubmit, showStatus } from './forms.js';
import { s } from './strings.js';
import { initEditors } from './editor.js';
import { initThread } from './thread.js';
import { initLive } from './live.js';
import { uploadAttachment } from './media.js';

for (const element of document.querySelectorAll('.needs-js[hidden]')) {
  element.hidden = false;
}
// A post's own controls (edit, delete) are in every signed-in reader's page, hidden: shown to its
// author alone, so the page's posts can be rendered once for all readers. The server checks anyway.
const viewer = document.body.dataset.viewer;
for (const element of document.querySelectorAll('.own[hidden][data-author]')) {
  element.hidden = element.dataset.author !== viewer;
}

document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) {
    return;
  }
  if (button.dataset.action === 'copy') {
    try {
      await navigator.clipboard.writeText(button.dataset.copy);
      button.textContent = s('copied');
    } catch (e) {
      // Clipboard refused (no permission): the text stays selectable in its field.
      button.previousElementSibling?.select?.();
    }
  } else if (button.dataset.action === 'sign-out') {
    await api('DELETE', '/api/v1/sessions', {}).catch(() => null);
    location.assign('/');
  } else if (button.dataset.action === 'mark-read') {
    await api('POST', '/api/v1/notifications/read', {});
    for (const item of document.querySelectorAll('.notifications li.unread')) {
      item.classList.replace('unread', 'read');
      item.querySelector('.badge')?.remove();
    }
    button.parentElement.querySelector('.form-status').textContent = s('marked_read');
  }
});

function nextPath(raw) {
  // Only paths on this site, never another origin (the server checks this too).
  return raw && raw.startsWith('/') && !raw.startsWith('//') ? raw : '/';
}

const signIn = document.querySelector('form[data-form=signin]');
if (signIn) {
  onSubmit(signIn, async (f) => {
    const body = { username: f.username, password: f.password, cookie: true };
    if (f.otp && f.otp.trim()) {
      body.otp = f.otp.trim();
    }
    try {
      await api('POST', '/api/v1/sessions', body);
    } catch (e) {
      if (e.code === 'otp_required') {
        signIn.querySelector('#signin-otp').focus();
      }
      throw e;
    }
    location.assign(nextPath(signIn.dataset.next));
  });
}

const register = document.querySelector('form[data-form=register]');
if (register) {
  onSubmit(register, async (f) => {
    const body = { username: f.username, email: f.email, password: f.password };
    if (f.reason) {
      body.reason = f.reason;
    }
    const response = await fetchRegistration(body);
    if (response === 'pending') {
      showStatus(register, s('registered_pending'));
      return;
    }
    showStatus(register, s('registered'));
    await api('POST', '/api/v1/sessions', { username: f.username, password: f.password, cookie: true });
    location.assign('/');
  });
}

async function fetchRegistration(body) {
  const account = await api('POST', '/api/v1/accounts', body);
  return account && account.state === 'pending' ? 'pending' : 'active';
}

const newThread = document.querySelector('form[data-form=new-thread]');
if (newThread) {
  onSubmit(newThread, async (f) => {
    const mediaIds = await uploadAttachment(newThread);
    const thread = await api('POST', `/api/v1/groups/${encodeURIComponent(newThread.dataset.group)}/threads`,
      { title: f.title, content: f.content, media_ids: mediaIds });
    location.assign(new URL(thread.url, location.href).pathname);
  });
}

const follow = document.querySelector('form[data-form=follow]');
if (follow) {
  onSubmit(follow, async (f) => {
    const result = await api('POST', '/api/v1/follows', { target: f.target.trim() });
    showStatus(follow, result.state === 'accepted' ? s('followed', f.target.trim()) : s('follow_pending', f.target.trim()));
  });
}

// Export, import and moving (/settings/export, /settings/move).
const importForm = document.querySelector('form[data-form=import]');
if (importForm) {
  onSubmit(importForm, async (f) => {
    const file = importForm.querySelector('input[type=file]').files[0];
    const csv = new Blob([file ? await file.text() : ''], { type: 'text/csv' });
    const result = await api('POST', `/api/v1/me/imports?type=${encodeURIComponent(f.type)}`, csv);
    showStatus(importForm, s('import_queued', result.total));
  });
}
const aliasForm = document.querySelector('form[data-form=alias]');
if (aliasForm) {
  onSubmit(aliasForm, async (f) => {
    await api('POST', '/api/v1/me/aliases', { alias: f.alias.trim() });
    location.reload();
  });
}
document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-action=remove-alias]');
  if (button) {
    await api('DELETE', `/api/v1/me/aliases?alias=${encodeURIComponent(button.dataset.alias)}`).catch(() => null);
    location.reload();
  }
});
const moveForm = document.querySelector('form[data-form=move]');
if (moveForm) {
  onSubmit(moveForm, async (f) => {
    const result = await api('POST', '/api/v1/me/move', { target: f.target.trim(), password: f.password });
    showStatus(moveForm, s('moved', result.handle));
  });
}

// A post's own page opens on the post, below its ancestors (as Mastodon's does).
document.querySelector('.thread .post.current')?.scrollIntoView({ block: 'start' });

initEditors(document);
if (document.querySelector('.thread[data-thread]') && document.body.dataset.signedIn) {
  initThread();
}
initLive();
const section = document.body.dataset.section;
if (section) {
  import('./admin.js').then((admin) => admin.init(section));
}
