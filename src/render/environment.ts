/**
 * One nunjucks Environment per run (compiling per render is ten times slower), with a loader
 * that looks in the user's templates folder before the built-ins and reads `builtin/<name>`
 * from the built-ins only, so an override can extend the template it replaces.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { ConductorError, isErrno } from '../errors.js';
import { BUILTIN_TEMPLATES_DIR, showPath } from '../util/package.js';
import { closest } from '../util/text.js';
import { pathsOf } from './check.js';
import { precompiledBuiltin } from './precompiled.js';
import { RENDER_OPTIONS } from './options.js';

export const BUILTIN_PREFIX = 'builtin/';

/**
 * Names a template may not look up. nunjucks' member lookup reaches any property of a value, and
 * from a function's `constructor` a template can make and run JavaScript
 * (`{{ range.constructor("…")() }}`); from `__proto__`, `prototype` and the old accessor methods it
 * can reach the same. Templates are code to review like code (README "Security"), but these known
 * ways out of the template language are closed: every lookup, by `.`, by `[]` and of a bare name,
 * goes through the two guarded functions of nunjucks' runtime below.
 */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

interface NunjucksRuntime {
  memberLookup(obj: unknown, key: unknown): unknown;
  contextOrFrameLookup(context: unknown, frame: unknown, name: string): unknown;
  conductorGuarded?: true;
}

function refuseName(key: unknown): void {
  const name = typeof key === 'symbol' ? undefined : String(key);
  if (name !== undefined && FORBIDDEN_NAMES.has(name)) {
    throw new Error(`"${name}" may not be looked up in a template (it leads out of the template language)`);
  }
}

/** Compiled templates call the runtime through its module object: guarding it once guards every template. */
function guardRuntime(runtime: NunjucksRuntime): void {
  if (runtime.conductorGuarded) return;
  const { memberLookup, contextOrFrameLookup } = runtime;
  runtime.memberLookup = (obj, key) => {
    refuseName(key);
    return memberLookup(obj, key);
  };
  runtime.contextOrFrameLookup = (context, frame, name) => {
    refuseName(name);
    return contextOrFrameLookup(context, frame, name);
  };
  runtime.conductorGuarded = true;
}

guardRuntime((nunjucks as unknown as { runtime: NunjucksRuntime }).runtime);

/** The parts of nunjucks that turn a template's text into code (not in its type declarations). */
interface NunjucksCompiler {
  compiler: {
    compile(source: string, asyncFilters: string[], extensions: unknown[], name: string, options: object): string;
  };
}

/**
 * A template's text as nunjucks compiles it: the body of a function that returns the root
 * render function and one per block. Throws nunjucks' error for a template that does not compile.
 */
export function compiledCode(source: string, name: string): string {
  return (nunjucks as unknown as NunjucksCompiler).compiler.compile(source, [], [], name, RENDER_OPTIONS);
}

/**
 * How deeply templates may include, extend or import one another while one prompt renders. The
 * built-ins go three deep; a loop through a variable name (`{% include name %}`) stops here
 * with a short error instead of running until the stack overflows.
 */
export const MAX_TEMPLATE_DEPTH = 64;

export interface ResolvedTemplate {
  name: string;
  file: string;
  origin: 'user' | 'builtin';
  source: string;
}

export interface TemplateRendererOptions {
  /** The user's templates folder (may not exist). */
  userDir?: string | undefined;
  builtinDir?: string;
  /** The project root, for naming files in messages. */
  root: string;
  /** Escape every value a template prints (the HTML report); prompts are markdown and are not escaped. */
  autoescape?: boolean;
}

