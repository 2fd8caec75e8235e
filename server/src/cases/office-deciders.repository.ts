// Telling the host office's deciders (extensions, reopenings, transfers, the morning digest): a notification
// each and, when SMTP is set and they gave an address, an e-mail, written in the caller's transaction so a
// request is never recorded without its notice.
import type { NotificationKind, NotificationView } from '../../../protocol/index.ts';
import { CASE_DECIDERS } from '../access/case-sight.ts';
import type { Prisma } from '../db/client.ts';
import type { MailComposer } from '../mail/mail-words.ts';
import { queueMail } from '../mail/outbox.repository.ts';

export interface DecidersNotice {
  kind: NotificationKind;
  params: NotificationView['params'];
  caseId: string | null;
  caseNumber: string | null;
}

/** Notifies every active decider of the host office; returns each one's unread count for the bell. */
export async function tellOfficeDeciders(tx: Prisma.TransactionClient, at: Date, notice: DecidersNotice, compose: MailComposer | undefined): Promise<Record<string, number>> {
  const deciders = await tx.account.findMany({ where: { active: true, role: { in: [...CASE_DECIDERS] }, site: { kind: 'HOST_OFFICE' } }, select: { id: true, email: true } });
  await tx.notification.createMany({ data: deciders.map((a) => ({ accountId: a.id, kind: notice.kind, caseId: notice.caseId, params: notice.params as unknown as Prisma.InputJsonValue })) });
  const mail = compose?.(notice.kind, notice.params, notice.caseNumber);
  if (mail) await queueMail(tx, at, deciders.flatMap((a) => (a.email ? [{ ...mail, to: a.email }] : [])));
  const unread: Record<string, number> = {};
  for (const a of deciders) unread[a.id] = await tx.notification.count({ where: { accountId: a.id, readAt: null } });
  return unread;
}
