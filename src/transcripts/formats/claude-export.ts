/**
 * The text Claude Code's `/export` writes (`.txt` or `.md`): the conversation as the terminal
 * showed it, hard-wrapped near 80 columns. A header of block art (` ▐▛███▜▌   Claude Code v2.1.91`)
 * or an older boxed welcome panel, or none (a fragment). The person's messages start `❯ ` (older
 * builds `> `), continued on lines indented two spaces; `! cmd` is a shell command the person ran.
 * Each assistant entry starts `⏺ ` (`● ` on Linux): text, or a tool call such as `⏺ Bash(npm test)` (long
 * arguments wrap onto lines indented six spaces; ` timeout: 30s` may follow), `⏺ Update(src/a.ts)`,
 * `⏺ Write(…)`, whose result follows on `  ⎿  ` lines (often with non-breaking spaces), continued
 * indented five spaces.
 *
 * What it leaves out: collapsed output (`… +42 lines (ctrl+o to expand)`, the lines are not in the
 * file), and every exit code but failures (`Error: Exit code 1` opens a failed result). A command
 * sent to the background says `Running in the background`; it reports later as `⏺ Background
 * command "…" completed (exit code 0)`, and `⏺ BashOutput(…)` shows what it printed.
 */
import type { LineSource } from '../lines.js';
import { type CommandRun, RecordBuilder, type TranscriptRecord } from '../record.js';
import type { TranscriptReader } from '../reader.js';

// `⏺` on macOS; Linux builds draw the same bullet as `●`.
const ENTRY = /^[⏺●] (.*)$/u;
// Research-preview builds end a call `)…`, some put the argument's name first: `Write(file_path: a.md)`.
const TOOL = /^([A-Z][\w ]*?|[\w-]+ - [\w-]+ \(MCP\))\(([\s\S]*)\)…?(?:\s+timeout: [\w .]+)?\s*$/u;
const CALL_END = /\)…?(?:\s+timeout: [\w .]+)?\s*$/;
const RESULT = /^ {2}⎿[\s\u00a0]{1,2}(.*)$/u;
const CONTINUED = /^[ \u00a0]{5}(.*)$/u;
const MORE = /^… \+(\d+) lines? \(ctrl\+[or] to expand\)/u;
const USER = /^(?:❯|>) (.*)$/u;
const EDITS: Record<string, 'edit' | 'write'> = {
  Update: 'edit',
  Edit: 'edit',
  MultiEdit: 'edit',
  NotebookEdit: 'edit',
  Write: 'write',
  Create: 'write',
};
/** Tools that read or search: they change nothing and run nothing the record needs. */
const QUIET =
  /^(?:Read|Search|Grep|Glob|LS|List|WebFetch|WebSearch|Fetch|TodoWrite|Update Todos|Kill Shell|Skill|ExitPlanMode)$/;

