// Every string a person reads exists in Vietnamese and English with the same parameters: the server's
// refusals (protocol/messages), the schemas' field messages, and the web client's own words.
import { describe, expect, it } from 'vitest';
import { EN_MESSAGES } from '../../protocol/messages/en.ts';
import { VI_MESSAGES } from '../../protocol/messages/vi.ts';
import { formatMessage, keyedText, LiveCommand, msg, RegistrationInput, SignInRequest, MinutesFieldsRequest } from '../../protocol/index.ts';
import { en } from '../../web/src/i18n/en.ts';
import { vi } from '../../web/src/i18n/vi.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\s*[},]/g)].map((m) => m[1]!).sort();

function flatten(tree: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else if (v && typeof v === 'object') Object.assign(out, flatten(v as object, `${prefix}${k}.`));
  }
  return out;
}

describe('the words of the hub in both languages', () => {
  it('has every server message in English with the same parameters', () => {
    expect(Object.keys(EN_MESSAGES).sort()).toEqual(Object.keys(VI_MESSAGES).sort());
    for (const [key, text] of Object.entries(VI_MESSAGES)) {
      expect(placeholders(EN_MESSAGES[key as keyof typeof VI_MESSAGES]), key).toEqual(placeholders(text));
    }
  });

  it('has every web string in English with the same parameters', () => {
    const vis = flatten(vi);
    const ens = flatten(en);
    expect(Object.keys(ens).sort()).toEqual(Object.keys(vis).sort());
    for (const [key, text] of Object.entries(vis)) expect(placeholders(ens[key]!), key).toEqual(placeholders(text));
  });

  it('words a refusal with its parameters in either language, a confidential turn never by name', () => {
    const refusal = msg('live.turnInProgress', { who: msg('live.confidentialTurn') });
    expect(formatMessage('vi', refusal)).toBe('Đang có lượt phát biểu của lượt phát biểu kín. Hãy kết thúc lượt đó trước.');
    expect(formatMessage('en', refusal)).toBe('The floor is with a confidential turn. End that turn first.');
  });

  it('gives every schema message as a key, so a page can word it in its language', () => {
    const issues = [
      ...(RegistrationInput.safeParse({ siteId: 'x', citizenName: '', petitionType: 'X', field: 'Y', delegationSize: 0 }).error?.issues ?? []),
      ...(SignInRequest.safeParse({ username: '', password: '' }).error?.issues ?? []),
      ...(LiveCommand.safeParse({ type: 'session.settings', turnSeconds: 5 }).error?.issues ?? []),
      ...(MinutesFieldsRequest.safeParse({ sessionId: 'x', entryId: 'y', deadline: 'soon', petitionType: 'Q', field: 'Q', conclusionType: 'Q', agencyId: 'q' }).error?.issues ?? []),
    ];
    expect(issues.length).toBeGreaterThan(8);
    for (const issue of issues) expect(keyedText(issue.message), `${issue.path.join('.')}: ${issue.message}`).not.toBeNull();
    const long = RegistrationInput.safeParse({ siteId: '00000000-0000-4000-8000-000000000000', citizenName: 'x'.repeat(200), petitionType: 'COMPLAINT', field: 'LAND' });
    const text = keyedText(long.error!.issues[0]!.message)!;
    expect(formatMessage('en', text)).toBe('At most 120 characters');
    expect(formatMessage('vi', text)).toBe('Tối đa 120 ký tự');
  });
});
