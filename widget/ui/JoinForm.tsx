import type { Translate } from '../i18n/translate.ts';
import { enrollEmail, store, type State } from '../runtime.ts';

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
  const errorId = `${prefix}-email-err`;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        // Uncontrolled: the value lives in the input, read once on submit.
        const value = String(new FormData(e.currentTarget).get('email') ?? '').trim();
        const problem = !value ? 'email_missing' : EMAIL.test(value) ? null : 'email_invalid';
        store._set({ _emailError: problem });
        if (!problem) void enrollEmail(value);
      }}
    >
      <label for={`${prefix}-email`}>{t('email')}</label>
      <input
        id={`${prefix}-email`}
        name="email"
        type="email"
        autoComplete="email"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error && (
        <p id={errorId} class="e">
          {t(error)}
        </p>
      )}
      <button class="p" disabled={s._busy}>
        {t('join')}
      </button>
    </form>
  );
}
