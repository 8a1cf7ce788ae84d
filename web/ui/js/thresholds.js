// A collapsible editor for alert-threshold overrides at one level (a connection or one position).
// Each ladder row is either left empty (the level above applies: the user's settings, then the
// connection's) or filled with three values from warning to emergency. Saving sends only the filled
// rows; "Use the inherited values" clears them all.
import { h } from './dom.js';
import { t } from './i18n.js';
import { busy, clearErrors, field, setStatus, showError, statusLine } from './forms.js';

export const LADDERS = ['distance', 'margin_usage', 'leverage', 'roe'];
export const PERCENT_LADDERS = new Set(['distance', 'margin_usage', 'roe']);
export const LEVELS = ['warning', 'critical', 'emergency'];

function shown(ladder, value) {
  return PERCENT_LADDERS.has(ladder) ? String(+(value * 100).toFixed(2)) : String(value);
}

// The three values of a ladder as the user reads them: "20 % / 8 % / 2.5 %" or "10x / 20x / 50x".
export function ladderText(ladder, values) {
  return values.map((v) => (PERCENT_LADDERS.has(ladder) ? `${shown(ladder, v)} %` : `${shown(ladder, v)}x`)).join(' / ');
}

// overrides: the level's own object (or null); save(objectOrNull) performs the API call and
// resolves when done. inherited: the ladders that apply when a row is left empty, and source the
// words for where they come from ("your settings"); each row says which values apply now.
// preview(ladders) returns a sentence on what would fire now with the ladders as typed.
export function overridesEditor({ summary, overrides, save, inherited = {}, source = '', preview = null }) {
  const own = overrides || {};
  const inputs = {};
  const rows = LADDERS.map((ladder) => {
    const from = Array.isArray(inherited[ladder]) ? inherited[ladder] : null;
    inputs[ladder] = LEVELS.map((level, i) => {
      const value = own[ladder] ? shown(ladder, own[ladder][i]) : '';
      return field({
        label: t(`level.${level}`),
        name: `${ladder}_${level}`,
        attrs: { inputmode: 'decimal', value, placeholder: from ? shown(ladder, from[i]) : t('thresholds.inherited_placeholder') },
      });
    });
    const applies = from
      ? h('p', {
          class: 'hint',
          'data-applies': ladder,
          text: own[ladder]
            ? t('thresholds.overrides', { own: ladderText(ladder, own[ladder]), inherited: ladderText(ladder, from), source })
            : t('thresholds.applies', { values: ladderText(ladder, from), source }),
        })
      : null;
    return h(
      'fieldset',
      { 'data-field': ladder },
      h('legend', { text: `${t(`thresholds.${ladder}`)} (${PERCENT_LADDERS.has(ladder) ? '%' : 'x'})` }),
      applies,
      h('div', { class: 'grid three' }, inputs[ladder].map((f) => f.wrap)),
      h('p', { class: 'field-error', 'aria-live': 'polite' }),
    );
  });
  const clearButton = h('button', { type: 'button', class: 'secondary', text: t('thresholds.use_inherited') });
  const previewLine = preview ? h('p', { class: 'threshold-preview', 'data-threshold-preview': true, 'aria-live': 'polite' }) : null;
  // The ladders as typed, each empty row taking the inherited values; null where a row is partial.
  function typed() {
    const out = {};
    for (const ladder of LADDERS) {
      const raw = inputs[ladder].map((f) => f.input.value.trim().replace(',', '.'));
      if (raw.every((v) => v === '')) out[ladder] = inherited[ladder] || null;
      else if (raw.some((v) => v === '' || !Number.isFinite(Number(v)))) out[ladder] = null;
      else out[ladder] = PERCENT_LADDERS.has(ladder) ? raw.map((v) => Number(v) / 100) : raw.map(Number);
    }
    return out;
  }
  function updatePreview() {
    if (previewLine) previewLine.textContent = preview(typed());
  }
  const form = h(
    'form',
    { novalidate: true, 'data-form': 'overrides' },
    h('p', { class: 'hint', text: t('thresholds.inherit_hint') }),
    rows,
    previewLine,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: t('common.save') }), clearButton),
    statusLine(),
  );
  const customised = Object.keys(own).length > 0;
  const details = h(
    'details',
    { class: 'thresholds-editor', 'data-customised': customised ? 'yes' : 'no' },
    h('summary', {}, summary, ' ', h('span', { class: 'muted', text: t(customised ? 'thresholds.custom' : 'thresholds.inherited') })),
    form,
  );

  async function send(value) {
    try {
      await save(value);
      setStatus(form, t('settings.saved'), 'success');
    } catch (error) {
      showError(form, error);
    }
  }

  form.addEventListener('input', updatePreview);
  updatePreview();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const out = {};
    for (const ladder of LADDERS) {
      const raw = inputs[ladder].map((f) => f.input.value.trim().replace(',', '.'));
      if (raw.every((v) => v === '')) continue;
      const values = raw.map(Number);
      if (raw.some((v) => v === '') || values.some((v) => !Number.isFinite(v))) {
        showError(form, { field: ladder, message: t('thresholds.all_or_none') });
        return;
      }
      out[ladder] = PERCENT_LADDERS.has(ladder) ? values.map((v) => v / 100) : values;
    }
    busy(form, () => send(Object.keys(out).length ? out : null));
  });
  clearButton.addEventListener('click', () => {
    clearErrors(form);
    for (const ladder of LADDERS) for (const f of inputs[ladder]) f.input.value = '';
    updatePreview();
    busy(form, () => send(null));
  });
  return details;
}
