/**
 * The texts of the *Sagen* page's forms, Danish and English. Step, event and role titles are not
 * here: they come from the case's compiled programme.
 */
import type { Lang } from './texts.js';

const da = {
  heading: 'Registrér hvad der er sket',
  errorSummary: 'Registreringen blev ikke gemt',
  errorTitle: 'Fejl',
  choose: 'Vælg',
  date: 'Dato',
  dateHint: 'Skriv år-måned-dag, fx 2026-03-12.',
  save: 'Gem',
  done: { legend: 'Registrér et trin som udført', step: 'Trin', submit: 'Registrér som udført', none: 'Sagen har ingen åbne trin.' },
  event: { legend: 'Registrér en hændelse', what: 'Hændelse', submit: 'Registrér hændelsen', none: 'Alle programmets hændelser er registreret.' },
  meeting: { legend: 'Planlæg møde', step: 'Møde', time: 'Klokkeslæt', timeHint: 'Timer og minutter, fx 09:30.', submit: 'Planlæg mødet og send invitationer', none: 'Sagen har ingen møder at planlægge.', planned: 'Allerede planlagt på sagen:', plannedNone: 'Der er ikke planlagt nogen møder på sagen endnu.' },
  move: { legend: 'Flyt et planlagt møde', step: 'Møde', date: 'Ny dato', time: 'Nyt klokkeslæt', timeHint: 'Timer og minutter, fx 09:30; tomt beholder mødets klokkeslæt.', submit: 'Flyt mødet og send nye invitationer' },
  cancel: { legend: 'Aflys et planlagt møde', step: 'Møde', submit: 'Aflys mødet og send aflysninger' },
  plannedNone: 'Sagen har ingen planlagte møder at flytte eller aflyse.',
  reassign: { legend: 'Giv en rolle til en anden', role: 'Rolle', roleNow: (role: string, person: string) => `${role} (nu ${person})`, staff: 'Ny medarbejder', staffHint: 'Medarbejdere i sagens enhed, efter rolle.', submit: 'Giv rollen videre', handedOverTitle: 'Rollen er givet videre', handedOver: 'Du er ikke længere på sagens team og kan derfor ikke se sagen mere.', none: 'Der er ingen andre i sagens enhed, som kan få en af sagens roller.' },
  visit: { legend: 'Hjemmebesøg', hours: 'Timer', hoursHint: 'Antal timer, i kvarter, fx 1,5.', submit: 'Registrér besøget' },
  pause: { legend: 'Sæt på pause', reason: 'Årsag', submit: 'Sæt sagen på pause' },
  resume: { legend: 'Genoptag', submit: 'Genoptag sagen', paused: 'Sagen er sat på pause.' },
  occurrence: (n: number) => `nr. ${n}`,
  saved: {
    done: 'Trinnet er registreret som udført.',
    event: 'Hændelsen er registreret.',
    meeting: 'Mødet er planlagt, og invitationerne sendes.',
    move: 'Mødet er flyttet, og de nye invitationer sendes.',
    cancel: 'Mødet er aflyst, og aflysningerne sendes.',
    reassign: 'Rollen er givet videre.',
    visit: 'Hjemmebesøget er registreret.',
    pause: 'Sagen er sat på pause.',
    resume: 'Sagen er genoptaget.',
  } as Record<string, string>,
};

export type FormTexts = typeof da;

const en: FormTexts = {
  heading: 'Register what happened',
  errorSummary: 'The registration was not saved',
  errorTitle: 'Error',
  choose: 'Choose',
  date: 'Date',
  dateHint: 'Write year-month-day, e.g. 2026-03-12.',
  save: 'Save',
  done: { legend: 'Register a step as done', step: 'Step', submit: 'Register as done', none: 'The case has no open steps.' },
  event: { legend: 'Register an event', what: 'Event', submit: 'Register the event', none: 'All the programme’s events are registered.' },
  meeting: { legend: 'Plan a meeting', step: 'Meeting', time: 'Time', timeHint: 'Hours and minutes, e.g. 09:30.', submit: 'Plan the meeting and send invitations', none: 'The case has no meetings to plan.', planned: 'Already planned on the case:', plannedNone: 'No meetings are planned on the case yet.' },
  move: { legend: 'Move a planned meeting', step: 'Meeting', date: 'New date', time: 'New time', timeHint: 'Hours and minutes, e.g. 09:30; left empty, the meeting keeps its time.', submit: 'Move the meeting and send new invitations' },
  cancel: { legend: 'Cancel a planned meeting', step: 'Meeting', submit: 'Cancel the meeting and send cancellations' },
  plannedNone: 'The case has no planned meetings to move or cancel.',
  reassign: { legend: 'Give a role to someone else', role: 'Role', roleNow: (role, person) => `${role} (now ${person})`, staff: 'New staff member', staffHint: 'Staff of the case’s unit, by role.', submit: 'Hand the role over', handedOverTitle: 'The role is handed over', handedOver: 'You are no longer on the case’s team, so you can no longer see the case.', none: 'Nobody else in the case’s unit can take one of the case’s roles.' },
  visit: { legend: 'Home visit', hours: 'Hours', hoursHint: 'Number of hours, in quarter hours, e.g. 1.5.', submit: 'Register the visit' },
  pause: { legend: 'Pause', reason: 'Reason', submit: 'Pause the case' },
  resume: { legend: 'Resume', submit: 'Resume the case', paused: 'The case is paused.' },
  occurrence: (n) => `no. ${n}`,
  saved: {
    done: 'The step is registered as done.',
    event: 'The event is registered.',
    meeting: 'The meeting is planned and the invitations are being sent.',
    move: 'The meeting is moved and the new invitations are being sent.',
    cancel: 'The meeting is cancelled and the cancellations are being sent.',
    reassign: 'The role is handed over.',
    visit: 'The home visit is registered.',
    pause: 'The case is paused.',
    resume: 'The case is resumed.',
  },
};

export const formTexts: Record<Lang, FormTexts> = { da, en };
