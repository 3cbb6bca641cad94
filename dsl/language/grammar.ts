/**
 * The grammar of the rules language as a chevrotain parser that builds the AST directly
 * (embedded actions), with error recovery so one run reports every mistake it can.
 *
 * Grammar sketch (keywords shown in English; each has a Danish alias, see tokens.ts):
 *
 *   file        := ('programme' ID STRING ('english' STRING)?)? declaration*
 *   declaration := 'version' STRING | 'timezone' STRING | 'closed on' ids | 'reminders at' TIME
 *                | 'case meetings on' WEEKDAY | 'role' ID STRING ('english' STRING)? duty?
 *                | 'group' ID STRING? ':' ids | 'event' ID STRING ('english' STRING)? mark? 'closes the case'?
 *                | 'phase' INT STRING ('starts at' ID)? | 'visit norm' ('to' ids 'for' ids)? band+
 *                | 'default' (reminder | escalation) | stepKind ID STRING clause*
 *   duty        := 'is caseworker' | 'is team leader' | 'is department leader'
 *   mark        := 'marks the start' | 'marks intake' | 'marks birth' | 'marks discharge'
 *   stepKind    := 'task' | 'meeting' | 'visit' | 'questionnaire'
 *   clause      := 'english' STRING | 'in phase' INT | 'owner' ids | 'instrument' STRING | 'due' when
 *                | 'on request' | 'repeat' recurrence | 'only if' condition | 'only before birth' | reminder | escalation
 *                | 'requires' ID STRING duration 'before' 'by' ids | 'keeps running while paused'
 *                | 'lasts' INT 'minutes' | 'note' STRING
 *   when        := 'on the day of' anchor | 'at the latest' point | 'from' point ('to' point)? ('target' point)? | point
 *   point       := (duration ('after' | 'before'))? anchor
 *   anchor      := 'pregnancy week' INT | 'week' INT | 'end of' 'pregnancy week' INT | 'term' | 'child age' INT 'months'
 *                | "child's" ORDINAL 'month of life' | INT 'months into the intervention' | ID
 *   recurrence  := duration? 'after each' ID
 *                | every ('from' point)? ('until' until)? (','? 'then' every 'until' until)* (','? 'planned' duration 'ahead')?
 *   every       := 'weekly' | 'every' (ORDINAL unit | duration | unit)
 *   until       := point ('or' point)*
 *   condition   := and ('or' and)* ; and := unary ('and' unary)* ; unary := 'not' unary | atom
 *   atom        := 'premature' | '(' condition ')' | ID ('has happened' | 'has not happened' | 'is done')
 *   reminder    := 'remind' ('on the day' | duration 'before') 'to' ids
 *   escalation  := 'escalate' 'after' duration 'to' ids (','? 'then' 'after' duration 'to' ids)*
 *   band        := 'from' INT 'months' ':' 'individual' | INT 'to' INT 'months' ':' NUM ('to' NUM)? 'hours' 'per week'
 *   duration    := (INT ('days' | 'weeks' | 'months' | 'hours'))+
 */
