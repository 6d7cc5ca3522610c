import type { PrismaClient } from '@bidhall/db';
import type { Clock } from '../../lib/clock';
import type { BlobStore } from '../bids/blob-store';
import type { Sealer } from '../bids/sealing';

export interface DocumentDeps {
  prisma: PrismaClient;
  clock: Clock;
  sealer: Sealer;
  blobs: BlobStore;
  /** Largest file accepted, in bytes; MAX_TENDER_DOCUMENT_BYTES unless given. */
  maxBytes?: number;
}
