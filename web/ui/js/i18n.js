// The page's texts: one JSON file per language under /i18n/, loaded on start and on a switch.
// t(key, {name: value}) fills {name} placeholders; a missing key falls back to English, then to
// the key itself, so a gap is visible rather than blank.
export const LOCALES = ['en', 'ko'];
const STORAGE_KEY = 'baro.locale';

let locale = 'en';
let texts = {};
let fallback = {};

async function load(lang) {
  const response = await fetch(`/i18n/${lang}.json`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`cannot load texts for ${lang}`);
  return response.json();
}

// The browser's preference: a saved choice, else the first supported browser language.
export function preferredLocale() {
  let saved = null;
  try {
    saved = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    saved = null;
  }
  if (LOCALES.includes(saved)) return saved;
  for (const lang of navigator.languages || [navigator.language || 'en']) {
    const base = String(lang).toLowerCase().split('-')[0];
    if (LOCALES.includes(base)) return base;
  }
  return 'en';
}

export async function setLocale(lang, remember = false) {
  const chosen = LOCALES.includes(lang) ? lang : 'en';
  if (!Object.keys(fallback).length) fallback = await load('en');
  texts = chosen === 'en' ? fallback : await load(chosen);
  locale = chosen;
  document.documentElement.lang = chosen;
  if (remember) {
    try {
      window.localStorage.setItem(STORAGE_KEY, chosen);
    } catch {
      // storage may be disabled; the choice then lasts for this page only
    }
  }
}

export function currentLocale() {
  return locale;
}

export function t(key, args) {
  let value = key in texts ? texts[key] : key in fallback ? fallback[key] : key;
  if (typeof value !== 'string') return value;
  for (const [name, arg] of Object.entries(args || {})) {
    value = value.split(`{${name}}`).join(String(arg));
  }
  return value;
}

// A list of strings (guide steps); an empty list when the key is missing.
export function tList(key) {
  const value = t(key);
  return Array.isArray(value) ? value : [];
}
