export type { Backend } from './backend';
export { backendContext, getBackend, setBackend } from './context';
