// The session's set-up and what changes it: initialize (trust, settings,
// folders), the trust notification, settings changes, and the builtin docs
// read from the configured `nix` once the folder is trusted.
import type { InitializeParams, InitializeResult } from 'vscode-languageserver';
import { VERSION } from '../version';
import { TRUST_CHANGED, type InitializationOptions, type TrustChangedParams } from '../protocol/messages.js';
import { readSettings, type Settings } from './settings.js';
import { capabilities } from './capabilities.js';
import type { ServerState } from './serverState.js';
import type { KnowledgeSources } from './knowledgeSources.js';
import { embeddedKnowledge, knowledgeFromDump } from '../knowledge/builtins.js';

// (runs `nix` only in a trusted folder: required then, not at every start)
const builtinsDump = () => require('../system/builtinsDump') as typeof import('../system/builtinsDump.js');

/** `republish`: diagnostics are run again for a document (the settings changed). */
export function registerConfiguration(server: ServerState, republish: (uri: string) => void, sources?: KnowledgeSources): void {
  const { connection } = server;
  let knowledgeLoad: AbortController | undefined;
  const loadKnowledge = () => {
    // Running the configured `nix` is only allowed once the user trusts the folder.
    if (!server.trusted) return;
    knowledgeLoad?.abort();
    const load = (knowledgeLoad = new AbortController());
    const nixPath = server.settings.nixPath;
    void builtinsDump().dumpBuiltins(nixPath, load.signal).then((json) => {
      if (load.signal.aborted) return;
      if (json) {
        server.knowledge = knowledgeFromDump(json);
        connection.console.info(`Builtin documentation read from ${server.settings.nixPath} (${server.knowledge.builtins.size} builtins).`);
      } else {
        // Drop docs read from a previously configured nix: what the log says is what is served.
        server.knowledge = embeddedKnowledge();
        connection.console.info(`Could not run \`${server.settings.nixPath} __dump-builtins\`; using the embedded builtin documentation.`);
      }
    });
  };

  const applySettings = (next: Settings) => {
    const changed = JSON.stringify(next) !== JSON.stringify(server.settings);
    if (!changed) return;
    const nixChanged = next.nixPath !== server.settings.nixPath;
    server.settings = next;
    server.host.clear();
    server.workspace.clear();
    if (nixChanged) loadKnowledge();
    sources?.reload();
    for (const doc of server.documents.all()) republish(doc.uri);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    server.trusted = options.trusted === true;
    if (options.settings !== undefined) server.settings = readSettings(options.settings);
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    server.workspace.setFolders(folders);
    return {
      capabilities: capabilities(),
      serverInfo: { name: 'nix-humanity', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(`nix-humanity ${VERSION} ready (${server.trusted ? 'trusted' : 'untrusted'} workspace).`);
    loadKnowledge();
    sources?.reload();
  });

  connection.onNotification(TRUST_CHANGED, (params: TrustChangedParams) => {
    const was = server.trusted;
    server.trusted = params.trusted === true;
    if (server.trusted && !was) {
      loadKnowledge();
      sources?.reload();
    }
  });

  connection.onDidChangeConfiguration((params) => applySettings(readSettings(params.settings)));
}
