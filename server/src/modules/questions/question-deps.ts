import type { PrismaClient } from '@bidhall/db';
import type { Clock } from '../../lib/clock';
import type { EventBus } from '../../lib/events';
import type { Sealer } from '../bids/sealing';

export interface QuestionDeps {
  prisma: PrismaClient;
  clock: Clock;
  sealer: Sealer;
  events: EventBus;
}
