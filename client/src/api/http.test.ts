import { describe, expect, it } from 'vitest';
import { ApiError, buildUrl } from './http';

describe('buildUrl', () => {
  it('fills and encodes path parameters', () => {
    expect(buildUrl('/api/admin/organizations/:orgId/approve', { orgId: 'a b/c' })).toBe('/api/admin/organizations/a%20b%2Fc/approve');
  });

  it('refuses a missing path parameter', () => {
    expect(() => buildUrl('/api/x/:id', {})).toThrow(/missing path parameter id/);
  });

  it('serializes the query, skipping absent values and repeating arrays', () => {
    expect(buildUrl('/api/audit/events', undefined, { afterSeq: 10, subjectType: undefined, tag: ['a', 'b'], ok: true })).toBe(
      '/api/audit/events?afterSeq=10&tag=a&tag=b&ok=true',
    );
    expect(buildUrl('/api/admin/organizations', undefined, {})).toBe('/api/admin/organizations');
  });
});

describe('ApiError', () => {
  it('reads retryAfterSeconds from the details', () => {
    expect(new ApiError('ACCOUNT_LOCKED', 'locked', 429, { retryAfterSeconds: 42 }).retryAfterSeconds).toBe(42);
    expect(new ApiError('RATE_LIMITED', 'slow down', 429).retryAfterSeconds).toBeNull();
  });
});
