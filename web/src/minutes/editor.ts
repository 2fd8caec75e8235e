// How a minutes field looks and behaves as a CodeMirror editor: a plain text area that wraps, with the other
// writers' cursors and names always visible (y-codemirror.next shows names only on hover), and none of a
// code editor's chrome. Tab is left to the browser, so it moves between fields as in any form.
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, placeholder } from '@codemirror/view';

export const minutesTheme = EditorView.theme({
  '&': {
    border: '2px solid var(--ink-soft)',
    borderRadius: 'var(--radius)',
    background: 'var(--paper)',
    color: 'var(--ink)',
    fontSize: '1rem',
  },
  '&.cm-focused': {
    outline: '3px solid var(--ink)',
    boxShadow: '0 0 0 7px var(--focus)',
  },
  '&.readonly': {
    background: 'var(--paper-dim)',
  },
  // Grows with its text; nothing scrolls inside, so the name tags above the first line are not cut off.
  '.cm-scroller': {
    overflow: 'visible',
    fontFamily: 'inherit',
    lineHeight: '1.5',
  },
  '.cm-content': {
    minHeight: '4.5rem',
    padding: '0.55rem 0.75rem',
    caretColor: 'var(--ink)',
  },
  // The editor's own ring (above) marks focus; the page-wide ring on the inner element would double it.
  '.cm-content:focus-visible': {
    outline: 'none',
    boxShadow: 'none',
  },
  '.cm-line': {
    padding: '0',
  },
  '.cm-placeholder': {
    color: '#4b5563',
  },
  '.cm-ySelectionCaret': {
    borderLeftWidth: '2px',
  },
  '.cm-ySelectionInfo': {
    opacity: '1',
    top: '-1.45em',
    padding: '0.05em 0.35em',
    borderRadius: '0.25em',
    fontFamily: 'inherit',
    fontSize: '0.8rem',
    fontWeight: '700',
  },
});

/** Read-only for readers and for approved minutes; the placeholder says which case an empty field is. */
export function lockState(readOnly: boolean, empty: string, prompt: string): Extension {
  return [
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
    EditorView.editorAttributes.of({ class: readOnly ? 'readonly' : '' }),
    EditorView.contentAttributes.of({ 'aria-readonly': readOnly ? 'true' : 'false' }),
    placeholder(readOnly ? empty : prompt),
  ];
}
