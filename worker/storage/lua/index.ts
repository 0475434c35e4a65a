// Every Lua script the Worker runs, by name: one .lua file each in this folder, its KEYS/ARGV/reply
// contract in the .d.lua.ts beside it (see LuaScript in ../lua.ts), run with runScript. The files are
// text modules (wrangler.toml's Text rule, the esbuild text loader, vitest.config.ts's lua-text
// plugin). Importing them all here also keeps their text together in the bundle, where it compresses
// best (measured: the Worker bundle 997 gzip bytes smaller than with each script inline beside its caller).
export { default as ADVOCATE_TOKENS_REVOKE_ALL } from './advocate-tokens-revoke-all.lua';
export { default as ADVOCATES_ADD_CODE } from './advocates-add-code.lua';
export { default as ADVOCATES_ENROLL } from './advocates-enroll.lua';
export { default as API_KEYS_ROLL } from './api-keys-roll.lua';
export { default as CHANGESET_APPLY } from './changeset-apply.lua';
export { default as CHARITY_COUNT } from './charity-count.lua';
export { default as COMPARE_AND_SET } from './compare-and-set.lua';
export { default as COMPARE_AND_SET_KEEP_TTL } from './compare-and-set-keep-ttl.lua';
export { REDEMPTIONS_HOLD, REDEMPTIONS_REDEEM, REDEMPTIONS_REVERSE } from './composed.ts';
export { default as CONSOLE_SESSION_EXCHANGE } from './console-session-exchange.lua';
export { default as CONVERSION_HINT_RECORD } from './conversion-hint-record.lua';
export { default as CREDIT_ADD } from './credit-add.lua';
export { default as CREDIT_MOVE } from './credit-move.lua';
export { default as CREDIT_TAKE } from './credit-take.lua';
export { default as EVENTS_APPLY } from './events-apply.lua';
export { default as IDEMPOTENCY_CLAIM } from './idempotency-claim.lua';
export { default as IDEMPOTENCY_RELEASE } from './idempotency-release.lua';
export { default as LEADERBOARD_TOP } from './leaderboard-top.lua';
export { default as LINK_RESOLVE } from './link-resolve.lua';
export { default as LIST_REPLACE } from './list-replace.lua';
export { default as MERCHANTS_UPDATE } from './merchants-update.lua';
export { default as PAIRING_CONFIRM } from './pairing-confirm.lua';
export { default as PAIRING_LINK_CREATE } from './pairing-link-create.lua';
export { default as PAIRING_START } from './pairing-start.lua';
export { default as POINTS_CHANGE } from './points-change.lua';
export { default as POINTS_MOVE } from './points-move.lua';
export { default as PROVIDER_REFUNDS_RECORD } from './provider-refunds-record.lua';
export { default as RATE_LIMIT_AUTH_AND_LIMIT } from './rate-limit-auth-and-limit.lua';
export { default as REDEMPTIONS_RELEASE } from './redemptions-release.lua';
export { default as STATS_READ } from './stats-read.lua';
export { default as TOKEN_EXCHANGE } from './token-exchange.lua';
export { default as TOKEN_EXCHANGE_POLL } from './token-exchange-poll.lua';
export { default as WEBHOOK_ENDPOINT_CREATE } from './webhook-endpoint-create.lua';
export { default as WEBHOOK_ENDPOINT_DELETE } from './webhook-endpoint-delete.lua';
export { default as WEBHOOK_ENDPOINT_UPDATE } from './webhook-endpoint-update.lua';
export { default as WEBHOOK_EVENTS_PUBLISH } from './webhook-events-publish.lua';
export { default as WEBHOOK_QUEUE_CLAIM } from './webhook-queue-claim.lua';
export { default as WEBHOOK_QUEUE_COMPLETE } from './webhook-queue-complete.lua';
export { default as WIDGET_ABUSE_CONSUME } from './widget-abuse-consume.lua';
export { default as WIDGET_EVENTS_COUNT } from './widget-events-count.lua';
