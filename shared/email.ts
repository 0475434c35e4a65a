/**
 * One mailbox, however it is written: lower case, `+tags` dropped, and for Gmail the dots in the
 * local part ignored and googlemail.com folded into gmail.com. Used to tell an advocate from
 * their "friend" when both are the same person with a differently spelled address.
 */
const GMAIL = new Set(['gmail.com', 'googlemail.com']);

export function normalizeEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return email.trim().toLowerCase();
  let local = email.slice(0, at).trim().toLowerCase();
  let domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL.has(domain)) {
    domain = 'gmail.com';
    local = local.replace(/\./g, '');
  }
  return `${local}@${domain}`;
}

export function emailDomain(email: string): string {
  return email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
}
