import { render } from 'preact';
import { startApi } from './api';
import { App } from './app';
import { setLocale } from './i18n';
import { readBootstrap } from './session';
import './styles.css';

const session = readBootstrap();
setLocale(session.locale);
startApi(session);
render(<App session={session} />, document.getElementById('app')!);
