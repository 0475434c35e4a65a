import type { Channel } from '../beacon.ts';
import type { Translate } from '../i18n/translate.ts';
import { shared } from '../runtime.ts';

const enc = encodeURIComponent;
type Build = (link: string, msg: string, subject: string) => string;

// Share intents that need no SDK (and so no third-party script on the merchant's page).
const CHANNELS: [Channel, string, Build][] = [
  ['whatsapp', 'WhatsApp', (l, m) => `https://wa.me/?text=${enc(`${m} ${l}`)}`],
  ['telegram', 'Telegram', (l, m) => `https://t.me/share/url?url=${enc(l)}&text=${enc(m)}`],
  ['x', 'X', (l, m) => `https://x.com/intent/post?text=${enc(m)}&url=${enc(l)}`],
  ['facebook', 'Facebook', (l) => `https://www.facebook.com/sharer/sharer.php?u=${enc(l)}`],
  ['linkedin', 'LinkedIn', (l) => `https://www.linkedin.com/sharing/share-offsite/?url=${enc(l)}`],
  ['email', 'via_email', (l, m, s) => `mailto:?subject=${enc(s)}&body=${enc(`${m} ${l}`)}`],
  // `sms:?&body=` is the form both iOS and Android accept.
  ['sms', 'via_sms', (l, m) => `sms:?&body=${enc(`${m} ${l}`)}`],
];

export function ShareLinks(props: {
  _link: string;
  _message: string;
  _subject: string;
  t: Translate;
  _qr: string;
  _tabHintId: string;
}) {
  const { _link: link, _message: message, _subject: subject, t, _qr: qr, _tabHintId: tabHintId } = props;
  const native = typeof navigator.share === 'function';
  return (
    <>
      <ul>
        {native && (
          <li>
            <button
              onClick={() =>
                navigator.share({ text: message, url: link }).then(
                  () => shared('native'),
                  () => {},
                )
              }
            >
              {t('share_more')}
            </button>
          </li>
        )}
        {CHANNELS.map(([channel, name, build]) => {
          const href = build(link, message, subject);
          const web = href.startsWith('https:');
          return (
            <li key={channel}>
              <a
                href={href}
                onClick={() => shared(channel)}
                {...(web ? { target: '_blank', rel: 'noopener noreferrer', 'aria-describedby': tabHintId } : {})}
              >
                {name.startsWith('via_') ? t(name as 'via_email' | 'via_sms') : name}
              </a>
            </li>
          );
        })}
      </ul>
      <span id={tabHintId} class="sr">
        {t('new_tab')}
      </span>
      <img src={qr} alt={t('qr_alt')} width={128} height={128} />
    </>
  );
}
