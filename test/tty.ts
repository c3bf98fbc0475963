/**
 * A real terminal for tests of `run`: the built CLI in a tmux session of its own (its own server
 * socket), driven with send-keys and read with capture-pane. @clack/prompts marks the question
 * waiting for an answer with ◆ and answered ones with ◇, so `waitFor(/◆  What now/)` waits for
 * the next question, not an earlier one.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, makeTempDir } from './helpers.js';

export const HAVE_TMUX = spawnSync('tmux', ['-V']).status === 0;

let sessions = 0;

export class Terminal {
  private constructor(
    private readonly socket: string,
    private readonly session: string,
  ) {}

  /** Starts `swarm-conductor <args>` in `cwd`, with `env` added to the environment. */
  static open(cwd: string, args: string[], env: Record<string, string> = {}): Terminal {
    const socket = `sc-test-${process.pid}-${++sessions}`;
    const script = path.join(makeTempDir('swarm-conductor-tty-'), 'run.sh');
    const quote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;
    const exports = Object.entries({ NO_COLOR: '1', SWARM_CONDUCTOR_COMMAND: 'swarm-conductor', ...env })
      .map(([name, value]) => `export ${name}=${quote(value)}`)
      .join('\n');
    writeFileSync(
      script,
      [
        // A person is at this terminal, even when the tests themselves run under CI=true.
        'unset FORCE_COLOR CI',
        exports,
        `cd ${quote(cwd)}`,
        `${quote(process.execPath)} ${quote(CLI)} ${args.map(quote).join(' ')}`,
        'echo "EXIT:$?"',
        'sleep 600',
        '',
      ].join('\n'),
    );
    const started = spawnSync('tmux', [
      '-L',
      socket,
      'new-session',
      '-d',
      '-s',
      't',
      '-x',
      '120',
      '-y',
      '50',
      `sh ${quote(script)}`,
    ]);
    if (started.status !== 0) throw new Error(`tmux new-session failed: ${started.stderr}`);
    return new Terminal(socket, 't');
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** Keys as tmux names them: `c`, `Enter`, `C-c`. */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.session, ...keys);
  }

  /** Text typed as it is. */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.session, '-l', text);
  }

  /** The whole screen with its history, lines joined where the terminal wrapped them. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', this.session, '-S', '-');
  }

  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const text = this.screen();
      if (pattern.test(text)) return text;
      if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; the screen:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The exit code of the command, once it has ended. */
  async exitCode(timeoutMs = 15_000): Promise<number> {
    const text = await this.waitFor(/EXIT:\d+/, timeoutMs);
    return Number(/EXIT:(\d+)/.exec(text)![1]);
  }

  /** The pane's title, which a program sets with OSC 0 or 2. */
  title(): string {
    return this.tmux('display-message', '-p', '-t', this.session, '#{pane_title}').trim();
  }

  /** What programs put in tmux's clipboard with OSC 52 (with set-clipboard on), or '' when nothing. */
  clipboard(): string {
    const result = spawnSync('tmux', ['-L', this.socket, 'show-buffer'], { encoding: 'utf8' });
    return result.status === 0 ? result.stdout : '';
  }

  /** Lets programs in the pane set the clipboard (OSC 52), so a test can see whether one tried. */
  acceptClipboard(): void {
    this.tmux('set-option', '-s', 'set-clipboard', 'on');
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
