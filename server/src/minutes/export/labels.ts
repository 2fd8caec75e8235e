// The Vietnamese words the documents print for the hub's codes. They are the web's words
// (web/src/i18n/vi.ts and vi.live.ts), copied rather than imported because the server does not load the
// web's i18n bundle; keep both in step so a printed minutes says what the screen said.
import type { Field, PetitionType, SessionKind } from '../../../../protocol/index.ts';

export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
  PERIODIC: 'Định kỳ',
  REGULAR: 'Thường xuyên',
  THEMATIC: 'Chuyên đề',
  AD_HOC: 'Đột xuất',
  DIALOGUE: 'Hội nghị đối thoại',
};

export const PETITION_TYPE_LABELS: Record<PetitionType, string> = {
  COMPLAINT: 'Khiếu nại',
  DENUNCIATION: 'Tố cáo',
  RECOMMENDATION: 'Kiến nghị',
  FEEDBACK: 'Phản ánh',
};

export const FIELD_LABELS: Record<Field, string> = {
  LAND: 'Đất đai',
  COMPENSATION: 'Bồi thường, GPMB',
  LAND_CERTIFICATE: 'Giấy chứng nhận QSDĐ',
  ENVIRONMENT: 'Môi trường',
  SOCIAL_POLICY: 'Chế độ chính sách',
  CONSTRUCTION: 'Xây dựng, trật tự đô thị',
  OTHER: 'Khác',
};

/** Printed wherever a citizen's identity is withheld (Law on Denunciation 2018, art. 47). */
export const WITHHELD_NAME = 'Người tố cáo (được giữ bí mật)';

/** Replaces a confidential citizen's statement in the public copy: what they said may reveal who they are. */
export const REDACTED_STATEMENT = '[Nội dung đã được lược bỏ để bảo vệ người tố cáo]';
