import type { ComponentChildren } from 'preact';
import { headline, offerText, offerVars } from './format.ts';
import { dismissReferral, dismissThanks, type State, setOpen } from './runtime.ts';
import { CopiedStatus, CopyField } from './ui/CopyField.tsx';
import { Head } from './ui/Head.tsx';
import { Panel } from './ui/Panel.tsx';

/**
 * The theme and direction wrapper every shadow root renders into. No catalog yet, or no running
 * program for this key (or the config failed): nothing shows at all.
 */
export function Frame({ s, children }: { s: State; children: ComponentChildren }) {
  return !s._full || (s._loaded && !s._program) ? null : (
    <div
      class={`v t-${s._program?.widget.theme ?? 'auto'}${s._position === 'bottom-left' ? ' s' : ''}`}
      dir={s._rtl ? 'rtl' : 'ltr'}
      lang={s._locale}
    >
      {children}
    </div>
  );
}

let returnTo: Element | null = null;

/** After each render: open or close the modal to match the state (focus moves in with showModal). */
export function syncDialog(root: ShadowRoot, s: State): void {
  const open = !!s._open;
  const dialog = root.querySelector('dialog');
  if (!dialog || dialog.open === open) return;
  if (open) {
    returnTo = root.activeElement ?? document.activeElement;
    dialog.showModal();
  } else dialog.close();
}

const close = () => setOpen(false);

/** Closed by Escape, the close button or the API: focus goes back to what opened the panel. */
function onClosed(e: Event) {
  close();
  const target =
    returnTo?.isConnected && returnTo !== document.body
      ? returnTo
      : ((e.target as Element).getRootNode() as ShadowRoot).querySelector('.launcher');
  (target as HTMLElement | null)?.focus();
}

/** Launcher, modal panel and the friend / thank-you cards, in the `vouch-widget` shadow root. */
export function Widget(s: State) {
  const { t } = s;
  return (
    <Frame s={s}>
      <button class="launcher" aria-haspopup="dialog" aria-expanded={!!s._open} onClick={() => setOpen(true)}>
        {s._program ? headline(s._program, t, s._locale) : t('refer')}
      </button>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes a <dialog> natively
          (the backdrop click is extra) */}
      <dialog
        aria-labelledby="ti"
        onClose={onClosed}
        // A click on the dialog box itself (not its content) is a click on the backdrop.
        onClick={(e) => e.target === e.currentTarget && close()}
      >
        {s._open && <Panel s={s} _surface="panel" _onClose={close} />}
      </dialog>
      {!s._open && <Card s={s} />}
    </Frame>
  );
}

/** The thank-you prompt after a purchase, else the greeting of a friend who came through a link. */
function Card({ s }: { s: State }) {
  const { t, _program: program, _referral: referral, _locale: locale } = s;
  if (!program) return null;
  if (s._purchased) {
    if (s._thanksOff) return null;
    const v = offerVars(program, t, locale);
    return (
      <section class="c" aria-labelledby="th">
        <Head _tag="p" id="th" _title={t('thanks')} _label={t('dismiss')} _onClose={dismissThanks} />
        <p>{t('thanks_share', v)}</p>
        <button class="p" onClick={() => setOpen(true)}>
          {t('share')}
        </button>
      </section>
    );
  }
  if (!referral || referral.dismissed) return null;
  const give = offerText(referral.offer ?? program.referee_offer, t, locale, true);
  const { first_name: name, code } = referral;
  return (
    <section class="c" aria-labelledby="gr">
      <Head
        _tag="p"
        id="gr"
        _title={name ? t('greeting', { name, give }) : t('greeting_anon', { give })}
        _label={t('dismiss')}
        _onClose={dismissReferral}
      />
      <p>{t('use_code', { code })}</p>
      <CopyField id="gc" _what="code" _value={code} t={t} _surface="toast" />
      <CopiedStatus _show={s._copied === 'toast'} t={t} />
    </section>
  );
}
