import { CHANNELS, opensTab, shareUrl } from '../lib/share-urls.ts';
import { t } from './strings.ts';

/** The widget's share channels, plus the system share sheet where the browser has one. */
export function ShareButtons(props: {
  link: string;
  message: string;
  subject: string;
  onShared?: () => void;
  idPrefix: string;
}) {
  const { link, message, subject, onShared, idPrefix } = props;
  const native = typeof navigator.share === 'function';
  const hint = `${idPrefix}-newtab`;
  return (
    <div class="share" data-testid="share-buttons">
      {/* biome-ignore lint/a11y/noRedundantRoles: WebKit drops list semantics from a list-style: none <ul>
          (ui/styles.css) */}
      <ul role="list">
        {native && (
          <li>
            <button
              type="button"
              data-testid="share-native"
              onClick={() => navigator.share({ text: message, url: link }).then(onShared, () => {})}
            >
              {t.shareMore}
            </button>
          </li>
        )}
        {CHANNELS.map(({ channel, label }) => {
          const href = shareUrl(channel, link, message, subject);
          const tab = opensTab(href);
          return (
            <li key={channel}>
              <a
                href={href}
                data-testid={`share-${channel}`}
                aria-label={t.shareVia(label)}
                onClick={() => onShared?.()}
                {...(tab ? { target: '_blank', rel: 'noopener noreferrer', 'aria-describedby': hint } : {})}
              >
                {label}
              </a>
            </li>
          );
        })}
      </ul>
      <span id={hint} class="sr">
        {t.opensNewTab}
      </span>
    </div>
  );
}
