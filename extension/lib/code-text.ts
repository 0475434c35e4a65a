/**
 * Turning a text selection into something worth saving: a referral code (one token, 3–64
 * characters, letters, digits and - _ .) or a link (http/https URL). Quotes and punctuation that
 * a selection easily catches around a code ("Use code “SAVE10”.") are trimmed.
 */
export type Candidate = { kind: 'code' | 'link'; value: string };

const EDGE = /^[\s"'“”‘’«»‹›「」『』()[\]{}<>.,:;!?·•*]+|[\s"'“”‘’«»‹›「」『』()[\]{}<>.,:;!?·•*]+$/gu;

export function selectionToCandidate(selection: string): Candidate | null {
  const trimmed = selection.normalize('NFC').trim();
  if (/^https?:\/\/\S+$/i.test(trimmed) && trimmed.length <= 2048) {
    try {
      return { kind: 'link', value: new URL(trimmed).href };
    } catch {
      return null;
    }
  }
  const value = trimmed.replace(EDGE, '');
  // One token of letters and digits in any script (codes are not only ASCII), with - _ . inside.
  if (value.length < 3 || value.length > 64) return null;
  if (!/^[\p{L}\p{N}][\p{L}\p{N}\p{M}._-]*$/u.test(value)) return null;
  return { kind: 'code', value };
}
