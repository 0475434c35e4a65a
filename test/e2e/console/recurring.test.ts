import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser } from '../../support/browser.ts';
import type { ConsoleEnv } from './env.ts';
import { consoleUrl, newConsolePage, settled, signIn, startConsoleEnv } from './env.ts';

// The program form's Recurring field (recurring commissions) in real Chromium against the Worker:
// what each choice saves, read back through the API.
describeBrowser("merchant console: the program reward's recurring setting", () => {
  let env: ConsoleEnv;
  beforeAll(async () => {
    env = await startConsoleEnv();
  }, 60_000);
  afterAll(async () => {
    await env?.close();
  });

  /** The new-program form, signed in, named; its reward rewards the first sale only until changed. */
  async function newProgram(name: string) {
    const p = await newConsolePage(env);
    const { page } = p;
    await signIn(page, env);
    await page.goto(consoleUrl(env, '/console/programs/new'));
    await page.getByTestId('program-form').waitFor();
    expect(await page.getByTestId('program-referrer_reward-recurring').inputValue()).toBe('none');
    expect(await page.getByTestId('program-referrer_reward-recurring-months').count()).toBe(0);
    await page.getByTestId('program-name').fill(name);
    await page.getByTestId('program-destination_url').fill('https://shop.example/plans');
    return p;
  }

  it('saves months, keeps the setting across a reward type change, then life, then first sale only', async () => {
    const p = await newProgram('Subscriptions');
    const { page } = p;
    await page.getByTestId('program-referrer_reward-recurring').selectOption('months');
    await page.getByTestId('program-referrer_reward-recurring-months').fill('6');
    await page.getByTestId('program-referrer_reward-type').selectOption('percent_of_order');
    await page.getByTestId('program-save').click();
    await page.getByTestId('page-program-edit').waitFor();
    const saved = async () =>
      (await env.api.get('/v1/programs')).body.data.find((x: { name: string }) => x.name === 'Subscriptions');
    expect((await saved()).referrer_reward).toEqual({
      type: 'percent_of_order',
      value: 10,
      currency: 'USD',
      recurring: { months: 6 },
    });

    for (const [choice, expected] of [
      ['life', { months: null }],
      ['none', undefined],
    ] as const) {
      await page.getByTestId('program-referrer_reward-recurring').selectOption(choice);
      await page.getByTestId('program-save').click();
      await page.getByTestId('program-saved').waitFor();
      await settled(page);
      expect((await saved()).referrer_reward.recurring).toEqual(expected);
    }
    await p.context.close();
    expect(p.problems).toEqual([]);
  });

  it('shows the schema error beside the months field (over 120), and saves nothing', async () => {
    const p = await newProgram('Too long');
    const { page } = p;
    await page.getByTestId('program-referrer_reward-recurring').selectOption('months');
    await page.getByTestId('program-referrer_reward-recurring-months').fill('121');
    await page.getByTestId('program-save').click();
    await page.getByTestId('program-errors').waitFor();
    expect(await page.getByTestId('program-referrer_reward-recurring-months').getAttribute('aria-invalid')).toBe(
      'true',
    );
    const names = (await env.api.get('/v1/programs')).body.data.map((x: { name: string }) => x.name);
    expect(names).not.toContain('Too long');
    await p.context.close();
    expect(p.problems).toEqual([]);
  });
});
