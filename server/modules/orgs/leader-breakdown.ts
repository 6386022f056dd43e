import type { LeaderCounts } from '../../../contracts/orgs.js';

/** Age on `today` from a birth date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export type LeaderFacts = { birthDate: string | null; gender: string | null; education: string | null; staffingMode: string; frontline: boolean };

/** Counts a group of current leaders by age band, gender, education, staffing mode and frontline. */
export function countLeaders(leaders: LeaderFacts[], today: string): LeaderCounts {
  const c: LeaderCounts = {
    members: leaders.length,
    ageUnder35: 0,
    age35to44: 0,
    age45to54: 0,
    age55plus: 0,
    ageUnknown: 0,
    male: 0,
    female: 0,
    genderUnknown: 0,
    postgraduate: 0,
    bachelor: 0,
    college: 0,
    secondary: 0,
    educationUnknown: 0,
    fullTime: 0,
    seconded: 0,
    partTime: 0,
    frontline: 0,
    frontlineShare: 0,
  };
  for (const l of leaders) {
    if (!l.birthDate) c.ageUnknown++;
    else {
      const a = ageOn(l.birthDate, today);
      if (a < 35) c.ageUnder35++;
      else if (a < 45) c.age35to44++;
      else if (a < 55) c.age45to54++;
      else c.age55plus++;
    }
    if (l.gender === 'male') c.male++;
    else if (l.gender === 'female') c.female++;
    else c.genderUnknown++;
    if (l.education === 'postgraduate') c.postgraduate++;
    else if (l.education === 'bachelor') c.bachelor++;
    else if (l.education === 'college') c.college++;
    else if (l.education === 'secondary') c.secondary++;
    else c.educationUnknown++;
    if (l.staffingMode === 'full_time') c.fullTime++;
    else if (l.staffingMode === 'seconded') c.seconded++;
    else c.partTime++;
    if (l.frontline) c.frontline++;
  }
  c.frontlineShare = c.members ? Math.round((c.frontline / c.members) * 1000) / 1000 : 0;
  return c;
}
