import { type ErrorCode, httpStatusOf, type TApiError } from '@bidhall/contracts';

/**
 * The one error type domain code throws. `message` is safe to show to the caller; anything
 * internal goes to the log instead.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return httpStatusOf(this.code);
  }

  toJSON(): TApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }

  static forbidden(message = 'this role may not do that'): AppError {
    return new AppError('FORBIDDEN', message);
  }

  static invalidState(message: string, details?: unknown): AppError {
    return new AppError('INVALID_STATE', message, details);
  }
}

/** Zod issues without the input values, which may hold passwords or tokens. */
export function validationError(where: string, issues: readonly { path: PropertyKey[]; message: string; code: string }[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `invalid ${where}`,
    issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message })),
  );
}
