// What the project around a file says: the module format the file runs as (ESM or CommonJS,
// after TypeScript compiles it), where tsconfig puts compiled output, and which dependencies
// package.json already lists. Files are read through the caller's `readFile`.
import * as path from 'node:path';
import * as ts from 'typescript';
import type { FixOptions } from './types';

export type ModuleFormat = 'esm' | 'cjs';

export interface TsProject {
  configPath: string;
  /** Lower-cased `module` option, if set. */
  module?: string;
  noEmit: boolean;
  outDir?: string;
  rootDir?: string;
  /** Explicit `files` list (then a new file is not compiled unless added). */
  files?: string[];
}

export interface ProjectInfo {
  /** The format the file runs as. */
  format: ModuleFormat;
  /** How the format was decided, for refusal messages. */
  formatSource: string;
  isTypeScript: boolean;
  tsconfig?: TsProject;
  packageJson?: { path: string; type?: string; dependencies: Set<string> };
}

const MAX_LEVELS = 12;

function findUp(start: string, name: string, readFile: FixOptions['readFile']): { path: string; text: string } | undefined {
  if (!readFile || !path.isAbsolute(start)) return undefined;
  let dir = start;
  for (let i = 0; i < MAX_LEVELS; i++) {
    const candidate = path.join(dir, name);
    const text = readFile(candidate);
    if (text !== undefined) return { path: candidate, text };
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function readTsconfig(configPath: string, text: string, readFile: FixOptions['readFile'], depth = 0): Record<string, unknown> {
  const parsed = ts.parseConfigFileTextToJson(configPath, text);
  const config = (parsed.config ?? {}) as Record<string, unknown>;
  const base = typeof config.extends === 'string' && config.extends.startsWith('.') && depth < 4 && readFile
    ? (() => {
        const target = path.resolve(path.dirname(configPath), config.extends.endsWith('.json') ? config.extends : `${config.extends}.json`);
        const baseText = readFile(target);
        return baseText === undefined ? {} : readTsconfig(target, baseText, readFile, depth + 1);
      })()
    : {};
  const baseOptions = (base.compilerOptions ?? {}) as Record<string, unknown>;
  const own = (config.compilerOptions ?? {}) as Record<string, unknown>;
  // Relative paths in an extended config resolve against that config's folder.
  return { ...base, ...config, compilerOptions: { ...baseOptions, ...own } };
}

function tsProject(filePath: string, options: FixOptions): TsProject | undefined {
  const found = findUp(path.dirname(filePath), 'tsconfig.json', options.readFile);
  if (!found) return undefined;
  const config = readTsconfig(found.path, found.text, options.readFile);
  const co = config.compilerOptions as Record<string, unknown>;
  const dir = path.dirname(found.path);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    configPath: found.path,
    module: str(co.module)?.toLowerCase(),
    noEmit: co.noEmit === true,
    outDir: str(co.outDir) && path.resolve(dir, str(co.outDir)!),
    rootDir: str(co.rootDir) && path.resolve(dir, str(co.rootDir)!),
    files: Array.isArray(config.files) ? (config.files as unknown[]).filter((f): f is string => typeof f === 'string').map((f) => path.resolve(dir, f)) : undefined,
  };
}

function packageJson(filePath: string, options: FixOptions): ProjectInfo['packageJson'] {
  const found = findUp(path.dirname(filePath), 'package.json', options.readFile);
  if (!found) return undefined;
  try {
    const json = JSON.parse(found.text) as Record<string, unknown>;
    const dependencies = new Set<string>();
    for (const key of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      const deps = json[key];
      if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) dependencies.add(name);
    }
    return { path: found.path, type: typeof json.type === 'string' ? json.type : undefined, dependencies };
  } catch {
    return undefined;
  }
}

const CJS_SYNTAX = /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w+\s*=|\b__dirname\b|\b__filename\b/;

/** Decides the module format `sourceFile` runs as, from its extension, tsconfig, package.json and syntax. */
export function projectInfo(sourceFile: ts.SourceFile, filePath: string, options: FixOptions): ProjectInfo {
  const ext = path.extname(filePath).toLowerCase();
  const isTypeScript = /^\.[cm]?tsx?$/.test(ext);
  const pkg = packageJson(filePath, options);
  const tsconfig = isTypeScript ? tsProject(filePath, options) : undefined;
  const base = { isTypeScript, tsconfig, packageJson: pkg };
  if (ext === '.mjs' || ext === '.mts') return { ...base, format: 'esm', formatSource: `the ${ext} extension` };
  if (ext === '.cjs' || ext === '.cts') return { ...base, format: 'cjs', formatSource: `the ${ext} extension` };
  const text = sourceFile.text;
  const hasEsmSyntax = sourceFile.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s) ||
    (ts.canHaveModifiers(s) && !!ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)));
  const byPackage = (): ModuleFormat => (pkg?.type === 'module' ? 'esm' : 'cjs');
  if (isTypeScript) {
    const module = tsconfig?.module;
    if (module === 'commonjs' || module === 'umd' || module === 'amd') return { ...base, format: 'cjs', formatSource: `tsconfig \`module: ${module}\`` };
    if (module && /^(es\d+|esnext|preserve|system)$/.test(module)) return { ...base, format: 'esm', formatSource: `tsconfig \`module: ${module}\`` };
    if (module && /^node/.test(module)) return { ...base, format: byPackage(), formatSource: `tsconfig \`module: ${module}\` and package.json \`type\`` };
    if (/\bimport\.meta\b/.test(text)) return { ...base, format: 'esm', formatSource: '`import.meta` in the file' };
    if (CJS_SYNTAX.test(text)) return { ...base, format: 'cjs', formatSource: 'CommonJS globals in the file' };
    return { ...base, format: byPackage(), formatSource: pkg ? 'package.json `type`' : 'the Node.js default (no package.json found)' };
  }
  if (hasEsmSyntax || /\bimport\.meta\b/.test(text)) return { ...base, format: 'esm', formatSource: 'import/export syntax' };
  if (CJS_SYNTAX.test(text)) return { ...base, format: 'cjs', formatSource: '`require`/`module.exports` in the file' };
  return { ...base, format: byPackage(), formatSource: pkg ? 'package.json `type`' : 'the Node.js default (no package.json found)' };
}

/**
 * True when TypeScript keeps `import()` as is in this file's output. With `module: commonjs`
 * it becomes `require()`, which cannot load an ESM-only package on Node 20.
 */
export function keepsDynamicImport(info: ProjectInfo): boolean | undefined {
  if (!info.isTypeScript || info.format === 'esm') return true;
  const module = info.tsconfig?.module;
  if (!module) return undefined;
  return /^node/.test(module);
}

/** True when package.json lists `name` as a runtime dependency. */
export function hasDependency(info: ProjectInfo, name: string): boolean {
  return info.packageJson?.dependencies.has(name) ?? false;
}
