import type { TLoginBody } from '@bidhall/contracts';
import { AppError } from '../../lib/app-error';
import type { LoginThrottle } from './login-throttle';
import type { Passwords } from './passwords';
import { assertMaySignIn, type SessionDeps, startSession } from './sessions';

export interface LoginDeps extends SessionDeps {
  passwords: Passwords;
  throttle: LoginThrottle;
}

const invalid = () => new AppError('INVALID_CREDENTIALS', 'wrong username or password');

/** Verifies the password under the throttle and opens a refresh session. */
export async function login(deps: LoginDeps, body: TLoginBody, meta: { ip: string; userAgent: string | undefined; now: Date }) {
  const username = body.username.trim().toLowerCase();
  // Reserved before the comparison: parallel guesses cannot all slip past a check made earlier.
  const attempt = await deps.throttle.reserve(username, meta.ip);
  const user = await deps.prisma.user.findUnique({ where: { username }, include: { org: true } });
  const ok = user ? await deps.passwords.verify(body.password, user.passwordHash) : await deps.passwords.waste(body.password).then(() => false);
  if (!user || !ok) throw invalid();
  await attempt.succeeded();
  assertMaySignIn(user);
  const session = await startSession(deps, user.id, meta.userAgent, meta.now);
  await deps.prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: meta.now } });
  return { user, ...session };
}
