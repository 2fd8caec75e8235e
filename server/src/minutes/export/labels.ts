// The Vietnamese words the documents print for the hub's codes: the protocol's official terms (the same the
// Vietnamese screens show), and the documents' own.
export {
  PETITION_TYPE_LABELS_VI as PETITION_TYPE_LABELS,
  SESSION_KIND_LABELS_VI as SESSION_KIND_LABELS,
} from '../../../../protocol/index.ts';

/** Printed wherever a citizen's identity is withheld (Law on Denunciation 2018, art. 47). */
export const WITHHELD_NAME = 'Người tố cáo (được giữ bí mật)';

/** Replaces a confidential citizen's statement in the public copy: what they said may reveal who they are. */
export const REDACTED_STATEMENT = '[Nội dung đã được lược bỏ để bảo vệ người tố cáo]';
