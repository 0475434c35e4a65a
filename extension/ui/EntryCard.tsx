import { useEffect, useState } from 'preact/hooks';
import { BROWSER } from '../lib/config.ts';
import { amount, count, offerText, rewardText } from '../lib/format.ts';
import { send } from '../lib/messages.ts';
import { sitePatterns } from '../lib/sites.ts';
import type { WalletItem } from '../lib/storage.ts';
import { CopyButton } from './CopyButton.tsx';
import { EntryActions } from './EntryActions.tsx';
import { EntryRewards } from './EntryRewards.tsx';
import { ShareButtons } from './ShareButtons.tsx';
import { t } from './strings.ts';

export const shareTexts = (item: WalletItem) => ({
  message: t.shareMessage(offerText(item.entry.program.referee_offer), item.entry.merchant.name),
  subject: t.shareSubject(item.entry.merchant.name),
});

const used = (id: string) => void send({ type: 'code:copy', entry_id: id }).catch(() => {});

/** One program the advocate belongs to: code, link, share, QR, figures, badge access, remove. */
export function EntryCard(props: { item: WalletItem; onReconnect: () => void }) {
  const { item } = props;
  const { entry } = item;
  const shop = entry.merchant.name;
  const s = entry.advocate.stats;
  const idp = `entry-${item.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

  return (
    <li
      class="entry"
      data-testid="wallet-entry"
      data-entry-id={item.id}
      data-status={item.status}
      aria-labelledby={`${idp}-name`}
    >
      <header>
        <h3 id={`${idp}-name`} data-testid="entry-merchant">
          {shop}
        </h3>
        <span class="program">{entry.program.name}</span>
        {!entry.livemode && <span class="tag">{t.testMode}</span>}
      </header>
      <p class="offer">
        {t.friendsGet(offerText(entry.program.referee_offer))}, {t.youGet(rewardText(entry.program.referrer_reward))}
      </p>
      {item.status === 'revoked' && (
        <div class="notice warn" role="status" data-testid="entry-revoked">
          {t.revoked}{' '}
          <button type="button" onClick={props.onReconnect} data-testid="entry-reconnect">
            {t.reconnect}
          </button>
        </div>
      )}
      <CodeAndLink item={item} />
      <Figures stats={s} />
      <EntryRewards item={item} idPrefix={idp} />
      <ShareButtons link={entry.advocate.link} {...shareTexts(item)} onShared={() => used(item.id)} idPrefix={idp} />
      <EntryActions item={item} idPrefix={idp} />
      <BadgeToggle sites={entry.merchant.sites} shop={shop} id={`${idp}-badge`} />
    </li>
  );
}

/** The advocate's code and link, each with its copy button (a copy marks the entry as used). */
function CodeAndLink(props: { item: WalletItem }) {
  const { item } = props;
  const { advocate } = item.entry;
  const shop = item.entry.merchant.name;
  return (
    <>
      <div class="field">
        <span class="label">{t.yourCode}</span>
        <code data-testid="entry-code">{advocate.code}</code>
        <CopyButton value={advocate.code} label={t.copyCode(shop)} testid="copy-code" onCopied={() => used(item.id)} />
      </div>
      <div class="field">
        <span class="label">{t.yourLink}</span>
        <a class="link" href={advocate.link} target="_blank" rel="noopener noreferrer" data-testid="entry-link">
          {advocate.link.replace(/^https?:\/\//, '')}
        </a>
        <CopyButton value={advocate.link} label={t.copyLink(shop)} testid="copy-link" onCopied={() => used(item.id)} />
      </div>
    </>
  );
}

function Figures(props: { stats: WalletItem['entry']['advocate']['stats'] }) {
  const s = props.stats;
  return (
    <div class="figures" data-testid="entry-figures">
      <dl>
        <div>
          <dt>{t.clicks}</dt>
          <dd data-testid="stat-clicks">{count(s.clicks)}</dd>
        </div>
        <div>
          <dt>{t.friendsJoined}</dt>
          <dd data-testid="stat-friends">{count(s.friends_joined)}</dd>
        </div>
        <div>
          <dt>{t.pending}</dt>
          <dd data-testid="stat-pending">{amount(s.rewards_pending, s.unit)}</dd>
        </div>
        <div>
          <dt>{t.earned}</dt>
          <dd data-testid="stat-earned">{amount(s.rewards_earned, s.unit)}</dd>
        </div>
      </dl>
      {(s.tier || s.next_tier) && (
        <p class="tier" data-testid="entry-tier">
          {s.tier && t.tier(s.tier)}
          {s.tier && s.next_tier && ' · '}
          {s.next_tier && t.nextTier(s.next_tier.label, s.next_tier.conversions_needed)}
        </p>
      )}
    </div>
  );
}

/**
 * Host access to this merchant's sites, asked only when the user flips the switch: the browser
 * requires the request to come straight from the click, so the patterns are computed up front.
 */
function BadgeToggle(props: { sites: string[]; shop: string; id: string }) {
  const origins = sitePatterns(props.sites, BROWSER);
  const [granted, setGranted] = useState<boolean | null>(null);
  const key = origins.join(' ');
  useEffect(() => {
    if (!origins.length) return;
    void browser.permissions.contains({ origins }).then(setGranted, () => setGranted(false));
  }, [key]);
  if (!origins.length) return null;
  const toggle = (e: Event) => {
    const on = (e.currentTarget as HTMLInputElement).checked;
    const change = on ? browser.permissions.request({ origins }) : browser.permissions.remove({ origins });
    void change.then(
      (ok) => setGranted(on ? ok : !ok),
      () => setGranted(!on),
    );
  };
  return (
    <div class="toggle">
      <input
        type="checkbox"
        // biome-ignore lint/a11y/useAriaPropsForRole: a native checkbox states its own checked state (no aria-checked)
        role="switch"
        id={props.id}
        checked={granted === true}
        onChange={toggle}
        aria-describedby={`${props.id}-hint`}
        data-testid="badge-toggle"
      />
      <label for={props.id}>{t.badgeToggle(props.shop)}</label>
      <p id={`${props.id}-hint`} class="hint">
        {t.badgeHint}
      </p>
    </div>
  );
}
