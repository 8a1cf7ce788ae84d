// Position Alerts: one card per watched position — coin, side, leverage, venue and account, the
// distance to liquidation large with its level and a gauge marked at the thresholds that apply,
// mark → liquidation, PnL with ROE, notional and how fresh the figures are; the venue's own symbol,
// size, entry, the last day's chart and the threshold editor fold out. Reloaded on a timer; the
// hand-entered positions follow below.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime, number, percent, price, signed } from '../format.js';
import { DEFAULT_DISTANCE_LADDER, distanceChart, gauge, gaugeLegend, levelName, shownLevel } from '../charts.js';
import { freshnessText } from '../freshness.js';
import { venueName } from '../venues.js';
import { isPremiumRequired, premiumNotice } from './premium.js';
import { manualSection } from './manual.js';
import { overridesEditor } from '../thresholds.js';

// How often the cards reload while they are on screen (the worker's default check interval is 150 s).
export const POSITIONS_REFRESH_MS = 30000;
// How often "checked 12 s ago" is rewritten between reloads, counting on from the server's time.
export const FRESHNESS_TICK_MS = 5000;

const QUOTE_SUFFIX = /^(.+?)[-_/]?(USDT|USDC|USD|PERP)([-_]?(SWAP|PERP|M))?$/;

// The coin, written the same way on every venue: the position's base asset, else the venue
// symbol without its quote and contract suffixes (BTCUSDT, BTC-USDT-SWAP, XBTUSDTM → BTC).
export function coinOf(p) {
  let coin = (p.base || '').toUpperCase();
  if (!coin) {
    const m = String(p.symbol || '').toUpperCase().match(QUOTE_SUFFIX);
    coin = m ? m[1] : String(p.symbol || '').toUpperCase();
  }
  return coin === 'XBT' ? 'BTC' : coin;
}

// ROE: unrealised PnL over the initial margin (size × entry ÷ leverage).
function roeOf(p) {
  const margin = (Number(p.size) * Number(p.entry_price)) / Number(p.leverage);
  return margin > 0 && Number.isFinite(margin) ? Number(p.unrealized_pnl) / margin : null;
}

function fact(term, ...value) {
  return [h('dt', { text: term }), h('dd', {}, ...value)];
}

