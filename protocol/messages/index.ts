// Messages a person reads, by key, in Vietnamese (first) and English. The server sends the key, its
// parameters and the Vietnamese text; a page shows the key in the chosen language, or the text as sent.
import { EN_MESSAGES } from './en.ts';
import { VI_MESSAGES, type MessageKey } from './vi.ts';

export type { MessageKey } from './vi.ts';
export const MESSAGE_LOCALES = ['vi', 'en'] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

export const MESSAGES: Record<MessageLocale, Record<MessageKey, string>> = { vi: VI_MESSAGES, en: EN_MESSAGES };

/** A parameter is plain text or a number, or another message (words the language must translate). */
export type MessageParam = string | number | Message;
export type MessageParams = { [name: string]: MessageParam };

/** A message by key, ready to be worded in any language. */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
}

export function msg(key: MessageKey, params?: MessageParams): Message {
  return params ? { key, params } : { key };
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && Object.hasOwn(VI_MESSAGES, value);
}

/** Words a message in a language; unknown parameters stay as `{name}` so a mistake is visible, not silent. */
export function formatMessage(locale: MessageLocale, message: Message): string {
  const template = MESSAGES[locale][message.key] ?? VI_MESSAGES[message.key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = message.params?.[name];
    if (value === undefined) return whole;
    return typeof value === 'object' ? formatMessage(locale, value) : String(value);
  });
}

/** The Vietnamese words of a message: what the server sends as `message`. */
export const vi = (key: MessageKey, params?: MessageParams): string => formatMessage('vi', msg(key, params));

/**
 * Schema messages are keys, written "v.maxChars?max=120" when they carry parameters (a zod message is one
 * string). Anything else is returned as plain text.
 */
export function keyedText(text: string): Message | null {
  const [key, query] = text.split('?', 2) as [string, string | undefined];
  if (!isMessageKey(key)) return null;
  if (!query) return { key };
  const params: MessageParams = {};
  for (const pair of query.split('&')) {
    const [name, value] = pair.split('=', 2) as [string, string | undefined];
    if (name) params[name] = value ?? '';
  }
  return { key, params };
}

/** The schema message for a key, with its parameters: `schemaText('v.maxChars', { max: 120 })`. */
export function schemaText(key: MessageKey, params?: Record<string, string | number>): string {
  return params ? `${key}?${Object.entries(params).map(([k, v]) => `${k}=${v}`).join('&')}` : key;
}
