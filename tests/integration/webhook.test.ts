import { createHash } from 'node:crypto';
import { AccessToken, WebhookEvent, ParticipantInfo, Room } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Ack, PresenceSnapshot } from '../../protocol/index.ts';
import { signedIn } from '../support/api.ts';
import { connectSocket, connected, waitFor } from '../support/socket.ts';

async function signedDelivery(body: string, secret = inject('livekit').apiSecret): Promise<string> {
  const at = new AccessToken(inject('livekit').apiKey, secret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

function event(kind: string, roomName: string, identity: string, id: string, createdAt = Math.floor(Date.now() / 1000)): string {
  const e = new WebhookEvent({
    id,
    createdAt: BigInt(createdAt),
    room: new Room({ name: roomName }),
    participant: new ParticipantInfo({ identity, name: 'x' }),
  });
  // Assigned after construction: the generated constructor drops a field named `event`.
  (e as { event: string }).event = kind;
  return e.toJsonString();
}

async function post(body: string, auth?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${inject('baseUrl')}/api/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', ...(auth ? { authorization: auth } : {}) },
    body,
  });
  return { status: res.status, body: await res.json() };
}

describe('LiveKit webhooks', () => {
  it('marks a bridge point present from a signed participant_joined, shows it live, and refuses a replay', async () => {
    const host = await signedIn('dieuphoi');
    const sessionId = (await host.request('GET', '/api/sessions')).body[0].id as string;
    const token = await signedIn('diemcau.caugiay');
    const roomName = (await token.request('POST', `/api/sessions/${sessionId}/connection`, {})).body.roomName as string;

    const socket = connectSocket(inject('baseUrl'), host.cookie);
    await connected(socket);
    const snapshots: PresenceSnapshot[] = [];
    socket.on('presence:snapshot', (s) => snapshots.push(s));
    const first = (await socket.emitWithAck('session:watch', { sessionId })) as Ack<PresenceSnapshot>;
    expect(first.ok).toBe(true);

    const body = event('participant_joined', roomName, 'diemcau.caugiay@CAU-GIAY', `EV_test_join_${Date.now()}`);
    const ok = await post(body, await signedDelivery(body));
    expect(ok.status).toBe(200);
    const live = await waitFor('presence snapshot with Cầu Giấy connected', () =>
      snapshots.find((s) => s.sites.find((x) => x.site.code === 'CAU-GIAY')?.connected),
    );
    expect(live.version).toBeGreaterThan(first.ok ? first.data.version : 0);

    const replay = await post(body, await signedDelivery(body));
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('CONFLICT');

    const leave = event('participant_left', roomName, 'diemcau.caugiay@CAU-GIAY', `EV_test_left_${Date.now()}`);
    expect((await post(leave, await signedDelivery(leave))).status).toBe(200);
    await waitFor('Cầu Giấy shown as left', () => snapshots.find((s) => s.sites.find((x) => x.site.code === 'CAU-GIAY' && !x.connected && x.since)));
    socket.disconnect();
  });

  it('rejects a delivery without a signature, with a forged one, or signed for another body, and changes nothing', async () => {
    const host = await signedIn('dieuphoi');
    const sessionId = (await host.request('GET', '/api/sessions')).body[0].id as string;
    const before = (await host.request('GET', `/api/sessions/${sessionId}/presence`)).body as PresenceSnapshot;
    const body = event('participant_joined', 'any-room', 'diemcau.socson@SOC-SON', `EV_forged_${Date.now()}`);

    expect((await post(body)).status).toBe(401);
    const forged = await post(body, await signedDelivery(body, 'a-secret-that-is-not-ours-but-long-enough-123'));
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('WEBHOOK_REJECTED');
    const other = await post(body, await signedDelivery(body.replace('SOC-SON', 'BA-DINH')));
    expect(other.status).toBe(401);

    const after = (await host.request('GET', `/api/sessions/${sessionId}/presence`)).body as PresenceSnapshot;
    expect(after.version).toBe(before.version);
  });

  it('refuses a correctly signed but stale event as a replay', async () => {
    const body = event('participant_joined', 'any-room', 'diemcau.socson@SOC-SON', `EV_old_${Date.now()}`, Math.floor(Date.now() / 1000) - 3600);
    const res = await post(body, await signedDelivery(body));
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/quá cũ/);
  });
});
