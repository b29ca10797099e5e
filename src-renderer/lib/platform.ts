/** Whether the page runs on a Mac, where CommandOrControl is Cmd. */
export function isMac(): boolean {
  return /Mac|iPhone|iPad/i.test(navigator.platform || navigator.userAgent);
}
