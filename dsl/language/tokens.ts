/**
 * The tokens of the rules language. Every keyword has an English spelling and a Danish alias;
 * phrases such as "at the latest" / "senest" are single tokens so the grammar reads like the
 * programme description and stays LL(1) almost everywhere.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** How a token is named in error messages ("expected …"), per language. */
export const tokenDisplay = new Map<string, { da: string; en: string }>();

export const Identifier = createToken({ name: 'Identifier', pattern: /[a-zA-Z_æøåÆØÅ][a-zA-Z0-9_æøåÆØÅ]*/ });
tokenDisplay.set('Identifier', { da: 'et id (fx sundhedsplejerske)', en: 'an id (e.g. sundhedsplejerske)' });

/** Every keyword and phrase as it may be written, English and Danish (the editor's completion). */
export const keywordWords: string[] = [];

const escapeWord = (w: string) => w.replace(/[.*+?^${}()|[\]\\']/g, '\\$&').replace(/ /g, '\\s+');

/**
 * A keyword token matching any of `words` (case-insensitive). Alternatives are tried longest first
 * so "måneder" is not read as "måned" + "er"; `longer_alt` keeps "stepper" an identifier.
 */
function kw(name: string, words: string[]): TokenType {
  const sorted = [...words].sort((a, b) => b.length - a.length);
  const token = createToken({
    name,
    // The look-ahead ends a keyword at a word boundary, so 'af' (by) never eats the start of 'after'.
    pattern: new RegExp(`(?:${sorted.map(escapeWord).join('|')})(?![a-zA-Z0-9_æøåÆØÅ])`, 'i'),
    longer_alt: Identifier,
    line_breaks: words.some((w) => w.includes(' ')),
    start_chars_hint: [...new Set(words.flatMap((w) => [w[0]!.toLowerCase(), w[0]!.toUpperCase()]))],
  });
  keywordWords.push(...words);
  const en = words[0]!;
  const da = words.find((w) => /[æøå]/.test(w)) ?? words[1] ?? en;
  tokenDisplay.set(name, { da: `'${da}'`, en: `'${en}'` });
  return token;
}

function punct(name: string, pattern: RegExp, shown: string): TokenType {
  const token = createToken({ name, pattern });
  tokenDisplay.set(name, { da: `'${shown}'`, en: `'${shown}'` });
  return token;
}

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: Lexer.SKIPPED });

/** Strings: an unclosed string is its own token so the parser can go on and the error is precise. */
export const StringLit = createToken({ name: 'StringLit', pattern: Lexer.NA });
export const ClosedString = createToken({ name: 'ClosedString', pattern: /"[^"\n]*"/, categories: [StringLit] });
export const OpenString = createToken({ name: 'OpenString', pattern: /"[^"\n]*/, categories: [StringLit] });
tokenDisplay.set('StringLit', { da: 'en tekst i anførselstegn', en: 'a text in double quotes' });
tokenDisplay.set('ClosedString', tokenDisplay.get('StringLit')!);
tokenDisplay.set('OpenString', tokenDisplay.get('StringLit')!);

export const TimeOfDay = createToken({ name: 'TimeOfDay', pattern: /\d{2}:\d{2}/ });
tokenDisplay.set('TimeOfDay', { da: 'et klokkeslæt (fx 08:00)', en: 'a time of day (e.g. 08:00)' });
export const Decimal = createToken({ name: 'Decimal', pattern: /\d+[.,]\d+/ });
tokenDisplay.set('Decimal', { da: 'et decimaltal', en: 'a decimal number' });
export const Ordinal = createToken({ name: 'Ordinal', pattern: /\d+(?:st|nd|rd|th|\.)/ });
tokenDisplay.set('Ordinal', { da: 'et ordenstal (fx 6.)', en: 'an ordinal (e.g. 6th)' });
export const Integer = createToken({ name: 'Integer', pattern: /\d+/ });
tokenDisplay.set('Integer', { da: 'et tal', en: 'a number' });

export const Comma = punct('Comma', /,/, ',');
export const Colon = punct('Colon', /:/, ':');
export const LParen = punct('LParen', /\(/, '(');
export const RParen = punct('RParen', /\)/, ')');

