import type { BidderKey, PublicJwk } from '@bidhall/contracts/envelope';
import { BidClientError } from './bid-errors';

/**
 * The bidder organization's keys on this computer, in IndexedDB.
 *
 * The private key is stored as a non-extractable CryptoKey. IndexedDB keeps a CryptoKey by
 * structured clone with its extractable flag, so a script running in this origin later (an
 * injected one included) can use the key to decrypt but can never read its bytes out: the only
 * copy of the key material that can leave the browser is the password-protected backup file.
 * That file is written once, while the freshly generated key is still extractable and held in
 * memory only; the key is then re-imported from the file as non-extractable and only that copy
 * is kept. A key imported on another computer is imported non-extractable from the start.
 */

/** A recovery key: only its public half is on any computer; the private half lives in an offline file. */
export interface RecoveryKey {
  kid: string;
  publicJwk: PublicJwk;
}

const DB_NAME = 'bidhall-keys';
const STORE = 'keys';

let opened: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema asks this one to let go; the next call reopens.
      db.onversionchange = () => {
        db.close();
        opened = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(new BidClientError('KEY_STORAGE_UNAVAILABLE', request.error?.message));
  }).catch((error: unknown) => {
    opened = null;
    throw error instanceof BidClientError ? error : new BidClientError('KEY_STORAGE_UNAVAILABLE', String(error));
  });
  return opened;
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await database();
  return new Promise<T>((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    // Resolving on the transaction's completion, not the request's success, means a write is durable when we say so.
    transaction.oncomplete = () => resolve(request.result as T);
    transaction.onerror = () => reject(transaction.error ?? request.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

const bidderSlot = (orgId: string) => `bidder:${orgId}`;
const recoverySlot = (orgId: string) => `recovery:${orgId}`;

function isBidderKey(value: unknown): value is BidderKey {
  return typeof value === 'object' && value !== null && 'kid' in value && 'publicJwk' in value && 'privateKey' in value && value.privateKey instanceof CryptoKey;
}

function isRecoveryKey(value: unknown): value is RecoveryKey {
  return typeof value === 'object' && value !== null && 'kid' in value && typeof value.kid === 'string' && 'publicJwk' in value;
}

export async function loadBidderKey(orgId: string): Promise<BidderKey | null> {
  const value = await run<unknown>('readonly', (store) => store.get(bidderSlot(orgId)));
  return isBidderKey(value) ? value : null;
}

/** Stores the key pair for the organization; an extractable private key is stored as a non-extractable copy. */
export async function saveBidderKey(orgId: string, key: BidderKey): Promise<void> {
  const { kid, publicJwk } = key;
  const privateKey = key.privateKey.extractable ? await nonExtractable(key.privateKey) : key.privateKey;
  await run('readwrite', (store) => store.put({ kid, publicJwk, privateKey }, bidderSlot(orgId)));
}

async function nonExtractable(key: CryptoKey): Promise<CryptoKey> {
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', key);
  return crypto.subtle.importKey('pkcs8', pkcs8, key.algorithm, false, key.usages);
}

export async function forgetBidderKey(orgId: string): Promise<void> {
  await run('readwrite', (store) => store.delete(bidderSlot(orgId)));
}

export async function loadRecoveryKey(orgId: string): Promise<RecoveryKey | null> {
  const value = await run<unknown>('readonly', (store) => store.get(recoverySlot(orgId)));
  return isRecoveryKey(value) ? value : null;
}

export async function saveRecoveryKey(orgId: string, key: RecoveryKey): Promise<void> {
  const { kid, publicJwk } = key;
  await run('readwrite', (store) => store.put({ kid, publicJwk }, recoverySlot(orgId)));
}

export async function forgetRecoveryKey(orgId: string): Promise<void> {
  await run('readwrite', (store) => store.delete(recoverySlot(orgId)));
}
