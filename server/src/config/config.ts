// One typed view of the environment. Every variable is listed in .env.example and the README; the defaults
// make `npm start` bring the whole hub up on embedded PostgreSQL and a LiveKit server we start ourselves.
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.string().url().optional())
  .optional();

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /** The address people type; used in printed links and LiveKit webhooks. */
  PUBLIC_URL: optionalUrl,
  DATA_DIR: z.string().default(path.join(ROOT, '.data')),
  DATABASE_URL: optionalUrl,
  EMBEDDED_PG_PORT: z.coerce.number().int().default(54329),
  LIVEKIT_URL: optionalUrl,
  /**
   * Several hub instances behind a load balancer: the Redis they share (redis://host:6379). Broadcasts then
   * reach every instance's sockets. Empty: one instance, no Redis.
   */
  REDIS_URL: optionalUrl.refine((v) => v === undefined || /^rediss?:\/\//.test(v), 'a redis:// or rediss:// address'),
  /**
   * Scans and case documents on an S3-compatible store (what several instances need: each reads what any
   * other took in): the bucket, made at start if missing. Empty: files under DATA_DIR/files.
   */
  S3_BUCKET: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name: 3-63 lower-case letters, digits, dots and hyphens').optional())
    .optional(),
  /** The S3-compatible server (http://s3.internal:7070); empty for AWS itself. */
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /**
   * Which proxies' X-Forwarded-For the hub believes (Express "trust proxy": loopback, uniquelocal, an address or
   * a CIDR list), so rate limits see the citizen's address and not the load balancer's.
   */
  TRUST_PROXY: z.string().trim().min(1).default('loopback'),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.string().optional(),
  LIVEKIT_PORT: z.coerce.number().int().default(7880),
  LIVEKIT_RTC_UDP_PORT: z.coerce.number().int().default(7882),
  /** The address LiveKit announces for media; "auto" picks the first non-loopback IPv4 of this machine. */
  LIVEKIT_NODE_IP: z.string().default('auto'),
  LIVEKIT_BIN: z.string().optional(),
  /** Where browsers reach LiveKit's signalling (ws:// or wss://). Default: LIVEKIT_URL, or our host name on LIVEKIT_PORT. */
  LIVEKIT_PUBLIC_URL: optionalUrl,
  /** Interface the embedded LiveKit listens on for signalling; 0.0.0.0 to let other machines join. */
  LIVEKIT_BIND_ADDRESS: z.string().default('127.0.0.1'),
  /** Seed the demo city (sites, accounts, today's session) into an empty database. */
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LIVEKIT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
  /** A participant caught publishing sound without the floor publishes nothing for this long (first time). */
  MEDIA_SANCTION_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Caught again in the same session: removed from the room, and no new room token for this long. */
  MEDIA_REMOVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  /** Serve the built web client from this folder. */
  WEB_DIST: z.string().default(path.join(ROOT, 'dist', 'web')),
  /** `npm start` rebuilds the web client when its sources are newer (auto), or serves what is built (never). */
  WEB_BUILD: z.enum(['auto', 'never']).default('auto'),
  /** Set to "true" behind HTTPS so the session cookie is marked Secure. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Also e-mail the case reminders and the morning digest to accounts with an address:
   * smtp://user:password@mail.example.vn:587 (smtps:// for TLS from the start). Off when empty.
   */
  SMTP_URL: optionalUrl,
  /** The sender of those e-mails. */
  MAIL_FROM: z.string().trim().min(3).default('Tiếp Dân Hub <no-reply@localhost>'),
  /**
   * Lets an administrator move the hub's clock forward (PUT /api/clock), for end-to-end tests and for an
   * office rehearsing the follow-up of cases. Never in production.
   */
  CLOCK_CONTROL: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** The issuing body printed on the minutes and the conclusion notice (Decree 30 header). */
  ISSUER_PARENT: z.string().default('UBND THÀNH PHỐ HÀ NỘI'),
  ISSUER_NAME: z.string().min(1).default('BAN TIẾP CÔNG DÂN THÀNH PHỐ'),
  /** Symbol of the issuing body in document numbers: "05/TB-BTCD". Capitals, digits and hyphens. */
  ISSUER_SYMBOL: z
    .string()
    .regex(/^[A-ZĐ0-9-]{1,20}$/, 'capitals, digits and hyphens, e.g. BTCD')
    .default('BTCD'),
  ISSUER_PLACE: z.string().min(1).default('Hà Nội'),
});

export type Config = z.infer<typeof EnvSchema> & { rootDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration in the environment:\n${lines}`);
  }
  const cfg = parsed.data;
  if (cfg.LIVEKIT_URL && (!cfg.LIVEKIT_API_KEY || !cfg.LIVEKIT_API_SECRET)) {
    throw new Error('LIVEKIT_URL is set, so LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set too.');
  }
  if (cfg.S3_BUCKET && (!cfg.S3_ACCESS_KEY_ID || !cfg.S3_SECRET_ACCESS_KEY)) {
    throw new Error('S3_BUCKET is set, so S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set too.');
  }
  if (cfg.LIVEKIT_API_SECRET && cfg.LIVEKIT_API_SECRET.length < 32) {
    throw new Error('LIVEKIT_API_SECRET must be at least 32 characters (LiveKit refuses shorter secrets).');
  }
  return { ...cfg, DATA_DIR: path.resolve(cfg.DATA_DIR), rootDir: ROOT };
}

/** First IPv4 address that is not loopback: where browsers on other machines can reach LiveKit's media port. */
export function detectNodeIp(): string {
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return '127.0.0.1';
}
