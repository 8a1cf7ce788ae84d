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

// overrides: the level's own object (or null); save(objectOrNull) performs the API call and
// resolves when done.
export function overridesEditor({ summary, overrides, save }) {
  const own = overrides || {};
  const inputs = {};
  const rows = LADDERS.map((ladder) => {
    inputs[ladder] = LEVELS.map((level, i) => {
      const value = own[ladder] ? shown(ladder, own[ladder][i]) : '';
      return field({
        label: t(`level.${level}`),
        name: `${ladder}_${level}`,
        attrs: { inputmode: 'decimal', value, placeholder: t('thresholds.inherited_placeholder') },
      });
    });
    return h(
      'fieldset',
      { 'data-field': ladder },
      h('legend', { text: `${t(`thresholds.${ladder}`)} (${PERCENT_LADDERS.has(ladder) ? '%' : 'x'})` }),
      h('div', { class: 'grid three' }, inputs[ladder].map((f) => f.wrap)),
      h('p', { class: 'field-error', 'aria-live': 'polite' }),
    );
  });
  const clearButton = h('button', { type: 'button', class: 'secondary', text: t('thresholds.use_inherited') });
  const form = h(
    'form',
    { novalidate: true, 'data-form': 'overrides' },
    h('p', { class: 'hint', text: t('thresholds.inherit_hint') }),
    rows,
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
    busy(form, () => send(null));
  });
  return details;
}
