import type { AnlaufApi, UploadPurpose } from '../../src-main/contract';
import { bytesToBase64 } from './base64';

/**
 * Sends a file to main in pieces (`upload:begin`, then `upload:chunk` in order) and returns the
 * id the import command names. Both hosts take the same path: the browser host's socket carries
 * only small messages, and Electron's main never gets a 100 MB string in one IPC message. A
 * failure gives the upload up, so main deletes what arrived.
 */
export async function uploadFile(api: AnlaufApi, purpose: UploadPurpose, fileName: string, bytes: ArrayBuffer): Promise<string> {
  const { uploadId, chunkBytes } = await api.upload.begin({ purpose, fileName, size: bytes.byteLength });
  try {
    for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
      await api.upload.chunk({ uploadId, offset, dataBase64: bytesToBase64(bytes.slice(offset, offset + chunkBytes)) });
    }
  } catch (error) {
    api.upload.abort({ uploadId }).catch(() => undefined);
    throw error;
  }
  return uploadId;
}
