// The diagnostics the fixture files must produce ("rule severity line:column", 1-based).
export const CPU_TABLE = [
  'blocking-sync-call info 16:38',
  'blocking-sync-call info 20:21',
  'hot-loop info 16:10',
  'hot-loop info 7:3',
];

export const IO_TABLE = ['await-in-loop warning 6:3', 'sequential-awaits info 13:3'];