/** `{% extends "x" %}`, `{% include "x" %}`, `{% import "x" as y %}`, `{% from "x" import y %}` */
const COMMENT = /{#[\s\S]*?#}/g;
const REFERENCE = /{%-?\s*(?:extends|include|import|from)\s+(["'])([^"'\n]+)\1/g;

export class TemplateRenderer {
  readonly userDir: string | undefined;
  readonly builtinDir: string;
  readonly root: string;
  private readonly autoescape: boolean;
  private env: nunjucks.Environment | undefined;
  private readonly resolved = new Map<string, ResolvedTemplate>();
  private readonly chains = new Map<string, string[]>();
  private readonly hashes = new Map<string, string>();
  /** Set when a render went past MAX_TEMPLATE_DEPTH, so its error says so. */
  private tooDeep = false;

  constructor(options: TemplateRendererOptions) {
    this.userDir = options.userDir;
    this.builtinDir = options.builtinDir ?? BUILTIN_TEMPLATES_DIR;
    this.root = options.root;
    this.autoescape = options.autoescape ?? false;
  }

  /** Finds a template by name: user folder first, then built-ins; `builtin/x` only among the built-ins. */
  resolve(name: string): ResolvedTemplate {
    const cached = this.resolved.get(name);
    if (cached) return cached;
    const clean = name.replace(/^\.\//, '');
    if (path.isAbsolute(clean) || clean.split(/[\\/]/).includes('..')) {
      throw new ConductorError('TEMPLATE', `template name "${name}" leaves the templates folder`, {
        hint: 'refer to templates by a name inside the templates folder, e.g. "builtin/session.md.njk"',
      });
    }
    const builtinOnly = clean.startsWith(BUILTIN_PREFIX);
    const relative = builtinOnly ? clean.slice(BUILTIN_PREFIX.length) : clean;
    const places: [string, 'user' | 'builtin'][] = [];
    if (!builtinOnly && this.userDir) places.push([this.userDir, 'user']);
    places.push([this.builtinDir, 'builtin']);
    for (const [dir, origin] of places) {
      const source = readInside(dir, relative, this.root);
      if (source !== undefined) {
        const template = { name, file: path.join(dir, relative), origin, source };
        this.resolved.set(name, template);
        return template;
      }
    }
    throw new ConductorError('TEMPLATE', `template "${name}" not found`, {
      remedies: [{ run: 'templates list', why: 'shows the templates there are' }],
    });
  }

  /**
   * The template and every template it extends, includes or imports (by literal name),
   * in a fixed order. Refuses a loop, which nunjucks would follow until the stack overflows.
   */
  chain(name: string): string[] {
    const cached = this.chains.get(name);
    if (cached) return cached;
    const seen: string[] = [];
    const visit = (current: string, path: string[]) => {
      const file = this.resolve(current).file;
      const loopAt = path.findIndex((entry) => this.resolve(entry).file === file);
      if (loopAt !== -1) {
        const names = [...path.slice(loopAt), current];
        throw new ConductorError('TEMPLATE', `templates refer to each other in a loop: ${names.join(' → ')}`, {
          where: showPath(this.resolve(path[path.length - 1]!).file, this.root),
          hint:
            names.length === 2 && !current.startsWith(BUILTIN_PREFIX)
              ? `to extend the built-in template of the same name, write {% extends "${BUILTIN_PREFIX}${current}" %}`
              : 'remove one of the references',
        });
      }
      if (seen.includes(current)) return;
      seen.push(current);
      const code = this.resolve(current).source.replace(COMMENT, '');
      for (const match of code.matchAll(REFERENCE)) visit(match[2]!, [...path, current]);
    };
    visit(name, []);
    this.chains.set(name, seen);
    return seen;
  }

  /** sha256 of the sources of a template's whole chain: part of a prompt's provenance. */
  chainHash(name: string): string {
    let digest = this.hashes.get(name);
    if (!digest) {
      const hash = createHash('sha256');
      for (const entry of this.chain(name)) hash.update(`${entry}\0${this.resolve(entry).source}\0`);
      digest = hash.digest('hex');
      this.hashes.set(name, digest);
    }
    return digest;
  }

  render(name: string, variables: object): string {
    this.chain(name);
    this.tooDeep = false;
    try {
      return this.environment().render(name, variables);
    } catch (error) {
      throw this.renderError(name, error, variables);
    }
  }

  /** Renders template text that is not a file (it may extend or include templates by name); errors name `errorsAs`. */
  renderString(source: string, variables: object, errorsAs: string): string {
    this.tooDeep = false;
    try {
      return this.environment().renderString(source, variables);
    } catch (error) {
      throw this.renderError(errorsAs, error);
    }
  }

  /** Compiles a template (and what it extends) without rendering it. */
  compile(name: string): void {
    this.chain(name);
    try {
      this.environment().getTemplate(name, true);
    } catch (error) {
      throw this.renderError(name, error);
    }
  }

  private environment(): nunjucks.Environment {
    if (this.env) return this.env;
    const loader = new ConductorLoader(this, () => {
      this.tooDeep = true;
    });
    // Autoescaping is decided when a template renders, so the shipped compiled templates serve both.
    const env = new nunjucks.Environment(loader, { ...RENDER_OPTIONS, autoescape: this.autoescape });
    env.addFilter('bullets', (items: unknown) =>
      asList(items)
        .map((item) => `- ${item}`)
        .join('\n'),
    );
    env.addFilter('numbered', (items: unknown) =>
      asList(items)
        .map((item, i) => `${i + 1}. ${item}`)
        .join('\n'),
    );
    // A double-quoted JSON string is a valid YAML scalar whatever it holds.
    env.addFilter('yaml', (value: unknown) =>
      JSON.stringify(value === undefined || value === null ? '' : String(value)),
    );
    this.env = env;
    return env;
  }

  /** nunjucks errors read "(file) [Line 3, Column 5]\n  Error: …"; keep the file, line and message. */
  private renderError(name: string, error: unknown, variables?: object): ConductorError {
    if (error instanceof ConductorError) return error;
    const text = error instanceof Error ? error.message : String(error);
    if (this.tooDeep || error instanceof RangeError || /Maximum call stack/.test(text)) {
      return new ConductorError(
        'TEMPLATE',
        `templates refer to each other more than ${MAX_TEMPLATE_DEPTH} deep (a loop through a variable name?)`,
        {
          where: showPath(this.resolve(name).file, this.root),
          cause: error,
        },
      );
    }
    // Errors inside blocks nest: "(file) [Line 8…]\n (file) [Line 3…]"; the last place is the real one.
    const match =
      [...text.matchAll(/\(([^)\n]+)\)(?:\s*\[Line (\d+), Column (\d+)\])?/g)]
        .filter((candidate) => candidate[2])
        .pop() ?? /\(([^)\n]+)\)/.exec(text);
    const file = match?.[1] && match[1] !== 'unknown path' ? match[1] : this.resolve(name).file;
    const line = match?.[2] ? `:${match[2]}` : ''; // nunjucks counts lines from 1
    const detail =
      text
        .split('\n')
        .map((part) => part.trim())
        .filter((part) => part && !part.startsWith('(') && part !== 'Template render error:')
        .pop() ?? text;
    let message = detail.replace(/^(Template render error: |Error: )/, '');
    if (message === 'attempted to output null or undefined value') {
      const column = match?.[3] ? Number(match[3]) : undefined;
      message = this.undefinedOutput(file, match?.[2] ? Number(match[2]) : undefined, column, variables);
    }
    return new ConductorError('TEMPLATE', message, { where: `${showPath(file, this.root)}${line}`, cause: error });
  }

  /** "agent.nmae is undefined — did you mean agent.name?", from the `{{ … }}` at the error's place. */
  private undefinedOutput(
    file: string,
    line: number | undefined,
    column: number | undefined,
    variables: object | undefined,
  ): string {
    const fallback = 'a variable in {{ }} is undefined (check its name against README "Template variables")';
    const source = [...this.resolved.values()].find((template) => template.file === file)?.source;
    const text = line && source ? source.split('\n')[line - 1] : undefined;
    const output =
      text === undefined ? undefined : /{{-?\s*([A-Za-z_][\w.]*)/.exec(text.slice(Math.max((column ?? 1) - 1, 0)));
    if (!output) return fallback;
    const suggestion = variables ? closest(output[1]!, pathsOf(variables)) : undefined;
    return (
      `"${output[1]}" is undefined${suggestion ? ` — did you mean "${suggestion}"?` : ''} (README ` +
      `"Template variables" lists the variables)`
    );
  }
}

function asList(items: unknown): string[] {
  if (Array.isArray(items)) return items.map(String);
  if (items === undefined || items === null || items === '') return [];
  return [String(items)];
}

/** A file's text, if it exists inside `dir` (a symlink may not lead out of it). */
function readInside(dir: string, relative: string, root: string): string | undefined {
  const file = path.join(dir, relative);
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return undefined;
    throw error;
  }
  const realDir = realpathSync(dir);
  if (!real.startsWith(realDir + path.sep)) {
    throw new ConductorError(
      'PATH_OUTSIDE',
      `template ${relative} is a link to ${real}, outside its templates folder`,
      {
        where: showPath(file, root),
        hint: 'copy the template into the templates folder instead of linking to it',
      },
    );
  }
  try {
    return readFileSync(real, 'utf8');
  } catch (error) {
    if (isErrno(error, 'EISDIR')) return undefined;
    throw error;
  }
}

type RootRender = (...args: unknown[]) => unknown;

/**
 * Serves templates to nunjucks through the renderer's resolution rules, already compiled: a
 * built-in one from the package (render/precompiled.ts), any other one here in memory (what nunjucks
 * would do itself). Each template's render function is wrapped to count how deeply templates run
 * inside one another (an include, an extends and an import each run one), so a loop through a
 * variable name stops at MAX_TEMPLATE_DEPTH. A template that does not compile is handed over as
 * text, so nunjucks reports the error as it always does.
 */
class ConductorLoader extends nunjucks.Loader implements nunjucks.ILoader {
  private depth = 0;

  constructor(
    private readonly renderer: TemplateRenderer,
    private readonly exceeded: () => void,
  ) {
    super();
  }

  getSource(name: string): nunjucks.LoaderSource {
    const template = this.renderer.resolve(name);
    const shipped =
      template.origin === 'builtin'
        ? precompiledBuiltin(
            path.relative(this.renderer.builtinDir, template.file).split(path.sep).join('/'),
            template.source,
          )
        : undefined;
    let compiled: { root: RootRender } & Record<string, unknown>;
    try {
      compiled = (
        shipped ? shipped.code() : new Function(compiledCode(template.source, template.file))()
      ) as typeof compiled;
    } catch {
      return { src: template.source, path: template.file, noCache: false };
    }
    const src = { type: 'code', obj: { ...compiled, root: this.counted(compiled.root) } };
    return { src, path: template.file, noCache: false } as unknown as nunjucks.LoaderSource;
  }

  private counted(root: RootRender): RootRender {
    return (...args) => {
      if (this.depth >= MAX_TEMPLATE_DEPTH) {
        this.exceeded();
        return (args[4] as (error: Error) => unknown)(new Error('templates nest too deeply'));
      }
      this.depth++;
      try {
        return root(...args);
      } finally {
        this.depth--;
      }
    };
  }
}
