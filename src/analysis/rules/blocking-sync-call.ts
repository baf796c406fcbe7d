// blocking-sync-call: a synchronous Node API that blocks the event loop while it waits or computes.
import { formatMessage, whereItRuns, type FindingDraft, type Rule } from './rule';

const SHIFT = { handler: 1, async: 0, sync: -1, module: -2 } as const;

export const blockingSyncCall: Rule = {
  id: 'blocking-sync-call',
  description: 'Synchronous Node.js APIs (fs *Sync, crypto pbkdf2Sync/scryptSync, zlib *Sync, execSync…) block the event loop; use their async counterparts.',
  defaultSeverity: 'warning',
  messages: {
    io: '`{{callee}}` blocks the event loop {{where}} until the {{what}} finishes; use `{{asyncName}}` from `{{asyncModule}}`',
    cpu: '`{{callee}}` computes on the event-loop thread {{where}}; `{{asyncName}}` runs the same work on the libuv thread pool',
  },
  check(unit) {
    const drafts: FindingDraft[] = [];
    for (const { call, api } of unit.syncCalls) {
      const where = whereItRuns(unit);
      const callee = api.module === 'fs' || api.module === 'child_process' || api.module === 'crypto' || api.module === 'zlib'
        ? `${call.root && call.path.length > 0 ? `${call.root}.` : ''}${api.name}`
        : api.name;
      const data = {
        callee, where: where.text, context: where.kind, module: api.module, name: api.name,
        asyncModule: api.asyncModule, asyncName: api.asyncName, sameShape: api.sameShape, via: api.via, work: api.work,
        what: api.module === 'child_process' ? 'child process' : 'file system call',
      };
      drafts.push({
        node: call.node,
        message: formatMessage(api.work === 'cpu' ? this.messages.cpu : this.messages.io, data),
        severityShift: SHIFT[where.kind],
        data,
      });
    }
    return drafts;
  },
};