export function positionCard(p, history, now, editThresholds) {
  const level = shownLevel(p.distance_to_liquidation, p.level);
  const ladder = Array.isArray(p.distance_thresholds) ? p.distance_thresholds : DEFAULT_DISTANCE_LADDER;
  const coin = coinOf(p);
  const side = t(`side.${p.side}`);
  const priced = Number(p.mark_price) > 0;
  // The maintenance rate behind the figures is a stand-in (docs/risk.md): said next to them.
  const ratesEstimated = p.rates_estimated
    ? h('abbr', { class: 'estimated', 'data-rates-estimated': true, title: t('positions.rates_estimated_long'), text: ` ${t('positions.rates_estimated')}` })
    : null;
  const liq =
    p.liquidation_price === null
      ? h('span', {}, t('positions.no_liquidation'), ratesEstimated)
      : h(
          'span',
          { class: 'liq' },
          price(p.liquidation_price),
          p.liquidation_estimated
            ? h('abbr', { class: 'estimated', title: t('positions.estimated_long'), text: ` ${t('positions.estimated')}` })
            : null,
          ratesEstimated,
        );
  const pnl = Number(p.unrealized_pnl);
  const roe = roeOf(p);
  const where = [venueName(p.venue), p.account_label || (p.manual_position_id ? t('positions.hand_entered') : '')].filter(Boolean).join(' · ');
  const titleId = `pos-${p.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  let state = null;
  // The worker marks a position whose mark price is too old to use (docs/risk.md) as 'unavailable'.
  if (p.level === 'unavailable') {
    state = h('p', { class: 'pc-state', 'data-state': 'price-unavailable', role: 'note', text: t('positions.price_unavailable', { time: dateTime(p.observed_at) }) });
  } else if (!priced) state = h('p', { class: 'pc-state', 'data-state': 'no-price', role: 'note', text: t('positions.no_price') });
  else if (p.stale) state = h('p', { class: 'pc-state', 'data-state': 'stale', role: 'note', text: t('positions.stale') });
  return h(
    'li',
    { class: `position-card level-${level}`, 'data-key': p.key, 'data-venue': p.venue, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'pc-head' },
      h(
        'h3',
        { class: 'pc-title', id: titleId },
        h('span', { class: 'pc-coin', 'data-coin': true, text: coin }),
        ' ',
        h('span', { class: `side side-${p.side}`, text: side }),
        ' ',
        h('span', { class: 'pc-leverage', text: `${number(p.leverage, 2)}x` }),
      ),
      h('p', { class: 'pc-where', text: where }),
    ),
    h(
      'div',
      { class: 'pc-distance' },
      h('span', { class: 'pc-distance-value', 'data-distance': true, text: percent(p.distance_to_liquidation) }),
      h('span', { class: 'pc-distance-caption', text: t('positions.to_liquidation') }),
      h('span', { class: `level-badge level-${level}`, text: levelName(level) }),
    ),
    h('div', { class: 'pc-gauge' }, gauge(p.distance_to_liquidation, p.level, ladder), gaugeLegend(ladder)),
    state,
    h(
      'dl',
      { class: 'pc-figures' },
      fact(t('positions.mark_to_liq'), h('span', {}, priced ? price(p.mark_price) : '—', ' → ', liq)),
      fact(
        t('positions.pnl_roe'),
        h('span', { class: pnl > 0 ? 'gain' : pnl < 0 ? 'loss' : '', text: `${signed(p.unrealized_pnl)} (${roe === null ? '—' : percent(roe)})` }),
      ),
      fact(t('positions.notional'), `${number(p.notional, 2)} ${p.quote || ''}`.trim()),
    ),
    h('p', {
      class: 'freshness muted',
      'data-freshness': true,
      'data-observed-at': p.observed_at,
      'data-next-check-at': p.next_check_at,
      text: freshnessText(p.observed_at, p.next_check_at, now),
    }),
    h(
      'details',
      { class: 'pc-details' },
      h('summary', { text: t('positions.details') }),
      h(
        'dl',
        { class: 'facts' },
        fact(t('positions.venue_symbol'), h('span', { class: 'mono', 'data-venue-symbol': true, text: p.symbol })),
        fact(t('positions.size'), number(p.size)),
        fact(t('positions.entry'), price(p.entry_price)),
        fact(t('positions.margin_mode'), t(`margin.${p.margin_mode}`)),
        fact(t('positions.last_day'), distanceChart(history[p.key], level, ladder)),
      ),
      h('button', {
        type: 'button',
        class: 'secondary small',
        'data-thresholds': p.key,
        'aria-label': t('positions.thresholds_title', { symbol: coin, side, venue: venueName(p.venue) }),
        text: t('thresholds.for_position'),
        onclick: () => editThresholds(p),
      }),
    ),
  );
}

// One dialog for a position's own thresholds, outside the table so a refresh does not close it.
// The level a distance reaches on a ladder (fires at or below each threshold), without hysteresis.
export function levelAtMost(value, ladder) {
  if (value <= ladder[2]) return 'emergency';
  if (value <= ladder[1]) return 'critical';
  if (value <= ladder[0]) return 'warning';
  return 'ok';
}

function thresholdsDialog(reload, user) {
  const body = h('div');
  const title = h('h2', { id: 'position-thresholds-title' });
  const dialog = h(
    'dialog',
    { class: 'thresholds-dialog', 'aria-labelledby': 'position-thresholds-title' },
    title,
    body,
    h('form', { method: 'dialog' }, h('button', { class: 'secondary', text: t('common.cancel') })),
  );
  dialog.openFor = async (p) => {
    title.textContent = t('positions.thresholds_title', { symbol: coinOf(p), side: t(`side.${p.side}`), venue: venueName(p.venue) });
    // What applies when a row is left empty: the user's ladders, then the connection's own.
    let connection = {};
    if (p.connection_id) {
      try {
        const list = (await api('GET', '/api/v1/connections')).connections || [];
        connection = (list.find((c) => c.id === p.connection_id) || {}).thresholds || {};
      } catch {
        connection = {};
      }
    }
    const inherited = { ...(user().thresholds || {}), ...connection };
    const name = `${coinOf(p)} ${t(`side.${p.side}`)}`;
    clear(body).append(
      overridesEditor({
        summary: t('thresholds.for_position'),
        overrides: p.thresholds,
        inherited,
        source: t(p.connection_id ? 'thresholds.source_connection' : 'thresholds.source_user'),
        preview: (ladders) => {
          if (p.distance_to_liquidation === null || p.distance_to_liquidation === undefined) return t('thresholds.preview_unknown', { position: name });
          if (!ladders.distance) return '';
          return t('thresholds.preview', { position: name, level: levelName(levelAtMost(p.distance_to_liquidation, ladders.distance)), distance: percent(p.distance_to_liquidation) });
        },
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

function positionCards(list, history, now, editThresholds) {
  return h(
    'ul',
    { class: 'position-cards', 'data-positions': true, 'aria-label': t('positions.caption') },
    list.map((p) => positionCard(p, history, now, editThresholds)),
  );
}

export function renderPositions(container, ctx, arg) {
  // #/positions/<key> (the bot's "Open in Baro"): that position's card, opened and scrolled to once.
  let target = arg ? decodeURIComponent(arg) : '';
  const tableArea = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' });
  const refresh = h('button', { type: 'button', class: 'secondary', text: t('positions.refresh') });
  const section = h(
    'section',
    { 'aria-labelledby': 'positions-title' },
    h('div', { class: 'section-head' }, h('h1', { id: 'positions-title', text: t('positions.title') }), refresh),
    h('p', { class: 'lead', text: t('positions.lead') }),
    tableArea,
  );
  const manualArea = h('div');
  const dialog = thresholdsDialog(() => load(), () => ctx.user);
  container.append(section, manualArea, dialog);

  let stopped = false;
  let timer = null;
  let premiumBlocked = false;
  // The server's clock at the last answer, and this page's monotonic clock then.
  let serverTime = 0;
  let receivedAt = 0;
  const ticker = setInterval(() => {
    if (!serverTime) return;
    const now = serverTime + (performance.now() - receivedAt);
    for (const line of tableArea.querySelectorAll('[data-freshness]')) {
      line.textContent = freshnessText(Number(line.getAttribute('data-observed-at')), Number(line.getAttribute('data-next-check-at')), now);
    }
  }, FRESHNESS_TICK_MS);

  async function load() {
    try {
      const [positions, history] = await Promise.all([
        api('GET', '/api/v1/positions'),
        api('GET', '/api/v1/positions/history'),
      ]);
      if (stopped) return;
      serverTime = positions.server_time || Date.now();
      receivedAt = performance.now();
      // Details a reader opened stay open across a reload.
      const open = new Set([...tableArea.querySelectorAll('li[data-key] details[open]')].map((d) => d.closest('li').getAttribute('data-key')));
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
        tableArea.append(positionCards(list, history.history || {}, positions.server_time || Date.now(), (p) => dialog.openFor(p)));
        for (const card of tableArea.querySelectorAll('li[data-key]')) {
          if (open.has(card.getAttribute('data-key'))) card.querySelector('details').open = true;
          if (target && card.getAttribute('data-key') === target) {
            target = '';
            card.setAttribute('data-targeted', 'true');
            const details = card.querySelector('details');
            if (details) details.open = true;
            card.scrollIntoView({ block: 'start' });
          }
        }
      }
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
    clearInterval(ticker);
  };
}
