// Node module hooks: `import text from './x.lua'` gives the file's text, as the Worker's bundlers do
// (wrangler's Text rule, esbuild's text loader, the vitest plugin). For scripts that run Worker modules
// in Node (bench:console seeds 90 days of clicks through the real click recorder).
import { readFile } from 'node:fs/promises';

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.lua')) return nextLoad(url, context);
  const text = await readFile(new URL(url), 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
