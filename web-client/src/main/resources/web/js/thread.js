// A thread page for a signed-in reader: reply under any post, like, edit and delete one's own.
import { api } from './api.js';
import { onSubmit } from './forms.js';
import { s } from './strings.js';
import { initEditors } from './editor.js';
import { uploadAttachment } from './media.js';

function reloadAt(postId) {
  history.replaceState(null, '', `#post-${postId}`);
  location.reload();
}

function openForm(templateId, button, onSend, initial) {
  const article = button.closest('article');
  const existing = document.querySelector(`form[data-for="${templateId}"]`);
  if (existing) {
    existing.remove();
    document.querySelectorAll(`[aria-expanded=true]`).forEach((b) => b.setAttribute('aria-expanded', 'false'));
    if (existing.dataset.post === button.dataset.post) {
      return;
    }
  }
  const form = document.getElementById(templateId).content.firstElementChild.cloneNode(true);
  form.dataset.for = templateId;
  form.dataset.post = button.dataset.post;
  article.append(form);
  button.setAttribute('aria-expanded', 'true');
  initEditors(form);
  const textarea = form.querySelector('textarea');
  if (initial !== undefined) {
    textarea.value = initial;
  }
  textarea.focus();
  form.querySelector('button[data-action=cancel]').addEventListener('click', () => {
    form.remove();
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  });
  onSubmit(form, (f) => onSend(f.content, form));
}

export function initThread() {
  document.querySelector('.thread').addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button || !button.dataset.post) {
      return;
    }
    const id = button.dataset.post;
    switch (button.dataset.action) {
      case 'reply':
        openForm('reply-form-template', button, async (content, form) => {
          const mediaIds = await uploadAttachment(form);
          const post = await api('POST', `/api/v1/posts/${id}/replies`, { content, media_ids: mediaIds });
          reloadAt(post.id);
        });
        break;
      case 'edit':
        openForm('edit-form-template', button, async (content) => {
          await api('PATCH', `/api/v1/posts/${id}`, { content });
          reloadAt(id);
        }, button.dataset.source);
        break;
      case 'delete':
        if (confirm(s('confirm_delete'))) {
          await api('DELETE', `/api/v1/posts/${id}`);
          location.reload();
        }
        break;
      case 'like': {
        const liked = button.getAttribute('aria-pressed') === 'true';
        await api(liked ? 'DELETE' : 'POST', `/api/v1/posts/${id}/like`);
        button.setAttribute('aria-pressed', String(!liked));
        button.textContent = liked ? s('like') : s('liked');
        break;
      }
      default:
        break;
    }
  });
}
