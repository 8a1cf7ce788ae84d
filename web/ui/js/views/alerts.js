// Alert history: every alert Baro sent, newest first, with its level and summary.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime } from '../format.js';
import { levelName } from '../charts.js';
import { isPremiumRequired, premiumNotice } from './premium.js';

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
          { class: 'table-wrap' },
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
                  h('td', { 'data-label': t('alerts.position'), class: 'mono' }, a.position_key),
                  h('td', { 'data-label': t('alerts.signal') }, t(`signal.${a.signal}`)),
                  h('td', { 'data-label': t('alerts.level') }, h('span', { class: `level-badge level-${a.level}`, text: levelName(a.level) })),
                  h('td', { 'data-label': t('alerts.summary') }, a.summary),
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
