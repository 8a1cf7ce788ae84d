// Exchange connections: HyperLiquid by wallet address (checked as typed), any other venue by a
// read-only API key (the passphrase only where the venue needs one), the permission verdict in
// plain words, and every connection's status with rename and delete. Secret fields are
// type=password, never pre-filled, and emptied as soon as the request is answered.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime } from '../format.js';
import { venueName } from '../venues.js';
import { freshnessText } from '../freshness.js';
import { busy, clearErrors, field, select, setFieldError, setStatus, showError, statusLine } from '../forms.js';
import { isPremiumRequired, premiumNotice } from './premium.js';
import { overridesEditor } from '../thresholds.js';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

// What is wrong with a typed address, or '' when it is fine (or still empty).
export function addressProblem(text) {
  const value = text.trim();
  if (value === '' || ADDRESS.test(value)) return '';
  if (PRIVATE_KEY.test(value)) return t('connect.hl.private_key');
  if (!value.startsWith('0x')) return t('connect.hl.needs_0x');
  if (/[^0-9a-fA-F]/.test(value.slice(2))) return t('connect.hl.not_hex');
  return t('connect.hl.length', { count: value.length - 2 });
}

function verdictBlock(connection) {
  const venue = venueName(connection.venue);
  const words = {
    accepted: t('verdict.accepted', { venue }),
    accepted_with_warning: t('verdict.accepted_with_warning', { venue }),
    unverified: t('verdict.unverified', { venue }),
    pending: t('verdict.pending'),
  };
  return h(
    'div',
    { class: `verdict verdict-${connection.verdict}`, 'data-verdict': connection.verdict },
    h('p', { text: words[connection.verdict] || words.pending }),
    (connection.warnings || []).length
      ? h('ul', { class: 'warnings' }, connection.warnings.map((w) => h('li', { text: w })))
      : null,
  );
}

function hyperliquidForm(reload) {
  const label = field({ label: t('connect.label'), name: 'label', hint: t('connect.label_hint'), attrs: { maxlength: 60, autocomplete: 'off' } });
  const address = field({
    label: t('connect.hl.address'),
    name: 'wallet_address',
    hint: t('connect.hl.address_hint'),
    attrs: { autocomplete: 'off', spellcheck: 'false', placeholder: '0x…', required: true },
  });
  const result = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'hyperliquid' },
    h('h2', { text: t('connect.hl.title') }),
    h('p', { class: 'warning-box', role: 'note', text: t('connect.hl.agent_warning') }),
    label.wrap,
    address.wrap,
    h('button', { type: 'submit', class: 'primary', text: t('connect.hl.submit') }),
    statusLine(),
    result,
  );
  address.input.addEventListener('input', () => {
    setFieldError(form, 'wallet_address', addressProblem(address.input.value));
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    clear(result);
    const value = address.input.value.trim();
    const problem = value === '' ? t('connect.hl.required') : addressProblem(value);
    if (problem) {
      showError(form, { field: 'wallet_address', message: problem });
      return;
    }
    busy(form, async () => {
      setStatus(form, t('connect.checking', { venue: 'HyperLiquid' }));
      try {
        const data = await api('POST', '/api/v1/connections', {
          venue: 'hyperliquid',
          label: label.input.value.trim(),
          wallet_address: value,
        });
        form.reset();
        setStatus(form, '');
        result.append(verdictBlock(data.connection));
        await reload();
      } catch (error) {
        showError(form, error);
      }
    });
  });
  return form;
}

// Each exchange's own page for creating and managing API keys.
export const API_MANAGEMENT = {
  binance: 'https://www.binance.com/en/my/settings/api-management',
  bybit: 'https://www.bybit.com/app/user/api-management',
  okx: 'https://www.okx.com/account/my-api',
  bitget: 'https://www.bitget.com/account/newapi',
  gate: 'https://www.gate.io/myaccount/apiv4keys',
  kucoin: 'https://www.kucoin.com/account/api',
};

