// Vite bundles imported CSS into the page's stylesheet; to TypeScript it is an opaque module.
declare module '*.css';
