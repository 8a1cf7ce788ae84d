// Alert history: every alert Baro raised, newest first. Each entry is worded here, in the reader's
// language, from the data the server keeps (GET /api/v1/alerts): the position in words
// (venue · account · coin side) with a link to its card, what happened (signal, level, event),
// the mark, distance and liquidation price when it was raised, and how its Telegram message fared.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime, number, percent, price } from '../format.js';
import { levelName } from '../charts.js';
import { isPremiumRequired, premiumNotice } from './premium.js';
import { venueName } from '../venues.js';
import { coinOf, positionHref } from './positions.js';

const SIGNALS = ['liquidation', 'leverage', 'loss'];
const EVENTS = ['escalated', 'repeated', 'recovered'];
const DELIVERIES = ['sent', 'sent_silently', 'pending', 'failed', 'not_sent'];

// "Binance · futures · BTC Long"; "HyperLiquid · entered by hand · ETH Short"; a connection's
// alerts name the connection ("Bybit · main"), the price alerts of hand-entered positions say so.
export function subjectInWords(a) {
  const s = a.subject || {};
  if (s.kind === 'hand_entered') return t('alerts.subject_hand_entered');
  if (s.kind === 'connection') {
    return s.venue ? [venueName(s.venue), s.label].filter(Boolean).join(' · ') : t('alerts.subject_deleted_connection');
  }
  if (s.kind !== 'position') return a.position_key;
  const coin = coinOf({ base: s.base, symbol: s.symbol || '' });
  const where = s.manual_position_id ? t('positions.hand_entered') : s.label;
  return [s.venue ? venueName(s.venue) : null, where || null, `${coin} ${t(`side.${s.side}`)}`].filter(Boolean).join(' · ');
}

// What happened, from the signal, the level and the policy's event.
export function whatHappened(a) {
  const f = a.figures;
  if (SIGNALS.includes(a.signal)) {
    const args = { signal: t(`signal.${a.signal}`), level: levelName(a.level) };
    if (f && EVENTS.includes(f.event)) return t(`alerts.event.${f.event}`, args);
    return a.level === 'ok' ? t('alerts.event.recovered', args) : t('alerts.event.level', args);
  }
  if (a.signal === 'position' && a.level === 'closed') return t('alerts.closed');
  if (a.signal === 'connection' && ['attention', 'not_watched', 'unread'].includes(a.level)) return t(`alerts.connection.${a.level}`);
  if (a.signal === 'data' && a.level === 'stale') return t('alerts.prices_unavailable');
  return `${a.signal}: ${a.level}`;
}

// The figures when the alert was raised: mark → liquidation, the distance, and for the leverage
// and loss signals the figure they judge.
export function figuresInWords(a) {
  const f = a.figures;
  if (!f) return null;
  const liq =
    f.liquidation_price === null
      ? t('alerts.no_liquidation')
      : `${price(f.liquidation_price)}${f.liquidation_estimated ? ` ${t('positions.estimated')}` : ''}`;
  const parts = [t('alerts.figures', { mark: price(f.mark_price), liquidation: liq })];
  if (f.distance_to_liquidation !== null) parts.push(t('alerts.figures_distance', { distance: percent(f.distance_to_liquidation) }));
  if (a.signal === 'leverage') parts.push(t('alerts.figures_leverage', { leverage: `${number(f.leverage, 1)}x` }));
  if (a.signal === 'loss') parts.push(t('alerts.figures_roe', { roe: percent(f.roe) }));
  return parts.join(' · ');
}

export function deliveryCell(a) {
  const d = DELIVERIES.includes(a.delivery) ? a.delivery : 'unknown';
  return h('span', { class: `delivery delivery-${d}`, 'data-delivery': d, text: t(`alerts.delivery.${d}`) });
}

function subjectCell(a) {
  const s = a.subject || {};
  const words = subjectInWords(a);
  if (s.kind === 'position' && s.open) return h('a', { href: positionHref(a.position_key), 'data-position-link': true, text: words });
  if (s.kind === 'connection' && s.venue) return h('a', { href: '#/connections', text: words });
  if (s.kind === 'position') return h('span', {}, words, h('span', { class: 'muted', text: ` (${t('alerts.not_open')})` }));
  return words;
}

export function renderAlerts(container) {
  const area = h('div', { 'aria-busy': 'true' });
  container.append(
    h('section', { 'aria-labelledby': 'alerts-title' }, h('h1', { id: 'alerts-title', text: t('alerts.title') }), h('p', { class: 'lead', text: t('alerts.lead') }), area),
  );
  api('GET', '/api/v1/alerts')
    .then((data) => {
      const list = data.alerts || [];
      clear(area).setAttribute('aria-busy', 'false');
      if (list.length === 0) {
        area.append(h('p', { class: 'empty', 'data-empty': 'alerts', text: t('alerts.empty') }));
        return;
      }
      area.append(
        h(
          'div',
          { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('alerts.title') },
          h(
            'table',
            { class: 'alerts', 'data-table': 'alerts' },
            h('caption', { class: 'visually-hidden', text: t('alerts.title') }),
            h('thead', {}, h('tr', {}, ['time', 'position', 'what', 'at_the_time', 'delivery'].map((k) => h('th', { scope: 'col', text: t(`alerts.${k}`) })))),
            h(
              'tbody',
              {},
              list.map((a) =>
                h(
                  'tr',
                  { 'data-alert-id': a.id, 'data-signal': a.signal },
                  h('td', { 'data-label': t('alerts.time') }, dateTime(a.created_at)),
                  h('td', { 'data-label': t('alerts.position'), 'data-position-key': a.position_key }, subjectCell(a)),
                  h(
                    'td',
                    { 'data-label': t('alerts.what'), class: 'what' },
                    h('span', { 'data-what': true }, levelBadge(a.level), whatHappened(a)),
                  ),
                  h('td', { 'data-label': t('alerts.at_the_time'), class: 'figures', 'data-figures': true }, figuresInWords(a) || '—'),
                  h('td', { 'data-label': t('alerts.delivery') }, deliveryCell(a)),
                ),
              ),
            ),
          ),
        ),
      );
    })
    .catch((error) => {
      clear(area);
      if (isPremiumRequired(error)) {
        clear(container).append(premiumNotice(error));
        return;
      }
      area.append(h('p', { class: 'error', role: 'alert', text: error.message }));
    });
}

// The risk levels as a badge; notes about connections and prices have none.
function levelBadge(level) {
  if (!['ok', 'warning', 'critical', 'emergency'].includes(level)) return null;
  return [h('span', { class: `level-badge level-${level}`, text: levelName(level) }), ' '];
}
