import { deepLink } from '../../lib/deep-link.ts';
import { send } from '../../lib/messages.ts';
import { entriesForPage } from '../../lib/pick-entry.ts';
import { walletItem } from '../../lib/storage.ts';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { shareTexts } from '../../ui/EntryCard.tsx';
import { Qr } from '../../ui/Qr.tsx';
import { ShareButtons } from '../../ui/ShareButtons.tsx';
import { t } from '../../ui/strings.ts';
import { useStored } from '../../ui/use-stored.ts';

/**
 * Opened by "Share this page with my referral link": the page as a deep link for each program of
 * its merchant in the wallet, with the share options; or why there is none.
 */
export function SharePage(props: { pageUrl: string }) {
  const wallet = useStored(walletItem);
  if (!wallet) return <main aria-busy="true" data-testid="share-loading" />;
  const entries = entriesForPage(wallet.entries, props.pageUrl);
  return (
    <main data-testid="share-page">
      <h1>{t.sharePage}</h1>
      {entries.length === 0 ? (
        <section class="empty" data-testid="share-not-in-wallet">
          <h2>{t.notInWallet}</h2>
          <p>{t.notInWalletBody}</p>
        </section>
      ) : (
        /* biome-ignore lint/a11y/noRedundantRoles: WebKit drops list semantics from a list-style: none <ul>
           (extension/ui/styles.css) */
        <ul role="list">
          {entries.map((item) => {
            const link = deepLink(item.entry.advocate.link, item.entry.merchant.sites, props.pageUrl)!;
            const shop = item.entry.merchant.name;
            const used = () => void send({ type: 'code:copy', entry_id: item.id }).catch(() => {});
            return (
              <li key={item.id} class="entry" data-testid="share-entry" data-entry-id={item.id}>
                <h2>{t.sharePageLink(shop)}</h2>
                <div class="field">
                  <span class="label">{t.yourLink}</span>
                  <code data-testid="share-deep-link">{link}</code>
                  <CopyButton value={link} label={t.copyLink(shop)} testid="share-copy-link" onCopied={used} />
                </div>
                <ShareButtons
                  link={link}
                  {...shareTexts(item)}
                  onShared={used}
                  idPrefix={`share-${item.id.replace(/[^A-Za-z0-9_-]/g, '-')}`}
                />
                <Qr value={link} label={t.qrAlt(shop)} />
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" onClick={() => window.close()} data-testid="share-close">
        {t.close}
      </button>
    </main>
  );
}
