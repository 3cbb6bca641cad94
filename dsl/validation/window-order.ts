import type { Loc, PointNode } from '../language/ast.js';
import { rulesError, type RulesError } from '../errors.js';
import type { ValidationRule } from './context.js';

/**
 * Where a point lies on a time line, when it can be known from the text alone: points counted from
 * the same thing (the due date, the birth, the intake, one event) compare by approximate days.
 */
function position(p: PointNode): { line: string; days: number } | undefined {
  const a = p.anchor;
  const sign = p.direction === 'before' ? -1 : 1;
  const o = p.offset;
  const offset = o ? sign * (o.days + 7 * o.weeks + 30.44 * o.months + o.hours / 24) : 0;
  switch (a.kind) {
    case 'pregnancyWeek':
      return { line: 'pregnancy', days: (a.week - 40) * 7 + (a.edge === 'end' ? 6 : 0) + offset };
    case 'term':
      return { line: 'pregnancy', days: offset };
    case 'childAge':
      return { line: 'child', days: a.months * 30.44 + offset };
    case 'childMonthOfLife':
      return { line: 'child', days: (a.month - 1) * 30.44 + offset };
    case 'interventionMonth':
      return { line: 'ref:intake', days: a.months * 30.44 + offset };
    case 'ref':
      return { line: `ref:${a.name.value}`, days: offset };
  }
}

const before = (a: PointNode, b: PointNode): boolean => {
  const pa = position(a);
  const pb = position(b);
  return !!pa && !!pb && pa.line === pb.line && pb.days < pa.days;
};

/** A window ends after it starts, its target lies inside it, and visit-norm age bands run forwards. */
export const windowOrder: ValidationRule = ({ ast }) => {
  const errors: RulesError[] = [];
  const err = (loc: Loc, da: string, en: string, path: string[]) => errors.push(rulesError('window.order', loc, da, en, path));
  for (const step of ast.steps) {
    const w = step.when;
    if (w?.kind !== 'window' || !w.from) continue;
    if (w.to && before(w.from, w.to)) {
      err(w.to.loc,
        'Vinduet slutter før det begynder: slutpunktet efter \'to\' skal ligge efter startpunktet efter \'from\'.',
        "The window ends before it starts: the point after 'to' must lie after the point after 'from'.",
        ['steps', step.id?.value ?? '', 'when', 'to']);
    }
    if (w.target && (before(w.from, w.target) || (w.to && before(w.target, w.to)))) {
      err(w.target.loc,
        'Måldatoen ligger uden for vinduet: vælg et mål mellem start og slut.',
        'The target lies outside the window: choose a target between start and end.',
        ['steps', step.id?.value ?? '', 'when', 'target']);
    }
  }
  for (const [i, band] of ast.norms.entries()) {
    if (band.toMonths && band.fromMonths && band.toMonths.value <= band.fromMonths.value) {
      err(band.toMonths.loc,
        `Aldersintervallet ${band.fromMonths.value} til ${band.toMonths.value} måneder slutter før det begynder: byt om på tallene.`,
        `The age band ${band.fromMonths.value} to ${band.toMonths.value} months ends before it starts: swap the numbers.`,
        ['norms', String(i + 1), 'toMonths']);
    }
    if (band.normHours && band.minHours && band.normHours.value < band.minHours.value) {
      err(band.normHours.loc,
        'Normens øvre grænse er mindre end minimum: skriv fx "4 to 6 hours per week".',
        'The upper end of the norm is below the minimum: write e.g. "4 to 6 hours per week".',
        ['norms', String(i + 1), 'normHours']);
    }
  }
  return errors;
};
