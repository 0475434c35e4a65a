import type { RouteSpec } from './routes.ts';

/** Charity statements (issue 16). */
export const CHARITY_ROUTES = [] as const satisfies readonly RouteSpec[];
