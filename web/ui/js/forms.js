// Accessible form parts: every control has a <label>, an optional hint and an error line tied to it
// with aria-describedby; errors from the API land next to the field they name (error.field), others
// in the form's status line, which is an aria-live region.
import { h, uid } from './dom.js';

// A labelled control. `name` is the API field the control feeds (and whose errors it shows).
export function field({ label, name, type = 'text', hint, control, attrs = {} }) {
  const id = uid(name || 'field');
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const input =
    control ||
    h('input', { id, name, type, ...attrs });
  input.id = id;
  if (name && !input.getAttribute('name')) input.setAttribute('name', name);
  input.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  const wrap = h(
    'div',
    { class: 'field', 'data-field': name || '' },
    h('label', { for: id, text: label }),
    input,
    hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null,
    h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite' }),
  );
  return { wrap, input };
}

export function select(name, options, attrs = {}) {
  return h(
    'select',
    { name, ...attrs },
    options.map(([value, text]) => h('option', { value, text })),
  );
}

export function statusLine() {
  return h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
}

export function setFieldError(form, name, message) {
  const wrap = form.querySelector(`[data-field="${name}"]`);
  if (!wrap) return false;
  const error = wrap.querySelector('.field-error');
  error.textContent = message || '';
  const control = wrap.querySelector('input, select, textarea');
  if (control) {
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
  return true;
}

export function clearErrors(form) {
  for (const wrap of form.querySelectorAll('[data-field]')) {
    setFieldError(form, wrap.getAttribute('data-field'), '');
  }
  setStatus(form, '');
}

export function setStatus(form, message, kind = 'info') {
  const line = form.querySelector('.form-status');
  if (!line) return;
  line.textContent = message || '';
  line.className = `form-status ${message ? kind : ''}`.trim();
}

// Shows an ApiError next to its field (and focuses it), or in the status line.
export function showError(form, error) {
  if (error.field && setFieldError(form, error.field, error.message)) {
    const control = form.querySelector(`[data-field="${error.field}"] input, [data-field="${error.field}"] select`);
    if (control) control.focus();
    setStatus(form, '');
    return;
  }
  setStatus(form, error.message, 'error');
}

// Disables the submit button while `work` runs, so a double click sends one request.
export async function busy(form, work) {
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    if (button) button.disabled = false;
    form.removeAttribute('aria-busy');
  }
}
