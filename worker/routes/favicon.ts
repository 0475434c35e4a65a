import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="7" fill="#5b3df5"/>
<path d="M8 9h4.2l3.8 10.4L19.8 9H24l-6 15h-4z" fill="#fff"/>
</svg>
`;

/** `GET /favicon.svg` and `GET /favicon.ico` (the path browsers try): the same SVG icon. */
export const favicon = new Hono<AppEnv>();
favicon.get('/', (c) =>
  c.body(FAVICON_SVG, 200, {
    'Content-Type': 'image/svg+xml',
    'Cache-Control': 'public, max-age=86400',
    'X-Content-Type-Options': 'nosniff',
  }),
);
