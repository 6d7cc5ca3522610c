import { createHash, createPublicKey } from 'node:crypto';
import type { TBidderKey, ZPublicJwk } from '@bidhall/contracts';
import type { BidderKey, Prisma, PrismaClient } from '@bidhall/db';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import { isUniqueViolation } from '../auth/register';

/** SHA-256 of the key's SPKI DER encoding, hex — the `kid` envelopes name their recipients by. */
export function keyFingerprint(jwk: z.output<typeof ZPublicJwk>): string {
  let key;
  try {
    key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' });
  } catch {
    throw new AppError('KEY_INVALID', 'the key is not a point on P-256');
  }
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

export const toBidderKeyView = (k: BidderKey): TBidderKey => ({
  id: k.id,
  fingerprint: k.fingerprint,
  label: k.label,
  publicJwk: k.publicJwk as TBidderKey['publicJwk'],
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

export async function registerBidderKey(prisma: PrismaClient, auth: AuthContext, body: { publicJwk: z.output<typeof ZPublicJwk>; label: string }, now: Date) {
  const fingerprint = keyFingerprint(body.publicJwk);
  const { kty, crv, x, y } = body.publicJwk;
  try {
    return await prisma.$transaction(async (tx) => {
      const key = await tx.bidderKey.create({
        data: { orgId: auth.orgId!, publicJwk: { kty, crv, x, y } as Prisma.InputJsonObject, fingerprint, label: body.label, createdById: auth.userId, createdAt: now },
      });
      // No actor: supervisors read the chain, and an organization preparing a key shortly before an
      // anonymous bid.submitted would tell them who is bidding. The key row itself links it.
      await appendAudit(tx, { actor: null, action: 'bidder_key.registered', subjectType: 'bidder_key', subjectId: key.id, data: { fingerprint } }, now);
      return key;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('KEY_ALREADY_REGISTERED', 'this public key is already registered');
    throw error;
  }
}

export async function revokeBidderKey(prisma: PrismaClient, auth: AuthContext, keyId: string, now: Date) {
  return prisma.$transaction(async (tx) => {
    const key = await tx.bidderKey.findFirst({ where: { id: keyId, orgId: auth.orgId! } });
    if (!key) throw AppError.notFound('key');
    if (key.revokedAt) return key;
    const revoked = await tx.bidderKey.update({ where: { id: keyId }, data: { revokedAt: now } });
    await appendAudit(tx, { actor: null, action: 'bidder_key.revoked', subjectType: 'bidder_key', subjectId: keyId, data: { fingerprint: key.fingerprint } }, now);
    return revoked;
  });
}

/** Fingerprints a new envelope may be wrapped to: the organization's keys that are not revoked. */
export async function activeFingerprints(prisma: PrismaClient | Prisma.TransactionClient, orgId: string): Promise<Set<string>> {
  const keys = await prisma.bidderKey.findMany({ where: { orgId, revokedAt: null }, select: { fingerprint: true } });
  return new Set(keys.map((k) => k.fingerprint));
}
