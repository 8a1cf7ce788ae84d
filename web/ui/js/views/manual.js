// Hand-entered positions: a form to enter or edit one (venue, symbol, side, entry, size, leverage,
// margin mode, optional margin) and the list with Edit and Delete. Baro prices them from the
// venue's public mark price and estimates their liquidation price.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { number, percent, price } from '../format.js';
import { levelName } from '../charts.js';
import { venueName } from '../venues.js';
import { busy, clearErrors, field, select, setFieldError, setStatus, showError, statusLine } from '../forms.js';

export function manualSection(ctx, onChange) {
  const venues = ctx.venues.map((v) => [v.id, venueName(v.id)]);
  const venue = field({ label: t('manual.venue'), name: 'venue', control: select('venue', venues) });
  const symbol = field({
    label: t('manual.symbol'),
    name: 'symbol',
    hint: t('manual.symbol_hint'),
    attrs: { autocomplete: 'off', spellcheck: 'false', required: true },
  });
  // The picker: the venue's own perpetual symbols as the field's suggestions, loaded when a venue
  // is chosen (GET /api/v1/venues/{venue}/symbols); typing stays possible.
  const symbolList = h('datalist', { id: `${symbol.input.id}-list`, 'data-symbol-list': true });
  symbol.input.setAttribute('list', symbolList.id);
  symbol.wrap.append(symbolList);
  const symbolHint = symbol.wrap.querySelector('.hint');
  const lists = new Map();
  let listSeq = 0;
  async function loadSymbols() {
    const chosen = venue.input.value;
    const seq = ++listSeq;
    symbolList.removeAttribute('data-venue');
    try {
      if (!lists.has(chosen)) lists.set(chosen, (await api('GET', `/api/v1/venues/${encodeURIComponent(chosen)}/symbols`)).symbols || []);
    } catch {
      if (seq !== listSeq) return;
      clear(symbolList);
      symbolHint.textContent = t('manual.symbol_list_unavailable', { venue: venueName(chosen) });
      return;
    }
    if (seq !== listSeq) return;
    const entries = lists.get(chosen);
    clear(symbolList).append(...entries.map((e) => h('option', { value: e.symbol, label: `${e.base} / ${e.quote}` })));
    symbolList.setAttribute('data-venue', chosen);
    symbolHint.textContent = t('manual.symbol_pick', { count: number(entries.length, 0), venue: venueName(chosen) });
  }
  venue.input.addEventListener('change', loadSymbols);
  const side = field({
    label: t('manual.side'),
    name: 'side',
    control: select('side', [['long', t('side.long')], ['short', t('side.short')]]),
  });
  const numeric = (name, hint, required = true) =>
    field({
      label: t(`manual.${name}`),
      name,
      hint,
      attrs: { inputmode: 'decimal', autocomplete: 'off', required },
    });
  const entry = numeric('entry_price');
  const size = numeric('size', t('manual.size_hint'));
  const leverage = numeric('leverage');
  const mode = field({
    label: t('manual.margin_mode'),
    name: 'margin_mode',
    control: select('margin_mode', [['isolated', t('margin.isolated')], ['cross', t('margin.cross')]]),
  });
  const margin = numeric('margin', t('manual.margin_hint'), false);

  const estimate = h('p', { class: 'estimate', 'data-estimate': true, 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary', text: t('manual.add') });
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true, text: t('common.cancel') });
  const title = h('h3', { text: t('manual.form_title') });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'manual' },
    title,
    h('div', { class: 'grid' }, venue.wrap, symbol.wrap, side.wrap, entry.wrap, size.wrap, leverage.wrap, mode.wrap, margin.wrap),
    estimate,
    h('div', { class: 'actions' }, submit, cancel),
    statusLine(),
  );
  const listArea = h('div', { 'aria-live': 'polite' });
  const listStatus = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  let editing = null;

  function resetForm() {
    editing = null;
    form.reset();
    title.textContent = t('manual.form_title');
    estimate.textContent = '';
    submit.textContent = t('manual.add');
    cancel.hidden = true;
    loadSymbols();
  }

  function startEdit(p) {
    editing = p.id;
    clearErrors(form);
    venue.input.value = p.venue;
    loadSymbols();
    symbol.input.value = p.symbol;
    side.input.value = p.side;
    entry.input.value = p.entry_price;
    size.input.value = p.size;
    leverage.input.value = p.leverage;
    mode.input.value = p.margin_mode;
    margin.input.value = p.margin === null ? '' : p.margin;
    title.textContent = t('manual.edit_title', { symbol: p.symbol });
    submit.textContent = t('manual.save');
    cancel.hidden = false;
    symbol.input.focus();
  }

  async function remove(p) {
    if (!window.confirm(t('manual.confirm_delete', { symbol: p.symbol }))) return;
    try {
      await api('DELETE', `/api/v1/manual-positions/${p.id}`);
      listStatus.textContent = t('manual.deleted', { symbol: p.symbol });
      if (editing === p.id) resetForm();
      await loadList();
      onChange();
    } catch (error) {
      listStatus.textContent = error.message;
    }
  }

  async function loadList() {
    let data;
    try {
      data = await api('GET', '/api/v1/manual-positions');
    } catch (error) {
      clear(listArea).append(h('p', { class: 'error', text: error.message }));
      return;
    }
    const list = data.positions || [];
    clear(listArea);
    if (list.length === 0) {
      listArea.append(h('p', { class: 'empty', text: t('manual.empty') }));
      return;
    }
    listArea.append(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'manual', 'data-table': 'manual' },
          h('caption', { class: 'visually-hidden', text: t('manual.title') }),
          h(
            'thead',
            {},
            h('tr', {}, ['venue', 'symbol', 'side', 'entry_price', 'size', 'leverage', 'margin_mode', 'actions'].map((k) =>
              h('th', { scope: 'col', text: t(`manual.${k}`) }),
            )),
          ),
          h(
            'tbody',
            {},
            list.map((p) =>
              h(
                'tr',
                { 'data-id': p.id },
                h('td', { 'data-label': t('manual.venue') }, venueName(p.venue)),
                h('th', { scope: 'row', 'data-label': t('manual.symbol') }, p.symbol),
                h('td', { 'data-label': t('manual.side') }, t(`side.${p.side}`)),
                h('td', { 'data-label': t('manual.entry_price') }, price(p.entry_price)),
                h('td', { 'data-label': t('manual.size') }, number(p.size)),
                h('td', { 'data-label': t('manual.leverage') }, `${number(p.leverage, 2)}x`),
                h('td', { 'data-label': t('manual.margin_mode') }, t(`margin.${p.margin_mode}`)),
                h(
                  'td',
                  { class: 'row-actions' },
                  h('button', { type: 'button', class: 'secondary', 'aria-label': t('manual.edit_label', { symbol: p.symbol }), text: t('common.edit'), onclick: () => startEdit(p) }),
                  h('button', { type: 'button', class: 'danger', 'aria-label': t('manual.delete_label', { symbol: p.symbol }), text: t('common.delete'), onclick: () => remove(p) }),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  // The estimate as the exchanges' calculators show it: asked from the server (the same assessment
  // the worker runs) a moment after the last keystroke, once every required field holds a number.
  let previewTimer = null;
  let previewSeq = 0;
  function previewBody() {
    const body = { venue: venue.input.value, symbol: symbol.input.value.trim(), side: side.input.value, margin_mode: mode.input.value };
    for (const [name, input] of [['entry_price', entry.input], ['size', size.input], ['leverage', leverage.input], ['margin', margin.input]]) {
      const text = input.value.trim().replace(',', '.');
      if (text === '') {
        if (name !== 'margin') return null;
        continue;
      }
      if (!(Number(text) > 0)) return null;
      body[name] = text;
    }
    return body.symbol ? body : null;
  }
  async function preview() {
    const body = previewBody();
    const seq = ++previewSeq;
    if (!body) {
      estimate.textContent = '';
      return;
    }
    try {
      const data = await api('POST', '/api/v1/manual-positions/preview', body);
      if (seq !== previewSeq) return;
      const p = data.preview;
      estimate.textContent =
        p.liquidation_price === null
          ? t('manual.estimate_none', { mark: price(p.mark_price) })
          : t('manual.estimate', { liquidation: price(p.liquidation_price), distance: percent(p.distance_to_liquidation), mark: price(p.mark_price), level: levelName(p.level) });
    } catch (error) {
      if (seq === previewSeq) estimate.textContent = error.field ? '' : error.message;
    }
  }
  form.addEventListener('input', () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, 400);
  });
  form.addEventListener('change', () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, 400);
  });

  cancel.addEventListener('click', () => {
    clearErrors(form);
    resetForm();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {
      venue: venue.input.value,
      symbol: symbol.input.value.trim(),
      side: side.input.value,
      margin_mode: mode.input.value,
    };
    for (const [name, input] of [['entry_price', entry.input], ['size', size.input], ['leverage', leverage.input], ['margin', margin.input]]) {
      const text = input.value.trim().replace(',', '.');
      if (text !== '') body[name] = text;
      else if (name === 'margin') body.margin = null;
    }
    // Every mistake at once, each next to its field and named as the form labels it.
    const problems = [];
    if (!body.symbol) problems.push({ field: 'symbol', message: t('manual.error_required', { field: t('manual.symbol') }) });
    for (const [name, label] of [['entry_price', 'manual.entry_price'], ['size', 'manual.size'], ['leverage', 'manual.leverage'], ['margin', 'manual.margin_name']]) {
      const value = body[name];
      if (value === undefined) {
        if (name !== 'margin') problems.push({ field: name, message: t('manual.error_required', { field: t(label) }) });
      } else if (value !== null && !(Number(value) > 0 && Number.isFinite(Number(value)))) {
        problems.push({ field: name, message: t('manual.error_positive', { field: t(label) }) });
      } else if (name === 'leverage' && Number(value) < 1) {
        problems.push({ field: name, message: t('manual.error_leverage') });
      }
    }
    if (problems.length) {
      for (const problem of problems) setFieldError(form, problem.field, problem.message);
      setStatus(form, t('manual.error_count', { count: problems.length }), 'error');
      form.querySelector(`[data-field="${problems[0].field}"] input, [data-field="${problems[0].field}"] select`)?.focus();
      return;
    }
    busy(form, async () => {
      try {
        const wasEditing = editing;
        if (wasEditing) await api('PATCH', `/api/v1/manual-positions/${wasEditing}`, body);
        else await api('POST', '/api/v1/manual-positions', body);
        resetForm();
        setStatus(form, t(wasEditing ? 'manual.saved' : 'manual.added'), 'success');
        await loadList();
        onChange();
        ctx.refreshNotices();
      } catch (error) {
        showError(form, error);
      }
    });
  });

  loadList();
  loadSymbols();
  return h(
    'section',
    { 'aria-labelledby': 'manual-title', class: 'manual-section' },
    h('h2', { id: 'manual-title', text: t('manual.title') }),
    h('p', { class: 'lead', text: t('manual.lead') }),
    listArea,
    listStatus,
    form,
  );
}
