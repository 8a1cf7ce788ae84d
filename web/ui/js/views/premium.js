// The polite answer to 403 premium_required: the server's message, what Premium offers, and the
// guides, which stay open to everyone.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function premiumNotice(error) {
  return h(
    'section',
    { class: 'card notice premium', 'data-premium-required': true, 'aria-labelledby': 'premium-title' },
    h('h2', { id: 'premium-title', text: t('premium.title') }),
    h('p', { class: 'server-message', text: error.message }),
    h('p', { text: t('premium.what') }),
    h('p', {}, h('a', { href: '#/guides', text: t('premium.read_guides') })),
  );
}

export function isPremiumRequired(error) {
  return error && error.status === 403 && error.code === 'premium_required';
}
