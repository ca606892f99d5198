import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * Where JSON text stops being JSON (`line L, column C: what`), never the text itself: V8's JSON.parse
 * messages quote the input (`"{"token":TOKEN_SECR"... is not valid JSON`), and a log or HAR carries
 * credentials, a spec example keys. Called only once JSON.parse has failed: jsonc-parser names the place V8 does not.
 */
export function describeJsonError(text: string): string {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // jsonc-parser accepts a few texts JSON.parse refuses (lone surrogates escaped, say): no place to name then.
  if (errors.length === 0) return 'not valid JSON';
  const { error, offset } = errors[0];
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}: ${printParseErrorCode(error)}`;
}
