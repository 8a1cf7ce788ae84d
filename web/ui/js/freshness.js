// "checked 12 s ago · next in about 2 min": how fresh a check is, from the server's own times
// (observed_at / last_checked_at and next_check_at, measured against the server's clock when the
// answer carries it), never from when the page was loaded.
import { t } from './i18n.js';

// A rough duration in words: seconds under a minute, minutes under an hour, then hours.
export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('time.seconds', { n: s });
  const m = Math.round(s / 60);
  if (m < 60) return t('time.minutes', { n: m });
  return t('time.hours', { n: Math.round(m / 60) });
}

// checkedAt / nextAt: server times in ms (0 when unknown); now: the server's time of the answer.
// streamedAt: when the figures were judged on a mark from the venue's live stream (a position's
// mark_streamed_at), else 0: they are from the last check's REST read.
export function freshnessText(checkedAt, nextAt, now, streamedAt = 0) {
  if (!checkedAt) return t('freshness.waiting');
  const parts = [streamedAt ? t('freshness.streamed', { ago: duration(now - streamedAt) }) : t('freshness.checked', { ago: duration(now - checkedAt) })];
  if (nextAt) {
    parts.push(nextAt - now < 1000 ? t('freshness.next_now') : t('freshness.next_in', { in: duration(nextAt - now) }));
  }
  return parts.join(' · ');
}
