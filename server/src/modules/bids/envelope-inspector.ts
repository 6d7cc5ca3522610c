import { expectedEnvelopeSize, inspectEnvelope, isEnvelopeError, MAX_HEADER_BYTES } from '@bidhall/contracts/envelope';
import { AppError } from '../../lib/app-error';
import type { EnvelopeInspector } from './bid-context';

/** Reads an envelope's clear header (no key involved) to refuse unencrypted or malformed uploads. */
export const envelopeInspector: EnvelopeInspector = {
  maxHeaderBytes: MAX_HEADER_BYTES,
  inspect(firstBytes) {
    try {
      const header = inspectEnvelope(firstBytes);
      return { recipients: header.recipients.map((r) => r.kid), fitsSize: (total) => total === expectedEnvelopeSize(header) };
    } catch (error) {
      if (isEnvelopeError(error)) throw new AppError('NOT_AN_ENVELOPE', `not a valid bid envelope: ${error.message}`, { reason: error.code });
      throw error;
    }
  },
};
