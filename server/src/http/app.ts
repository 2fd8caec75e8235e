// The Express application: JSON API, LiveKit webhook receiver and the built web client, with one error
// shape for every failure.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request } from 'express';
import { authRoutes } from '../auth/auth.routes.ts';
import { loadCaller } from '../auth/auth.middleware.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { WebhookRepository } from '../livekit/webhook.repository.ts';
import type { LiveKitCredentials } from '../livekit/tokens.ts';
import { webhookRoutes } from '../livekit/webhook.routes.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import { minutesRoutes } from '../minutes/minutes.routes.ts';
import type { MinutesService } from '../minutes/minutes.service.ts';
import type { MediaHealth } from '../livekit/media-health.ts';
import type { MediaGuard } from '../floor/media-guard.ts';
import { msg, type HealthReport } from '../../../protocol/index.ts';
import { sessionRoutes } from '../sessions/sessions.routes.ts';
import { setupRoutes } from '../setup/setup.routes.ts';
import type { SetupService } from '../setup/setup.service.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import { AppError } from '../errors/app-error.ts';
import { errorHandler } from './error-handler.ts';
import type { AdministrationServices } from '../administration.ts';
import { siteRoutes } from '../sites/sites.routes.ts';
import { districtRoutes } from '../sites/districts.routes.ts';
import { agencyRoutes } from '../agencies/agencies.routes.ts';
import { accountRoutes } from '../accounts/accounts.routes.ts';
import { passwordLinkRoutes } from '../accounts/password-links.routes.ts';
import { auditRoutes } from '../audit/audit.routes.ts';
import { scheduleRoutes } from '../schedule/schedule.routes.ts';
import { publicScheduleRoutes } from '../schedule/public-schedule.routes.ts';
import type { ScheduleService } from '../schedule/schedule.service.ts';
import { invitationRoutes } from '../invitations/invitations.routes.ts';
import { notificationRoutes } from '../invitations/notifications.routes.ts';
import type { InvitationsService } from '../invitations/invitations.service.ts';
import { calendarFeedRoutes } from '../calendar/calendar-feed.routes.ts';
import { icsRoutes } from '../calendar/ics.routes.ts';
import { holidayRoutes } from '../calendar/holidays.routes.ts';
import { planRoutes } from '../plan/plan.routes.ts';
import { settingsRoutes } from '../settings/settings.routes.ts';
import { publicLookupRoutes } from '../cases/public-lookup.routes.ts';
import type { PublicLookupService } from '../cases/public-lookup.service.ts';
import { caseRoutes } from '../cases/cases.routes.ts';
import { clockRoutes } from '../calendar/clock.routes.ts';
import type { HubClock } from '../calendar/hub-clock.ts';
import { reportRoutes } from '../reports/reports.routes.ts';
import type { ReportsService } from '../reports/reports.service.ts';
import type { CasesService } from '../cases/cases.service.ts';
import { receptionBookRoutes } from '../intake/book/reception-book.routes.ts';
import type { ReceptionBookService } from '../intake/book/reception-book.service.ts';
import { intakeRoutes } from '../intake/intake.routes.ts';
import type { IntakeService } from '../intake/intake.service.ts';
import { petitionFieldRoutes } from '../petition-fields/petition-fields.routes.ts';
import { petitionFieldListRoutes } from '../petition-fields/petition-fields-list.routes.ts';
import type { PlanService } from '../plan/plan.service.ts';
import type { CalendarFeedService } from '../calendar/calendar-feed.service.ts';