export const claudeExport: TranscriptReader = {
  format: 'claude-export',
  label: 'Claude Code /export text',
  detect(head) {
    if (/^\s*▐▛███▜▌ +Claude Code v/mu.test(head) || /^╭─+ Claude Code v[\d.]+ ─/mu.test(head)) return 100;
    if (/^╭─+╮\n│ ✻ Welcome to Claude Code/mu.test(head)) return 100;
    const entries = /^[⏺●] /mu.test(head);
    const results = /^ {2}⎿[\s\u00a0]/mu.test(head);
    if (entries && results) return 80;
    return entries && /^(?:❯|>) \S/mu.test(head) ? 60 : 0;
  },
  read(lines: LineSource): TranscriptRecord {
    const builder = new RecordBuilder('claude-export', { toolOutput: 'partial' });
    let mode: 'none' | 'user' | 'assistant' | 'result' | 'call' = 'none';
    let run: CommandRun | undefined;
    let resultStarted = false;
    let call: { text: string; line: number; user: boolean } | undefined;
    let edit: { path: string; kind: 'edit' | 'write'; line: number } | undefined;
    /** Background runs by their command's first words, for the report that comes later. */
    const background: { run: CommandRun; command: string }[] = [];
    let reading: CommandRun | undefined;

    const endEdit = () => {
      if (edit) builder.edit(edit.path, edit.kind, edit.line);
      edit = undefined;
    };
    const startCall = (body: string, line: number, user = false): boolean => {
      endEdit();
      run = undefined;
      reading = undefined;
      if (user) {
        run = builder.command(body, line);
        mode = 'result';
        resultStarted = false;
        return true;
      }
      const tool = TOOL.exec(body);
      if (!tool) return false;
      const [, name, args] = tool;
      // The terminal wraps a long path inside the word, a command at a space.
      const joined = args!.replace(/\s*\n\s*/g, EDITS[name!] ? '' : ' ');
      const shown = joined.replace(/^(?:file_path|command|path|notebook_path):\s*/, '').trim();
      if (name === 'Bash') run = builder.command(shown, line);
      else if (name === 'BashOutput') reading = background[background.length - 1]?.run;
      else if (EDITS[name!]) edit = { path: shown, kind: EDITS[name!]!, line };
      else if (!QUIET.test(name!)) builder.hidden();
      mode = 'result';
      resultStarted = false;
      return true;
    };
    const resultLine = (body: string, line: number) => {
      if (edit && !resultStarted && /^Error editing file|^Error:/.test(body)) edit = undefined;
      if (reading) {
        if (!MORE.test(body.trim())) builder.output(reading, body, line);
        return;
      }
      if (!run) return;
      const more = MORE.exec(body.trim());
      if (more) {
        run.omitted += Number(more[1]);
        run.cutByCli = true;
        return;
      }
      if (!resultStarted) {
        resultStarted = true;
        // Stopped by the person before it ended: no exit status at all.
        if (/^Interrupted\b/.test(body)) return;
        if (/^Running in the background\b/.test(body)) {
          background.push({ run, command: run.command });
          builder.background(run, `bg-${background.length}`);
          return;
        }
        const error = /^Error:\s*(?:Exit code (\d+))?/.exec(body);
        if (error) {
          run.failed = true;
          if (error[1]) run.exitCode = Number(error[1]);
          const rest = body.replace(/^Error:\s*(?:Exit code \d+)?\s*/, '');
          if (rest) builder.output(run, rest, line);
          return;
        }
        // Only failures are marked: a result without `Error:` is a command that succeeded.
        run.exitCode = 0;
      }
      builder.output(run, body, line);
    };
    /** `⏺ Background command "npm test" completed (exit code 1)`: the exit status of that line. */
    const backgroundDone = (body: string): boolean => {
      const done = /^Background command "(.+?)"? (?:completed|failed) \(exit code (\d+)\)/.exec(body);
      if (!done) return false;
      const said = done[1]!.replace(/…$/, '');
      const found = [...background].reverse().find((entry) => entry.command.startsWith(said.slice(0, 40)));
      if (found) found.run.exitCode = Number(done[2]);
      return true;
    };

    const count = lines((raw, line) => {
      if (mode === 'call' && call) {
        call.text += `\n${raw.trim()}`;
        if (CALL_END.test(raw)) {
          startCall(call.text, call.line);
          call = undefined;
        }
        return;
      }
      const entry = ENTRY.exec(raw);
      if (entry) {
        const body = entry[1]!;
        if (backgroundDone(body)) {
          mode = 'none';
          return;
        }
        if (/^[A-Z][\w ]*\(/.test(body) && !CALL_END.test(body)) {
          endEdit();
          mode = 'call';
          call = { text: body, line, user: false };
          return;
        }
        if (startCall(body, line)) return;
        endEdit();
        // `⏺ Read 2 files (ctrl+o to expand)` and the like are summaries of tools, not words.
        if (/\(ctrl\+[or] to expand\)\s*$/.test(body)) {
          mode = 'none';
          return;
        }
        builder.turn('assistant', body, line);
        mode = 'assistant';
        return;
      }
      const user = USER.exec(raw);
      if (user) {
        endEdit();
        const said = user[1]!;
        if (said.startsWith('! ')) startCall(said.slice(2).trim(), line, true);
        else if (/^\/\w/.test(said)) mode = 'none';
        else {
          builder.turn('user', said, line);
          mode = 'user';
        }
        return;
      }
      const result = RESULT.exec(raw);
      if (result && mode === 'result') {
        resultLine(result[1]!, line);
        return;
      }
      if (mode === 'result') {
        const continued = CONTINUED.exec(raw);
        if (continued) {
          resultLine(continued[1]!, line);
          return;
        }
      }
      if ((mode === 'user' || mode === 'assistant') && /^ {2}\S/.test(raw)) {
        builder.appendToTurn(mode, raw.slice(2), line);
        return;
      }
      if (raw.trim() === '') return;
      // `✻ Cogitated for 1m 57s`, a new header: the entry before is over.
      if (!/^\s/.test(raw)) {
        endEdit();
        mode = 'none';
      }
    });
    endEdit();
    return builder.finish(count);
  },
};
