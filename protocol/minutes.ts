// The live minutes (biên bản): a Yjs document per session, synchronised over our socket and stored in
// PostgreSQL. Updates are Yjs binary updates; an acknowledgement means the update is stored.
import { z } from 'zod';

/** Largest single update a client may send (a burst of typing is a few hundred bytes). */
export const MAX_MINUTES_UPDATE_BYTES = 256 * 1024;

const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, { message: 'Dữ liệu biên bản không hợp lệ' });

export const MinutesOpenRequest = z.object({ sessionId: z.string().uuid({ message: 'Mã không hợp lệ' }) });
export const MinutesUpdateRequest = z.object({
  sessionId: z.string().uuid({ message: 'Mã không hợp lệ' }),
  update: bytes,
});

export interface MinutesOpened {
  /** The whole document as one Yjs update. */
  update: Uint8Array;
  canEdit: boolean;
}

/** Roles that write the minutes; everyone else who can see the session reads them. */
export const MINUTES_EDITORS = ['SECRETARY', 'CHAIR', 'MODERATOR'] as const;
