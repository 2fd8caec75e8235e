// Boots the whole hub: database (embedded unless DATABASE_URL), migrations, demo city, LiveKit (our own
// unless LIVEKIT_URL), then the HTTP API, the socket and the web client on one port. The hub owns the
// order in which its parts stop (see lifecycle/shutdown.ts): nothing else calls process.exit.
import http from 'node:http';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { AddressInfo } from 'node:net';
import { AuthService } from './auth/auth.service.ts';
import { AccountRepository } from './auth/account.repository.ts';
import { detectNodeIp, type Config } from './config/config.ts';
import { createDb, type Db } from './db/client.ts';
import { startEmbeddedPostgres } from './db/embedded-postgres.ts';
import { applyMigrations } from './db/migrate.ts';
import { databaseAnswers } from './db/health.ts';
import { WebhookRepository } from './livekit/webhook.repository.ts';
import { createApp } from './http/app.ts';
import { ensureLiveKitBinary } from './livekit/binary.ts';
import { launchLiveKit } from './livekit/launcher.ts';
import { PresenceService } from './presence/presence.service.ts';
import { PresenceRepository } from './presence/presence.repository.ts';
import { attachRealtime } from './realtime/socket.ts';
import { connectRedis } from './realtime/redis-adapter.ts';
import { RedisBuckets } from './realtime/redis-rate.ts';
import { seedDemoCity } from './seed/demo-city.ts';
import { SessionsService } from './sessions/sessions.service.ts';
import { LiveService } from './live/live.service.ts';
import { LiveStore } from './live/live-store.repository.ts';
import { MinutesService } from './minutes/minutes.service.ts';
import { MinutesRepository } from './minutes/minutes.repository.ts';
import { FloorControl } from './floor/floor-control.ts';
import { FloorMarksRepository } from './floor/floor-marks.repository.ts';
import { reapplyFloors, wireFloorControl } from './floor/floor-wiring.ts';
import { claimDataDir } from './lifecycle/data-dir-lock.ts';
import { MediaHealth } from './livekit/media-health.ts';
import { MediaGuard } from './floor/media-guard.ts';
import { Sweeper } from './lifecycle/sweeper.ts';
import { AccessRepository } from './access/access.repository.ts';
import { SessionAccess } from './access/session-access.ts';
import { EventBus } from './events/event-bus.ts';
import { followLiveSession } from './minutes/follow-live.ts';
import { SetupRepository } from './setup/setup.repository.ts';
import { AdministrationServices } from './administration.ts';
import { HolidaysRepository } from './calendar/holidays.repository.ts';
import { ScheduleRepository } from './schedule/schedule.repository.ts';
import { ScheduleService } from './schedule/schedule.service.ts';
import { InvitationsRepository } from './invitations/invitations.repository.ts';
import { InvitationsService } from './invitations/invitations.service.ts';
import { CalendarFeedRepository } from './calendar/calendar-feed.repository.ts';
import { CalendarFeedService } from './calendar/calendar-feed.service.ts';
import { PlanRepository } from './plan/plan.repository.ts';
import { PlanService } from './plan/plan.service.ts';
import { SetupService, SETUP_VALID_MS } from './setup/setup.service.ts';
import { SessionsRepository } from './sessions/sessions.repository.ts';
import { IntakeRepository } from './intake/intake.repository.ts';
import path from 'node:path';
import { IntakeService } from './intake/intake.service.ts';
import { ReceptionBookService } from './intake/book/reception-book.service.ts';
import { CasesRepository } from './cases/cases.repository.ts';
import { CasesService } from './cases/cases.service.ts';
import { CaseReminders } from './cases/case-reminders.ts';
import { HubClock } from './calendar/hub-clock.ts';
import { CaseDigest } from './cases/case-digest.ts';
import { CaseDigestRepository } from './cases/case-digest.repository.ts';
import { mailComposer } from './mail/mail-words.ts';
import { MailSender } from './mail/mail-sender.ts';
import { OutboxRepository } from './mail/outbox.repository.ts';
import { ReportFiguresRepository } from './reports/report-figures.repository.ts';
import { ReportFilingsRepository } from './reports/report-filings.repository.ts';
import { ReportsService } from './reports/reports.service.ts';
import { CaseRemindersRepository } from './cases/case-reminders.repository.ts';
import { PublicLookupRepository } from './cases/public-lookup.repository.ts';
import { PublicLookupService } from './cases/public-lookup.service.ts';
import { BlobReferencesRepository } from './storage/blob-references.repository.ts';
import { FileBlobStore } from './storage/file-blob-store.ts';
import { S3BlobStore } from './storage/s3-blob-store.ts';
import type { BlobStore } from './storage/blob-store.ts';
import { sweepOrphans } from './storage/orphan-sweep.ts';
import { MediaOffenseRepository } from './floor/media-offense.repository.ts';

