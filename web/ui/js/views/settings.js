// Settings: language, time zone, quiet hours (alerts below critical arrive silently) and the alert
// thresholds. Thresholds are editable once the API reports them on /me (user.thresholds); until
// then the page shows the defaults Baro applies.
import { api } from '../api.js';
import { h } from '../dom.js';
import { LOCALES, t } from '../i18n.js';
import { markThresholdsChecked } from '../onboarding.js';
import { busy, clearErrors, field, select, setStatus, showError, statusLine } from '../forms.js';

// The defaults of docs/risk.md (src/risk/thresholds.h): warning, critical, emergency.
export const DEFAULT_THRESHOLDS = {
  distance: [0.15, 0.07, 0.03],
  margin_usage: [0.67, 0.83, 0.95],
  leverage: [10, 20, 50],
  roe: [-0.5, -0.75, -0.9],
};
const PERCENT_LADDERS = new Set(['distance', 'margin_usage', 'roe']);
const LEVELS = ['warning', 'critical', 'emergency'];

function timeZones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Asia/Seoul', 'Europe/London', 'America/New_York'];
  }
}

function generalForm(ctx) {
  const user = ctx.user;
  const language = field({
    label: t('settings.language'),
    name: 'locale',
    hint: t('settings.language_hint'),
    control: select('locale', LOCALES.map((l) => [l, t(`language.${l}`)])),
  });
  language.input.value = user.locale;
  const listId = 'time-zone-list';
  const zone = field({
    label: t('settings.time_zone'),
    name: 'time_zone',
    hint: t('settings.time_zone_hint'),
    attrs: { list: listId, autocomplete: 'off', spellcheck: 'false' },
  });
  zone.input.value = user.time_zone || 'UTC';
  const zones = h('datalist', { id: listId }, timeZones().map((z) => h('option', { value: z })));
  const useBrowser = h('button', { type: 'button', class: 'link', text: t('settings.use_browser_zone') });
  useBrowser.addEventListener('click', () => {
    zone.input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  });

  const quietOn = h('input', { type: 'checkbox', id: 'quiet-on', name: 'quiet_on' });
  quietOn.checked = Boolean(user.quiet_hours);
  const start = field({ label: t('settings.quiet_start'), name: 'quiet_start', type: 'time', attrs: { step: 60 } });
  const end = field({ label: t('settings.quiet_end'), name: 'quiet_end', type: 'time', attrs: { step: 60 } });
  start.input.value = user.quiet_hours ? user.quiet_hours.start : '23:00';
  end.input.value = user.quiet_hours ? user.quiet_hours.end : '07:00';
  const times = h('div', { class: 'grid two' }, start.wrap, end.wrap);
  const syncQuiet = () => {
    start.input.disabled = !quietOn.checked;
    end.input.disabled = !quietOn.checked;
  };
  quietOn.addEventListener('change', syncQuiet);
  syncQuiet();

  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'settings' },
    h('h2', { text: t('settings.general') }),
    language.wrap,
    zone.wrap,
    zones,
    useBrowser,
    h(
      'fieldset',
      { 'data-field': 'quiet_hours' },
      h('legend', { text: t('settings.quiet_hours') }),
      h('p', { class: 'hint', text: t('settings.quiet_hint') }),
      h('div', { class: 'field checkbox' }, quietOn, h('label', { for: 'quiet-on', text: t('settings.quiet_on') })),
      times,
      h('p', { class: 'field-error', 'aria-live': 'polite' }),
    ),
    h('button', { type: 'submit', class: 'primary', text: t('common.save') }),
    statusLine(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {
      locale: language.input.value,
      time_zone: zone.input.value.trim(),
      quiet_hours: quietOn.checked ? { start: start.input.value, end: end.input.value } : null,
    };
    busy(form, async () => {
      try {
        const data = await api('PATCH', '/api/v1/me/settings', body);
        await ctx.userChanged(data.user);
        setStatus(form, t('settings.saved'), 'success');
      } catch (error) {
        showError(form, error);
      }
    });
  });
  return form;
}

function thresholdsForm(ctx) {
  const editable = ctx.user.thresholds !== undefined;
  const current = { ...DEFAULT_THRESHOLDS, ...(ctx.user.thresholds || {}) };
  const inputs = {};
  const rows = Object.keys(DEFAULT_THRESHOLDS).map((ladder) => {
    const isPercent = PERCENT_LADDERS.has(ladder);
    inputs[ladder] = LEVELS.map((level, i) => {
      const value = current[ladder][i];
      const f = field({
        label: t(`level.${level}`),
        name: `${ladder}_${level}`,
        attrs: { inputmode: 'decimal', disabled: !editable, value: isPercent ? String(+(value * 100).toFixed(2)) : String(value) },
      });
      return f;
    });
    return h(
      'fieldset',
      { 'data-field': ladder },
      h('legend', { text: `${t(`thresholds.${ladder}`)} (${isPercent ? '%' : 'x'})` }),
      h('p', { class: 'hint', text: t(`thresholds.${ladder}_hint`) }),
      h('div', { class: 'grid three' }, inputs[ladder].map((f) => f.wrap)),
      h('p', { class: 'field-error', 'aria-live': 'polite' }),
    );
  });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'thresholds' },
    h('h2', { text: t('thresholds.title') }),
    h('p', { class: 'lead', text: t('thresholds.lead') }),
    editable ? null : h('p', { class: 'notice', role: 'note', text: t('thresholds.defaults_only') }),
    rows,
    h(
      'div',
      { class: 'actions' },
      editable ? h('button', { type: 'submit', class: 'primary', text: t('common.save') }) : null,
      h('button', {
        type: 'button',
        class: 'secondary',
        'data-thresholds-ok': true,
        text: t('onboarding.thresholds_ok'),
        onclick: () => {
          markThresholdsChecked(ctx.user);
          ctx.refreshNotices();
        },
      }),
    ),
    statusLine(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!editable) return;
    clearErrors(form);
    const thresholds = {};
    for (const [ladder, fields] of Object.entries(inputs)) {
      const values = fields.map((f) => Number(f.input.value.replace(',', '.')));
      if (values.some((v) => !Number.isFinite(v))) {
        showError(form, { field: ladder, message: t('thresholds.numbers') });
        return;
      }
      thresholds[ladder] = PERCENT_LADDERS.has(ladder) ? values.map((v) => v / 100) : values;
    }
    busy(form, async () => {
      try {
        const data = await api('PATCH', '/api/v1/me/settings', { thresholds });
        await ctx.userChanged(data.user);
        markThresholdsChecked(ctx.user);
        setStatus(form, t('settings.saved'), 'success');
        ctx.refreshNotices();
      } catch (error) {
        showError(form, error);
      }
    });
  });
  return form;
}

export function renderSettings(container, ctx) {
  container.append(
    h('h1', { text: t('settings.title') }),
    generalForm(ctx),
    thresholdsForm(ctx),
  );
}
