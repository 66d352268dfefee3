/** `@aspf/shared/protocol`: the wire contract between the server and its clients (docs/PROTOCOL.md). */
export * from './messages.ts';
export * from './http.ts';
export * from './table.ts';
export * from './secrecy.ts';
