import type { ReferrerReward } from '../../shared/schemas/program.ts';
import { count, money, percent } from './format.ts';

/**
 * The toolbar badge's text for a reward: what the advocate earns per friend on this site. A badge
 * shows about four characters, so large amounts are compact ("$1.5K") and currencies use their
 * narrow symbol ("$10", "€5", "10%", "500").
 */
export function badgeText(reward: ReferrerReward): string {
  switch (reward.type) {
    case 'percent_of_order':
      return percent(reward.value);
    case 'points':
      return count(reward.value, true);
    default:
      return money(reward.value, reward.currency, { compact: true });
  }
}
