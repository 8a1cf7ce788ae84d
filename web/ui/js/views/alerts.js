// Alert history: every alert Baro sent, newest first, with its level and summary; the position is
// named in words in the reader's language (venue · account · coin side) from its key and the
// user's connections and hand-entered positions, with a link to the positions page.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime } from '../format.js';
import { levelName } from '../charts.js';
import { isPremiumRequired, premiumNotice } from './premium.js';
import { venueName } from '../venues.js';
import { coinOf } from './positions.js';

// "Binance · futures · BTC Long" for "c12:BTCUSDT:long", "HyperLiquid · entered by hand · BTC Long"
// for "m7"; the key itself when the position is no longer known.
export function positionInWords(key, connections, manual) {
  const m = /^c(\d+):(.+):(long|short)$/.exec(key);
  if (m) {
    const c = connections.get(Number(m[1]));
    const symbol = m[2].includes(':') ? m[2].slice(0, m[2].indexOf(':')) : m[2];
    const coin = coinOf({ symbol });
    return [c ? venueName(c.venue) : null, c ? c.label : null, `${coin} ${t(`side.${m[3]}`)}`].filter(Boolean).join(' · ');
  }
  const hand = /^m(\d+)$/.exec(key);
  if (hand && manual.has(Number(hand[1]))) {
    const p = manual.get(Number(hand[1]));
    return [venueName(p.venue), t('positions.hand_entered'), `${coinOf(p)} ${t(`side.${p.side}`)}`].join(' · ');
  }
  return key;
}

async function lookups() {
  const get = async (path, key) => {
    try {
      return (await api('GET', path))[key] || [];
    } catch {
      return [];
    }
  };
  const [connections, manual] = await Promise.all([get('/api/v1/connections', 'connections'), get('/api/v1/manual-positions', 'positions')]);
  return { connections: new Map(connections.map((c) => [c.id, c])), manual: new Map(manual.map((p) => [p.id, p])) };
}

export function renderAlerts(container) {
  const area = h('div', { 'aria-busy': 'true' });
  container.append(
    h('section', { 'aria-labelledby': 'alerts-title' }, h('h1', { id: 'alerts-title', text: t('alerts.title') }), h('p', { class: 'lead', text: t('alerts.lead') }), area),
  );
  Promise.all([api('GET', '/api/v1/alerts'), lookups()])
    .then(([data, known]) => {
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
            h('thead', {}, h('tr', {}, ['time', 'position', 'signal', 'level', 'summary'].map((k) => h('th', { scope: 'col', text: t(`alerts.${k}`) })))),
            h(
              'tbody',
              {},
              list.map((a) =>
                h(
                  'tr',
                  {},
                  h('td', { 'data-label': t('alerts.time') }, dateTime(a.created_at)),
                  h('td', { 'data-label': t('alerts.position'), 'data-position-key': a.position_key }, h('a', { href: '#/positions', text: positionInWords(a.position_key, known.connections, known.manual) })),
                  h('td', { 'data-label': t('alerts.signal') }, t(`signal.${a.signal}`)),
                  h('td', { 'data-label': t('alerts.level') }, h('span', { class: `level-badge level-${a.level}`, text: levelName(a.level) })),
                  h('td', { 'data-label': t('alerts.summary'), class: 'summary' }, a.summary),
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
