import { randomUUID } from 'node:crypto';
import type { TReceipt } from '@bidhall/contracts';
import type { ReceiptSigner } from '../../lib/receipt-signer';

export interface ReceiptFacts {
  kind: TReceipt['kind'];
  sectionId: string;
  bidderOrgId: string;
  sha256: string;
  size: number;
  serverTime: Date;
  receiptId?: string;
}

/** The signed part of a receipt: every field but the signature. */
export const signedPart = (r: Omit<TReceipt, 'signature'>) => ({
  receiptId: r.receiptId,
  kind: r.kind,
  sectionId: r.sectionId,
  bidderOrgId: r.bidderOrgId,
  sha256: r.sha256,
  size: r.size,
  serverTime: r.serverTime,
  keyId: r.keyId,
});

export function issueReceipt(signer: ReceiptSigner, facts: ReceiptFacts): TReceipt {
  const unsigned = signedPart({
    receiptId: facts.receiptId ?? randomUUID(),
    kind: facts.kind,
    sectionId: facts.sectionId,
    bidderOrgId: facts.bidderOrgId,
    sha256: facts.sha256,
    size: facts.size,
    serverTime: facts.serverTime.toISOString(),
    keyId: signer.keyId,
  });
  return { ...unsigned, signature: signer.sign(unsigned) };
}