// Baro's egress address with a button that copies it, for the exchange's IP allow-list.
function egressBlock(address) {
  if (!address) return null;
  const copied = h('span', { class: 'copied', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'secondary small', 'data-copy-egress': true, text: t('connect.copy') });
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(address);
      copied.textContent = t('connect.copied');
    } catch {
      copied.textContent = t('connect.copy_failed');
    }
  });
  return h(
    'div',
    { class: 'warning-box egress', role: 'note', 'data-egress': true },
    h('p', { text: t('connect.egress_restrict') }),
    h('p', { class: 'egress-line' }, h('code', { class: 'mono', 'data-egress-address': true, text: address }), ' ', button, ' ', copied),
  );
}

function exchangeForm(venues, reload, egressAddress) {
  const keyed = venues.filter((v) => v.uses_api_key);
  const venue = field({
    label: t('connect.venue'),
    name: 'venue',
    control: select('venue', keyed.map((v) => [v.id, venueName(v.id)])),
  });
  const label = field({ label: t('connect.label'), name: 'label', hint: t('connect.label_hint'), attrs: { maxlength: 60, autocomplete: 'off' } });
  const secretAttrs = { autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', required: true };
  const key = field({ label: t('connect.api_key'), name: 'api_key', attrs: secretAttrs });
  const secret = field({ label: t('connect.api_secret'), name: 'api_secret', type: 'password', hint: t('connect.secret_hint'), attrs: { ...secretAttrs, autocomplete: 'new-password' } });
  const passphrase = field({ label: t('connect.passphrase'), name: 'passphrase', type: 'password', hint: t('connect.passphrase_hint'), attrs: { ...secretAttrs, autocomplete: 'new-password' } });
  const confirmId = 'confirm-read-only';
  const confirm = h(
    'div',
    { class: 'field checkbox', 'data-field': 'confirm_read_only' },
    h('input', { type: 'checkbox', id: confirmId, name: 'confirm_read_only', 'aria-describedby': `${confirmId}-error` }),
    h('label', { for: confirmId, text: t('connect.confirm_read_only') }),
    h('p', { class: 'field-error', id: `${confirmId}-error`, 'aria-live': 'polite' }),
  );
  const guideLink = h('a', { href: '#/guides' });
  const manageLink = h('a', { href: '#', target: '_blank', rel: 'noopener noreferrer', 'data-api-management': true });
  const result = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card', novalidate: true, autocomplete: 'off', 'data-form': 'exchange' },
    h('h2', { text: t('connect.ex.title') }),
    h('p', { class: 'lead', text: t('connect.ex.lead') }),
    h('p', {}, guideLink, ' · ', manageLink),
    venue.wrap,
    label.wrap,
    egressBlock(egressAddress),
    key.wrap,
    secret.wrap,
    passphrase.wrap,
    confirm,
    h('button', { type: 'submit', class: 'primary', text: t('connect.ex.submit') }),
    statusLine(),
    result,
  );

  function venueChanged() {
    const chosen = keyed.find((v) => v.id === venue.input.value);
    passphrase.wrap.hidden = !(chosen && chosen.needs_passphrase);
    passphrase.input.value = '';
    confirm.hidden = venue.input.value !== 'gate';
    guideLink.textContent = t('connect.ex.guide_link', { venue: venueName(venue.input.value) });
    guideLink.setAttribute('href', `#/guides/${venue.input.value}`);
    manageLink.textContent = t('connect.ex.api_management', { venue: venueName(venue.input.value) });
    manageLink.setAttribute('href', API_MANAGEMENT[venue.input.value] || '#');
  }
  form.selectVenue = (id) => {
    venue.input.value = id;
    venueChanged();
  };
  venue.input.addEventListener('change', venueChanged);
  venueChanged();

  function wipeSecrets() {
    secret.input.value = '';
    passphrase.input.value = '';
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    clear(result);
    const chosen = keyed.find((v) => v.id === venue.input.value);
    const body = {
      venue: venue.input.value,
      label: label.input.value.trim(),
      api_key: key.input.value.trim(),
      api_secret: secret.input.value.trim(),
    };
    if (chosen && chosen.needs_passphrase) body.passphrase = passphrase.input.value;
    if (body.venue === 'gate') body.confirm_read_only = form.querySelector('[name="confirm_read_only"]').checked;
    const missing = !body.api_key ? 'api_key' : !body.api_secret ? 'api_secret' : chosen && chosen.needs_passphrase && !body.passphrase ? 'passphrase' : '';
    if (missing) {
      showError(form, { field: missing, message: t('connect.required') });
      return;
    }
    busy(form, async () => {
      setStatus(form, t('connect.checking', { venue: venueName(body.venue) }));
      try {
        const data = await api('POST', '/api/v1/connections', body);
        wipeSecrets();
        key.input.value = '';
        label.input.value = '';
        setStatus(form, '');
        result.append(verdictBlock(data.connection));
        await reload();
      } catch (error) {
        wipeSecrets();
        if (error.status === 422 && error.code === 'too_much_permission') {
          result.append(h('div', { class: 'verdict verdict-refused', 'data-verdict': 'refused' }, h('p', { text: t('verdict.refused') })));
        }
        showError(form, error);
      } finally {
        body.api_secret = '';
        body.passphrase = '';
      }
    });
  });
  return form;
}

