// sequential-awaits: consecutive awaits where no later one uses an earlier result or depends
// on an earlier side effect, so they could run at the same time.
import { MUTATING_VERBS, SETUP_VERBS } from '../catalog';
import type { AwaitStatementFact } from '../facts/types';
import { formatMessage, type FindingDraft, type Rule } from './rule';

/** Receivers that are one ordered session: two calls on them cannot overlap. */
const SESSION_RECEIVER = /^(client|conn|connection|db|tx|trx|transaction|session|page|socket|ws|stream|cursor|channel|queue|browser|writer|reader|file|handle|fh|lock|mutex|sftp|ftp|ssh|repl|shell|proc|child|this)$/i;
const READ_VERB = /^(read|get|fetch|find|load|list|stat|exists|query|select|count|head|download|lookup|search|scan|readdir|access)/i;

/** Why `later` must wait for `earlier`, or undefined when they are independent. */
export function dependencyReason(earlier: AwaitStatementFact, later: AwaitStatementFact): string | undefined {
  const a = earlier.await;
  const b = later.await;
  if (!a || !b) return 'not an await';
  if (!a.call || !b.call) return 'awaits an existing promise';
  if (a.isSleep || b.isSleep) return 'a deliberate pause';
  if (a.isCombinator || b.isCombinator) return 'already a batch';
  for (const name of [...earlier.declared, ...earlier.assigned]) {
    if (b.reads.has(name)) return `uses \`${name}\` from line before`;
    if (later.declared.includes(name) || later.assigned.includes(name)) return `both assign \`${name}\``;
  }
  const first = a.call;
  const second = b.call;
  if (SETUP_VERBS.test(first.name)) return `\`${first.name}\` sets up state the next call relies on`;
  const sameReceiver = first.root !== undefined && first.root === second.root && first.path.length > 0 && second.path.length > 0;
  const receiverIsModule = first.resolved?.kind === 'module' || first.resolved?.kind === 'global';
  if (sameReceiver && !receiverIsModule && SESSION_RECEIVER.test(first.root!)) return `both go through \`${first.root}\` in order`;
  if (MUTATING_VERBS.test(first.name)) {
    if (sameReceiver && !receiverIsModule) return `\`${first.name}\` changes \`${first.root}\` before the next call`;
    if (READ_VERB.test(second.name)) return `\`${second.name}\` may read what \`${first.name}\` wrote`;
    const scope = first.scope;
    for (const ref of a.refs) {
      const root = ref.startsWith("'") ? ref : ref.split('.')[0];
      if (root === first.root || root === second.root) continue;
      if (!ref.startsWith("'") && scope.lookup(root)?.kind === 'module') continue;
      // Pattern: send(user.email) then send(user.phone) share no value; update(cfg) then deploy(cfg.env) do.
      const shared = [...b.refs].find((other) => other === ref || other.startsWith(`${ref}.`) || ref.startsWith(`${other}.`));
      if (shared !== undefined) return `both use \`${(shared.length < ref.length ? shared : ref).replace(/^'/, '"')}\` and \`${first.name}\` changes state`;
    }
  }
  return undefined;
}

/** Groups runs of consecutive await statements into maximal independent groups of two or more. */
export function independentGroups(statements: readonly AwaitStatementFact[]): AwaitStatementFact[][] {
  const groups: AwaitStatementFact[][] = [];
  let group: AwaitStatementFact[] = [];
  const close = () => {
    if (group.length >= 2) groups.push(group);
    group = [];
  };
  const ordered = [...statements].sort((x, y) => x.node.pos - y.node.pos);
  for (const statement of ordered) {
    const previous = group[group.length - 1];
    const adjacent = previous && previous.block === statement.block && previous.index + 1 === statement.index;
    if (!adjacent) {
      close();
    } else if (group.some((g) => dependencyReason(g, statement) !== undefined)) {
      close();
    }
    group.push(statement);
  }
  close();
  return groups;
}

export const sequentialAwaits: Rule = {
  id: 'sequential-awaits',
  description: 'Consecutive awaits that neither use earlier results nor depend on their side effects: they could run together.',
  defaultSeverity: 'info',
  messages: {
    group: '{{count}} independent awaits run one after another ({{calls}}); start them together with `Promise.all` so the waits overlap',
  },
  check(unit) {
    const drafts: FindingDraft[] = [];
    for (const group of independentGroups(unit.awaitStatements)) {
      const first = group[0].node;
      const last = group[group.length - 1].node;
      const calls = group.map((s) => `\`${[s.await?.call?.root, ...(s.await?.call?.path ?? [])].filter(Boolean).join('.')}\``).join(', ');
      const data = {
        count: group.length, calls,
        firstLine: first.getSourceFile().getLineAndCharacterOfPosition(first.getStart()).line + 1,
        lastLine: last.getSourceFile().getLineAndCharacterOfPosition(last.getStart()).line + 1,
        inOwnTry: group.every((s) => s.inOwnTry),
        hasResults: group.some((s) => s.kind !== 'expr'),
      };
      drafts.push({ node: first, endNode: last, message: formatMessage(this.messages.group, data), severityShift: 0, data });
    }
    return drafts;
  },
};
