// The analysis of a Nix file: name resolution over its syntax tree (which
// definition each variable reference means), kept up to date across edits,
// and what the editor features ask of it. Pure: text in, plain data out.
// What each room holds:
//   model.ts            the Analysis and its Scopes, Definitions, References
//   resolver.ts         name resolution of a fresh tree (analyze)
//   reanalysis.ts       the incremental redo after a re-parse
//   queries.ts          the name at an offset, its definition, the scope there
//   liveness.ts         which let bindings are unused
//   baseEnvironment.ts  the names Nix binds before any scope of the file
//   treeReads.ts        allocation-free reads of a node's children
export { isGlobalName, GLOBAL_NAMES } from './baseEnvironment.js';
export {
  syntaxOnly,
  seenNodes,
  type Analysis,
  type Definition,
  type DefinitionKind,
  type Reference,
  type Resolution,
  type Scope,
  type ScopeKind,
  type SeenNodes,
  type WithInfo,
} from './model.js';
export { analyze } from './resolver.js';
export { rebaseAnalysis, reanalyzeBinding, reanalyzeRun, reanalyzeParen } from './reanalysis.js';
export { nameNodeAt, symbolAt, targetDefinition, scopeAt, type SymbolAt, type NameInScope } from './queries.js';
export { liveLetDefinitions, deadDefinitions, isLetName } from './liveness.js';
export { firstPathPartName, firstExpr } from './treeReads.js';
export { attrStaticName } from '../syntax/index.js';
