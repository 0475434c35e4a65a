/** A title with, when `_onClose` is given, its × button (named `_label`): the panel's h2, a card's first line. */
export function Head(props: { _tag: 'h2' | 'p'; id: string; _title: string; _label?: string; _onClose?: () => void }) {
  const { _tag: H, id, _onClose: onClose } = props;
  return (
    <div class="h">
      <H id={id}>{props._title}</H>
      {onClose && (
        <button class="x" aria-label={props._label} onClick={onClose}>
          ×
        </button>
      )}
    </div>
  );
}
