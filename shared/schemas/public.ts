import * as z from 'zod';
import { RefereeOffer, ReferrerReward, WidgetSettings } from './program.ts';

/** What a browser may learn about an active program through a publishable key. */
export const PublicProgram = z
  .object({
    id: z.string(),
    object: z.literal('public_program'),
    name: z.string(),
    referee_offer: RefereeOffer,
    referrer_reward: ReferrerReward,
    reward_tiers: z.array(z.object({ from_conversions: z.number(), label: z.string(), reward: ReferrerReward })),
    starts_at: z.string().nullable(),
    ends_at: z.string().nullable(),
    widget: WidgetSettings,
  })
  .meta({ id: 'PublicProgram' });
export type PublicProgram = z.infer<typeof PublicProgram>;

export const PublicConfig = z
  .object({
    object: z.literal('public_config'),
    merchant: z.object({ name: z.string() }),
    livemode: z.boolean(),
    programs: z.array(PublicProgram).describe('Active programs, oldest first.'),
  })
  .meta({ id: 'PublicConfig' });
export type PublicConfig = z.infer<typeof PublicConfig>;
