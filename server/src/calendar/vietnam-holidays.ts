// Vietnam's official days off for a year, as the hub seeds them (an administrator edits them afterwards:
// the government fixes the exact Tết days and the day next to National Day each year). The lunar dates
// (Tết, the Hùng Kings' day) come from date-holidays, which computes the Vietnamese lunar calendar; the
// rules on top are the Labour Code's (Bộ luật Lao động 2019, art. 112):
//   Tết Dương lịch 1 day; Tết Âm lịch 5 days; Giỗ Tổ Hùng Vương 1 day; 30/4 and 1/5 one day each;
//   Quốc khánh 2 days (2/9 and one day next to it: the hub seeds 1/9, the choice of recent years).
// A single holiday that falls on a Saturday or Sunday gives the next working day off (nghỉ bù).
import Holidays from 'date-holidays';
import { addDays } from './working-days.ts';

export interface HolidaySeed {
  /** yyyy-mm-dd, a calendar day in Vietnam. */
  date: string;
  name: string;
  lunar: boolean;
}

const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
const isWeekend = (day: string): boolean => [0, 6].includes(weekdayOf(day));

/** The lunar holidays of a year by their date-holidays names (Vietnamese), as yyyy-mm-dd. */
function lunarDays(year: number): { tetEve: string; tet: string; hungKings: string } {
  const found = new Holidays('VN').getHolidays(year).filter((h) => h.type === 'public');
  const day = (name: string): string => {
    const h = found.find((x) => x.name === name);
    if (!h) throw new Error(`date-holidays has no "${name}" in ${year}`);
    return h.date.slice(0, 10);
  };
  return { tetEve: day('Giao thừa Tết Nguyên Đán'), tet: day('Tết Nguyên Đán'), hungKings: day('Giỗ tổ Hùng Vương') };
}

export function vietnamHolidays(year: number): HolidaySeed[] {
  const { tetEve, tet, hungKings } = lunarDays(year);
  const days: HolidaySeed[] = [
    { date: `${year}-01-01`, name: 'Tết Dương lịch', lunar: false },
    { date: tetEve, name: 'Tết Nguyên đán (giao thừa)', lunar: true },
    { date: tet, name: 'Tết Nguyên đán (mùng 1)', lunar: true },
    { date: addDays(tet, 1), name: 'Tết Nguyên đán (mùng 2)', lunar: true },
    { date: addDays(tet, 2), name: 'Tết Nguyên đán (mùng 3)', lunar: true },
    { date: addDays(tet, 3), name: 'Tết Nguyên đán (mùng 4)', lunar: true },
    { date: hungKings, name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', lunar: true },
    { date: `${year}-04-30`, name: 'Ngày Chiến thắng (30/4)', lunar: false },
    { date: `${year}-05-01`, name: 'Ngày Quốc tế Lao động (1/5)', lunar: false },
    { date: `${year}-09-01`, name: 'Quốc khánh (ngày liền kề)', lunar: false },
    { date: `${year}-09-02`, name: 'Quốc khánh (2/9)', lunar: false },
  ];
  // Nghỉ bù for the single-day holidays that fall on a weekend (Tết's five days are fixed by announcement).
  const taken = new Set(days.map((d) => d.date));
  for (const single of [days[0]!, days[6]!, days[7]!, days[8]!, days[10]!]) {
    if (!isWeekend(single.date)) continue;
    let next = addDays(single.date, 1);
    while (isWeekend(next) || taken.has(next)) next = addDays(next, 1);
    taken.add(next);
    days.push({ date: next, name: `Nghỉ bù ${single.name}`, lunar: single.lunar });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}
