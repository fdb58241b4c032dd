// Injected into the UI chunk by sdk/build.mjs: the UI's JSX compiles to Preact's h(type, props,
// ...children), which is about 90 B gzip smaller there than the automatic runtime's calls (they spell
// out `children:` in every element's props). Type-checking still uses the automatic runtime; both build
// the same virtual nodes.
export { Fragment, h } from 'preact';
