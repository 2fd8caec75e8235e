// A visit's slip as a file: the facts it prints, its QR code (qrcode, the package most Node projects use
// for it: pure JavaScript, PNG output, error correction the printers' smudges need) and the renderer.
import QRCode from 'qrcode';
import type { Issuer } from '../../documents/decree-parts.ts';
import { renderDocument, type DocumentFormat, type RenderedFile } from '../../documents/render.ts';
import { isoDay } from '../../documents/vietnam-time.ts';
import { slipDocument, type SlipFacts, type SlipKind } from './slip-document.ts';

export type { SlipKind } from './slip-document.ts';

const FILE_NAMES: Record<SlipKind, string> = { receipt: 'giay-bien-nhan', guidance: 'phieu-huong-dan', forwarding: 'phieu-chuyen-don' };

/** The public lookup page the follow-up issue serves; the code is in the address, the ID digits are not. */
export function lookupUrl(origin: string, trackingCode: string): string {
  return `${origin.replace(/\/$/, '')}/#/tra-cuu?ma=${encodeURIComponent(trackingCode)}`;
}

export async function exportSlip(kind: SlipKind, format: DocumentFormat, facts: Omit<SlipFacts, 'qrPng'>, issuer: Issuer): Promise<RenderedFile> {
  const qrPng = await QRCode.toBuffer(facts.lookupUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 360 });
  const doc = slipDocument(kind, { ...facts, qrPng }, issuer);
  return renderDocument(doc, format, `${FILE_NAMES[kind]}-${isoDay(facts.receivedAt)}-${facts.trackingCode}`);
}
