import { derived } from 'svelte/store';
import { _, addMessages, init, locale } from 'svelte-i18n';
import { formatMessage, isMessageKey, keyedText, type ApiError, type Message } from '$protocol';
import { en } from './en.ts';
import { vi } from './vi.ts';

export const LOCALES = ['vi', 'en'] as const;
export type AppLocale = (typeof LOCALES)[number];

const STORAGE_KEY = 'tiepdan.locale';

function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): AppLocale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isAppLocale(value) ? value : 'vi';
  } catch {
    return 'vi'; // storage can be blocked by browser policy; Vietnamese is the default anyway
  }
}

export function setupI18n(): void {
  addMessages('vi', vi);
  addMessages('en', en);
  init({ fallbackLocale: 'vi', initialLocale: storedLocale() });
  locale.subscribe((value) => {
    const current = isAppLocale(value) ? value : 'vi';
    // Screen readers and hyphenation follow the page language.
    document.documentElement.lang = current;
    try {
      localStorage.setItem(STORAGE_KEY, current);
    } catch {
      // Remembering the choice is a convenience only.
    }
  });
}

export function setLocale(next: AppLocale): void {
  locale.set(next);
}

/** The current locale as a store of AppLocale, for templates that format dates. */
export const appLocale = derived(locale, (value): AppLocale => (isAppLocale(value) ? value : 'vi'));

/** Anything that says why: a server error, a refusal, or a schema's message. */
export interface Refusal {
  code?: string;
  statusCode?: number;
  message: string;
  key?: string;
  params?: Message['params'];
}

/**
 * A message in the chosen language: the server sends its refusals by key (see protocol/messages) with the
 * Vietnamese words beside them; a schema's message is a key too. Text without a key (an older server, a
 * message not yet in the catalog) is shown as it came.
 */
export function messageIn(locale: AppLocale, refusal: Refusal | string): string {
  const text = typeof refusal === 'string' ? refusal : refusal.message;
  const keyed = typeof refusal !== 'string' && isMessageKey(refusal.key) ? { key: refusal.key, params: refusal.params } : keyedText(text);
  return keyed ? formatMessage(locale, keyed) : text;
}

/** The words of a refusal, a server error or a schema message, in the page's language. */
export const messageText = derived(appLocale, (locale) => (refusal: Refusal | string): string => messageIn(locale, refusal));

/** A server error for the person in front of the screen; the client-made "cannot reach the server" too. */
export const errorText = derived([_, appLocale], ([t, locale]) => (error: ApiError): string =>
  error.code === 'UNAVAILABLE' && error.statusCode === 0 ? t('errors.unavailable') : messageIn(locale, error),
);

export { _, locale };
