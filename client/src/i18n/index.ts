import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import zhCN from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language is named in itself, as language pickers conventionally do. */
export const languageNames: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

const STORAGE_KEY = 'bidhall.language';

export const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

function reflect(language: string): void {
  document.documentElement.lang = language;
  document.title = i18n.t('app.name');
}

/** zh-CN unless the user chose English before; the browser's language is not consulted on purpose. */
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage() ?? 'zh-CN',
  fallbackLng: 'zh-CN',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false },
  initAsync: false,
});
reflect(i18n.language);
i18n.on('languageChanged', reflect);

export async function changeLanguage(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage can be unavailable (private mode, policy); the choice then lasts for this page only.
  }
}

export default i18n;
