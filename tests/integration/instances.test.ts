// Several hub instances behind one load balancer, on one PostgreSQL and one Redis, as a city runs them
// (tests/support/cluster.ts: two hub processes, HAProxy with deploy/haproxy.cfg, Debian's redis-server, a
// LiveKit node on Redis). The office is set up through the product (SEED_DEMO=false, the first
// administrator, real accounts). What must hold: a change made through either instance reaches every
// socket whatever instance holds it; Redis restarting loses nothing a client cannot catch up by version;
// an instance killed in the middle of a turn costs no state and no acknowledged keystroke.
import { Room, RoomEvent, dispose } from '@livekit/rtc-node';
import { RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath, signIn } from '../support/browser.ts';
import { entryTextKey, sessionTextKey, type ConnectionDetails, type HealthReport, type LiveState } from '../../protocol/index.ts';
import { CLUSTER_PORTS, startCluster, type Cluster } from '../support/cluster.ts';
import { joinRoom } from '../support/rtc.ts';
import { LiveClient } from '../support/live.ts';
import { MinutesClient } from '../support/minutes.ts';
import { ApiClient } from '../support/api.ts';
import { addPerson, OFFICE_PASSWORD, setUpOffice, type Office } from '../support/office.ts';
import { SCANS } from '../support/scans.ts';
import { connectSocket, connected, waitFor } from '../support/socket.ts';

let cluster: Cluster;
let office: Office;
const open: { close(): void }[] = [];

beforeAll(async () => {
  cluster = await startCluster('instances');
  office = await setUpOffice(cluster.url, 'lb');
}, 180_000);

afterAll(async () => {
  for (const c of open) c.close();
  await cluster?.stop();
  await dispose();
});

const follow = async (who: keyof Office['people'], baseUrl: string, reconnect = false): Promise<LiveClient> => {
  const c = await LiveClient.open(office.people[who], office.sessionId, baseUrl, OFFICE_PASSWORD, reconnect);
  open.push(c);
  return c;
};
const minutesOf = async (who: keyof Office['people'], baseUrl: string): Promise<MinutesClient> => {
  const c = await MinutesClient.open(office.people[who], office.sessionId, 'open', { baseUrl, password: OFFICE_PASSWORD });
  open.push(c);
  return c;
};
/** What every audience sees alike (a bridge point reads other sites' citizens by initials): version, floor, queue order and turns. */
const queueOf = (s: LiveState | undefined) => s && { version: s.version, status: s.status, floor: s.floor, entries: s.entries.map((e) => ({ id: e.id, status: e.status, startedAt: e.startedAt, allotted: e.allottedSeconds, extra: e.extraSeconds, paused: e.pausedMs, priority: e.priority })) };
const sameState = (a: LiveState | undefined, b: LiveState | undefined): boolean => !!a && !!b && JSON.stringify(queueOf(a)) === JSON.stringify(queueOf(b));

