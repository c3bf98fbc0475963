/**
 * What a shell line does, as far as evidence needs it: its commands, how they are chained
 * (`&&`, `||`, `;`, `&`) and piped, and the words of each. Enough of the POSIX grammar to read
 * what agents type: quotes, `\` escapes, `$( … )` and backticks (command substitution runs, even
 * inside double quotes), heredocs (their bodies are data, never commands), redirections, `cd`
 * prefixes and `set -o pipefail`. Not a shell: nothing here runs anything.
 */

export interface Stage {
  /** The words, quotes removed, redirections and their targets left out. */
  words: string[];
}

export interface Pipeline {
  stages: Stage[];
  /** How this pipeline is joined to the one after it (`''` for the last). */
  next: '&&' | '||' | ';' | '&' | '';
  /** Ended with `&`: it runs in the background, its exit status is not the line's. */
  background: boolean;
  /** `set -o pipefail` was in effect: a failing stage fails the pipeline. */
  pipefail: boolean;
  /** The folder it runs in, from `cd` commands before it (relative, `.` for none). */
  folder: string;
  /** It runs inside `$( … )` or backticks: its status is not the line's. */
  substituted?: true;
}

export interface ShellLine {
  pipelines: Pipeline[];
  /** Commands run by substitution (`$(…)`, backticks), read as lines of their own. */
  substituted: ShellLine[];
}

type Token = { word: string } | { op: string };

/** Splits a shell line into words and operators; heredoc bodies are dropped. */
function tokenize(text: string, substituted: string[]): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const heredocs: string[] = [];
  const flush = () => {
    if (inWord) tokens.push({ word });
    word = '';
    inWord = false;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      if (text[i + 1] !== '\n') {
        word += text[i + 1];
        inWord = true;
      }
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end === -1 ? text.length : end);
      inWord = true;
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      inWord = true;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          word += text[i + 1];
          i += 2;
        } else if (text[i] === '`' || (text[i] === '$' && text[i + 1] === '(')) {
          const [inner, next] = substitution(text, i);
          substituted.push(inner);
          word += ' ';
          i = next;
        } else word += text[i++];
      }
      i++;
      continue;
    }
    if (c === '`' || (c === '$' && text[i + 1] === '(' && text[i + 2] !== '(')) {
      const [inner, next] = substitution(text, i);
      substituted.push(inner);
      inWord = true;
      i = next;
      continue;
    }
    if (c === '#' && !inWord) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (c === '\n') {
      flush();
      tokens.push({ op: ';' });
      i++;
      // The bodies of heredocs opened on the line just ended.
      for (const delimiter of heredocs.splice(0)) i = skipHeredoc(text, i, delimiter);
      continue;
    }
    if (c === ' ' || c === '\t') {
      flush();
      i++;
      continue;
    }
    const op = /^(?:&&|\|\||\|&|;;|<<-?|>>|&>|>&|<&|[|&;<>()])/.exec(text.slice(i))?.[0];
    if (op) {
      // `2>&1`, `2>file`: a number right before a redirection is the stream, not a word.
      if (/^[<>]|^&>/.test(op) && inWord && /^\d+$/.test(word)) {
        word = '';
        inWord = false;
      }
      flush();
      i += op.length;
      if (op === '<<' || op === '<<-') {
        const match = /^\s*(['"]?)([\w.-]+)\1/.exec(text.slice(i));
        if (match) {
          heredocs.push(match[2]!);
          i += match[0].length;
        }
        tokens.push({ op: 'redirect' });
        continue;
      }
      if (/^[<>]|^&>|^>&|^<&/.test(op)) {
        // The target of a redirection is not a word of the command: `>&2`, `> out.log`.
        const target = /^\s*(?:&?\d+|-|[^\s|&;<>()]+)/.exec(text.slice(i));
        if (target) i += target[0].length;
        continue;
      }
      tokens.push({ op: op === '|&' ? '|' : op });
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  flush();
  return tokens;
}

/** `$( … )` or `` ` … ` `` at `start`: the inner text and where it ends. */
function substitution(text: string, start: number): [string, number] {
  if (text[start] === '`') {
    const end = text.indexOf('`', start + 1);
    return end === -1 ? [text.slice(start + 1), text.length] : [text.slice(start + 1, end), end + 1];
  }
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return [text.slice(start + 2, i), i + 1];
  }
  return [text.slice(start + 2), text.length];
}

function skipHeredoc(text: string, from: number, delimiter: string): number {
  let at = from;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end === -1 ? text.length : end);
    at = end === -1 ? text.length : end + 1;
    if (line.trim() === delimiter) break;
  }
  return at;
}

