import { apiRoutes, type TBidderKey } from '@bidhall/contracts';
import { type BidderKey, fingerprint, type KeyFile, parsePublicJwk } from '@bidhall/contracts/envelope';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { saveFile } from '../api/client';
import { useApiQuery } from '../api/queries';
import { BidClientError } from './bid-errors';
import { loadBidderKey, loadRecoveryKey, type RecoveryKey } from './key-store';

export interface LocalKeys {
  bidder: BidderKey | null;
  recovery: RecoveryKey | null;
}

const localKeysKey = (orgId: string) => ['bidder-local-keys', orgId];

/** The keys kept in this browser for the organization. */
export function useLocalKeys(orgId: string) {
  return useQuery({
    queryKey: localKeysKey(orgId),
    queryFn: async (): Promise<LocalKeys> => {
      const [bidder, recovery] = await Promise.all([loadBidderKey(orgId), loadRecoveryKey(orgId)]);
      return { bidder, recovery };
    },
    // Only this page changes them, and it says so through the function below.
    staleTime: Infinity,
    retry: false,
  });
}

export function useLocalKeysChanged(orgId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: localKeysKey(orgId) });
}

/** The organization's keys as the platform registered them. */
export const useRegisteredKeys = () => useApiQuery(apiRoutes.bids.listKeys);

export type KeyStanding = 'active' | 'revoked' | 'unregistered';

export function standingOf(kid: string, registered: readonly TBidderKey[]): KeyStanding {
  const key = registered.find((k) => k.fingerprint === kid);
  if (!key) return 'unregistered';
  return key.revokedAt ? 'revoked' : 'active';
}

/** A fingerprint in groups of four hex digits, the way people compare them aloud. */
export const groupHex = (hex: string): string => hex.match(/.{1,4}/g)?.join(' ') ?? '';

export const keyFileName = (kind: 'bidder' | 'recovery', kid: string) => `bidhall-${kind}-key-${kid.slice(0, 8)}.json`;

export function downloadKeyFile(file: KeyFile, name: string): void {
  saveFile({ blob: new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }), filename: name }, name);
}

/** Parses a key file chosen by the user; the password is checked later, by importing it. */
export async function readKeyFile(file: File): Promise<unknown> {
  try {
    const json: unknown = JSON.parse(await file.text());
    if (typeof json === 'object' && json !== null && 'format' in json && json.format === 'bidhall-bidder-key') return json;
  } catch {
    // Not JSON: reported below like any other file that is not a key file.
  }
  throw new BidClientError('NOT_A_KEY_FILE');
}

/** The public half of a key file, which is stored in clear beside the encrypted private key: no password needed. */
export async function publicKeyOfFile(json: unknown): Promise<RecoveryKey> {
  if (typeof json !== 'object' || json === null || !('publicJwk' in json) || !('kid' in json)) throw new BidClientError('NOT_A_KEY_FILE');
  try {
    const publicJwk = parsePublicJwk(json.publicJwk);
    const kid = await fingerprint(publicJwk);
    if (kid === json.kid) return { kid, publicJwk };
  } catch {
    // A point off the curve or a malformed JWK: reported below.
  }
  throw new BidClientError('NOT_A_KEY_FILE');
}

/** Refuses a key the platform would not accept a new bid for. */
export function requireActive(kid: string, registered: readonly TBidderKey[]): void {
  const standing = standingOf(kid, registered);
  if (standing === 'unregistered') throw new BidClientError('KEY_NOT_REGISTERED');
  if (standing === 'revoked') throw new BidClientError('KEY_REVOKED');
}
