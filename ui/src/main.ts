import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import OutsideTauri from './lib/app/OutsideTauri.svelte';
import { backendContext } from './lib/backend';
import { tauriBackend } from './lib/backend/tauri';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// Tauri injects __TAURI_INTERNALS__ before any page script runs; a plain browser has no backend.
const app =
  '__TAURI_INTERNALS__' in window
    ? mount(App, { target, context: backendContext(tauriBackend) })
    : mount(OutsideTauri, { target });

export default app;
