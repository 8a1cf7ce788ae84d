// The page's shell: who is logged in (GET /api/v1/me), the language, the sidebar and the hash
// routes (#/positions, #/connections, #/alerts, #/telegram, #/settings, #/guides[/venue], #/login,
// #/signup). Each view renders into <main> and may return a function that stops its timers.
import { api, setCsrfToken } from './api.js';
import { clear, h } from './dom.js';
import { LOCALES, currentLocale, preferredLocale, setLocale, t } from './i18n.js';
import { setTimeZone } from './format.js';
import { renderLogin, renderSignup } from './views/auth.js';
import { renderPositions } from './views/positions.js';
import { renderConnections } from './views/connections.js';
import { renderTelegram } from './views/telegram.js';
import { renderAlerts } from './views/alerts.js';
import { renderSettings } from './views/settings.js';
import { renderGuides } from './views/guides.js';
import { renderNotices } from './onboarding.js';

const state = { user: null, venues: [], egressAddress: '' };
let stopView = null;
let noticesArea = null;
let routeName = '';

function refreshNotices() {
  if (state.user && noticesArea) renderNotices(noticesArea, state.user, routeName);
}

const ROUTES = {
  login: { render: renderLogin, public: true, only_guest: true },
  signup: { render: renderSignup, public: true, only_guest: true },
  positions: { render: renderPositions },
  connections: { render: renderConnections },
  alerts: { render: renderAlerts },
  telegram: { render: renderTelegram },
  settings: { render: renderSettings },
  guides: { render: renderGuides, public: true },
};

function announce(message) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}

function currentRoute() {
  const hash = window.location.hash;
  if (!hash.startsWith('#/')) return null;
  const [name, arg] = hash.slice(2).split('/');
  return { name, arg };
}

function navigate(name) {
  if (window.location.hash === `#/${name}`) route();
  else window.location.hash = `#/${name}`;
}

async function applyUser(user) {
  state.user = user;
  if (user) {
    setCsrfToken(user.csrf_token);
    setTimeZone(user.time_zone);
    if (user.locale && user.locale !== currentLocale()) await setLocale(user.locale);
  } else {
    setCsrfToken('');
    setTimeZone(undefined);
  }
}

const ctx = {
  get user() {
    return state.user;
  },
  get venues() {
    return state.venues;
  },
  get egressAddress() {
    return state.egressAddress;
  },
  announce,
  navigate,
  refreshNotices,
  async signedIn(user) {
    await applyUser(user);
    renderShell();
    announce(t('auth.welcome', { email: user.email }));
    navigate('positions');
  },
  async userChanged(user) {
    const localeChanged = user.locale !== currentLocale();
    await applyUser(user);
    if (localeChanged) {
      renderShell();
      route();
    }
  },
};

function navLink(name, text, extra) {
  const current = (currentRoute() || {}).name === name;
  return h('li', {}, h('a', { href: `#/${name}`, 'aria-current': current ? 'page' : null, 'data-nav': name }, text, extra || null));
}

function renderSidebar() {
  const nav = clear(document.getElementById('sidebar'));
  if (state.user) {
    const premium = state.user.plan === 'premium';
    nav.append(
      h(
        'div',
        { class: 'nav-group' },
        h('p', { class: 'nav-heading', id: 'nav-alerts' }, t('nav.position_alerts'), ' ', h('span', { class: `badge ${premium ? 'on' : ''}`, text: t('nav.premium') })),
        h(
          'ul',
          { 'aria-labelledby': 'nav-alerts' },
          navLink('positions', t('nav.positions')),
          navLink('connections', t('nav.connections')),
          navLink('alerts', t('nav.alert_history')),
        ),
      ),
      h('ul', {}, navLink('telegram', t('nav.telegram')), navLink('settings', t('nav.settings')), navLink('guides', t('nav.guides'))),
    );
  } else {
    nav.append(h('ul', {}, navLink('login', t('nav.login')), navLink('signup', t('nav.signup')), navLink('guides', t('nav.guides'))));
  }
}

