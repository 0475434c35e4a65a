import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { describe } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from './chromium.ts';

export const chromiumPath = findChromium();

// Global setup already failed the run under CI without a browser, and announced the skip otherwise.
export const describeBrowser = chromiumPath ? describe : describe.skip;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
}

export interface ExtensionLaunchOptions {
  /**
   * Let the browser-level CDP session drive the extension (`Extensions.triggerAction`: what a click on
   * the toolbar button does, popup and activeTab grant). Needs the pipe connection Playwright uses.
   */
  extensionDebugging?: boolean;
  viewport?: { width: number; height: number };
}

/** Chromium with an unpacked extension loaded (needs a persistent context and both flags). */
export async function launchWithExtension(dir: string, options: ExtensionLaunchOptions = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'vouch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath!,
    args: [
      ...CHROMIUM_ARGS,
      ...(options.extensionDebugging ? ['--enable-unsafe-extension-debugging'] : []),
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
    ],
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
