import { render } from 'preact';
import { startApi } from './api.js';
import { App } from './app.js';
import { setLocale } from './i18n/index.js';
import { readBootstrap } from './session.js';
import './styles.css';

const session = readBootstrap();
setLocale(session.locale);
startApi(session);
render(<App session={session} />, document.getElementById('app')!);
