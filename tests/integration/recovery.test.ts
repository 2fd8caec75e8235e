// The hub gets back on its feet by itself: after its start command is killed, after a first start that
// failed half way, after its LiveKit is killed, and it stops every child it started on SIGTERM. Each test
// runs a whole hub of its own (`scripts/start.ts`, embedded PostgreSQL and LiveKit) in a fresh folder.
import net from 'node:net';
import { dispose, type Room } from '@livekit/rtc-node';
import { RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ConnectionDetails, HealthReport, SessionSummary } from '../../protocol/index.ts';
import { isAlive, readPid } from '../../server/src/lifecycle/processes.ts';
import { startEmbeddedPostgres } from '../../server/src/db/embedded-postgres.ts';
import { signedIn, type ApiClient } from '../support/api.ts';
import { LiveClient } from '../support/live.ts';
import { OwnHub } from '../support/own-hub.ts';
import { joinRoom } from '../support/rtc.ts';
import { connectSocket, connected, waitFor, type TestSocket } from '../support/socket.ts';

const hubs: OwnHub[] = [];
function freshHub(): OwnHub {
  const hub = OwnHub.inFreshFolder();
  hubs.push(hub);
  return hub;
}
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.dispose();
});
afterAll(async () => {
  await dispose();
});

async function health(hub: OwnHub): Promise<{ status: number; body: HealthReport | null }> {
  try {
    const res = await fetch(`${hub.baseUrl}/api/health`);
    return { status: res.status, body: (await res.json()) as HealthReport };
  } catch {
    return { status: 0, body: null };
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

describe('starting again after a crash', () => {
  it('starts again by itself after its start command was killed, stopping the PostgreSQL and LiveKit it left behind', async () => {
    const hub = freshHub();
    await hub.start();
    const pgPid = hub.postgresPid()!;
    const lkPid = hub.livekitPid()!;
    hub.kill('SIGKILL');
    await hub.exited();
    // The crash really leaves both children running: this is what the next start must deal with.
    expect(isAlive(pgPid), 'PostgreSQL left running').toBe(true);
    expect(isAlive(lkPid), 'LiveKit left running').toBe(true);

    const restartMs = await hub.start();
    console.log(`[recovery] start after SIGKILL of npm start: healthy in ${seconds(restartMs)}`);
    expect(isAlive(pgPid)).toBe(false);
    expect(isAlive(lkPid)).toBe(false);
    expect(hub.postgresPid()).not.toBe(pgPid);
    expect(hub.output()).toMatch(/PostgreSQL \(PID \d+\) was still running/);
    expect(hub.output()).toMatch(/LiveKit \(PID \d+\) was still running/);
    const chair = await signedIn('chutri', hub.baseUrl);
    expect((await chair.request('GET', '/api/sessions')).status).toBe(200);
  });

  it('creates the database a failed first start did not, and keeps PostgreSQL’s socket in its own data folder', async () => {
    const hub = freshHub();
    // A cluster without the hub's database, as a first start that failed after initdb leaves it.
    const db = await startEmbeddedPostgres(hub.dataDir, hub.ports.postgres, () => {});
    const admin = new pg.Client({ connectionString: db.url.replace(/\/tiepdan$/, '/postgres') });
    await admin.connect();
    await admin.query('DROP DATABASE tiepdan');
    await admin.end();
    await db.stop();

    await hub.start();
    expect(hub.output()).toMatch(/Creating the database "tiepdan"/);
    const me = await signedIn('dieuphoi', hub.baseUrl);
    expect((await me.request('GET', '/api/sessions')).body.length).toBeGreaterThan(0);
    // Not in the system's shared temporary folder, where two hubs on one machine would collide.
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(`${hub.dataDir}/postgres-run`)).toContain(`.s.PGSQL.${hub.ports.postgres}`);
    expect(readdirSync('/tmp')).not.toContain(`.s.PGSQL.${hub.ports.postgres}`);
  });

  it('says what failed, with PostgreSQL’s own words and where its full log is, when it cannot start', async () => {
    const hub = freshHub();
    const squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(hub.ports.postgres, '127.0.0.1', r));
    try {
      expect(await hub.startAndFail()).toBe(1);
    } finally {
      squatter.close();
    }
    const out = hub.output();
    expect(out).toMatch(/could not start: PostgreSQL stopped while starting/);
    expect(out).toMatch(/Address already in use/);
    expect(out).toContain(`Full log: ${hub.dataDir}/postgres.log`);
    expect(out).not.toContain('undefined');
  });
});

