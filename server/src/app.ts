import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
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

/** The matched route's template (`/api/documents/:documentId/file`); the path only for requests no route matched (static files, 404s). */
function routeOf(req: express.Request): string {
  const route = req.route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : req.originalUrl.split('?')[0]!;
}

export interface AppOptions {
  /** Directory of the built client, served with a fallback to its index.html for client-side routes. */
  staticDir?: string;
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
      // Only method, route and status: query strings and headers can carry tokens, and a path's ids
      // (a section, a tender document) would tell the log who is bidding or downloading where. The
      // request is bound when it arrives, before a route is matched, so the route is added at the end.
      customSuccessObject: (req, _res, value: object) => ({ ...value, route: routeOf(req as express.Request) }),
      customErrorObject: (req, _res, _error, value: object) => ({ ...value, route: routeOf(req as express.Request) }),
      serializers: {
        req: (req: { id: unknown; method: string }) => ({ id: req.id, method: req.method }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
    }),
  );
  // Plain-HTTP installations (a LAN, a laptop) must not have their assets upgraded to HTTPS.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: s.settings.secureCookies ? [] : null } } }));
  app.use(cors({ origin: s.settings.corsOrigins.length ? s.settings.corsOrigins : false, credentials: true }));
  app.use(cookieParser());
  app.use('/api', express.json({ limit: s.settings.bodyLimit, strict: true }));

  const api = express.Router();
  mountRoutes(api, [...systemRoutes(s), ...authRoutes(s), ...orgRoutes(s), ...projectRoutes(s), ...tenderDocumentRoutes(s), ...questionRoutes(s), ...bidRoutes(s), ...openingRoutes(s), ...committeeRoutes(s), ...mediaRoutes(s, s.iceServers), ...auditRoutes(s)], {
    authenticate: bearerAuthenticator(s.tokens),
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
