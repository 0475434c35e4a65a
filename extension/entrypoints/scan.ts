import { scanPage } from '../lib/detect/scan-page.ts';
import { SCAN_OPTIONS_KEY } from '../lib/scan-options.ts';

// Injected by the background (scripting.executeScript `files`) into the tab the user asked to scan;
// the script's value (the findings) is what executeScript returns. Not declared as a content
// script: it never runs by itself.
export default defineUnlistedScript(() => {
  const options = (globalThis as Record<string, unknown>)[SCAN_OPTIONS_KEY] as { vouchOrigins?: string[] } | undefined;
  return scanPage(document, options ?? {});
});
