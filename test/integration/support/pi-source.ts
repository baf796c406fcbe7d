// The Monte-Carlo pi estimate the editor tests profile and rewrite: CPU-bound, one loop over
// `samples`. No `vscode` import, so the UI tests share it too.

/** Lines of `export function estimatePi(samples)`, with TypeScript types or as JavaScript. */
export function estimatePiLines(typed = true): string[] {
  return [
    typed ? 'export function estimatePi(samples: number): number {' : 'export function estimatePi(samples) {',
    '  let inside = 0;',
    '  for (let i = 0; i < samples; i++) {',
    '    const x = Math.random();',
    '    const y = Math.random();',
    '    if (x * x + y * y <= 1) inside++;',
    '  }',
    '  return (4 * inside) / samples;',
    '}',
  ];
}
