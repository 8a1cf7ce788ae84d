// Guides: the safety checklist, the Binance exception, and how to create a read-only key (or find
// the wallet address) on each venue. Open to everyone, logged in or not.
import { append, h } from '../dom.js';
import { t, tList } from '../i18n.js';
import { GUIDE_VENUES, venueName } from '../venues.js';

function venueGuide(venue) {
  const notes = tList(`guide.${venue}.notes`);
  return h(
    'section',
    { class: 'card guide', id: `guide-${venue}`, tabindex: '-1', 'aria-labelledby': `guide-${venue}-title` },
    h('h2', { id: `guide-${venue}-title`, text: t(venue === 'hyperliquid' ? 'guides.venue_address_title' : 'guides.venue_title', { venue: venueName(venue) }) }),
    h('ol', { class: 'steps' }, tList(`guide.${venue}.steps`).map((step) => h('li', { text: step }))),
    notes.length ? h('ul', { class: 'notes' }, notes.map((note) => h('li', { text: note }))) : null,
  );
}

export function renderGuides(container, ctx, venue) {
  append(container, [
    h('h1', { text: t('guides.title') }),
    h(
      'section',
      { class: 'card checklist', 'aria-labelledby': 'checklist-title' },
      h('h2', { id: 'checklist-title', text: t('guides.checklist_title') }),
      h('ul', { class: 'checks' }, tList('guides.checklist').map((item) => h('li', { text: item }))),
    ),
    h(
      'section',
      { class: 'card warning-box', id: 'binance-exception', 'aria-labelledby': 'binance-exception-title' },
      h('h2', { id: 'binance-exception-title', text: t('guides.binance_exception_title') }),
      tList('guides.binance_exception').map((p) => h('p', { text: p })),
      ctx.egressAddress ? h('p', { class: 'mono', text: t('guides.egress_address', { address: ctx.egressAddress }) }) : null,
    ),
    h(
      'nav',
      { 'aria-label': t('guides.venues_nav') },
      h('ul', { class: 'venue-links' }, GUIDE_VENUES.map((v) => h('li', {}, h('a', { href: `#/guides/${v}`, text: venueName(v) })))),
    ),
    h('p', { class: 'muted', 'data-switch-names': true, text: t('guides.switch_names') }),
    GUIDE_VENUES.map(venueGuide),
  ]);
  if (venue && GUIDE_VENUES.includes(venue)) {
    const target = container.querySelector(`#guide-${venue}`);
    target.scrollIntoView();
    target.focus();
  }
}
