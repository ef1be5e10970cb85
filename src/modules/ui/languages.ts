/** The server names the language of the page it serves; the pages import the same list from here. */
export { LANGUAGES, languageOf, type Language } from '../../common/languages.js';
