import { mount } from 'svelte';
import App from './App.svelte';
import { setupI18n } from './i18n/index.ts';

// Dictionaries are bundled, so the first render already has its text.
setupI18n();

const target = document.getElementById('app');
if (!target) throw new Error('index.html must contain #app');

export default mount(App, { target });
