// A scan is what its bytes are: the check that takes PDF, JPEG and PNG by their content, refuses what is
// named one thing and is another, and keeps the name a person chose (Vietnamese included) safe for a header.
import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../server/src/http/send-download.ts';
import { checkUpload, cleanFileName } from '../../server/src/intake/attachment-check.ts';
import { SCANS } from '../support/scans.ts';

describe('checking a scan by its bytes', () => {
  it.each([
    ['Đơn đề nghị.pdf', SCANS.pdf, 'application/pdf'],
    ['ẢNH CHỤP.JPG', SCANS.jpeg, 'image/jpeg'],
    ['trang-2.jpeg', SCANS.jpeg, 'image/jpeg'],
    ['so-do.png', SCANS.png, 'image/png'],
    // No extension at all: the bytes decide.
    ['scan', SCANS.pdf, 'application/pdf'],
  ])('takes %s as %s', async (fileName, bytes, type) => {
    expect(await checkUpload({ fileName, bytes })).toMatchObject({ ok: true, file: { contentType: type } });
  });

  it('refuses a file named as one kind whose bytes are another, a program, text and an empty file, naming each', async () => {
    expect(await checkUpload({ fileName: 'anh.jpg', bytes: SCANS.png })).toMatchObject({ ok: false, problem: { key: 'intake.fileMismatch', params: { name: 'anh.jpg', extension: 'jpg', actual: 'PNG' } } });
    expect(await checkUpload({ fileName: 'don.pdf', bytes: SCANS.exe })).toMatchObject({ ok: false, problem: { key: 'intake.fileType', params: { name: 'don.pdf' } } });
    expect(await checkUpload({ fileName: 'don.pdf', bytes: Buffer.from('%PDX not really') })).toMatchObject({ ok: false, problem: { key: 'intake.fileType' } });
    expect(await checkUpload({ fileName: 'trong.pdf', bytes: Buffer.alloc(0) })).toMatchObject({ ok: false, problem: { key: 'intake.fileEmpty' } });
    expect(await checkUpload({ fileName: 'lon.pdf', bytes: Buffer.concat([SCANS.pdf, Buffer.alloc(10 * 1024 * 1024)]) })).toMatchObject({ ok: false, problem: { key: 'intake.fileTooLarge', params: { max: 10 } } });
  });

  it('keeps a chosen name but no folder, control character or quote', () => {
    expect(cleanFileName('C:\\Users\\An\\Desktop\\Đơn.pdf')).toBe('Đơn.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a"b\u0000\nc.png')).toBe('abc.png');
    expect(cleanFileName('   ')).toBe('tep-dinh-kem');
  });

  it('sends the name as itself in filename* and as plain ASCII in filename', () => {
    expect(contentDisposition('Đơn khiếu nại.pdf')).toBe(`attachment; filename="Don khieu nai.pdf"; filename*=UTF-8''${encodeURIComponent('Đơn khiếu nại.pdf')}`);
    expect(contentDisposition('so "do".png')).toBe(`attachment; filename="so _do_.png"; filename*=UTF-8''${encodeURIComponent('so "do".png')}`);
  });
});
