/**
 * The prompts `run` draws (@clack/prompts), with every text that reaches the terminal passed
 * through the one terminal filter first: a task, an agent name or an error from a plan or state
 * file a teammate committed can hold escape sequences (an OSC 52 clipboard write, a new window
 * title) that clack would print as they are.
 */
import { visibleControls } from '../util/text.js';

type Clack = typeof import('@clack/prompts');

/** The parts of clack that `run` uses. */
export type Screen = Pick<
  Clack,
  'intro' | 'outro' | 'note' | 'isCancel' | 'select' | 'selectKey' | 'text' | 'confirm'
> & {
  log: Pick<Clack['log'], 'message' | 'info' | 'success' | 'warn' | 'error'>;
};

const clean = (text: string | undefined) => (text === undefined ? undefined : visibleControls(text));

/** An option list with its labels and hints made safe. */
function options<T extends { label?: string; hint?: string }>(list: readonly T[]): T[] {
  return list.map((option) => ({
    ...option,
    ...(option.label === undefined ? {} : { label: visibleControls(option.label) }),
    ...(option.hint === undefined ? {} : { hint: visibleControls(option.hint) }),
  }));
}

export function safeScreen(ui: Clack): Screen {
  return {
    intro: (title) => ui.intro(clean(title)),
    outro: (message) => ui.outro(clean(message)),
    note: (message, title) => ui.note(clean(message), clean(title)),
    isCancel: ui.isCancel,
    select: (opts) => ui.select({ ...opts, message: visibleControls(opts.message), options: options(opts.options) }),
    selectKey: (opts) =>
      ui.selectKey({ ...opts, message: visibleControls(opts.message), options: options(opts.options) }),
    text: (opts) =>
      ui.text({
        ...opts,
        message: visibleControls(opts.message),
        ...(opts.placeholder === undefined ? {} : { placeholder: visibleControls(opts.placeholder) }),
      }),
    confirm: (opts) => ui.confirm({ ...opts, message: visibleControls(opts.message) }),
    log: {
      message: (message, opts) => ui.log.message(clean(message as string), opts),
      info: (message) => ui.log.info(visibleControls(message)),
      success: (message) => ui.log.success(visibleControls(message)),
      warn: (message) => ui.log.warn(visibleControls(message)),
      error: (message) => ui.log.error(visibleControls(message)),
    },
  } as Screen;
}
