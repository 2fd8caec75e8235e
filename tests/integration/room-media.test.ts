import { dispose, type Room } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { ConnectionDetails, PresenceSnapshot } from '../../protocol/index.ts';
import { signedIn } from '../support/api.ts';
import { joinRoom, publishTone, receivedAudioPeak } from '../support/rtc.ts';
import { connectSocket, connected, waitFor } from '../support/socket.ts';

const rooms: Room[] = [];
afterAll(async () => {
  for (const r of rooms) await r.disconnect().catch(() => {});
  await dispose();
});

async function details(username: string, sessionId: string): Promise<ConnectionDetails> {
  const c = await signedIn(username);
  const res = await c.request('POST', `/api/sessions/${sessionId}/connection`, {});
  expect(res.status).toBe(200);
  return res.body as ConnectionDetails;
}

describe('the session’s video room on the real LiveKit server', () => {
  it('lets the host hear a bridge point, lists both as present from webhooks, and sees the bridge leave', async () => {
    const moderator = await signedIn('dieuphoi');
    const sessionId = (await moderator.request('GET', '/api/sessions')).body[0].id as string;
    const socket = connectSocket(inject('baseUrl'), moderator.cookie);
    await connected(socket);
    let latest: PresenceSnapshot | undefined;
    socket.on('presence:snapshot', (s) => {
      if (!latest || s.version > latest.version) latest = s;
    });
    const watch = await socket.emitWithAck('session:watch', { sessionId });
    if (watch.ok) latest = watch.data;

    const host = await joinRoom(await details('dieuphoi', sessionId));
    rooms.push(host);
    const bridge = await joinRoom(await details('diemcau.socson', sessionId));
    rooms.push(bridge);
    const stopTone = await publishTone(bridge);

    const peak = await receivedAudioPeak(host, 'diemcau.socson@SOC-SON');
    expect(peak).toBeGreaterThan(0.05);
    stopTone();

    const connectedSites = (s?: PresenceSnapshot): string[] => (s?.sites ?? []).filter((x) => x.connected).map((x) => x.site.code);
    await waitFor('host and Sóc Sơn present', () => ['HN-TCD', 'SOC-SON'].every((c) => connectedSites(latest).includes(c)));
    const soc = latest!.sites.find((x) => x.site.code === 'SOC-SON')!;
    expect(soc.participants[0]).toMatchObject({ identity: 'diemcau.socson@SOC-SON', accountName: 'Lý Thị Sơn', role: 'BRIDGE_OPERATOR' });

    await bridge.disconnect();
    await waitFor('Sóc Sơn gone', () => !connectedSites(latest).includes('SOC-SON') && connectedSites(latest).includes('HN-TCD'));
    socket.disconnect();
  });

  it('keeps an observer invisible to the sites and unable to publish', async () => {
    const moderator = await signedIn('dieuphoi');
    const sessionId = (await moderator.request('GET', '/api/sessions')).body[0].id as string;
    const host = await joinRoom(await details('thuky', sessionId));
    rooms.push(host);
    const observer = await joinRoom(await details('giamsat', sessionId));
    rooms.push(observer);
    await new Promise((r) => setTimeout(r, 1000));
    expect([...host.remoteParticipants.values()].map((p) => p.identity)).not.toContain('giamsat@HN-TCD');
    // LiveKit itself holds the observer to subscribe-only and hidden, whatever its client tries.
    const lk = inject('livekit');
    const service = new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret);
    const info = await service.getParticipant(host.name!, 'giamsat@HN-TCD');
    expect(info.permission?.canPublish).toBe(false);
    expect(info.permission?.hidden).toBe(true);
    expect(info.permission?.canPublishData).toBe(false);
    // The observer still sees the host office.
    await waitFor('observer sees the secretary', () => [...observer.remoteParticipants.keys()].includes('thuky@HN-TCD'));
  });
});