// Phrases first: the lexer takes the first pattern that matches, not the longest.
export const OnlyBeforeBirth = kw('OnlyBeforeBirth', [
  'only before birth', 'kun før fødslen', 'kun før fødsel', 'senest før fødslen', 'senest før fødsel',
]);
export const AtTheLatest = kw('AtTheLatest', ['at the latest', 'senest']);
export const OnTheDayOf = kw('OnTheDayOf', ['on the day of', 'på dagen for']);
export const OnTheDay = kw('OnTheDay', ['on the day', 'på dagen']);
export const OnRequest = kw('OnRequest', ['on request', 'efter behov']);
export const AfterEach = kw('AfterEach', ['after each', 'after every', 'efter hvert', 'efter hver']);
export const KeepsRunning = kw('KeepsRunning', ['keeps running while paused', 'fortsætter under pause']);
export const ClosesTheCase = kw('ClosesTheCase', ['closes the case', 'afslutter sagen']);
/** What the engine must know about a role: who works the case, who is escalated to. */
export const IsCaseworker = kw('IsCaseworker', ['is caseworker', 'is a caseworker', 'er sagsbehandler']);
export const IsTeamLeader = kw('IsTeamLeader', ['is team leader', 'is the team leader', 'er teamleder']);
export const IsDepartmentLeader = kw('IsDepartmentLeader', ['is department leader', 'is a department leader', 'er afdelingsleder']);
/** The lifecycle moment an event stands for; one token per phrase so event ids such as `birth` stay ids. */
export const MarksStart = kw('MarksStart', ['marks the start', 'markerer starten']);
export const MarksIntake = kw('MarksIntake', ['marks intake', 'markerer visitationen', 'markerer visitation']);
export const MarksBirth = kw('MarksBirth', ['marks birth', 'marks the birth', 'markerer fødslen', 'markerer fødsel']);
export const MarksDischarge = kw('MarksDischarge', ['marks discharge', 'marks the discharge', 'markerer udskrivningen', 'markerer udskrivning']);
/** `visit norm to teamleder for sundhedsplejerske, familieterapeut`: who hears of a shortfall, whose visits count. */
export const For = kw('For', ['for']);
export const StartsAt = kw('StartsAt', ['starts at', 'starts with', 'starter ved', 'begynder ved']);
export const InPhase = kw('InPhase', ['in phase', 'i fase']);
export const OnlyIf = kw('OnlyIf', ['only if', 'kun hvis']);
export const HasNotHappened = kw('HasNotHappened', ['has not happened', 'er ikke sket']);
export const HasHappened = kw('HasHappened', ['has happened', 'er sket']);
export const IsDone = kw('IsDone', ['is done', 'er udført']);
export const PregnancyWeek = kw('PregnancyWeek', ['pregnancy week', 'graviditetsuge']);
export const ChildAge = kw('ChildAge', ['child age', 'barnets alder']);
export const Childs = kw('Childs', ["child's", 'barnets']);
export const MonthOfLife = kw('MonthOfLife', ['month of life', 'levemåned']);
export const MonthsInto = kw('MonthsInto', [
  'months into the intervention',
  'month into the intervention',
  'måneder inde i indsatsen',
  'måned inde i indsatsen',
]);
export const Term = kw('Term', ['term date', 'term', 'terminsdato', 'termin']);
export const EndOf = kw('EndOf', ['end of', 'slutningen af']);
export const Premature = kw('Premature', ['premature', 'for tidligt født']);
export const PerWeek = kw('PerWeek', ['per week', 'om ugen', 'pr. uge']);
export const VisitNorm = kw('VisitNorm', ['visit norm', 'besøgsnorm']);
export const CaseMeetingsOn = kw('CaseMeetingsOn', ['case meetings on', 'sagsmøder om']);
export const RemindersAt = kw('RemindersAt', ['reminders at', 'påmindelser kl.', 'påmindelser kl']);
export const ClosedOn = kw('ClosedOn', ['closed on', 'lukket på']);
export const TheOwners = kw('TheOwners', ['the owners', 'de ansvarlige']);

