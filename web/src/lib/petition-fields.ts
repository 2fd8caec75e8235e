// The hub's petition fields, loaded once when a screen first names one (the TV and the public pages too:
// the list is public), so a field the office added shows its name everywhere. Until it arrives, the
// statutory seven are known by heart.
import { derived, writable } from 'svelte/store';
import { STATUTORY_FIELDS, fieldName, type PetitionFieldOption } from '$protocol';
import { appLocale } from '../i18n/index.ts';
import { api } from './api.ts';

async function fetchFields(set: (fields: readonly PetitionFieldOption[]) => void): Promise<void> {
  try {
    set(await api.get<PetitionFieldOption[]>('/api/petition-fields'));
  } catch {
    // The names of the statutory seven stand in; a field the office added shows its code until a reload.
  }
}

const fields = writable<readonly PetitionFieldOption[]>(STATUTORY_FIELDS, (set) => {
  void fetchFields(set);
});

/** Every field, inactive ones included (an earlier turn still names its own). */
export const petitionFields = { subscribe: fields.subscribe };

/** The fields a new registration or a correction may choose from. */
export const offeredFields = derived(fields, (list) => list.filter((f) => f.active));

/** `$fieldLabel(code)`: a field's name in the page's language. */
export const fieldLabel = derived([fields, appLocale], ([list, locale]) => (code: string) => fieldName(list, code, locale));

/** After the administrator changed the list: every screen of this tab names the fields anew. */
export function reloadPetitionFields(): Promise<void> {
  return fetchFields(fields.set);
}
