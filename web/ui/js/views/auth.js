// Sign-up and log-in forms. The password never leaves the form except in the request body, and the
// field is cleared once the request is answered.
import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { busy, clearErrors, field, showError, statusLine } from '../forms.js';

function authForm(ctx, mode) {
  const email = field({
    label: t('auth.email'),
    name: 'email',
    type: 'email',
    attrs: { autocomplete: 'email', required: true, inputmode: 'email' },
  });
  const password = field({
    label: t('auth.password'),
    name: 'password',
    type: 'password',
    hint: mode === 'signup' ? t('auth.password_hint') : null,
    attrs: {
      autocomplete: mode === 'signup' ? 'new-password' : 'current-password',
      required: true,
    },
  });
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true, 'data-form': mode },
    h('h2', { text: t(mode === 'signup' ? 'auth.signup_title' : 'auth.login_title') }),
    email.wrap,
    password.wrap,
    h('button', { type: 'submit', class: 'primary', text: t(mode === 'signup' ? 'auth.signup' : 'auth.login') }),
    statusLine(),
    h(
      'p',
      { class: 'switch' },
      t(mode === 'signup' ? 'auth.have_account' : 'auth.no_account'),
      ' ',
      h('a', { href: mode === 'signup' ? '#/login' : '#/signup', text: t(mode === 'signup' ? 'auth.login' : 'auth.signup') }),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = { email: email.input.value.trim(), password: password.input.value };
    busy(form, async () => {
      try {
        const data = await api('POST', mode === 'signup' ? '/api/v1/auth/signup' : '/api/v1/auth/login', body);
        password.input.value = '';
        await ctx.signedIn(data.user);
      } catch (error) {
        password.input.value = '';
        showError(form, error);
      }
    });
  });
  return form;
}

// What Baro does and what it never does, above the forms a visitor meets first.
function intro() {
  return h(
    'section',
    { class: 'intro', 'aria-labelledby': 'intro-title', 'data-intro': true },
    h('h1', { id: 'intro-title', text: t('onboarding.intro_title') }),
    h('p', { class: 'lead', text: t('onboarding.intro_does') }),
    h('p', { class: 'intro-never', text: t('onboarding.intro_never') }),
    h('p', { class: 'muted', text: t('onboarding.intro_limits') }),
  );
}

export function renderLogin(container, ctx) {
  container.append(intro(), authForm(ctx, 'login'));
}

export function renderSignup(container, ctx) {
  container.append(intro(), authForm(ctx, 'signup'));
}
