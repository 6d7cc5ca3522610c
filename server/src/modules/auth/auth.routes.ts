import { apiRoutes, type TSession } from '@bidhall/contracts';
import type { Request, Response } from 'express';
import { AppError } from '../../lib/app-error';
import { bind, type BoundRoute } from '../../lib/http/route';
import type { Services } from '../../services';
import { toOrganizationView, toUserView } from '../orgs/views';
import { login } from './login';
import { register } from './register';
import { endSession, rotateSession } from './sessions';

export const REFRESH_COOKIE = 'bh_refresh';
const COOKIE_PATH = '/api/auth';

export function authRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.auth;
  const sessionDeps = { prisma: s.prisma, refreshTtlDays: s.settings.refreshTtlDays, guard: s.sessions };

  const setRefreshCookie = (res: Response, token: string) =>
    res.cookie(REFRESH_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: s.settings.secureCookies,
      path: COOKIE_PATH,
      maxAge: s.settings.refreshTtlDays * 86_400_000,
    });
  const refreshCookieOf = (req: Request): string | null => {
    const value: unknown = req.cookies?.[REFRESH_COOKIE];
    return typeof value === 'string' && value.length > 0 && value.length <= 100 ? value : null;
  };
  const sessionFor = (user: Parameters<typeof toUserView>[0], sessionId: string): TSession => {
    const { token, expiresAt } = s.tokens.sign({ sub: user.id, sid: sessionId, role: user.role, org: user.orgId, name: user.displayName });
    return { accessToken: token, expiresAt: expiresAt.toISOString(), user: toUserView(user) };
  };

  return [
    bind(r.register, async ({ body, ctx }) => {
      await s.throttle.consumeRegistration(ctx.ip);
      const { organization, user } = await register(s, body, s.clock.now());
      ctx.log.info({ orgId: organization.id, kind: organization.kind, status: organization.status }, 'organization registered');
      return { organization: toOrganizationView(organization), user: toUserView(user) };
    }),

    bind(r.login, async ({ body, ctx, res }) => {
      try {
        const { user, sessionId, refreshToken } = await login({ ...sessionDeps, passwords: s.passwords, throttle: s.throttle }, body, {
          ip: ctx.ip,
          userAgent: ctx.userAgent,
          now: s.clock.now(),
        });
        setRefreshCookie(res, refreshToken);
        ctx.log.info({ userId: user.id }, 'login');
        return sessionFor(user, sessionId);
      } catch (error) {
        if (error instanceof AppError) ctx.log.info({ code: error.code }, 'login refused');
        throw error;
      }
    }),

    bind(r.refresh, async ({ req, res, ctx }) => {
      const token = refreshCookieOf(req);
      if (!token) throw new AppError('REFRESH_INVALID', 'no session; sign in');
      try {
        const { user, sessionId, refreshToken } = await rotateSession(sessionDeps, token, s.clock.now());
        setRefreshCookie(res, refreshToken);
        return sessionFor(user, sessionId);
      } catch (error) {
        if (error instanceof AppError && error.code === 'REFRESH_REUSED') ctx.log.warn('refresh token reuse; session family revoked');
        res.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
        throw error;
      }
    }),

    bind(r.logout, async ({ req, res }) => {
      const token = refreshCookieOf(req);
      if (token) await endSession(sessionDeps, token, s.clock.now());
      res.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
    }),

    bind(r.me, async ({ auth }) => {
      const user = await s.prisma.user.findUnique({ where: { id: auth.userId }, include: { org: true } });
      if (!user) throw new AppError('UNAUTHENTICATED', 'the account no longer exists');
      return { user: toUserView(user), organization: user.org ? toOrganizationView(user.org) : null };
    }),
  ];
}
