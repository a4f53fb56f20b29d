// The NixOS knowledge sources, set up after the first diagnostics. Reading them at `initialized`
// was a fifth of a start's CPU over a bare Node (the embedded layer: 900 KB of JSON read into
// records and an index, ~20 ms; the workspace walk; the system modules the options.json and live
// sources bring), all before the first diagnostics, which need none of it for the language's own
// checks. So the first reload waits until those are written out, or until anything reads the
// index (hover, completion, ask), or a second with nothing open; the open documents are then
// published again with the option and package checks (their analysis kept).
import type { KnowledgeSources } from './knowledgeSources.js';

export interface DeferredSources extends KnowledgeSources {
  /** Runs the first reload if it is still waiting (it reads the trust and settings of now). */
  loadDeferred(): void;
}

/**
 * `load` sets up the real sources (lsp/knowledgeSources.ts and what it imports): called once, on
 * the first reload run. A first reload that fails is reported to `failed`, not thrown: it runs
 * after a publish or on a timer, where a throw would end the server.
 */
export function deferredSources(load: () => KnowledgeSources, failed: (error: unknown) => void, delayMs = 1000): DeferredSources {
  let real: KnowledgeSources | undefined;
  let waiting = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const loadDeferred = () => {
    if (!waiting) return;
    waiting = false;
    if (timer) clearTimeout(timer);
    timer = undefined;
    try {
      (real ??= load()).reload();
    } catch (error) {
      failed(error);
    }
  };
  return {
    reload() {
      if (real) return real.reload();
      if (waiting) return;
      waiting = true;
      timer = setTimeout(loadDeferred, delayMs);
      timer.unref?.();
    },
    loadDeferred,
    // (before the first reload nothing is to refresh: it reads every module then)
    moduleChanged: (file) => real?.moduleChanged(file),
    states: () => real?.states() ?? [],
    stop() {
      waiting = false;
      if (timer) clearTimeout(timer);
      real?.stop();
    },
  };
}
