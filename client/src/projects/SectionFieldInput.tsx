import { bondCeilingFen, fromFen, toFen } from '@bidhall/contracts';
import { useTranslation } from 'react-i18next';
import { InputField, MONEY_PATTERN } from '../ui/fields';
import { useYuan } from '../ui/format';
import { isMoney } from '../ui/money';
import type { AmendableField, SectionDraft } from './section-draft';

export type SimpleField = Exclude<AmendableField, 'scoringTemplate' | 'openingFormFields'>;

/** One of the section's single-value fields an agency sets when drafting and may change by amendment. */
export function SectionFieldInput({ field, draft, onChange }: { field: SimpleField; draft: SectionDraft; onChange(patch: Partial<SectionDraft>): void }) {
  const { t } = useTranslation();
  const label = t(`sectionFields.${field}`);
  switch (field) {
    case 'bidDeadline':
      return (
        <InputField
          label={label}
          hint={t('sectionForm.deadlineHint')}
          type="datetime-local"
          step={60}
          value={draft.bidDeadline}
          onChange={(bidDeadline) => onChange({ bidDeadline })}
          required
        />
      );
    case 'bondAmount':
      return (
        <InputField
          label={label}
          hint={<BondHint estimatedPrice={draft.estimatedPrice} bondAmount={draft.bondAmount} />}
          inputMode="decimal"
          pattern={MONEY_PATTERN}
          value={draft.bondAmount}
          onChange={(bondAmount) => onChange({ bondAmount })}
          required
        />
      );
    case 'ceilingPrice':
      return (
        <InputField
          label={label}
          hint={t('sectionForm.ceilingHint')}
          inputMode="decimal"
          pattern={MONEY_PATTERN}
          value={draft.ceilingPrice}
          onChange={(ceilingPrice) => onChange({ ceilingPrice })}
        />
      );
    case 'bidValidityDays':
      return (
        <InputField
          label={label}
          hint={t('sectionForm.validityHint')}
          type="number"
          min={30}
          max={365}
          value={draft.bidValidityDays}
          onChange={(bidValidityDays) => onChange({ bidValidityDays })}
          required
        />
      );
    case 'signInLeadMinutes':
      return (
        <InputField
          label={label}
          hint={t('sectionForm.signInHint')}
          type="number"
          min={5}
          max={240}
          value={draft.signInLeadMinutes}
          onChange={(signInLeadMinutes) => onChange({ signInLeadMinutes })}
          required
        />
      );
    case 'questionCutoffDays':
      return (
        <InputField
          label={label}
          hint={t('sectionForm.questionCutoffHint')}
          type="number"
          min={0}
          max={30}
          value={draft.questionCutoffDays}
          onChange={(questionCutoffDays) => onChange({ questionCutoffDays })}
          required
        />
      );
    case 'decryptWindowMinutes':
      return (
        <InputField
          label={label}
          hint={t('sectionForm.decryptHint')}
          type="number"
          min={10}
          max={240}
          value={draft.decryptWindowMinutes}
          onChange={(decryptWindowMinutes) => onChange({ decryptWindowMinutes })}
          required
        />
      );
  }
}

/** The 2 % ceiling (《招标投标法实施条例》 art. 26), live as the prices are typed; the platform has the last word. */
function BondHint({ estimatedPrice, bondAmount }: { estimatedPrice: string; bondAmount: string }) {
  const { t } = useTranslation();
  const yuan = useYuan();
  if (!isMoney(estimatedPrice.trim())) return <>{t('sectionForm.bondRule')}</>;
  const ceiling = bondCeilingFen(estimatedPrice.trim());
  const maximum = yuan(fromFen(ceiling));
  const over = isMoney(bondAmount.trim()) && toFen(bondAmount.trim()) > ceiling;
  return (
    <span className={over ? 'hint-over' : undefined} data-testid="bond-hint" data-over={over}>
      {over ? t('sectionForm.bondOver', { maximum }) : t('sectionForm.bondCeiling', { maximum })}
    </span>
  );
}
