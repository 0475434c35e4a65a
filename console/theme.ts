/** Light, dark or the system's: a display preference (not a secret), so localStorage is fine. */
export type Theme = 'auto' | 'light' | 'dark';
const KEY = 'vouch_console_theme';
let media: MediaQueryList | null = null;

export function readTheme(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'auto';
  } catch {
    return 'auto';
  }
}

/** One dark palette in the CSS (`[data-theme='dark']`): "System" resolves it here and follows changes. */
export function applyTheme(theme: Theme): void {
  media ??= matchMedia('(prefers-color-scheme: dark)');
  const resolve = () => {
    document.documentElement.dataset.theme =
      theme === 'dark' || (theme === 'auto' && media!.matches) ? 'dark' : 'light';
  };
  media.onchange = theme === 'auto' ? resolve : null;
  resolve();
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    /* private mode: this page only */
  }
}
