import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { apiRoutes, type TAuditRecord } from '@bidhall/contracts';
import { bind, type BoundRoute } from '../../lib/http/route';
import type { Services } from '../../services';
import { readAuditChain, toAuditRecord, verifyAuditChain } from './audit-log';
import { nameAuditEvents } from './audit-names';

export function auditRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.audit;
  return [
    bind(r.verify, () => verifyAuditChain(s.prisma)),
    bind(r.events, async ({ query }) => {
      const rows = await s.prisma.auditEvent.findMany({
        where: {
          seq: { gt: query.afterSeq },
          ...(query.subjectType ? { subjectType: query.subjectType } : {}),
          ...(query.subjectId ? { subjectId: query.subjectId } : {}),
        },
        orderBy: { seq: 'asc' },
        take: query.limit,
      });
      return { items: await nameAuditEvents(s.prisma, rows.map(toAuditRecord)) };
    }),
    bind(r.export, async ({ res }) => {
      res.status(200).type('application/x-ndjson');
      res.setHeader('Content-Disposition', `attachment; filename="bidhall-audit-${s.clock.now().toISOString().slice(0, 10)}.jsonl"`);
      // pipeline handles back-pressure and stops reading when the client goes away.
      await pipeline(Readable.from(asLines(readAuditChain(s.prisma))), res);
    }),
  ];
}

async function* asLines(records: AsyncIterable<TAuditRecord>): AsyncGenerator<string> {
  for await (const record of records) yield `${JSON.stringify(record)}\n`;
}
