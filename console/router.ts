/** The console's client routes, all under /console (the Worker answers the same shell for each). */
export type Route =
  | { name: 'overview' }
  | { name: 'programs' }
  | { name: 'program_new' }
  | { name: 'program_edit'; id: string }
  | { name: 'advocates' }
  | { name: 'advocate'; id: string }
  | { name: 'review' }
  | { name: 'webhooks' }
  | { name: 'integrations' }
  | { name: 'payouts' }
  | { name: 'install' }
  | { name: 'exports' }
  | { name: 'not_found' };

const BASE = '/console';
const ID = /^[a-z]+_[0-9A-Z]{26}$/;

export function parseRoute(pathname: string): Route {
  if (pathname !== BASE && !pathname.startsWith(`${BASE}/`)) return { name: 'not_found' };
  const parts = pathname.slice(BASE.length).split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0) return { name: 'overview' };
  if (first === 'programs') {
    if (!second) return { name: 'programs' };
    if (second === 'new' && !third) return { name: 'program_new' };
    if (ID.test(second) && second.startsWith('prog_') && !third) return { name: 'program_edit', id: second };
  }
  if (first === 'advocates') {
    if (!second) return { name: 'advocates' };
    if (ID.test(second) && second.startsWith('adv_') && !third) return { name: 'advocate', id: second };
  }
  const single = ['review', 'webhooks', 'integrations', 'payouts', 'install', 'exports'] as const;
  if (parts.length === 1 && single.includes(first as (typeof single)[number]))
    return { name: first as (typeof single)[number] };
  return { name: 'not_found' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'overview':
    case 'not_found':
      return BASE;
    case 'program_new':
      return `${BASE}/programs/new`;
    case 'program_edit':
      return `${BASE}/programs/${encodeURIComponent(route.id)}`;
    case 'advocate':
      return `${BASE}/advocates/${encodeURIComponent(route.id)}`;
    default:
      return `${BASE}/${route.name}`;
  }
}

/** Which top-level section a route belongs to (the nav marks it `aria-current`). */
export function section(route: Route): string {
  if (route.name === 'program_new' || route.name === 'program_edit') return 'programs';
  if (route.name === 'advocate') return 'advocates';
  return route.name;
}
