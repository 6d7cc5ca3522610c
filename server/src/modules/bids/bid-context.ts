import type { PrismaClient } from '@bidhall/db';
import type { Clock } from '../../lib/clock';
import type { ReceiptSigner } from '../../lib/receipt-signer';
import type { BlobStore } from './blob-store';
import type { Sealer } from './sealing';
import type { UploadState } from './upload-state';

/** What an envelope's first bytes tell the platform without any key. */
export interface EnvelopeFacts {
  /** Fingerprints of the keys the content key is wrapped to. */
  recipients: string[];
  /** Whether a whole envelope of `total` bytes fits the chunk structure the header declares. */
  fitsSize(total: number): boolean;
}

export interface EnvelopeInspector {
  /** How many leading bytes `inspect` needs at most. */
  maxHeaderBytes: number;
  /** Throws AppError NOT_AN_ENVELOPE when the bytes do not begin with a valid envelope header. */
  inspect(firstBytes: Uint8Array): EnvelopeFacts;
}

export interface BidDeps {
  prisma: PrismaClient;
  clock: Clock;
  sealer: Sealer;
  signer: ReceiptSigner;
  blobs: BlobStore;
  uploads: UploadState;
  envelopes: EnvelopeInspector;
  /** Where tests hold a transaction still to interleave it with another (never set in production). */
  hooks?: { insideDeadlineGate?(): Promise<void> };
  /** The trading centre's name, printed on receipts. */
  platformName: string;
}
