import { useBytes } from './format';

export function ProgressBar({ label, done, total, testId }: { label: string; done: number; total: number; testId: string }) {
  const bytes = useBytes();
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  return (
    <div className="upload-bar-row">
      <div className="upload-bar-caption">
        <span>{label}</span>
        <span className="muted small">
          {bytes(done)} / {bytes(total)} · {percent}%
        </span>
      </div>
      <div className="upload-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid={testId}>
        <div className="upload-bar-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
