import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBytes } from '../bids/format';
import { groupHex } from '../bids/local-keys';

export interface ListedDocument {
  id: string;
  name: string;
  size: number;
  sha256: string;
  publishedVersion: number | null;
}

/** Files of the tender documents with what a copy can be checked against: size and SHA-256. */
export function DocumentTable<D extends ListedDocument>({ documents, caption, status, actions }: { documents: readonly D[]; caption: string; status?(d: D): ReactNode; actions?(d: D): ReactNode }) {
  const { t } = useTranslation();
  const bytes = useBytes();
  return (
    <div className="table-wrap">
      <table className="table table-compact document-table" data-testid="document-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('documents.name')}</th>
            <th scope="col" className="num">
              {t('documents.size')}
            </th>
            <th scope="col">{t('documents.sha256')}</th>
            <th scope="col">{t('documents.version')}</th>
            {actions && <th scope="col">{t('documents.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {documents.map((d) => (
            <tr key={d.id} data-testid="document" data-sha256={d.sha256}>
              <th scope="row" className="document-name">
                {d.name}
              </th>
              <td className="num nowrap">{bytes(d.size)}</td>
              <td>
                <code className="fingerprint document-hash">{groupHex(d.sha256)}</code>
              </td>
              <td className="nowrap">{status ? status(d) : d.publishedVersion ? t('documents.publishedIn', { version: d.publishedVersion }) : '—'}</td>
              {actions && (
                <td>
                  <div className="document-actions">{actions(d)}</div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