/** Reads a shell line. Never throws: text that is not quite shell is read as words. */
export function parseShell(text: string, depth = 0): ShellLine {
  const inner: string[] = [];
  const tokens = tokenize(text, inner);
  const pipelines: Pipeline[] = [];
  let stages: Stage[] = [];
  let words: string[] = [];
  let pipefail = false;
  let folder = '.';
  const endStage = () => {
    if (words.length > 0) stages.push({ words });
    words = [];
  };
  const endPipeline = (next: Pipeline['next']) => {
    endStage();
    if (stages.length === 0) return;
    pipelines.push({ stages, next, background: next === '&', pipefail, folder });
    const only = stages.length === 1 ? stages[0]!.words : [];
    if (only[0] === 'set' && only.some((word, at) => word === 'pipefail' && only[at - 1] === '-o')) pipefail = true;
    if (/^set$/.test(only[0] ?? '') && only.some((word) => /^-\w*o\w*$/.test(word)) && only.includes('pipefail'))
      pipefail = true;
    if (only[0] === 'cd' && only[1] && next !== '&') folder = joinFolder(folder, only[1]);
    stages = [];
  };
  for (const token of tokens) {
    if ('word' in token) words.push(token.word);
    else if (token.op === '|') endStage();
    else if (token.op === '&&' || token.op === '||' || token.op === ';' || token.op === '&')
      endPipeline(token.op as Pipeline['next']);
    else if (token.op === ';;') endPipeline(';');
    // `(`, `)` and redirections are not words; a subshell reads as the commands in it.
  }
  endPipeline('');
  const substituted = depth < 3 ? inner.map((line) => parseShell(line, depth + 1)) : [];
  return { pipelines, substituted };
}

function joinFolder(base: string, target: string): string {
  if (target.startsWith('/') || target.startsWith('~') || target === '-') return target.startsWith('/') ? target : base;
  const parts = base === '.' ? [] : base.split('/');
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}

/** Every pipeline of a line, substitutions included (marked). */
export function allPipelines(line: ShellLine): Pipeline[] {
  const inner = line.substituted.flatMap(allPipelines).map((pipeline) => ({ ...pipeline, substituted: true as const }));
  return [...line.pipelines, ...inner];
}

const WRAPPERS = new Set([
  'sudo',
  'time',
  'nice',
  'nohup',
  'env',
  'command',
  'exec',
  'xvfb-run',
  'dotenv',
  'cross-env',
  'stdbuf',
  // rtk ("Rust Token Killer") runs a command and prints its output shortened for the model; a
  // runner's summary line survives it.
  'rtk',
]);

/**
 * The words of a stage without what only wraps the command: `FOO=1`, `env`, `time`, `timeout
 * 60`, `npx`/`pnpm exec`/`bunx`, `uv run`, `poetry run`, `bundle exec`, `python -m`.
 */
export function commandWords(stage: Stage): string[] {
  let words = [...stage.words];
  for (let guard = 0; guard < 10 && words.length > 0; guard++) {
    const [first = '', second = ''] = words;
    const name = first.split('/').pop()!;
    if (/^\w+=/.test(first)) words = words.slice(1);
    else if (WRAPPERS.has(name)) words = words.slice(1).filter((word, at) => at > 0 || !/^-/.test(word));
    else if (name === 'timeout') words = words.slice(1).filter((word, at) => at > 0 || !/^-|^\d+[smhd]?$/.test(word));
    else if (name === 'npx' || name === 'bunx') words = words.slice(1).filter((word, at) => at > 0 || !/^-/.test(word));
    else if ((name === 'pnpm' || name === 'yarn') && (second === 'exec' || second === 'dlx')) words = words.slice(2);
    else if ((name === 'uv' || name === 'poetry' || name === 'pipenv' || name === 'pdm') && second === 'run')
      words = words.slice(2);
    else if (name === 'bundle' && second === 'exec') words = words.slice(2);
    else if (/^python[\d.]*$/.test(name) && second === '-m') words = words.slice(2);
    else break;
  }
  return words;
}

/** The program a stage runs (its last path part): `npm`, `pytest`, `bash`. */
export function programOf(stage: Stage): string {
  return (commandWords(stage)[0] ?? '').split('/').pop()!;
}
