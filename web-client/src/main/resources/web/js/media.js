// A post form's optional attachment: uploaded first (POST /api/v1/media), then named in the
// post's media_ids. An image needs its description (alt text): asked here, refused by the API.
import { api } from './api.js';
import { s } from './strings.js';

/** The ids to send as media_ids: none without a chosen file. */
export async function uploadAttachment(form) {
  const input = form.querySelector('input[type=file][name=file]');
  const file = input && input.files && input.files[0];
  if (!file) {
    return [];
  }
  const descriptionField = form.querySelector('textarea[name=description]');
  const description = descriptionField ? descriptionField.value.trim() : '';
  if (file.type.startsWith('image/') && description === '') {
    descriptionField.setAttribute('aria-invalid', 'true');
    descriptionField.focus();
    throw new Error(s('alt_required'));
  }
  if (descriptionField) {
    descriptionField.removeAttribute('aria-invalid');
  }
  const body = new FormData();
  body.append('description', description);
  body.append('file', file);
  const media = await api('POST', '/api/v1/media', body);
  return [media.id];
}
