import type { RouteSpec } from './routes.ts';

/** What advocates see of their rewards in the widget and the extension: paid-out history, reward codes, points, payout details (issue 16). */
export const ADVOCATE_WALLET_ROUTES = [] as const satisfies readonly RouteSpec[];
