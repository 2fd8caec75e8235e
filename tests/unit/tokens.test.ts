import { decodeJwt } from 'jose';
import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { mintRoomToken, parseIdentity, participantIdentity } from '../../server/src/livekit/tokens.ts';

const creds = { publicUrl: 'ws://127.0.0.1:7880', apiKey: 'APItest', apiSecret: 'a'.repeat(40) };
const bridge = {
  id: 'acc-1',
  username: 'diemcau.badinh',
  fullName: 'Hoàng Văn Ba',
  role: 'BRIDGE_OPERATOR' as const,
  site: { id: 's-1', code: 'BA-DINH', name: 'Điểm cầu phường Ba Đình', kind: 'BRIDGE_POINT' as const },
};

const CAMERA_ONLY = { sources: ['camera' as const], hidden: false, display: false };

describe('LiveKit room tokens', () => {
  it('name the participant after its site and identify it by account and site', async () => {
    const d = await mintRoomToken(creds, 'room-1', bridge, 600, CAMERA_ONLY, new Date(0));
    expect(d.identity).toBe('diemcau.badinh@BA-DINH');
    expect(d.participantName).toBe('Điểm cầu phường Ba Đình');
    expect(d.expiresAt).toBe(new Date(600_000).toISOString());
    const claims = await new TokenVerifier(creds.apiKey, creds.apiSecret).verify(d.token);
    expect(claims.video?.room).toBe('room-1');
    expect(claims.video?.canPublishSources).toEqual(['camera']);
    expect(claims.attributes).toEqual({ accountId: 'acc-1', siteId: 's-1', siteCode: 'BA-DINH', siteKind: 'BRIDGE_POINT', role: 'BRIDGE_OPERATOR', accountName: 'Hoàng Văn Ba' });
  });

  it('forbid data messages and self-edited metadata for every role', async () => {
    for (const role of ['CHAIR', 'BRIDGE_OPERATOR', 'OBSERVER'] as const) {
      const claims = decodeJwt((await mintRoomToken(creds, 'r', { ...bridge, role }, 600, CAMERA_ONLY)).token) as { video: Record<string, unknown> };
      expect(claims.video.canPublishData).toBe(false);
      expect(claims.video.canUpdateOwnMetadata).toBe(false);
    }
  });

  it('last only as long as asked', async () => {
    const claims = decodeJwt((await mintRoomToken(creds, 'r', bridge, 300, CAMERA_ONLY)).token);
    expect(claims.exp! - claims.nbf!).toBe(300);
  });

  it('give a room display its own hidden, subscribe-only identity', async () => {
    const d = await mintRoomToken(creds, 'r', bridge, 600, { sources: [], hidden: true, display: true });
    expect(d.identity).toBe('diemcau.badinh@BA-DINH.tv');
    expect(d.canPublish).toBe(false);
    const claims = decodeJwt(d.token) as { video: Record<string, unknown>; attributes: Record<string, string> };
    expect(claims.video).toMatchObject({ canPublish: false, hidden: true });
    expect(claims.attributes.display).toBe('true');
  });

  it('parse back identities, even when the user name contains dots or @', () => {
    expect(parseIdentity(participantIdentity('diemcau.badinh', 'BA-DINH'))).toEqual({ username: 'diemcau.badinh', siteCode: 'BA-DINH' });
    expect(parseIdentity('a@b@SITE')).toEqual({ username: 'a@b', siteCode: 'SITE' });
    expect(parseIdentity('no-site')).toBeNull();
    expect(parseIdentity('@SITE')).toBeNull();
    expect(parseIdentity('user@')).toBeNull();
  });
});
