import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../app-error';

/** body-parser's error types, mapped to the platform's codes. */
const PARSER_ERRORS: Record<string, AppError> = {
  'entity.parse.failed': new AppError('MALFORMED_JSON', 'the body is not valid JSON'),
  'entity.too.large': new AppError('PAYLOAD_TOO_LARGE', 'the body is too large'),
  'encoding.unsupported': new AppError('UNSUPPORTED_MEDIA_TYPE', 'unsupported content encoding'),
  'charset.unsupported': new AppError('UNSUPPORTED_MEDIA_TYPE', 'unsupported charset'),
  'request.aborted': new AppError('VALIDATION_FAILED', 'the request was aborted'),
  'request.size.invalid': new AppError('VALIDATION_FAILED', 'the body does not match its content-length'),
};

export const notFoundHandler: RequestHandler = () => {
  throw new AppError('NOT_FOUND', 'no such route');
};

/**
 * Turns anything thrown into the one error shape. Known errors keep their code; anything else
 * becomes INTERNAL with a generic message, and the detail goes to the log under the request id.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const known =
    error instanceof AppError
      ? error
      : typeof error === 'object' && error !== null && 'type' in error && typeof error.type === 'string'
        ? PARSER_ERRORS[error.type]
        : undefined;
  const appError = known ?? (clientStatusOf(error) ? new AppError('VALIDATION_FAILED', 'the request could not be read') : new AppError('INTERNAL', `internal error; quote request id ${String(req.id)}`));
  if (appError.status >= 500) req.log.error({ err: error }, 'request failed');
  if (appError.details && typeof appError.details === 'object' && 'retryAfterSeconds' in appError.details) {
    res.setHeader('Retry-After', String(appError.details.retryAfterSeconds));
  }
  // A route that meant to send a file may have set its type already; the error is JSON.
  res.status(appError.status).type('application/json').json({ error: appError.toJSON() });
};

/** Express and its parsers mark errors caused by the request itself with a 4xx status. */
function clientStatusOf(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status = 'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}
