/**
 * Where JSON.parse gave up, as a 1-based line. Node 20's messages do not always carry a
 * position ("Unexpected token ',', …"), so on failure a small scanner walks the text to the
 * first offending character. Only run when JSON.parse has already failed.
 */
export function jsonErrorLine(text: string): number {
  const offset = jsonErrorOffset(text);
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

class Stop extends Error {
  constructor(readonly offset: number) {
    super('json syntax error');
  }
}

function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new Stop(i);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === '' || match[0] === '-') fail();
    i += match![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 10_000) fail();
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value(0);
    space();
    if (i < text.length) fail();
  } catch (error) {
    if (error instanceof Stop) return error.offset;
    if (error instanceof RangeError) return i; // nesting too deep for the scanner
    throw error;
  }
  return text.length;
}

/** JSON.parse's message without the position or the quoted input it appends. */
export function jsonReason(error: SyntaxError): string {
  return error.message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, "[\s\S]*"(\.\.\.)? is not valid JSON$/, '');
}
