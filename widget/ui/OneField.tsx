import type { JSX } from 'preact';

/**
 * A form of one field, the shape the email join and the extension pairing share: label, input,
 * a live region that says how it went (there before anything is said, so it is announced), the
 * submit button. Busy, the button stays focusable (aria-disabled, not disabled: a disabled button
 * would drop the keyboard user's focus) and a second submit is ignored.
 */
export function OneField(props: {
  id: string;
  _label: string;
  _button: string;
  _input: JSX.IntrinsicElements['input'];
  _submit: (value: string) => void;
  _busy?: boolean;
  /** What to say, with its class: `e` an error (the field is marked invalid), `n` done, `m` under way. */
  _said?: string | null;
  _class?: string;
}) {
  const { id, _said: said, _class: cls, _busy: busy } = props;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        // Uncontrolled: the value lives in the input, read once on submit.
        if (!busy) props._submit((e.currentTarget[0] as HTMLInputElement).value.trim());
      }}
    >
      <label for={id}>{props._label}</label>
      <input
        id={id}
        {...props._input}
        aria-invalid={said && cls === 'e' ? 'true' : undefined}
        aria-describedby={`${id}-st`}
      />
      <p id={`${id}-st`} role="status" class={said ? cls : 'sr'}>
        {said}
      </p>
      <button class="p" aria-disabled={busy}>
        {props._button}
      </button>
    </form>
  );
}