/** How often running rooms are checked against LiveKit (forbidden tracks, drifted grants). */
const SWEEP_EVERY_MS = 2000;

export interface RunningHub {
  url: string;
  db: Db;
  livekit: { url: string; apiKey: string; apiSecret: string };
  stop(): Promise<void>;
}

/** The file store under the data folder, or S3 when S3_BUCKET is set; `close` lets go of its connections. */
async function openBlobStore(config: Config, log: (m: string) => void): Promise<{ store: BlobStore; close: () => void }> {
  if (!config.S3_BUCKET) return { store: new FileBlobStore(path.join(config.DATA_DIR, 'files')), close: () => {} };
  const store = await S3BlobStore.open(
    { bucket: config.S3_BUCKET, region: config.S3_REGION, accessKeyId: config.S3_ACCESS_KEY_ID!, secretAccessKey: config.S3_SECRET_ACCESS_KEY!, ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}) },
    log,
  );
  log(`Files on S3: bucket ${config.S3_BUCKET} at ${config.S3_ENDPOINT ?? 'AWS'}`);
  return { store, close: () => store.close() };
}

export async function startHub(config: Config, log: (m: string) => void = console.log): Promise<RunningHub> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => log(`while stopping: ${String(e)}`));
  };
  try {
    if (!config.DATABASE_URL || !config.LIVEKIT_URL) {
      const lock = claimDataDir(config.DATA_DIR);
      stops.push(async () => lock.release());
    }
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_PG_PORT, log);
      stops.push(pg.stop);
      databaseUrl = pg.url;
      log(`Embedded PostgreSQL ready on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data in ${config.DATA_DIR}/postgres)`);
    }
    await applyMigrations(config.rootDir, databaseUrl, log);
    const db = createDb(databaseUrl);
    stops.push(() => db.$disconnect());
    if (config.SEED_DEMO) await seedDemoCity(db, log);

    let livekit: RunningHub['livekit'];
    let ownLiveKit: Awaited<ReturnType<typeof launchLiveKit>> | null = null;
    if (config.LIVEKIT_URL) {
      livekit = { url: config.LIVEKIT_URL, apiKey: config.LIVEKIT_API_KEY!, apiSecret: config.LIVEKIT_API_SECRET! };
      log(`Using the LiveKit server at ${config.LIVEKIT_URL}`);
    } else {
      const binary = await ensureLiveKitBinary(config.rootDir, config.LIVEKIT_BIN, log);
      const nodeIp = config.LIVEKIT_NODE_IP === 'auto' ? detectNodeIp() : config.LIVEKIT_NODE_IP;
      const lk = await launchLiveKit({
        binary,
        dataDir: config.DATA_DIR,
        port: config.LIVEKIT_PORT,
        udpPort: config.LIVEKIT_RTC_UDP_PORT,
        nodeIp,
        bindAddress: config.LIVEKIT_BIND_ADDRESS,
        webhookUrl: `http://127.0.0.1:${config.PORT}/api/livekit/webhook`,
        log,
      });
      stops.push(lk.stop);
      ownLiveKit = lk;
      livekit = { url: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret };
      log(`LiveKit server ready on ${lk.url} (media on UDP ${nodeIp}:${config.LIVEKIT_RTC_UDP_PORT})`);
    }

    // Events first: every service publishes after its commits, and features follow from their own folders.
    const events = new EventBus(log);
    const access = new SessionAccess(new AccessRepository(db));
    const accounts = new AccountRepository(db);
    const sessionsRepo = new SessionsRepository(db);
    const offenses = new MediaOffenseRepository(db);
    const presence = new PresenceService(new PresenceRepository(db), sessionsRepo, accounts, access, events);
    const roomService = new RoomServiceClient(livekit.url.replace(/^ws/, 'http'), livekit.apiKey, livekit.apiSecret);
    const reconcilePresence = async (when: string): Promise<void> => {
      const fixed = await presence
        .reconcile(async (room) => (await roomService.listParticipants(room)).map((p) => p.identity))
        .catch((e: unknown) => {
          log(`could not check room presence with LiveKit: ${String(e)}`);
          return 0;
        });
      if (fixed > 0) log(`Presence corrected for ${fixed} participant(s) who left ${when}`);
    };
    await reconcilePresence('while the hub was down');
    const media = new MediaHealth(roomService, events, log);
    ownLiveKit?.onCrash((event) => {
      if (event.kind === 'exited') media.processExited(`LiveKit exited (${event.signal ?? `code ${event.code}`})`);
    });
    await media.start();
    stops.push(async () => media.stop());

    const auth = new AuthService(accounts, events, config.SESSION_TTL_HOURS * 3600_000);
    const sanctionTimes = { revokeMs: config.MEDIA_SANCTION_SECONDS * 1000, removeMs: config.MEDIA_REMOVAL_MINUTES * 60_000 };
    const sessions = new SessionsService(sessionsRepo, accounts, offenses, access, config.LIVEKIT_TOKEN_TTL_SECONDS, () => media.status.up, sanctionTimes);
    const live = new LiveService(new LiveStore(db), access, events, log);
    const floor = new FloorControl(roomService, new FloorMarksRepository(db), log);
    const guard = new MediaGuard(offenses, sessionsRepo, accounts, events, roomService, sanctionTimes, log);
    const sanctions = (sessionId: string) => guard.sanctioned(sessionId);
    wireFloorControl({ events, live, floor, sanctions });
    await reapplyFloors(sessionsRepo, live, floor, sanctions, log);
    // The backstop of the webhooks: forbidden tracks a lost webhook hid, and grants a sanction's end restores.
    const sweep = new Sweeper(SWEEP_EVERY_MS, async () => {
      if (!media.status.up) return;
      await guard.sweep();
      await reapplyFloors(sessionsRepo, live, floor, sanctions, () => {});
    }, log);
    stops.push(async () => sweep.stop());
    // A dead media server drops everyone: turns pause as for a site that dropped. Once it answers again the
    // floors are re-applied and presence is checked against what it reports; sites that rejoin resume.
    events.on('media.status', async (status) => {
      if (!status.up) {
        const gone = await presence.everyoneLeft();
        if (gone > 0) log(`media server down: ${gone} participant(s) marked as disconnected`);
        return;
      }
      await reconcilePresence('while the media server was down');
      await reapplyFloors(sessionsRepo, live, floor, sanctions, log);
    });
    const minutes = new MinutesService(new MinutesRepository(db), access, events, { parent: config.ISSUER_PARENT, name: config.ISSUER_NAME, symbol: config.ISSUER_SYMBOL, place: config.ISSUER_PLACE }, log);
    followLiveSession(events, minutes, log);
    const setup = new SetupService(new SetupRepository(db));
    const holidays = new HolidaysRepository(db);
    const administration = new AdministrationServices(db, events);
    const schedule = new ScheduleService(new ScheduleRepository(db), holidays, undefined, events, async () => (await administration.settings.current()).defaultTurnMinutes);
    const invitations = new InvitationsService(new InvitationsRepository(db), holidays, events, undefined, async () => (await administration.settings.current()).invitationLeadDays);
    events.on('schedule.changed', async () => void (await invitations.sweep()));
    events.on('schedule.cancelled', ({ sessionId }) => invitations.sessionCancelled(sessionId));
    const seeded = await schedule.seedHolidays();
    if (seeded > 0) log(`Seeded ${seeded} public holidays (Vietnam's official days off, this year and next)`);
    // Series make their sessions a few weeks ahead, at start and then every ten minutes (a new day brings a
    // series' next session); each round ends with the announcement that sends the invitations and reminders due.
    await schedule.extendAllSeries();
    const seriesSweep = new Sweeper(600_000, async () => {
      await schedule.seedHolidays();
      await schedule.extendAllSeries();
    }, log);
    stops.push(async () => seriesSweep.stop());
    // Scans and documents live in the file store under the data folder, or on S3 for several instances;
    // files no row refers to (a crash between the file and its row) are swept at start and every hour,
    // once older than the grace period.
    const blobs = await openBlobStore(config, log);
    stops.push(async () => blobs.close());
    const files = { store: blobs.store, references: new BlobReferencesRepository(db) };
    const sweepFiles = async () => {
      const swept = await sweepOrphans(files.store, files.references, new Date());
      if (swept.removed + swept.unfinished > 0) log(`file store: removed ${swept.removed} file(s) no record refers to, ${swept.unfinished} unfinished write(s)`);
    };
    void sweepFiles().catch((e: unknown) => log(`file sweep failed: ${String(e)}`));
    const orphanSweep = new Sweeper(3_600_000, sweepFiles, log);
    stops.push(async () => orphanSweep.stop());
    const issuer = { parent: config.ISSUER_PARENT, name: config.ISSUER_NAME, symbol: config.ISSUER_SYMBOL, place: config.ISSUER_PLACE };
    const intakeRepo = new IntakeRepository(db);
    // The time source of the follow-up: the machine's clock unless CLOCK_CONTROL lets an administrator move it.
    const clock = new HubClock(config.CLOCK_CONTROL);
    if (clock.movable) log('CLOCK_CONTROL=true: an administrator may move the hub’s clock (tests and rehearsals only)');
    // E-mail, when SMTP is configured: queued with the notifications it echoes, sent by the outbox.
    const compose = config.SMTP_URL ? mailComposer(config.PUBLIC_URL) : undefined;
    if (config.SMTP_URL) {
      // On the hub's clock, as the reminders it queues are: a moved clock has them due at once.
      const sender = new MailSender(new OutboxRepository(db), config.SMTP_URL, config.MAIL_FROM, log, clock.now);
      const mailSweep = new Sweeper(30_000, () => sender.kick(), log);
      events.on('notifications.changed', () => void sender.kick().catch((e: unknown) => log(`e-mail failed: ${String(e)}`)));
      void sender.kick().catch((e: unknown) => log(`e-mail failed: ${String(e)}`));
      stops.push(async () => {
        mailSweep.stop();
        sender.close();
      });
      log(`E-mail on: reminders and the digest also go out through ${new URL(config.SMTP_URL).host}`);
    }
    // Every matter an approved notice assigns becomes a case; notices approved while the hub was down too.
    const cases = new CasesService(new CasesRepository(db, compose), () => holidays.lookup(), clock.now, log, events, files);
    await cases.follow(events);
    // Deadline reminders to the agencies and the host office's morning digest: at start (catching up on
    // any downtime), every ten minutes, and at once when the clock is moved.
    const reminders = new CaseReminders(new CaseRemindersRepository(db, compose), () => holidays.lookup(), events);
    const digest = new CaseDigest(new CaseDigestRepository(db, compose), () => holidays.lookup(), events);
    const remind = async () => {
      const run = await reminders.run(clock.now());
      if (run.sent > 0) log(`case reminders: ${run.sent} sent, ${run.passedOver} passed over`);
      const morning = await digest.run(clock.now());
      if (morning.sent) log(`case digest sent to ${morning.recipients} person(s): ${morning.sent.overdue} overdue of ${morning.sent.open} open`);
    };
    void remind().catch((e: unknown) => log(`case reminders failed: ${String(e)}`));
    const reminderSweep = new Sweeper(600_000, remind, log);
    stops.push(async () => reminderSweep.stop());
    clock.onMoved(remind);
    const book = new ReceptionBookService(intakeRepo, issuer);
    // Several instances: Redis carries their broadcasts and keeps each account's rate limit whole.
    const shared = config.REDIS_URL ? await connectRedis(config.REDIS_URL, log) : undefined;
    if (shared) stops.push(() => shared.stop());
    const app = createApp({
      book,
      cases,
      lookup: new PublicLookupService(new PublicLookupRepository(db), cases, clock.now),
      clock,
      reports: new ReportsService(new ReportFiguresRepository(db), clock.now, issuer, { visits: (c, ids, first, period) => book.rowsOf(c, ids, first, period), cases: (c, ids) => cases.views(c, ids) }, new ReportFilingsRepository(db)),
      setup,
      administration,
      schedule,
      invitations,
      plan: new PlanService(new PlanRepository(db), schedule),
      // Dated by the hub's time source, as the cases and the reports are.
      intakes: new IntakeService(intakeRepo, { files, issuer, now: clock.now, register: (caller, sessionId, command) => live.execute(caller, sessionId, command) }),
      calendarFeeds: new CalendarFeedService(new CalendarFeedRepository(db)),
      databaseUp: databaseAnswers(db),
      ...(shared ? { realtimeUp: shared.up } : {}),
      trustProxy: config.TRUST_PROXY,
      webhooks: new WebhookRepository(db),
      auth,
      sessions,
      presence,
      minutes,
      media,
      guard,
      livekit: {
        apiKey: livekit.apiKey,
        apiSecret: livekit.apiSecret,
        publicUrl: config.LIVEKIT_PUBLIC_URL ?? config.LIVEKIT_URL,
        port: config.LIVEKIT_PORT,
      },
      webDist: config.WEB_DIST,
      cookieSecure: config.COOKIE_SECURE,
      publicUrl: config.PUBLIC_URL,
      log,
    });
    const server = http.createServer(app);
    const io = attachRealtime(server, { auth, presence, live, minutes, media, events, log, publicUrl: config.PUBLIC_URL, ...(shared ? { accountBuckets: new RedisBuckets(shared.client) } : {}) });
    // Before the first socket: with several instances every broadcast goes through Redis.
    shared?.share(io);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, resolve);
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          void io.close();
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const port = (server.address() as AddressInfo).port;
    const url = config.PUBLIC_URL ?? `http://127.0.0.1:${port}`;
    // An empty hub (no demo): the first administrator's one-time address, in this output only.
    const token = await setup.offer();
    if (token) {
      log(`This hub has no account yet. The first administrator sets it up at (valid ${SETUP_VALID_MS / 60_000} minutes, usable once):`);
      log(`  ${url}/#/setup/${token}`);
      log('  or, without a browser: npm run admin -- create-admin <user name>');
    }
    return { url, db, livekit, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
