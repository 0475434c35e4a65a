import type { RouteSpec } from './routes.ts';

/** Points ledgers and catalog redemptions (issue 16). */
export const POINTS_ROUTES = [] as const satisfies readonly RouteSpec[];
