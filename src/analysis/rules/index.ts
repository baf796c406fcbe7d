// The rule registry: ids, descriptions, default severities and docs links.
import type { RuleId } from '../types';
import { awaitInLoop } from './await-in-loop';
import { blockingSyncCall } from './blocking-sync-call';
import { hotLoop } from './hot-loop';
import type { Rule } from './rule';
import { sequentialAwaits } from './sequential-awaits';

export type { Rule } from './rule';

const DOCS_BASE = 'https://github.com/workload-hints/workload-hints/blob/main/docs/rules/';

/** Link to a rule's documentation page (docs/rules/<id>.md). */
export function docsUrl(id: RuleId): string {
  return `${DOCS_BASE}${id}.md`;
}

/** A rule with the link to its docs page. */
export type RegisteredRule = Rule & { readonly docs: string };

export const RULES: readonly RegisteredRule[] = [blockingSyncCall, awaitInLoop, sequentialAwaits, hotLoop]
  .map((rule) => Object.assign(rule, { docs: docsUrl(rule.id) }));

export function ruleById(id: string): RegisteredRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
