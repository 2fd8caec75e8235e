// A paste too large for one message to the server is refused in the editor, before it reaches the shared
// document; typing, ordinary pastes and other writers' changes pass.
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { MAX_MINUTES_UPDATE_BYTES } from '../../protocol/index.ts';
import { limitInserts, MAX_INSERT_BYTES } from '../../web/src/minutes/paste-limit.ts';

function editor(): { state: EditorState; refused: number[] } {
  const refused: number[] = [];
  return { state: EditorState.create({ doc: 'Bà Hường trình bày: ', extensions: limitInserts((b) => refused.push(b)) }), refused };
}

describe('the paste limit of a minutes field', () => {
  it('stays under the server’s limit for one update, leaving room for Yjs’s own bytes', () => {
    expect(MAX_INSERT_BYTES).toBeLessThan(MAX_MINUTES_UPDATE_BYTES);
    expect(MAX_INSERT_BYTES).toBeGreaterThan(100 * 1024);
  });

  it('refuses a 10 MB paste and says how big it was', () => {
    const e = editor();
    const huge = 'đất '.repeat(2_000_000);
    const next = e.state.update({ changes: { from: e.state.doc.length, insert: huge }, userEvent: 'input.paste' }).state;
    expect(next.doc.toString()).toBe('Bà Hường trình bày: ');
    expect(e.refused).toHaveLength(1);
    expect(e.refused[0]).toBe(new TextEncoder().encode(huge).byteLength);
  });

  it('counts Vietnamese letters in UTF-8 bytes, not characters', () => {
    const e = editor();
    // Under the limit in characters, over it in bytes: "ệ" is three bytes.
    const text = 'ệ'.repeat(Math.floor(MAX_INSERT_BYTES / 2));
    e.state.update({ changes: { from: 0, insert: text }, userEvent: 'input.paste' });
    expect(e.refused).toHaveLength(1);
  });

  it('lets typing and an ordinary paste through', () => {
    const e = editor();
    let s = e.state.update({ changes: { from: e.state.doc.length, insert: 'g' }, userEvent: 'input.type' }).state;
    s = s.update({ changes: { from: s.doc.length, insert: ' gia đình sử dụng ổn định thửa đất từ năm 1992.'.repeat(100) }, userEvent: 'input.paste' }).state;
    expect(s.doc.toString().startsWith('Bà Hường trình bày: g gia đình')).toBe(true);
    expect(e.refused).toEqual([]);
  });

  it('never refuses a change that comes from another writer through the shared document', () => {
    const e = editor();
    const remote = 'x'.repeat(MAX_INSERT_BYTES + 10);
    const next = e.state.update({ changes: { from: 0, insert: remote } }).state;
    expect(next.doc.length).toBe(e.state.doc.length + remote.length);
    expect(e.refused).toEqual([]);
  });
});
