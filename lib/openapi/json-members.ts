/**
 * JSON.parse keeps the last of two equal keys and says nothing, so an operation can vanish. The yaml library
 * reports duplicates with their position, but reads Stripe's 4 MB spec in ~3 s against JSON.parse's 30 ms (the
 * whole load takes ~1.2 s). So duplicates are detected cheaply — members written in the text against keys the
 * parsed value holds — and only a document that has some pays for the slow parse that locates them.
 */
export function hasDuplicateKeys(text: string, parsed: unknown): boolean {
  return membersInText(text) !== keysInValue(parsed);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** Every `:` outside a string separates one object member from its value. */
function membersInText(text: string): number {
  let members = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COLON) members++;
    else if (c === QUOTE) i = endOfString(text, i);
  }
  return members;
}

/** Index of the quote that closes the string opened at `open`. */
function endOfString(text: string, open: number): number {
  let i = open;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
}

/** Own keys of every object in a JSON.parse result (a tree: no node is shared). */
function keysInValue(value: unknown): number {
  let keys = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    // A loop, not push(...children): spreading a million-element array overflows the argument limit.
    const children = Array.isArray(node) ? node : Object.values(node);
    if (!Array.isArray(node)) keys += children.length;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return keys;
}
