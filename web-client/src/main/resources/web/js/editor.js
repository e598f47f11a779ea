// The Markdown editor's preview: rendered by the server's own renderer (POST /api/v1/preview),
// so what is previewed is exactly what will be posted, and already sanitized.
import { api } from './api.js';
import { s } from './strings.js';

export function initEditors(root) {
  for (const button of root.querySelectorAll('button[data-action=preview]')) {
    button.addEventListener('click', async () => {
      const textarea = document.getElementById(button.dataset.editor);
      const preview = document.getElementById(`${button.dataset.editor}-preview`);
      preview.hidden = false;
      if (!textarea.value.trim()) {
        preview.textContent = s('preview_empty');
        return;
      }
      try {
        const rendered = await api('POST', '/api/v1/preview', { content: textarea.value });
        // Safe: HTML produced by Torg's Markdown renderer and passed through its sanitizer.
        preview.innerHTML = rendered.html;
      } catch (e) {
        preview.textContent = s('error', e.message);
      }
    });
  }
}
