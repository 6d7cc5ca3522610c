import { z } from 'zod';
import { ZId, ZIsoDateTime, ZText } from './common';
import { defineRoute } from './http';
import { ZAmendment } from './projects';

/** Unanswered questions one bidder may have on a section at a time. */
export const MAX_OPEN_QUESTIONS_PER_BIDDER = 20;

const ZSectionParams = z.strictObject({ sectionId: ZId });

export const ZAskBody = z.strictObject({
  /** Chosen by the client (a UUID), so a retried request is recognized instead of asked twice. */
  id: ZId,
  text: ZText.trim().min(5).max(2000),
});
export type TAskBody = z.input<typeof ZAskBody>;

/** A question about a section (答疑). Nobody is told who asked it. */
export const ZQuestion = z.object({
  id: ZId,
  sectionId: ZId,
  text: ZText,
  askedAt: ZIsoDateTime,
  status: z.enum(['PENDING', 'ANSWERED']),
  answer: ZText.nullable(),
  /** The section version (clarification) that published the answer. */
  answeredVersion: z.number().int().nullable(),
  answeredAt: ZIsoDateTime.nullable(),
});
export type TQuestion = z.infer<typeof ZQuestion>;

export const ZAnswerBody = z
  .strictObject({
    answers: z
      .array(z.strictObject({ questionId: ZId, answer: ZText.trim().min(2).max(5000) }))
      .min(1)
      .max(50),
    /** Why the clarification is published; 答疑澄清 when left out. */
    reason: ZText.trim().min(2).max(500).optional(),
  })
  .refine((b) => new Set(b.answers.map((a) => a.questionId)).size === b.answers.length, 'each question may be answered once');
export type TAnswerBody = z.input<typeof ZAnswerBody>;

export const questionRoutes = {
  ask: defineRoute({
    method: 'post',
    path: '/api/sections/:sectionId/questions',
    tag: 'projects',
    summary: 'Ask a question about a section before its cut-off (registered bidders); the asker is never shown to anyone',
    access: ['BIDDER'],
    params: ZSectionParams,
    body: ZAskBody,
    response: ZQuestion,
    status: 201,
    errors: ['NOT_FOUND', 'NOT_REGISTERED', 'QUESTIONS_CLOSED', 'TOO_MANY_QUESTIONS', 'ALREADY_DONE'],
  }),
  mine: defineRoute({
    method: 'get',
    path: '/api/sections/:sectionId/my-questions',
    tag: 'projects',
    summary: "The bidder's own questions on a section, with their status and answers",
    access: ['BIDDER'],
    params: ZSectionParams,
    response: z.object({ items: z.array(ZQuestion) }),
    errors: ['NOT_FOUND', 'NOT_REGISTERED'],
  }),
  inbox: defineRoute({
    method: 'get',
    path: '/api/sections/:sectionId/questions',
    tag: 'projects',
    summary: "Every question on a section, oldest first, without who asked (the section's agency and tenderer, supervisors)",
    access: ['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN'],
    params: ZSectionParams,
    response: z.object({ items: z.array(ZQuestion) }),
    errors: ['NOT_FOUND'],
  }),
  answer: defineRoute({
    method: 'post',
    path: '/api/sections/:sectionId/answers',
    tag: 'projects',
    summary: "Answer questions: the questions and answers are published as a clarification (澄清), the section's next version",
    access: ['AGENCY'],
    params: ZSectionParams,
    body: ZAnswerBody,
    response: ZAmendment,
    status: 201,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'DEADLINE_PASSED', 'ALREADY_DONE'],
  }),
  published: defineRoute({
    method: 'get',
    path: '/api/portal/sections/:sectionId/answers',
    tag: 'projects',
    summary: "A section's answered questions, as published in its clarifications (no sign-in)",
    access: 'public',
    params: ZSectionParams,
    response: z.object({ items: z.array(ZQuestion) }),
    errors: ['NOT_FOUND'],
  }),
} as const;
