import { request } from './api.ts';

/**
 * A CSV the API answers, saved as a file: the request needs the Authorization header, so it is
 * fetched and handed to the browser as a blob rather than opened as a link.
 */
export async function saveFile(
  path: string,
  query: Record<string, string | number | undefined>,
  filename: string,
): Promise<void> {
  const res = await request<Response>('GET', path, { query, raw: true });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
