/**
 * Share intents, in the same formats as the widget's (widget/ui/ShareLinks.tsx): plain URLs, no
 * SDK, nothing loaded from the networks until the user clicks.
 */
export type Channel = 'whatsapp' | 'telegram' | 'x' | 'facebook' | 'linkedin' | 'email' | 'sms';

const enc = encodeURIComponent;

const BUILD: Record<Channel, (link: string, message: string, subject: string) => string> = {
  whatsapp: (l, m) => `https://wa.me/?text=${enc(`${m} ${l}`)}`,
  telegram: (l, m) => `https://t.me/share/url?url=${enc(l)}&text=${enc(m)}`,
  x: (l, m) => `https://x.com/intent/post?text=${enc(m)}&url=${enc(l)}`,
  facebook: (l) => `https://www.facebook.com/sharer/sharer.php?u=${enc(l)}`,
  linkedin: (l) => `https://www.linkedin.com/sharing/share-offsite/?url=${enc(l)}`,
  email: (l, m, s) => `mailto:?subject=${enc(s)}&body=${enc(`${m} ${l}`)}`,
  // `sms:?&body=` is the form both iOS and Android accept.
  sms: (l, m) => `sms:?&body=${enc(`${m} ${l}`)}`,
};

export const CHANNELS: { channel: Channel; label: string }[] = [
  { channel: 'whatsapp', label: 'WhatsApp' },
  { channel: 'telegram', label: 'Telegram' },
  { channel: 'x', label: 'X' },
  { channel: 'facebook', label: 'Facebook' },
  { channel: 'linkedin', label: 'LinkedIn' },
  { channel: 'email', label: 'Email' },
  { channel: 'sms', label: 'SMS' },
];

export const shareUrl = (channel: Channel, link: string, message: string, subject: string): string =>
  BUILD[channel](link, message, subject);

/** Web links open in a new tab; mailto: and sms: hand over to the system's app. */
export const opensTab = (url: string): boolean => url.startsWith('https:');
