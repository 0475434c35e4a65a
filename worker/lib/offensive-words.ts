/**
 * Words a generated or requested code must not contain. Short on purpose: it catches what would
 * embarrass a merchant in a share link, in the widget's first languages, not every slur there is.
 * Substrings common in names and words (ASS in CASSIE, SEX in ESSEX, ANAL in ANALYTICS) are left
 * out: a list that rejects real customers' names does more harm than good.
 */
const WORDS = [
  'BITCH',
  'BOOB',
  'COCK',
  'CUNT',
  'DICK',
  'DYKE',
  'FUCK',
  'JIZZ',
  'KKK',
  'KIKE',
  'NAZI',
  'NIGG',
  'NIGA',
  'PENIS',
  'PISS',
  'PORN',
  'PUSSY',
  'RAPE',
  'SHIT',
  'SLUT',
  'TWAT',
  'VAGINA',
  'WANK',
  'WHORE',
  'HITLER',
  'PUTA',
  'PUTO',
  'MIERDA',
  'MERDE',
  'SALOPE',
  'SCHEISSE',
  'FOTZE',
  'KONTOL',
  'ANJING',
  'KUNNEN',
];

export function containsOffensiveWord(code: string): boolean {
  const upper = code.toUpperCase();
  return WORDS.some((w) => upper.includes(w));
}
