import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Container } from './container.js';
import { registerAccountRoutes } from './modules/accounts/accounts.routes.js';
import { registerAuthRoutes } from './modules/accounts/auth.routes.js';
import { registerAuditRoutes } from './modules/audit/audit.routes.js';
import { registerCalendarRoutes } from './modules/calendar/calendar.routes.js';
import { registerHealthRoutes } from './modules/health/health.routes.js';
import { registerOrgRoutes } from './modules/orgs/orgs.routes.js';
import { registerPeopleRoutes } from './modules/people/people.routes.js';
import { registerRegionRoutes } from './modules/regions/regions.routes.js';
import { registerOpen311Routes } from './modules/requests/open311.routes.js';
import { registerRequestRoutes } from './modules/requests/requests.routes.js';
import { registerDisputeRoutes } from './modules/disputes/disputes.routes.js';
import { registerRatingRoutes } from './modules/ratings/ratings.routes.js';
import { registerStaffRoutes } from './modules/orgs/staff.routes.js';
import { registerActivityRoutes } from './modules/activities/activities.routes.js';
import { registerCitizenRoutes } from './modules/citizens/citizens.routes.js';
import { registerVolunteerRoutes } from './modules/volunteers/volunteers.routes.js';
import { registerVenueRoutes } from './modules/venues/venues.routes.js';
import { registerDashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { registerHonourRoutes } from './modules/honours/honours.routes.js';
import { registerNotificationRoutes } from './modules/notifications/notifications.routes.js';
import { registerMembersRoutes } from './modules/members/members.routes.js';
import { registerMeetingRoutes } from './modules/meetings/meetings.routes.js';
import { registerSocialOrgRoutes } from './modules/socialorgs/socialorgs.routes.js';
import { registerCatalogueRoutes } from './modules/catalogue/catalogue.routes.js';
import { registerTalentRoutes } from './modules/talent/talent.routes.js';
import { registerSocietyRoutes } from './modules/societies/societies.routes.js';
import { registerOidcRoutes } from './modules/oidc/oidc.routes.js';
import { registerWebhookRoutes } from './modules/webhooks/webhooks.routes.js';
import { registerBenefitRoutes } from './modules/benefits/benefits.routes.js';
import { registerHttpPlatform } from './platform/http/plugin.js';
import { pgRateLimitStore } from './platform/http/rate-limit-store.js';
import { ErrorBody } from './platform/http/schemas.js';
import { makeValidatorCompiler } from './platform/http/validation.js';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/**
 * Response serializers compiled on a route's first answer rather than all at start: about 1,500 of them (every route
 * times its statuses) took a second or more, which a restarted server spends before it serves again.
 */
function lazySerializers(externalSchemas: unknown, options: unknown) {
  const build = (SerializerSelector() as (s: unknown, o: unknown) => (route: unknown) => (data: unknown) => string)(externalSchemas, options);
  return (route: unknown) => {
    let serialize: ((data: unknown) => string) | null = null;
    return (data: unknown) => (serialize ??= build(route))(data);
  };
}

export type RouteEntry = { method: string; url: string; config: Record<string, unknown>; schema?: Record<string, unknown> };

declare module 'fastify' {
  interface FastifyInstance {
    routeCatalog: RouteEntry[];
  }
}

/** Builds the HTTP application over a wired container; listening is the caller's business. */
export async function buildApp(c: Container, opts: { logStream?: NodeJS.WritableStream } = {}): Promise<App> {
  const app = Fastify({
    logger:
      c.config.logLevel === 'silent'
        ? false
        : {
            level: c.config.logLevel,
            ...(opts.logStream ? { stream: opts.logStream } : {}),
            // Personal data never reaches the log: requests are logged by method and path, never the query string.
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: req.url.split('?')[0], id: req.id }),
            },
            redact: { paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization'], censor: '[redacted]' },
          },
    // Request lines only where they are wanted (LOG_REQUESTS): errors and warnings are logged either way.
    logController: new LogController({ disableRequestLogging: !c.config.logRequests }),
    // JSON bodies up to 1 MB (the largest form, a year of venue hours, is about 150 kB); a route that takes more
    // (the district map) says so itself, and uploads are limited by their multipart options.
    bodyLimit: 1024 * 1024,
    trustProxy: c.config.trustProxy,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false } },
    routerOptions: { maxParamLength: 200 },
    schemaController: { compilersFactory: { buildSerializer: lazySerializers as never } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The catalogue of routes, read by the test that every route declares its access rule and schemas.
  const catalog: RouteEntry[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat())
      catalog.push({ method, url: r.url, config: (r.config ?? {}) as Record<string, unknown>, schema: r.schema as Record<string, unknown> | undefined });
  });
  app.decorate('routeCatalog', catalog);

  app.addSchema(ErrorBody);
  app.setValidatorCompiler(makeValidatorCompiler([ErrorBody]));

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: c.config.session.secureCookie ? [] : null,
      },
    },
    hsts: c.config.session.secureCookie ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false, store: pgRateLimitStore(c.db) });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'QunHub 群团通 API', version: '0.1.0', description: 'Integrated service platform of the mass organizations.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'qh_sid' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  registerHttpPlatform(app, {
    db: c.db,
    sessions: c.sessions,
    audit: c.audit,
    secureCookie: c.config.session.secureCookie,
    citizens: c.citizens,
  });

  await app.register(
    async (plain) => {
      const api = plain.withTypeProvider<TypeBoxTypeProvider>();
      registerHealthRoutes(api, c);
      registerAuthRoutes(api, c);
      registerRegionRoutes(api, c);
      registerCalendarRoutes(api, c);
      registerOrgRoutes(api, c);
      registerStaffRoutes(api, c);
      registerPeopleRoutes(api, c);
      registerAccountRoutes(api, c);
      registerAuditRoutes(api, c);
      registerRequestRoutes(api, c);
      registerDisputeRoutes(api, c);
      registerCitizenRoutes(api, c);
      registerActivityRoutes(api, c);
      registerVolunteerRoutes(api, c);
      registerDashboardRoutes(api, c);
      registerVenueRoutes(api, c);
      registerRatingRoutes(api, c);
      registerHonourRoutes(api, c);
      registerNotificationRoutes(api, c);
      registerMembersRoutes(api, c);
      registerMeetingRoutes(api, c);
      registerSocialOrgRoutes(api, c);
      registerCatalogueRoutes(api, c);
      registerTalentRoutes(api, c);
      registerSocietyRoutes(api, c);
      registerOidcRoutes(api, c);
      registerWebhookRoutes(api, c);
      registerBenefitRoutes(api, c);
    },
    { prefix: '/api' },
  );
  // Open311 GeoReport v2 (/open311/v2/…): public, outside /api (no session, no CSRF); owns every path under /open311/.
  await app.register(
    async (plain) => {
      registerOpen311Routes(plain.withTypeProvider<TypeBoxTypeProvider>(), c);
    },
    { prefix: '/open311' },
  );

  if (existsSync(path.join(c.config.webDistDir, 'index.html'))) {
    // preCompressed: the build writes .br and .gz beside each text file; the browser gets the smallest it accepts.
    await app.register(fastifyStatic, {
      root: c.config.webDistDir,
      prefix: '/',
      wildcard: false,
      // The pages are answered by the route below, `/` included: the plugin's own index answered 404 to a browser
      // that accepts compressed files.
      index: false,
      preCompressed: true,
      // Built files carry a hash of their content in the name: a browser may keep them for a year.
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`)) res.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    });
    const hasPortal = existsSync(path.join(c.config.webDistDir, 'portal.html'));
    const portalPage = hasPortal ? portalPageWithPreloads(c.config.webDistDir) : null;
    // Client-side routes: the citizens' portal is its own page (a small download for phones), the rest is the console.
    app.get('/*', { schema: { hide: true }, config: { public: true } }, async (req, reply) => {
      if (req.url.startsWith('/api/') || req.url.startsWith('/open311/')) return reply.code(404).send();
      const pathname = req.url.split('?')[0] ?? '';
      if (!hasPortal || !(pathname === '/portal' || pathname.startsWith('/portal/'))) return reply.type('text/html').sendFile('index.html');
      const html = portalPage?.(pathname);
      return html ? reply.type('text/html').header('Cache-Control', 'no-cache').send(html) : reply.type('text/html').sendFile('portal.html');
    });
  }
  return app;
}

/**
 * The portal's page for a path, naming the scripts of the page at that path as modulepreload links (the build's
 * portal-pages.json, scripts/portal-pages.ts), so that a page opened directly downloads beside the shell rather than
 * after it has run. Null without that file (a build before it), and for a path of no page: the plain page is sent.
 */
function portalPageWithPreloads(webDistDir: string): ((pathname: string) => string | null) | null {
  const listFile = path.join(webDistDir, 'portal-pages.json');
  if (!existsSync(listFile)) return null;
  const shell = readFileSync(path.join(webDistDir, 'portal.html'), 'utf8');
  const pages = (JSON.parse(readFileSync(listFile, 'utf8')) as { pattern: string; files: string[] }[]).map((p) => ({
    pattern: new RegExp(p.pattern),
    html: shell.replace('</head>', `${p.files.map((f) => `<link rel="modulepreload" crossorigin href="${f}">`).join('')}</head>`),
  }));
  return (pathname) => pages.find((p) => p.pattern.test(pathname))?.html ?? null;
}
