// The NixOS knowledge of a session: the layers loaded (embedded at start, options.json, the
// workspace's own modules refreshed as they change, the live evaluation in the background in a
// trusted folder) merged into `server.nixos`, with each source's state in `$/progress`, the log
// and `nixHumanity/knowledgeState`. Nothing here blocks a request: the live evaluation runs in
// the background, can be cancelled, and a failure says why once and keeps the other layers.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { embeddedLayer } from '../knowledge/embedded.js';
import { layerSize, type KnowledgeLayer, type SourceName, type SourceState } from '../knowledge/model.js';
import { NixosIndex } from '../knowledge/nixosIndex.js';
import { knowledgeCacheDir } from '../knowledge/sources/cache.js';
import { chooseOptionsJson, optionsJsonCandidates, type FileLoad } from '../knowledge/sources/optionsJson.js';
import { WorkspaceModules } from '../knowledge/sources/workspaceModules.js';
import { KNOWLEDGE_STATE } from '../protocol/messages.js';
import { loadLiveLayer } from '../system/liveLayer.js';
import { loadOptionsJsonOffThread, optionsJsonWorkerFile } from '../system/optionsJsonThread.js';
import { resolveConfiguration, type ConfigurationSource } from '../system/rebuild/options.js';
import { filePathOf } from './paths.js';
import type { ServerState } from './serverState.js';
import type { TextDocument } from 'vscode-languageserver-textdocument';

const ORDER: SourceName[] = ['embedded', 'options.json', 'live', 'workspace'];

export interface KnowledgeSources {
  /** (Re)loads every source for the current trust and settings. */
  reload(): void;
  /** A .nix file changed: on disk (`file`: created, saved, deleted), or in the editor (no file). */
  moduleChanged(file?: string): void;
  states(): SourceState[];
  stop(): void;
}

