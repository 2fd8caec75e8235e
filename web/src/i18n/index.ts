import { derived } from 'svelte/store';
import { _, addMessages, init, locale } from 'svelte-i18n';
import type { ApiError } from '$protocol';
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

/**
 * Server messages are Vietnamese and written for the person in front of the screen, so they are shown as
 * they come; only the client-made "cannot reach the server" follows the chosen language.
 */
export const errorText = derived(_, (t) => (error: ApiError): string =>
  error.code === 'UNAVAILABLE' && error.statusCode === 0 ? t('errors.unavailable') : error.message,
);

export { _, locale };
