import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftDefaults } from './section-draft';

/** The labels a new section's template and opening form start with, in the user's language. */
export function useDraftDefaults(): DraftDefaults {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      technical: [t('sectionForm.defaults.technical1'), t('sectionForm.defaults.technical2'), t('sectionForm.defaults.technical3')],
      commercial: [t('sectionForm.defaults.commercial1'), t('sectionForm.defaults.commercial2')],
      review: [t('sectionForm.defaults.review1'), t('sectionForm.defaults.review2'), t('sectionForm.defaults.review3')],
      price: { label: t('sectionForm.defaults.price'), unit: t('sectionForm.defaults.priceUnit') },
      duration: { label: t('sectionForm.defaults.duration'), unit: t('sectionForm.defaults.durationUnit') },
      quality: t('sectionForm.defaults.quality'),
      projectManager: t('sectionForm.defaults.projectManager'),
    }),
    [t],
  );
}

const SECTION_FIELDS = [
  'code',
  'name',
  'estimatedPrice',
  'ceilingPrice',
  'bondAmount',
  'bidValidityDays',
  'bidDeadline',
  'signInLeadMinutes',
  'decryptWindowMinutes',
  'questionCutoffDays',
  'evaluationMethod',
  'scoringTemplate',
  'openingFormFields',
] as const;
type SectionField = (typeof SECTION_FIELDS)[number];
const isSectionField = (name: string): name is SectionField => (SECTION_FIELDS as readonly string[]).includes(name);

/** The form label of the field a validation issue points at (`changes.` is how amendments nest them). */
export function useSectionFieldLabel(): (path: string) => string | null {
  const { t } = useTranslation();
  return (path) => {
    const [first = '', second = ''] = path.split('.');
    if (first === 'reason' || first === 'clarification') return t(`amendmentForm.${first}`);
    const field = first === 'changes' ? second : first;
    return isSectionField(field) ? t(`sectionFields.${field}`) : null;
  };
}
