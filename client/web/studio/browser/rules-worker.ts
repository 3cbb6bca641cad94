/**
 * The rules editor's web worker: compiles the draft with the real compiler (dsl/, bundled for the
 * browser) off the page's thread, and answers with the diagnostics and the draft's ids and steps.
 * Only the newest request counts; the page drops answers to older ones.
 */
import { analyseRules, type Analysis, type Lang } from '../analysis.js';

export interface CheckRequest {
  seq: number;
  source: string;
  lang: Lang;
}

export interface CheckAnswer extends Analysis {
  seq: number;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<CheckRequest>) => void) | null; postMessage(answer: CheckAnswer): void };

scope.onmessage = (e) => {
  const { seq, source, lang } = e.data;
  scope.postMessage({ seq, ...analyseRules(source, lang) });
};
