import { WEEKDAYS, type CommunicationWindows, type TimeWindow, type Weekday } from '../../api';

/** Choices for a window's start and end: every quarter of an hour, 00:00 to 24:00. */
export const TIME_CHOICES: readonly string[] = Array.from({ length: 97 }, (_, i) => {
  const minutes = i * 15;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
});

export const MAX_WINDOWS_PER_LIST = 12;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** What is wrong with a list of windows (an i18n key under tasks.windows.problems), or null. */
export function listProblem(list: readonly TimeWindow[]): 'endBeforeStart' | 'overlap' | 'tooMany' | null {
  if (list.length > MAX_WINDOWS_PER_LIST) return 'tooMany';
  if (list.some((w) => minutesOf(w.end) <= minutesOf(w.start))) return 'endBeforeStart';
  const sorted = [...list].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
  for (let i = 1; i < sorted.length; ++i) {
    if (minutesOf(sorted[i].start) < minutesOf(sorted[i - 1].end)) return 'overlap';
  }
  return null;
}

/** The editor's form: every weekday present, null when it has no exception. */
export type WindowsForm = { standard: TimeWindow[]; exceptions: Record<Weekday, TimeWindow[] | null> };

export function toForm(windows: CommunicationWindows): WindowsForm {
  const exceptions = Object.fromEntries(WEEKDAYS.map((day) => [day, windows.exceptions?.[day] ?? null])) as Record<
    Weekday,
    TimeWindow[] | null
  >;
  return { standard: windows.standard, exceptions };
}

/** The first problem of the form, as [list name, problem], or null when it can be saved. */
export function formProblem(
  form: WindowsForm,
): [Weekday | 'standard', NonNullable<ReturnType<typeof listProblem>>] | null {
  const standard = listProblem(form.standard);
  if (standard) return ['standard', standard];
  for (const day of WEEKDAYS) {
    const list = form.exceptions[day];
    const problem = list ? listProblem(list) : null;
    if (problem) return [day, problem];
  }
  return null;
}
