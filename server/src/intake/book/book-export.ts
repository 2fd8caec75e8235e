// The reception book as a file: XLSX to keep and file, PDF to print and sign.
import type { BookRow } from '../../../../protocol/index.ts';
import type { Issuer } from '../../documents/decree-parts.ts';
import { renderDocument, type RenderedFile } from '../../documents/render.ts';
import { bookDocument } from './book-document.ts';
import { bookWorkbook } from './book-workbook.ts';
import { vietnamInstant } from '../../calendar/vietnam-clock.ts';
import type { BookScope } from './book-columns.ts';

export type { BookScope } from './book-columns.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function exportBook(format: 'xlsx' | 'pdf', rows: BookRow[], scope: BookScope, issuer: Issuer, fieldNames: Map<string, string>): Promise<RenderedFile> {
  const fieldName = (code: string) => fieldNames.get(code) ?? code;
  const baseName = `so-tiep-cong-dan-${scope.from}-${scope.to}`;
  if (format === 'pdf') return renderDocument(bookDocument(rows, scope, issuer, fieldName), 'pdf', baseName);
  const bytes = await bookWorkbook(rows, scope, issuer, fieldName, vietnamInstant(scope.to, '23:59'));
  return { bytes, fileName: `${baseName}.xlsx`, mimeType: XLSX_MIME };
}
