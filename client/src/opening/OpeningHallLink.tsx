import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

const openingHallPath = (sectionId: string) => `/openings/${sectionId}`;

/** The way into a section's opening hall from the pages that list sections; `name` tells the section apart among them. */
export function OpeningHallLink({ sectionId, name }: { sectionId: string; name: string }) {
  const { t } = useTranslation();
  return (
    <Link
      className="button button-outline button-small"
      to={openingHallPath(sectionId)}
      aria-label={t('opening.link.label', { name })}
      data-testid="opening-hall-link"
    >
      {t('opening.link.text')}
    </Link>
  );
}
