import { copied, type Surface } from '../runtime.ts';
import type { Translate } from '../i18n/translate.ts';

/** Clipboard API, else the selection and execCommand (older Safari, non-secure contexts). */
async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!input) return false;
    input.select();
    return document.execCommand('copy');
  }
}

/** A read-only field with its copy button, e.g. "Your link" + "Copy link". */
export function CopyField(props: { id: string; what: 'link' | 'code'; value: string; t: Translate; surface: Surface }) {
  const { id, what, value, t, surface } = props;
  return (
    <>
      <label for={id}>{t(what)}</label>
      <div class="row">
        <input id={id} readOnly value={value} dir="ltr" />
        <button type="button" class="btn" onClick={async (e) => (await copyText(value, e.currentTarget.previousElementSibling as HTMLInputElement)) && copied(surface, what)}>
          {t(what === 'link' ? 'copy_link' : 'copy_code')}
        </button>
      </div>
    </>
  );
}

/** The polite live region that says "Copied" for the surface the copy happened on. */
export function CopiedStatus({ show, t }: { show: boolean; t: Translate }) {
  return (
    <p role="status" class={show ? 'muted' : 'sr'}>
      {show ? t('copied') : ''}
    </p>
  );
}
