import type { Translate } from '../i18n/translate.ts';

/** A title with, when `close` is given, its × button: the panel's h2, a card's first line. */
export function Head(props: { tag: 'h2' | 'p'; id: string; title: string; t: Translate; close?: 'close' | 'dismiss'; onClose?: () => void }) {
  const { tag: H, id, close, onClose } = props;
  return (
    <div class="head">
      <H id={id}>{props.title}</H>
      {onClose && (
        <button type="button" class="x" aria-label={props.t(close!)} onClick={onClose}>
          ×
        </button>
      )}
    </div>
  );
}
