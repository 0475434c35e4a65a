import type { Scope } from './composed-tree.ts';

/**
 * People's names on a page: usernames and handles ("u/Karl2000", "@Kiki2021", "by Zed1999", a profile
 * link "<a href="/u/Alice2024">Alice2024</a>"). They have the shape of codes (letters and digits) and sit
 * right beside codes and their labels in forums and comment threads ("Referral codes posted by Zed1999"),
 * so a token is read as a name when the page presents it as one.
 */

// Path words before a handle in profile URLs: /u/x, /user/x, /members/x, /profile/x, /c/x (channels)...
const PROFILE_WORDS = new Set([
  'u',
  'user',
  'users',
  'member',
  'members',
  'profile',
  'profiles',
  'people',
  'author',
  'authors',
  'channel',
  'c',
  'creator',
  'creators',
  'player',
  'players',
  'perfil',
  'profil',
  'benutzer',
  'mitglied',
  'utilisateur',
  'usuario',
  'membre',
  'pengguna',
  'ahli',
  'kullanici',
]);
const PATH = /^(?:[a-z][a-z0-9+.-]*:)?(?:\/\/[^/?#]*)?(\/[^?#]*)/i;
// Words that put a name after them: "by", "posted by", "shared by", "por", "par", "von", "oleh".
const NAME_BEFORE = /(?:^|[\s([·•|,;])(?:by|por|par|von|oleh|user|usuario|utilisateur)[^\S\n]+$/i;
// Links that may be profiles, matched natively (a page has hundreds of links; few are profiles).
const PROFILE_LINKS = ['/@', ...[...PROFILE_WORDS].map((w) => `/${w}/`)].map((p) => `a[href*="${p}" i]`).join(',');
// Written handles: "@jenny88", "u/Karl2000" (the tokenizer never reads these as codes themselves).
const WRITTEN = /(?:^|[^\w/@])(?:@|u\/)([A-Za-z0-9][\w.]{1,29})/g;

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The handle a profile URL names (/u/Alice2024, /members/RunnerAlex22, /@Kiki2021, medium-style
 * /@name), or null. String work only: pages have hundreds of links.
 */
export function profileHandle(href: string): string | null {
  const path = PATH.exec(href)?.[1];
  if (!path) return null;
  const segments = path.split('/').filter(Boolean);
  if (!segments.length || segments.length > 2) return null;
  const last = decode(segments[segments.length - 1]!);
  if (last.length > 1 && last.startsWith('@')) return last.slice(1);
  return segments.length === 2 && PROFILE_WORDS.has(segments[0]!.toLowerCase()) ? last : null;
}

/** "by Zed1999", "posted by Marco77": a name word right before the token on its line. */
export function namedBefore(text: string, start: number): boolean {
  return NAME_BEFORE.test(text.slice(Math.max(0, start - 16), start));
}

/**
 * The token is the text of a link to a page named after it (a profile): "<a href="/u/Alice2024">Alice2024</a>",
 * "<a href="/Bruna2020/">Bruna2020</a>". A link to a referral path is not a profile: /invite/JENNY7Q.
 */
export function linkedName(el: Element, token: string): boolean {
  const a = el.closest('a[href]');
  if (!a) return false;
  const shown = (a.textContent ?? '').trim().replace(/^(?:@|u\/)/, '');
  if (shown.toLowerCase() !== token.toLowerCase()) return false;
  const path = PATH.exec(a.getAttribute('href') ?? '')?.[1] ?? '';
  const segments = path.split('/').filter(Boolean).map(decode);
  const handle = profileHandle(path) ?? (segments.length === 1 ? segments[0]! : null);
  return handle?.toLowerCase() === token.toLowerCase();
}

/** Every handle the page shows (profile links, "@name", "u/name"), lower-cased. */
export function pageHandles(text: string, scopes: readonly Scope[]): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(WRITTEN)) found.add(m[1]!.replace(/\.$/, '').toLowerCase());
  for (const scope of scopes) {
    for (const a of scope.querySelectorAll(PROFILE_LINKS)) {
      const handle = profileHandle(a.getAttribute('href')!);
      if (handle) found.add(handle.toLowerCase());
    }
  }
  return found;
}
