import { useEffect, useRef } from 'preact/hooks';

export interface WidgetProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Launcher and panel. The panel is a modal <dialog>: focus moves in, Escape closes it. */
export function Widget({ open, onOpenChange }: WidgetProps) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  return (
    <>
      <button type="button" class="launcher" aria-haspopup="dialog" aria-expanded={open} onClick={() => onOpenChange(true)}>
        Refer a friend
      </button>
      <dialog ref={dialog} aria-labelledby="vouch-title" onClose={() => onOpenChange(false)}>
        <button type="button" class="close" aria-label="Close" onClick={() => onOpenChange(false)}>
          ×
        </button>
        <h2 id="vouch-title">Refer a friend</h2>
        <p>Share your link with friends. They get a welcome offer, and you earn a reward when they buy.</p>
      </dialog>
    </>
  );
}