function connectionItem(c, reload, announce, now, userThresholds) {
  const nameId = `connection-${c.id}-name`;
  const renameInput = h('input', { id: `rename-${c.id}`, name: 'label', value: c.label, maxlength: 60, autocomplete: 'off', 'aria-describedby': `rename-${c.id}-error` });
  const renameForm = h(
    'form',
    { class: 'rename', novalidate: true, hidden: true },
    h(
      'div',
      { class: 'field', 'data-field': 'label' },
      h('label', { for: `rename-${c.id}`, text: t('connect.new_label') }),
      renameInput,
      h('p', { class: 'field-error', id: `rename-${c.id}-error`, 'aria-live': 'polite' }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: t('common.save') }), h('button', { type: 'button', class: 'secondary', text: t('common.cancel'), onclick: () => { renameForm.hidden = true; } })),
    statusLine(),
  );
  renameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(renameForm);
    busy(renameForm, async () => {
      try {
        await api('PATCH', `/api/v1/connections/${c.id}`, { label: renameInput.value.trim() });
        announce(t('connect.renamed'));
        await reload();
      } catch (error) {
        showError(renameForm, error);
      }
    });
  });

  const dialog = h(
    'dialog',
    { class: 'confirm', 'aria-labelledby': `delete-${c.id}-title` },
    h(
      'form',
      { method: 'dialog' },
      h('h3', { id: `delete-${c.id}-title`, text: t('connect.delete_title', { label: c.label }) }),
      h('p', { text: t('connect.delete_explain') }),
      h('div', { class: 'actions' }, h('button', { value: 'cancel', class: 'secondary', text: t('common.cancel') }), h('button', { value: 'delete', class: 'danger', text: t('connect.delete_confirm') })),
    ),
  );
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'delete') return;
    try {
      const data = await api('DELETE', `/api/v1/connections/${c.id}`);
      announce(data.message || t('connect.deleted'));
      await reload();
    } catch (error) {
      announce(error.message);
    }
  });

  const status = c.needs_attention
    ? h('p', { class: 'status attention', 'data-status': 'attention' }, h('strong', { text: t('connect.needs_attention') }), ' ', c.last_error || t('connect.attention_unknown'))
    : c.last_checked_at
      ? h('p', { class: 'status ok', 'data-status': 'ok', text: t('connect.healthy') })
      : h('p', { class: 'status pending', 'data-status': 'pending', text: t('connect.not_checked_yet') });
  return h(
    'li',
    { class: 'connection card', 'data-connection-id': c.id },
    h('div', { class: 'section-head' }, h('h3', { id: nameId, text: c.label }), h('span', { class: 'venue-tag', text: venueName(c.venue) })),
    h(
      'dl',
      { class: 'facts' },
      c.wallet_address ? [h('dt', { text: t('connect.address') }), h('dd', { class: 'mono', text: c.wallet_address })] : null,
      c.key_hint ? [h('dt', { text: t('connect.key') }), h('dd', { class: 'mono', text: c.key_hint })] : null,
      h('dt', { text: t('connect.last_checked') }),
      h('dd', { 'data-freshness': true, title: dateTime(c.last_checked_at), text: freshnessText(c.last_checked_at, c.next_check_at, now) }),
      c.venue !== 'hyperliquid' ? [h('dt', { text: t('connect.ip_restricted') }), h('dd', { text: t(c.ip_restricted ? 'common.yes' : 'common.no') })] : null,
    ),
    status,
    (c.notes || []).map((note) => h('p', { class: 'status attention', 'data-status': 'not-watched', text: note })),
    verdictBlock(c),
    overridesEditor({
      summary: t('thresholds.for_connection'),
      overrides: c.thresholds,
      inherited: userThresholds || {},
      source: t('thresholds.source_user'),
      save: (thresholds) => api('PATCH', `/api/v1/connections/${c.id}`, { thresholds }),
    }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', 'aria-describedby': nameId, text: t('connect.rename'), onclick: () => { renameForm.hidden = false; renameInput.focus(); } }),
      h('button', { type: 'button', class: 'danger', 'aria-describedby': nameId, text: t('common.delete'), onclick: () => dialog.showModal() }),
    ),
    renameForm,
    dialog,
  );
}

