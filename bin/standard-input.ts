/** Standard input, read to its end: a spec (`spec push -`), a password (`user add --password-stdin`). */
export async function readStandardInput(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
