import { apiRoutes } from '@bidhall/contracts';
import { type KeyboardEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/queries';
import { ErrorNotice } from '../ui/errors';
import { searchTenderers, type TendererEntry } from './tenderer-search';

/**
 * Picks the project's tenderer from the platform's directory of active tenderers by typing part
 * of its name or credit code (an ARIA 1.2 combobox: arrows move, Enter picks, Escape closes).
 */
export function TendererCombobox({ value, onChange }: { value: TendererEntry | null; onChange(entry: TendererEntry | null): void }) {
  const { t } = useTranslation();
  const id = useId();
  const directory = useApiQuery(apiRoutes.projects.tenderers);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  /** The option the arrow keys are on; none (-1) until they are used. */
  const [active, setActive] = useState(-1);
  const matches = searchTenderers(directory.data?.items ?? [], query);
  const listId = `${id}-list`;
  const optionId = (index: number) => `${id}-option-${index}`;

  const pick = (entry: TendererEntry) => {
    onChange(entry);
    setQuery('');
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const n = matches.length;
      if (n > 0) setActive((current) => (event.key === 'ArrowDown' ? (current + 1) % n : current <= 0 ? n - 1 : current - 1));
    } else if (event.key === 'Enter' && open && matches[active]) {
      event.preventDefault();
      pick(matches[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  if (directory.isError) return <ErrorNotice error={directory.error} onRetry={() => void directory.refetch()} />;
  const empty = directory.isSuccess && directory.data.items.length === 0;
  return (
    <div className="field field-wide combobox">
      {value ? (
        <span className="field-label" id={`${id}-label`}>
          {t('newProject.fields.tendererOrgId')}
        </span>
      ) : (
        <label htmlFor={`${id}-input`}>{t('newProject.fields.tendererOrgId')}</label>
      )}
      {value && (
        <p className="combobox-chosen" data-testid="tenderer-chosen" aria-labelledby={`${id}-label`}>
          <strong>{value.name}</strong> <span className="mono small muted">{value.creditCode}</span>{' '}
          <button type="button" className="button button-quiet button-small" aria-label={t('newProject.changeTendererLabel', { name: value.name })} onClick={() => onChange(null)}>
            {t('newProject.changeTenderer')}
          </button>
        </p>
      )}
      {!value && (
        <>
          <input
            id={`${id}-input`}
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={open && matches[active] ? optionId(active) : undefined}
            aria-describedby={`${id}-hint`}
            value={query}
            placeholder={t('newProject.tendererPlaceholder')}
            disabled={directory.isPending || empty}
            autoComplete="off"
            required
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(-1);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => {
              setOpen(false);
              setActive(-1);
            }}
            onKeyDown={onKeyDown}
          />
          <ul id={listId} role="listbox" className="combobox-list" aria-label={t('newProject.tendererList')} hidden={!open}>
            {matches.map((entry, index) => (
              <li
                key={entry.id}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className="combobox-option"
                // Picked on mousedown, before the input's blur closes the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(entry);
                }}
              >
                <span>{entry.name}</span> <span className="mono small muted">{entry.creditCode}</span>
              </li>
            ))}
            {matches.length === 0 && (
              <li role="option" aria-selected={false} aria-disabled="true" className="combobox-option combobox-none">
                {t('newProject.tendererNone')}
              </li>
            )}
          </ul>
        </>
      )}
      <p className="field-hint" id={`${id}-hint`}>
        {empty ? t('newProject.tendererDirectoryEmpty') : t('newProject.tendererHint')}
      </p>
    </div>
  );
}