// Venue tiles: choosing one opens its form (HyperLiquid's address form, or the key form with the
// venue chosen); the other form stays folded away.
function connectArea(ctx, reload) {
  // A new connection may finish the checklist's second step.
  const connected = async () => {
    await reload();
    ctx.refreshNotices();
  };
  const hl = hyperliquidForm(connected);
  const ex = exchangeForm(ctx.venues, connected, ctx.egressAddress);
  hl.hidden = true;
  ex.hidden = true;
  const tiles = ctx.venues.map((v) =>
    h('button', { type: 'button', class: 'venue-tile', 'aria-pressed': 'false', 'data-venue-tile': v.id, text: venueName(v.id) }),
  );
  for (const tile of tiles) {
    tile.addEventListener('click', () => {
      const id = tile.getAttribute('data-venue-tile');
      for (const other of tiles) other.setAttribute('aria-pressed', String(other === tile));
      hl.hidden = id !== 'hyperliquid';
      ex.hidden = id === 'hyperliquid';
      if (id !== 'hyperliquid') ex.selectVenue(id);
      (id === 'hyperliquid' ? hl : ex).querySelector('input:not([type="hidden"])')?.focus();
    });
  }
  return [
    h('h2', { id: 'connect-choose', text: t('connect.choose') }),
    h('div', { class: 'venue-tiles', role: 'group', 'aria-labelledby': 'connect-choose', 'data-venue-tiles': true }, tiles),
    hl,
    ex,
  ];
}

export function renderConnections(container, ctx) {
  const listArea = h('div', { 'aria-busy': 'true' });
  const section = h(
    'section',
    { 'aria-labelledby': 'connections-title' },
    h('h1', { id: 'connections-title', text: t('connect.title') }),
    h('p', { class: 'lead', text: t('connect.lead') }),
    h('h2', { text: t('connect.list_title') }),
    listArea,
  );
  container.append(section);
  let stopped = false;
  // The connect forms are added once, after the first list; connection cards carry forms of their own
  // (threshold editors), so the section's forms cannot tell whether the connect forms are there.
  let connectFormsAdded = false;

  async function reload() {
    let data;
    try {
      data = await api('GET', '/api/v1/connections');
    } catch (error) {
      if (stopped) return;
      if (isPremiumRequired(error)) {
        clear(container).append(premiumNotice(error));
        return;
      }
      clear(listArea).append(h('p', { class: 'error', role: 'alert', text: error.message }));
      return;
    }
    if (stopped) return;
    const list = data.connections || [];
    clear(listArea).setAttribute('aria-busy', 'false');
    if (list.length === 0) {
      listArea.append(h('p', { class: 'empty', 'data-empty': 'connections', text: t('connect.none') }));
    } else {
      listArea.append(h('ul', { class: 'connections', 'data-list': 'connections' }, list.map((c) => connectionItem(c, reload, ctx.announce, data.server_time || Date.now(), ctx.user.thresholds))));
    }
    if (!connectFormsAdded) {
      connectFormsAdded = true;
      section.append(...connectArea(ctx, reload));
    }
  }
  reload();
  return () => {
    stopped = true;
  };
}