describe('a LiveKit that dies', () => {
  it('is restarted, health says so meanwhile, and the speaking turn pauses and resumes', async () => {
    const hub = freshHub();
    await hub.start();
    const chair = await signedIn('chutri', hub.baseUrl);
    const sessionId = ((await chair.request('GET', '/api/sessions')).body as SessionSummary[])[0]!.id;
    const chairLive = await LiveClient.open('chutri', sessionId, hub.baseUrl);
    const bridge = await LiveClient.open('diemcau.badinh', sessionId, hub.baseUrl);
    const rooms: Room[] = [];
    const enter = async (c: ApiClient): Promise<Room> => {
      const res = await c.request('POST', `/api/sessions/${sessionId}/connection`, {});
      expect(res.status).toBe(200);
      const room = await joinRoom(res.body as ConnectionDetails);
      rooms.push(room);
      return room;
    };
    try {
      await chairLive.must({ type: 'session.open' });
      await chairLive.must({ type: 'session.start' });
      const baDinh = (await bridge.api.request('GET', '/api/auth/me')).body.site.id as string;
      await enter(bridge.api);
      const reg = await bridge.must({ type: 'entry.register', entry: { siteId: baDinh, citizenName: 'Lê Văn Sáu', petitionType: 'RECOMMENDATION', field: 'ENVIRONMENT' } });
      await chairLive.must({ type: 'floor.give', entryId: reg.entryId! });
      const entry = () => chairLive.state!.entries.find((e) => e.id === reg.entryId);
      expect(entry()?.status).toBe('SPEAKING');

      const killedAt = Date.now();
      process.kill(hub.livekitPid()!, 'SIGKILL');
      const down = await waitFor('health reports the media server down', async () => {
        const h = await health(hub);
        return h.status === 503 && h.body?.parts.mediaServer.up === false ? h : false;
      });
      expect(down.body!.parts.database.up).toBe(true);
      await waitFor('the speaking turn paused for the lost site', () => entry()?.status === 'PAUSED' && entry()?.pauseReason === 'SITE_DISCONNECTED', 20_000);

      const back = await waitFor('health is back to 200', async () => ((await health(hub)).status === 200 ? Date.now() : false), 30_000);
      console.log(`[recovery] LiveKit SIGKILL → answering again in ${seconds(back - killedAt)}`);
      expect(hub.output()).toMatch(/LiveKit server exited by itself/);

      // The site comes back (as its page does by itself) and its turn resumes, microphone and all.
      for (const r of rooms.splice(0)) await r.disconnect().catch(() => {});
      const lk = await fetch(`${hub.baseUrl}/api/health`).then((r) => r.json() as Promise<HealthReport>);
      expect(lk.ok).toBe(true);
      const again = await enter(bridge.api);
      await waitFor('the turn resumed by itself', () => entry()?.status === 'SPEAKING', 20_000);
      const keys = JSON.parse((await import('node:fs')).readFileSync(`${hub.dataDir}/livekit/keys.json`, 'utf8')) as { apiKey: string; apiSecret: string };
      const service = new RoomServiceClient(`http://127.0.0.1:${hub.ports.livekit}`, keys.apiKey, keys.apiSecret);
      const identity = again.localParticipant!.identity;
      const roomName = again.name!;
      await waitFor('the floor holder may speak again', async () => (await service.getParticipant(roomName, identity)).permission?.canPublishSources.includes(TrackSource.MICROPHONE));
    } finally {
      for (const r of rooms) await r.disconnect().catch(() => {});
      chairLive.close();
      bridge.close();
    }
  });

  it('refuses to hand out a room token while LiveKit is down, with a message a person can act on', async () => {
    const hub = freshHub();
    await hub.start();
    const op = await signedIn('diemcau.hoankiem', hub.baseUrl);
    const sessionId = ((await op.request('GET', '/api/sessions')).body as SessionSummary[])[0]!.id;
    const lkPid = hub.livekitPid()!;
    // Stopped, not killed: the supervisor restarts it after its pause, the refusal is seen meanwhile.
    process.kill(lkPid, 'SIGSTOP');
    try {
      const refused = await waitFor('a refusal while LiveKit does not answer', async () => {
        const res = await op.request('POST', `/api/sessions/${sessionId}/connection`, {});
        return res.status === 503 ? res : false;
      }, 20_000);
      expect(refused.body).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/Máy chủ video tạm thời không hoạt động/) });
    } finally {
      process.kill(lkPid, 'SIGCONT');
    }
    await waitFor('tokens again once it answers', async () => (await op.request('POST', `/api/sessions/${sessionId}/connection`, {})).status === 200, 20_000);
  });
});

describe('stopping', () => {
  it('stops every child it started on SIGTERM, even with 2,000 sockets open, and exits 0', async () => {
    const hub = freshHub();
    await hub.start();
    const pgPid = hub.postgresPid()!;
    const lkPid = hub.livekitPid()!;
    const accounts = await Promise.all(['dieuphoi', 'thuky', 'giamsat', 'diemcau.badinh'].map((u) => signedIn(u, hub.baseUrl)));
    const sockets: TestSocket[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const opened = Array.from({ length: 100 }, (_, i) => connectSocket(hub.baseUrl, accounts[(batch * 100 + i) % accounts.length]!.cookie));
      sockets.push(...opened);
      await Promise.all(opened.map(connected));
    }
    expect(sockets.filter((s) => s.connected)).toHaveLength(2000);

    const started = Date.now();
    hub.kill('SIGTERM');
    const { code, signal } = await hub.exited();
    console.log(`[recovery] SIGTERM with 2,000 sockets: exited ${code} after ${seconds(Date.now() - started)}`);
    for (const s of sockets) s.disconnect();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(isAlive(lkPid), 'LiveKit stopped').toBe(false);
    expect(isAlive(pgPid), 'PostgreSQL stopped').toBe(false);
    expect(readPid(`${hub.dataDir}/hub.pid`)).toBeNull();
    expect(hub.output()).toMatch(/SIGTERM: stopping/);
  });
});
