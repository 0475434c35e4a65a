import { describe, expect, it } from 'vitest';
import { ProgramCreate } from '../shared/schemas/program.ts';
import { apiErrorToFields, issuesToFields } from './validation.ts';

describe('validation messages', () => {
  it('maps the shared schema\u2019s issues to fields, first one per field', () => {
    const result = ProgramCreate.safeParse({
      name: '',
      destination_url: 'not a url',
      referee_offer: { type: 'percent', value: 150 },
      referrer_reward: { type: 'fixed_amount', value: 1000, currency: 'usd' },
      widget: { brand_color: 'red' },
      reward_tiers: [
        { from_conversions: 3, label: 'Gold', reward: { type: 'points', value: 10 } },
        { from_conversions: 3, label: 'X', reward: { type: 'points', value: 10 } },
      ],
    });
    expect(result.success).toBe(false);
    const fields = issuesToFields(result.error!.issues);
    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining([
        'name',
        'destination_url',
        'referee_offer.value',
        'referrer_reward.currency',
        'widget.brand_color',
      ]),
    );
    expect(fields['widget.brand_color']).toBe('Must be a hex colour like #5b3df5.');
    expect(fields['referrer_reward.currency']).toMatch(/ISO 4217/);
  });

  it('puts the API\u2019s message on its param, without repeating the field name', () => {
    expect(
      apiErrorToFields(
        { error: { message: 'destination_url: Must be on your allowed hosts.', param: 'destination_url' } },
        'x',
      ),
    ).toEqual({ destination_url: 'Must be on your allowed hosts.' });
    expect(apiErrorToFields({ error: { message: 'Ended programs cannot be reopened.' } }, 'x')).toEqual({
      '': 'Ended programs cannot be reopened.',
    });
    expect(apiErrorToFields(null, 'Network error')).toEqual({ '': 'Network error' });
  });
});
