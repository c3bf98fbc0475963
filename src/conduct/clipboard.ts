/**
 * Copying a prompt for the person: the system clipboard through clipboardy (xsel, wl-copy,
 * pbcopy, clip.exe), and also the terminal's own clipboard by OSC 52, which reaches the
 * person's machine through ssh and tmux. Neither can be confirmed from here, so `run` always
 * names the prompt file too.
 */
import { importOutside } from '../util/import.js';
import type { Env } from '../types.js';

export type Copied = 'clipboard' | 'terminal';

/** What received the text: the system clipboard, the terminal (OSC 52), or both. */
export async function copyText(text: string, terminal: { write(text: string): unknown }, env: Env): Promise<Copied[]> {
  const copied: Copied[] = [];
  try {
    const { default: clipboard } = await importOutside<{ default: { write(text: string): Promise<void> } }>(
      'clipboardy',
    );
    await clipboard.write(text);
    copied.push('clipboard');
  } catch {
    // no clipboard tool or display here (a server, a container): the terminal may still take it
  }
  if (env.TERM !== 'dumb') {
    const osc = `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
    // tmux passes an escape through to the outer terminal only when wrapped for it
    terminal.write(env.TMUX ? `\u001bPtmux;${osc.replaceAll('\u001b', '\u001b\u001b')}\u001b\\` : osc);
    copied.push('terminal');
  }
  return copied;
}
