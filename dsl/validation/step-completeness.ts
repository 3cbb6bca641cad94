import { rulesError, type RulesError } from '../errors.js';
import type { ValidationRule } from './context.js';

/** Each step says its phase, its owner and when it is due (a date, a recurrence or 'on request'), and nothing twice over. */
export const stepCompleteness: ValidationRule = ({ ast }) => {
  const errors: RulesError[] = [];
  for (const step of ast.steps) {
    if (!step.id) continue;
    const id = step.id.value;
    const at = step.id.loc;
    if (!step.phase) {
      errors.push(rulesError('step.no-phase', at,
        `Trinnet '${id}' mangler en fase: tilføj fx 'in phase 2'.`,
        `The step '${id}' has no phase: add e.g. 'in phase 2'.`, ['steps', id, 'phase']));
    }
    if (step.owners.length === 0) {
      errors.push(rulesError('step.no-owner', at,
        `Trinnet '${id}' mangler en ansvarlig: tilføj fx 'owner socialraadgiver'.`,
        `The step '${id}' has no owner: add e.g. 'owner socialraadgiver'.`, ['steps', id, 'owners']));
    }
    if (!step.when && !step.recurrence && !step.onRequest) {
      errors.push(rulesError('step.no-timing', at,
        `Trinnet '${id}' bliver aldrig aktuelt: tilføj en frist ('due …'), en gentagelse ('repeat …') eller 'on request'.`,
        `The step '${id}' never becomes due: add a due clause ('due …'), a recurrence ('repeat …') or 'on request'.`, ['steps', id, 'when']));
    }
    if (step.onRequest && (step.when || step.recurrence)) {
      errors.push(rulesError('step.on-request-with-date', step.onRequest,
        `Trinnet '${id}' er både 'on request' og har en frist: fjern det ene.`,
        `The step '${id}' is both 'on request' and has a date: remove one of them.`, ['steps', id, 'onRequest']));
    }
    if (step.kind === 'questionnaire' && !step.instrument) {
      errors.push(rulesError('step.no-instrument', at,
        `Spørgeskemaet '${id}' mangler et instrument: tilføj fx 'instrument "RFQ"'.`,
        `The questionnaire '${id}' names no instrument: add e.g. 'instrument "RFQ"'.`, ['steps', id, 'instrument']));
    }
    if (step.durationMinutes && step.durationMinutes.value <= 0) {
      errors.push(rulesError('step.duration', step.durationMinutes.loc,
        'Et møde skal vare mindst 1 minut.', 'A meeting must last at least 1 minute.', ['steps', id, 'durationMinutes']));
    }
  }
  return errors;
};
