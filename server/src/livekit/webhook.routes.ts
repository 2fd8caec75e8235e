// LiveKit's webhook receiver. The signature (a JWT over the body's SHA-256, signed with our API secret)
// is verified by livekit-server-sdk; each event id is recorded so a replayed delivery changes nothing.
import express, { Router } from 'express';
import { WebhookReceiver, type TrackInfo } from 'livekit-server-sdk';
import type { WebhookRepository } from './webhook.repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { PresenceService } from '../presence/presence.service.ts';

/** Older deliveries are refused as replays even with a valid signature. */
const MAX_EVENT_AGE_MS = 10 * 60_000;

export function webhookRoutes(
  deliveries: WebhookRepository,
  presence: PresenceService,
  apiKey: string,
  apiSecret: string,
  onTrackPublished: (roomName: string, identity: string, track: TrackInfo) => Promise<void>,
  log: (m: string) => void,
): Router {
  const router = Router();
  const receiver = new WebhookReceiver(apiKey, apiSecret);

  router.post('/', express.text({ type: '*/*', limit: '256kb' }), async (req, res) => {
    const body = typeof req.body === 'string' ? req.body : '';
    let event;
    try {
      event = await receiver.receive(body, req.header('authorization'));
    } catch {
      throw new AppError('WEBHOOK_REJECTED', 'Webhook bị từ chối: chữ ký không hợp lệ hoặc thiếu.');
    }
    const at = new Date(Number(event.createdAt) * 1000);
    if (!event.id || Date.now() - at.getTime() > MAX_EVENT_AGE_MS) {
      throw new AppError('WEBHOOK_REJECTED', 'Webhook bị từ chối: sự kiện quá cũ hoặc thiếu mã sự kiện.');
    }
    if (!(await deliveries.recordOnce(event.id, event.event))) throw new AppError('CONFLICT', 'Sự kiện webhook này đã được xử lý trước đó.');

    const roomName = event.room?.name;
    const identity = event.participant?.identity;
    if (roomName && identity && (event.event === 'participant_joined' || event.event === 'participant_left' || event.event === 'participant_connection_aborted')) {
      await presence.apply({ kind: event.event === 'participant_joined' ? 'joined' : 'left', roomName, identity, at });
    } else if (roomName && event.event === 'room_finished') {
      await presence.roomFinished(roomName, at);
    } else if (roomName && identity && event.track && event.event === 'track_published') {
      // Answered at once; a forbidden track is dealt with meanwhile (LiveKit does not wait for us anyway).
      void onTrackPublished(roomName, identity, event.track).catch((e: unknown) => log(`media guard failed on a published track: ${String(e)}`));
    }
    res.status(200).json({ ok: true });
  });
  return router;
}
