/**
 * Which file of the built renderer a request may read. Both hosts serve the renderer (Electron
 * through `anlauf://app/…`, the browser host over HTTP) and both ask this one function, so a path
 * trick refused in one host is refused in the other.
 */
import path from 'node:path';

/**
 * The file under `root` that the URL path `pathname` (still percent-encoded, as it arrives) names,
 * or null (→ 404) when it cannot be decoded or would leave `root` (`..`, encoded `%2e%2e%2f`,
 * backslashes, drive letters, NUL bytes). Never throws: a request's path is the attacker's text.
 * `pathApi` is injectable so Windows rules are tested on any OS.
 */
export function resolveRendererFile(root: string, pathname: string, pathApi: path.PlatformPath = path): string | null {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // Our build never names a file with these; refusing them outright closes Windows tricks
  // (`..\`, `C:`, `file:stream`) before path rules of either OS come into play, and a NUL would
  // make fs throw instead of answer.
  if (/[\0\\:]/.test(relative)) return null;
  if (relative === '' || relative === '/') relative = '/index.html';
  const base = pathApi.resolve(root);
  const file = pathApi.resolve(base, '.' + relative);
  // Also refuses `base` itself: a folder is never a page.
  if (!file.startsWith(base.endsWith(pathApi.sep) ? base : base + pathApi.sep)) return null;
  return file;
}
