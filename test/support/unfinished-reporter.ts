import type { Reporter, TestModule } from 'vitest/node';

/**
 * Names the test files that started and never finished. When a worker process dies (a native
 * crash in a module a test loads, a signal), vitest reports only "Worker exited unexpectedly",
 * without the file; this reporter says which one it was, so the crash can be chased instead of
 * guessed.
 */
export default class UnfinishedReporter implements Reporter {
  private readonly running = new Map<string, TestModule>();

  onTestModuleStart(module: TestModule): void {
    this.running.set(module.moduleId, module);
  }

  onTestModuleEnd(module: TestModule): void {
    this.running.delete(module.moduleId);
  }

  onTestRunEnd(): void {
    if (!this.running.size) return;
    const names = [...this.running.values()].map((module) => `  ${module.relativeModuleId} (${module.state()})`);
    process.stderr.write(`\nThese test files started and did not finish (their worker died?):\n${names.join('\n')}\n`);
  }
}
