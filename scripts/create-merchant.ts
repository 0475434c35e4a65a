/**
 * `npm run merchant:create -- --name "My Shop" --origin https://shop.example --host shop.example`
 * Creates a merchant through POST /v1/merchants (the operator bootstrap) and prints its test keys.
 * Needs the Worker's ADMIN_TOKEN (env ADMIN_TOKEN, or --admin-token) and its URL (--api, env
 * VOUCH_API_URL, default http://127.0.0.1:8787).
 */
import { parseArgs } from 'node:util';
import { createClient, VouchError } from '../shared/api/client.ts';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    origin: { type: 'string', multiple: true, default: [] },
    host: { type: 'string', multiple: true, default: [] },
    api: { type: 'string', default: process.env.VOUCH_API_URL ?? 'http://127.0.0.1:8787' },
    'admin-token': { type: 'string', default: process.env.ADMIN_TOKEN },
    help: { type: 'boolean', short: 'h' },
  },
});

const usage =
  'Usage: npm run merchant:create -- --name "My Shop" --host shop.example ' +
  '[--origin https://shop.example] [--api URL] [--admin-token T]';
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (!values.name || values.host.length === 0) {
  console.error(`${usage}\n--name and at least one --host are required.`);
  process.exit(2);
}
if (!values['admin-token']) {
  console.error('No admin token: set ADMIN_TOKEN (npm start prints the local one) or pass --admin-token.');
  process.exit(2);
}

try {
  const api = createClient({ baseUrl: values.api, key: values['admin-token'] });
  const body = await api.call('createMerchant', {
    body: { name: values.name, allowed_origins: values.origin, allowed_hosts: values.host },
  });
  console.log(`Merchant ${body.merchant.id} (${body.merchant.name}) created.`);
  console.log(`  secret key (server only, shown once):  ${body.keys.secret.key}`);
  console.log(`  publishable key (widget):              ${body.keys.publishable.key}`);
  console.log(`  allowed origins: ${body.merchant.allowed_origins.join(', ') || '(none yet)'}`);
  console.log(`  allowed hosts:   ${body.merchant.allowed_hosts.join(', ')}`);
  const link = await createClient({ baseUrl: values.api, key: body.keys.secret.key }).call('createConsoleLink', {
    body: {},
  });
  console.log(`  merchant console (15 min, once): ${link.url}`);
} catch (err) {
  if (err instanceof VouchError) console.error(err.message);
  else console.error(`Could not reach ${values.api}: ${(err as Error).message}. Is the Worker running (npm start)?`);
  process.exit(1);
}
