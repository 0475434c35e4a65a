/**
 * Inserted into the page (the clicked frame) by "Insert my referral link": serialised by
 * `scripting.executeScript({ func })`, so it must stay self-contained (no imports, no outer names).
 *
 * Inserts at the caret of the focused field (replacing a selection) and dispatches the events
 * editors and frameworks listen to: `input` (an InputEvent) and `change` for inputs and textareas
 * (`setRangeText` bypasses React's value setter, so React sees the change on `input`);
 * contenteditable editors get `execCommand('insertText')`, which goes through their own
 * beforeinput/input handling, and a Range insertion plus an `input` event where that is refused.
 */
export function insertAtCaret(text: string): 'inserted' | 'no-field' {
  let el: Element | null = document.activeElement;
  // Editors inside web components keep the real focus inside their (open) shadow root.
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  if (!el) return 'no-field';
  const inputEvent = () =>
    new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text });

  const textual = /^(text|search|url|email|tel|)$/;
  if (el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && textual.test(el.type))) {
    if (el.readOnly || el.disabled) return 'no-field';
    // email inputs expose no selection API: append there.
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    if (el.selectionStart === null) el.value = el.value.slice(0, start) + text + el.value.slice(end);
    else el.setRangeText(text, start, end, 'end');
    el.dispatchEvent(inputEvent());
    el.dispatchEvent(new Event('change', { bubbles: true }));
    return 'inserted';
  }

  const host = el instanceof HTMLElement && el.isContentEditable ? el : null;
  if (!host) return 'no-field';
  const before = host.textContent;
  if (document.execCommand('insertText', false, text) && host.textContent !== before) return 'inserted';
  const selection = window.getSelection();
  let range: Range;
  if (selection && selection.rangeCount > 0 && host.contains(selection.getRangeAt(0).commonAncestorContainer)) {
    range = selection.getRangeAt(0);
  } else {
    range = document.createRange();
    range.selectNodeContents(host);
    range.collapse(false);
  }
  range.deleteContents();
  const node = document.createTextNode(text);
  range.insertNode(node);
  range.setStartAfter(node);
  range.collapse(true);
  selection?.removeAllRanges();
  selection?.addRange(range);
  host.dispatchEvent(inputEvent());
  return 'inserted';
}
