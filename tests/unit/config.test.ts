import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config.ts';
import { liveKitConfig } from '../../server/src/livekit/launcher.ts';

describe('configuration from the environment', () => {
  it('starts on embedded defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.LIVEKIT_URL).toBeUndefined();
    expect(c.SEED_DEMO).toBe(true);
  });

  it('explains a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('needs the key and secret with an external LiveKit, and a long enough secret', () => {
    expect(() => loadConfig({ LIVEKIT_URL: 'wss://lk.example.vn' })).toThrow(/LIVEKIT_API_KEY/);
    expect(() => loadConfig({ LIVEKIT_URL: 'wss://lk.example.vn', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'short' })).toThrow(/32/);
  });
});

describe('several instances', () => {
  it('runs as one instance with no Redis and files under the data folder unless told', () => {
    const c = loadConfig({});
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.S3_BUCKET).toBeUndefined();
    expect(c.TRUST_PROXY).toBe('loopback');
  });

  it('takes a redis:// address only, and an S3 bucket only with its keys', () => {
    expect(loadConfig({ REDIS_URL: 'redis://redis:6379' }).REDIS_URL).toBe('redis://redis:6379');
    expect(() => loadConfig({ REDIS_URL: 'http://redis:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ S3_BUCKET: 'tiepdan-files' })).toThrow(/S3_ACCESS_KEY_ID/);
    expect(() => loadConfig({ S3_BUCKET: 'Tiep Dan', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' })).toThrow(/S3_BUCKET/);
    expect(loadConfig({ S3_BUCKET: 'tiepdan-files', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_ENDPOINT: 'http://s3.internal:7070' })).toMatchObject({ S3_BUCKET: 'tiepdan-files', S3_REGION: 'us-east-1' });
  });
});

describe('the LiveKit server we start', () => {
  const cfg = liveKitConfig(
    { binary: 'x', dataDir: '/tmp', port: 7880, udpPort: 7882, nodeIp: '10.77.0.1', bindAddress: '127.0.0.1', webhookUrl: 'http://127.0.0.1:8080/api/livekit/webhook', log: () => {} },
    { apiKey: 'APIk', apiSecret: 's'.repeat(40) },
  ) as { rtc: Record<string, unknown>; webhook: Record<string, unknown> };

  it('joins other nodes through Redis only when told', () => {
    expect((cfg as Record<string, unknown>).redis).toBeUndefined();
    const clustered = liveKitConfig(
      { binary: 'x', dataDir: '/tmp', port: 7880, udpPort: 7882, nodeIp: '10.77.0.1', bindAddress: '127.0.0.1', webhookUrl: 'http://127.0.0.1:8080/api/livekit/webhook', redisAddress: '127.0.0.1:6379', log: () => {} },
      { apiKey: 'APIk', apiSecret: 's'.repeat(40) },
    ) as { redis?: { address: string } };
    expect(clustered.redis).toEqual({ address: '127.0.0.1:6379' });
  });

  it('never discovers an external IP or hands out public STUN servers', () => {
    expect(cfg.rtc.use_external_ip).toBe(false);
    expect(cfg.rtc.stun_servers).toEqual(['127.0.0.1:3478']);
    expect(cfg.rtc.node_ip).toBe('10.77.0.1');
    expect(cfg.rtc.ips).toEqual({ includes: ['10.77.0.1/32'] });
  });

  it('signs its webhooks with our key and sends them to our server', () => {
    expect(cfg.webhook).toEqual({ api_key: 'APIk', urls: ['http://127.0.0.1:8080/api/livekit/webhook'] });
  });
});
