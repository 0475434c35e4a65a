import type { PublicProgram } from '../../shared/schemas/public.ts';
import { headline, money, offerVars, programCopy } from '../format.ts';
import type { Translate } from '../i18n/translate.ts';
import { apiBase, startSession, type State, type Surface } from '../runtime.ts';
import { CopiedStatus, CopyField } from './CopyField.tsx';
import { Head } from './Head.tsx';
import { JoinForm } from './JoinForm.tsx';
import { ShareLinks } from './ShareLinks.tsx';

/**
 * The panel's content, the same in the modal dialog and in an inline `<div data-vouch="panel">`:
 * the offer, the visitor's own link (or how to get one), how it works and the program's terms.
 */
export function Panel({ s, surface, titleId, onClose }: { s: State; surface: Surface; titleId: string; onClose?: () => void }) {
  const { t, _program: program, _locale: locale } = s;
  if (!program) return <p>{t('loading')}</p>;
  const v = offerVars(program, t, locale);
  const copy = programCopy(program, locale);
  return (
    <div>
      <Head tag="h2" id={titleId} title={headline(program, t, locale)} t={t} close="close" onClose={onClose} />
      {s._purchased && (
        <p class="note">
          <strong>{t('thanks')}</strong> {t('thanks_share', { give: v.giveOff, get: v.get })}
        </p>
      )}
      <p>{copy.description ?? t('intro', { give: v.giveOff, get: v.get })}</p>
      <Account s={s} t={t} program={program} surface={surface} give={v.giveOff} />
      <h3>{t('how')}</h3>
      <ol>
        <li>{t('step1')}</li>
        <li>{t('step2', { give: v.giveOff })}</li>
        <li>{t('step3', { get: v.get })}</li>
      </ol>
      {copy.terms && (
        <>
          <h3>{t('terms')}</h3>
          <p class="terms">{copy.terms}</p>
        </>
      )}
    </div>
  );
}

function Account({ s, t, program, surface, give }: { s: State; t: Translate; program: PublicProgram; surface: Surface; give: string }) {
  const own = s._session?.advocate ?? (s._enrollment?.code && s._enrollment.link ? { code: s._enrollment.code, link: s._enrollment.link, stats: null } : null);
  const failed = s._failed && <p class="err">{t('failed')}</p>;
  if (own) {
    const message = t('share_msg', { give, shop: s._config?.merchant.name ?? '' });
    return (
      <section aria-labelledby={`${surface}-yours`}>
        <h3 id={`${surface}-yours`} class="sr">
          {t('link')}
        </h3>
        <CopyField id={`${surface}-link`} what="link" value={own.link} t={t} surface={surface} />
        <CopyField id={`${surface}-code`} what="code" value={own.code} t={t} surface={surface} />
        <CopiedStatus show={s._copied === surface} t={t} />
        <ShareLinks link={own.link} message={message} subject={headline(program, t, s._locale)} t={t} qr={`${apiBase()}/r/${encodeURIComponent(own.code)}.svg`} tabHintId={`${surface}-tab`} />
        {own.stats && <Progress stats={own.stats} t={t} locale={s._locale} />}
      </section>
    );
  }
  if (s._session && !s._session.enrolled) {
    return (
      <>
        {failed}
        <button type="button" class="primary" disabled={s._busy} onClick={() => void startSession(true)}>
          {t('join')}
        </button>
      </>
    );
  }
  if (s._identity && !s._failed) return <p class="muted">{t('loading')}</p>;
  if (s._enrollment?.status === 'already_enrolled') return <p class="note">{t('already')}</p>;
  return (
    <>
      {failed}
      <JoinForm s={s} t={t} prefix={surface} />
    </>
  );
}

type Stats = NonNullable<NonNullable<State['_session']>['advocate']>['stats'];

function Progress({ stats, t, locale }: { stats: Stats; t: Translate; locale: string }) {
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
      {stats.next_tier && <p class="muted">{t('next_tier', { n: stats.next_tier.conversions_needed, tier: stats.next_tier.label })}</p>}
    </>
  );
}