export interface AppDeps {
  /** Whether the database answers (see db/health.ts). */
  databaseUp: () => Promise<boolean>;
  /** With several instances: whether the Redis that shares their broadcasts answers (see realtime/redis-adapter.ts). */
  realtimeUp?: () => boolean;
  /** Express "trust proxy": the load balancer whose X-Forwarded-For is believed. */
  trustProxy: string;
  webhooks: WebhookRepository;
  auth: AuthService;
  sessions: SessionsService;
  setup: SetupService;
  administration: AdministrationServices;
  schedule: ScheduleService;
  invitations: InvitationsService;
  plan: PlanService;
  intakes: IntakeService;
  book: ReceptionBookService;
  cases: CasesService;
  lookup: PublicLookupService;
  clock: HubClock;
  reports: ReportsService;
  calendarFeeds: CalendarFeedService;
  presence: PresenceService;
  minutes: MinutesService;
  media: Pick<MediaHealth, 'status'>;
  guard: Pick<MediaGuard, 'trackPublished'>;
  livekit: { apiKey: string; apiSecret: string; publicUrl?: string; port: number };
  webDist: string;
  cookieSecure: boolean;
  /** PUBLIC_URL: the only origin browser pages may call from, when set. */
  publicUrl: string | undefined;
  log: (m: string) => void;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });

  // Before the JSON parser: the webhook signature covers the raw body.
  app.use('/api/livekit/webhook', webhookRoutes(deps.webhooks, deps.presence, deps.livekit.apiKey, deps.livekit.apiSecret, (room, identity, track) => deps.guard.trackPublished(room, identity, track), deps.log));

  app.use('/api', express.json({ limit: '100kb' }), loadCaller(deps.auth));
  // For load balancers and operators: each part the hub needs, and 503 while one of them is down.
  app.get('/api/health', async (_req, res) => {
    const database = await deps.databaseUp();
    const mediaServer = deps.media.status;
    // Redis down does not fail an instance: the load balancer would then drop every instance at once.
    const realtime = deps.realtimeUp ? { realtime: { up: deps.realtimeUp() } } : {};
    const report: HealthReport = { ok: database && mediaServer.up, parts: { database: { up: database }, mediaServer, ...realtime } };
    res.status(report.ok ? 200 : 503).json(report);
  });
  app.use('/api/auth', authRoutes(deps.auth, deps.cookieSecure, deps.publicUrl));
  app.use('/api/setup', setupRoutes(deps.setup, deps.publicUrl));
  app.use('/api/password-links', passwordLinkRoutes(deps.administration.accounts, deps.publicUrl));
  app.use('/api/admin/sites', siteRoutes(deps.administration.sites));
  app.use('/api/admin/districts', districtRoutes(deps.administration.sites));
  app.use('/api/admin/agencies', agencyRoutes(deps.administration.agencies));
  app.use('/api/admin/accounts', accountRoutes(deps.administration.accounts));
  app.use('/api/admin/audit', auditRoutes(deps.administration.audit));
  app.use('/api/admin/holidays', holidayRoutes(deps.administration.holidays));
  app.use('/api/admin/settings', settingsRoutes(deps.administration.settings));
  app.use('/api/admin/petition-fields', petitionFieldRoutes(deps.administration.fields));
  app.use('/api/petition-fields', petitionFieldListRoutes(deps.administration.fields));
  app.use('/api/schedule', scheduleRoutes(deps.schedule));
  app.use('/api/public/schedule', publicScheduleRoutes(deps.schedule));
  app.use('/api/invitations', invitationRoutes(deps.invitations));
  app.use('/api/plan', planRoutes(deps.plan));
  app.use('/api/intakes', intakeRoutes(deps.intakes, deps.publicUrl));
  app.use('/api/reception-book', receptionBookRoutes(deps.book));
  app.use('/api/cases', caseRoutes(deps.cases));
  app.use('/api/public/lookup', publicLookupRoutes(deps.lookup, deps.publicUrl));
  app.use('/api/clock', clockRoutes(deps.clock));
  app.use('/api/reports', reportRoutes(deps.reports));
  app.use('/api/notifications', notificationRoutes(deps.invitations));
  app.use('/api/calendar-feed', calendarFeedRoutes(deps.calendarFeeds));
  app.use('/api/calendar-feeds', icsRoutes(deps.calendarFeeds));
  app.use('/api/sessions', minutesRoutes(deps.minutes));
  app.use('/api/sessions', sessionRoutes(deps.sessions, deps.presence, (req) => liveKitFor(req, deps.livekit)));
  app.use('/api', (req, _res, next) => next(new AppError('NOT_FOUND', msg('request.noSuchApi', { method: req.method, path: req.originalUrl }))));

  if (fs.existsSync(path.join(deps.webDist, 'index.html'))) {
    app.use(express.static(deps.webDist, { index: false, maxAge: '1h' }));
    app.get(/^(?!\/api\/|\/socket\.io\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(deps.webDist, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('The web client is not built: run `npm run build` (npm start does this for you).');
    });
  }

  app.use(errorHandler(deps.log));
  return app;
}

/**
 * Where the browser reaches LiveKit's signalling: the configured public URL, or the LiveKit port on the
 * same host name the browser used to reach us (the embedded default).
 */
function liveKitFor(req: Request, lk: AppDeps['livekit']): LiveKitCredentials {
  const publicUrl = lk.publicUrl ?? `${req.secure ? 'wss' : 'ws'}://${req.hostname}:${lk.port}`;
  return { publicUrl, apiKey: lk.apiKey, apiSecret: lk.apiSecret };
}
