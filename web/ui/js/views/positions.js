// Position Alerts: every watched position in one table (risk figures, a gauge coloured by level and
// the last day's distance chart), refreshed on a timer, and the hand-entered positions below it.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime, number, percent, price, signed } from '../format.js';
import { distanceChart, gauge, levelName } from '../charts.js';
import { venueName } from '../venues.js';
import { isPremiumRequired, premiumNotice } from './premium.js';
import { manualSection } from './manual.js';
import { overridesEditor } from '../thresholds.js';

// How often the table reloads while it is on screen (the worker's default check interval is 150 s).
export const POSITIONS_REFRESH_MS = 30000;

function cell(label, ...content) {
  return h('td', { 'data-label': label }, ...content);
}

function positionRow(p, history, editThresholds) {
  const liq =
    p.liquidation_price === null
      ? h('span', { text: t('positions.no_liquidation') })
      : [
          price(p.liquidation_price),
          p.liquidation_estimated
            ? h('abbr', { class: 'estimated', title: t('positions.estimated_long'), text: ` ${t('positions.estimated')}` })
            : null,
        ];
  const pnl = Number(p.unrealized_pnl);
  return h(
    'tr',
    { 'data-key': p.key, class: `level-${p.level || 'unknown'}` },
    cell(t('positions.venue'), venueName(p.venue)),
    h('th', { scope: 'row', 'data-label': t('positions.symbol') }, p.symbol),
    cell(t('positions.side'), h('span', { class: `side side-${p.side}`, text: t(`side.${p.side}`) })),
    cell(t('positions.size'), number(p.size)),
    cell(t('positions.entry'), price(p.entry_price)),
    cell(
      t('positions.mark'),
      // The worker marks a hand-entered position whose mark price is too old to use (docs/risk.md).
      p.level === 'unavailable'
        ? h('span', { class: 'unavailable', text: t('positions.price_unavailable', { time: dateTime(p.observed_at) }) })
        : price(p.mark_price),
    ),
    cell(t('positions.liquidation'), liq),
    cell(
      t('positions.distance'),
      h(
        'span',
        { class: 'distance' },
        gauge(p.distance_to_liquidation, p.level),
        h('span', { class: 'distance-text', text: percent(p.distance_to_liquidation) }),
        h('span', { class: `level-badge level-${p.level || 'unknown'}`, text: levelName(p.level) }),
      ),
    ),
    cell(t('positions.leverage'), `${number(p.leverage, 2)}x`),
    cell(t('positions.pnl'), h('span', { class: pnl > 0 ? 'gain' : pnl < 0 ? 'loss' : '', text: signed(p.unrealized_pnl) })),
    cell(t('positions.last_day'), distanceChart(history[p.key], p.level)),
    cell(
      t('positions.thresholds'),
      h('button', {
        type: 'button',
        class: 'secondary small',
        'data-thresholds': p.key,
        'aria-label': t('positions.thresholds_title', { symbol: p.symbol, side: t(`side.${p.side}`), venue: venueName(p.venue) }),
        text: t('thresholds.for_position'),
        onclick: () => editThresholds(p),
      }),
    ),
  );
}

// One dialog for a position's own thresholds, outside the table so a refresh does not close it.
function thresholdsDialog(reload) {
  const body = h('div');
  const title = h('h2', { id: 'position-thresholds-title' });
  const dialog = h(
    'dialog',
    { class: 'thresholds-dialog', 'aria-labelledby': 'position-thresholds-title' },
    title,
    body,
    h('form', { method: 'dialog' }, h('button', { class: 'secondary', text: t('common.cancel') })),
  );
  dialog.openFor = (p) => {
    title.textContent = t('positions.thresholds_title', { symbol: p.symbol, side: t(`side.${p.side}`), venue: venueName(p.venue) });
    clear(body).append(
      overridesEditor({
        summary: t('thresholds.for_position'),
        overrides: p.thresholds,
        save: async (thresholds) => {
          await api('PATCH', '/api/v1/positions/thresholds', { key: p.key, thresholds });
          reload();
        },
      }),
    );
    body.querySelector('details').open = true;
    dialog.showModal();
  };
  return dialog;
}

function positionsTable(list, history, editThresholds) {
  const headers = [
    'venue', 'symbol', 'side', 'size', 'entry', 'mark', 'liquidation', 'distance', 'leverage', 'pnl', 'last_day', 'thresholds',
  ];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'positions', 'data-table': 'positions' },
      h('caption', { class: 'visually-hidden', text: t('positions.caption') }),
      h('thead', {}, h('tr', {}, headers.map((k) => h('th', { scope: 'col', text: t(`positions.${k}`) })))),
      h('tbody', {}, list.map((p) => positionRow(p, history, editThresholds))),
    ),
  );
}

export function renderPositions(container, ctx) {
  const tableArea = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' });
  const updated = h('p', { class: 'muted updated' });
  const refresh = h('button', { type: 'button', class: 'secondary', text: t('positions.refresh') });
  const section = h(
    'section',
    { 'aria-labelledby': 'positions-title' },
    h('div', { class: 'section-head' }, h('h1', { id: 'positions-title', text: t('positions.title') }), refresh),
    h('p', { class: 'lead', text: t('positions.lead') }),
    tableArea,
    updated,
  );
  const manualArea = h('div');
  const dialog = thresholdsDialog(() => load());
  container.append(section, manualArea, dialog);

  let stopped = false;
  let timer = null;
  let premiumBlocked = false;

  async function load() {
    try {
      const [positions, history] = await Promise.all([
        api('GET', '/api/v1/positions'),
        api('GET', '/api/v1/positions/history'),
      ]);
      if (stopped) return;
      clear(tableArea);
      const list = positions.positions || [];
      if (list.length === 0) {
        tableArea.append(
          h(
            'p',
            { class: 'empty', 'data-empty': 'positions' },
            t('positions.empty'),
            ' ',
            h('a', { href: '#/connections', text: t('positions.empty_connect') }),
          ),
        );
      } else {
        tableArea.append(positionsTable(list, history.history || {}, (p) => dialog.openFor(p)));
      }
      updated.textContent = t('positions.updated', { time: dateTime(Date.now()) });
    } catch (error) {
      if (stopped) return;
      clear(tableArea);
      if (isPremiumRequired(error)) {
        premiumBlocked = true;
        clear(container).append(premiumNotice(error));
        return;
      }
      tableArea.append(h('p', { class: 'error', role: 'alert', text: error.message }));
    } finally {
      tableArea.setAttribute('aria-busy', 'false');
    }
    if (!stopped && !premiumBlocked) {
      clearTimeout(timer);
      timer = setTimeout(load, POSITIONS_REFRESH_MS);
    }
  }

  refresh.addEventListener('click', () => {
    clearTimeout(timer);
    load();
  });
  load().then(() => {
    if (!premiumBlocked && !stopped) manualArea.append(manualSection(ctx, load));
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
