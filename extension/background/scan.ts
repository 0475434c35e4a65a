import { API_ORIGIN } from '../lib/config.ts';
import { SCAN_OPTIONS_KEY } from '../lib/scan-options.ts';
import { lastScanItem, type ScanFinding, type ScanResult, walletItem } from '../lib/storage.ts';
import { ApiError } from './api.ts';
import { recognize } from './codes.ts';

/** What extension/entrypoints/scan.ts returns (the detector's `Finding`). */
interface Finding {
  kind: 'code' | 'link';
  value: string;
  context: string;
  score: number;
  vouch: boolean;
}

function originOf(url: string | undefined): string {
  try {
    return url ? new URL(url).origin : '';
  } catch {
    return '';
  }
}

/** Origins whose links are Vouch links: the API's and those of every wallet link (merchant link domains). */
async function vouchOrigins(): Promise<string[]> {
  const origins = new Set([API_ORIGIN]);
  for (const e of (await walletItem.getValue()).entries) {
    try {
      origins.add(new URL(e.entry.advocate.link).origin);
    } catch {
      // A malformed link cannot be matched anyway.
    }
  }
  return [...origins];
}

/**
 * Scan a tab for referral codes and links. Runs only on a user gesture (popup button, menu,
 * shortcut), through the activeTab grant: the detector is injected into the top frame of that tab
 * only, then the Worker is asked which findings are Vouch codes. The result is kept for the
 * session so the popup shows it however the scan was started.
 */
export async function scanTab(
  tab: { id?: number; url?: string; title?: string },
  now = Date.now(),
): Promise<ScanResult> {
  if (tab.id === undefined) throw new ApiError('no_tab', 'There is no page to scan here.');
  const target = { tabId: tab.id };
  const page = { page_origin: originOf(tab.url), page_title: tab.title ?? '' };
  await lastScanItem.setValue({ status: 'scanning', ...page, started_at: now });
  let findings: Finding[];
  try {
    await browser.scripting.executeScript({
      target,
      func: (key: string, options: { vouchOrigins: string[] }) => {
        (globalThis as Record<string, unknown>)[key] = options;
      },
      args: [SCAN_OPTIONS_KEY, { vouchOrigins: await vouchOrigins() }],
    });
    const [frame] = await browser.scripting.executeScript({ target, files: ['/scan.js'] });
    findings = Array.isArray(frame?.result) ? (frame.result as Finding[]) : [];
  } catch {
    // chrome://, the Web Store, PDF viewers and pages the grant does not cover cannot be scripted.
    const error = 'This page cannot be scanned (browser pages and extension stores are off limits).';
    await lastScanItem.setValue({ status: 'failed', ...page, error, at: now });
    throw new ApiError('forbidden', error);
  }
  let recognized = new Map<string, ScanFinding['recognized']>();
  let recognitionError: ScanResult['recognition_error'] = null;
  try {
    recognized = await recognize(findings.map((f) => f.value));
  } catch (err) {
    const kind = err instanceof ApiError ? err.kind : 'server';
    recognitionError = kind === 'offline' || kind === 'rate_limited' ? kind : 'server';
  }
  const result: ScanResult = {
    status: 'done',
    ...page,
    scanned_at: now,
    findings: findings.map((f) => ({ ...f, recognized: recognized.get(f.value.trim()) ?? null })),
    recognition_error: recognitionError,
  };
  await lastScanItem.setValue(result);
  return result;
}