import { EmbeddedActionsParser, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';
import type * as A from './ast.js';
import { parserMessages } from './syntax-messages.js';

const unitOf = new Map<string, A.DurationUnit>([
  ['Days', 'days'], ['Weeks', 'weeks'], ['Months', 'months'], ['Hours', 'hours'],
]);
const isoWeekday: Record<string, number> = {
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7,
  mandag: 1, tirsdag: 2, onsdag: 3, torsdag: 4, fredag: 5, lørdag: 6, søndag: 7,
};

/**
 * Recovered (inserted) tokens have no position; they borrow the previous real one's, or get line 0
 * (nothing written there: compile() shows no validation error about them, see recovered.ts).
 */
function tokLoc(tok: IToken, fallback?: IToken): A.Loc {
  if (tok.isInsertedInRecovery && !fallback) return { line: 0, column: 0 };
  if (Number.isFinite(tok.startLine) && Number.isFinite(tok.startColumn)) {
    return { line: tok.startLine!, column: tok.startColumn!, endLine: tok.endLine!, endColumn: tok.endColumn! };
  }
  return fallback && fallback !== tok ? tokLoc(fallback) : { line: 1, column: 1 };
}
const text = (tok: IToken): A.Text => ({ value: tok.image.replace(/^"/, '').replace(/"$/, ''), loc: tokLoc(tok) });
const name = (tok: IToken): A.Name => ({ value: tok.image, loc: tokLoc(tok) });
const num = (tok: IToken): A.Num => ({ value: Number(tok.image.replace(',', '.').replace(/[^\d.]/g, '')), loc: tokLoc(tok) });

export class RulesParser extends EmbeddedActionsParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: parserMessages });
    this.performSelfAnalysis();
  }

  /** Loc from `start` to the last consumed token. */
  private span(start: IToken): A.Loc {
    const a = tokLoc(start);
    const b = tokLoc(this.LA(0), start);
    return { line: a.line, column: a.column, endLine: b.endLine ?? b.line, endColumn: b.endColumn ?? b.column };
  }

  /**
   * file := ('programme' ID STRING ('english' STRING)?)? declaration*
   *
   * Fills `prog` (see parse.ts) rather than returning it: when recovery gives up on the rest of the
   * file, what was read so far stays in the tree and can still be validated.
   */
  public file = this.RULE('file', (prog: A.ProgrammeNode) => {
    const first = this.LA(1);
    this.ACTION(() => (prog.loc = tokLoc(first)));
    this.OPTION(() => {
      const kwTok = this.CONSUME(T.Programme);
      const id = this.CONSUME(T.Identifier);
      const title = this.CONSUME(T.StringLit);
      const en = this.OPTION1(() => { this.CONSUME(T.English); return this.CONSUME1(T.StringLit); });
      this.ACTION(() => Object.assign(prog, { id: name(id), title: text(title), ...(en ? { titleEn: text(en) } : {}), loc: this.span(kwTok) }));
    });
    this.MANY(() => this.SUBRULE(this.declaration, { ARGS: [prog] }));
  });

  /**
   * rest := declaration*
   *
   * Declarations after a stretch the parser had to skip (see parse.ts); adds to `prog`.
   */
  public rest = this.RULE('rest', (prog: A.ProgrammeNode) => {
    this.MANY(() => this.SUBRULE(this.declaration, { ARGS: [prog] }));
  });

  /**
   * declaration := 'version' STRING | 'timezone' STRING | 'closed on' ids | 'reminders at' TIME
   *              | 'case meetings on' WEEKDAY | role | group | event | phase
   *              | 'visit norm' ('to' ids 'for' ids)? band+ | 'default' (reminder | escalation) | step
   */
  private declaration = this.RULE('declaration', (prog: A.ProgrammeNode) => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Version); const t = this.CONSUME1(T.StringLit); this.ACTION(() => (prog.version = text(t))); } },
      { ALT: () => { this.CONSUME(T.TimeZone); const t = this.CONSUME2(T.StringLit); this.ACTION(() => (prog.timeZone = text(t))); } },
      { ALT: () => { this.CONSUME(T.ClosedOn); const ids = this.SUBRULE(this.ids); this.ACTION(() => (prog.closedDays = ids)); } },
      { ALT: () => { this.CONSUME(T.RemindersAt); const t = this.CONSUME(T.TimeOfDay); this.ACTION(() => (prog.reminderTime = text(t))); } },
      {
        ALT: () => {
          this.CONSUME(T.CaseMeetingsOn);
          const t = this.CONSUME(T.Weekday);
          this.ACTION(() => (prog.caseMeetingWeekday = { value: isoWeekday[t.image.toLowerCase()] ?? 1, loc: tokLoc(t) }));
        },
      },
      { ALT: () => { const r = this.SUBRULE(this.role); this.ACTION(() => r && prog.roles.push(r)); } },
      { ALT: () => { const g = this.SUBRULE(this.group); this.ACTION(() => g && prog.groups.push(g)); } },
      { ALT: () => { const e = this.SUBRULE(this.event); this.ACTION(() => e && prog.events.push(e)); } },
      { ALT: () => { const p = this.SUBRULE(this.phase); this.ACTION(() => p && prog.phases.push(p)); } },
      {
        ALT: () => {
          const start = this.CONSUME(T.VisitNorm);
          this.OPTION2(() => {
            this.CONSUME(T.To);
            const to = this.SUBRULE1(this.ids);
            this.CONSUME(T.For);
            const owners = this.SUBRULE2(this.ids);
            this.ACTION(() => (prog.normReport = { to: to ?? [], owners: owners ?? [], loc: this.span(start) }));
          });
          this.AT_LEAST_ONE(() => { const b = this.SUBRULE(this.band); this.ACTION(() => b && prog.norms.push(b)); });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Default);
          this.OR1([
            { ALT: () => { const r = this.SUBRULE(this.reminder); this.ACTION(() => r && prog.defaultReminders.push(r)); } },
            { ALT: () => { const e = this.SUBRULE(this.escalation); this.ACTION(() => (prog.defaultEscalation = e)); } },
          ]);
        },
      },
      { ALT: () => this.SUBRULE(this.step, { ARGS: [prog] }) },
    ]);
  });

  /** role := 'role' ID STRING ('english' STRING)? ('is caseworker' | 'is team leader' | 'is department leader')? */
  private role = this.RULE('role', (): A.RoleNode => {
    const start = this.CONSUME(T.Role);
    const id = this.CONSUME(T.Identifier);
    const title = this.CONSUME(T.StringLit);
    const en = this.OPTION(() => { this.CONSUME(T.English); return this.CONSUME1(T.StringLit); });
    const duty = this.OPTION1(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.IsCaseworker) },
        { ALT: () => this.CONSUME(T.IsTeamLeader) },
        { ALT: () => this.CONSUME(T.IsDepartmentLeader) },
      ]),
    );
    return this.ACTION(() => ({
      id: name(id), title: text(title), titleEn: en && text(en), loc: this.span(start),
      ...(duty ? { duty: { value: dutyOf(duty.tokenType), loc: tokLoc(duty) } } : {}),
    }));
  });

  /** group := 'group' ID STRING? ':' ids */
  private group = this.RULE('group', (): A.GroupNode => {
    const start = this.CONSUME(T.Group);
    const id = this.CONSUME(T.Identifier);
    const title = this.OPTION(() => this.CONSUME(T.StringLit));
    this.CONSUME(T.Colon);
    const members = this.SUBRULE(this.ids);
    return this.ACTION(() => ({ id: name(id), title: title && text(title), members: members ?? [], loc: this.span(start) }));
  });

  /**
   * event := 'event' ID STRING ('english' STRING)?
   *          ('marks the start' | 'marks intake' | 'marks birth' | 'marks discharge')? 'closes the case'?
   */
  private event = this.RULE('event', (): A.EventNode => {
    const start = this.CONSUME(T.Event);
    const id = this.CONSUME(T.Identifier);
    const title = this.CONSUME(T.StringLit);
    const en = this.OPTION(() => { this.CONSUME(T.English); return this.CONSUME1(T.StringLit); });
    const marks = this.OPTION2(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.MarksStart) },
        { ALT: () => this.CONSUME(T.MarksIntake) },
        { ALT: () => this.CONSUME(T.MarksBirth) },
        { ALT: () => this.CONSUME(T.MarksDischarge) },
      ]),
    );
    const closes = this.OPTION1(() => this.CONSUME(T.ClosesTheCase));
    return this.ACTION(() => ({
      id: name(id), title: text(title), titleEn: en && text(en), closesCase: closes && tokLoc(closes), loc: this.span(start),
      ...(marks ? { marks: { value: markOf(marks.tokenType), loc: tokLoc(marks) } } : {}),
    }));
  });

  /** phase := 'phase' INT STRING ('starts at' ID)? */
  private phase = this.RULE('phase', (): A.PhaseNode => {
    const start = this.CONSUME(T.Phase);
    const n = this.CONSUME(T.Integer);
    const title = this.CONSUME(T.StringLit);
    const startsAt = this.OPTION(() => { this.CONSUME(T.StartsAt); return this.CONSUME(T.Identifier); });
    return this.ACTION(() => ({ number: num(n), title: text(title), startsAt: startsAt && name(startsAt), loc: this.span(start) }));
  });

  /** band := 'from' INT 'months' ':' 'individual' | INT 'to' INT 'months' ':' number ('to' number)? 'hours' 'per week' */
  private band = this.RULE('band', (): A.NormBandNode => {
    return this.OR([
      {
        ALT: () => {
          const start = this.CONSUME(T.From);
          const from = this.CONSUME(T.Integer);
          this.CONSUME(T.Months);
          this.CONSUME(T.Colon);
          this.CONSUME(T.Individual);
          return this.ACTION(() => ({ fromMonths: num(from), individual: true, loc: this.span(start) }));
        },
      },
      {
        ALT: () => {
          const from = this.CONSUME1(T.Integer);
          this.CONSUME(T.To);
          const to = this.CONSUME2(T.Integer);
          this.CONSUME1(T.Months);
          this.CONSUME1(T.Colon);
          const min = this.SUBRULE(this.number);
          const norm = this.OPTION(() => { this.CONSUME1(T.To); return this.SUBRULE1(this.number); });
          this.CONSUME(T.Hours);
          this.CONSUME(T.PerWeek);
          return this.ACTION(() => ({
            fromMonths: num(from), toMonths: num(to), minHours: min && num(min), normHours: norm && num(norm), individual: false,
            loc: this.span(from),
          }));
        },
      },
    ]);
  });

  /** number := INT | DECIMAL */
  private number = this.RULE('number', (): IToken => this.OR([{ ALT: () => this.CONSUME(T.Integer) }, { ALT: () => this.CONSUME(T.Decimal) }]));

  /** ids := (ID | 'the owners') (',' (ID | 'the owners'))* */
  private ids = this.RULE('ids', (): A.Name[] => {
    const out: A.Name[] = [];
    const item = (tok: IToken) => this.ACTION(() => out.push(tok.tokenType === T.TheOwners ? { value: '@owners', loc: tokLoc(tok) } : name(tok)));
    item(this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.TheOwners) }]));
    // Not AT_LEAST_ONE_SEP: its one-token look-ahead would eat the comma of ", then after …".
    this.MANY({
      GATE: () => this.LA(2).tokenType === T.Identifier || this.LA(2).tokenType === T.TheOwners,
      DEF: () => {
      this.CONSUME(T.Comma);
      item(this.OR1([{ ALT: () => this.CONSUME1(T.Identifier) }, { ALT: () => this.CONSUME1(T.TheOwners) }]));
      },
    });
    return out;
  });

  /**
   * step := ('task' | 'meeting' | 'visit' | 'questionnaire') ID STRING clause*
   *
   * Adds the step to `prog` as soon as its id is read, so a mistake in a later clause keeps what came before.
   */
  private step = this.RULE('step', (prog: A.ProgrammeNode) => {
    const kindTok = this.OR([
      { ALT: () => this.CONSUME(T.Task) },
      { ALT: () => this.CONSUME(T.Meeting) },
      { ALT: () => this.CONSUME(T.Visit) },
      { ALT: () => this.CONSUME(T.Questionnaire) },
    ]);
    const id = this.CONSUME(T.Identifier);
    const title = this.CONSUME(T.StringLit);
    const step = this.ACTION(() => ({
      kind: kindName(kindTok.tokenType), id: name(id), title: text(title), owners: [], reminders: [], preconditions: [],
      loc: tokLoc(kindTok),
    })) as A.StepNode;
    this.ACTION(() => prog.steps.push(step));
    this.MANY(() => {
      this.SUBRULE(this.clause, { ARGS: [step] });
      this.ACTION(() => (step.loc = this.span(kindTok)));
    });
    this.ACTION(() => (step.loc = this.span(kindTok)));
  });

  /**
   * clause := 'english' STRING | 'in phase' INT | 'owner' ids | 'instrument' STRING | 'due' when | 'on request'
   *           | 'repeat' recurrence | 'only if' condition | 'only before birth' | reminder | escalation
   *           | precondition | 'keeps running while paused' | 'lasts' INT 'minutes' | 'note' STRING
   */
  private clause = this.RULE('clause', (s: A.StepNode) => {
    this.OR([
      { ALT: () => { this.CONSUME(T.English); const t = this.CONSUME(T.StringLit); this.ACTION(() => (s.titleEn = text(t))); } },
      { ALT: () => { this.CONSUME(T.InPhase); const n = this.CONSUME(T.Integer); this.ACTION(() => (s.phase = num(n))); } },
      {
        ALT: () => {
          const k = this.CONSUME(T.Owner);
          const ids = this.SUBRULE(this.ids);
          this.ACTION(() => { s.owners.push(...(ids ?? [])); s.ownersLoc = this.span(k); });
        },
      },
      { ALT: () => { this.CONSUME(T.Instrument); const t = this.CONSUME1(T.StringLit); this.ACTION(() => (s.instrument = text(t))); } },
      { ALT: () => { this.CONSUME(T.Due); const w = this.SUBRULE(this.when); this.ACTION(() => (s.when = w)); } },
      { ALT: () => { const t = this.CONSUME(T.OnRequest); this.ACTION(() => (s.onRequest = tokLoc(t))); } },
      { ALT: () => { this.CONSUME(T.Repeat); const r = this.SUBRULE(this.recurrence); this.ACTION(() => (s.recurrence = r)); } },
      { ALT: () => { this.CONSUME(T.OnlyIf); const c = this.SUBRULE(this.condition); this.ACTION(() => (s.condition = c)); } },
      { ALT: () => { const t = this.CONSUME(T.OnlyBeforeBirth); this.ACTION(() => (s.beforeBirth = tokLoc(t))); } },
      { ALT: () => { const r = this.SUBRULE(this.reminder); this.ACTION(() => r && s.reminders.push(r)); } },
      { ALT: () => { const e = this.SUBRULE(this.escalation); this.ACTION(() => (s.escalation = e)); } },
      { ALT: () => { const p = this.SUBRULE(this.precondition); this.ACTION(() => p && s.preconditions.push(p)); } },
      { ALT: () => { const t = this.CONSUME(T.KeepsRunning); this.ACTION(() => (s.keepsRunning = tokLoc(t))); } },
      {
        ALT: () => {
          this.CONSUME(T.Lasts);
          const n = this.CONSUME1(T.Integer);
          this.CONSUME(T.Minutes);
          this.ACTION(() => (s.durationMinutes = num(n)));
        },
      },
      { ALT: () => { this.CONSUME(T.Note); const t = this.CONSUME2(T.StringLit); this.ACTION(() => (s.note = text(t))); } },
    ]);
  });

  /** precondition := 'requires' ID STRING duration 'before' 'by' ids */
  private precondition = this.RULE('precondition', (): A.PreconditionNode => {
    const start = this.CONSUME(T.Requires);
    const id = this.CONSUME(T.Identifier);
    const title = this.CONSUME(T.StringLit);
    const before = this.SUBRULE(this.duration);
    this.CONSUME(T.Before);
    this.CONSUME(T.By);
    const by = this.SUBRULE(this.ids);
    return this.ACTION(() => ({ id: name(id), title: text(title), before, by: by ?? [], loc: this.span(start) }));
  });

  /** reminder := 'remind' ('on the day' | duration 'before') 'to' ids */
  private reminder = this.RULE('reminder', (): A.ReminderNode => {
    const start = this.CONSUME(T.Remind);
    const before = this.OR([
      { ALT: () => { this.CONSUME(T.OnTheDay); return undefined; } },
      { ALT: () => { const d = this.SUBRULE(this.duration); this.CONSUME(T.Before); return d; } },
    ]);
    this.CONSUME(T.To);
    const to = this.SUBRULE(this.ids);
    return this.ACTION(() => ({ before, to: to ?? [], loc: this.span(start) }));
  });

  /** escalation := 'escalate' 'after' duration 'to' ids (','? 'then' 'after' duration 'to' ids)* */
  private escalation = this.RULE('escalation', (): A.EscalationNode => {
    const start = this.CONSUME(T.Escalate);
    const levels: A.EscalationLevelNode[] = [];
    const level = () => {
      const at = this.CONSUME(T.After);
      const after = this.SUBRULE(this.duration);
      this.CONSUME(T.To);
      const to = this.SUBRULE(this.ids);
      this.ACTION(() => after && levels.push({ after, to: to ?? [], loc: this.span(at) }));
    };
    level();
    this.MANY(() => {
      this.OPTION(() => this.CONSUME(T.Comma));
      this.CONSUME(T.Then);
      const at = this.CONSUME1(T.After);
      const after = this.SUBRULE1(this.duration);
      this.CONSUME1(T.To);
      const to = this.SUBRULE1(this.ids);
      this.ACTION(() => after && levels.push({ after, to: to ?? [], loc: this.span(at) }));
    });
    return this.ACTION(() => ({ levels, loc: this.span(start) }));
  });

  /** when := 'on the day of' anchor | 'at the latest' point | 'from' point ('to' point)? ('target' point)? | point */
  private when = this.RULE('when', (): A.WhenNode => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.OnTheDayOf);
          const anchor = this.SUBRULE(this.anchor);
          return this.ACTION(() => ({ kind: 'on' as const, point: { anchor, loc: anchor?.loc ?? tokLoc(start) }, loc: this.span(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.AtTheLatest);
          const point = this.SUBRULE(this.point);
          return this.ACTION(() => ({ kind: 'latest' as const, point, loc: this.span(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.From);
          const from = this.SUBRULE1(this.point);
          const to = this.OPTION(() => { this.CONSUME(T.To); return this.SUBRULE2(this.point, { ARGS: [true] }); });
          const target = this.OPTION1(() => { this.CONSUME(T.Target); return this.SUBRULE3(this.point); });
          return this.ACTION(() => ({ kind: 'window' as const, from, to, target, loc: this.span(start) }));
        },
      },
      {
        ALT: () => {
          const point = this.SUBRULE4(this.point);
          return this.ACTION(() => ({ kind: 'on' as const, point, loc: this.span(start) }));
        },
      },
    ]);
  });

  /**
   * point := (duration ('after' | 'before'))? anchor
   *
   * `isEnd`: in "to week 18" the window runs to the end of the named week or month of life.
   */
  private point = this.RULE('point', (isEnd?: boolean): A.PointNode => {
    const start = this.LA(1);
    const off = this.OPTION(() => {
      const d = this.SUBRULE(this.duration);
      const dir = this.OR([{ ALT: () => this.CONSUME(T.After) }, { ALT: () => this.CONSUME(T.Before) }]);
      return { d, dir };
    });
    const anchor = this.SUBRULE(this.anchor, { ARGS: [isEnd] });
    return this.ACTION(() => ({
      anchor, offset: off?.d, direction: off ? (off.dir.tokenType === T.Before ? 'before' : 'after') : undefined, loc: this.span(start),
    }));
  });

  /**
   * anchor := ('pregnancy week' | 'week') INT | 'end of' ('pregnancy week' | 'week') INT | 'term'
   *           | 'child age' INT 'months' | "child's" ORDINAL 'month of life' | INT 'months into the intervention' | ID
   */
  private anchor = this.RULE('anchor', (isEnd?: boolean): A.AnchorNode => {
    const start = this.LA(1);
    const edge = isEnd ? ('end' as const) : undefined;
    return this.OR([
      {
        ALT: () => {
          this.OR1([{ ALT: () => this.CONSUME(T.PregnancyWeek) }, { ALT: () => this.CONSUME(T.Weeks) }]);
          const n = this.CONSUME(T.Integer);
          return this.ACTION(() => ({ kind: 'pregnancyWeek' as const, week: num(n).value, edge, numberLoc: tokLoc(n), loc: this.span(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.EndOf);
          this.OR2([{ ALT: () => this.CONSUME1(T.PregnancyWeek) }, { ALT: () => this.CONSUME1(T.Weeks) }]);
          const n = this.CONSUME1(T.Integer);
          return this.ACTION(() => ({ kind: 'pregnancyWeek' as const, week: num(n).value, edge: 'end' as const, numberLoc: tokLoc(n), loc: this.span(start) }));
        },
      },
      { ALT: () => { this.CONSUME(T.Term); return this.ACTION(() => ({ kind: 'term' as const, loc: this.span(start) })); } },
      {
        ALT: () => {
          this.CONSUME(T.ChildAge);
          const n = this.CONSUME2(T.Integer);
          this.CONSUME(T.Months);
          return this.ACTION(() => ({ kind: 'childAge' as const, months: num(n).value, numberLoc: tokLoc(n), loc: this.span(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Childs);
          const n = this.CONSUME(T.Ordinal);
          this.CONSUME(T.MonthOfLife);
          return this.ACTION(() => ({ kind: 'childMonthOfLife' as const, month: num(n).value, edge, numberLoc: tokLoc(n), loc: this.span(start) }));
        },
      },
      {
        ALT: () => {
          const n = this.CONSUME3(T.Integer);
          this.CONSUME(T.MonthsInto);
          return this.ACTION(() => ({ kind: 'interventionMonth' as const, months: num(n).value, numberLoc: tokLoc(n), loc: this.span(start) }));
        },
      },
      { ALT: () => { const id = this.CONSUME(T.Identifier); return this.ACTION(() => ({ kind: 'ref' as const, name: name(id), loc: tokLoc(id) })); } },
    ]);
  });

  /** duration := (INT unit)+ */
  private duration = this.RULE('duration', (): A.DurationNode => {
    const start = this.LA(1);
    const d = { months: 0, weeks: 0, days: 0, hours: 0 };
    const parts: NonNullable<A.DurationNode['parts']> = [];
    this.AT_LEAST_ONE(() => {
      const n = this.CONSUME(T.Integer);
      const unit = this.SUBRULE(this.unit);
      this.ACTION(() => {
        const key = unit && unitOf.get(unit.tokenType.name);
        if (!key) return;
        d[key] += num(n).value;
        parts.push({ value: num(n).value, unit: key, loc: tokLoc(n) });
      });
    });
    return this.ACTION(() => ({ ...d, parts, loc: this.span(start) }));
  });

  /** unit := 'days' | 'weeks' | 'months' | 'hours' */
  private unit = this.RULE('unit', (): IToken =>
    this.OR([
      { ALT: () => this.CONSUME(T.Days) },
      { ALT: () => this.CONSUME(T.Weeks) },
      { ALT: () => this.CONSUME(T.Months) },
      { ALT: () => this.CONSUME(T.Hours) },
    ]),
  );

  /** recurrence := duration? 'after each' ID | cadence */
  private recurrence = this.RULE('recurrence', (): A.RecurrenceNode => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          const offset = this.OPTION(() => this.SUBRULE(this.duration));
          this.CONSUME(T.AfterEach);
          const step = this.CONSUME(T.Identifier);
          return this.ACTION(() => ({ kind: 'afterEach' as const, step: name(step), offset, loc: this.span(start) }));
        },
      },
      { ALT: () => this.SUBRULE(this.cadence) },
    ]);
  });

  /** cadence := every ('from' point)? ('until' untilList)? (','? 'then' every 'until' untilList)* (','? 'planned' duration 'ahead')? */
  private cadence = this.RULE('cadence', (): A.RecurrenceNode => {
    const start = this.LA(1);
    const segments: A.SegmentNode[] = [];
    const every = this.SUBRULE(this.every);
    const from = this.OPTION(() => { this.CONSUME(T.From); return this.SUBRULE(this.point); });
    const until = this.OPTION1(() => { this.CONSUME(T.Until); return this.SUBRULE(this.untilList); });
    this.ACTION(() => every && segments.push({ every, until: until ?? [], loc: this.span(start) }));
    // chevrotain's look-ahead for MANY sees only the first token; the gate tells ", then" from ", planned".
    this.MANY({
      GATE: () => this.LA(1).tokenType === T.Then || (this.LA(1).tokenType === T.Comma && this.LA(2).tokenType === T.Then),
      DEF: () => {
      this.OPTION2(() => this.CONSUME(T.Comma));
      const segStart = this.CONSUME(T.Then);
      const e = this.SUBRULE1(this.every);
      this.CONSUME1(T.Until);
      const u = this.SUBRULE1(this.untilList);
      this.ACTION(() => e && segments.push({ every: e, until: u ?? [], loc: this.span(segStart) }));
      },
    });
    const planAhead = this.OPTION3(() => {
      this.OPTION4(() => this.CONSUME1(T.Comma));
      this.CONSUME(T.Planned);
      const d = this.SUBRULE(this.duration);
      this.CONSUME(T.Ahead);
      return d;
    });
    return this.ACTION(() => ({ kind: 'cadence' as const, from, segments, planAhead, loc: this.span(start) }));
  });

  /** every := 'weekly' | 'every' (ORDINAL unit | duration | unit) */
  private every = this.RULE('every', (): A.DurationNode => {
    const start = this.LA(1);
    return this.OR([
      { ALT: () => { this.CONSUME(T.Weekly); return this.ACTION(() => ({ months: 0, weeks: 1, days: 0, hours: 0, loc: this.span(start) })); } },
      {
        ALT: () => {
          this.CONSUME(T.Every);
          return this.OR1([
            {
              ALT: () => {
                const n = this.CONSUME(T.Ordinal);
                const u = this.SUBRULE(this.unit);
                return this.ACTION(() => single(num(n).value, u, this.span(start), tokLoc(n)));
              },
            },
            { ALT: () => this.SUBRULE(this.duration) },
            { ALT: () => { const u = this.SUBRULE1(this.unit); return this.ACTION(() => single(1, u, this.span(start))); } },
          ]);
        },
      },
    ]);
  });

  /** untilList := point ('or' point)* */
  private untilList = this.RULE('untilList', (): A.PointNode[] => {
    const out: A.PointNode[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Or, DEF: () => { const p = this.SUBRULE(this.point); this.ACTION(() => p && out.push(p)); } });
    return out;
  });

  /** condition := conjunction ('or' conjunction)* */
  private condition = this.RULE('condition', (): A.ConditionNode => {
    const start = this.LA(1);
    const parts: A.ConditionNode[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Or, DEF: () => { const c = this.SUBRULE(this.conjunction); this.ACTION(() => c && parts.push(c)); } });
    return this.ACTION(() => (parts.length === 1 ? parts[0]! : { kind: 'any' as const, conditions: parts, loc: this.span(start) }));
  });

  /** conjunction := unary ('and' unary)* */
  private conjunction = this.RULE('conjunction', (): A.ConditionNode => {
    const start = this.LA(1);
    const parts: A.ConditionNode[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.And, DEF: () => { const c = this.SUBRULE(this.unary); this.ACTION(() => c && parts.push(c)); } });
    return this.ACTION(() => (parts.length === 1 ? parts[0]! : { kind: 'all' as const, conditions: parts, loc: this.span(start) }));
  });

  /** unary := 'not' unary | 'premature' | '(' condition ')' | ID ('has happened' | 'has not happened' | 'is done') */
  private unary = this.RULE('unary', (): A.ConditionNode => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          const c = this.SUBRULE(this.unary);
          return this.ACTION(() => ({ kind: 'not' as const, condition: c, loc: this.span(start) }));
        },
      },
      { ALT: () => { this.CONSUME(T.Premature); return this.ACTION(() => ({ kind: 'premature' as const, loc: this.span(start) })); } },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const c = this.SUBRULE(this.condition);
          this.CONSUME(T.RParen);
          return c;
        },
      },
      {
        ALT: () => {
          const id = this.CONSUME(T.Identifier);
          const how = this.OR1([
            { ALT: () => this.CONSUME(T.HasHappened) },
            { ALT: () => this.CONSUME(T.HasNotHappened) },
            { ALT: () => this.CONSUME(T.IsDone) },
          ]);
          return this.ACTION((): A.ConditionNode =>
            how.tokenType === T.IsDone
              ? { kind: 'done', name: name(id), loc: this.span(start) }
              : { kind: 'happened', name: name(id), negated: how.tokenType === T.HasNotHappened, loc: this.span(start) },
          );
        },
      },
    ]);
  });
}

