import fs from 'node:fs';
import path from 'node:path';
import type { PublicationMemory } from './presence-publisher';

export const PUBLICATION_FILE = 'presence-publication.json';

/** The presence publication's tag in the data folder (a few bytes; nothing personal but the SIP address). */
export function publicationFile(dataDir: string): PublicationMemory {
  const file = path.join(dataDir, PUBLICATION_FILE);
  return {
    load() {
      try {
        const value = JSON.parse(fs.readFileSync(file, 'utf8')) as { uri?: unknown; etag?: unknown; expiresAt?: unknown };
        return typeof value.uri === 'string' && typeof value.etag === 'string' && typeof value.expiresAt === 'number'
          ? { uri: value.uri, etag: value.etag, expiresAt: value.expiresAt }
          : null;
      } catch {
        return null; // none yet, or unreadable: publish anew
      }
    },
    save(publication) {
      if (publication) fs.writeFileSync(file, JSON.stringify(publication), { mode: 0o600 });
      else fs.rmSync(file, { force: true });
    },
  };
}
