import type { WalletItem } from '../../lib/storage.ts';
import { EntryCard } from '../../ui/EntryCard.tsx';
import { t } from '../../ui/strings.ts';

/** The search box over the wallet and the saved codes. */
export function SearchBox(props: { value: string; onInput: (value: string) => void }) {
  return (
    <div class="search">
      <label for="search" class="sr">
        {t.search}
      </label>
      <input
        id="search"
        type="search"
        placeholder={t.search}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        data-testid="search"
      />
    </div>
  );
}

/** An empty wallet: what Vouch does, beside the open Connect panel. */
export function WalletEmpty() {
  return (
    <section class="empty" data-testid="wallet-empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{t.emptyTitle}</h2>
      <p>{t.emptyBody}</p>
    </section>
  );
}

/** The wallet's entries matching the search (`query` as typed, empty for no search). */
export function WalletList(props: {
  entries: WalletItem[];
  query: string;
  connecting: boolean;
  onConnect: () => void;
}) {
  const { entries, query } = props;
  return (
    <section aria-labelledby="wallet-title">
      <div class="row spread">
        <h2 id="wallet-title">{t.wallet}</h2>
        {!props.connecting && (
          <button type="button" onClick={props.onConnect} data-testid="connect-open">
            {t.connect}
          </button>
        )}
      </div>
      {entries.length === 0 && query.trim() && <p class="muted">{t.noMatches(query)}</p>}
      {/* biome-ignore lint/a11y/noRedundantRoles: WebKit drops list semantics from a list-style: none <ul>
          (ui/styles.css) */}
      <ul class="entries" role="list" data-testid="wallet-list">
        {entries.map((item) => (
          <EntryCard key={item.id} item={item} onReconnect={props.onConnect} />
        ))}
      </ul>
    </section>
  );
}
