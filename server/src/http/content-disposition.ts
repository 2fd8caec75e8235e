// `Content-Disposition: attachment` for a name people typed in Vietnamese: an ASCII fallback for old
// clients and the exact name in RFC 5987's filename*, so "Đơn khiếu nại.pdf" is saved as itself.
export function contentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
      .replace(/[^\x20-\x7e]|["\\]/g, '_') || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
