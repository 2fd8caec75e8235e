// What an e-mail says of a notification, in Vietnamese with the English beneath. An e-mail leaves the
// hub for mailboxes it does not control, so it says where to look and by when, never the matter itself:
// a case goes by its number only (no summary, no citizen, no denouncer), and the link leads to the hub,
// where sign-in and the access rules decide what is shown.
import type { NotificationKind, NotificationView } from '../../../protocol/index.ts';

export interface MailText {
  subject: string;
  text: string;
}

/** Makes the e-mail of a notification; the repositories that write notifications call it in their transaction. */
export type MailComposer = (kind: NotificationKind, params: NotificationView['params'], caseNumber: string | null) => MailText | null;

const dayVi = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

export function mailComposer(publicUrl: string | undefined): MailComposer {
  const link = (path: string) => (publicUrl ? `${publicUrl.replace(/\/$/, '')}/${path}` : `(${path})`);
  const footer = ['', `Mở Tiếp Dân Hub: ${link('#/cases')}`, '', '— Tiếp Dân Hub (thư tự động, xin đừng trả lời / an automatic message, please do not reply)'];
  return (kind, params, caseNumber) => {
    const number = caseNumber ?? '';
    const deadline = params.deadline ? dayVi(params.deadline) : '';
    switch (kind) {
      case 'CASE_DUE_SOON':
        return { subject: `[Tiếp Dân Hub] Vụ việc ${number} còn 3 ngày làm việc đến hạn (${deadline})`, text: [`Vụ việc ${number} đến hạn giải quyết ngày ${deadline}.`, `Case ${number} is due on ${params.deadline}.`, ...footer].join('\n') };
      case 'CASE_DUE':
        return { subject: `[Tiếp Dân Hub] Vụ việc ${number} đến hạn hôm nay (${deadline})`, text: [`Hôm nay (${deadline}) là hạn giải quyết vụ việc ${number}.`, `Case ${number} is due today.`, ...footer].join('\n') };
      case 'CASE_OVERDUE':
        return { subject: `[Tiếp Dân Hub] Vụ việc ${number} đã quá hạn (hạn ${deadline})`, text: [`Vụ việc ${number} đã quá hạn giải quyết từ ngày ${deadline} mà chưa có kết quả.`, `Case ${number} is overdue since ${params.deadline}.`, ...footer].join('\n') };
      case 'CASE_REOPEN_ASKED':
        return { subject: `[Tiếp Dân Hub] Công dân đề nghị mở lại vụ việc ${number}`, text: [`Công dân đề nghị mở lại vụ việc ${number}; Ban tiếp công dân cần xem xét, quyết định.`, `The citizen asked for case ${number} to be reopened; the office decides.`, ...footer].join('\n') };
      case 'CASE_TRANSFERRED':
        return { subject: `[Tiếp Dân Hub] Vụ việc ${number} được chuyển sang cơ quan khác`, text: [`Cơ quan giải quyết đã chuyển vụ việc ${number} sang cơ quan khác; lý do ghi trên dòng thời gian của vụ việc.`, `Case ${number} was transferred to another agency; the reason is on its timeline.`, ...footer].join('\n') };
      case 'CASE_DIGEST': {
        const d = params.digest;
        if (!d) return null;
        return {
          subject: `[Tiếp Dân Hub] Tổng hợp vụ việc ngày ${dayVi(params.startsAt.slice(0, 10))}: ${d.overdue} quá hạn`,
          text: [
            `Đang giải quyết: ${d.open}`,
            `Quá hạn: ${d.overdue}`,
            `Sắp đến hạn (trong 3 ngày làm việc): ${d.dueSoon}`,
            `Chờ Ban quyết định (gia hạn, mở lại): ${d.toDecide}`,
            `Giải quyết xong hôm qua: ${d.resolvedYesterday}`,
            '',
            `Open ${d.open} · overdue ${d.overdue} · due soon ${d.dueSoon} · to decide ${d.toDecide} · resolved yesterday ${d.resolvedYesterday}`,
            ...footer,
          ].join('\n'),
        };
      }
      default:
        // Invitations and session notices stay in the hub's notification centre.
        return null;
    }
  };
}
