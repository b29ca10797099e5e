import type { DispatchResult } from '../../src-main/api/dispatcher';

/** Anything that takes commands as the renderer sends them (a Dispatcher, a session, a socket). */
export interface CommandTarget {
  handle(command: unknown, payload: unknown): Promise<DispatchResult>;
}

async function ok(api: CommandTarget, command: string, payload: unknown): Promise<any> {
  const result = await api.handle(command, payload);
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
  return result.result;
}

/** Sends a file as the window does (upload:begin, the pieces in order) and returns its uploadId. */
export async function upload(api: CommandTarget, purpose: 'customers' | 'callList' | 'script', fileName: string, bytes: Buffer): Promise<string> {
  const { uploadId, chunkBytes } = await ok(api, 'upload:begin', { purpose, fileName, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    await ok(api, 'upload:chunk', { uploadId, offset, dataBase64: bytes.subarray(offset, offset + chunkBytes).toString('base64') });
  }
  return uploadId;
}
