/**
 * Static checks of a template against the variables it will be given, for `templates check`:
 * a name that is not a template variable (`agent.nmae`, with the closest real one), and a
 * `{% block %}` in a template that extends another where the parent has no block of that name
 * (nunjucks ignores such a block silently, so an override would never show).
 */
import { closest } from '../util/text.js';
import type { TemplateRenderer } from './environment.js';

export interface TemplateProblem {
  /** 1-based line in the template file. */
  line: number;
  message: string;
}

const COMMENT = /{#[\s\S]*?#}/g;
const RAW = /{%-?\s*raw\s*-?%}[\s\S]*?{%-?\s*endraw\s*-?%}/g;
const TAG = /{{-?([\s\S]*?)-?}}|{%-?([\s\S]*?)-?%}/g;
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'if',
  'else',
  'elif',
  'endif',
  'for',
  'endfor',
  'set',
  'endset',
  'true',
  'false',
  'none',
  'null',
  'True',
  'False',
  'None',
  'loop',
  'super',
  'caller',
  'range',
  'cycler',
  'joiner',
  'block',
  'endblock',
  'extends',
  'include',
  'import',
  'from',
  'as',
  'with',
  'without',
  'context',
  'macro',
  'endmacro',
  'call',
  'endcall',
  'filter',
  'endfilter',
  'raw',
  'endraw',
  'defined',
  'undefined',
  'odd',
  'even',
  'divisibleby',
  'sameas',
  'ignore',
  'missing',
]);

/** Blanks out comments, raw blocks and string literals, keeping every offset (so lines still count). */
function code(source: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  return source.replace(COMMENT, blank).replace(RAW, blank);
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Whether a dotted path leads somewhere in a sample. A list stands for its items: the path may
 * go on in any of them, and a loop over a list (the same path) is found even when it is empty.
 */
function lookup(root: unknown, path: readonly string[]): { found: boolean } {
  if (path.length === 0) return { found: true };
  if (Array.isArray(root)) return { found: root.some((item) => lookup(item, path).found) };
  const [part, ...rest] = path as [string, ...string[]];
  if (root === null || typeof root !== 'object') {
    return { found: typeof root === 'string' && part === 'length' && rest.length === 0 };
  }
  if (!Object.hasOwn(root, part)) return { found: false };
  const value = (root as Record<string, unknown>)[part];
  if (Array.isArray(value) && value.length === 0 && rest.length === 0) return { found: true };
  return lookup(value, rest);
}

/** Every dotted path of a sample, for suggestions (`agent.name`, `step.number`, …). */
export function pathsOf(value: unknown, prefix = '', depth = 0): string[] {
  if (depth > 3) return [];
  if (Array.isArray(value)) return value.length > 0 ? pathsOf(value[0], prefix, depth + 1) : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...pathsOf(child, path, depth + 1)];
  });
}

/**
 * Names used in a template that its variables do not have. Names bound by `for`, `set` and
 * `macro` are followed as far as they can be: `for dep in dependencies` makes `dep.x` a field
 * of a dependency.
 */
