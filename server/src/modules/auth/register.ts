import { kindsNeedingApproval, roleOfOrgKind, type ZRegisterBody } from '@bidhall/contracts';
import type { PrismaClient } from '@bidhall/db';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error';
import { appendAudit } from '../audit/audit-log';
import type { Passwords } from './passwords';

export interface RegisterDeps {
  prisma: PrismaClient;
  passwords: Passwords;
}

/**
 * Creates an organization with its first user. Agencies, institutions and regulators start
 * PENDING until an administrator approves them; tenderers and bidders are active at once.
 */
export async function register(deps: RegisterDeps, body: z.output<typeof ZRegisterBody>, now: Date) {
  const passwordHash = await deps.passwords.hash(body.user.password);
  const status = kindsNeedingApproval.includes(body.organization.kind) ? 'PENDING' : 'ACTIVE';
  try {
    return await deps.prisma.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { username: body.user.username }, select: { id: true } })) {
        throw new AppError('USERNAME_TAKEN', 'this username is taken');
      }
      if (await tx.organization.findUnique({ where: { creditCode: body.organization.creditCode }, select: { id: true } })) {
        throw new AppError('CREDIT_CODE_TAKEN', 'an organization with this credit code is already registered');
      }
      const { contact, ...org } = body.organization;
      const organization = await tx.organization.create({
        data: { ...org, contactName: contact.name, contactPhone: contact.phone, contactEmail: contact.email || null, status, createdAt: now },
      });
      const user = await tx.user.create({
        data: {
          username: body.user.username,
          displayName: body.user.displayName,
          passwordHash,
          role: roleOfOrgKind[organization.kind],
          orgId: organization.id,
          createdAt: now,
        },
      });
      await appendAudit(
        tx,
        {
          actor: { id: user.id, orgId: organization.id },
          action: 'org.registered',
          subjectType: 'organization',
          subjectId: organization.id,
          data: { name: organization.name, kind: organization.kind, creditCode: organization.creditCode, status, username: user.username },
        },
        now,
      );
      return { organization, user };
    });
  } catch (error) {
    // Two registrations racing for the same name or code both pass the checks; the unique index decides.
    if (isUniqueViolation(error, 'creditCode')) throw new AppError('CREDIT_CODE_TAKEN', 'an organization with this credit code is already registered');
    if (isUniqueViolation(error)) throw new AppError('USERNAME_TAKEN', 'this username is taken');
    throw error;
  }
}

/** A unique index refused the write; with `field`, only when that index covers the field. */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error) || error.code !== 'P2002') return false;
  return field === undefined || JSON.stringify((error as { meta?: unknown }).meta ?? {}).includes(field);
}
