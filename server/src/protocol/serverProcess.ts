// How the language server's Node is started, shared by the client that starts it and the
// benchmark that measures it (bench/lsp.ts), so both run the same process.

/**
 * Node options for the server. A young generation of 2 MiB semi-spaces instead of Node 20's
 * 16 MiB: the server's live heap is about 30 MiB with a 10 000-line file open, and what it
 * allocates per keystroke dies young, but under a burst of allocation (opening a large file,
 * loading the knowledge data) the young generation grows to its maximum and stays committed:
 * 134 -> 112 MiB resident with the corpus and the 10 000-line file open (docs/results/lsp.md).
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=2'];
