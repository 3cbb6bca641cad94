/**
 * Vugge's custom search attributes: what the leaders' overdue view and a caseworker's "my cases"
 * list query through Temporal visibility. No personal data: case ids, staff ids, unit and
 * municipality codes, step ids and dates only. The dev server registers these at start
 * (scripts/dev-server.mjs reads `searchAttributeRegistrations`).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const PHASE = defineSearchAttributeKey('VuggePhase', SearchAttributeType.INT);
export const OVERDUE_COUNT = defineSearchAttributeKey('VuggeOverdueCount', SearchAttributeType.INT);
export const NEXT_DUE = defineSearchAttributeKey('VuggeNextDue', SearchAttributeType.DATETIME);
/** Staff ids of everyone on the case's team and of the unit's leaders (from the staff directory). */
export const OWNERS = defineSearchAttributeKey('VuggeOwners', SearchAttributeType.KEYWORD_LIST);
export const UNIT = defineSearchAttributeKey('VuggeUnit', SearchAttributeType.KEYWORD);
export const MUNICIPALITY = defineSearchAttributeKey('VuggeMunicipality', SearchAttributeType.KEYWORD);
export const PROGRAMME = defineSearchAttributeKey('VuggeProgramme', SearchAttributeType.KEYWORD);
export const RULES_VERSION = defineSearchAttributeKey('VuggeRulesVersion', SearchAttributeType.KEYWORD);
/**
 * One keyword per overdue occurrence, `stepId|occurrence|latestDate|ownerStaffId[,ownerStaffId]`,
 * so the overdue list is one visibility query with no per-case fan-out.
 */
export const OVERDUE_ITEMS = defineSearchAttributeKey('VuggeOverdueItems', SearchAttributeType.KEYWORD_LIST);

export const allSearchAttributes = [PHASE, OVERDUE_COUNT, NEXT_DUE, OWNERS, UNIT, MUNICIPALITY, PROGRAMME, RULES_VERSION, OVERDUE_ITEMS];

/** `temporal server start-dev --search-attribute Name=Type` values. */
export const searchAttributeRegistrations: string[] = allSearchAttributes.map((key) => {
  const cliType: Record<string, string> = {
    INT: 'Int',
    DATETIME: 'Datetime',
    KEYWORD: 'Keyword',
    KEYWORD_LIST: 'KeywordList',
    TEXT: 'Text',
    BOOL: 'Bool',
    DOUBLE: 'Double',
  };
  return `${key.name}=${cliType[key.type]}`;
});
