// Number, percentage and time formatting in the page's language and the user's time zone.
import { currentLocale } from './i18n.js';

let timeZone;

export function setTimeZone(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    timeZone = zone;
  } catch {
    timeZone = undefined;  // unknown to this browser: its own zone
  }
}

function tag() {
  return currentLocale() === 'ko' ? 'ko-KR' : 'en-US';
}

export function number(value, maxDigits = 6) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '—';
  return new Intl.NumberFormat(tag(), { maximumFractionDigits: maxDigits }).format(Number(value));
}

export function price(value) {
  if (value === null || value === undefined) return '—';
  const v = Math.abs(Number(value));
  const digits = v >= 1000 ? 2 : v >= 1 ? 4 : 8;
  return number(value, digits);
}

export function signed(value) {
  if (value === null || value === undefined) return '—';
  const text = number(value, 2);
  return Number(value) > 0 ? `+${text}` : text;
}

export function percent(fraction, digits = 1) {
  if (fraction === null || fraction === undefined) return '—';
  return new Intl.NumberFormat(tag(), {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(Number(fraction));
}

export function dateTime(ms) {
  if (!ms) return '—';
  return new Intl.DateTimeFormat(tag(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(Number(ms)));
}
