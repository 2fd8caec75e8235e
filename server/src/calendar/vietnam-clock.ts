// Vietnam's clock for scheduling: UTC+07:00 all year (no daylight saving since 1975), so converting between
// an instant and Hà Nội's day and wall time is a fixed offset, never a time zone lookup. Days are yyyy-mm-dd.

export const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The day in Hà Nội of an instant. */
export const vietnamDay = (d: Date): string => new Date(d.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

/** "08:00" on Hà Nội's clock. */
export const vietnamTime = (d: Date): string => new Date(d.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(11, 16);

/** The instant of a wall-clock moment in Hà Nội. */
export const vietnamInstant = (day: string, time = '00:00'): Date => new Date(`${day}T${time}:00+07:00`);

/** A DATE column's value (midnight UTC) as its day, and back. */
export const dayOfDate = (d: Date): string => d.toISOString().slice(0, 10);
export const dateOfDay = (day: string): Date => new Date(`${day}T00:00:00Z`);

/** Minutes since midnight as "08:30". */
export const clockOf = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
