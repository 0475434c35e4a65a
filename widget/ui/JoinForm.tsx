import type { Translate } from '../i18n/translate.ts';
import { enrollEmail, type State, store } from '../runtime.ts';
import { OneField } from './OneField.tsx';

// The same shape the Worker accepts, loosely: it re-validates; this only catches typos early.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** For a visitor we do not know: the merchant's sign-in page if they gave one, else join by email. */
export function JoinForm({ s, t, _prefix: prefix }: { s: State; t: Translate; _prefix: string }) {
  const error = s._emailError;
  if (s._signinUrl) {
    return (
      <a class="p" href={s._signinUrl}>
        {t('signin')}
      </a>
    );
  }
  return (
    <OneField
      id={`${prefix}-email`}
      _label={t('email')}
      _button={t('join')}
      _input={{ name: 'email', type: 'email', autoComplete: 'email' }}
      _busy={s._busy}
      _said={error && t(error)}
      _class="e"
      _submit={(value) => {
        const problem = !value ? 'email_missing' : EMAIL.test(value) ? null : 'email_invalid';
        store._set({ _emailError: problem });
        if (!problem) void enrollEmail(value);
      }}
    />
  );
}