/** `changed`: the index was replaced (open documents' diagnostics are to be worked out again). */
export function knowledgeSources(server: ServerState, changed: () => void = () => undefined): KnowledgeSources {
  const layers = new Map<SourceName, KnowledgeLayer>();
  const states = new Map<SourceName, SourceState>();
  const modules = new WorkspaceModules();
  let live: AbortController | undefined;
  let refresh: ReturnType<typeof setTimeout> | undefined;
  let liveKey = '';
  let pendingRescan = false;

  const rebuild = () => {
    server.nixos = new NixosIndex(ORDER.map((s) => layers.get(s)).filter((l): l is KnowledgeLayer => l !== undefined));
    changed();
  };
  const announce = (state: SourceState) => {
    const before = states.get(state.source);
    states.set(state.source, state);
    // A background load may end after the connection closed: nothing to tell then.
    try {
      if (before?.state !== state.state || before.detail !== state.detail) {
        const line = `NixOS knowledge, ${state.source}: ${state.state}. ${state.detail}`;
        if (state.state === 'failed') server.connection.console.warn(line);
        else server.connection.console.info(line);
      }
      void server.connection.sendNotification(KNOWLEDGE_STATE, { sources: ORDER.flatMap((s) => states.get(s) ?? []) }).catch(() => undefined);
    } catch {
      live?.abort();
    }
  };
  const folders = (): string[] => server.workspace.folderPaths();

  const loadEmbedded = () => {
    const started = performance.now();
    const layer = embeddedLayer();
    layers.set('embedded', layer);
    announce({ source: 'embedded', state: 'ready', detail: `Shipped with the extension (read in ${Math.round(performance.now() - started)} ms).`, options: layer.options?.length, packages: layer.packages?.length });
  };

  // A first read of an options.json runs on a worker thread (system/optionsJsonThread.ts): the
  // other layers answer meanwhile, and the index is rebuilt when its rows are in.
  let converting: { file: string; cancel(): void } | undefined;
  const loadFile = () => {
    const set = server.settings.knowledgeOptionsJson;
    const serverDir = process.argv[1] ? path.dirname(process.argv[1]) : undefined;
    const started = performance.now();
    const candidates = set ? [] : optionsJsonCandidates(folders(), serverDir);
    if (converting && converting.file === chooseOptionsJson(set || undefined, candidates)) return;
    converting?.cancel();
    converting = undefined;
    const load = loadOptionsJsonOffThread(set || undefined, candidates, knowledgeCacheDir(), optionsJsonWorkerFile(serverDir));
    if ('done' in load) return fileLoaded(load.done, started);
    const mine = (converting = { file: load.file, cancel: load.cancel });
    announce({ source: 'options.json', state: 'loading', detail: `Reading ${load.file} into the knowledge cache (once; the other sources answer meanwhile).` });
    // (seconds at full size: shown as work in progress too; begin and end in order, the token first)
    const progress = server.connection.window.createWorkDoneProgress().catch(() => undefined);
    void progress.then((p) => p?.begin('NixOS options', undefined, `Reading ${path.basename(load.file)} into the knowledge cache (once)`, false));
    void load.pending.then((loaded) => {
      void progress.then((p) => p?.done());
      if (converting !== mine) return;
      converting = undefined;
      fileLoaded(loaded, started);
      rebuild();
    });
  };
  const fileLoaded = (loaded: FileLoad | undefined, started: number) => {
    if (!loaded) {
      layers.delete('options.json');
      announce({ source: 'options.json', state: 'off', detail: 'None found; set nixHumanity.knowledge.optionsJson to use one.' });
    } else if (!loaded.ok) {
      layers.delete('options.json');
      announce({ source: 'options.json', state: 'failed', detail: loaded.reason });
    } else {
      layers.set('options.json', loaded.layer);
      if (loaded.note) server.connection.console.info(loaded.note);
      const how = `${loaded.shipped ? 'rows built with it' : loaded.fromCache ? 'from the cache' : 'read'} in ${Math.round(performance.now() - started)} ms`;
      announce({ source: 'options.json', state: 'ready', detail: `${loaded.file} (${how}).`, ...layerSize(loaded.layer) });
    }
  };

  // The folder is walked on (re)load and when files change on disk; an edit in the editor only
  // re-reads the open documents (so typing never walks the workspace).
  let files: string[] = [];
  const loadWorkspace = (rescan: boolean) => {
    // (one walk for this and workspace symbols: the index keeps the list until a file event)
    if (rescan) files = server.workspace.nixFiles();
    const open = new Map<string, string>();
    const openDocs = new Map<string, TextDocument>();
    for (const doc of server.documents.all()) {
      // (this runs on a timer: a URI naming no file must not end the server)
      const file = filePathOf(doc.uri);
      if (file === undefined) continue;
      open.set(file, doc.getText());
      openDocs.set(file, doc);
    }
    const all = [...new Set([...files, ...open.keys()])];
    // (an open document's tree is the one its diagnostics made: not parsed a second time)
    const treeOf = (file: string) => {
      const doc = openDocs.get(file);
      return doc && server.host.get(doc).parse.tree;
    };
    const options = modules.options(all, open, server.settings.maxFileSize, treeOf);
    // (only a file read again is compared by content: the rest keep their arrays)
    if (!modules.changed && layers.has('workspace')) return false;
    layers.set('workspace', { source: 'workspace', options });
    announce({ source: 'workspace', state: 'ready', detail: `Options declared by the workspace's own modules (${all.length} files read).`, options: options.length });
    return true;
  };

  const target = (): ConfigurationSource | undefined => {
    const hostname = server.settings.knowledgeHost || os.hostname();
    for (const dir of folders()) {
      if (fs.existsSync(path.join(dir, 'flake.nix'))) return resolveConfiguration({ flake: dir, hostname, cwd: dir });
      if (fs.existsSync(path.join(dir, 'configuration.nix'))) return resolveConfiguration({ configDir: dir, hostname, cwd: dir });
    }
    return resolveConfiguration({ hostname });
  };

  const loadLive = () => {
    const wanted = server.trusted && server.settings.knowledgeLive;
    const t = wanted ? target() : undefined;
    const key = JSON.stringify([t, server.settings.nixPath]);
    if (wanted && key === liveKey && live) return;
    live?.abort();
    live = undefined;
    liveKey = key;
    if (!wanted || !t) {
      // (reload has just built the index: a second build only when a live layer goes)
      if (layers.delete('live')) rebuild();
      announce({ source: 'live', state: 'off', detail: server.trusted ? 'Turned off (nixHumanity.knowledge.live).' : 'Only in a trusted workspace: trust it to read your own system.' });
      return;
    }
    const controller = (live = new AbortController());
    announce({ source: 'live', state: 'loading', detail: 'Evaluating your system in the background.' });
    void (async () => {
      const progress = await server.connection.window.createWorkDoneProgress().catch(() => undefined);
      progress?.begin('NixOS options', undefined, 'Reading your system', true);
      const cancelled = progress?.token.onCancellationRequested(() => controller.abort());
      try {
        const loaded = await loadLiveLayer({
          target: t,
          cacheDir: knowledgeCacheDir(),
          run: { nixPath: server.settings.nixPath, signal: controller.signal },
          onProgress: (message) => progress?.report(message),
        });
        if (controller !== live) return;
        for (const note of loaded.notes) server.connection.console.info(note);
        if (loaded.layer) {
          layers.set('live', loaded.layer);
          rebuild();
        }
        announce(loaded.state);
      } finally {
        cancelled?.dispose();
        progress?.done();
      }
    })();
  };

  return {
    reload() {
      if (!layers.has('embedded')) loadEmbedded();
      loadFile();
      server.workspace.rescan();
      loadWorkspace(true);
      rebuild();
      loadLive();
    },
    moduleChanged(file) {
      if (file) {
        modules.invalidate(file);
        // (at once: a symbol query before the refresh below walks, and the refresh reuses it)
        server.workspace.rescan();
      }
      const rescan = file !== undefined || pendingRescan;
      pendingRescan = rescan;
      if (refresh) clearTimeout(refresh);
      refresh = setTimeout(() => {
        refresh = undefined;
        pendingRescan = false;
        // The index is rebuilt only when the declared options changed, not on every keystroke.
        if (loadWorkspace(rescan)) rebuild();
      }, 300);
      refresh.unref?.();
    },
    states: () => ORDER.flatMap((s) => states.get(s) ?? []),
    stop() {
      live?.abort();
      converting?.cancel();
      converting = undefined;
      if (refresh) clearTimeout(refresh);
    },
  };
}
