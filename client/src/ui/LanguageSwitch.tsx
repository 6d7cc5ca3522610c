import { useTranslation } from 'react-i18next';
import { changeLanguage, isLanguage, type Language, languageNames } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current: Language = isLanguage(i18n.language) ? i18n.language : 'zh-CN';
  const other: Language = current === 'en' ? 'zh-CN' : 'en';
  return (
    <button type="button" className="button button-quiet" lang={other} title={t('language.switchLabel')} onClick={() => void changeLanguage(other)}>
      {languageNames[other]}
    </button>
  );
}
