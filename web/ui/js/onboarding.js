// The first steps after sign-up, shown above every page until done: a banner while Telegram is not
// linked (alerts cannot reach the user), and a three-step checklist with ticks — link Telegram,
// connect an exchange or enter a position, check the thresholds. Whether the thresholds were
// checked is remembered in this browser (or known from the user's own thresholds); once all three
// are done the checklist does not come back.
import { api } from './api.js';
import { clear, h } from './dom.js';
import { t } from './i18n.js';

function storageKey(user, what) {
  return `baro.${what}.${user.id}`;
}

function remembered(user, what) {
  try {
    return window.localStorage.getItem(storageKey(user, what)) === '1';
  } catch {
    return false;
  }
}

function remember(user, what) {
  try {
    window.localStorage.setItem(storageKey(user, what), '1');
  } catch {
    // storage may be disabled: the step then counts for this page only
  }
}

let checkedThisPage = false;

export function markThresholdsChecked(user) {
  checkedThisPage = true;
  remember(user, 'thresholds_checked');
}

function thresholdsChecked(user) {
  return checkedThisPage || remembered(user, 'thresholds_checked') || Boolean(user.threshold_overrides);
}

async function countOf(path, key) {
  try {
    const data = await api('GET', path);
    return (data[key] || []).length;
  } catch {
    return 0;  // premium not granted yet, or not reachable: the step is not done
  }
}

function step(done, text, href) {
  return h(
    'li',
    { class: `step ${done ? 'done' : 'todo'}`, 'data-step-done': done ? 'yes' : 'no' },
    h('span', { class: 'tick', 'aria-hidden': 'true', text: done ? '✓' : '' }),
    h('span', { class: 'visually-hidden', text: `${t(done ? 'onboarding.done' : 'onboarding.todo')}: ` }),
    done ? h('span', { text }) : h('a', { href, text }),
  );
}

// Fills `area` for `user` on the page `routeName`; marks it data-ready when the answers are in.
export async function renderNotices(area, user, routeName) {
  area.removeAttribute('data-ready');
  let linked = true;
  try {
    linked = Boolean((await api('GET', '/api/v1/telegram')).linked);
  } catch {
    linked = true;  // unknown: better silent than wrong
  }
  const onboarded = remembered(user, 'onboarded');
  let positions = onboarded;
  if (!onboarded) {
    const [connections, manual] = await Promise.all([
      countOf('/api/v1/connections', 'connections'),
      countOf('/api/v1/manual-positions', 'positions'),
    ]);
    positions = connections + manual > 0;
  }
  const thresholds = onboarded || thresholdsChecked(user);
  if (linked && positions && thresholds) remember(user, 'onboarded');
  clear(area);
  if (!linked) {
    area.append(
      h(
        'p',
        { class: 'banner-telegram', role: 'status', 'data-telegram-missing': true },
        h('strong', { text: t('onboarding.telegram_missing') }),
        routeName === 'telegram' ? null : [' ', h('a', { href: '#/telegram', text: t('onboarding.telegram_link') })],
      ),
    );
  }
  if (!onboarded && !(linked && positions && thresholds)) {
    area.append(
      h(
        'section',
        { class: 'checklist card', 'aria-labelledby': 'checklist-title', 'data-checklist': true },
        h('h2', { id: 'checklist-title', text: t('onboarding.checklist_title') }),
        h(
          'ol',
          {},
          step(linked, t('onboarding.step_telegram'), '#/telegram'),
          step(positions, t('onboarding.step_positions'), '#/connections'),
          step(thresholds, t('onboarding.step_thresholds'), '#/settings'),
        ),
      ),
    );
  }
  area.setAttribute('data-ready', 'true');
}
