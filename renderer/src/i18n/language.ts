/** The UI language (zh-CN / English): per user, kept in the ledger's view preferences, applied at start. */
import i18next from 'i18next';
import { call } from '../api/client.ts';
import { LANGUAGES, type Language } from './index.ts';

export const LANGUAGE_PREF = 'ui.language';

export async function applyStoredLanguage(): Promise<void> {
  try {
    const { value } = await call('prefs.get', { key: LANGUAGE_PREF });
    if (typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value) && value !== i18next.language) await i18next.changeLanguage(value);
  } catch {
    /* no ledger yet: the default language */
  }
}

export async function setLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  await call('prefs.set', { key: LANGUAGE_PREF, value: language });
}
