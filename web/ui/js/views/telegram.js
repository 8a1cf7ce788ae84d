// Telegram: "Open Telegram bot and connect" with a fresh deep link, the linked state shown as soon
// as the bot confirms (GET /api/v1/telegram is polled while the page waits), and unlinking.
import { api } from '../api.js';
import { append, clear, h } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime } from '../format.js';

// How often the page asks whether the chat is linked while it waits for the user in Telegram.
export const TELEGRAM_POLL_MS = 2000;

export function renderTelegram(container, ctx) {
  const body = h('div', { 'aria-live': 'polite', 'data-telegram': 'loading' });
  container.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'telegram-title' },
      h('h1', { id: 'telegram-title', text: t('telegram.title') }),
      h('p', { class: 'lead', text: t('telegram.lead') }),
      body,
    ),
  );
  let stopped = false;
  let timer = null;
  let link = null;

  async function issueLink() {
    link = await api('POST', '/api/v1/telegram/link');
    return link;
  }

  function showLinked(status) {
    body.setAttribute('data-telegram', 'linked');
    const unlink = h('button', { type: 'button', class: 'danger', text: t('telegram.unlink') });
    const note = h('p', { class: 'form-status', role: 'status' });
    unlink.addEventListener('click', async () => {
      unlink.disabled = true;
      try {
        await api('DELETE', `/api/v1/telegram/chats/${encodeURIComponent(status.chat_id)}`);
        ctx.announce(t('telegram.unlinked'));
        ctx.refreshNotices();
        await show();
      } catch (error) {
        note.textContent = error.message;
        unlink.disabled = false;
      }
    });
    // A test alert goes the way real alerts go (the outbox, then the bot): it proves the chain.
    const test = h('button', { type: 'button', class: 'primary', 'data-test-alert': true, text: t('telegram.test') });
    test.addEventListener('click', async () => {
      test.disabled = true;
      try {
        await api('POST', '/api/v1/telegram/test', { chat_id: status.chat_id });
        note.textContent = t('telegram.test_sent');
      } catch (error) {
        note.textContent = error.message;
      } finally {
        test.disabled = false;
      }
    });
    append(clear(body), [
      h('p', { class: 'status ok', text: t('telegram.linked', { username: status.username ? `@${status.username}` : t('telegram.your_chat') }) }),
      status.linked_at ? h('p', { class: 'muted', text: t('telegram.linked_at', { time: dateTime(status.linked_at) }) }) : null,
      status.active === false ? h('p', { class: 'status attention', text: t('telegram.inactive') }) : null,
      // Linked groups, each with whether the bot can still post there.
      (status.chats || []).filter((c) => c.type !== 'private').map((c) =>
        h('p', { class: c.active ? 'muted' : 'status attention', 'data-group-chat': c.active ? 'active' : 'inactive', text: t(c.active ? 'telegram.group' : 'telegram.group_inactive', { title: c.title }) })),
      h('div', { class: 'actions' }, test, unlink),
      note,
    ]);
  }

  async function showUnlinked() {
    body.setAttribute('data-telegram', 'unlinked');
    const open = h('a', { class: 'button primary', target: '_blank', rel: 'noopener noreferrer', 'data-deep-link': true, text: t('telegram.open') });
    const waiting = h('p', { class: 'muted', role: 'status', text: t('telegram.waiting') });
    clear(body).append(
      h('ol', { class: 'steps' }, h('li', { text: t('telegram.step1') }), h('li', { text: t('telegram.step2') }), h('li', { text: t('telegram.step3') })),
      open,
      waiting,
    );
    try {
      await issueLink();
      open.setAttribute('href', link.url);
    } catch (error) {
      clear(body).append(h('p', { class: 'error', role: 'alert', text: error.message }));
      return;
    }
    // A link expires (15 minutes by default); a click on an old one gets a new one first.
    open.addEventListener('click', async (event) => {
      if (link && link.expires_at > Date.now() + 5000) return;
      event.preventDefault();
      await issueLink();
      open.setAttribute('href', link.url);
      window.open(link.url, '_blank', 'noopener');
    });
  }

  async function show() {
    let status;
    try {
      status = await api('GET', '/api/v1/telegram');
    } catch (error) {
      clear(body).append(h('p', { class: 'error', role: 'alert', text: error.message }));
      return;
    }
    if (stopped) return;
    if (status.linked) {
      showLinked(status);
    } else {
      await showUnlinked();
      poll();
    }
  }

  function poll() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (stopped) return;
      try {
        const status = await api('GET', '/api/v1/telegram');
        if (stopped) return;
        if (status.linked) {
          showLinked(status);
          ctx.announce(t('telegram.now_linked'));
          ctx.refreshNotices();
          return;
        }
      } catch {
        // a failed poll is tried again on the next tick
      }
      poll();
    }, TELEGRAM_POLL_MS);
  }

  show();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
