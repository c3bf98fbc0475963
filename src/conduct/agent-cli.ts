/**
 * The command line that starts an agent CLI on a step's prompt: a CLI named by its file in
 * `src/targets/` (its `launch`), or a command line of your own. An interactive session by
 * default; `print` is the CLI's own non-interactive mode, which runs the prompt and exits.
 * `{prompt}` is the prompt's text, `{promptFile}` a file holding only that text (without the
 * prompt file's header for the person; see withAgentPromptFile in conduct/processes.ts), `{transcript}`
 * the step's transcript place. `agentCommand` in the config or `run --agent "<command>"` gives
 * another (words split like a shell's, quotes kept together, never run through a shell); one
 * with no `{prompt}` or `{promptFile}` gets the prompt as its last argument.
 */
import { ConductorError } from '../errors.js';
import { launchableTargets, targetNamed } from '../targets/index.js';

export interface AgentLaunch {
  /** What `run` shows before asking: the prompt text elided. */
  shown: string;
  argv: string[];
  label: string;
  /** The command names `{promptFile}`: the file must be there while it runs. */
  usesPromptFile: boolean;
}

export interface LaunchInput {
  /** An agent CLI's name (`claude`, `copilot`, `codex`, `gemini`, `opencode`), or a command line of your own. */
  agent: string;
  print: boolean;
  prompt: string;
  /** The file of the agent's text alone (project-relative), not the prompt file with its header. */
  promptFile: string;
  transcript: string;
}

/** The command that starts the agent CLI on a step. */
export function agentLaunch(input: LaunchInput): AgentLaunch {
  const target = targetNamed(input.agent);
  const known = target?.launch ? { ...target.launch, label: target.label } : undefined;
  let words: string[] = known ? [...(input.print ? known.print : known.interactive)] : shellWords(input.agent);
  if (words.length === 0) {
    throw new ConductorError('USAGE', 'the agent command is empty', {
      hint: `name one of ${launchableTargets()
        .map((candidate) => candidate.name)
        .join(', ')}, or give a command line`,
    });
  }
  if (!known && !words.some((word) => word.includes('{prompt}') || word.includes('{promptFile}'))) {
    words = [...words, '{prompt}'];
  }
  const fill = (word: string, prompt: string) =>
    word
      .replaceAll('{promptFile}', input.promptFile)
      .replaceAll('{transcript}', input.transcript)
      .replaceAll('{prompt}', prompt);
  const elided = `<the prompt, ${input.prompt.length.toLocaleString('en')} characters>`;
  return {
    argv: words.map((word) => fill(word, input.prompt)),
    shown: words.map((word) => quoteWord(fill(word, elided))).join(' '),
    label: known?.label ?? words[0]!,
    usesPromptFile: words.some((word) => word.includes('{promptFile}')),
  };
}

/** `a "b c" 'd'` → [a, b c, d]; a backslash escapes the next character outside single quotes. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote) throw new ConductorError('USAGE', `the agent command has an unclosed ${quote}: ${line}`);
  if (started) words.push(current);
  return words;
}

/** A word as a shell would need it written, for showing a command line. */
export function quoteWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, '\\$1')}"`;
}
