// One validator per kind of untrusted value. Every entry point (contract method,
// helper operation, file import) calls these; the helper calls them again.
export * from './common';
export * from './key';
export * from './names';
export * from '../ip/parse';
export * from './numbers';
export * from './endpoint';
export * from './dns';
