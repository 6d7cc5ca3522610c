import { groupHex } from './local-keys';

/** A key fingerprint in groups of four, so it can be compared with the platform's at a glance. */
export function Fingerprint({ kid, testId }: { kid: string; testId?: string }) {
  return (
    <code className="fingerprint" data-testid={testId} data-kid={kid}>
      {groupHex(kid)}
    </code>
  );
}
