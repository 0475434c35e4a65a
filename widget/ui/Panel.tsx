import type { PublicProgram } from '../../shared/schemas/public.ts';
import { headline, money, offerVars, programCopy } from '../format.ts';
import type { Translate } from '../i18n/translate.ts';
import { apiBase, type State, type Surface, startSession, walletSlot } from '../runtime.ts';
import { CopiedStatus, CopyField } from './CopyField.tsx';
import { Head } from './Head.tsx';
import { JoinForm } from './JoinForm.tsx';
import { PairForm } from './PairForm.tsx';
import { ShareLinks } from './ShareLinks.tsx';

/**
 * The panel's content, the same in the modal dialog and in an inline `<div data-vouch="panel">`:
 * the offer, the visitor's own link (or how to get one), how it works and the program's terms.
 * Its h2 is `#ti` (ids are per shadow root), which the modal dialog is labelled by.
 */
export function Panel({
  s,
  _surface: surface,
  _onClose: onClose,
}: {
  s: State;
  _surface: Surface;
  _onClose?: () => void;
}) {
  const { t, _program: program, _locale: locale } = s;
  if (!program) return <p>{t('loading')}</p>;
  const v = offerVars(program, t, locale);
  const copy = programCopy(program, locale);
  return (
    <div>
      <Head _tag="h2" id="ti" _title={headline(program, t, locale)} _label={t('close')} _onClose={onClose} />
      {s._purchased && (
        <p class="n">
          <strong>{t('thanks')}</strong> {t('thanks_share', v)}
        </p>
      )}
      <p>{copy.description ?? t('intro', v)}</p>
      <Account s={s} t={t} _program={program} _surface={surface} _give={v.give} />
      <h3>{t('how')}</h3>
      <ol>
        <li>{t('step1')}</li>
        <li>{t('step2', v)}</li>
        <li>{t('step3', v)}</li>
      </ol>
      {copy.terms && (
        <>
          <h3>{t('terms')}</h3>
          <p class="tm">{copy.terms}</p>
        </>
      )}
    </div>
  );
}

function Account({
  s,
  t,
  _program: program,
  _surface: surface,
  _give: give,
}: {
  s: State;
  t: Translate;
  _program: PublicProgram;
  _surface: Surface;
  _give: string;
}) {
  const own: { code: string; link: string; stats?: Stats | null } | null =
    s._session?.advocate ??
    (s._enrollment?.code && s._enrollment.link ? (s._enrollment as { code: string; link: string }) : null);
  const failed = s._failed && <p class="e">{t('failed')}</p>;
  if (own) {
    const message = t('share_msg', { give, shop: s._config?.merchant.name ?? '' });
    return (
      <section aria-labelledby={`${surface}-yours`}>
        <h3 id={`${surface}-yours`} class="sr">
          {t('link')}
        </h3>
        <CopyField id={`${surface}-link`} _what="link" _value={own.link} t={t} _surface={surface} />
        <CopyField id={`${surface}-code`} _what="code" _value={own.code} t={t} _surface={surface} />
        <CopiedStatus _show={s._copied === surface} t={t} />
        <ShareLinks
          _link={own.link}
          _message={message}
          _subject={headline(program, t, s._locale)}
          t={t}
          _qr={`${apiBase()}/r/${encodeURIComponent(own.code)}.svg`}
          _tabHintId={`${surface}-tab`}
        />
        {own.stats && <Progress _stats={own.stats} t={t} _locale={s._locale} />}
        {/* Pairing needs a signed identity: an email enrollment has none. The div: paid out history,
            reward codes, points and payout details, filled by the wallet chunk. */}
        {s._session?.advocate && (
          <>
            <PairForm t={t} _prefix={surface} />
            <div ref={walletSlot} />
          </>
        )}
      </section>
    );
  }
  if (s._session && !s._session.enrolled) {
    return (
      <>
        {failed}
        <button class="p" disabled={s._busy} onClick={() => void startSession(true)}>
          {t('join')}
        </button>
      </>
    );
  }
  if (s._identity && !s._failed) return <p class="m">{t('loading')}</p>;
  if (s._enrollment?.status === 'already_enrolled') return <p class="n">{t('already')}</p>;
  return (
    <>
      {failed}
      <JoinForm s={s} t={t} _prefix={surface} />
    </>
  );
}

type Stats = NonNullable<NonNullable<State['_session']>['advocate']>['stats'];

function Progress({ _stats: stats, t, _locale: locale }: { _stats: Stats; t: Translate; _locale: string }) {
  const amount = (n: number) => (stats.unit === 'points' ? t('points', { n }) : money(n, stats.unit, locale));
  return (
    <>
      <h3>{t('progress')}</h3>
      <p>
        {t('clicks', { n: stats.clicks })} · {t('friends', { n: stats.friends_joined })}
      </p>
      <dl>
        <dt>{t('pending')}</dt>
        <dd>{amount(stats.rewards_pending)}</dd>
        <dt>{t('earned')}</dt>
        <dd>{amount(stats.rewards_earned)}</dd>
      </dl>
      {stats.next_tier && (
        <p class="m">{t('next_tier', { n: stats.next_tier.conversions_needed, tier: stats.next_tier.label })}</p>
      )}
    </>
  );
}
