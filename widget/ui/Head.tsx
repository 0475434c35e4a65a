/** A title with, when `_onClose` is given, its × button (named `_label`): the panel's h2, a card's first line. */
export function Head(props: { _tag: 'h2' | 'p'; id: string; _title: string; _label?: string; _onClose?: () => void }) {
  const { _tag: H, id, _onClose: onClose } = props;
  return (
    <div class="h">
      <H id={id}>{props._title}</H>
      {onClose && (
        <button
          class="x"
          aria-label={props._label}
          // The button goes with its card: focus moves to the launcher, not to the page's body.
          onClick={(e) => {
            const root = e.currentTarget.getRootNode() as ShadowRoot;
            onClose();
            (root.querySelector('.launcher') as HTMLElement | null)?.focus();
          }}
        >
          ×
        </button>
      )}
    </div>
  );
}
