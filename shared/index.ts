export * from './schemas/error.ts';
export * from './schemas/health.ts';
export { VOUCH_VERSION } from './version.ts';
