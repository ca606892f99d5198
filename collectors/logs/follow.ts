export async function followLogs(..._args: unknown[]): Promise<void> {}
