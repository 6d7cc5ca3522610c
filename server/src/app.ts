import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { jobRoutes } from './kernel/jobs/jobs.routes';
import { errorHandler, notFoundHandler } from './lib/http/error-handler';
import { mountRoutes } from './lib/http/route';
import { auditRoutes } from './modules/audit/audit.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { bidRoutes } from './modules/bids/bids.routes';
import { committeeRoutes } from './modules/committee/committee.routes';
import { mediaRoutes } from './modules/media/media.routes';
import { bearerAuthenticator } from './modules/auth/authenticate';
import { openingRoutes } from './modules/opening/opening.routes';
import { orgRoutes } from './modules/orgs/orgs.routes';
import { projectRoutes } from './modules/projects/projects.routes';
import { questionRoutes } from './modules/questions/questions.routes';
import { systemRoutes } from './modules/system/system.routes';
import { tenderDocumentRoutes } from './modules/tender-documents/tender-documents.routes';
import type { Services } from './services';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export interface AppOptions {
  /** Directory of the built client, served with a fallback to its index.html for client-side routes. */
  staticDir?: string;
}

/**
 * What the request log may say about where a request went: the template of the route it matched,
 * never the path itself. Client pages (whose paths name sections too) and static files are named
 * by kind, and a path that matched nothing is not repeated either.
 */
function routeOf(req: Request): string {
  const template: unknown = req.route?.path;
  if (typeof template === 'string') return `${req.baseUrl}${template}`;
  if (template instanceof RegExp) return '(client page)';
  return req.originalUrl.startsWith('/api/') ? '(no such route)' : '(static file)';
}

/** The HTTP application. Pure: it reads no environment and opens nothing until it is listened on. */
export function createApp(s: Services, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', s.settings.trustProxy);

  app.use(
    pinoHttp({
      logger: s.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
      // Only method, route and status: query strings and headers can carry tokens, and a path
      // carries ids (a bidder fetching /api/sections/<id>/my-bid tells where it bids). The route
      // is known once the request has been routed, so it goes on the completion line only.
      serializers: {
        req: (req: { id: unknown; method: string }) => ({ id: req.id, method: req.method }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customSuccessObject: (req, _res, value: object) => ({ ...value, route: routeOf(req as Request) }),
      customErrorObject: (req, _res, _error, value: object) => ({ ...value, route: routeOf(req as Request) }),
    }),
  );
  // Plain-HTTP installations (a LAN, a laptop) must not have their assets upgraded to HTTPS.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: s.settings.secureCookies ? [] : null } } }));
  app.use(cors({ origin: s.settings.corsOrigins.length ? s.settings.corsOrigins : false, credentials: true }));
  app.use(cookieParser());
  app.use('/api', express.json({ limit: s.settings.bodyLimit, strict: true }));

  const api = express.Router();
  mountRoutes(api, [...systemRoutes(s), ...authRoutes(s), ...orgRoutes(s), ...projectRoutes(s), ...tenderDocumentRoutes(s), ...questionRoutes(s), ...bidRoutes(s), ...openingRoutes(s), ...committeeRoutes(s), ...mediaRoutes(s, s.iceServers), ...auditRoutes(s), ...jobRoutes(s)], {
    authenticate: bearerAuthenticator(s.tokens, s.sessions),
    validateResponses: s.settings.validateResponses,
  });
  app.use(api);
  app.use('/api', notFoundHandler);

  if (options.staticDir) {
    const index = path.join(options.staticDir, 'index.html');
    app.use(express.static(options.staticDir, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
