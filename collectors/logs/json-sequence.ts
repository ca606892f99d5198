/**
 * JSON values one after another with nothing between them but whitespace (RFC 7464's record separator too): what
 * `jq .` writes for a log of records, each pretty-printed over many lines. Not one JSON document, nor one a line.
 * Until 6 Dec such a file was refused ("not a JSON document"), none of its records read.
 */
export function concatenatedJson(text: string): unknown[] | undefined {
  const values: unknown[] = [];
  let i = skipSpace(text, 0);
  while (i < text.length) {
    const end = valueEnd(text, i);
    if (end === -1) return undefined;
    try {
      values.push(JSON.parse(text.slice(i, end)));
    } catch {
      return undefined;
    }
    i = skipSpace(text, end);
  }
  return values.length > 1 ? values : undefined;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /[\s\u001e]/.test(text[i])) i++;
  return i;
}

/** Where the object or array opening at `start` ends (its closing bracket's index + 1); -1 when none does. */
function valueEnd(text: string, start: number): number {
  const open = text[start];
  if (open !== '{' && open !== '[') return -1;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // A string: to its closing quote, past escapes (its brackets are text).
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
  }
  return -1;
}
