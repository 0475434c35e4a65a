import { AD_CLICK_IDS, adClickIds } from '../../shared/core/assess-risk.ts';

// A cheap look before parsing: destinations almost never carry an ad network's click id.
const AD_PARAM = new RegExp(`[?&](?:${AD_CLICK_IDS.join('|')})(?:[=&#]|$)`, 'i');
const KNOWN: ReadonlySet<string> = new Set(AD_CLICK_IDS);

/**
 * The ad networks' click ids the visit's landing URL has (the fraud signal `ad_click_id`), without
 * building that URL first: the visitor's query (forwarded whole) and the destination's own query,
 * which a deep link replaces.
 */
export function landingAdClickIds(destination: string, deepPath: string, visitorQuery: URLSearchParams): string[] {
  const found = new Set<string>();
  if (visitorQuery.size > 0) {
    visitorQuery.forEach((_value, name) => {
      const lower = name.toLowerCase();
      if (KNOWN.has(lower)) found.add(lower);
    });
  }
  if (!deepPath && AD_PARAM.test(destination)) for (const name of adClickIds(destination)) found.add(name);
  return [...found];
}
