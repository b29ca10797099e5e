/** The test id part of a code: spaces become dashes. */
export function codeId(code: string): string {
  return code.replace(/\s+/g, '-');
}
