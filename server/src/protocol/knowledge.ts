// What the server tells the client about its NixOS knowledge sources, for the language status item.

/** One source's state (the same shape as the server's SourceState). */
export interface KnowledgeSourceState {
  source: 'embedded' | 'options.json' | 'workspace' | 'live';
  state: 'loading' | 'ready' | 'failed' | 'off';
  /** A sentence: what it holds or why it failed, and what to do. */
  detail: string;
  options?: number;
  packages?: number;
}

export interface KnowledgeStateParams {
  sources: KnowledgeSourceState[];
}
