// The shared protocol: types and message declarations only, imported by system, lsp, cli and
// the client. It imports nothing of ours but itself.
export * from './diagnostics';
export * from './knowledge';
export * from './messages';
export * from './operations';
export * from './plan';
export * from './rebuild';
export * from './intent';
export * from './systemRun';
export * from './serverProcess';
export * from './askpass';