export function checkVariables(source: string, samples: readonly object[]): TemplateProblem[] {
  const text = code(source);
  const bound = new Map<string, string[] | null>(); // name → the path it stands for (null: unknown shape)
  const problems: TemplateProblem[] = [];
  const known = [...new Set(samples.flatMap((sample) => pathsOf(sample)))];
  const exists = (path: string[]) => samples.some((sample) => lookup(sample, path).found);
  for (const match of text.matchAll(TAG)) {
    const inner = (match[1] ?? match[2] ?? '').replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (literal) =>
      ' '.repeat(literal.length),
    );
    const forLoop = /^\s*for\s+([\w\s,]+?)\s+in\s+([\w.]+)/.exec(inner);
    if (forLoop) {
      const names = forLoop[1]!.split(',').map((name) => name.trim());
      const written = forLoop[2]!.split('.');
      // `for dep in step.dependencies` inside `for step in report.steps`: dep is in report.steps[].dependencies.
      const through = bound.get(written[0]!);
      const over = through ? [...through, ...written.slice(1)] : written;
      for (const [index, name] of names.entries()) bound.set(name, names.length === 1 || index === 1 ? over : null);
    }
    const setTo = /^\s*set\s+([\w\s,]+?)\s*=/.exec(inner);
    if (setTo) for (const name of setTo[1]!.split(',')) bound.set(name.trim(), null);
    const macro = /^\s*macro\s+(\w+)\s*\(([^)]*)\)/.exec(inner);
    if (macro) {
      bound.set(macro[1]!, null);
      for (const parameter of macro[2]!.split(',')) bound.set(parameter.split('=')[0]!.trim(), null);
    }
    const importAs = /\bas\s+(\w+)/.exec(inner);
    if (importAs && /^\s*(import|from)\b/.test(inner)) bound.set(importAs[1]!, null);
    if (/^\s*(block|endblock|extends|include|import|from|macro|call|filter)\b/.test(inner)) continue;
    for (const reference of inner.matchAll(/(^|[^\w.|])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g)) {
      const before = inner.slice(0, reference.index! + reference[1]!.length).trimEnd();
      if (before.endsWith('|') || /\bis\s*(not\s*)?$/.test(before)) continue; // a filter or a test, not a variable
      const path = reference[2]!.split('.');
      const root = path[0]!;
      if (
        KEYWORDS.has(root) ||
        (forLoop &&
          forLoop[1]!
            .split(',')
            .map((name) => name.trim())
            .includes(root) &&
          path.length === 1)
      )
        continue;
      if (
        inner
          .slice(reference.index! + reference[0].length)
          .trimStart()
          .startsWith('(')
      )
        continue; // a call: a macro or a method
      let resolved: string[];
      if (bound.has(root)) {
        const target = bound.get(root);
        if (!target) continue;
        resolved = [...target, ...path.slice(1)];
      } else resolved = path;
      if (exists(resolved)) continue;
      const name = path.join('.');
      const suggestion = closest(resolved.join('.'), known);
      problems.push({
        line: lineAt(
          source,
          match.index! + (match[0].indexOf(reference[2]!) === -1 ? 0 : match[0].indexOf(reference[2]!)),
        ),
        message:
          `"${name}" is not a template variable${didYouMean(suggestion, bound, root)} ` +
          '(README "Template variables" lists them)',
      });
    }
  }
  return problems;
}

const BLOCK = /{%-?\s*block\s+([A-Za-z_]\w*)/g;
const EXTENDS = /{%-?\s*extends\s+(["'])([^"'\n]+)\1/;

/** Blocks of a template that extends another where the parent chain has no block of that name. */
export function checkBlocks(renderer: TemplateRenderer, name: string): TemplateProblem[] {
  const source = code(renderer.resolve(name).source);
  const parent = EXTENDS.exec(source)?.[2];
  if (!parent) return [];
  const inherited = new Set<string>();
  for (const entry of renderer.chain(parent))
    for (const match of code(renderer.resolve(entry).source).matchAll(BLOCK)) inherited.add(match[1]!);
  const problems: TemplateProblem[] = [];
  for (const match of source.matchAll(BLOCK)) {
    const block = match[1]!;
    if (inherited.has(block)) continue;
    const suggestion =
      closest(block, [...inherited]) ?? [...inherited].find((candidate) => candidate.slice(0, 5) === block.slice(0, 5));
    problems.push({
      line: lineAt(source, match.index!),
      message:
        `block "${block}" is not a block of ${parent}, so nunjucks never shows ` +
        `it${suggestion ? ` — did you mean "${suggestion}"?` : ''} (its blocks: ${[...inherited].join(', ')})`,
    });
  }
  return problems;
}

/** ` — did you mean "x"?` for a suggestion, written with the loop variable when it came from one. */
function didYouMean(suggestion: string | undefined, bound: Map<string, string[] | null>, root: string): string {
  if (!suggestion) return '';
  const over = bound.get(root);
  return ` — did you mean "${over ? suggestion.replace(over.join('.'), root) : suggestion}"?`;
}
