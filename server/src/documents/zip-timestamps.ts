// docx zips with fflate, which stamps every entry with the time of export and offers no option to change
// it. The stamps sit outside the compressed data and its checksums, so they can be rewritten in place; this
// makes the same content give the same bytes (for caching, comparing and signing a file).
import { inVietnam } from './vietnam-time.ts';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** Sets every entry's modification time to `date` (as a clock in Vietnam reads it: zip times have no zone). */
export function fixZipTimestamps(zip: Buffer, date: Date): Buffer {
  const { time, date: day } = dosDateTime(date);
  const end = findEndOfCentralDirectory(zip);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) throw new Error('Tệp nén không hợp lệ: mục lục hỏng');
    zip.writeUInt16LE(time, at + 12);
    zip.writeUInt16LE(day, at + 14);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== LOCAL_FILE_HEADER) throw new Error('Tệp nén không hợp lệ: đầu mục hỏng');
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(day, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 64 KiB, at the very end.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new Error('Tệp nén không hợp lệ: không thấy mục lục');
}

/** MS-DOS date and time, the zip format's: two-second resolution, years from 1980. */
function dosDateTime(date: Date): { time: number; date: number } {
  const t = inVietnam(date);
  return {
    time: (t.hour << 11) | (t.minute << 5) | (t.second >> 1),
    date: ((Math.max(t.year, 1980) - 1980) << 9) | (t.month << 5) | t.day,
  };
}