function renderHeader() {
  const bar = clear(document.getElementById('topbar'));
  const toggle = h('button', { type: 'button', class: 'menu-toggle', 'aria-expanded': 'false', 'aria-controls': 'sidebar', text: t('nav.menu') });
  toggle.addEventListener('click', () => {
    const open = document.body.classList.toggle('nav-open');
    toggle.setAttribute('aria-expanded', String(open));
  });
  const language = h('select', { id: 'language-switch', 'data-language-switch': true }, LOCALES.map((l) => h('option', { value: l, text: t(`language.${l}`) })));
  language.value = currentLocale();
  language.addEventListener('change', async () => {
    const chosen = language.value;
    await setLocale(chosen, true);
    if (state.user) {
      try {
        const data = await api('PATCH', '/api/v1/me/settings', { locale: chosen });
        await applyUser(data.user);
      } catch (error) {
        announce(error.message);
      }
    }
    renderShell();
    route();
    document.getElementById('language-switch').focus();
  });
  const right = h(
    'div',
    { class: 'topbar-right' },
    h('label', { for: 'language-switch', class: 'visually-hidden', text: t('nav.language') }),
    language,
  );
  if (state.user) {
    const logout = h('button', { type: 'button', class: 'secondary', 'data-logout': true, text: t('nav.logout') });
    logout.addEventListener('click', async () => {
      try {
        await api('POST', '/api/v1/auth/logout');
      } catch {
        // the session may already be gone; the page forgets it either way
      }
      await applyUser(null);
      renderShell();
      announce(t('auth.logged_out'));
      navigate('login');
    });
    right.append(h('span', { class: 'user-email', 'data-user-email': true, text: state.user.email }), logout);
  }
  bar.append(toggle, h('a', { class: 'brand', href: '#/' }, h('img', { src: '/favicon.svg', alt: '', width: 24, height: 24 }), 'Baro'), right);
  document.getElementById('skip-link').textContent = t('nav.skip');
  document.title = t('app.title');
}

function renderShell() {
  renderHeader();
  renderSidebar();
  const footer = clear(document.getElementById('footer'));
  footer.append(h('p', { text: t('app.footer') }));
}

function route() {
  if (stopView) stopView();
  stopView = null;
  document.body.classList.remove('nav-open');
  let r = currentRoute();
  if (!r || !ROUTES[r.name]) r = { name: state.user ? 'positions' : 'login' };
  const spec = ROUTES[r.name];
  if (!spec.public && !state.user) r = { name: 'login' };
  else if (spec.only_guest && state.user) r = { name: 'positions' };
  if (window.location.hash !== `#/${r.name}${r.arg ? `/${r.arg}` : ''}`) {
    window.history.replaceState(null, '', `#/${r.name}${r.arg ? `/${r.arg}` : ''}`);
  }
  renderSidebar();
  const main = clear(document.getElementById('main'));
  main.setAttribute('data-view', r.name);
  routeName = r.name;
  noticesArea = state.user ? h('div', { class: 'notices', 'data-notices': true }) : null;
  const view = h('div', { class: 'view' });
  main.append(noticesArea, view);
  stopView = ROUTES[r.name].render(view, ctx, r.arg) || null;
  refreshNotices();
}

async function start() {
  await setLocale(preferredLocale());
  try {
    const me = await api('GET', '/api/v1/me');
    await applyUser(me.user);
  } catch {
    await applyUser(null);
  }
  try {
    const data = await api('GET', '/api/v1/venues');
    state.venues = data.venues || [];
    state.egressAddress = (data.egress_addresses || []).join(', ') || data.egress_address || '';
  } catch {
    state.venues = [];
  }
  renderShell();
  window.addEventListener('hashchange', () => {
    if (currentRoute()) route();
  });
  route();
  document.body.setAttribute('data-ready', 'true');
}

start();