/** Tokens that begin a declaration: where parsing can safely start again after garbage. */
export const declarationStarts = new Set<TokenType>([
  T.Programme, T.Version, T.TimeZone, T.ClosedOn, T.RemindersAt, T.CaseMeetingsOn, T.Role, T.Group, T.Event, T.Phase,
  T.VisitNorm, T.Default, T.Task, T.Meeting, T.Visit, T.Questionnaire,
]);

function dutyOf(t: TokenType): A.RoleDuty {
  return t === T.IsTeamLeader ? 'teamLeader' : t === T.IsDepartmentLeader ? 'departmentLeader' : 'caseworker';
}

function markOf(t: TokenType): A.LifecycleMark {
  return t === T.MarksStart ? 'start' : t === T.MarksIntake ? 'intake' : t === T.MarksBirth ? 'birth' : 'discharge';
}

function kindName(t: TokenType): A.StepKindName {
  return t === T.Meeting ? 'meeting' : t === T.Visit ? 'visit' : t === T.Questionnaire ? 'questionnaire' : 'task';
}

/** "every 4. week" / "every week": one unit, `n` times; `numberLoc` where the number is written. */
function single(n: number, unit: IToken | undefined, loc: A.Loc, numberLoc?: A.Loc): A.DurationNode {
  const d: A.DurationNode = { months: 0, weeks: 0, days: 0, hours: 0, loc };
  const key = unit && unitOf.get(unit.tokenType.name);
  if (key) {
    d[key] = n;
    d.parts = [{ value: n, unit: key, loc: numberLoc ?? loc }];
  }
  return d;
}

let parser: RulesParser | undefined;
/**
 * One parser instance serves every parse (chevrotain parsers are reusable via `input`). Built on the
 * first parse, not when the module loads: building it analyses the grammar (~100 ms), and commands
 * that never parse rules load this module through the staff directory's checks.
 */
export function rulesParser(): RulesParser {
  return (parser ??= new RulesParser());
}