describe('two hub instances on Redis', () => {
  it('a change made through one instance reaches the sockets the other holds: patches, minutes text, cursors, and a sign-out', async () => {
    const [a, b] = cluster.instances;
    const chair = await follow('chair', a.url);
    const moderator = await follow('moderator', a.url);
    const operator = await follow('operator', b.url);
    await chair.must({ type: 'session.open' });
    await chair.must({ type: 'session.start' });
    await waitFor('the bridge point, held by the other instance, sees the session live', () => operator.state?.status === 'LIVE');

    // The bridge point registers its citizen and asks for the floor through instance b; the host office on a sees it.
    const reg = await operator.must({ type: 'entry.register', entry: { siteId: office.bridgeSiteId, citizenName: 'Nguyễn Văn Bình', petitionType: 'COMPLAINT', field: 'LAND', subject: 'Cấp giấy chứng nhận quyền sử dụng đất' } });
    await waitFor('the moderator on instance a sees the registration made on b', () => moderator.state?.entries.some((e) => e.id === reg.entryId && e.citizenName === 'Nguyễn Văn Bình'));
    await moderator.must({ type: 'floor.give', entryId: reg.entryId! });
    await waitFor('the bridge point on b has the floor given on a', () => operator.state?.floor?.entryId === reg.entryId);
    expect(sameState(moderator.state, operator.state)).toBe(true);

    // Two secretaries, one on each instance, write the same minutes: each sees the other's words and cursor.
    const writer = await minutesOf('secretary1', a.url);
    const reader = await minutesOf('secretary2', b.url);
    writer.text(entryTextKey(reg.entryId!, 'statement')).insert(0, 'Công dân trình bày việc chậm cấp giấy chứng nhận.');
    await waitFor('the secretary on b reads what was typed on a', () => reader.text(entryTextKey(reg.entryId!, 'statement')).toString() === 'Công dân trình bày việc chậm cấp giấy chứng nhận.');
    reader.text(sessionTextKey('opening')).insert(0, 'Khai mạc phiên tiếp công dân.');
    await waitFor('the secretary on a reads what was typed on b', () => writer.text(sessionTextKey('opening')).toString() === 'Khai mạc phiên tiếp công dân.');
    const cursors: Uint8Array[] = [];
    writer.socket.on('minutes:awareness', (m) => cursors.push(new Uint8Array(m.update)));
    const cursor = Y.encodeStateVector(reader.doc);
    await waitFor('a cursor sent on b reaches the writer on a', () => {
      reader.socket.emit('minutes:awareness', { sessionId: office.sessionId, part: 'open', update: cursor });
      return cursors.some((c) => Buffer.from(c).equals(Buffer.from(cursor)));
    });

    // Signing out on one instance closes the person's sockets on the other at once.
    const chairApi = await LiveClient.open(office.people.chair, office.sessionId, b.url, OFFICE_PASSWORD);
    const onA = connectSocket(a.url, chairApi.api.cookie);
    await connected(onA);
    const told = new Promise<void>((resolve) => onA.once('auth:signed-out', () => resolve()));
    const closed = new Promise<void>((resolve) => onA.once('disconnect', () => resolve()));
    expect((await chairApi.api.request('POST', '/api/auth/sign-out', {})).status).toBeLessThan(300);
    await Promise.all([told, closed]);
    chairApi.close();
  });

  it('one account’s rate limit is one budget across the instances: sockets opened on both get no more than on one', async () => {
    const [a, b] = cluster.instances;
    const { username } = await addPerson(office.admin, cluster.url, { username: 'giamsat.lb', fullName: 'Giám Sát Viên', role: 'OBSERVER', siteId: office.hostSiteId });
    const api = new ApiClient(a.url);
    await api.signIn(username, OFFICE_PASSWORD);
    // Four sockets on each instance: their own limits (20 at once each) leave the account's (40 at once) to bind.
    const sockets = [...Array.from({ length: 4 }, () => connectSocket(a.url, api.cookie)), ...Array.from({ length: 4 }, () => connectSocket(b.url, api.cookie))];
    await Promise.all(sockets.map(connected));
    const started = Date.now();
    const answers = await Promise.all(sockets.flatMap((s) => Array.from({ length: 25 }, () => s.emitWithAck('live:command', { sessionId: office.sessionId, command: { type: 'session.pause' } }))));
    const seconds = (Date.now() - started) / 1000;
    for (const s of sockets) s.disconnect();
    const admitted = answers.filter((r) => !r.ok && r.error.code !== 'TOO_MANY_ATTEMPTS');
    // Admitted, then refused as an observer's: nothing paused. Refused as too fast: told when to try again.
    expect(admitted.every((r) => !r.ok && r.error.code === 'FORBIDDEN')).toBe(true);
    expect(admitted.length).toBeGreaterThanOrEqual(40);
    // The burst of 40 and the refill of 20 a second over the flood, whatever instance took each intent.
    expect(admitted.length).toBeLessThanOrEqual(40 + Math.ceil(20 * seconds) + 2);
  });

  it('a scan taken in through one instance is downloaded through the other: files live on S3, not in an instance’s folder', async () => {
    const [a, b] = cluster.instances;
    const operator = await LiveClient.open(office.people.operator, office.sessionId, a.url, OFFICE_PASSWORD);
    open.push(operator);
    const form = new FormData();
    form.append('intake', JSON.stringify({ siteId: office.bridgeSiteId, fullName: 'Đỗ Thị Mai', idNumber: '001190012345', phone: '0913 456 789', birthYear: 1990, province: 'Hà Nội', content: 'Đề nghị cấp giấy chứng nhận quyền sử dụng đất', petitionType: 'RECOMMENDATION', field: 'LAND_CERTIFICATE', competent: true }));
    form.append('files', new Blob([new Uint8Array(SCANS.pdf)], { type: 'application/pdf' }), 'Bản chụp đơn.pdf');
    const taken = await operator.api.requestForm('POST', '/api/intakes', form);
    expect(taken.status).toBe(201);
    const { id, attachments } = taken.body as { id: string; attachments: { id: string }[] };
    const onB = await LiveClient.open(office.people.operator, office.sessionId, b.url, OFFICE_PASSWORD);
    onB.close();
    const download = await onB.api.download(`/api/intakes/${id}/attachments/${attachments[0]!.id}`);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(SCANS.pdf)).toBe(true);
  });

  it('restarting Redis: each instance carries on, broadcasts resume without a hub restart, and a client that missed patches catches up by version', async () => {
    const [a, b] = cluster.instances;
    const moderator = await follow('moderator', a.url);
    const operator = await follow('operator', b.url);
    await cluster.redis.restart();
    // While Redis is away, a change committed through a: its broadcast may never reach b.
    const during = await moderator.must({ type: 'entry.register', entry: { siteId: office.bridgeSiteId, citizenName: 'Trần Thị Hoa', petitionType: 'RECOMMENDATION', field: 'ENVIRONMENT' } });
    await waitFor(
      'both instances report Redis up again',
      async () => {
        const reports = await Promise.all([a, b].map(async (i) => (await (await fetch(`${i.url}/api/health`)).json()) as HealthReport));
        return reports.every((r) => r.parts.realtime?.up === true);
      },
      30_000,
    );
    const after = await moderator.must({ type: 'entry.priority', entryId: during.entryId!, priority: 'ELDERLY' });
    await waitFor('the bridge point on b holds the newest version, the change made during the outage included', () => operator.state?.version === after.version && operator.state.entries.some((e) => e.id === during.entryId && e.priority === 'ELDERLY'), 20_000);
    // Received by broadcast, not only by asking: Redis carries the instances' emits again.
    expect(operator.patches.some((p) => p.version === after.version)).toBe(true);
    expect(sameState(moderator.state, operator.state)).toBe(true);
    expect(a.output() + b.output()).toMatch(/Redis at .* is back/);
  });

  it('stopping the LiveKit node that holds the room: the turn pauses on the bridge’s word, the bridge gets back in through the balancer, the room comes back on the other node, and the floor and the clock hold there', async () => {
    const moderator = await follow('moderator', cluster.url);
    const bridge = await follow('operator', cluster.url);
    const speaking = moderator.state!.entries.find((e) => e.status === 'SPEAKING' && e.siteId === office.bridgeSiteId)!;
    expect(speaking, 'the bridge has the floor since the first test').toBeTruthy();
    const lb = new RoomServiceClient(`http://127.0.0.1:${CLUSTER_PORTS.livekitBalancer}`, cluster.livekitKeys.apiKey, cluster.livekitKeys.apiSecret);
    const rooms: Room[] = [];
    // As the bridge's page does: a fresh connection from the hub, then LiveKit through the balancer.
    const join = async (): Promise<{ room: Room; details: ConnectionDetails }> => {
      const res = await bridge.api.request('POST', `/api/sessions/${office.sessionId}/connection`, {});
      if (res.status !== 200) throw new Error(`no connection: ${res.status}`);
      const room = await joinRoom(res.body as ConnectionDetails);
      rooms.push(room);
      return { room, details: res.body as ConnectionDetails };
    };
    try {
      // After the Redis restart of the test before, the nodes register again within LiveKit's stats interval.
      const first = await waitFor('LiveKit accepts the bridge', async () => (await join().catch(() => null)) ?? undefined, 30_000);
      const { roomName, identity } = first.details;
      const mayPublishVoice = async (): Promise<boolean> => {
        try {
          return !!(await lb.getParticipant(roomName, identity)).permission?.canPublishSources.includes(TrackSource.MICROPHONE);
        } catch {
          return false;
        }
      };
      await waitFor('the bridge with the floor may speak', mayPublishVoice);
      const holder = (await waitFor('a node holds the room', () => {
        const n = cluster.nodeHolding(roomName);
        return n === null ? undefined : { n };
      })).n;
      // As the bridge operator's page does (web/src/room/media-report.ts): it says its media dropped, since
      // LiveKit will not (a dead node sends no webhook), then gets a fresh connection through the balancer
      // and says it is back.
      const turnOf = (c: LiveClient) => c.state?.entries.find((e) => e.id === speaking.id);
      // (A second word on the same occasion is refused as "no turn affected", as the page's would be.)
      const say = (connected: boolean) => void bridge.send({ type: 'site.media', connected });
      const rejoinWhenDropped = (room: Room): void => {
        room.on(RoomEvent.Reconnecting, () => say(false));
        room.on(RoomEvent.Reconnected, () => say(true));
        room.once(RoomEvent.Disconnected, () => {
          say(false);
          void waitFor('the bridge rejoins through the balancer', async () => (await join().catch(() => null)) ?? undefined, 30_000).then(({ room: again }) => {
            rejoinWhenDropped(again);
            say(true);
          });
        });
      };
      rejoinWhenDropped(first.room);

      const stoppedAt = Date.now();
      // A node that dies (SIGKILL): no drain, no webhook.
      await cluster.livekit[holder]!.stop('SIGKILL');
      // The citizen's clock stops while the bridge is away: the host office sees why. How soon depends on
      // where the bridge's signalling ran: on the dead node it is cut at once; relayed by the other node,
      // LiveKit notices the dead node about 12 s later. A short pause may be over before a look at the
      // state, so the moderator's received patches are what is asked.
      const pausedForDrop = () => moderator.patches.some((p) => p.entries.some((e) => e.id === speaking.id && e.pauseReason === 'SITE_DISCONNECTED'));
      await waitFor('the turn paused for the lost connection', pausedForDrop, 45_000);
      const pausedAfter = Date.now() - stoppedAt;
      await waitFor('the room is on the other node, with the bridge in it', async () => cluster.nodeHolding(roomName) === 1 - holder && (await lb.listParticipants(roomName).catch(() => [])).some((p) => p.identity === identity), 30_000);
      await waitFor('the floor holds on the new node: the bridge may speak', mayPublishVoice, 20_000);
      await waitFor('the turn is running', () => turnOf(moderator)?.status === 'SPEAKING', 20_000);
      expect(turnOf(moderator)!.pausedMs, 'the time away is not counted against the citizen').toBeGreaterThan(0);
      console.log(`[instances] LiveKit node holding the room stopped → the turn paused in ${(pausedAfter / 1000).toFixed(2)} s; the bridge speaking again on the other node in ${((Date.now() - stoppedAt) / 1000).toFixed(2)} s`);
    } finally {
      // The bridge stays in the room until the end, so the turn keeps running for the tests after this one.
      for (const r of rooms) open.push({ close: () => void r.disconnect().catch(() => {}) });
    }
  }, 150_000);

  it('SIGKILL of an instance during a running turn and two secretaries typing: every client reconnects through the load balancer to the other, with the same queue, floor and time, and every acknowledged keystroke kept', async () => {
    const [a, b] = cluster.instances;
    // Everyone through the load balancer, which spreads them over both instances (least connections).
    const clients = [await follow('moderator', cluster.url, true), await follow('operator', cluster.url, true), await follow('chair', cluster.url, true), await follow('secretary1', cluster.url, true)];
    // The turn given in the first test, running (a site that dropped meanwhile paused it: it runs again).
    const floorEntry = () => clients[0]!.state!.entries.find((e) => e.id === clients[0]!.state!.floor?.entryId);
    if (floorEntry()?.status === 'PAUSED') await clients[0]!.must({ type: 'turn.resume' });
    await waitFor('the turn is running', () => floorEntry()?.status === 'SPEAKING');
    const speaking = floorEntry()!;
    const writers = [await minutesOf('secretary1', cluster.url), await minutesOf('secretary2', cluster.url)];
    const acknowledged: string[][] = [[], []];
    let typing = true;
    const type = async (i: number): Promise<void> => {
      const w = writers[i]!;
      const key = entryTextKey(speaking!.id, i === 0 ? 'statement' : 'answers');
      for (let n = 0; typing; n++) {
        const word = ` t${i}-${n}`;
        const doc = new Y.Doc();
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(w.doc));
        doc.getText(key).insert(doc.getText(key).length, word);
        const update = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(w.doc));
        Y.applyUpdate(w.doc, update, 'server');
        const r = await w.socket
          .timeout(3000)
          .emitWithAck('minutes:update', { sessionId: office.sessionId, part: 'open', update })
          .catch(() => null);
        if (r?.ok) acknowledged[i]!.push(word);
        else if (!w.socket.connected) return; // its instance died: what was not acknowledged was never promised
      }
    };
    const typists = [type(0), type(1)];
    await waitFor('both secretaries have keystrokes stored', () => acknowledged.every((k) => k.length >= 5));

    const before = clients.map((c) => structuredClone(c.state));
    const dropped = clients.map(() => false);
    clients.forEach((c, i) => c.socket.once('disconnect', () => (dropped[i] = true)));
    const killedAt = Date.now();
    await a.stop('SIGKILL');
    await waitFor('the clients held by the instance that died lose their connection', () => dropped.some(Boolean));
    typing = false;
    await Promise.all(typists);

    // Every client is back, caught up, and sees exactly what it saw before the crash.
    await waitFor('every client reconnected through the load balancer and caught up', () => clients.every((c, i) => c.socket.connected && JSON.stringify(c.state) === JSON.stringify(before[i]) && (!dropped[i] || c.caughtUpAt >= killedAt)), 30_000);
    const turn = clients[1]!.state!.entries.find((e) => e.id === speaking!.id)!;
    expect(turn.status).toBe('SPEAKING');
    expect(clients[1]!.state!.floor).toEqual(before[1]!.floor);
    expect({ startedAt: turn.startedAt, allotted: turn.allottedSeconds, extra: turn.extraSeconds, paused: turn.pausedMs }).toEqual({
      startedAt: speaking!.startedAt,
      allotted: speaking!.allottedSeconds,
      extra: speaking!.extraSeconds,
      paused: speaking!.pausedMs,
    });
    console.log(`[instances] SIGKILL of instance a → every client live again in ${((Math.max(...clients.map((c) => c.caughtUpAt)) - killedAt) / 1000).toFixed(2)} s`);

    // The surviving instance serves the minutes as stored: every acknowledged keystroke is there.
    const check = await minutesOf('secretary2', cluster.url);
    const statement = check.text(entryTextKey(speaking!.id, 'statement')).toString();
    const answers = check.text(entryTextKey(speaking!.id, 'answers')).toString();
    for (const w of acknowledged[0]!) expect(statement).toContain(w);
    for (const w of acknowledged[1]!) expect(answers).toContain(w);
    expect(b.running).toBe(true);

    // The instance comes back and takes its share again.
    await a.start();
    const late = await follow('operator', a.url);
    expect(sameState(late.state, clients[0]!.state)).toBe(true);
  });

  it('in Chromium through the balancer: the moderator’s page, pinned to an instance by its cookie, shows the live queue again after that instance is killed', async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
      const page = await context.newPage();
      await signIn(page, cluster.url, office.people.moderator, OFFICE_PASSWORD);
      await page.goto(`${cluster.url}/#/sessions/${office.sessionId}`);
      const sync = page.locator('[data-testid="live-sync"]');
      await expect.poll(() => sync.getAttribute('data-state'), { timeout: 30_000 }).toBe('synced');
      const entries = page.locator('[data-testid="queue-entry"]');
      await expect.poll(() => entries.count(), { timeout: 20_000 }).toBeGreaterThan(0);
      const before = await entries.allInnerTexts();
      // The balancer's cookie says which instance holds this page (long-polling first, then the upgrade).
      const pinned = (await context.cookies()).find((c) => c.name === 'TDH_INSTANCE')?.value;
      const instance = cluster.instances.find((i) => i.name === pinned);
      expect(instance, `the page is pinned to an instance (cookie ${pinned})`).toBeTruthy();
      const killedAt = Date.now();
      await instance!.stop('SIGKILL');
      // Back on the other instance (the balancer pinned the page to it), synced, showing the same queue.
      await expect.poll(async () => (await context.cookies()).find((c) => c.name === 'TDH_INSTANCE')?.value, { timeout: 30_000 }).toBe(pinned === 'a' ? 'b' : 'a');
      await expect.poll(() => sync.getAttribute('data-state'), { timeout: 30_000 }).toBe('synced');
      const liveAgainMs = Date.now() - killedAt;
      expect(await entries.allInnerTexts()).toEqual(before);
      await page.screenshot({ path: screenshotPath('instances-after-failover-1366') });
      console.log(`[instances] Chromium: SIGKILL of the instance holding the page → the live queue shown again in ${(liveAgainMs / 1000).toFixed(2)} s`);
      await instance!.start();
    } finally {
      await browser.close();
    }
  }, 120_000);
});
