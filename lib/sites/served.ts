/**
 * The sites the running content script serves. In the extension every adapter file is built into
 * a content script of its own, and modules/site-scripts.ts replaces this module in that build with
 * the file's adapters only; anywhere else (type checks, the entrypoint's options read at build time,
 * tests) it is the whole registry.
 */
export { ADAPTERS as SERVED_ADAPTERS } from './registry';