export const Programme = kw('Programme', ['programme', 'program']);
export const Version = kw('Version', ['version']);
export const TimeZone = kw('TimeZone', ['timezone', 'tidszone']);
export const Role = kw('Role', ['role', 'rolle']);
export const Group = kw('Group', ['group', 'gruppe']);
export const Event = kw('Event', ['event', 'hændelse']);
export const Phase = kw('Phase', ['phase', 'fase']);
export const Default = kw('Default', ['default', 'standard']);
export const English = kw('English', ['english', 'engelsk']);
export const Task = kw('Task', ['task', 'opgave']);
export const Meeting = kw('Meeting', ['meeting', 'møde']);
export const Visit = kw('Visit', ['visit', 'besøg']);
export const Questionnaire = kw('Questionnaire', ['questionnaire', 'spørgeskema']);
export const Owner = kw('Owner', ['owners', 'owner', 'ansvarlige', 'ansvarlig']);
export const Instrument = kw('Instrument', ['instrument']);
export const Due = kw('Due', ['due', 'frist']);
export const Repeat = kw('Repeat', ['repeat', 'gentag']);
export const Remind = kw('Remind', ['remind', 'påmind']);
export const Escalate = kw('Escalate', ['escalate', 'eskalér', 'eskaler']);
export const Requires = kw('Requires', ['requires', 'kræver']);
export const By = kw('By', ['by', 'af']);
export const Lasts = kw('Lasts', ['lasts', 'varer']);
export const Minutes = kw('Minutes', ['minutes', 'minutter']);
export const Note = kw('Note', ['note']);
export const Target = kw('Target', ['target', 'mål']);
export const From = kw('From', ['from', 'fra']);
export const Until = kw('Until', ['until', 'indtil']);
export const To = kw('To', ['to', 'til']);
export const After = kw('After', ['after', 'efter']);
export const Before = kw('Before', ['before', 'før', 'inden']);
export const Every = kw('Every', ['every', 'hver']);
export const Weekly = kw('Weekly', ['weekly', 'ugentligt']);
export const Then = kw('Then', ['then', 'derefter']);
export const Planned = kw('Planned', ['planned', 'planlagt']);
export const Ahead = kw('Ahead', ['ahead', 'frem']);
export const And = kw('And', ['and', 'og']);
export const Or = kw('Or', ['or', 'eller']);
export const Not = kw('Not', ['not', 'ikke']);
export const Individual = kw('Individual', ['individual', 'individuelt', 'individuel']);
export const Days = kw('Days', ['days', 'day', 'dage', 'dag']);
export const Weeks = kw('Weeks', ['weeks', 'week', 'uger', 'uge']);
export const Months = kw('Months', ['months', 'month', 'måneder', 'måned']);
export const Hours = kw('Hours', ['hours', 'hour', 'timer', 'time']);
export const Weekday = kw('Weekday', [
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag',
]);
tokenDisplay.set('Weekday', { da: 'en ugedag (fx tirsdag)', en: 'a weekday (e.g. tuesday)' });

/** Order matters: phrases before single words, keywords before Identifier, numbers longest first. */
export const allTokens: TokenType[] = [
  WhiteSpace, Comment, StringLit, ClosedString, OpenString, TimeOfDay, Decimal, Ordinal, Integer,
  Comma, Colon, LParen, RParen,
  OnlyBeforeBirth, AtTheLatest, OnTheDayOf, OnTheDay, OnRequest, AfterEach, KeepsRunning, ClosesTheCase, StartsAt, InPhase,
  IsCaseworker, IsTeamLeader, IsDepartmentLeader, MarksStart, MarksIntake, MarksBirth, MarksDischarge,
  OnlyIf, HasNotHappened, HasHappened, IsDone, PregnancyWeek, ChildAge, Childs, MonthOfLife, MonthsInto, Term,
  EndOf, Premature, PerWeek, VisitNorm, CaseMeetingsOn, RemindersAt, ClosedOn, TheOwners,
  Programme, Version, TimeZone, Role, Group, Event, Phase, Default, English, Task, Meeting, Visit,
  Questionnaire, Owner, Instrument, Due, Repeat, Remind, Escalate, Requires, By, Lasts, Minutes, Note,
  Target, From, Until, To, For, After, Before, Every, Weekly, Then, Planned, Ahead, And, Or, Not, Individual,
  Days, Weeks, Months, Hours, Weekday,
  Identifier,
];

export const rulesLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false, skipValidations: true });
