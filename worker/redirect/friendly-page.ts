/**
 * The small page for links that lead nowhere (unknown, expired, paused) or cannot be answered
 * right now, in the visitor's language (Accept-Language), right-to-left where needed.
 */
type Kind = 'missing' | 'gone' | 'unavailable' | 'error';

const TEXT: Record<string, { dir?: 'rtl'; title: Record<Kind, string>; body: Record<Kind, string> }> = {
  en: {
    title: {
      missing: 'Link not found',
      gone: 'This link has expired',
      unavailable: 'This offer is not available right now',
      error: 'Please try again',
    },
    body: {
      missing: 'We could not find this referral link. Check that it was copied completely.',
      gone: 'This referral link is no longer active. Ask your friend for a new one.',
      unavailable: 'This referral offer is paused or has not started yet. Try again later.',
      error: 'We could not open this link just now. Please try again in a moment.',
    },
  },
  de: {
    title: {
      missing: 'Link nicht gefunden',
      gone: 'Dieser Link ist abgelaufen',
      unavailable: 'Dieses Angebot ist gerade nicht verfügbar',
      error: 'Bitte versuche es noch einmal',
    },
    body: {
      missing: 'Wir konnten diesen Empfehlungslink nicht finden. Prüfe, ob er vollständig kopiert wurde.',
      gone: 'Dieser Empfehlungslink ist nicht mehr aktiv. Bitte deine Freundin oder deinen Freund um einen neuen.',
      unavailable:
        'Dieses Empfehlungsangebot ist pausiert oder hat noch nicht begonnen. Versuche es später noch einmal.',
      error: 'Wir konnten diesen Link gerade nicht öffnen. Bitte versuche es gleich noch einmal.',
    },
  },
  fr: {
    title: {
      missing: 'Lien introuvable',
      gone: 'Ce lien a expiré',
      unavailable: "Cette offre n'est pas disponible pour le moment",
      error: 'Veuillez réessayer',
    },
    body: {
      missing: "Nous n'avons pas trouvé ce lien de parrainage. Vérifiez qu'il a été copié en entier.",
      gone: "Ce lien de parrainage n'est plus actif. Demandez-en un nouveau à votre ami.",
      unavailable: "Cette offre de parrainage est en pause ou n'a pas encore commencé. Réessayez plus tard.",
      error: "Nous n'avons pas pu ouvrir ce lien. Veuillez réessayer dans un instant.",
    },
  },
  es: {
    title: {
      missing: 'Enlace no encontrado',
      gone: 'Este enlace ha caducado',
      unavailable: 'Esta oferta no está disponible ahora',
      error: 'Inténtalo de nuevo',
    },
    body: {
      missing: 'No encontramos este enlace de referido. Comprueba que se copió completo.',
      gone: 'Este enlace de referido ya no está activo. Pide uno nuevo a tu amigo.',
      unavailable: 'Esta oferta de referido está en pausa o aún no ha comenzado. Inténtalo más tarde.',
      error: 'No pudimos abrir este enlace ahora. Inténtalo de nuevo en un momento.',
    },
  },
  pt: {
    title: {
      missing: 'Link não encontrado',
      gone: 'Este link expirou',
      unavailable: 'Esta oferta não está disponível agora',
      error: 'Tente novamente',
    },
    body: {
      missing: 'Não encontramos este link de indicação. Verifique se ele foi copiado por inteiro.',
      gone: 'Este link de indicação não está mais ativo. Peça um novo ao seu amigo.',
      unavailable: 'Esta oferta de indicação está pausada ou ainda não começou. Tente mais tarde.',
      error: 'Não conseguimos abrir este link agora. Tente novamente em instantes.',
    },
  },
  fa: {
    dir: 'rtl',
    title: {
      missing: 'پیوند پیدا نشد',
      gone: 'این پیوند منقضی شده است',
      unavailable: 'این پیشنهاد اکنون در دسترس نیست',
      error: 'لطفاً دوباره تلاش کنید',
    },
    body: {
      missing: 'این پیوند معرفی را پیدا نکردیم. بررسی کنید که کامل کپی شده باشد.',
      gone: 'این پیوند معرفی دیگر فعال نیست. از دوستتان پیوند تازه‌ای بخواهید.',
      unavailable: 'این پیشنهاد معرفی متوقف شده یا هنوز شروع نشده است. بعداً دوباره تلاش کنید.',
      error: 'اکنون نتوانستیم این پیوند را باز کنیم. لطفاً چند لحظه دیگر دوباره تلاش کنید.',
    },
  },
};

/** The best supported language for an Accept-Language header (q-values honoured), else English. */
function pickLanguage(header: string | null): string {
  const ranked = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: (tag ?? '').toLowerCase().split('-')[0]!, q: q ? Number(q) : 1 };
    })
    .filter((x) => x.lang && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.find((x) => x.lang in TEXT)?.lang ?? 'en';
}

const STYLE =
  '<style>body{font:17px/1.5 system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;' +
  'padding:24px;color:#1a1a2e;background:#faf9ff}main{max-width:32rem;text-align:center}h1{font-size:1.4rem}' +
  '@media (prefers-color-scheme:dark){body{background:#16161d;color:#eee}}</style>';

export function friendlyPage(kind: Kind, acceptLanguage: string | null): { html: string; lang: string } {
  const lang = pickLanguage(acceptLanguage);
  const t = TEXT[lang]!;
  const title = t.title[kind];
  const html =
    `<!doctype html><html lang="${lang}"${t.dir ? ` dir="${t.dir}"` : ''}><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${title}</title>\n${STYLE}\n</head>` +
    `<body><main><h1>${title}</h1><p>${t.body[kind]}</p></main></body></html>`;
  return { html, lang };
}
