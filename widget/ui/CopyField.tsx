import type { Translate } from '../i18n/translate.ts';
import { copied, type Surface } from '../runtime.ts';

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
export function CopyField(props: {
  id: string;
  _what: 'link' | 'code';
  _value: string;
  t: Translate;
  _surface: Surface;
}) {
  const { id, _what: what, _value: value, t, _surface: surface } = props;
  return (
    <>
      <label for={id}>{t(what)}</label>
      <div class="r">
        {/* Scrolled to its end once laid out: on a narrow screen the code at the end of a link shows. */}
        <input
          id={id}
          readOnly
          value={value}
          dir="ltr"
          ref={(el) => void (el && requestAnimationFrame(() => (el.scrollLeft = el.scrollWidth)))}
        />
        <button
          class="b"
          onClick={async (e) =>
            (await copyText(value, e.currentTarget.previousElementSibling as HTMLInputElement)) && copied(surface, what)
          }
        >
          {t(`copy_${what}`)}
        </button>
      </div>
    </>
  );
}

/** The polite live region that says "Copied" for the surface the copy happened on. */
export function CopiedStatus({ _show: show, t }: { _show: boolean; t: Translate }) {
  return (
    <p role="status" class={show ? 'm' : 'sr'}>
      {show ? t('copied') : ''}
    </p>
  );
}
