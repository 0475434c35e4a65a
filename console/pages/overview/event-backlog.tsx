import type { HealthResponse } from '../../../shared/schemas/health.ts';
import { formatNumber } from '../../format.ts';
import { locale, t } from '../../i18n/index.ts';
import { useLoad } from '../../ui.tsx';

/**
 * The raw-event dead letters (`/health` events.dead_letters): clicks and hits whose counting failed every
 * retry wait there and are replayed every minute, so the figures below may be short until then. Shown only
 * when there are some; nothing when /health cannot be read (the figures are what they are).
 */
export function EventBacklog() {
  // A plain read: /health answers 503 with the same body while Redis is down, exactly when this matters most.
  const health = useLoad(
    async () => (await fetch('/health', { cache: 'no-store' })).json() as Promise<HealthResponse>,
    [],
  );
  const n = health.data?.events?.dead_letters ?? 0;
  if (n <= 0) return null;
  return (
    <p class="alert alert-info" role="status" data-testid="dead-letters">
      {t('dead_letters_notice', { count: formatNumber(locale(), n) })}
    </p>
  );
}
