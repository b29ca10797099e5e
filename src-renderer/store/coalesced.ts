/**
 * A refresh that never runs twice at once: called while a run is under way, it runs once more
 * right after it (what changed meanwhile is read too), and every caller gets the promise of the
 * run that will have seen their change.
 */
export function coalesced(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await work();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
