import { apiRoutes, type TOpeningView, type TRecording } from '@bidhall/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../api/client';
import { routeKey } from '../api/queries';
import { api } from '../app/services';
import { useBytes } from '../bids/format';
import { ErrorNotice } from '../ui/errors';
import { useDateTimeFormat } from '../ui/format';
import { QueryState } from '../ui/QueryState';

/** mm:ss, or h:mm:ss from an hour, as the record gives it. */
function duration(r: TRecording): string {
  const total = Math.max(0, Math.round((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

function DownloadRecording({ recording }: { recording: TRecording }) {
  const { t } = useTranslation();
  // The file needs the bearer token, so it is fetched and handed to the browser as a file.
  const download = useMutation({
    mutationFn: async () => saveFile(await api.download(apiRoutes.media.recording, { params: { recordingId: recording.id } }), recording.fileName),
  });
  return (
    <>
      <button type="button" className="button button-quiet button-small" disabled={download.isPending} aria-label={t('opening.recordings.downloadLabel', { file: recording.fileName })} onClick={() => download.mutate()}>
        {download.isPending ? t('opening.recordings.downloading') : t('opening.recordings.download')}
      </button>
      {download.isError && <ErrorNotice error={download.error} />}
    </>
  );
}

/**
 * The hall's recordings once the opening is over, for those who may see them (the host, the
 * tenderer, supervisors, administrators): file, who, duration, size and sha-256, as the record lists them.
 */
export function HallRecordings({ view }: { view: TOpeningView }) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const bytes = useBytes();
  const input = { query: { roomId: `opening:${view.sectionId}` } };
  // The hall's files are filed as the record is issued: read them again when it is.
  const recordings = useQuery({
    queryKey: [...routeKey(apiRoutes.media.recordings, input), view.record?.recordId ?? null],
    queryFn: ({ signal }) => api.call(apiRoutes.media.recordings, input, { signal }),
  });
  return (
    <div data-testid="hall-recordings">
      <h3>{t('opening.recordings.heading')}</h3>
      {!view.record && <p className="muted small">{t('opening.recordings.filing')}</p>}
      <QueryState query={recordings} isEmpty={(data) => data.items.length === 0} empty={t('opening.recordings.none')}>
        {(data) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('opening.recordings.who')}</th>
                  <th scope="col">{t('opening.recordings.startedAt')}</th>
                  <th scope="col" className="num">
                    {t('opening.recordings.duration')}
                  </th>
                  <th scope="col" className="num">
                    {t('opening.recordings.size')}
                  </th>
                  <th scope="col">{t('opening.recordings.file')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('opening.recordings.download')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      {r.displayName ?? '—'} <span className="muted small">{r.kinds.map((k) => t(`opening.recordings.kinds.${k}`)).join(t('opening.recordings.and'))}</span>
                    </th>
                    <td className="nowrap">{dateTime.format(new Date(r.startedAt))}</td>
                    <td className="num">{duration(r)}</td>
                    <td className="num nowrap">{bytes(r.bytes)}</td>
                    <td>
                      <div className="mono small">{r.fileName}</div>
                      <div className="mono small hash" title={t('opening.recordings.sha256')}>
                        SHA-256 {r.sha256}
                      </div>
                    </td>
                    <td className="num">
                      <DownloadRecording recording={r} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </div>
  );
}
