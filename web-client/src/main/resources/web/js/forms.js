// What every form posting to the API shares: reading its fields, showing errors and status.
import { ApiError } from './api.js';
import { s } from './strings.js';

export function fields(form) {
  const out = {};
  for (const [name, value] of new FormData(form).entries()) {
    if (typeof value === 'string') {
      out[name] = value;
    }
  }
  return out;
}

export function showError(form, error) {
  const box = form.querySelector('.form-error');
  const text = error instanceof ApiError && error.status === 0 ? s('network')
    : s('error', error.message || String(error));
  if (box) {
    box.textContent = text;
  }
}

export function showStatus(form, text) {
  const error = form.querySelector('.form-error');
  if (error) {
    error.textContent = '';
  }
  const box = form.querySelector('.form-status');
  if (box) {
    box.textContent = text;
  }
}

/** Runs submit handling with the button disabled, so a double click sends once. */
export function onSubmit(form, handler) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    if (button) {
      button.disabled = true;
    }
    try {
      const error = form.querySelector('.form-error');
      if (error) {
        error.textContent = '';
      }
      await handler(fields(form));
    } catch (e) {
      showError(form, e);
    } finally {
      if (button) {
        button.disabled = false;
      }
    }
  });
}
