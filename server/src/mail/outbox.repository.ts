// E-mail waiting to go out. Rows are written in the transaction that makes the notification they echo,
// so an e-mail is never promised and lost; the sender claims due rows with SKIP LOCKED (two instances
// never take the same row), sends them, and marks each sent or pushes its next try back.
import type { Db, Prisma } from '../db/client.ts';
import type { MailText } from './mail-words.ts';

export interface QueuedMail extends MailText {
  id: bigint;
  to: string;
  attempts: number;
}

/** Queues e-mails inside the caller's transaction (one per recipient with an address). */
export async function queueMail(tx: Prisma.TransactionClient, at: Date, mails: (MailText & { to: string })[]): Promise<void> {
  if (mails.length === 0) return;
  await tx.outboundEmail.createMany({ data: mails.map((m) => ({ to: m.to, subject: m.subject, text: m.text, createdAt: at, nextTryAt: at })) });
}

export class OutboxRepository {
  constructor(private readonly db: Db) {}

  /**
   * Up to `limit` due e-mails, locked for this transaction, handed to `send`, and each marked by what it
   * returned: sent, or failed with the error and the moment of its next try.
   */
  drain(now: Date, limit: number, send: (mail: QueuedMail) => Promise<{ ok: true } | { ok: false; error: string; retryAt: Date }>): Promise<{ sent: number; failed: number }> {
    return this.db.$transaction(
      async (tx) => {
        const due = await tx.$queryRaw<QueuedMail[]>`
          SELECT id, "to", subject, text, attempts FROM "OutboundEmail"
          WHERE "sentAt" IS NULL AND "nextTryAt" <= ${now}
          ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
        let sent = 0;
        let failed = 0;
        for (const mail of due) {
          const result = await send(mail);
          if (result.ok) {
            await tx.outboundEmail.update({ where: { id: mail.id }, data: { sentAt: now, attempts: mail.attempts + 1, lastError: null } });
            sent++;
          } else {
            await tx.outboundEmail.update({ where: { id: mail.id }, data: { attempts: mail.attempts + 1, lastError: result.error.slice(0, 500), nextTryAt: result.retryAt } });
            failed++;
          }
        }
        return { sent, failed };
      },
      { timeout: 120_000 },
    );
  }

  /** E-mails not sent yet (for the health of the mail path). */
  waiting(): Promise<number> {
    return this.db.outboundEmail.count({ where: { sentAt: null } });
  }
}
